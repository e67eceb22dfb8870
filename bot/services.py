"""What handlers, the CLI and the scheduler share: database, files, clock, texts, settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import LocaleTexts, make_core
from bot.sender import OutboxSender
from storage.files import FileStore


@dataclass
class Services:
    sessionmaker: async_sessionmaker[AsyncSession]
    files: FileStore
    clock: Clock
    core: FluentRuntimeCore
    settings: Settings
    sender: OutboxSender = field(init=False)

    def __post_init__(self) -> None:
        self.sender = OutboxSender(self)

    def texts(self, language: str) -> LocaleTexts:
        return LocaleTexts(self.core, language)

    def is_reviewer(self, telegram_id: int) -> bool:
        return telegram_id in self.settings.reviewer_ids


def make_services(sessionmaker: async_sessionmaker[AsyncSession], files: FileStore,
                  clock: Clock | None = None, settings: Settings | None = None) -> Services:
    settings = settings or Settings()
    return Services(sessionmaker=sessionmaker, files=files, clock=clock or Clock(settings.tz),
                    core=make_core(), settings=settings)
