"""Files nobody refers to: an upload written to disk whose transaction never committed (the bot
was killed between the two). They are removed at start-up, so that no ID photo stays on disk
without a document row that says whose it is."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.files import FileStore
from storage.models import Document

log = logging.getLogger(__name__)


async def referenced_paths(session: AsyncSession) -> set[str]:
    rows = await session.execute(select(Document.path, Document.normalized_path))
    return {path for row in rows.all() for path in row if path}


async def sweep_orphans(session: AsyncSession, store: FileStore, older_than: timedelta) -> int:
    """Remove document files that no row refers to and that are older than `older_than` (a
    younger one may belong to an upload another process is committing right now)."""
    directory = store.root / "documents"
    if not directory.is_dir():
        return 0
    keep = await referenced_paths(session)
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in directory.iterdir():
        relative = str(path.relative_to(store.root))
        if relative in keep or not path.is_file() or path.stat().st_mtime > cutoff:
            continue
        path.unlink(missing_ok=True)
        removed += 1
    if removed:
        log.warning("removed %d document file(s) of uploads that never committed", removed)
    return removed


def remove_file(store: FileStore, relative: str) -> None:
    """One file of an upload that did not commit."""
    target = store.absolute(relative)
    if target.parent == store.root / "documents":
        target.unlink(missing_ok=True)
