"""The applicant's side of the life cycle: corrections after a rejection, withdrawal, the
verification photos of the authenticity check, and the MIIT SMS confirmations."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.orm.exc import StaleDataError

from bot import workflow
from bot.callbacks import MenuCb, SmsCb
from bot.conversation import Turn, conclude, editable, load, show_current
from bot.handlers.common import menu_button, no_filing, not_editable
from bot.i18n import Raw, tr
from bot.render.notices import sms_buttons
from bot.render.question import plain
from bot.uploads import receive_file
from dialogs.lifecycle import Action, Actor, Refusal
from dialogs.messages import Msg
from dialogs.status import FilingStatus
from storage.models import Filing

log = logging.getLogger(__name__)

LIFECYCLE_ACTS = frozenset({"correct", "withdraw", "withdraw_yes"})


async def on_lifecycle_menu(query: CallbackQuery, callback_data: MenuCb, turn: Turn) -> None:
    await query.answer()
    loaded = await load(turn)
    if loaded is None:
        return await no_filing(turn)
    filing, draft = loaded
    if callback_data.act == "correct":
        if not editable(filing):
            return await not_editable(turn, filing)
        return await show_current(turn, filing, draft)
    if filing.status != FilingStatus.SUBMITTED:
        return await not_editable(turn, filing)
    if callback_data.act == "withdraw":
        markup = InlineKeyboardMarkup(inline_keyboard=[[
            menu_button(turn, "btn-withdraw-yes", "withdraw_yes"),
            menu_button(turn, "btn-cancel-no", "status"),
        ]])
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "withdraw-confirm",
                                                     number=filing.number or ""),
                                    reply_markup=markup)
        return None
    await conclude(turn, await workflow.act(turn.session, turn.services, filing,
                                            Action.WITHDRAW, actor=Actor.APPLICANT,
                                            actor_ref=turn.actor))
    return None


async def on_sms_done(query: CallbackQuery, callback_data: SmsCb, turn: Turn) -> None:
    """"I've completed SMS verification" for one owner, pressed by the applicant."""
    loaded = await load(turn)
    if loaded is None or loaded[0].id != callback_data.filing:
        log.warning("SMS confirmation for a filing that is not the presser's (user %s)",
                    turn.applicant.telegram_id)
        await query.answer(plain(tr(turn.texts, "stale-button")), show_alert=True)
        return
    filing = loaded[0]
    owners = ((filing.progress or {}).get("sms") or {}).get("owners", [])
    if callback_data.owner >= len(owners):
        await query.answer(plain(tr(turn.texts, "stale-button")))
        return
    try:
        result = await workflow.confirm_sms(turn.session, turn.services, filing,
                                            owners[callback_data.owner], actor=Actor.APPLICANT,
                                            actor_ref=turn.actor)
        if isinstance(result, Refusal):
            await turn.session.rollback()
            await query.answer(plain(tr(turn.texts, result.msg)), show_alert=True)
            return
        await turn.session.commit()
    except StaleDataError:
        await turn.session.rollback()
        await query.answer(plain(tr(turn.texts, "err-concurrent-change")), show_alert=True)
        return
    await query.answer(plain(tr(turn.texts, "sms-confirmed-ack")))
    if query.message is not None:
        rows = sms_buttons(turn.texts, filing)
        await turn.bot.edit_message_reply_markup(
            chat_id=turn.chat_id, message_id=query.message.message_id,
            reply_markup=InlineKeyboardMarkup(inline_keyboard=rows) if rows else None)
    await turn.services.sender.flush(turn.bot)


async def receive_verification_photo(message: Message, turn: Turn, filing: Filing) -> None:
    """Authenticity check: one photo per distinct website owner, in order."""
    people = workflow.verification_owners(filing)
    received = (filing.progress or {}).get("verification") or {}
    waiting = [o for o in people if o.key not in received]
    if not waiting:
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "verification-complete"))
        return
    document = await receive_file(message, turn, filing, f"verify.{waiting[0].key}")
    if document is None:
        return
    assert document.id is not None
    await workflow.add_verification_photo(turn.session, turn.services, filing, waiting[0].key,
                                          document.id, turn.actor)
    await turn.session.commit()
    await turn.services.sender.flush(turn.bot)
    if len(waiting) > 1:
        text = tr(turn.texts, "verification-next", done=waiting[0].name, next=waiting[1].name)
    else:
        text = tr(turn.texts, "verification-all-received", done=Raw(tr(
            turn.texts, "verification-person", name=waiting[0].name)))
    await turn.bot.send_message(turn.chat_id, text)


def build_router() -> Router:
    """A fresh router (a router attaches to one dispatcher only)."""
    router = Router(name="applicant")
    router.callback_query.register(on_lifecycle_menu, MenuCb.filter(F.act.in_(LIFECYCLE_ACTS)))
    router.callback_query.register(on_sms_done, SmsCb.filter())
    return router


__all__ = ["Msg", "build_router", "receive_verification_photo"]
