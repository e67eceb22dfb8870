"""People who talk to the bot through the sandbox over HTTP, and the bot as a separate process.

`ChatClient` uses the web chat's own JSON API (the one the browser page uses): it sends text,
taps an inline button by its label, presses a reply-keyboard button, shares the contact, sends
photos and files, and waits for what the bot says by polling the chat with a timeout.
`BotProcess` is `python -m bot run`, unchanged, polling the sandbox's Bot API over HTTP.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiohttp

from bot.sandbox import SANDBOX_TOKEN
from bot.sandbox.state import Sandbox

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[2]
WAIT = float(os.environ.get("E2E_WAIT", "20"))  # seconds a person waits for the bot
POLL = 0.05


def text_of(message: dict[str, Any]) -> str:
    return message.get("text") or message.get("caption") or ""


def buttons_of(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in message.get("inline_keyboard") or [] for b in row]


class ChatClient:
    """One of the sandbox's people, in their private chat with the bot."""

    def __init__(self, http: aiohttp.ClientSession, web_url: str, user_id: int,
                 name: str) -> None:
        self.http = http
        self.url = f"{web_url}/api/chats/{user_id}"
        self.user_id = user_id
        self.name = name
        self.chat: dict[str, Any] = {"messages": [], "keyboard": None, "answers": []}

    # --- what the person sees ------------------------------------------------------------------
    async def look(self) -> dict[str, Any]:
        async with self.http.get(self.url) as response:
            assert response.status == 200, await response.text()
            self.chat = await response.json()
        return self.chat

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.chat["messages"]

    @property
    def bot_messages(self) -> list[dict[str, Any]]:
        return [m for m in self.messages if m["from_bot"]]

    @property
    def last(self) -> dict[str, Any]:
        return self.bot_messages[-1]

    async def mark(self) -> int:
        """The newest message id in the chat now: `wait_text(after=…)` looks past it."""
        await self.look()
        return max((m["id"] for m in self.messages), default=0)

    def transcript(self, count: int = 6) -> str:
        lines = []
        for message in self.messages[-count:]:
            who = "bot" if message["from_bot"] else self.name
            buttons = buttons_of(message)
            lines.append(f"  [{who} #{message['id']}] {text_of(message)[:300]!r}"
                         + (f" {buttons}" if buttons else ""))
        return "\n".join(lines)

    async def wait_for(self, check: Callable[[dict[str, Any]], T | None], what: str,
                       timeout: float = WAIT) -> T:
        """Look at the chat until `check` finds what the person waits for."""
        deadline = time.monotonic() + timeout
        while True:
            found = check(await self.look())
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} waited {timeout:.0f} s for {what}; the chat "
                                     f"ends with:\n{self.transcript()}")
            await asyncio.sleep(POLL)

    async def wait_text(self, *parts: str, after: int = 0,
                        timeout: float = WAIT) -> dict[str, Any]:
        """The newest bot message (newer than `after`) whose text contains every part."""
        def check(chat: dict[str, Any]) -> dict[str, Any] | None:
            for message in reversed(chat["messages"]):
                if message["from_bot"] and message["id"] > after and all(
                        part in text_of(message) for part in parts):
                    return message
            return None
        return await self.wait_for(check, f"a message with {parts!r}", timeout)

    async def wait_button(self, label: str, after: int = 0) -> dict[str, Any]:
        def check(chat: dict[str, Any]) -> dict[str, Any] | None:
            for message in reversed(chat["messages"]):
                if message["from_bot"] and message["id"] > after and any(
                        label in text for text in buttons_of(message)):
                    return message
            return None
        return await self.wait_for(check, f"a button {label!r}")

    def texts_after(self, mark: int) -> str:
        return "\n".join(text_of(m) for m in self.bot_messages if m["id"] > mark)

    # --- what the person does ------------------------------------------------------------------
    async def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        async with self.http.post(self.url + path, json=payload) as response:
            body = await response.json()
            assert response.status == 200, body
            return body

    async def send(self, text: str) -> None:
        await self._post("/messages", {"text": text})

    async def tap(self, label: str, message: dict[str, Any] | None = None) -> str:
        """Tap the inline button whose text contains `label`, on `message` or else on the newest
        bot message that has one. Returns the callback query id."""
        await self.look()
        candidates = [message] if message else list(reversed(self.bot_messages))
        for candidate in candidates:
            for r, row in enumerate(candidate.get("inline_keyboard") or []):
                for c, button in enumerate(row):
                    if label in button["text"] and not button.get("url"):
                        body = await self._post("/tap", {"message_id": candidate["id"],
                                                         "row": r, "column": c})
                        return str(body["callback_query_id"])
        raise AssertionError(f"{self.name} sees no button {label!r}; the chat ends with:\n"
                             f"{self.transcript()}")

    async def answer_to(self, query_id: str) -> dict[str, Any]:
        """The bot's answer to a tap (the toast or the alert a person sees)."""
        def check(chat: dict[str, Any]) -> dict[str, Any] | None:
            return next((a for a in chat["answers"] if a["callback_query_id"] == query_id),
                        None)
        return await self.wait_for(check, "the answer to a tap")

    async def press(self, label: str) -> None:
        """Press a button of the reply keyboard under the input field."""
        keyboard = (await self.look())["keyboard"]
        assert keyboard, f"{self.name} sees no keyboard"
        for r, row in enumerate(keyboard["rows"]):
            for c, button in enumerate(row):
                if label in button["text"]:
                    await self._post("/keyboard", {"row": r, "column": c})
                    return
        raise AssertionError(f"no keyboard button {label!r} in {keyboard['rows']}")

    async def share_contact(self) -> None:
        """Tap the keyboard's "share my number" button."""
        keyboard = (await self.look())["keyboard"]
        assert keyboard and not keyboard["hidden"], f"{self.name} sees no contact button"
        for r, row in enumerate(keyboard["rows"]):
            for c, button in enumerate(row):
                if button["contact"]:
                    await self._post("/keyboard", {"row": r, "column": c})
                    return
        raise AssertionError(f"no contact button in {keyboard['rows']}")

    async def upload(self, files: list[tuple[str, bytes, str]], *, as_photo: bool = True,
                     caption: str | None = None) -> aiohttp.ClientResponse:
        form = aiohttp.FormData(quote_fields=False)  # names in UTF-8, as browsers send them
        for name, content, mime in files:
            form.add_field("file", content, filename=name, content_type=mime)
        form.add_field("as", "photo" if as_photo else "document")
        if caption:
            form.add_field("caption", caption)
        async with self.http.post(self.url + "/files", data=form) as response:
            await response.read()
            return response

    async def send_photo(self, content: bytes, name: str = "photo.jpg") -> None:
        response = await self.upload([(name, content, "image/jpeg")])
        assert response.status == 200, response.status

    async def send_file(self, content: bytes, name: str, mime: str) -> None:
        response = await self.upload([(name, content, mime)], as_photo=False)
        assert response.status == 200, response.status

    async def download(self, file_id: str) -> tuple[bytes, str]:
        async with self.http.get(f"{self.url.split('/api/')[0]}/api/files/{file_id}",
                                 params={"download": "1"}) as response:
            assert response.status == 200
            return await response.read(), response.headers.get("Content-Disposition", "")


