"""Fluent translations through aiogram-i18n, with the applicant's stored language.

Chinese for `zh*` Telegram languages, English otherwise; /language overrides and is remembered.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any, Protocol

from aiogram.types import User
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import FluentRuntimeCore
from aiogram_i18n.managers import BaseManager

from dialogs.messages import Msg
from storage.models import Applicant
from storage.repo import language_for

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


class Texts(Protocol):
    """Anything that formats a message id with arguments in one language (an I18nContext, or
    `LocaleTexts` outside a handler)."""

    def get(self, key: str, /, **kwargs: Any) -> str: ...


def make_core() -> FluentRuntimeCore:
    """The Fluent core with every locale loaded now (not at dispatcher start-up), so texts work
    in tests, the CLI and pushes as well as in handlers."""
    core = FluentRuntimeCore(path=LOCALES_DIR / "{locale}", default_locale=DEFAULT_LANGUAGE,
                             use_td=False)
    core.locales.update(core.find_locales())
    return core


class LocaleTexts:
    """A core bound to one language, for code that runs outside a handler (tests, pushes)."""

    def __init__(self, core: FluentRuntimeCore, locale: str) -> None:
        self.core = core
        self.locale = locale

    def get(self, key: str, /, **kwargs: Any) -> str:
        return self.core.get(key, self.locale, **kwargs)


def tr(texts: Texts, msg: Msg | str, **extra: Any) -> str:
    """Render a message as HTML. String arguments are escaped here, once for every message: they
    may carry what a user typed. Nested messages are rendered first (they are our own HTML)."""
    if isinstance(msg, str):
        msg = Msg(msg, **extra)
    args: dict[str, Any] = {}
    for name, value in {**msg.args, **extra}.items():
        if isinstance(value, Msg):
            args[name] = tr(texts, value)
        elif isinstance(value, Raw):
            args[name] = value.html
        elif isinstance(value, str):
            args[name] = escape(value, quote=False)
        else:
            args[name] = value
    return texts.get(msg.id, **args)


class Raw:
    """An argument that is already safe HTML (built by our own renderer)."""

    def __init__(self, html: str) -> None:
        self.html = html


class ApplicantLocaleManager(BaseManager):
    """The applicant row holds the language; the middleware chain loads it before this runs."""

    async def get_locale(self, applicant: Applicant | None = None,
                         event_from_user: User | None = None) -> str:
        if applicant is not None:
            return applicant.language
        return language_for(event_from_user.language_code if event_from_user else None)

    async def set_locale(self, locale: str, applicant: Applicant | None = None) -> None:
        if applicant is not None:
            applicant.language = locale
            applicant.language_chosen = True


def make_i18n_middleware(core: FluentRuntimeCore) -> I18nMiddleware:
    return I18nMiddleware(core=core, manager=ApplicantLocaleManager(),
                          default_locale=DEFAULT_LANGUAGE)
