"""Answers to the current question: typed text, a shared contact, photos and files, and the
question's buttons. Each handler: load, call the engine, save, render."""

from __future__ import annotations

import logging
from functools import partial

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message

from bot.callbacks import FormCb, key_token
from bot.conversation import (
    Turn,
    editable,
    load,
    move,
    on_screen,
    respond,
    show_current,
)
from bot.edits import edit_markup
from bot.forms import is_form_slot, sent_fingerprint
from bot.handlers.applicant import receive_verification_photo
from bot.handlers.common import editable_filing, no_filing, not_editable, stale_button
from bot.i18n import tr
from bot.render.question import plain, question_markup
from bot.render.values import slot_label
from bot.uploads import acknowledge, receive_file, refuse_upload
from dialogs import engine
from dialogs.catalog import LONG_TERM
from dialogs.engine import STAGES, Draft
from dialogs.fields import Kind
from dialogs.messages import Msg
from dialogs.status import FilingStatus
from storage import repo
from storage.models import Filing

log = logging.getLogger(__name__)

MAX_PDF_PAGES = 10  # a multi-page scan can fill "other material"

# Message kinds the refusal names ("stickers are not supported here"); others are "this message".
KNOWN_CONTENT = frozenset({"sticker", "voice", "video", "video_note", "audio", "location",
                           "venue", "animation", "poll", "dice", "game", "story"})


def _not_an_answer(filing: Filing, draft: Draft) -> Msg:
    """Why a message was not taken as the answer to the current question."""
    if repo.get_ui(filing, "question_key") == draft.position:
        return Msg("err-sent-before-question")
    return Msg("err-no-question-on-screen")


async def on_text(message: Message, turn: Turn) -> None:
    loaded = await editable_filing(turn)
    if loaded is None:
        return None
    filing, draft = loaded
    today = turn.clock.today()
    text = message.text or ""
    if text.strip() == plain(tr(turn.texts, "btn-back")):  # the reply keyboard's Back button
        return await move(turn, filing, engine.back(draft, today))
    if draft.position in STAGES or engine.current_slot(draft, today) is None:
        return await show_current(turn, filing, draft, error=Msg("err-use-buttons"))
    if not on_screen(filing, draft, message.message_id):
        return await show_current(turn, filing, draft, error=_not_an_answer(filing, draft))
    await respond(turn, filing, draft, engine.answer(draft, text, today))


async def on_contact(message: Message, turn: Turn) -> None:
    loaded = await editable_filing(turn)
    if loaded is None:
        return None
    filing, draft = loaded
    today = turn.clock.today()
    slot = engine.current_slot(draft, today)
    if slot is None or slot.kind not in (Kind.MOBILE, Kind.PHONE):
        return await show_current(turn, filing, draft, error=Msg("err-contact-not-expected"))
    if not on_screen(filing, draft, message.message_id):
        return await show_current(turn, filing, draft, error=_not_an_answer(filing, draft))
    assert message.contact is not None
    await respond(turn, filing, draft, engine.answer(draft, message.contact.phone_number, today))


async def on_file(message: Message, turn: Turn) -> None:
    loaded = await load(turn)
    if loaded is None:
        return await no_filing(turn)
    filing, draft = loaded
    if filing.status == FilingStatus.VERIFYING:
        return await receive_verification_photo(message, turn, filing)
    if not editable(filing):
        return await not_editable(turn, filing)
    today = turn.clock.today()
    slot = engine.current_slot(draft, today)
    if slot is None or slot.kind is not Kind.DOCUMENT:
        return await show_current(turn, filing, draft, error=Msg("err-file-not-expected"))
    if not on_screen(filing, draft, message.message_id):
        return await show_current(turn, filing, draft, error=_not_an_answer(filing, draft))
    received = await receive_file(message, turn, filing, slot.key,
                                  max_pages=MAX_PDF_PAGES if slot.field.multiple else 1)
    if received is None:  # refused: the acknowledgement says why; the same question again
        return await show_current(turn, filing, draft)
    value: dict[str, object] = {"id": received.document.id}
    if is_form_slot(slot):  # which printed form this is: it must still match the data
        value["form"] = sent_fingerprint(filing, slot.site or 1) or ""
    outcome = engine.answer(draft, value, today)
    if outcome.accepted is None:
        await refuse_upload(turn, received, outcome.error or Msg("err-file-not-expected"))
        return await show_current(turn, filing, draft)
    # "Received" is said only once the document is committed.
    await respond(turn, filing, draft, outcome,
                  committed=partial(acknowledge, turn, received, slot_label(turn.texts, slot)))
    return None


async def on_unsupported(message: Message, turn: Turn) -> None:
    """Stickers, voice notes, locations, videos …: said plainly, and the question again."""
    loaded = await editable_filing(turn)
    if loaded is None:
        return None
    filing, draft = loaded
    content = getattr(message.content_type, "value", str(message.content_type))
    kind = content if content in KNOWN_CONTENT else "other"
    await show_current(turn, filing, draft,
                       error=Msg("err-unsupported-content", kind=Msg(f"content-{kind}")))


async def on_button(query: CallbackQuery, callback_data: FormCb, turn: Turn) -> None:
    loaded = await load(turn)
    if loaded is None or loaded[0].id != callback_data.filing or not editable(loaded[0]):
        return await stale_button(query, turn, loaded)
    filing, draft = loaded
    today = turn.clock.today()
    q = engine.question(draft, today)
    if q is None or callback_data.key != key_token(q.key) or not on_screen(
            filing, draft, query.message.message_id if query.message else None):
        return await stale_button(query, turn, loaded)
    act, val = callback_data.act, callback_data.val
    await query.answer()
    if act == "p":  # another page of a long option list: same message, new buttons
        markup = question_markup(turn.texts, q, filing.id, page=val)
        if query.message is not None:
            await edit_markup(turn, query.message.message_id, markup)
        return None
    if act == "t":  # a multi-choice tick: saved at once, shown by editing the same message
        outcome = engine.toggle(draft, q.options[val].code if val < len(q.options) else "", today)
        if outcome.error is None:
            await repo.save_draft(turn.session, filing, outcome.draft, turn.clock.now())
            await turn.commit()
            fresh = engine.question(outcome.draft, today)
            if fresh is not None and query.message is not None:
                await edit_markup(turn, query.message.message_id,
                                  question_markup(turn.texts, fresh, filing.id))
        return None
    if act == "b":
        return await move(turn, filing, engine.back(draft, today))
    if act == "a" and val < len(q.options):
        outcome = engine.answer(draft, q.options[val].code, today)
    elif act == "d":
        outcome = engine.finish(draft, today)
    elif act == "s":
        outcome = engine.skip(draft, today)
    elif act == "g" and q.suggestion is not None:
        outcome = engine.answer(draft, q.suggestion, today)
    elif act == "l":
        outcome = engine.answer(draft, LONG_TERM, today)
    else:
        return await show_current(turn, filing, draft)
    await respond(turn, filing, draft, outcome)
    return None


def build_router() -> Router:
    """A fresh router (a router attaches to one dispatcher only)."""
    router = Router(name="form")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_text, F.text)
    router.message.register(on_contact, F.contact)
    router.message.register(on_file, F.photo | F.document)
    router.message.register(on_unsupported)
    router.callback_query.register(on_button, FormCb.filter())
    return router
