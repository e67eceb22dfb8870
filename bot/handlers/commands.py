"""Commands and the menus around the form: /start /new /continue /status /edit /cancel
/language /help."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext

from bot.callbacks import MenuCb
from bot.conversation import Turn, editable, load, move, show_current, start_filing
from bot.edits import edit_markup
from bot.handlers.common import editable_filing, menu_button, no_filing, not_editable
from bot.i18n import LANGUAGES, tr
from bot.render.status import render_status
from dialogs import engine
from dialogs.status import FilingStatus
from storage import repo

MENU_ACTS = frozenset({"new", "continue", "status", "cancel", "cancel_yes", "cancel_no", "lang"})


async def cmd_start(message: Message, turn: Turn) -> None:
    loaded = await load(turn)
    if loaded is not None and loaded[0].status == FilingStatus.DRAFT:
        button = menu_button(turn, "btn-continue-filing", "continue")
    elif loaded is not None:
        button = menu_button(turn, "btn-show-status", "status")
    else:
        button = menu_button(turn, "btn-start-filing", "new")
    await message.answer(tr(turn.texts, "welcome"),
                         reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]))


async def cmd_help(message: Message, turn: Turn) -> None:
    await message.answer(tr(turn.texts, "help"))


async def _new(turn: Turn) -> None:
    loaded = await load(turn)
    if loaded is None:
        filing, draft = await start_filing(turn)
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "filing-started",
                                                     number=filing.number or ""))
        return await show_current(turn, filing, draft)
    filing, _draft = loaded
    if filing.status == FilingStatus.DRAFT:
        markup = InlineKeyboardMarkup(inline_keyboard=[
            [menu_button(turn, "btn-continue-filing", "continue")],
            [menu_button(turn, "btn-discard-and-new", "cancel")],
        ])
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "draft-exists",
                                                     number=filing.number or ""),
                                    reply_markup=markup)
        return None
    return await not_editable(turn, filing)


async def _continue(turn: Turn) -> None:
    loaded = await editable_filing(turn)
    if loaded is None:
        return None
    filing, draft = loaded
    return await show_current(turn, filing, draft)


async def _status(turn: Turn) -> None:
    assert turn.applicant.id is not None
    filing = await repo.latest_filing(turn.session, turn.applicant.id)
    if filing is None:
        return await no_filing(turn)
    history = await repo.events(turn.session, filing.id or 0)
    rendered = render_status(turn.texts, filing, history, turn.clock)
    await turn.bot.send_message(turn.chat_id, rendered.text, reply_markup=rendered.markup)
    return None


async def _ask_cancel(turn: Turn) -> None:
    loaded = await load(turn)
    if loaded is None:
        return await no_filing(turn)
    filing, _ = loaded
    if filing.status != FilingStatus.DRAFT:
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "cancel-not-draft",
                                                     number=filing.number or ""))
        return None
    markup = InlineKeyboardMarkup(inline_keyboard=[[
        menu_button(turn, "btn-cancel-yes", "cancel_yes", str(filing.id)),
        menu_button(turn, "btn-cancel-no", "cancel_no"),
    ]])
    await turn.bot.send_message(turn.chat_id, tr(turn.texts, "cancel-confirm",
                                                 number=filing.number or ""),
                                reply_markup=markup)
    return None


async def _cancel(turn: Turn, filing_id: str) -> None:
    loaded = await load(turn)
    if loaded is None or str(loaded[0].id) != filing_id:
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "stale-button"))
        return None
    filing, _ = loaded
    if filing.status != FilingStatus.DRAFT:
        return await not_editable(turn, filing)
    await repo.set_status(turn.session, filing, FilingStatus.CANCELLED, turn.actor,
                          kind="cancelled", now=turn.clock.now())
    await turn.commit()
    markup = InlineKeyboardMarkup(inline_keyboard=[[menu_button(turn, "btn-start-filing", "new")]])
    await turn.bot.send_message(turn.chat_id, tr(turn.texts, "cancelled",
                                                 number=filing.number or ""),
                                reply_markup=markup)
    return None


async def _edit(turn: Turn) -> None:
    loaded = await editable_filing(turn)
    if loaded is None:
        return None
    filing, draft = loaded
    return await move(turn, filing, engine.go_to(draft, engine.REVIEW, turn.clock.today()))


async def _language_menu(turn: Turn) -> None:
    markup = InlineKeyboardMarkup(inline_keyboard=[[
        menu_button(turn, f"language-{code}", "lang", code) for code in LANGUAGES
    ]])
    await turn.bot.send_message(turn.chat_id, tr(turn.texts, "language-choose"),
                                reply_markup=markup)


async def cmd_new(message: Message, turn: Turn) -> None:
    await _new(turn)


async def cmd_continue(message: Message, turn: Turn) -> None:
    await _continue(turn)


async def cmd_status(message: Message, turn: Turn) -> None:
    await _status(turn)


async def cmd_edit(message: Message, turn: Turn) -> None:
    await _edit(turn)


async def cmd_cancel(message: Message, turn: Turn) -> None:
    await _ask_cancel(turn)


async def cmd_language(message: Message, turn: Turn) -> None:
    await _language_menu(turn)


async def cmd_unknown(message: Message, turn: Turn) -> None:
    await message.answer(tr(turn.texts, "unknown-command"))


async def on_menu(query: CallbackQuery, callback_data: MenuCb, turn: Turn,
                  i18n: I18nContext) -> None:
    await query.answer()
    if query.message is not None:
        await edit_markup(turn, query.message.message_id, None)
    act = callback_data.act
    if act == "new":
        await _new(turn)
    elif act == "continue":
        await _continue(turn)
    elif act == "status":
        await _status(turn)
    elif act == "cancel":
        await _ask_cancel(turn)
    elif act == "cancel_yes":
        await _cancel(turn, callback_data.arg)
    elif act == "cancel_no":
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "cancel-kept"))
        await _continue(turn)
    elif act == "lang" and callback_data.arg in LANGUAGES:
        # turn.texts is this I18nContext: from here on it speaks the new language.
        await i18n.set_locale(callback_data.arg, applicant=turn.applicant)
        await turn.commit()
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "language-set"))
        loaded = await load(turn)
        if loaded is not None and editable(loaded[0]):
            await show_current(turn, *loaded)


def build_router() -> Router:
    """A fresh router (a router attaches to one dispatcher only)."""
    router = Router(name="commands")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(cmd_start, CommandStart())
    router.message.register(cmd_help, Command("help"))
    router.message.register(cmd_new, Command("new"))
    router.message.register(cmd_continue, Command("continue"))
    router.message.register(cmd_status, Command("status"))
    router.message.register(cmd_edit, Command("edit"))
    router.message.register(cmd_cancel, Command("cancel"))
    router.message.register(cmd_language, Command("language"))
    router.message.register(cmd_unknown, F.text.startswith("/"))
    router.callback_query.register(on_menu, MenuCb.filter(F.act.in_(MENU_ACTS)))
    return router
