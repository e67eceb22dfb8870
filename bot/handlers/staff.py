"""Reviewers in Telegram: /queue, a filing's pages, documents, changes and history, and every
decision of the life cycle. Only REVIEWER_IDS may act; every button carries the filing version
the reviewer saw, and a decision on a filing that changed since is refused."""

from __future__ import annotations

import logging
from html import escape

from aiogram import Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramForbiddenError
from aiogram.filters import Command
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
)
from sqlalchemy.orm.exc import StaleDataError

from bot.callbacks import StaffCb, key_token
from bot.conversation import Turn, conclude
from bot.edits import edit_text
from bot.i18n import Raw, tr
from bot.render.fit import shorten_html
from bot.render.question import plain
from bot.render.staff import (
    QUEUE_ACT,
    QUEUE_PAGE,
    messages,
    render_ask_note,
    render_changes,
    render_filing,
    render_history,
    render_pick_target,
    render_pick_template,
    render_queue,
    target_options,
)
from bot.render.values import slot_label
from bot.sandbox.rules import MAX_CAPTION
from bot.workflow import act, confirm_sms, verification_owners
from dialogs import engine, lifecycle
from dialogs.corrections import changes
from dialogs.lifecycle import Action, Actor, Reason, Refusal
from dialogs.messages import Msg
from storage import repo, reviews
from storage.models import Document, Filing, ReviewDraft

log = logging.getLogger(__name__)

# Buttons that decide something: refused when the filing changed since the view was rendered.
DECISIONS = frozenset({"a", "r", "vp", "vf", "ta", "so", "aa", "ar"})
# Reason-picking steps belong to a decision in progress, checked against its version.
PICKING = frozenset({"t", "tp", "m", "x", "k", "q"})
ACTION_OF = {"r": Action.REJECT, "ar": Action.AUTHORITY_REJECT, "vf": Action.VERIFY_FAIL,
             "aa": Action.AUTHORITY_APPROVE}
# The most filings /queue reads; its pages show `QUEUE_PAGE` of them at a time.
QUEUE_LIMIT = 1000


def _actor_ref(turn: Turn, user_id: int) -> str:
    return f"reviewer:{user_id}"


async def cmd_queue(message: Message, turn: Turn) -> None:
    if message.from_user is None or not turn.services.is_reviewer(message.from_user.id):
        await message.answer(tr(turn.texts, "staff-only"))
        return
    await _queue(turn, 0)


async def _queue(turn: Turn, page: int, message_id: int | None = None) -> None:
    """A page of the queue: a new message, or the tapped queue message shown again."""
    filings = await reviews.queue(turn.session, limit=QUEUE_LIMIT)
    rendered = render_queue(turn.texts, filings, turn.clock, page, per_page=QUEUE_PAGE)
    markup = rendered.markup if isinstance(rendered.markup, InlineKeyboardMarkup) else None
    if message_id is None or not await edit_text(turn, message_id, rendered.text, markup):
        await turn.bot.send_message(turn.chat_id, rendered.text, reply_markup=markup)


