"""Builds the `Turn` a handler works with from what the outer middlewares loaded."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat, TelegramObject

from bot.conversation import Turn
from bot.services import Services


class TurnMiddleware(BaseMiddleware):
    def __init__(self, services: Services) -> None:
        self.services = services

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        chat: Chat | None = data.get("event_chat")
        applicant = data.get("applicant")
        if chat is not None and applicant is not None:
            data["turn"] = Turn(session=data["session"], applicant=applicant, texts=data["i18n"],
                                bot=data["bot"], chat_id=chat.id, services=self.services)
        return await handler(event, data)
