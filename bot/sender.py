"""Sends the outbox: its own task, woken when rows are added; each chat's messages in order.

`run` is a loop: send what is due, then wait for `wake()` (a handler committed a notice), the
next retry time, or a short poll (rows added by another process, the CLI). Each chat with a due
head gets a worker that sends the chat's rows one after another: it claims the head (a
conditional update only one worker in any process wins, and only when no earlier row of the chat
is still waiting), waits for the chat's rate, checks the row still matters (a reminder's notice
is checked against its reminder again), waits for the shared send budget, and sends.

What Telegram answers decides what happens to the row (and only to it, or to its chat):
- accepted → sent, with its message id;
- 429 → pending until `retry_after` (not counted as an attempt); the chat waits behind it;
- 5xx, an HTML body from a proxy, network errors, timeouts, 409, anything unexpected → pending
  with capped exponential backoff (2 s, 4 s … 10 min); the chat waits behind it;
- 403 → the chat's person blocked the bot: the row and the rest of the chat are held, the person
  is marked unreachable and reviewers are told (`bot.reachability`); a group → dead letters;
- `migrate_to_chat_id` → the group became a supergroup: the alias is stored, the chat's rows move
  to the new id and are sent there;
- 401 / 404 → the bot's token (or API address) is refused: a problem of the whole bot, not of the
  row. Sending pauses (`BOT_PAUSE`), an error is logged, the row waits uncounted;
- 400, 413 → a dead letter with Telegram's words;
- the attempt cap (`MAX_ATTEMPTS`) → a dead letter.
A dead letter of a notice to an applicant always tells the reviewers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot import reachability, replies
from bot.replies import SendBudget
from storage import outbox
from storage.models import Outbox

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)  # a claimed row returns to the queue if its worker vanished
CHAT_MARGIN = 1.05  # a little under the per-chat rate, so clock jitter never makes it 2 in 1 s
MAX_TRACKED_CHATS = 10_000
MAX_WORKERS = 200  # chats sent to at the same time (the budget paces them)
BACKOFF_BASE = timedelta(seconds=2)
BACKOFF_CAP = timedelta(minutes=10)
MAX_ATTEMPTS = 12
BOT_PAUSE = timedelta(seconds=60)  # after a 401/404: the token or the API address is wrong
STOP_GRACE = 5.0  # seconds rows in flight get to finish when the sender stops
MIN_WAIT = 0.05  # seconds between two passes at least, when something is due but busy


class Outcome(Enum):
    SENT = "sent"
    SKIPPED = "skipped"  # cancelled as no longer relevant: the chat goes on
    FAILED = "failed"  # a dead letter: the chat goes on
    STOP_CHAT = "stop"  # the chat waits (retry time, blocked, moved) or the sender stops
    NOT_MINE = "not_mine"  # another worker has it


class ChatGate:
    """At most `rate` pushes a second to one chat (Telegram's per-chat limit)."""

    def __init__(self, rate: float) -> None:
        self.interval = CHAT_MARGIN / rate
        self.last: OrderedDict[int, float] = OrderedDict()

    async def wait(self, chat_id: int) -> None:
        last = self.last.get(chat_id)
        if last is not None:
            delay = last + self.interval - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)

    def sent(self, chat_id: int) -> None:
        self.last.pop(chat_id, None)
        self.last[chat_id] = time.monotonic()  # most recently used last
        while len(self.last) > MAX_TRACKED_CHATS:
            self.last.popitem(last=False)


