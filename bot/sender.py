"""Sends the outbox: claims due rows atomically, sends them, records what Telegram said.

Telegram's answers decide what happens to a row: accepted → sent (with its message id);
429 → retried after `retry_after`; network errors and 5xx → retried with capped exponential
backoff; 403 (the user blocked the bot) → the applicant is marked unreachable and nothing more is
sent to them; any other 400 → a dead letter with the error, logged.
"""

from __future__ import annotations

import logging
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
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from storage import outbox
from storage.models import Applicant, Outbox

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
BACKOFF_BASE = timedelta(seconds=2)
BACKOFF_CAP = timedelta(minutes=10)
MAX_ATTEMPTS = 12


class OutboxSender:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock,
                 settings: Settings) -> None:
        self.sessionmaker = sessionmaker
        self.clock = clock
        self.settings = settings

    async def flush(self, bot: Bot, limit: int = 200) -> int:
        """Send every due row (up to `limit`); returns how many were sent."""
        now = self.clock.now()
        async with self.sessionmaker() as session:
            await outbox.release_expired_leases(session, now)
            ids = await outbox.due(session, now, limit)
            await session.commit()
        sent = 0
        for outbox_id in ids:
            sent += await self.send_one(bot, outbox_id)
        return sent

    async def send_one(self, bot: Bot, outbox_id: int) -> int:
        async with self.sessionmaker() as session:
            row = await outbox.claim(session, outbox_id, self.clock.now(), LEASE)
            await session.commit()
        if row is None:  # another worker claimed it
            return 0
        try:
            message_id = await self._deliver(bot, row)
        except TelegramRetryAfter as exc:
            await self._later(row, timedelta(seconds=exc.retry_after), "429 retry_after")
            return 0
        except TelegramForbiddenError as exc:
            await self._unreachable(row, str(exc.message))
            return 0
        except TelegramBadRequest as exc:
            log.error("outbox %s dead: %s", row.id, exc.message)
            async with self.sessionmaker() as session:
                await outbox.mark_dead(session, row.id or 0, f"400 {exc.message}")
                await session.commit()
            return 0
        except (TelegramNetworkError, TelegramServerError) as exc:
            delay = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** max(0, row.attempts - 1)))
            if row.attempts >= MAX_ATTEMPTS:
                async with self.sessionmaker() as session:
                    await outbox.mark_dead(session, row.id or 0, f"gave up: {exc}")
                    await session.commit()
                return 0
            await self._later(row, delay, f"{type(exc).__name__}: {exc}")
            return 0
        async with self.sessionmaker() as session:
            await outbox.mark_sent(session, row.id or 0, self.clock.now(), message_id)
            await session.commit()
        return 1

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
        log.warning("chat of outbox %s blocked the bot", row.id)
        async with self.sessionmaker() as session:
            await outbox.mark_dead(session, row.id or 0, f"403 {error}")
            await outbox.drop_pending_for_chat(session, row.chat_id, "403: unreachable")
            await session.execute(update(Applicant).where(Applicant.telegram_id == row.chat_id)
                                  .values(unreachable=True))
            await session.commit()
