"""A fake of Telegram at the network edge, and people who talk to the bot through it.

`FakeTelegram` is an aiogram session: every Bot API call the bot makes lands here instead of going
over the network. It answers in Telegram's shapes (parsed by aiogram's own response handling) and
refuses what Telegram refuses where it matters for us: malformed HTML in `parse_mode=HTML`, text
over 4096 characters, callback data over 64 bytes, "message is not modified". It keeps each
chat's messages as the user would see them (edits applied, buttons removed).

`Person` builds real `Update`s (messages, button taps, contacts, photos, files, stickers …) and
feeds them to the real `Dispatcher`.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

# Telegram's rules live with the sandbox Bot API server; this fake refuses through the same code.
from bot.sandbox.rules import (
    ALLOWED_TAGS,
    MAX_TEXT,
    TelegramError,
    check_markup,
    check_text,
    html_to_text,
    inline_markup,
    not_modified,
    parse_html,
    refuse_not_modified,
)

BOT_ID = 777000

__all__ = ["ALLOWED_TAGS", "BOT_ID", "MAX_TEXT", "FakeTelegram", "Person", "TelegramError",
           "html_to_text"]


@dataclass
class ChatMessage:
    """A message as it shows in the chat right now."""

    message_id: int
    from_bot: bool
    html: str = ""
    markup: dict[str, Any] | None = None
    document: str | None = None
    deleted: bool = False
    edits: int = 0
    kind: str = "text"  # text, document, photo

    @property
    def text(self) -> str:
        return html_to_text(self.html) if self.from_bot else self.html

    @property
    def buttons(self) -> list[dict[str, Any]]:
        if not self.markup:
            return []
        rows = self.markup.get("inline_keyboard") or self.markup.get("keyboard") or []
        return [b for row in rows for b in row]

    @property
    def button_texts(self) -> list[str]:
        return [b["text"] for b in self.buttons]

    @property
    def inline(self) -> bool:
        return bool(self.markup and self.markup.get("inline_keyboard"))


@dataclass
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class FakeTelegram(BaseSession):
    calls: list[Call] = field(default_factory=list)
    chats: dict[int, list[ChatMessage]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    commands: dict[str | None, list[dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1000)

    # --- the session contract ------------------------------------------------------------
    async def close(self) -> None:
        return None

    async def stream_content(self, url: str, headers: dict[str, Any] | None = None,
                             timeout: int = 30, chunk_size: int = 65536,
                             raise_for_status: bool = True) -> AsyncGenerator[bytes, None]:
        file_id = url.rsplit("/", 1)[-1]
        content = self.files[file_id]
        for i in range(0, len(content), chunk_size):
            yield content[i:i + chunk_size]

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType],
                           timeout: int | None = None) -> TelegramType:
        name = method.__api_method__
        params = {k: v for k, raw in method.model_dump(warnings=False).items()
                  if (v := self.prepare_value(raw, bot=bot, files={}, _dumps_json=False))
                  is not None}
        self.calls.append(Call(name, params))
        try:
            result = self._answer(name, params)
            body = {"ok": True, "result": result}
            status = 200
        except TelegramError as error:
            body = {"ok": False, "error_code": error.code, "description": error.description}
            status = error.code
        response = self.check_response(bot=bot, method=method, status_code=status,
                                       content=json.dumps(body))
        return response.result  # type: ignore[return-value]

    # --- Telegram's behaviour ------------------------------------------------------------
    def _message(self, chat_id: int, message: ChatMessage, text: str | None = None) -> dict:
        result: dict[str, Any] = {
            "message_id": message.message_id, "date": 1_790_000_000,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "icp-bot"},
        }
        if text is not None:
            result["text"] = text
        if message.markup and message.inline:
            result["reply_markup"] = message.markup
        if message.document:
            result["document"] = {"file_id": message.document, "file_unique_id": "d"}
        return result

    def _check_text(self, params: dict[str, Any], key: str = "text") -> str:
        return check_text(params, key)

    def _check_markup(self, markup: dict[str, Any] | None) -> None:
        check_markup(markup)

    def _find(self, chat_id: int, message_id: int) -> ChatMessage:
        for message in self.chats.get(chat_id, []):
            if message.message_id == message_id and not message.deleted:
                return message
        raise TelegramError(400, "Bad Request: message to edit not found")

    def _answer(self, name: str, p: dict[str, Any]) -> Any:
        if name == "sendMessage":
            plain = self._check_text(p)
            self._check_markup(p.get("reply_markup"))
            message = ChatMessage(next(self._ids), True, p["text"], p.get("reply_markup"))
            self.chats.setdefault(int(p["chat_id"]), []).append(message)
            return self._message(int(p["chat_id"]), message, plain)
        if name == "editMessageText":
            plain = self._check_text(p)
            self._check_markup(p.get("reply_markup"))
            message = self._find(int(p["chat_id"]), int(p["message_id"]))
            old, new = parse_html(message.html), parse_html(p["text"])
            if not_modified(old.text, old.entities, message.markup, new.text, new.entities,
                            p.get("reply_markup")):
                raise refuse_not_modified()
            message.html, message.markup = p["text"], p.get("reply_markup")
            message.edits += 1
            return self._message(int(p["chat_id"]), message, plain)
        if name == "editMessageReplyMarkup":
            self._check_markup(p.get("reply_markup"))
            message = self._find(int(p["chat_id"]), int(p["message_id"]))
            if inline_markup(message.markup) == inline_markup(p.get("reply_markup")):
                raise refuse_not_modified()
            message.markup = p.get("reply_markup")
            message.edits += 1
            return self._message(int(p["chat_id"]), message, message.text)
        if name == "deleteMessage":
            self._find(int(p["chat_id"]), int(p["message_id"])).deleted = True
            return True
        if name == "answerCallbackQuery":
            self.callback_answers.append(p)
            return True
        if name == "setMyCommands":
            self.commands[p.get("language_code")] = p["commands"]
            return True
        if name == "getFile":
            file_id = p["file_id"]
            if file_id not in self.files:
                raise TelegramError(400, "Bad Request: invalid file_id")
            return {"file_id": file_id, "file_unique_id": file_id,
                    "file_size": len(self.files[file_id]), "file_path": f"files/{file_id}"}
        if name in ("sendDocument", "sendPhoto"):
            field_name = "document" if name == "sendDocument" else "photo"
            self._check_text(p, "caption")
            self._check_markup(p.get("reply_markup"))
            message = ChatMessage(next(self._ids), True, p.get("caption", ""),
                                  p.get("reply_markup"), document=str(p.get(field_name)),
                                  kind=field_name)
            self.chats.setdefault(int(p["chat_id"]), []).append(message)
            result = self._message(int(p["chat_id"]), message)
            if name == "sendPhoto":
                result.pop("document", None)
                result["photo"] = [{"file_id": message.document, "file_unique_id": "p",
                                    "width": 1000, "height": 1414}]
            return result
        if name == "sendMediaGroup":
            results = []
            for item in p["media"]:
                self._check_text({"parse_mode": p.get("parse_mode"), **item}, "caption")
                message = ChatMessage(next(self._ids), True, item.get("caption", ""),
                                      document=str(item.get("media")), kind=item["type"])
                self.chats.setdefault(int(p["chat_id"]), []).append(message)
                result = self._message(int(p["chat_id"]), message)
                result.pop("document", None)
                result["photo"] = [{"file_id": message.document, "file_unique_id": "p",
                                    "width": 1000, "height": 1414}]
                results.append(result)
            return results
        if name in ("sendChatAction", "deleteWebhook", "close", "logOut"):
            return True
        if name == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "icp-bot", "username": "icp_bot"}
        raise TelegramError(404, f"Not Found: method {name} is not faked")

    # --- what tests read -----------------------------------------------------------------
    def bot_messages(self, chat_id: int) -> list[ChatMessage]:
        return [m for m in self.chats.get(chat_id, []) if m.from_bot and not m.deleted]


class Person:
    """Someone chatting with the bot in a private chat."""

    _update_ids = itertools.count(1)

    def __init__(self, tg: FakeTelegram, app: Any, user_id: int, language: str = "zh",
                 name: str = "Zhang") -> None:
        self.tg = tg
        self.app = app  # has .dp and .bot (replaced on restart)
        self.user_id = user_id
        self.language = language
        self.name = name
        self._file_ids = itertools.count(1)

    @property
    def dp(self) -> Dispatcher:
        return self.app.dp

    @property
    def bot(self) -> Bot:
        return self.app.bot

    def _user(self) -> dict[str, Any]:
        return {"id": self.user_id, "is_bot": False, "first_name": self.name,
                "language_code": self.language}

    def _message(self, **content: Any) -> dict[str, Any]:
        message_id = next(self.tg._ids)
        self.tg.chats.setdefault(self.user_id, []).append(
            ChatMessage(message_id, False, content.get("text", "")))
        return {"message_id": message_id, "date": 1_790_000_000,
                "chat": {"id": self.user_id, "type": "private"}, "from": self._user(), **content}

    def update(self, **update: Any) -> dict[str, Any]:
        """An update from this person, not yet delivered."""
        return {"update_id": next(self._update_ids), **update}

    async def _feed(self, **update: Any) -> None:
        """Telegram delivers the update: the app stores it in its inbox and handles it."""
        await self.app.deliver(self.update(**update))

    # --- what a person can do ------------------------------------------------------------
    async def send(self, text: str) -> None:
        entities = []
        if text.startswith("/"):
            entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        await self._feed(message=self._message(text=text, entities=entities))

    async def send_together(self, *texts: str) -> None:
        """Messages typed faster than the bot answers: all are sent (and numbered) before the
        bot handles the first."""
        await self.app.deliver(*(self.update(message=self._message(text=t)) for t in texts))

    async def edit(self, message_id: int, text: str) -> None:
        """Edit a message this person sent earlier."""
        await self._feed(edited_message={
            "message_id": message_id, "date": 1_790_000_000, "edit_date": 1_790_000_100,
            "chat": {"id": self.user_id, "type": "private"}, "from": self._user(), "text": text})

    async def set_membership(self, status: str) -> None:
        """Block ("kicked") or unblock ("member") the bot, as Telegram reports it."""
        old = "member" if status == "kicked" else "kicked"
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "icp-bot"}

        def member(state: str) -> dict[str, Any]:
            return {"status": state, "user": bot, **({"until_date": 0} if state == "kicked"
                                                     else {})}
        await self._feed(my_chat_member={
            "chat": {"id": self.user_id, "type": "private"}, "from": self._user(),
            "date": 1_790_000_000, "old_chat_member": member(old),
            "new_chat_member": member(status)})

    async def share_contact(self, phone: str) -> None:
        await self._feed(message=self._message(contact={"phone_number": phone,
                                                        "first_name": self.name,
                                                        "user_id": self.user_id}))

    def _file(self, content: bytes) -> str:
        file_id = f"f{self.user_id}-{next(self._file_ids)}"
        self.tg.files[file_id] = content
        return file_id

    async def send_album(self, *contents: bytes) -> None:
        """Several photos picked at once: Telegram sends them as separate messages of one
        media group, all numbered before the bot sees the first."""
        group = f"album{next(self._file_ids)}"
        await self.app.deliver(*(self.update(message=self._message(
            photo=self._sizes(content, 1280, 960), media_group_id=group))
            for content in contents))

    def _sizes(self, content: bytes, width: int, height: int) -> list[dict[str, Any]]:
        file_id = self._file(content)
        return [{"file_id": file_id + "s", "file_unique_id": file_id + "s", "width": 90,
                 "height": 90, "file_size": 1000},
                {"file_id": file_id, "file_unique_id": file_id, "width": width,
                 "height": height, "file_size": len(content)}]

    async def send_photo(self, content: bytes, width: int = 1280, height: int = 960,
                         caption: str | None = None, media_group: str | None = None) -> None:
        file_id = self._file(content)
        extra: dict[str, Any] = {"caption": caption} if caption is not None else {}
        if media_group:
            extra["media_group_id"] = media_group
        sizes = [{"file_id": file_id + "s", "file_unique_id": file_id + "s", "width": 90,
                  "height": 90, "file_size": 1000},
                 {"file_id": file_id, "file_unique_id": file_id, "width": width,
                  "height": height, "file_size": len(content)}]
        await self._feed(message=self._message(photo=sizes, **extra))

    async def send_file(self, content: bytes, file_name: str = "scan.jpg",
                        mime: str = "image/jpeg", file_size: int | None = None) -> None:
        file_id = self._file(content)
        document = {"file_id": file_id, "file_unique_id": file_id, "file_name": file_name,
                    "mime_type": mime, "file_size": file_size if file_size is not None
                    else len(content)}
        await self._feed(message=self._message(document=document))

    async def send_sticker(self) -> None:
        await self._feed(message=self._message(sticker={
            "file_id": "stk", "file_unique_id": "stk", "type": "regular", "width": 512,
            "height": 512, "is_animated": False, "is_video": False}))

    async def send_voice(self) -> None:
        await self._feed(message=self._message(voice={"file_id": "v", "file_unique_id": "v",
                                                      "duration": 3}))

    async def send_location(self) -> None:
        await self._feed(message=self._message(location={"latitude": 31.2,
                                                         "longitude": 121.5}))

    async def send_video(self) -> None:
        await self._feed(message=self._message(video={"file_id": "vid", "file_unique_id": "vid",
                                                      "width": 640, "height": 480,
                                                      "duration": 5}))

    async def tap(self, label: str, message: ChatMessage | None = None,
                  chat_id: int | None = None) -> None:
        """Tap the inline button whose text contains `label` on `message` (default: the newest
        bot message that has one, in the private chat or in the group `chat_id`)."""
        chat = chat_id or self.user_id
        candidates = [message] if message else reversed(self.tg.bot_messages(chat))
        for candidate in candidates:
            for button in candidate.buttons:
                if label in button["text"] and "callback_data" in button:
                    return await self.press(candidate, button["callback_data"], chat_id=chat)
        shown = [m.button_texts for m in self.tg.bot_messages(self.user_id)[-3:]]
        raise AssertionError(f"no button with {label!r}; last buttons: {shown}")

    async def press(self, message: ChatMessage, data: str, chat_id: int | None = None) -> None:
        """Press a button by its callback data (also a forged or stale one)."""
        chat = {"id": chat_id, "type": "supergroup", "title": "审核组"} if chat_id and \
            chat_id != self.user_id else {"id": self.user_id, "type": "private"}
        query = {"id": str(next(self._update_ids)), "from": self._user(),
                 "chat_instance": str(chat["id"]), "data": data,
                 "message": {"message_id": message.message_id, "date": 1_790_000_000,
                             "chat": chat,
                             "from": {"id": BOT_ID, "is_bot": True, "first_name": "icp-bot"},
                             "text": "…"}}
        await self._feed(callback_query=query)

    # --- what a person sees ----------------------------------------------------------------
    @property
    def messages(self) -> list[ChatMessage]:
        return self.tg.bot_messages(self.user_id)

    @property
    def last(self) -> ChatMessage:
        return self.messages[-1]

    def last_with_buttons(self) -> ChatMessage:
        return next(m for m in reversed(self.messages) if m.buttons)

    def mark(self) -> int:
        return len(self.messages)

    def since(self, mark: int) -> list[ChatMessage]:
        return self.messages[mark:]

    def text_since(self, mark: int) -> str:
        return "\n".join(m.text for m in self.since(mark))
