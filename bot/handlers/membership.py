"""A person blocks or unblocks the bot (`my_chat_member` in their private chat): pushes to them
are held while they cannot be reached and released, still relevant ones only, when they return.
Any message from a person also counts as returning (`ApplicantMiddleware`)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import ChatMemberUpdated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.reachability import person_blocked, person_returned
from bot.services import Services

GONE = frozenset({"kicked", "left"})


async def on_my_chat_member(event: ChatMemberUpdated, session: AsyncSession,
                            services: Services) -> None:
    person = event.from_user.id
    if event.new_chat_member.status in GONE:
        await person_blocked(session, services, person)
        await session.commit()
    elif await person_returned(session, services, person):
        await session.commit()
        services.sender.wake()


def build_router() -> Router:
    """A fresh router (a router attaches to one dispatcher only)."""
    router = Router(name="membership")
    router.my_chat_member.register(on_my_chat_member, F.chat.type == ChatType.PRIVATE)
    return router
