"""Replies shared by several handlers: no filing yet, filing not editable, an old button."""

from __future__ import annotations

from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import MenuCb
from bot.conversation import Turn, editable, load, show_current, shown_after
from bot.i18n import tr
from bot.render.question import plain
from dialogs.engine import Draft
from dialogs.messages import Msg
from storage.models import Filing


def menu_button(turn: Turn, label: str, act: str, arg: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text=plain(tr(turn.texts, label)),
                                callback_data=MenuCb(act=act, arg=arg).pack())


async def no_filing(turn: Turn) -> None:
    markup = InlineKeyboardMarkup(inline_keyboard=[[menu_button(turn, "btn-start-filing",
                                                                "new")]])
    await turn.bot.send_message(turn.chat_id, tr(turn.texts, "no-filing"), reply_markup=markup)


async def not_editable(turn: Turn, filing: Filing) -> None:
    await turn.bot.send_message(
        turn.chat_id,
        tr(turn.texts, "filing-not-editable", number=filing.number or "",
           status=Msg(f"status-{filing.status}")),
    )


async def editable_filing(turn: Turn) -> tuple[Filing, Draft] | None:
    """The applicant's open filing when they may change it; otherwise they are told why (no
    filing yet, or one under review) and None comes back."""
    loaded = await load(turn)
    if loaded is None:
        await no_filing(turn)
        return None
    if not editable(loaded[0]):
        await not_editable(turn, loaded[0])
        return None
    return loaded


async def stale_button(query: CallbackQuery, turn: Turn,
                       loaded: tuple[Filing, Draft] | None) -> None:
    """A button from an old message: say so, and show where the applicant actually is (unless
    the current question is already on screen below it: a double tap's second tap)."""
    await query.answer(plain(tr(turn.texts, "stale-button")))
    if loaded is None:
        return await no_filing(turn)
    filing, draft = loaded
    if not editable(filing):
        return await not_editable(turn, filing)
    if not shown_after(filing, draft, query.message.message_id if query.message else None):
        await show_current(turn, filing, draft)
    return None
