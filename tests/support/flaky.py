"""Telegram answering with errors on demand, for the sender's and the replies' tests: any status
code with Telegram's JSON (429 with retry_after, 403, 400, 401, 404, 5xx, migrate_to_chat_id), a
body that is not JSON (an HTML error page from a proxy), a network failure, or any exception —
on any method, for one chat or for every call of that method."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from tests.support.telegram import Call, FakeTelegram

ANY_CHAT = None

BAD_GATEWAY_PAGE = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                    "</body>\r\n</html>\r\n")


@dataclass
class Failure:
    code: int  # the HTTP status; 0 = the network fails before Telegram answers
    description: str = ""
    retry_after: int | None = None
    migrate_to_chat_id: int | None = None
    body: str | None = None  # the body as sent instead of Telegram's JSON (e.g. an HTML page)
    method: str = "sendMessage"
    exception: BaseException | None = None  # raised as it is (aiohttp, asyncio, anything)


@dataclass
class FlakyTelegram(FakeTelegram):
    failures: dict[int | None, list[Failure]] = field(default_factory=lambda: defaultdict(list))
    # Chats where every call fails, whatever the method, until `allow` (e.g. a person who never
    # opened a private chat with the bot: 403 "bot can't initiate conversation with a user").
    refusing: dict[int, Failure] = field(default_factory=dict)

    def fail(self, chat_id: int | None, *failures: Failure) -> None:
        """The next calls of each failure's method to `chat_id` (`ANY_CHAT`: to any chat, or
        without one, like answerCallbackQuery) fail like this, in order."""
        self.failures[chat_id].extend(failures)

    def refuse(self, chat_id: int, failure: Failure) -> None:
        """Every call to `chat_id`, of any method, fails like this until `allow(chat_id)`."""
        self.refusing[chat_id] = failure

    def allow(self, chat_id: int) -> None:
        self.refusing.pop(chat_id, None)

    def failed_calls(self, chat_id: int | None = ANY_CHAT) -> list[Call]:
        return [c for c in self.calls if "failed" in c.params
                and (chat_id is None or c.params.get("chat_id") == chat_id)]

    def _next_failure(self, name: str, chat_id: int | None) -> Failure | None:
        if chat_id is not None and chat_id in self.refusing:
            return self.refusing[chat_id]
        for key in ([chat_id] if chat_id is not None else []) + [ANY_CHAT]:
            queue = self.failures.get(key) or []
            for index, failure in enumerate(queue):
                if failure.method == name:
                    return queue.pop(index)
        return None

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType],
                           timeout: int | None = None) -> TelegramType:
        name = method.__api_method__
        raw_chat = getattr(method, "chat_id", None)
        chat_id = int(raw_chat) if raw_chat is not None else None
        failure = self._next_failure(name, chat_id)
        if failure is None:
            return await super().make_request(bot, method, timeout)
        self.calls.append(Call(name, {"chat_id": chat_id, "failed": failure.code,
                                      "text": getattr(method, "text", None)}))
        if failure.exception is not None:
            raise failure.exception
        if failure.code == 0:
            raise TelegramNetworkError(method=method, message="connection reset")
        if failure.body is not None:
            content = failure.body
        else:
            body: dict = {"ok": False, "error_code": failure.code,
                          "description": failure.description}
            parameters = {}
            if failure.retry_after is not None:
                parameters["retry_after"] = failure.retry_after
            if failure.migrate_to_chat_id is not None:
                parameters["migrate_to_chat_id"] = failure.migrate_to_chat_id
            if parameters:
                body["parameters"] = parameters
            content = json.dumps(body)
        self.check_response(bot=bot, method=method, status_code=failure.code, content=content)
        raise AssertionError("check_response accepted a failure")


def flaky_of(app: Any) -> FlakyTelegram:
    """The app's Telegram, which fails on demand."""
    assert isinstance(app.tg, FlakyTelegram)
    return app.tg
