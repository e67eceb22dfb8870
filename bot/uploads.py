"""Receiving a photo or a file: say it is being checked, check it off the event loop, store the
original and the normalized JPEG — and say "received" only once the document is committed.

The order matters for a crash: files are written, the document row is added in the update's
transaction, the caller commits, and only then is the acknowledgement edited to "✅ 已收到". Files
of an upload that never committed are removed at once when the update fails, and by the orphan
sweep at start-up after a crash (`storage.sweep`).
"""

from __future__ import annotations

import asyncio
import io
import logging
from dataclasses import dataclass

from aiogram.types import Document as TgDocument
from aiogram.types import Message, PhotoSize

from bot.conversation import Turn
from bot.edits import edit_text
from bot.heavy import check_file
from bot.i18n import Raw, tr
from bot.workers import default_pool
from dialogs.messages import Invalid, Msg
from dialogs.uploads import check_size_before_download
from storage import repo
from storage.models import Document, Filing
from storage.sweep import remove_file

log = logging.getLogger(__name__)


@dataclass
class Received:
    """A checked file, stored and added to the update's transaction (not yet committed)."""

    document: Document
    ack_message_id: int
    new: bool  # stored by this update (not the same content sent before)


def _source(message: Message) -> tuple[PhotoSize | TgDocument | None, str]:
    if message.photo:
        return message.photo[-1], "photo"
    return message.document, "file"


def _error_text(turn: Turn, msg: Msg) -> str:
    return tr(turn.texts, "error-line", text=Raw(tr(turn.texts, msg)))


async def receive_file(message: Message, turn: Turn, filing: Filing, slot: str, *,
                       max_pages: int = 1) -> Received | None:
    """The stored document, or None when the file was refused (the applicant has been told
    why, in the acknowledgement message). The caller commits, then calls `acknowledge`."""
    source, kind = _source(message)
    if source is None:
        return None
    try:
        check_size_before_download(source.file_size)
    except Invalid as refused:
        await turn.bot.send_message(turn.chat_id, _error_text(turn, refused.msg))
        return None
    job = turn.job
    ack_id = job.ack_message_id if job is not None else None
    if ack_id is None:  # a second attempt after a lost connection reuses the first's message
        ack_id = (await turn.bot.send_message(turn.chat_id,
                                              tr(turn.texts, "upload-checking"))).message_id
        if job is not None:
            job.ack_message_id = ack_id
    buffer = io.BytesIO()
    await turn.bot.download(source.file_id, destination=buffer)
    try:
        checked, digest = await default_pool().run(check_file, buffer.getvalue(), slot, max_pages)
    except Invalid as refused:
        await edit_text(turn, ack_id, _error_text(turn, refused.msg))
        return None
    assert filing.id is not None
    document = await repo.document_by_hash(turn.session, filing.id, digest)
    if document is not None:  # the same file sent twice is stored once
        return Received(document, ack_id, new=False)
    files = turn.services.files
    # The original without location and device data (dialogs.uploads); its hash is of what the
    # person sent, so the same file sent again finds this document.
    original = await asyncio.to_thread(files.save, checked.original, checked.original_kind.suffix)
    turn.new_files.append(original.path)
    page = checked.pages[0]
    normalized = await asyncio.to_thread(files.save, page.jpeg, "jpg")
    turn.new_files.append(normalized.path)
    document = await repo.add_document(
        turn.session, filing.id, slot, original, mime=checked.original_kind.mime, source=kind,
        width=page.width, height=page.height, sha256=digest)
    document.normalized_path = normalized.path
    await turn.session.flush()
    log.info("document checked for %s slot %s", filing.number, slot)
    return Received(document, ack_id, new=True)


async def acknowledge(turn: Turn, received: Received, label: str) -> None:
    """After the commit: the acknowledgement becomes "✅ 已收到：…"."""
    await edit_text(turn, received.ack_message_id,
                    tr(turn.texts, "upload-accepted",
                       label=Raw(label) if label else Msg("upload-document")))


async def refuse_upload(turn: Turn, received: Received, msg: Msg) -> None:
    """The form did not take the document (it no longer fits the question): its row and its
    files go, and the acknowledgement says why."""
    if received.new:
        await turn.session.delete(received.document)
        await turn.session.flush()
        discard_new_files(turn)
    await edit_text(turn, received.ack_message_id, _error_text(turn, msg))


def discard_new_files(turn: Turn) -> None:
    """Files written during an update that did not commit them."""
    for path in turn.new_files:
        remove_file(turn.services.files, path)
    turn.new_files.clear()
