"""Factories for the Bot, the Dispatcher and the i18n core (one place wires everything)."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Dispatcher, methods
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.methods.base import Response
from aiogram.types import BotCommand, BotCommandScopeDefault, ErrorEvent
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from bot import replies
from bot.config import Settings
from bot.conversation import Turn
from bot.handlers import routers
from bot.i18n import LANGUAGES, LocaleTexts, make_i18n_middleware, tr
from bot.inbox import MAX_ATTEMPTS, Job
from bot.middlewares.database import ApplicantMiddleware, DbSessionMiddleware
from bot.middlewares.turn import TurnMiddleware
from bot.services import Services
from storage import repo

log = logging.getLogger(__name__)

# aiogram builds `Response[<return type>]` for every API call, and pydantic caches generic
# classes only weakly: once garbage-collected, the class is rebuilt on the next call, costing
# several milliseconds of CPU per message (measured: a third of a reply's time). Holding the
# classes of the methods we use keeps them cached.
KEEP_RESPONSE_TYPES = tuple(
    Response[method.__returning__]  # type: ignore[name-defined]
    for method in (methods.SendMessage, methods.EditMessageText, methods.EditMessageReplyMarkup,
                   methods.AnswerCallbackQuery, methods.SendDocument, methods.SendPhoto,
                   methods.SendMediaGroup, methods.GetFile, methods.DeleteMessage,
                   methods.SetMyCommands, methods.GetMe, methods.GetUpdates,
                   methods.DeleteWebhook, methods.SendChatAction)
)

COMMANDS = ("start", "new", "continue", "status", "edit", "cancel", "language", "help")


def create_bot(token: str, api_base: str = "https://api.telegram.org",
               session: BaseSession | None = None) -> Bot:
    """The Bot, with the reply guard on its session: a handler's call that meets 429, a 5xx or
    a network error is tried again, and every message counts in the send budget pushes share."""
    if session is None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base.rstrip("/")))
    bot = Bot(token=token, session=session,
              default=DefaultBotProperties(parse_mode=ParseMode.HTML,
                                           link_preview_is_disabled=True))
    replies.guard(bot, Settings.model_fields["send_rate"].default)
    return bot


def create_dispatcher(services: Services) -> Dispatcher:
    dp = Dispatcher()
    # Outer middlewares run in this order for every update. One person's updates never run
    # at the same time: the inbox hands them over one by one (bot.inbox).
    dp.update.outer_middleware(DbSessionMiddleware(services))
    dp.update.outer_middleware(ApplicantMiddleware(services))
    make_i18n_middleware(services.core).setup(dp)
    dp.update.outer_middleware(TurnMiddleware(services))
    dp.include_routers(*routers())
    dp.errors.register(_on_error)
    dp.startup.register(_set_commands)
    dp["services"] = services
    return dp


async def _on_error(event: ErrorEvent, **data: Any) -> bool:
    """Never show a user an exception: log it (PII-masked) and apologise in their language. A
    lost database connection (or a write that lost a race) is not apologised for: the update's
    inbox row stays open and is handled again from the start."""
    exc = event.exception
    job: Job | None = data.get("job")
    if job is not None and transient(exc) and job.attempts + 1 < MAX_ATTEMPTS:
        job.transient = exc
        return True
    log.error("update %s failed: %s", event.update.update_id, type(exc).__name__,
              exc_info=exc)
    if job is not None:
        job.error = type(exc).__name__
    services: Services = data["services"]
    turn: Turn | None = data.get("turn")
    chat = data.get("event_chat")
    if chat is None:
        return True
    texts = turn.texts if turn is not None else services.texts(
        repo.language_for(getattr(data.get("event_from_user"), "language_code", None)))
    key = "err-concurrent-change" if isinstance(exc, StaleDataError) else "err-internal"
    try:
        session: AsyncSession | None = data.get("session")
        if session is not None and isinstance(exc, SQLAlchemyError):
            await session.rollback()
        await data["bot"].send_message(chat.id, tr(texts, key))
    except Exception:  # the apology itself failed (network): the log line is what is left
        log.exception("could not tell the user about the failure")
    return True


def transient(exc: BaseException) -> bool:
    """Failures that a second attempt of the whole update can get past."""
    if isinstance(exc, StaleDataError | OperationalError | InterfaceError | PoolTimeout):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


async def _set_commands(bot: Bot, services: Services) -> None:
    """A localized command menu: Chinese for zh clients, English for everyone else."""
    for language in LANGUAGES:
        texts = LocaleTexts(services.core, language)
        commands = [BotCommand(command=c, description=texts.get(f"command-{c}"))
                    for c in COMMANDS]
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(),
                                  language_code=None if language == "en" else language)


