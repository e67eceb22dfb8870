"""Pushes written to the outbox in the caller's transaction: to the applicant and to reviewers,
each rendered in the recipient's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Texts
from storage import outbox, repo
from storage.models import Applicant, Filing

if TYPE_CHECKING:
    from bot.services import Services

# Builds the message for one recipient: (HTML text, inline keyboard or None).
Build = Callable[[Texts], tuple[str, InlineKeyboardMarkup | None]]


async def _language(session: AsyncSession, telegram_id: int) -> str:
    person = await repo.applicant_by_telegram_id(session, telegram_id)
    return person.language if person is not None else "zh"


def _markup(markup: InlineKeyboardMarkup | None) -> dict[str, Any] | None:
    return markup.model_dump(exclude_none=True) if markup is not None else None


async def push(session: AsyncSession, services: Services, *, chat_id: int, kind: str,
               dedupe_key: str, build: Build, filing_id: int | None,
               language: str | None = None) -> bool:
    texts = services.texts(language or await _language(session, chat_id))
    text, markup = build(texts)
    return await outbox.enqueue(session, chat_id=chat_id, kind=kind, dedupe_key=dedupe_key,
                                text=text, reply_markup=_markup(markup), filing_id=filing_id,
                                now=services.clock.now())


async def to_applicant(session: AsyncSession, services: Services, filing: Filing, kind: str,
                       occasion: str, build: Build) -> None:
    """`occasion` makes the dedupe key: the same notice for the same event is queued once."""
    applicant = await session.get(Applicant, filing.applicant_id)
    if applicant is None or applicant.unreachable:
        return
    await push(session, services, chat_id=applicant.telegram_id, kind=kind,
               dedupe_key=f"{filing.id}:{kind}:{occasion}:{applicant.telegram_id}",
               build=build, filing_id=filing.id, language=applicant.language)


def reviewer_chats(services: Services) -> list[int]:
    chats = list(services.settings.reviewer_ids)
    if services.settings.review_chat_id is not None:
        chats.append(services.settings.review_chat_id)
    return chats


async def to_reviewers(session: AsyncSession, services: Services, filing: Filing, kind: str,
                       occasion: str, build: Build) -> None:
    for chat_id in reviewer_chats(services):
        await push(session, services, chat_id=chat_id, kind=kind,
                   dedupe_key=f"{filing.id}:{kind}:{occasion}:{chat_id}", build=build,
                   filing_id=filing.id)
