"""Direct replies (the handlers' own Bot API calls) that survive Telegram's hiccups, and one send
budget that replies and pushes share.

`ReplyGuard` is an aiogram session request middleware (`create_bot` installs it). A handler's
call that meets 429 waits `retry_after` and tries again (at most `REPLY_TRIES` tries and
`REPLY_WAIT_CAP` of waiting in all); one that meets a 5xx, a network error or a body that is not
Telegram's JSON (an HTML error page from a proxy) tries again after a short backoff. The outbox
sender's calls pass straight through (`pushing()`): a push's retries live in its row.

`SendBudget` counts every message that leaves (replies and pushes) against Telegram's limit of
about 30 a second. Replies never wait on it; pushes are paced at `SEND_RATE` and additionally
wait while the messages of the last second (replies included) fill the limit, so a burst of
replies takes its room from pushes, never the other way round.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import aiohttp
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import AnswerCallbackQuery, GetUpdates, SendMediaGroup, TelegramMethod
from aiogram.methods.base import Response, TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

TELEGRAM_RATE = 30.0  # messages a second a bot may send, all chats together
WINDOW = 1.0  # seconds Telegram counts them over
REPLY_TRIES = 3
REPLY_WAIT_CAP = 30.0  # seconds a reply may spend waiting for retry_after, in all
REPLY_BACKOFF = (0.5, 1.5)  # before the 2nd and 3rd try after a server or network error
TRANSIENT = (TelegramServerError, TelegramNetworkError, ClientDecodeError, aiohttp.ClientError,
             asyncio.TimeoutError, ConnectionError)

_pushing: contextvars.ContextVar[bool] = contextvars.ContextVar("icp_pushing", default=False)


@contextmanager
def pushing() -> Iterator[None]:
    """Bot API calls made inside are the outbox sender's: no reply retries, no reply count."""
    token = _pushing.set(True)
    try:
        yield
    finally:
        _pushing.reset(token)


def is_transient(exc: BaseException) -> bool:
    """A failure worth trying again soon: a 5xx, a network error, an undecodable body."""
    if isinstance(exc, TelegramEntityTooLarge):
        return False
    return isinstance(exc, TRANSIENT)


def late_answer(method: TelegramMethod[Any], exc: TelegramBadRequest) -> bool:
    """Telegram refuses to answer a callback query older than about 15 seconds."""
    return isinstance(method, AnswerCallbackQuery) and (
        "query is too old" in exc.message or "query ID is invalid" in exc.message)


def messages_in(method: TelegramMethod[Any]) -> int:
    """How many messages a call puts in a chat (what Telegram's rate limits count)."""
    name = method.__api_method__
    if isinstance(method, SendMediaGroup):
        return len(method.media)
    if name == "sendChatAction":
        return 0
    if name.startswith(("send", "copyMessage", "forwardMessage", "edit")):
        return 1
    return 0


class SendBudget:
    """Telegram's overall message rate, shared by replies and pushes (one per bot session)."""

    def __init__(self, push_rate: float, total: float = TELEGRAM_RATE,
                 now: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.push_interval = 1 / push_rate
        self.total = max(total, push_rate)
        self.now = now
        self.sleep = sleep
        self.sent: deque[float] = deque()  # when each message of the last WINDOW left
        self.next_push = 0.0
        self.lock = asyncio.Lock()

    def configure(self, push_rate: float) -> None:
        self.push_interval = 1 / push_rate
        self.total = max(self.total, push_rate)

    def _used(self, now: float) -> int:
        while self.sent and self.sent[0] <= now - WINDOW:
            self.sent.popleft()
        return len(self.sent)

    def note(self, count: int = 1) -> None:
        """A reply leaves now (it never waits)."""
        now = self.now()
        self._used(now)
        self.sent.extend([now] * count)

    async def push_slot(self) -> None:
        """Wait for a push's turn: `push_rate` at most, and room left by replies."""
        async with self.lock:
            while True:
                now = self.now()
                wait = self.next_push - now
                if wait <= 0 and self._used(now) >= self.total:
                    wait = self.sent[0] + WINDOW - now
                if wait <= 0:
                    break
                await self.sleep(wait)
            self.sent.append(now)
            self.next_push = now + self.push_interval


class ReplyGuard(BaseRequestMiddleware):
    """Retries a handler's call on 429 (after `retry_after`), 5xx, network errors and HTML
    bodies; counts its messages in the budget. The sender's calls pass through untouched."""

    def __init__(self, budget: SendBudget) -> None:
        self.budget = budget

    async def __call__(self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot,
                       method: TelegramMethod[TelegramType]) -> Response[TelegramType]:
        if _pushing.get() or isinstance(method, GetUpdates):
            return await make_request(bot, method)
        waited = 0.0
        for attempt in range(1, REPLY_TRIES + 1):
            self.budget.note(messages_in(method))
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == REPLY_TRIES or waited + exc.retry_after > REPLY_WAIT_CAP:
                    raise
                delay = float(exc.retry_after)
            except TelegramBadRequest as exc:
                if not late_answer(method, exc):
                    raise
                # A tap answered after Telegram stopped waiting (the bot was restarting): the
                # spinner has long stopped; the rest of the handler's reply still matters.
                log.debug("a tap answered too late: %s", exc.message)
                return Response[TelegramType](ok=True, result=True)  # type: ignore[arg-type]
            except Exception as exc:
                if attempt == REPLY_TRIES or not is_transient(exc):
                    raise
                delay = REPLY_BACKOFF[attempt - 1]
            waited += delay
            log.warning("%s failed (try %d), again in %.1f s", method.__api_method__, attempt,
                        delay)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover


def budget_of(bot: Bot) -> SendBudget | None:
    """The budget the bot's replies are counted in (None for a bot `create_bot` did not make)."""
    for middleware in bot.session.middleware:
        if isinstance(middleware, ReplyGuard):
            return middleware.budget
    return None


def guard(bot: Bot, push_rate: float) -> SendBudget:
    """Install the reply guard on the bot's session (once per session) and return its budget."""
    budget = budget_of(bot)
    if budget is None:
        budget = SendBudget(push_rate)
        bot.session.middleware(ReplyGuard(budget))
    return budget
