"""Editing a message the bot sent, where "nothing to change" is not an error.

Telegram answers 400 "message is not modified" when an edit changes nothing (a double tap on a
page button, a menu tapped twice) and "message to edit not found" / "message can't be edited"
when it is gone or too old. None of these is worth an apology: the person already sees what the
edit would have shown, or the message is no longer there to fix.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup

if TYPE_CHECKING:
    from bot.conversation import Turn

log = logging.getLogger(__name__)

HARMLESS = ("message is not modified", "message to edit not found", "message can't be edited",
            "message to delete not found")


def harmless(error: TelegramBadRequest) -> bool:
    return any(phrase in error.message for phrase in HARMLESS)


async def edit_text(turn: Turn, message_id: int, text: str,
                    markup: InlineKeyboardMarkup | None = None) -> bool:
    """True when the message now shows `text`."""
    try:
        await turn.bot.edit_message_text(text=text, chat_id=turn.chat_id, message_id=message_id,
                                         reply_markup=markup)
    except TelegramBadRequest as error:
        if not harmless(error):
            raise
        log.debug("message %s not edited: %s", message_id, error.message)
        return "not modified" in error.message
    return True


async def edit_markup(turn: Turn, message_id: int,
                      markup: InlineKeyboardMarkup | None) -> bool:
    """True when the message now has these buttons."""
    try:
        await turn.bot.edit_message_reply_markup(chat_id=turn.chat_id, message_id=message_id,
                                                 reply_markup=markup)
    except TelegramBadRequest as error:
        if not harmless(error):
            raise
        log.debug("buttons of %s not edited: %s", message_id, error.message)
        return "not modified" in error.message
    return True
