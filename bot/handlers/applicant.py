"""The applicant's side of the life cycle: corrections after a rejection, withdrawal, the
verification photos of the authenticity check, and the MIIT SMS confirmations."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot import workflow
from bot.callbacks import MenuCb, SmsCb
from bot.conversation import Turn, conclude, editable, load, show_current
from bot.edits import edit_markup
from bot.handlers.common import menu_button, no_filing, not_editable
from bot.i18n import Raw, tr
from bot.render.notices import sms_buttons
from bot.render.question import plain
from bot.uploads import acknowledge, receive_file
from dialogs.lifecycle import Action, Actor, Refusal
from dialogs.messages import Msg
from dialogs.status import FilingStatus
from storage import repo
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
    # A reviewer writing the same filing at the same moment makes the commit fail
    # (StaleDataError): the update is then handled again from the start (bot.inbox).
    result = await workflow.confirm_sms(turn.session, turn.services, filing,
                                        owners[callback_data.owner], actor=Actor.APPLICANT,
                                        actor_ref=turn.actor)
    if isinstance(result, Refusal):
        await turn.rollback(filing)
        await query.answer(plain(tr(turn.texts, result.msg)), show_alert=True)
        return
    await turn.commit()
    await query.answer(plain(tr(turn.texts, "sms-confirmed-ack")))
    if query.message is not None:
        rows = sms_buttons(turn.texts, filing)
        await edit_markup(turn, query.message.message_id,
                          InlineKeyboardMarkup(inline_keyboard=rows) if rows else None)
    turn.services.sender.wake()


async def receive_verification_photo(message: Message, turn: Turn, filing: Filing) -> None:
    """Authenticity check: one photo per distinct website owner, in order. A photo sent before
    the bot asked for the next person's is not taken as theirs."""
    people = workflow.verification_owners(filing)
    done = (filing.progress or {}).get("verification") or {}
    waiting = [o for o in people if o.key not in done]
    if not waiting:
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "verification-complete"))
        return
    person = waiting[0]
    asked = repo.get_ui(filing, "verification_prompt")
    if asked is not None and message.message_id < int(asked):
        await turn.bot.send_message(turn.chat_id, tr(
            turn.texts, "error-line", text=Raw(tr(turn.texts, "err-photo-before-prompt",
                                                  name=person.name))))
        return
    received = await receive_file(message, turn, filing, f"verify.{person.key}")
    if received is None:
        return
    assert received.document.id is not None
    await workflow.add_verification_photo(turn.session, turn.services, filing, person.key,
                                          received.document.id, turn.actor)
    await turn.commit()
    turn.services.sender.wake()
    await acknowledge(turn, received, tr(turn.texts, "verification-photo-label", name=person.name))
    if len(waiting) > 1:
        text = tr(turn.texts, "verification-next", done=person.name, next=waiting[1].name)
    else:
        text = tr(turn.texts, "verification-all-received", done=Raw(tr(
            turn.texts, "verification-person", name=person.name)))
    prompt = await turn.bot.send_message(turn.chat_id, text)
    repo.set_ui(filing, verification_prompt=prompt.message_id)
    await turn.commit()


def build_router() -> Router:
    """A fresh router (a router attaches to one dispatcher only)."""
    router = Router(name="applicant")
    router.callback_query.register(on_lifecycle_menu, MenuCb.filter(F.act.in_(LIFECYCLE_ACTS)))
    router.callback_query.register(on_sms_done, SmsCb.filter())
    return router


__all__ = ["Msg", "build_router", "receive_verification_photo"]