async def _send_long(turn: Turn, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """A view that can outgrow one message: in as many as it needs, buttons on the last."""
    for part in messages(text, markup):
        await turn.bot.send_message(turn.chat_id, part.text, reply_markup=part.markup)


async def _show(turn: Turn, filing: Filing, page: int = 0) -> None:
    assert filing.id is not None
    before = await reviews.previous_submission(turn.session, filing.id)
    changed = len(changes(before, filing.answers, turn.clock.today())) if before else 0
    rendered = render_filing(turn.texts, filing, turn.clock, page, changed)
    markup = rendered.markup if isinstance(rendered.markup, InlineKeyboardMarkup) else None
    await _send_long(turn, rendered.text, markup)


async def _send_documents(turn: Turn, filing: Filing, reviewer_id: int) -> None:
    """The filing's documents as albums (photos) and files (PDF originals), always to the
    reviewer in private: they carry ID photos, which never go into a review group."""
    ids: list[tuple[str, int]] = []
    today = turn.clock.today()
    for slot in engine.applicable(filing.answers, today):
        value = filing.answers.get(slot.key)
        if slot.kind.value != "document" or not value:
            continue
        for ref in value if isinstance(value, list) else [value]:
            ids.append((slot_label(turn.texts, slot), int(ref["id"])))
    for owner in verification_owners(filing):
        doc_id = ((filing.progress or {}).get("verification") or {}).get(owner.key)
        if doc_id:
            ids.append((tr(turn.texts, "target-verification_photo")
                        + f" · {escape(owner.name, quote=False)}", int(doc_id)))
    if not ids:
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "staff-no-documents"))
        return
    in_group = turn.chat_id != reviewer_id
    try:
        await _send_document_files(turn, reviewer_id, ids)
    except TelegramForbiddenError:  # the reviewer never opened a private chat with the bot
        await turn.bot.send_message(turn.chat_id, tr(turn.texts,
                                                     "staff-documents-need-private-chat"))
        return
    if in_group:
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "staff-documents-sent-privately",
                                                     number=filing.number or ""))


async def _send_document_files(turn: Turn, chat_id: int, ids: list[tuple[str, int]]) -> None:
    """`ids`: each document's label (HTML) and id; the label is its caption, shortened to fit."""
    media: list[InputMediaPhoto] = []
    for label, doc_id in ids:
        document = await turn.session.get(Document, doc_id)
        if document is None:
            continue
        path = document.normalized_path or document.path
        content = turn.services.files.read(path)
        caption = shorten_html(label, MAX_CAPTION)
        if document.normalized_path or document.mime.startswith("image/"):
            media.append(InputMediaPhoto(media=BufferedInputFile(content, f"{doc_id}.jpg"),
                                         caption=caption))
        else:
            await turn.bot.send_document(chat_id, BufferedInputFile(content, f"{doc_id}.pdf"),
                                         caption=caption)
    for start in range(0, len(media), 10):  # Telegram albums hold at most 10 items
        await turn.bot.send_media_group(chat_id, media[start:start + 10])


async def _decide(turn: Turn, filing: Filing, action: Action, user_id: int, *,
                  reasons: list[Reason] | None = None, numbers: dict[str, str] | None = None,
                  expected_version: int | None = None) -> bool:
    """Apply a decision; tell the reviewer the outcome (or why not). True when it took."""
    filing_id, number = filing.id, filing.number  # still readable after a rollback
    try:
        result = await act(turn.session, turn.services, filing, action, actor=Actor.REVIEWER,
                           actor_ref=_actor_ref(turn, user_id), reasons=reasons or [],
                           numbers=numbers, expected_version=expected_version)
        if isinstance(result, Refusal):
            await turn.rollback(filing)
            await turn.bot.send_message(turn.chat_id, tr(turn.texts, "error-line",
                                                         text=Raw(tr(turn.texts, result.msg))))
            return False
        await turn.commit()
    except StaleDataError:
        # Another reviewer decided first: one decision wins, this one is told.
        await turn.rollback()
        fresh = await turn.session.get(Filing, filing_id, populate_existing=True)
        await turn.bot.send_message(turn.chat_id, tr(
            turn.texts, "staff-decided-elsewhere", number=number or "",
            status=Msg(f"status-{fresh.status if fresh else 'submitted'}")))
        return False
    turn.services.sender.wake()
    await turn.bot.send_message(turn.chat_id, tr(turn.texts, "staff-done",
                                                 number=filing.number or "",
                                                 status=Msg(f"status-{filing.status}")))
    return True


