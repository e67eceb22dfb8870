"""What no other handler takes: buttons the bot no longer knows (old, garbled or forged callback
data) and edits of messages already sent."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.conversation import Turn, editable, load
from bot.i18n import tr
from bot.render.question import plain
from storage import repo


async def on_unknown_button(query: CallbackQuery, i18n: I18nContext) -> None:
    """Answer it, so the button's spinner stops, and say it no longer works."""
    await query.answer(plain(tr(i18n, "button-outdated")))


async def on_edited_message(message: Message, turn: Turn) -> None:
    """Edits are not read (an answer is what was sent); said once per question, so that editing
    a typo twice does not fill the chat."""
    loaded = await load(turn)
    key = loaded[1].position if loaded is not None and editable(loaded[0]) else ""
    if loaded is not None and repo.get_ui(loaded[0], "edit_warned") == key:
        return
    await message.answer(tr(turn.texts, "edits-not-read"))
    if loaded is not None:
        repo.set_ui(loaded[0], edit_warned=key)
        await turn.commit()


def build_router() -> Router:
    """A fresh router (a router attaches to one dispatcher only). Included last."""
    router = Router(name="fallback")
    router.callback_query.register(on_unknown_button)
    router.edited_message.register(on_edited_message, F.chat.type == ChatType.PRIVATE)
    return router
