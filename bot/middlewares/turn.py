"""Builds the `Turn` a handler works with from what the outer middlewares loaded; answers an
update that a crash interrupted after its effects were committed, instead of applying it again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat, TelegramObject

from bot.conversation import Turn, resume
from bot.services import Services
from bot.uploads import discard_new_files


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
        job = data.get("job")
        if chat is None or applicant is None:
            return None if job is not None and job.replay else await handler(event, data)
        turn = Turn(session=data["session"], applicant=applicant, texts=data["i18n"],
                    bot=data["bot"], chat_id=chat.id, services=self.services, job=job)
        data["turn"] = turn
        try:
            if job is not None and job.replay:
                if chat.type == "private":
                    await resume(turn)
                return None
            return await handler(event, data)
        finally:
            if turn.new_files:  # written, but the update never committed them
                await turn.rollback()
                discard_new_files(turn)
