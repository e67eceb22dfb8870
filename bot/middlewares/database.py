"""Hands every handler a database session and the applicant row, and closes the update's inbox
row in the update's last transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update, User

from bot.reachability import person_returned
from storage import inbox, repo

if TYPE_CHECKING:
    from bot.inbox import Job
    from bot.services import Services


class DbSessionMiddleware(BaseMiddleware):
    """One session per update. After the handler, whatever it left uncommitted (a first-time
    applicant row, a language change) commits together with the inbox row's `done` mark."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        job: Job | None = data.get("job")
        async with self.services.sessionmaker() as session:
            data["session"] = session
            result = await handler(event, data)
            if job is not None:
                job.replied = True
                await inbox.mark_done(session, job.update_id, self.services.clock.now())
            await session.commit()
            if job is not None:
                job.finished = True
            if data.get("wake_sender"):
                self.services.sender.wake()
            return result


class ApplicantMiddleware(BaseMiddleware):
    """Loads (or creates) the applicant for the person behind the update. A person who writes
    to the bot can be reached again: notices held while they had blocked it are released."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None and not user.is_bot:
            session = data["session"]
            applicant = await repo.get_or_create_applicant(session, user.id, user.language_code)
            data["applicant"] = applicant
            if applicant.unreachable and isinstance(event, Update) and \
                    event.my_chat_member is None and \
                    await person_returned(session, self.services, user.id):
                data["wake_sender"] = True  # what was held for them goes out after the commit
        return await handler(event, data)
