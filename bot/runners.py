"""How the bot runs: long polling against the Bot API at TELEGRAM_API_BASE."""

from __future__ import annotations

import logging

from bot.clock import Clock
from bot.config import Settings
from bot.factory import create_bot, create_dispatcher
from bot.scheduler import Ticker
from bot.services import make_services
from storage.db import make_engine, make_sessionmaker
from storage.files import FileStore

log = logging.getLogger(__name__)


async def run_polling(settings: Settings) -> None:
    assert settings.bot_token is not None
    engine = make_engine(settings.database_url)
    services = make_services(make_sessionmaker(engine), FileStore(settings.data_dir),
                             Clock(settings.tz), settings)
    bot = create_bot(settings.bot_token.get_secret_value(), settings.telegram_api_base)
    dp = create_dispatcher(services)
    ticker = Ticker(services, bot)
    log.info("polling %s; reminders and the outbox every %s", settings.telegram_api_base,
             settings.tick_interval)
    ticker.start()
    try:
        await dp.start_polling(bot, handle_signals=True)
    finally:
        ticker.stop()
        await bot.session.close()
        await engine.dispose()
