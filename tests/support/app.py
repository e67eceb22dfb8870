"""The bot assembled for conversation tests: the real Dispatcher, a real SQLite file with the
migrations applied, the real file store, the fake Telegram at the network edge, a fixed clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import FixedClock
from bot.config import Settings
from bot.factory import create_bot, create_dispatcher
from bot.inbox import InboxWorker
from bot.services import Services, make_services
from storage.db import make_engine, make_sessionmaker
from storage.files import FileStore
from storage.migrate import upgrade
from tests.support.telegram import FakeTelegram, Person

# 2026-11-30 10:00 in Beijing.
START = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
REVIEWER = 900001  # the Telegram id the test settings make a reviewer


@dataclass
class App:
    root: Path
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    tg: FakeTelegram
    clock: FixedClock
    # Tests send in bursts to one chat; Telegram-like throttling is measured in bench/ instead.
    settings: Settings = field(default_factory=lambda: Settings(
        _env_file=None, reviewer_ids=[REVIEWER], bot_token=None, send_rate=10_000,
        chat_rate=10_000))
    services: Services = field(init=False)
    bot: Bot = field(init=False)
    dp: Dispatcher = field(init=False)
    inbox: InboxWorker = field(init=False)

    def __post_init__(self) -> None:
        self.restart()

    def restart(self) -> None:
        """A new process on the same database and files: new Bot, new Dispatcher."""
        self.services = make_services(self.sessionmaker, FileStore(self.root / "data"),
                                      self.clock, self.settings)
        self.bot = create_bot("42:TEST", session=self.tg)
        self.dp = create_dispatcher(self.services)
        # Transient failures are retried at once: tests do not wait out a backoff.
        self.inbox = InboxWorker(self.dp, self.bot, self.sessionmaker, self.clock,
                                 retry_delays=(0.0,))

    async def deliver(self, *updates: dict[str, Any]) -> None:
        """What Telegram and the runner do with updates: they are stored in the inbox, handled,
        and what they queued for other people is sent (the sender task's work). Several updates
        arrive together, as when a person sends faster than the bot answers."""
        await self.inbox.accept(list(updates))
        await self.inbox.drain()
        await self.services.sender.flush(self.bot)

    def person(self, user_id: int = 1001, language: str = "zh", name: str = "Zhang") -> Person:
        return Person(self.tg, self, user_id, language, name)


async def empty_postgres(url: str) -> None:
    """A PostgreSQL database with nothing in it (tests own the database they are given)."""
    engine = make_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


async def make_app(root: Path, database_url: str | None = None,
                   tg: FakeTelegram | None = None) -> App:
    """A fresh app: a new SQLite file in `root`, or the PostgreSQL database at `database_url`
    emptied first."""
    url = database_url or f"sqlite+aiosqlite:///{root / 'icp-bot.db'}"
    if url.startswith("postgresql"):
        await empty_postgres(url)
    engine = make_engine(url)
    await upgrade(engine)
    return App(root, engine, make_sessionmaker(engine), tg or FakeTelegram(), FixedClock(START))
