"""Sends the outbox: claims due rows atomically, sends them, records what Telegram said.

Telegram's answers decide what happens to a row: accepted → sent (with its message id);
429 → retried after `retry_after`; network errors and 5xx → retried with capped exponential
backoff; 403 (the user blocked the bot) → the applicant is marked unreachable and nothing more is
sent to them; any other 400 → a dead letter with the error, logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup
from aiolimiter import AsyncLimiter
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from storage import outbox
from storage.models import Applicant, Outbox

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
CHAT_MARGIN = 1.05  # a little under the per-chat rate, so clock jitter never makes it 2 in 1 s
MAX_TRACKED_CHATS = 10_000
SENT_ONE, NOT_MINE, FAILED, STOP_CHAT = 1, 0, -1, -2
BACKOFF_BASE = timedelta(seconds=2)
BACKOFF_CAP = timedelta(minutes=10)
MAX_ATTEMPTS = 12


class OutboxSender:
    """Sends due outbox rows: chats in parallel, each chat's messages in order, throttled below
    Telegram's limits (`SEND_RATE` overall, `CHAT_RATE` per chat)."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock,
                 settings: Settings) -> None:
        self.sessionmaker = sessionmaker
        self.clock = clock
        self.settings = settings
        # A bucket of one message refilled every 1/rate seconds: no bursts, so any one-second
        # window holds at most `rate` (+1) messages, as Telegram counts them.
        self.overall = AsyncLimiter(1, 1 / settings.send_rate)
        self.per_chat: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self.concurrency = asyncio.Semaphore(max(1, int(settings.send_rate)))
        # Set by the services: queues the reviewers' notice about an unreachable applicant.
        self.on_unreachable: Callable[[AsyncSession, int], Awaitable[None]] | None = None

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        limiter = self.per_chat.pop(chat_id, None) or AsyncLimiter(
            1, CHAT_MARGIN / self.settings.chat_rate)
        self.per_chat[chat_id] = limiter  # most recently used last
        while len(self.per_chat) > MAX_TRACKED_CHATS:
            self.per_chat.popitem(last=False)
        return limiter

    async def flush(self, bot: Bot, limit: int = 1000) -> int:
        """Send every due row (up to `limit`); returns how many were sent."""
        now = self.clock.now()
        async with self.sessionmaker() as session:
            await outbox.release_expired_leases(session, now)
            rows = await outbox.due_with_chats(session, now, limit)
            await session.commit()
        by_chat: dict[int, list[int]] = {}
        for outbox_id, chat_id in rows:
            by_chat.setdefault(chat_id, []).append(outbox_id)
        results = await asyncio.gather(*(self._send_chat(bot, chat, ids)
                                         for chat, ids in by_chat.items()))
        return sum(results)

    async def _send_chat(self, bot: Bot, chat_id: int, ids: list[int]) -> int:
        sent = 0
        for outbox_id in ids:  # in order: a chat reads its messages as they were queued
            async with self.concurrency, self.overall, self._chat_limiter(chat_id):
                outcome = await self.send_one(bot, outbox_id)
            sent += outcome == SENT_ONE
            if outcome == STOP_CHAT:
                break  # blocked, or Telegram asked us to wait: the rest stays pending
        return sent

    async def send_one(self, bot: Bot, outbox_id: int) -> int:
        async with self.sessionmaker() as session:
            row = await outbox.claim(session, outbox_id, self.clock.now(), LEASE)
            await session.commit()
        if row is None:  # another worker claimed it
            return NOT_MINE
        try:
            message_id = await self._deliver(bot, row)
        except TelegramRetryAfter as exc:
            await self._later(row, timedelta(seconds=exc.retry_after), "429 retry_after")
            return STOP_CHAT
        except TelegramForbiddenError as exc:
            await self._unreachable(row, str(exc.message))
            return STOP_CHAT
        except TelegramBadRequest as exc:
            log.error("outbox %s dead: %s", row.id, exc.message)
            async with self.sessionmaker() as session:
                await outbox.mark_dead(session, row.id or 0, f"400 {exc.message}")
                await session.commit()
            return FAILED
        except (TelegramNetworkError, TelegramServerError) as exc:
            if row.attempts >= MAX_ATTEMPTS:
                async with self.sessionmaker() as session:
                    await outbox.mark_dead(session, row.id or 0, f"gave up: {exc}")
                    await session.commit()
                return FAILED
            delay = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** max(0, row.attempts - 1)))
            await self._later(row, delay, f"{type(exc).__name__}: {exc}")
            return STOP_CHAT
        async with self.sessionmaker() as session:
            await outbox.mark_sent(session, row.id or 0, self.clock.now(), message_id)
            await session.commit()
        return SENT_ONE

    async def _deliver(self, bot: Bot, row: Outbox) -> int | None:
        payload: dict[str, Any] = row.payload
        markup = payload.get("reply_markup")
        message = await bot.send_message(
            row.chat_id, payload["text"],
            reply_markup=InlineKeyboardMarkup.model_validate(markup) if markup else None)
        return message.message_id

    async def _later(self, row: Outbox, delay: timedelta, error: str) -> None:
        async with self.sessionmaker() as session:
            await outbox.retry_later(session, row.id or 0, self.clock.now() + delay, error)
            await session.commit()

    async def _unreachable(self, row: Outbox, error: str) -> None:
        """The user blocked the bot: mark them unreachable, stop sending to them, and tell the
        reviewers (their filing cannot go on without the applicant)."""
        log.warning("chat of outbox %s blocked the bot", row.id)
        async with self.sessionmaker() as session:
            await outbox.mark_dead(session, row.id or 0, f"403 {error}")
            await outbox.drop_pending_for_chat(session, row.chat_id, "403: unreachable")
            changed = await session.execute(
                update(Applicant).where(Applicant.telegram_id == row.chat_id,
                                        Applicant.unreachable.is_(False))
                .values(unreachable=True))
            if changed.rowcount and row.filing_id is not None and self.on_unreachable:
                await self.on_unreachable(session, row.filing_id)
            await session.commit()
