"""The tick: one APScheduler interval job that fires due reminders into the outbox.

Nothing lives only in APScheduler's memory: reminders and messages are rows, so a restart loses
nothing (what fell due while the bot was down is handled at the first tick: late, but once), and
several processes may tick on one database (rows are claimed with conditional updates). The tick
never waits on sending: it wakes the outbox sender, which runs as its own task, so a backlog of
pushes cannot hold the reminders back (nor the reminders a backlog).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.reminders import fire
from bot.services import Services
from storage import outbox

log = logging.getLogger(__name__)

REMINDER_BATCH = 500


@dataclass
class TickReport:
    fired: int = 0
    moved: int = 0
    cancelled: int = 0
    sent: int = 0  # always 0: sending is the sender task's (kept for bench/reminders_tick.py)


class Ticker:
    def __init__(self, services: Services, bot: Bot) -> None:
        self.services = services
        self.bot = bot
        self.scheduler: AsyncIOScheduler | None = None

    async def tick(self) -> TickReport:
        report = TickReport()
        now = self.services.clock.now()
        async with self.services.sessionmaker() as session:
            due = await outbox.due_reminders(session, now, REMINDER_BATCH)
        for reminder in due:
            async with self.services.sessionmaker() as session:
                outcome = await fire(session, self.services, reminder, now)
            if outcome == "fired":
                report.fired += 1
            elif outcome == "moved":
                report.moved += 1
            elif outcome == "cancelled":
                report.cancelled += 1
        if report.fired:
            self.services.sender.wake()
        return report

    async def _safe_tick(self) -> None:
        try:
            report = await self.tick()
            if report.fired:
                log.info("tick: %s", report)
        except Exception:  # a failed tick must not stop the next one
            log.exception("tick failed")

    def start(self) -> AsyncIOScheduler:
        interval = self.services.settings.tick_interval.total_seconds()
        scheduler = AsyncIOScheduler(timezone=self.services.settings.tz)
        scheduler.add_job(self._safe_tick, "interval", seconds=interval, max_instances=1,
                          coalesce=True, id="tick")
        scheduler.start()
        self.scheduler = scheduler
        return scheduler

    def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