async def on_staff_button(query: CallbackQuery, callback_data: StaffCb, turn: Turn) -> None:
    user_id = query.from_user.id
    if not turn.services.is_reviewer(user_id):
        log.warning("refused a reviewer button pressed by a non-reviewer (user %s)", user_id)
        await query.answer(plain(tr(turn.texts, "staff-only")), show_alert=True)
        return
    if callback_data.act == QUEUE_ACT:  # a page of the queue: about no filing
        await query.answer()
        page = int(callback_data.arg) if callback_data.arg.isdigit() else 0
        tapped = query.message.message_id if isinstance(query.message, Message) else None
        return await _queue(turn, page, tapped)
    filing = await turn.session.get(Filing, callback_data.filing)
    if filing is None:
        await query.answer(plain(tr(turn.texts, "stale-button")))
        return
    act_code, arg = callback_data.act, callback_data.arg
    if act_code in DECISIONS and callback_data.v != filing.version:
        await query.answer(plain(tr(turn.texts, "staff-changed")), show_alert=True)
        return await _show(turn, filing)
    await query.answer()

    if act_code == "o":
        return await _show(turn, filing)
    if act_code == "p" and arg.isdigit():
        return await _show(turn, filing, int(arg))
    if act_code == "d":
        return await _send_documents(turn, filing, user_id)
    if act_code == "c":
        assert filing.id is not None
        before = await reviews.previous_submission(turn.session, filing.id) or {}
        diff = changes(before, filing.answers, turn.clock.today())
        await _send_long(turn, render_changes(turn.texts, filing, diff))
        return None
    if act_code == "h":
        history = await repo.events(turn.session, filing.id or 0)
        await _send_long(turn, render_history(turn.texts, filing, history, turn.clock))
        return None
    if act_code == "a":
        await _decide(turn, filing, Action.APPROVE, user_id, expected_version=callback_data.v)
        return None
    if act_code == "vp":
        await _decide(turn, filing, Action.VERIFY_PASS, user_id,
                      expected_version=callback_data.v)
        return None
    if act_code == "ta":
        await _decide(turn, filing, Action.TO_AUTHORITY, user_id,
                      expected_version=callback_data.v)
        return None
    if act_code == "so" and arg.isdigit():
        owners = ((filing.progress or {}).get("sms") or {}).get("owners", [])
        if int(arg) < len(owners):
            result = await confirm_sms(turn.session, turn.services, filing, owners[int(arg)],
                                       actor=Actor.REVIEWER,
                                       actor_ref=_actor_ref(turn, user_id))
            if await conclude(turn, result):
                return await _show(turn, filing)
        return None
    if act_code in ACTION_OF:
        return await _start_decision(turn, filing, act_code, user_id)
    if act_code in PICKING:
        return await _picking(turn, filing, act_code, arg, user_id)
    return None


async def _start_decision(turn: Turn, filing: Filing, act_code: str, user_id: int) -> None:
    action = ACTION_OF[act_code]
    if action is Action.AUTHORITY_APPROVE:
        await reviews.start_review_draft(turn.session, user_id, filing, action.value,
                                         {"step": "numbers"})
        await turn.commit()
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "staff-ask-numbers",
                                                     number=filing.number or ""))
        return
    if action is Action.VERIFY_FAIL:
        await reviews.start_review_draft(turn.session, user_id, filing, action.value,
                                         {"step": "template", "target": "verification_photo"})
        await turn.commit()
        rendered = render_pick_template(turn.texts, filing,
                                        tr(turn.texts, "target-verification_photo"),
                                        lifecycle.templates_for("verification_photo"))
        await turn.bot.send_message(turn.chat_id, rendered.text, reply_markup=rendered.markup)
        return
    await reviews.start_review_draft(turn.session, user_id, filing, action.value,
                                     {"step": "target", "page": 0})
    await turn.commit()
    rendered = render_pick_target(turn.texts, filing, turn.clock, [], 0, action.value)
    await turn.bot.send_message(turn.chat_id, rendered.text, reply_markup=rendered.markup)


