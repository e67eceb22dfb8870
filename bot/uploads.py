"""Receiving a photo or a file: acknowledge at once, check it off the event loop, store the
original and the normalized JPEG, and edit the acknowledgement with the result."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Document as TgDocument
from aiogram.types import Message, PhotoSize

from bot.conversation import Turn
from bot.i18n import Raw, tr
from dialogs.messages import Invalid, Msg
from dialogs.uploads import CheckedUpload, check_size_before_download, check_upload
from dialogs.verification_form import is_generated_form
from storage import repo
from storage.models import Document, Filing

log = logging.getLogger(__name__)


def _source(message: Message) -> tuple[PhotoSize | TgDocument | None, str]:
    if message.photo:
        return message.photo[-1], "photo"
    return message.document, "file"


async def _edit(turn: Turn, message_id: int, text: str) -> None:
    try:
        await turn.bot.edit_message_text(text=text, chat_id=turn.chat_id, message_id=message_id)
    except TelegramBadRequest as exc:
        log.debug("upload acknowledgement not edited: %s", exc.message)


# Heavy work (image checks, the 核验单 PDF) runs in worker processes: decoding and measuring a
# 12 MP photo holds the interpreter lock for part of its ~60 ms, and fontTools is pure Python;
# in a thread either slowed every other person's reply (bench/upload_load.py). One process per
# core left over from the event loop.
_POOL: ProcessPoolExecutor | None = None


def check_pool() -> ProcessPoolExecutor:
    global _POOL
    if _POOL is None:
        workers = max(1, (os.cpu_count() or 2) - 1)
        _POOL = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
    return _POOL


def _check(content: bytes, slot: str, max_pages: int) -> tuple[CheckedUpload, str]:
    """Blocking: runs in the worker process. The check and the content hash."""
    if slot.endswith(".verification_form") and is_generated_form(content):
        # The unsigned form we sent, sent straight back: it must be printed and signed first.
        raise Invalid("err-form-not-signed")
    return check_upload(content, max_pages=max_pages), hashlib.sha256(content).hexdigest()


async def receive_file(message: Message, turn: Turn, filing: Filing, slot: str, *,
                       label: str = "", max_pages: int = 1) -> Document | None:
    """The stored document, or None when the file was refused (the applicant has been told
    why, in the acknowledgement message)."""
    source, kind = _source(message)
    if source is None:
        return None
    try:
        check_size_before_download(source.file_size)
    except Invalid as refused:
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "error-line",
                                                     text=Raw(tr(turn.texts, refused.msg))))
        return None
    ack = await turn.bot.send_message(turn.chat_id, tr(turn.texts, "upload-checking"))
    buffer = io.BytesIO()
    await turn.bot.download(source.file_id, destination=buffer)
    content = buffer.getvalue()
    try:
        loop = asyncio.get_running_loop()
        checked, digest = await loop.run_in_executor(check_pool(), _check, content, slot,
                                                     max_pages)
    except Invalid as refused:
        await _edit(turn, ack.message_id, tr(turn.texts, "error-line",
                                             text=Raw(tr(turn.texts, refused.msg))))
        return None
    assert filing.id is not None
    document = await repo.document_by_hash(turn.session, filing.id, digest)
    if document is None:  # the same file sent twice is stored once
        files = turn.services.files
        original = await asyncio.to_thread(files.save, content, checked.kind.suffix)
        page = checked.pages[0]
        normalized = await asyncio.to_thread(files.save, page.jpeg, "jpg")
        document = await repo.add_document(
            turn.session, filing.id, slot, original, mime=checked.kind.mime, source=kind,
            width=page.width, height=page.height)
        document.normalized_path = normalized.path
        await turn.session.flush()
    log.info("document stored for %s slot %s", filing.number, slot)
    await _edit(turn, ack.message_id, tr(turn.texts, "upload-accepted",
                                         label=Raw(label) if label else Msg("upload-document")))
    return document
