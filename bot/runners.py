"""How the bot runs: long polling against the Bot API at TELEGRAM_API_BASE.

Polling is our own loop rather than aiogram's `start_polling`, for one reason: an update is
stored in the inbox (and committed) before the next `getUpdates` confirms it to Telegram, so a
crash at any point loses nothing. The inbox worker hands the stored updates to the Dispatcher;
the outbox sender and the reminder tick run beside it.

SIGTERM or SIGINT stops taking updates, lets the updates in flight finish (at most
`SHUTDOWN_GRACE`), stops the sender (its leases released) and the tick, and returns normally.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import timedelta

from aiogram import Bot
from aiogram.methods import GetUpdates

from bot.clock import Clock
from bot.config import Settings
from bot.factory import create_bot, create_dispatcher
from bot.inbox import InboxWorker
from bot.scheduler import Ticker
from bot.services import Services, make_services
from bot.workers import default_pool
from storage import inbox
from storage.db import make_engine, make_sessionmaker
from storage.files import FileStore
from storage.sweep import sweep_orphans

log = logging.getLogger(__name__)

POLL_TIMEOUT = 25  # seconds a getUpdates call waits for news
SHUTDOWN_GRACE = 10.0  # seconds updates in flight get to finish on SIGTERM
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


async def sweep_at_start(services: Services, database_url: str) -> None:
    """Files of uploads that a crash left uncommitted. On SQLite this is the only process, so
    every unreferenced file is an orphan; with PostgreSQL another replica may be committing one
    right now, so only old ones go."""
    single_process = database_url.startswith("sqlite")
    async with services.sessionmaker() as session:
        await sweep_orphans(session, services.files,
                            timedelta(0) if single_process else timedelta(hours=1))


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


async def run_polling(settings: Settings, stop: asyncio.Event | None = None) -> None:
    assert settings.bot_token is not None
    engine = make_engine(settings.database_url)
    services = make_services(make_sessionmaker(engine), FileStore(settings.data_dir),
                             Clock(settings.tz), settings)
    bot = create_bot(settings.bot_token.get_secret_value(), settings.telegram_api_base)
    dp = create_dispatcher(services)
    worker = InboxWorker(dp, bot, services.sessionmaker, services.clock)
    ticker = Ticker(services, bot)
    pool = default_pool()
    stop = stop or asyncio.Event()
    _stop_on_signals(stop)
    await sweep_at_start(services, settings.database_url)
    pool.start()  # the first photo is checked as fast as the others
    await dp.emit_startup(bot=bot, dispatcher=dp, bots=[bot], **dp.workflow_data)
    log.info("polling %s; reminders every %s", settings.telegram_api_base,
             settings.tick_interval)
    tasks = [asyncio.create_task(worker.run(), name="inbox"),
             asyncio.create_task(services.sender.run(bot), name="sender"),
             asyncio.create_task(_maintenance(services), name="maintenance")]
    poller = asyncio.create_task(poll_updates(bot, worker, dp.resolve_used_update_types()),
                                 name="polling")
    ticker.start()
    try:
        await stop.wait()
    finally:
        log.info("stopping: no new updates; finishing those in flight")
        poller.cancel()
        await asyncio.gather(poller, return_exceptions=True)
        await worker.stop(SHUTDOWN_GRACE)
        ticker.stop()
        await services.sender.stop()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(Exception):
            await dp.emit_shutdown(bot=bot, dispatcher=dp, bots=[bot], **dp.workflow_data)
        pool.shutdown(wait=False)
        await bot.session.close()
        await engine.dispose()
        log.info("stopped")
