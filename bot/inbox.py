"""Handling the inbox: each person's updates one at a time, in order, exactly once.

`InboxWorker.accept` stores updates (committed before the caller confirms them to Telegram);
`run` hands them to the aiogram Dispatcher lane by lane — a lane is one person, so two quick taps
are handled one after the other while other people proceed in parallel. The handler's effects
and the row's `applied` mark commit together (`Turn.commit`); after the replies the row is
`done`. After a crash, `pending` rows are handled as if new and `applied` rows are only answered
(the effects are in; the person is shown where they stand). A lost database connection leaves
the row open to be handled again from the start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from storage import inbox

log = logging.getLogger(__name__)

MAX_LANES = 32  # people handled at the same time; more wait for a free lane
MAX_ATTEMPTS = 4  # for transient failures (a lost database connection)
RETRY_DELAYS = (0.2, 1.0, 3.0)
POLL_INTERVAL = 2.0  # rows stored by another process (a webhook replica) are seen this late


@dataclass
class Job:
    """What the update path knows about the inbox row it was fed from."""

    update_id: int
    replay: bool  # the row was `applied` before a crash: answer only, apply nothing
    attempts: int = 0  # earlier attempts that failed on a transient error
    applied: bool = False  # the `applied` mark is in the session (Turn.commit)
    finished: bool = False  # marked done in the handler's last transaction
    transient: BaseException | None = None  # the error handler asks for another attempt
    error: str | None = None  # what failed, when the error handler gave up on the update
    replied: bool = False  # the handler returned: only closing the row was left
    # The "⏳ 正在检查…" of an upload, kept for the next attempt after a transient failure, so
    # the person sees one acknowledgement that turns into "✅ 已收到", not one per attempt.
    ack_message_id: int | None = None


class InboxWorker:
    def __init__(self, dp: Dispatcher, bot: Bot,
                 sessionmaker: async_sessionmaker[AsyncSession], clock: Clock, *,
                 lanes: int = MAX_LANES, retry_delays: Sequence[float] = RETRY_DELAYS) -> None:
        self.dp = dp
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.clock = clock
        self.lanes = lanes
        self.retry_delays = tuple(retry_delays) or (0.0,)
        self.active: dict[int, asyncio.Task[None]] = {}
        self._wakeup = asyncio.Event()
        self._stopping = False

    # --- intake -----------------------------------------------------------------------------
    async def accept(self, updates: Sequence[dict[str, Any]]) -> int:
        """Store updates durably; only after this returns may their delivery be confirmed."""
        if not updates:
            return 0
        async with self.sessionmaker() as session:
            stored = await inbox.accept(session, updates, self.clock.now())
            await session.commit()
        self.wake()
        return stored

    def wake(self) -> None:
        self._wakeup.set()

    # --- handling ---------------------------------------------------------------------------
    async def run(self) -> None:
        """Hand open rows to lanes until `stop`; rows left by a crash are found first."""
        while not self._stopping:
            self._wakeup.clear()
            try:
                await self._start_lanes()
            except Exception:  # the database is unreachable: try again shortly
                log.exception("inbox: could not look for updates")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), POLL_INTERVAL)

    async def drain(self) -> None:
        """Handle every open row and return (tests; a one-off catch-up). A lane that ended in
        something other than an ordinary exception (the process is going down) ends it."""
        while True:
            started = await self._start_lanes()
            if not self.active:
                if not started:
                    return
                continue
            ended = await asyncio.gather(*self.active.values(), return_exceptions=True)
            fatal = next((e for e in ended if isinstance(e, BaseException)
                          and not isinstance(e, Exception)), None)
            if fatal is not None:
                raise fatal

    async def stop(self, timeout: float = 10.0) -> None:
        """Take no new rows; let the updates in flight finish (what does not finish in time is
        handled after the restart: its row is still open)."""
        self._stopping = True
        self.wake()
        if self.active:
            _, late = await asyncio.wait(list(self.active.values()), timeout=timeout)
            for task in late:
                task.cancel()
            if late:
                log.warning("inbox: %d update(s) left for the next start", len(late))
                await asyncio.gather(*late, return_exceptions=True)

    async def _start_lanes(self) -> int:
        free = self.lanes - len(self.active)
        if free <= 0 or self._stopping:
            return 0
        async with self.sessionmaker() as session:
            lanes = await inbox.lanes_with_work(session, self.lanes + len(self.active))
        started = 0
        for lane in lanes:
            if lane in self.active or len(self.active) >= self.lanes:
                continue
            task = asyncio.create_task(self._lane(lane), name=f"inbox-lane-{lane}")
            self.active[lane] = task
            task.add_done_callback(lambda _t, lane=lane: self._lane_done(lane))
            started += 1
        return started

    def _lane_done(self, lane: int) -> None:
        self.active.pop(lane, None)
        self.wake()  # a lane is free: other people may be waiting

    async def _lane(self, lane: int) -> None:
        failures = 0
        acks: dict[int, int] = {}  # update id → its upload acknowledgement, across attempts
        while not self._stopping:
            try:
                async with self.sessionmaker() as session:
                    row = await inbox.head_of_lane(session, lane)
            except Exception:  # the database is unreachable: `run` comes back to this lane
                log.exception("inbox: lane %s could not be read", lane)
                return
            if row is None:
                return
            job = Job(row.update_id, replay=row.status == inbox.APPLIED, attempts=row.attempts,
                      ack_message_id=acks.pop(row.update_id, None))
            if await self._handle(job, row.payload):
                failures = 0
                continue
            if job.ack_message_id is not None:
                acks[row.update_id] = job.ack_message_id
            failures += 1
            await asyncio.sleep(self.retry_delays[min(failures, len(self.retry_delays)) - 1])

    async def _handle(self, job: Job, payload: dict[str, Any]) -> bool:
        """Feed one row to the dispatcher; True when the row is closed."""
        update_id = job.update_id
        failure: BaseException | None = None
        try:
            update = Update.model_validate(payload, context={"bot": self.bot})
            await self.dp.feed_update(self.bot, update, job=job)
        except Exception as exc:  # the error handler answers users; this is what it could not
            log.exception("update %s could not be handled", update_id)
            failure = exc
        if job.finished:
            return True
        try:
            return await self._close(job, failure)
        except Exception:  # the database is still away: the row stays open, tried again
            log.warning("update %s: could not record its outcome yet", update_id, exc_info=True)
            return False

    async def _close(self, job: Job, failure: BaseException | None) -> bool:
        """After a failure: count a transient one (False: try the update again), or close the
        row. When only closing it had failed (the handler had replied), it is closed now rather
        than handled again, which would show the person their question a second time."""
        async with self.sessionmaker() as session:
            if job.transient is not None and not job.replied:
                attempts = await inbox.count_attempt(session, job.update_id,
                                                     type(job.transient).__name__)
                await session.commit()
                if attempts < MAX_ATTEMPTS:
                    log.warning("update %s: %s, attempt %d of %d", job.update_id,
                                type(job.transient).__name__, attempts, MAX_ATTEMPTS)
                    return False
            error = type(failure).__name__ if failure is not None else job.error
            await inbox.mark_done(session, job.update_id, self.clock.now(),
                                  status=inbox.FAILED if error else inbox.DONE, error=error)
            await session.commit()
        return True
