"""Pushes written to the outbox in the caller's transaction: to the applicant and to reviewers,
each rendered in the recipient's language.

Every push is queued, even to a person who blocked the bot: it is then held, and sent (if it
still matters) when they come back. A text longer than a Telegram message becomes several rows of
the same chat, in order, cut where the HTML allows (`bot.render.fit`), the keyboard on the last.
Each row records what it is about (`about` in its payload): the filing's status when it was
queued, the reminder it came from, the blocked person it warns of, whether it is the applicant's
— so that the sender and `bot.reachability` can tell whether it still matters.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Texts
from bot.render.fit import split_html
from bot.sandbox.rules import TelegramError
from storage import outbox, repo
from storage.models import Applicant, Filing

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

# Builds the message for one recipient: (HTML text, inline keyboard or None).
Build = Callable[[Texts], tuple[str, InlineKeyboardMarkup | None]]


def _markup(markup: InlineKeyboardMarkup | None) -> dict[str, Any] | None:
    return markup.model_dump(exclude_none=True) if markup is not None else None


def part_key(dedupe_key: str, index: int) -> str:
    """The dedupe key of the `index`-th part (from 0) of a notice split in several messages."""
    return dedupe_key if index == 0 else f"{dedupe_key}#{index + 1}"


async def push(session: AsyncSession, services: Services, *, chat_id: int, kind: str,
               dedupe_key: str, build: Build, filing_id: int | None,
               language: str | None = None, about: dict[str, Any] | None = None) -> bool:
    """Queue one notice for `chat_id` (held while its person is unreachable); False if it was
    queued before."""
    if chat_id < 0:  # a group: it may have become a supergroup since it was configured
        chat_id = await outbox.resolve_chat(session, chat_id)
        person = None
    else:
        person = await repo.applicant_by_telegram_id(session, chat_id)
    texts = services.texts(language or (person.language if person is not None else "zh"))
    text, markup = build(texts)
    try:
        parts = split_html(text)
    except TelegramError:  # our own HTML is broken: Telegram will say so, as a dead letter
        log.exception("notice %s does not parse as Telegram HTML", kind)
        parts = [text]
    held = person is not None and person.unreachable
    extra = {"about": about} if about else None
    queued = False
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        queued |= await outbox.enqueue(
            session, chat_id=chat_id, kind=kind, dedupe_key=part_key(dedupe_key, index),
            text=part, reply_markup=_markup(markup) if last else None, filing_id=filing_id,
            now=services.clock.now(), extra=extra, held=held)
    return queued


async def to_applicant(session: AsyncSession, services: Services, filing: Filing, kind: str,
                       occasion: str, build: Build, *, reminder_id: int | None = None) -> None:
    """`occasion` makes the dedupe key: the same notice for the same event is queued once."""
    applicant = await session.get(Applicant, filing.applicant_id)
    if applicant is None:
        return
    about: dict[str, Any] = {"to": "applicant", "status": filing.status}
    if reminder_id is not None:
        about["reminder"] = reminder_id
    await push(session, services, chat_id=applicant.telegram_id, kind=kind,
               dedupe_key=f"{filing.id}:{kind}:{occasion}:{applicant.telegram_id}",
               build=build, filing_id=filing.id, language=applicant.language, about=about)


def reviewer_chats(services: Services) -> list[int]:
    """The reviewers' private chats, then the review group (as configured; `push` follows a
    group that became a supergroup)."""
    chats = list(services.settings.reviewer_ids)
    if services.settings.review_chat_id is not None:
        chats.append(services.settings.review_chat_id)
    return chats


async def to_reviewers(session: AsyncSession, services: Services, filing: Filing, kind: str,
                       occasion: str, build: Build, *, reminder_id: int | None = None,
                       about: dict[str, Any] | None = None,
                       exclude: Collection[int] = ()) -> None:
    facts: dict[str, Any] = {"status": filing.status, **(about or {})}
    if reminder_id is not None:
        facts["reminder"] = reminder_id
    for chat_id in reviewer_chats(services):
        if chat_id in exclude:
            continue
        await push(session, services, chat_id=chat_id, kind=kind,
                   dedupe_key=f"{filing.id}:{kind}:{occasion}:{chat_id}", build=build,
                   filing_id=filing.id, about=facts)


async def to_staff(session: AsyncSession, services: Services, kind: str, occasion: str,
                   build: Build, *, about: dict[str, Any] | None = None,
                   exclude: Collection[int] = (), private_only: bool = False) -> None:
    """A push to every reviewer that is about no filing (a reviewer or the group is gone)."""
    for chat_id in reviewer_chats(services):
        if chat_id in exclude or (private_only and chat_id < 0):
            continue
        await push(session, services, chat_id=chat_id, kind=kind,
                   dedupe_key=f"staff:{kind}:{occasion}:{chat_id}", build=build,
                   filing_id=None, about=about)
