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
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from bot import replies
from bot.config import Settings
from bot.handlers import routers
from bot.i18n import LANGUAGES, LocaleTexts, make_i18n_middleware, tr
from bot.middlewares.database import ApplicantMiddleware, DbSessionMiddleware
from bot.middlewares.serialize import PerUserSerializer
from bot.middlewares.turn import TurnMiddleware
from bot.services import Services

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
    # Outer middlewares run in this order for every update.
    dp.update.outer_middleware(PerUserSerializer())
    dp.update.outer_middleware(DbSessionMiddleware(services.sessionmaker))
    dp.update.outer_middleware(ApplicantMiddleware())
    make_i18n_middleware(services.core).setup(dp)
    dp.update.outer_middleware(TurnMiddleware(services))
    dp.include_routers(*routers())
    dp.errors.register(_on_error)
    dp.startup.register(_set_commands)
    dp["services"] = services
    return dp


async def _on_error(event: ErrorEvent, **data: Any) -> bool:
    """Never show a user an exception: log it (PII-masked) and apologise in their language."""
    exc = event.exception
    log.error("update %s failed: %s", event.update.update_id, type(exc).__name__,
              exc_info=exc)
    turn = data.get("turn")
    if turn is None:
        return True
    key = "err-concurrent-change" if isinstance(exc, StaleDataError) else "err-internal"
    try:
        if isinstance(exc, SQLAlchemyError):
            await turn.session.rollback()
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, key))
    except Exception:  # the apology itself failed (network): the log line is what is left
        log.exception("could not tell the user about the failure")
    return True


async def _set_commands(bot: Bot, services: Services) -> None:
    """A localized command menu: Chinese for zh clients, English for everyone else."""
    for language in LANGUAGES:
        texts = LocaleTexts(services.core, language)
        commands = [BotCommand(command=c, description=texts.get(f"command-{c}"))
                    for c in COMMANDS]
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(),
                                  language_code=None if language == "en" else language)


