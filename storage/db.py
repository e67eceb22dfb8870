"""Database engine and sessions.

SQLite (the default) gets WAL, foreign keys and a busy timeout on every connection, so readers do
not block the writer and two processes on one file wait for each other instead of failing.

The database holds ID and phone numbers: its file is 0600 (made so before SQLite opens it, an
older one is changed; SQLite gives its `-wal` and `-shm` files the database file's mode), and a
directory made for it is 0700.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.files import FILE_MODE, private_directory

SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")

log = logging.getLogger(__name__)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def private_database_file(path: Path) -> None:
    """Make the SQLite file `path` (and its directory) readable by this user only: created 0600
    if missing, changed to 0600 if not, and the same for `-wal`, `-shm` and `-journal` files an
    earlier run left behind."""
    private_directory(path.parent)
    os.close(os.open(path, os.O_RDONLY | os.O_CREAT, FILE_MODE))  # an empty file is an empty db
    for target in (path, *(path.with_name(path.name + side) for side in SQLITE_SIDE_FILES)):
        try:
            os.chmod(target, FILE_MODE)
        except FileNotFoundError:
            continue
        except PermissionError:  # owned by someone else: say so, the database still opens
            log.warning("cannot make %s private (mode 0600): not its owner", target)


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """The engine for `url`. Every dialect gets `pool_pre_ping`: a pooled connection that the
    server closed while it sat idle (a restart, a failover, an idle timeout) is noticed when
    it is taken from the pool and replaced, instead of failing the update that took it."""
    parsed = make_url(url)
    kwargs.setdefault("pool_pre_ping", True)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        uri = str(parsed.query.get("uri", "")).lower() in ("true", "1")
        if database and database != ":memory:" and not uri and not database.startswith("file:"):
            private_database_file(Path(database))
        kwargs.setdefault("connect_args", {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    engine = create_async_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: handlers commit, then render from the objects they hold.
    return async_sessionmaker(engine, expire_on_commit=False)