class OutboxSender:
    """Sends due outbox rows: chats in parallel, each chat's messages in order, throttled below
    Telegram's limits (`SEND_RATE` overall, shared with replies; `CHAT_RATE` per chat)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.sessionmaker = services.sessionmaker
        self.clock = services.clock
        self.settings = services.settings
        self.gate = ChatGate(self.settings.chat_rate)
        self.capacity = max(1, min(MAX_WORKERS, int(2 * self.settings.send_rate)))
        self.poll = min(self.settings.tick_interval.total_seconds(), 5.0) or 1.0
        self.active: set[int] = set()  # chats a worker of this sender is on
        self.claimed: dict[int, bool] = {}  # rows claimed, not finished: was the call made?
        self.workers: set[asyncio.Task[int]] = set()
        self.paused_until: datetime | None = None
        self._budget = SendBudget(self.settings.send_rate)
        self._wakeup: asyncio.Event | None = None
        self._stopping = False
        self._finished: asyncio.Event | None = None  # set when `run` returns
        self._last_sweep = float("-inf")

    # --- the task ------------------------------------------------------------------------
    def wake(self) -> None:
        """Rows were committed: look now rather than at the next poll. Cheap, never blocks;
        safe from any handler (and before `run` started: then it does nothing)."""
        if self._wakeup is not None:
            self._wakeup.set()

    async def run(self, bot: Bot) -> None:
        """Send until `stop()`: what is due, then wait for `wake()`, the next retry time or the
        poll interval (rows another process added), whichever comes first."""
        self._stopping = False
        self._wakeup = asyncio.Event()
        self._finished = asyncio.Event()
        budget = self._budget_for(bot)
        try:
            while not self._stopping:
                self._wakeup.clear()
                timeout = self.poll
                try:
                    await self._housekeeping()
                    await self._dispatch(bot, budget)
                    timeout = await self._idle_time()
                except Exception:  # the database is away: try again at the next poll
                    log.exception("outbox pass failed")
                if self._stopping:
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), timeout)
        finally:
            self._finished.set()

    async def stop(self) -> None:
        """Take no new rows; let rows in flight finish (at most `STOP_GRACE`); release the
        leases of rows claimed but not sent, so nothing waits for them after a clean stop."""
        self._stopping = True
        self.wake()
        workers = list(self.workers)
        if workers:
            _, late = await asyncio.wait(workers, timeout=STOP_GRACE)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        if self.claimed:
            unsent = [i for i, called in self.claimed.items() if not called]
            in_flight = [i for i, called in self.claimed.items() if called]
            try:
                async with self.sessionmaker() as session:
                    await outbox.release_claims(session, unsent, attempted=False)
                    await outbox.release_claims(session, in_flight, attempted=True)
                    await session.commit()
                self.claimed.clear()
            except Exception:  # their leases will expire instead
                log.exception("could not release claimed outbox rows")
        if self._finished is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._finished.wait(), STOP_GRACE)

    async def flush(self, bot: Bot, limit: int = 1000) -> int:
        """Send what is due now (up to about `limit` rows) and return how many were sent."""
        budget = self._budget_for(bot)
        await self._housekeeping(force=True)
        sent = rounds = 0
        mine: set[asyncio.Task[int]] = set()
        while True:
            if not self._stopping and sent < limit and rounds < limit:
                rounds += 1  # a row that fails to be recorded every time cannot loop forever
                mine |= await self._dispatch(bot, budget, limit - sent)
            if not mine:
                return sent
            done, mine = await asyncio.wait(mine, return_when=asyncio.FIRST_COMPLETED)
            sent += sum(task.result() for task in done)

    # --- one pass ------------------------------------------------------------------------
    def _budget_for(self, bot: Bot) -> SendBudget:
        budget = replies.budget_of(bot) or self._budget
        budget.configure(self.settings.send_rate)
        return budget

    def _paused(self) -> bool:
        return self.paused_until is not None and self.clock.now() < self.paused_until

    async def _housekeeping(self, force: bool = False) -> None:
        """Rows whose worker died return after their lease; rows held for someone who is
        reachable again (a race with their return) are released. At most once a poll."""
        if not force and time.monotonic() - self._last_sweep < self.poll:
            return
        self._last_sweep = time.monotonic()
        async with self.sessionmaker() as session:
            await outbox.release_expired_leases(session, self.clock.now())
            for chat_id in await outbox.chats_held_in_vain(session):
                await reachability.release(session, self.services, chat_id)
            await session.commit()

    async def _dispatch(self, bot: Bot, budget: SendBudget,
                        limit: int | None = None) -> set[asyncio.Task[int]]:
        """A worker for every chat whose turn it is, as many as there is room for."""
        room = self.capacity - len(self.active)
        if limit is not None:
            room = min(room, limit)
        if room <= 0 or self._paused() or self._stopping:
            return set()
        async with self.sessionmaker() as session:
            heads = await outbox.due_heads(session, self.clock.now(), room, self.active)
        started: set[asyncio.Task[int]] = set()
        for outbox_id, chat_id in heads:
            if chat_id in self.active:
                continue
            self.active.add(chat_id)
            task = asyncio.create_task(self._chat(bot, budget, chat_id, outbox_id),
                                       name=f"outbox-chat-{chat_id}")
            self.workers.add(task)
            task.add_done_callback(self.workers.discard)
            started.add(task)
        return started

    async def _idle_time(self) -> float:
        """Seconds until there may be something to do (never more than the poll)."""
        if len(self.active) >= self.capacity:
            return self.poll  # a worker that finishes wakes the loop
        now = self.clock.now()
        candidates = [self.poll]
        if self.paused_until is not None and self.paused_until > now:
            candidates.append((self.paused_until - now).total_seconds())
        else:
            async with self.sessionmaker() as session:
                due = await outbox.next_due_at(session)
            if due is not None:
                candidates.append((due - now).total_seconds())
        return max(MIN_WAIT, min(candidates))

    # --- one chat ------------------------------------------------------------------------
    async def _chat(self, bot: Bot, budget: SendBudget, chat_id: int, first: int) -> int:
        """Send the chat's rows in order while they are due; returns how many were sent."""
        sent = 0
        outbox_id: int | None = first
        try:
            with replies.pushing():
                while outbox_id is not None and not self._stopping and not self._paused():
                    outcome = await self._send(bot, budget, chat_id, outbox_id)
                    sent += outcome is Outcome.SENT
                    if outcome in (Outcome.STOP_CHAT, Outcome.NOT_MINE):
                        break
                    async with self.sessionmaker() as session:
                        outbox_id = await outbox.due_head_of(session, chat_id, self.clock.now())
        except Exception:  # the database failed: the row's lease brings it back
            log.exception("outbox worker for a chat failed")
        finally:
            self.active.discard(chat_id)
            self.wake()  # rows may have come in for this chat meanwhile
        return sent

    async def _send(self, bot: Bot, budget: SendBudget, chat_id: int,
                    outbox_id: int) -> Outcome:
        async with self.sessionmaker() as session:
            row = await outbox.claim(session, outbox_id, self.clock.now(), LEASE)
            await session.commit()
        if row is None:
            return Outcome.NOT_MINE
        row_id = row.id or 0
        self.claimed[row_id] = False
        try:
            outcome = await self._attempt(bot, budget, chat_id, row)
        except asyncio.CancelledError:
            raise  # stopping: `stop` releases what is left in `claimed`
        except Exception:
            log.exception("outbox %s: recording the outcome failed", row_id)
            await self._release(row_id)
            outcome = Outcome.STOP_CHAT
        self.claimed.pop(row_id, None)
        return outcome

    async def _attempt(self, bot: Bot, budget: SendBudget, chat_id: int,
                       row: Outbox) -> Outcome:
        row_id = row.id or 0
        await self.gate.wait(chat_id)
        if self._stopping:
            await self._release(row_id)
            return Outcome.STOP_CHAT
        if {"reminder", "blocked"} & set((row.payload or {}).get("about") or {}):
            async with self.sessionmaker() as session:
                matters = await reachability.still_relevant(session, row, self.clock.now())
                if not matters:
                    await outbox.mark_cancelled(session, [row_id], "no longer relevant")
                    await session.commit()
                    log.info("outbox %s (%s) cancelled: no longer relevant", row_id, row.kind)
                    return Outcome.SKIPPED
        await budget.push_slot()
        self.claimed[row_id] = True
        self.gate.sent(chat_id)
        try:
            message_id = await self._deliver(bot, row)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            return await self._failed(row, exc)
        async with self.sessionmaker() as session:
            await outbox.mark_sent(session, row_id, self.clock.now(), message_id)
            await session.commit()
        return Outcome.SENT

    async def _deliver(self, bot: Bot, row: Outbox) -> int | None:
        payload: dict[str, Any] = row.payload
        markup = payload.get("reply_markup")
        message = await bot.send_message(
            row.chat_id, payload["text"],
            reply_markup=InlineKeyboardMarkup.model_validate(markup) if markup else None)
        return message.message_id

    async def _release(self, row_id: int) -> None:
        async with self.sessionmaker() as session:
            await outbox.release_claims(session, [row_id], attempted=False)
            await session.commit()
        self.claimed.pop(row_id, None)

    # --- what Telegram said --------------------------------------------------------------
    async def _failed(self, row: Outbox, exc: Exception) -> Outcome:
        row_id = row.id or 0
        now = self.clock.now()
        async with self.sessionmaker() as session:
            if isinstance(exc, TelegramRetryAfter):
                await outbox.retry_later(session, row_id, now + timedelta(seconds=exc.retry_after),
                                         f"429 retry after {exc.retry_after}",
                                         count_attempt=False)
                outcome = Outcome.STOP_CHAT
            elif isinstance(exc, TelegramMigrateToChat):
                moved = await outbox.move_chat(session, row.chat_id, exc.migrate_to_chat_id, now)
                await outbox.retry_later(session, row_id, now, "moved to a supergroup",
                                         count_attempt=False)
                log.warning("chat %s became %s: %d pushes follow it", row.chat_id,
                            exc.migrate_to_chat_id, moved)
                outcome = Outcome.STOP_CHAT
            elif isinstance(exc, TelegramForbiddenError):
                await self._blocked(session, row)
                outcome = Outcome.STOP_CHAT
            elif isinstance(exc, TelegramUnauthorizedError | TelegramNotFound):
                self.paused_until = now + BOT_PAUSE
                log.error("Telegram refused the bot (%s: %s): sending paused for %s; check "
                          "BOT_TOKEN and TELEGRAM_API_BASE", type(exc).__name__, exc.message,
                          BOT_PAUSE)
                await outbox.retry_later(session, row_id, now, f"{type(exc).__name__}: bot "
                                         "refused", count_attempt=False)
                outcome = Outcome.STOP_CHAT
            elif isinstance(exc, TelegramBadRequest | TelegramEntityTooLarge):
                error = f"{400 if isinstance(exc, TelegramBadRequest) else 413} {exc.message}"
                log.error("outbox %s (%s) dead: %s", row_id, row.kind, error)
                await outbox.mark_dead(session, row_id, error)
                await reachability.undelivered(session, self.services, row,
                                               reachability.REFUSED)
                outcome = Outcome.FAILED
            else:
                outcome = await self._later(session, row, exc, now)
            await session.commit()
        if outcome is Outcome.STOP_CHAT:
            self.wake()  # e.g. a moved chat is sent to at once
        return outcome

    async def _later(self, session: AsyncSession, row: Outbox, exc: Exception,
                     now: datetime) -> Outcome:
        """A failure that may pass (5xx, network, HTML body, the unexpected): back off, up to
        the attempt cap; then a dead letter."""
        row_id = row.id or 0
        error = f"{type(exc).__name__}: {_short(exc)}"
        if not replies.is_transient(exc):
            log.warning("outbox %s: unexpected %s", row_id, type(exc).__name__, exc_info=exc)
        if row.attempts >= MAX_ATTEMPTS:
            log.error("outbox %s (%s) dead after %d attempts: %s", row_id, row.kind,
                      row.attempts, error)
            await outbox.mark_dead(session, row_id, f"gave up after {row.attempts}: {error}")
            await reachability.undelivered(session, self.services, row, reachability.GAVE_UP)
            return Outcome.FAILED
        delay = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** max(0, row.attempts - 1)))
        await outbox.retry_later(session, row_id, now + delay, error)
        return Outcome.STOP_CHAT

    async def _blocked(self, session: AsyncSession, row: Outbox) -> None:
        """403: the person blocked the bot (or a group removed it)."""
        if row.chat_id < 0:
            await outbox.kill_chat(session, row.chat_id, "403: the group removed the bot",
                                   also=row.id)
            await reachability.group_removed(session, self.services, row.chat_id)
            return
        await outbox.hold_chat(session, row.chat_id, also=row.id)
        await reachability.person_blocked(session, self.services, row.chat_id)


def _short(exc: Exception) -> str:
    """An error's first line, short: an HTML body from a proxy is not worth keeping."""
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return str(text).splitlines()[0][:200] if text else ""