@dataclass
class BotProcess:
    """`python -m bot run` with the sandbox's token, polling the sandbox over HTTP."""

    process: asyncio.subprocess.Process
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)  # the way Ctrl-C stops it
            try:
                await asyncio.wait_for(self.process.wait(), 15)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


SETTINGS = ("BOT_TOKEN", "TELEGRAM_API_BASE", "DATABASE_URL", "DATA_DIR", "REVIEWER_IDS",
            "REVIEW_CHAT_ID", "SMS_WINDOW", "SMS_REMINDERS", "TICK_INTERVAL", "LOG_LEVEL")


async def start_bot(sandbox: Sandbox, api_url: str, root: Path, reviewer_id: int,
                    **settings: str) -> BotProcess:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env.update({
        "BOT_TOKEN": SANDBOX_TOKEN, "TELEGRAM_API_BASE": api_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{root / 'icp-bot.db'}",
        "DATA_DIR": str(root / "data"), "REVIEWER_IDS": str(reviewer_id), "LOG_LEVEL": "INFO",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        **settings,
    })
    log = root / "bot.log"
    polls_before = sandbox.calls["getUpdates"]  # a restarted bot is up when *it* polls
    with log.open("ab") as handle:  # appended: a restarted bot keeps the earlier runs
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=root, env=env, stdout=handle,
            stderr=asyncio.subprocess.STDOUT)
    bot = BotProcess(process, log)
    deadline = time.monotonic() + 60
    while sandbox.calls["getUpdates"] <= polls_before:  # it is up when it polls
        if process.returncode is not None or time.monotonic() > deadline:
            with contextlib.suppress(Exception):
                await bot.stop()
            raise AssertionError(f"the bot did not start polling; its log:\n{bot.output()}")
        await asyncio.sleep(POLL)
    return bot