async def _picking(turn: Turn, filing: Filing, act_code: str, arg: str, user_id: int) -> None:
    assert filing.id is not None
    draft = await reviews.review_draft(turn.session, user_id, filing.id)
    if draft is None:
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "stale-button"))
        return
    if draft.filing_version != filing.version:
        await reviews.drop_review_draft(turn.session, draft)
        await turn.commit()
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "staff-changed"))
        return await _show(turn, filing)
    reasons = [Reason.from_json(r) for r in draft.reasons]
    action = draft.action
    if act_code == "q":
        await reviews.drop_review_draft(turn.session, draft)
        await turn.commit()
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "staff-cancelled"))
        return None
    if act_code == "k":
        decided = await _decide(turn, filing, Action(action), user_id, reasons=reasons,
                                expected_version=draft.filing_version)
        if decided:
            fresh = await reviews.review_draft(turn.session, user_id, filing.id)
            if fresh is not None:
                await reviews.drop_review_draft(turn.session, fresh)
                await turn.commit()
        return None
    if act_code == "tp" and arg.isdigit():
        reviews.touch(draft, step="target", page=int(arg))
        await turn.commit()
        rendered = render_pick_target(turn.texts, filing, turn.clock, reasons, int(arg), action)
    elif act_code == "t":
        slot = next((s for k, s in target_options(filing, turn.clock) if key_token(k) == arg),
                    None)
        if slot is None:
            await turn.bot.send_message(turn.chat_id, tr(turn.texts, "stale-button"))
            return None
        reviews.touch(draft, step="template", target=slot.key)
        await turn.commit()
        rendered = render_pick_template(turn.texts, filing, slot_label(turn.texts, slot),
                                        lifecycle.templates_for(slot.key))
    elif act_code == "m" and arg in lifecycle.REASON_TEMPLATES:
        reviews.touch(draft, step="note", template=arg)
        await turn.commit()
        rendered = render_ask_note(turn.texts, filing)
    elif act_code == "x":
        await _add_reason(turn, filing, draft, "")
        return None
    else:
        return None
    await turn.bot.send_message(turn.chat_id, rendered.text, reply_markup=rendered.markup)
    return None


async def _add_reason(turn: Turn, filing: Filing, draft: ReviewDraft, note: str) -> None:
    reason = Reason(draft.state["target"], draft.state["template"], note)
    draft.reasons = [*draft.reasons, reason.to_json()]
    reviews.touch(draft, step="target")
    await turn.commit()
    reasons = [Reason.from_json(r) for r in draft.reasons]
    rendered = render_pick_target(turn.texts, filing, turn.clock, reasons,
                                  int(draft.state.get("page", 0)), draft.action)
    await turn.bot.send_message(turn.chat_id, rendered.text, reply_markup=rendered.markup)


async def on_staff_text(message: Message, turn: Turn) -> None:
    """Typed text from a reviewer who is in the middle of a decision (a note, a number);
    anything else goes on to the applicant handlers."""
    user = message.from_user
    if user is None or not turn.services.is_reviewer(user.id) or not message.text \
            or message.text.startswith("/"):
        raise SkipHandler
    draft = await reviews.pending_input(turn.session, user.id)
    if draft is None:
        raise SkipHandler
    filing = await turn.session.get(Filing, draft.filing_id)
    if filing is None:
        raise SkipHandler
    if draft.state.get("step") == "note":
        return await _add_reason(turn, filing, draft, message.text.strip()[:500])
    if await _decide(turn, filing, Action.AUTHORITY_APPROVE, user.id,
                     numbers={"subject": message.text}, expected_version=draft.filing_version):
        await reviews.drop_review_draft(turn.session, draft)
        await turn.commit()
    else:
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "staff-ask-numbers",
                                                     number=filing.number or ""))
    return None


def build_router() -> Router:
    """A fresh router (a router attaches to one dispatcher only)."""
    router = Router(name="staff")
    router.message.register(cmd_queue, Command("queue"))
    router.message.register(on_staff_text)
    router.callback_query.register(on_staff_button, StaffCb.filter())
    return router
