"""How the bot runs: long polling against the Bot API at TELEGRAM_API_BASE.

Polling is our own loop rather than aiogram's `start_polling`, for one reason: an update is
stored in the inbox (and committed) before the next `getUpdates` confirms it to Telegram, so a
crash at any point loses nothing. The inbox worker hands the stored updates to the Dispatcher;
the outbox sender and the reminder tick run beside it.

SIGTERM or SIGINT (also during start-up) stops taking updates, lets the updates in flight finish
(at most `SHUTDOWN_GRACE`), lets a reminder tick in progress finish, stops the sender (its leases
released), ends the worker processes, closes the connections and returns normally: the process
exits 0 with no traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import signal
from collections.abc import Awaitable
from datetime import timedelta
from typing import TypeVar

from aiogram import Bot
from aiogram.methods import GetUpdates
from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobExecutionEvent,
    JobSubmissionEvent,
)
from apscheduler.schedulers.base import BaseScheduler

from bot.clock import Clock
from bot.config import Settings
from bot.factory import create_bot, create_dispatcher
from bot.inbox import InboxWorker
from bot.scheduler import Ticker
from bot.services import Services, make_services
from bot.workers import WorkerPool, default_pool
from storage import inbox, outbox
from storage.db import make_engine, make_sessionmaker
from storage.files import FileStore
from storage.presence import Presence
from storage.sweep import sweep_orphans

T = TypeVar("T")
log = logging.getLogger(__name__)

POLL_TIMEOUT = 25  # seconds a getUpdates call waits for news
SHUTDOWN_GRACE = 10.0  # seconds updates in flight get to finish on SIGTERM
TICK_GRACE = 5.0  # seconds a reminder tick in progress gets to finish
WORKER_GRACE = 5.0  # seconds a worker process gets to end on SIGTERM before SIGKILL
MAINTENANCE_EVERY = 3600.0


async def poll_updates(bot: Bot, worker: InboxWorker, allowed_updates: list[str]) -> None:
    """Fetch updates and store them; only stored updates are confirmed (the next call's offset).
    Errors (network, Telegram, the database) are retried with a capped backoff."""
    offset: int | None = None
    delay = 1.0
    while True:
        try:
            updates = await bot(GetUpdates(offset=offset, timeout=POLL_TIMEOUT,
                                           allowed_updates=allowed_updates),
                                request_timeout=POLL_TIMEOUT + 15)
            if updates:
                await worker.accept([u.model_dump(mode="json", by_alias=True, exclude_none=True)
                                     for u in updates])
                offset = updates[-1].update_id + 1
        except asyncio.CancelledError:
            raise
        except Exception as error:  # logged, then the same updates are asked for again
            log.warning("polling: %s: %s; retrying in %.0f s", type(error).__name__, error, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)
            continue
        delay = 1.0


async def _maintenance(services: Services) -> None:
    """Handled inbox rows are kept while Telegram could still redeliver them, then removed."""
    while True:
        try:
            async with services.sessionmaker() as session:
                await inbox.purge(session, services.clock.now() - inbox.KEEP_HANDLED)
                await session.commit()
        except Exception:
            log.exception("maintenance failed")
        await asyncio.sleep(MAINTENANCE_EVERY)


async def sweep_at_start(services: Services, alone: bool) -> None:
    """What a crash left half done: files of uploads that never committed, and notices that
    were being sent. When no other bot process is alive (always on SQLite; on PostgreSQL as
    `storage.presence` finds), every unreferenced file is an orphan and every notice still
    `sending` was a dead process's: they go, and go out again, now. Beside a living process
    only old files go (it may be committing a young one) and leases expire on their own."""
    async with services.sessionmaker() as session:
        await sweep_orphans(session, services.files,
                            timedelta(0) if alone else timedelta(hours=1))
        if alone:
            await outbox.release_all_leases(session)
            await session.commit()


async def recover(services: Services, presence: Presence) -> None:
    """Join the living and clean up after the dead."""
    alone = await presence.join()
    await sweep_at_start(services, alone)
    await presence.settle()


def stop_on_signals(stop: asyncio.Event) -> None:
    """SIGTERM (a service manager) and SIGINT (Ctrl-C) set `stop` instead of killing the
    process; call it from the event loop's thread."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


async def unless_stopped(stop: asyncio.Event, step: Awaitable[T]) -> tuple[bool, T | None]:
    """Run a start-up step unless a stop request comes first (then the step is cancelled):
    (True, its result), or (False, None) when stopped."""
    task = asyncio.ensure_future(step)
    stopped = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
    if task.done():
        return True, task.result()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    return False, None


class RunningTicks:
    """The reminder ticks in progress, counted from the scheduler's job events. APScheduler's
    shutdown cancels a tick mid-way (and logs the cancellation as a failure, with a traceback);
    the runner pauses the scheduler and lets the tick finish instead."""

    EVENTS = EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED

    def __init__(self, scheduler: BaseScheduler) -> None:
        self.running = 0
        self.idle = asyncio.Event()
        self.idle.set()
        scheduler.add_listener(self._seen, self.EVENTS)

    def _seen(self, event: JobExecutionEvent | JobSubmissionEvent) -> None:
        if event.code == EVENT_JOB_SUBMITTED:
            self.running += 1
        else:  # each submitted run ends with exactly one of the other events
            self.running = max(0, self.running - 1)
        if self.running:
            self.idle.clear()
        else:
            self.idle.set()


async def stop_ticking(ticker: Ticker, ticks: RunningTicks | None) -> None:
    """No new tick; the one in progress finishes (at most `TICK_GRACE`); the scheduler stops."""
    if ticker.scheduler is not None and ticks is not None:
        ticker.scheduler.pause()
        try:
            await asyncio.wait_for(ticks.idle.wait(), TICK_GRACE)
        except TimeoutError:
            log.warning("the reminder tick did not finish in %.0f s; it is cancelled "
                        "(it runs again after the restart)", TICK_GRACE)
    ticker.stop()


async def end_workers(pool: WorkerPool) -> None:
    """Stop the worker processes now. No update is handled any more, so nothing waits for
    them; left alone, the exit would wait for a worker still importing its modules (seconds
    after a start). The bot's only `multiprocessing` children are the pool's workers."""
    pool.shutdown(wait=False)
    workers = multiprocessing.active_children()
    for worker in workers:
        worker.terminate()

    def reap() -> None:
        for worker in workers:
            worker.join(WORKER_GRACE)
            if worker.is_alive():
                worker.kill()
                worker.join(WORKER_GRACE)

    await asyncio.to_thread(reap)


async def _step(what: str, step: Awaitable[object]) -> None:
    """One step of the shutdown: a failure is logged and the next steps still run."""
    try:
        await step
    except Exception:
        log.exception("stopping: %s failed", what)


async def run_polling(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Run the bot until `stop` is set (SIGTERM or SIGINT by default), then shut down in order:
    no new updates → the updates in flight finish (at most `SHUTDOWN_GRACE`) → the tick → the
    sender (leases released) → the worker processes → the connections. Returns normally."""
    assert settings.bot_token is not None
    stop = stop or asyncio.Event()
    stop_on_signals(stop)
    engine = make_engine(settings.database_url)
    services = make_services(make_sessionmaker(engine), FileStore(settings.data_dir),
                             Clock(settings.tz), settings)
    bot = create_bot(settings.bot_token.get_secret_value(), settings.telegram_api_base)
    dp = create_dispatcher(services)
    worker = InboxWorker(dp, bot, services.sessionmaker, services.clock)
    ticker = Ticker(services, bot)
    ticks: RunningTicks | None = None
    pool = default_pool()
    presence = Presence(engine)
    tasks: list[asyncio.Task[None]] = []
    started = False
    try:
        swept, _ = await unless_stopped(stop, recover(services, presence))
        if swept:
            pool.start()  # the first photo is checked as fast as the others
            started, _ = await unless_stopped(stop, dp.emit_startup(
                bot=bot, dispatcher=dp, bots=[bot], **dp.workflow_data))
        if started:
            log.info("polling %s; reminders every %s", settings.telegram_api_base,
                     settings.tick_interval)
            tasks = [asyncio.create_task(poll_updates(bot, worker,
                                                      dp.resolve_used_update_types()),
                                         name="polling"),
                     asyncio.create_task(worker.run(), name="inbox"),
                     asyncio.create_task(services.sender.run(bot), name="sender"),
                     asyncio.create_task(_maintenance(services), name="maintenance")]
            ticks = RunningTicks(ticker.start())
            await stop.wait()
    finally:
        log.info("stopping: no new updates; finishing those in flight")
        if tasks:
            tasks[0].cancel()  # polling: nothing new is taken (nor confirmed to Telegram)
            await asyncio.gather(tasks[0], return_exceptions=True)
        await _step("the updates in flight", worker.stop(SHUTDOWN_GRACE))
        await _step("the reminder tick", stop_ticking(ticker, ticks))
        if tasks:
            await _step("the outbox sender", services.sender.stop())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if started:
            await _step("the shutdown callbacks", dp.emit_shutdown(
                bot=bot, dispatcher=dp, bots=[bot], **dp.workflow_data))
        await _step("the worker processes", end_workers(pool))
        await _step("the Bot API session", bot.session.close())
        await _step("the presence lock", presence.leave())
        await _step("the database connections", engine.dispose())
        log.info("stopped")
