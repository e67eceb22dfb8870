"""Telegram answering with errors on demand: 429 with retry_after, 5xx, network failures, 403
(the user blocked the bot), 400 — for the sender's tests."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType

from tests.support.telegram import Call, FakeTelegram


@dataclass
class Failure:
    code: int  # 0 = the network fails before Telegram answers
    description: str = ""
    retry_after: int | None = None


@dataclass
class FlakyTelegram(FakeTelegram):
    failures: dict[int, list[Failure]] = field(default_factory=lambda: defaultdict(list))

    def fail(self, chat_id: int, *failures: Failure) -> None:
        """The next sendMessage calls to `chat_id` fail like this, in order."""
        self.failures[chat_id].extend(failures)

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType],
                           timeout: int | None = None) -> TelegramType:
        if isinstance(method, SendMessage) and self.failures.get(int(method.chat_id)):
            failure = self.failures[int(method.chat_id)].pop(0)
            self.calls.append(Call("sendMessage", {"chat_id": method.chat_id,
                                                   "failed": failure.code}))
            if failure.code == 0:
                raise TelegramNetworkError(method=method, message="connection reset")
            body: dict = {"ok": False, "error_code": failure.code,
                          "description": failure.description}
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            self.check_response(bot=bot, method=method, status_code=failure.code,
                                content=json.dumps(body))
        return await super().make_request(bot, method, timeout)
