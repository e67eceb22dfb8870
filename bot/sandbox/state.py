"""The sandbox's Telegram, in memory: chats, messages, files, updates and the people in them.

`Sandbox` is Telegram as far as the bot and the simulated people can tell: private chats with
their messages (current text, formatting, inline keyboard, edits, deleted flag), the reply
keyboard each chat shows, files, pending updates, callback queries and their answers, the command
menu. People act through `Sandbox` methods (`send_text`, `tap`, `share_contact`, `send_files` …),
which create the `Update`s the bot fetches with getUpdates; everything that changes a chat is also
published to subscribers (the web chat) as events.

`bot.sandbox.botapi` serves it over HTTP. Refusals follow `bot.sandbox.rules`.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import itertools
import json
import logging
import mimetypes
import re
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox import BOT_NAME, BOT_USERNAME, PEOPLE, SANDBOX_TOKEN, Persona
from bot.sandbox.rules import (
    DOWNLOAD_LIMIT,
    MAX_ALBUM,
    MAX_CALLBACK_ANSWER,
    PHOTO_UPLOAD_LIMIT,
    UPLOAD_LIMIT,
    Parsed,
    TelegramError,
    bad_request,
    check_markup,
    inline_markup,
    not_modified,
    parse_text,
    refuse_not_modified,
)

log = logging.getLogger(__name__)

PHOTO_SIZES = (90, 320, 800, 1280)  # Telegram's s, m, x, y: the longest side of each size
PHOTO_QUALITY = 87
CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice",
                "upload_voice", "upload_document", "choose_sticker", "find_location",
                "record_video_note", "upload_video_note"}
MAX_POLL_TIMEOUT = 50
COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?")


class TooLarge(Exception):
    """An upload bigger than the limit it is read against."""


@dataclass
class Upload:
    """A file part of a request (the bot's upload, or a person's from the web chat)."""

    filename: str
    content: bytes
    content_type: str | None = None


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class Message:
    chat_id: int
    message_id: int
    date: int
    from_bot: bool
    sender: dict[str, Any]
    text: Parsed | None = None
    caption: Parsed | None = None
    photo: list[dict[str, Any]] | None = None
    document: dict[str, Any] | None = None
    contact: dict[str, Any] | None = None
    media_group_id: str | None = None
    reply_markup: dict[str, Any] | None = None  # the inline keyboard it carries now
    edit_date: int | None = None
    edits: int = 0
    deleted: bool = False

    def api(self, chat: dict[str, Any]) -> dict[str, Any]:
        """The Message object of the Bot API."""
        result: dict[str, Any] = {"message_id": self.message_id, "from": self.sender,
                                  "chat": chat, "date": self.date}
        if self.text is not None:
            result["text"] = self.text.text
            if self.text.entities:
                result["entities"] = self.text.entities
        if self.caption is not None and self.caption.text:
            result["caption"] = self.caption.text
            if self.caption.entities:
                result["caption_entities"] = self.caption.entities
        for key in ("photo", "document", "contact", "media_group_id", "edit_date"):
            value = getattr(self, key)
            if value is not None:
                result[key] = value
        if self.reply_markup:
            result["reply_markup"] = self.reply_markup
        return result

    def view(self) -> dict[str, Any]:
        """What the web chat shows: the formatting as a tree of allowed tags (never raw HTML),
        buttons without their callback data, files by id."""
        view: dict[str, Any] = {"id": self.message_id, "from_bot": self.from_bot,
                                "date": self.date, "edited": self.edits > 0}
        if self.text is not None:
            view["text"] = self.text.text
            view["tree"] = self.text.tree
        if self.caption is not None and self.caption.text:
            view["caption"] = self.caption.text
            view["caption_tree"] = self.caption.tree
        if self.photo:
            biggest = self.photo[-1]
            view["photo"] = {"file_id": biggest["file_id"], "width": biggest["width"],
                             "height": biggest["height"],
                             "thumb": self.photo[min(1, len(self.photo) - 1)]["file_id"]}
        if self.document:
            view["document"] = {k: self.document.get(k) for k in
                                ("file_id", "file_name", "mime_type", "file_size")}
        if self.contact:
            view["contact"] = {"phone_number": self.contact["phone_number"],
                               "first_name": self.contact.get("first_name", "")}
        if self.media_group_id:
            view["media_group_id"] = self.media_group_id
        if self.reply_markup:
            view["inline_keyboard"] = [
                [{"text": b["text"], "url": b.get("url")} if b.get("url") else {"text": b["text"]}
                 for b in row]
                for row in self.reply_markup["inline_keyboard"]]
        return view


@dataclass
class CallbackQuery:
    id: str
    user_id: int
    message_id: int
    data: str
    at: float
    answer: dict[str, Any] | None = None


@dataclass
class Chat:
    person: Persona
    language_code: str
    messages: list[Message] = field(default_factory=list)
    keyboard: dict[str, Any] | None = None  # the reply keyboard shown under the input field
    keyboard_hidden: bool = False  # a one-time keyboard after use (it can be shown again)
    answers: list[dict[str, Any]] = field(default_factory=list)  # callback answers, newest last
    subscribers: set[asyncio.Queue[dict[str, Any] | None]] = field(default_factory=set)

    def find(self, message_id: int) -> Message | None:
        for message in reversed(self.messages):
            if message.message_id == message_id:
                return message
        return None

    def keyboard_view(self) -> dict[str, Any] | None:
        if not self.keyboard:
            return None
        rows = [[{"text": b if isinstance(b, str) else b["text"],
                  "contact": bool(not isinstance(b, str) and b.get("request_contact"))}
                 for b in row] for row in self.keyboard["keyboard"]]
        return {"rows": rows, "hidden": self.keyboard_hidden,
                "placeholder": self.keyboard.get("input_field_placeholder"),
                "one_time": bool(self.keyboard.get("one_time_keyboard"))}


class Params:
    """A request's parameters, typed the way Telegram reads them (form fields are strings;
    objects and arrays arrive JSON-encoded)."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload]) -> None:
        self.values = values
        self.uploads = uploads

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def str(self, name: str) -> str | None:
        value = self.values.get(name)
        return None if value is None else str(value)

    def int(self, name: str, *, required: bool = False) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f"{name} is empty")
            return None
        if isinstance(value, bool):
            raise bad_request(f"field \"{name}\" must be of type Integer")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"field \"{name}\" must be of type Integer") from None

    def bool(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1")
        return bool(value)

    def json(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat_id(self) -> int | str:
        value = self.values.get("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        if isinstance(value, str) and value.startswith("@"):
            return value
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None


def _sniff_mime(content: bytes, filename: str | None) -> str:
    signatures = ((b"%PDF", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"),
                  (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF8", "image/gif"),
                  (b"PK\x03\x04", "application/zip"))
    for magic, mime in signatures:
        if content.startswith(magic):
            return mime
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1"):
        return "image/heic"
    guessed = mimetypes.guess_type(filename or "")[0]
    return guessed or "application/octet-stream"


def _photo_sizes(content: bytes) -> list[tuple[bytes, int, int]]:
    """What Telegram makes of a photo: JPEG copies with the longest side at most 90, 320, 800
    and 1280 pixels (only those not bigger than the original). Raises ValueError when the bytes
    are not an image."""
    from PIL import Image, ImageOps

    with contextlib.suppress(ImportError):
        from pillow_heif import register_heif_opener

        register_heif_opener()
    try:
        with Image.open(io.BytesIO(content)) as opened:
            opened.draft("RGB", (2560, 2560))
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except Exception as error:  # Pillow raises many kinds for bad input
        raise ValueError(str(error)) from error
    longest = max(image.size)
    sizes: list[tuple[bytes, int, int]] = []
    for limit in PHOTO_SIZES:
        copy = image.copy()
        copy.thumbnail((limit, limit))
        buffer = io.BytesIO()
        copy.save(buffer, "JPEG", quality=PHOTO_QUALITY)
        sizes.append((buffer.getvalue(), copy.width, copy.height))
        if limit >= longest:
            break
    return sizes


class Sandbox:
    """Telegram, in memory, for one bot and the simulated people."""

    def __init__(self, token: str = SANDBOX_TOKEN, people: tuple[Persona, ...] = PEOPLE,
                 *, bot_name: str = BOT_NAME, bot_username: str = BOT_USERNAME) -> None:
        self.token = token
        bot_id = int(token.split(":", 1)[0])
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": bot_name,
                         "username": bot_username}
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self.updates: list[dict[str, Any]] = []
        self.updates_made = 0  # every update ever queued for the bot (tests count handling)
        self.queries: dict[str, CallbackQuery] = {}
        self.commands: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
        self.calls: Counter[str] = Counter()
        self.closing = False
        # Ids keep growing across restarts of the sandbox (the bot's database remembers
        # message ids of earlier runs; a new message must not take one of them).
        base = int(time.time()) - 1_700_000_000
        self._message_ids = itertools.count(base)
        self._update_ids = itertools.count(base)
        self._file_numbers = itertools.count(1)
        self._query_ids = itertools.count(base)
        self._groups = itertools.count(base * 1000)
        self._wakeup = asyncio.Event()
        self._poll_generation = 0
        self.polls_waiting = 0
        self.last_poll = 0.0
        for person in people:
            self.add_person(person)

    # --- people and chats -------------------------------------------------------------------
    def add_person(self, person: Persona, language_code: str = "zh") -> Chat:
        chat = Chat(person, language_code)
        self.chats[person.user_id] = chat
        return chat

    def chat(self, chat_id: int | str) -> Chat:
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def user(self, chat: Chat) -> dict[str, Any]:
        return {"id": chat.person.user_id, "is_bot": False, "first_name": chat.person.first_name,
                "username": f"user{chat.person.user_id}", "language_code": chat.language_code}

    def chat_object(self, chat: Chat) -> dict[str, Any]:
        return {"id": chat.person.user_id, "type": "private",
                "first_name": chat.person.first_name, "username": f"user{chat.person.user_id}"}

    def set_language(self, user_id: int, language_code: str) -> None:
        self.chat(user_id).language_code = language_code
        self._publish(user_id, {"type": "person", "language_code": language_code})

    # --- events for the web chat --------------------------------------------------------------
    def subscribe(self, user_id: int) -> tuple[asyncio.Queue[dict[str, Any] | None],
                                               dict[str, Any]]:
        """A queue of the chat's events from now on, and the chat as it is now (taken in the
        same step, so nothing falls between them)."""
        chat = self.chat(user_id)
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        chat.subscribers.add(queue)
        return queue, self.snapshot(user_id)

    def unsubscribe(self, user_id: int, queue: asyncio.Queue[dict[str, Any] | None]) -> None:
        self.chat(user_id).subscribers.discard(queue)

    def snapshot(self, user_id: int) -> dict[str, Any]:
        chat = self.chat(user_id)
        return {"type": "snapshot", "user_id": user_id, "language_code": chat.language_code,
                "messages": [m.view() for m in chat.messages if not m.deleted],
                "keyboard": chat.keyboard_view(), "answers": chat.answers[-20:],
                "commands": self.commands_for(chat.language_code),
                "bot": self.bot_user, "bot_online": self.bot_online}

    def _publish(self, user_id: int, event: dict[str, Any]) -> None:
        for queue in self.chats[user_id].subscribers:
            queue.put_nowait(event)

    @property
    def bot_online(self) -> bool:
        return self.polls_waiting > 0 or time.monotonic() - self.last_poll < 5

    def close(self) -> None:
        """Shutting down: wake every long poll and end every event stream."""
        self.closing = True
        self._wakeup.set()
        for chat in self.chats.values():
            for queue in chat.subscribers:
                queue.put_nowait(None)

    # --- what people do ----------------------------------------------------------------------
    def _user_message(self, chat: Chat, **content: Any) -> Message:
        message = Message(chat.person.user_id, next(self._message_ids), int(time.time()), False,
                          self.user(chat), **content)
        chat.messages.append(message)
        self._publish(chat.person.user_id, {"type": "new", "message": message.view()})
        return message

    def _push_update(self, **update: Any) -> dict[str, Any]:
        data = {"update_id": next(self._update_ids), **update}
        self.updates.append(data)
        self.updates_made += 1
        self._wakeup.set()
        return data

    def _deliver(self, chat: Chat, message: Message) -> None:
        self._push_update(message=message.api(self.chat_object(chat)))

    def send_text(self, user_id: int, text: str) -> Message:
        chat = self.chat(user_id)
        if not text.strip():
            raise ValueError("an empty message cannot be sent")
        if len(text) > 4096:
            raise ValueError("a message is at most 4096 characters")
        entities = []
        for match in COMMAND.finditer(text):
            prefix = text[:match.start()]
            entities.append({"type": "bot_command", "offset": len(prefix.encode("utf-16-le"))
                             // 2, "length": len(match.group().encode("utf-16-le")) // 2})
        parsed = Parsed(text, entities, [text])
        message = self._user_message(chat, text=parsed)
        self._deliver(chat, message)
        return message

    def share_contact(self, user_id: int) -> Message:
        chat = self.chat(user_id)
        contact = {"phone_number": chat.person.phone, "first_name": chat.person.first_name,
                   "user_id": chat.person.user_id}
        message = self._user_message(chat, contact=contact)
        self._deliver(chat, message)
        return message

    def press_keyboard(self, user_id: int, row: int, column: int) -> Message:
        """A button of the reply keyboard: its text is sent, or the contact it asks for."""
        chat = self.chat(user_id)
        if not chat.keyboard:
            raise LookupError("this chat shows no keyboard")
        try:
            button = chat.keyboard["keyboard"][row][column]
        except (IndexError, TypeError):
            raise LookupError("no such keyboard button") from None
        self._used_keyboard(chat)
        if isinstance(button, dict) and button.get("request_contact"):
            return self.share_contact(user_id)
        return self.send_text(user_id, button if isinstance(button, str) else button["text"])

    def _used_keyboard(self, chat: Chat) -> None:
        if chat.keyboard and chat.keyboard.get("one_time_keyboard") and not chat.keyboard_hidden:
            chat.keyboard_hidden = True
            self._publish(chat.person.user_id, {"type": "keyboard",
                                                "keyboard": chat.keyboard_view()})

    def toggle_keyboard(self, user_id: int, hidden: bool) -> None:
        chat = self.chat(user_id)
        if chat.keyboard:
            chat.keyboard_hidden = hidden
            self._publish(user_id, {"type": "keyboard", "keyboard": chat.keyboard_view()})

    def tap(self, user_id: int, message_id: int, row: int, column: int) -> CallbackQuery:
        """Tap an inline button of a message in the person's chat."""
        chat = self.chat(user_id)
        message = chat.find(message_id)
        if message is None or message.deleted or not message.reply_markup:
            raise LookupError("this message has no buttons")
        try:
            button = message.reply_markup["inline_keyboard"][row][column]
        except (IndexError, TypeError):
            raise LookupError("no such button") from None
        if "callback_data" not in button:
            raise LookupError("this button opens a link; it sends nothing to the bot")
        query = CallbackQuery(str(next(self._query_ids) * 1000 + secrets.randbelow(1000)),
                              user_id, message_id, button["callback_data"], time.monotonic())
        self.queries[query.id] = query
        self._push_update(callback_query={
            "id": query.id, "from": self.user(chat),
            "message": message.api(self.chat_object(chat)),
            "chat_instance": str(user_id * 7919), "data": query.data})
        return query

    async def send_files(self, user_id: int, uploads: list[Upload], *, as_photo: bool,
                         caption: str | None = None) -> list[Message]:
        """Photos or files from a person; several at once are an album (one media_group_id,
        the caption on the first)."""
        chat = self.chat(user_id)
        if not uploads:
            raise ValueError("no file")
        if len(uploads) > MAX_ALBUM:
            raise ValueError(f"an album holds at most {MAX_ALBUM} files")
        group = str(next(self._groups)) if len(uploads) > 1 else None
        prepared = []
        for upload in uploads:
            sizes = None
            if as_photo and len(upload.content) <= PHOTO_UPLOAD_LIMIT:
                try:
                    sizes = await asyncio.to_thread(_photo_sizes, upload.content)
                except ValueError:
                    sizes = None  # not an image a phone would compress: it goes as a file
            prepared.append((upload, sizes))
        messages = []
        for index, (upload, sizes) in enumerate(prepared):
            text = Parsed(caption, [], [caption]) if caption and index == 0 else None
            if sizes:
                message = self._user_message(chat, photo=self._store_photo(sizes), caption=text,
                                             media_group_id=group)
            else:
                stored = self._store(upload.content, "documents", upload.filename,
                                     upload.content_type)
                message = self._user_message(chat, document=self._document(stored),
                                             caption=text, media_group_id=group)
            messages.append(message)
        for message in messages:
            self._deliver(chat, message)
        return messages

    # --- files -------------------------------------------------------------------------------
    def _store(self, content: bytes, folder: str, filename: str | None = None,
               mime: str | None = None, width: int | None = None,
               height: int | None = None) -> StoredFile:
        number = next(self._file_numbers)
        if not mime or mime == "application/octet-stream":
            mime = _sniff_mime(content, filename)
        extension = (mimetypes.guess_extension(mime) or "") if folder != "photos" else ".jpg"
        if filename and "." in filename:
            extension = "." + filename.rsplit(".", 1)[1][:8]
        stored = StoredFile(
            file_id=f"{folder[:3].upper()}{number}-{secrets.token_urlsafe(18)}",
            file_unique_id=f"U{number}{secrets.token_hex(4)}",
            file_path=f"{folder}/file_{number}{extension}", content=content,
            file_name=filename, mime_type=mime, width=width, height=height)
        self.files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _store_photo(self, sizes: list[tuple[bytes, int, int]]) -> list[dict[str, Any]]:
        result = []
        for content, width, height in sizes:
            stored = self._store(content, "photos", None, "image/jpeg", width, height)
            result.append({"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                           "width": width, "height": height, "file_size": stored.size})
        return result

    @staticmethod
    def _document(stored: StoredFile) -> dict[str, Any]:
        document = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                    "mime_type": stored.mime_type, "file_size": stored.size}
        if stored.file_name:
            document["file_name"] = stored.file_name
        return document

    def file_by_path(self, path: str) -> StoredFile | None:
        return self._files_by_path.get(path)

    # --- the Bot API ------------------------------------------------------------------------
    async def call(self, method: str, params: Params) -> Any:
        """Run one Bot API method; raises TelegramError for what Telegram refuses."""
        handler = self._methods().get(method.lower())
        if handler is None:
            raise TelegramError(404, "Not Found")
        self.calls[method] += 1
        result = handler(params)
        if asyncio.iscoroutine(result):
            result = await result
        return result

    def _methods(self) -> dict[str, Callable[[Params], Any]]:
        return {
            "getme": lambda p: self.bot_user | {"can_join_groups": False,
                                                "can_read_all_group_messages": False,
                                                "supports_inline_queries": False,
                                                "can_connect_to_business": False,
                                                "has_main_web_app": False},
            "getupdates": self._get_updates,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": lambda p: {"url": "", "has_custom_certificate": False,
                                         "pending_update_count": len(self.updates)},
            "setwebhook": self._set_webhook,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagecaption": self._edit_message_caption,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "sendphoto": self._send_photo,
            "senddocument": self._send_document,
            "sendmediagroup": self._send_media_group,
            "sendchataction": self._send_chat_action,
            "getfile": self._get_file,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "close": lambda p: True,
            "logout": lambda p: True,
        }

    async def _get_updates(self, p: Params) -> list[dict[str, Any]]:
        offset = p.int("offset") or 0
        limit = max(1, min(100, p.int("limit") or 100))
        timeout = max(0, min(MAX_POLL_TIMEOUT, p.int("timeout") or 0))
        self._poll_generation += 1
        generation = self._poll_generation
        self._wakeup.set()  # an older long poll still waiting is terminated (409 below)
        await asyncio.sleep(0)
        if offset < 0:
            self.updates = self.updates[offset:]
        elif offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        self.polls_waiting += 1
        try:
            while True:
                if generation != self._poll_generation:
                    raise TelegramError(409, "Conflict: terminated by other getUpdates request; "
                                             "make sure that only one bot instance is running")
                if self.updates or self.closing:
                    return self.updates[:limit]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                self._wakeup.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), remaining)
        finally:
            self.polls_waiting -= 1
            self.last_poll = time.monotonic()

    def _delete_webhook(self, p: Params) -> bool:
        if p.bool("drop_pending_updates"):
            self.updates.clear()
        return True

    def _set_webhook(self, p: Params) -> bool:
        raise bad_request("the sandbox serves getUpdates only; webhooks cannot reach this "
                          "machine")

    def _reply_markup(self, chat: Chat, p: Params) -> dict[str, Any] | None:
        markup = p.json("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        check_markup(markup)
        return markup

    def _apply_reply_keyboard(self, chat: Chat, markup: dict[str, Any] | None) -> None:
        if not markup:
            return
        if markup.get("keyboard") is not None:
            chat.keyboard, chat.keyboard_hidden = markup, False
        elif markup.get("remove_keyboard"):
            chat.keyboard, chat.keyboard_hidden = None, False
        else:
            return
        self._publish(chat.person.user_id, {"type": "keyboard", "keyboard": chat.keyboard_view()})

    def _bot_message(self, chat: Chat, markup: dict[str, Any] | None, **content: Any) -> Message:
        message = Message(chat.person.user_id, next(self._message_ids), int(time.time()), True,
                          self.bot_user, reply_markup=inline_markup(markup), **content)
        chat.messages.append(message)
        self._publish(chat.person.user_id, {"type": "new", "message": message.view()})
        self._apply_reply_keyboard(chat, markup)
        return message

    def _send_message(self, p: Params) -> dict[str, Any]:
        chat = self.chat(p.chat_id())
        text = parse_text(p.str("text"), p.str("parse_mode"))
        markup = self._reply_markup(chat, p)
        message = self._bot_message(chat, markup, text=text)
        return message.api(self.chat_object(chat))

    def _editable(self, p: Params) -> tuple[Chat, Message]:
        if p.raw("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self.chat(p.chat_id())
        message_id = p.int("message_id", required=True)
        message = chat.find(message_id or 0)
        if message is None or message.deleted:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return chat, message

    def _edited(self, chat: Chat, message: Message) -> dict[str, Any]:
        message.edits += 1
        message.edit_date = int(time.time())
        self._publish(chat.person.user_id, {"type": "edit", "message": message.view()})
        return message.api(self.chat_object(chat))

    def _edit_markup(self, p: Params) -> dict[str, Any] | None:
        markup = p.json("reply_markup")
        if markup is not None and (not isinstance(markup, dict)
                                   or "inline_keyboard" not in markup):
            raise bad_request("inline keyboard expected")
        check_markup(markup)
        return inline_markup(markup)

    def _edit_message_text(self, p: Params) -> dict[str, Any]:
        chat, message = self._editable(p)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        text = parse_text(p.str("text"), p.str("parse_mode"))
        markup = self._edit_markup(p)
        if not_modified(message.text.text, message.text.entities, message.reply_markup,
                        text.text, text.entities, markup):
            raise refuse_not_modified()
        message.text, message.reply_markup = text, markup
        return self._edited(chat, message)

    def _edit_message_caption(self, p: Params) -> dict[str, Any]:
        chat, message = self._editable(p)
        if message.text is not None:
            raise bad_request("there is no caption in the message to edit")
        caption = parse_text(p.str("caption"), p.str("parse_mode"), caption=True)
        markup = self._edit_markup(p)
        old = message.caption or Parsed("")
        if not_modified(old.text, old.entities, message.reply_markup, caption.text,
                        caption.entities, markup):
            raise refuse_not_modified()
        message.caption, message.reply_markup = caption, markup
        return self._edited(chat, message)

    def _edit_message_reply_markup(self, p: Params) -> dict[str, Any]:
        chat, message = self._editable(p)
        markup = self._edit_markup(p)
        if inline_markup(message.reply_markup) == markup:
            raise refuse_not_modified()
        message.reply_markup = markup
        return self._edited(chat, message)

    def _delete_message(self, p: Params) -> bool:
        chat = self.chat(p.chat_id())
        message = chat.find(p.int("message_id", required=True) or 0)
        if message is None or message.deleted:
            raise bad_request("message to delete not found")
        message.deleted = True
        self._publish(chat.person.user_id, {"type": "delete", "id": message.message_id})
        return True

    def _answer_callback_query(self, p: Params) -> bool:
        query = self.queries.get(p.str("callback_query_id") or "")
        if query is None or query.answer is not None:
            raise bad_request("query is too old and response timeout expired or query ID is "
                              "invalid")
        text = p.str("text") or ""
        if len(text) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answer = {"callback_query_id": query.id, "message_id": query.message_id,
                        "text": text, "show_alert": p.bool("show_alert"),
                        "url": p.str("url"), "at": int(time.time())}
        chat = self.chat(query.user_id)
        chat.answers.append(query.answer)
        self._publish(query.user_id, {"type": "answer", "answer": query.answer})
        return True

    def _input_file(self, p: Params, value: Any, limit: int) -> Upload | StoredFile:
        """A file parameter: an upload ("attach://name", or the part itself) or a file_id."""
        if isinstance(value, Upload):
            upload = value
        elif isinstance(value, str) and value.startswith("attach://"):
            upload = p.uploads.get(value.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"file must be uploaded as \"{value}\"")
        elif isinstance(value, str) and value in self.files:
            return self.files[value]
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            raise bad_request("wrong file identifier/HTTP URL specified (the sandbox cannot "
                              "fetch URLs)")
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if not upload.content:
            raise bad_request("file must be non-empty")
        if len(upload.content) > limit:
            raise TelegramError(413, "Request Entity Too Large")
        return upload

    async def _photo(self, source: Upload | StoredFile) -> list[dict[str, Any]]:
        if isinstance(source, StoredFile):
            for chat in self.chats.values():
                for message in chat.messages:
                    if message.photo and any(s["file_id"] == source.file_id
                                             for s in message.photo):
                        return message.photo
            raise bad_request("wrong file identifier/HTTP URL specified")
        try:
            sizes = await asyncio.to_thread(_photo_sizes, source.content)
        except ValueError:
            raise bad_request("IMAGE_PROCESS_FAILED") from None
        return self._store_photo(sizes)

    def _stored_document(self, source: Upload | StoredFile) -> dict[str, Any]:
        if isinstance(source, StoredFile):
            return self._document(source)
        stored = self._store(source.content, "documents", source.filename, source.content_type)
        return self._document(stored)

    def _caption(self, p: Params, values: dict[str, Any] | None = None) -> Parsed | None:
        values = values if values is not None else p.values
        caption = values.get("caption")
        if caption is None:
            return None
        return parse_text(str(caption), values.get("parse_mode") or p.str("parse_mode"),
                          caption=True)

    async def _send_photo(self, p: Params) -> dict[str, Any]:
        chat = self.chat(p.chat_id())
        source = self._input_file(p, p.uploads.get("photo") or p.raw("photo"),
                                  PHOTO_UPLOAD_LIMIT)
        caption = self._caption(p)
        markup = self._reply_markup(chat, p)
        photo = await self._photo(source)
        message = self._bot_message(chat, markup, photo=photo, caption=caption)
        return message.api(self.chat_object(chat))

    async def _send_document(self, p: Params) -> dict[str, Any]:
        chat = self.chat(p.chat_id())
        source = self._input_file(p, p.uploads.get("document") or p.raw("document"),
                                  UPLOAD_LIMIT)
        caption = self._caption(p)
        markup = self._reply_markup(chat, p)
        message = self._bot_message(chat, markup, document=self._stored_document(source),
                                    caption=caption)
        return message.api(self.chat_object(chat))

    async def _send_media_group(self, p: Params) -> list[dict[str, Any]]:
        chat = self.chat(p.chat_id())
        media = p.json("media")
        if not isinstance(media, list) or not 2 <= len(media) <= MAX_ALBUM:
            raise bad_request("wrong number of media in the album: from 2 to 10 are allowed")
        kinds = {item.get("type") if isinstance(item, dict) else None for item in media}
        if not kinds <= {"photo", "video"} and kinds != {"document"} and kinds != {"audio"}:
            raise bad_request("MEDIA_INVALID: documents and audio can only be grouped with "
                              "their own kind")
        prepared = []
        for item in media:
            if item.get("type") == "video":
                raise bad_request("the sandbox does not take videos")
            limit = PHOTO_UPLOAD_LIMIT if item["type"] == "photo" else UPLOAD_LIMIT
            source = self._input_file(p, item.get("media"), limit)
            caption = self._caption(p, item)
            prepared.append((item["type"], source, caption))
        contents = []
        for kind, source, caption in prepared:
            if kind == "photo":
                contents.append({"photo": await self._photo(source), "caption": caption})
            else:
                contents.append({"document": self._stored_document(source), "caption": caption})
        group = str(next(self._groups))
        messages = [self._bot_message(chat, None, media_group_id=group, **content)
                    for content in contents]
        return [m.api(self.chat_object(chat)) for m in messages]

    def _send_chat_action(self, p: Params) -> bool:
        chat = self.chat(p.chat_id())
        action = p.str("action") or ""
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._publish(chat.person.user_id, {"type": "action", "action": action})
        return True

    def _get_file(self, p: Params) -> dict[str, Any]:
        stored = self.files.get(p.str("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.size > DOWNLOAD_LIMIT:
            raise bad_request("file is too big")
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": stored.size, "file_path": stored.file_path}

    @staticmethod
    def _scope(p: Params) -> str:
        scope = p.json("scope") or {"type": "default"}
        if not isinstance(scope, dict) or not scope.get("type"):
            raise bad_request("can't parse BotCommandScope JSON object")
        return str(scope["type"])

    def _set_my_commands(self, p: Params) -> bool:
        commands = p.json("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not re.fullmatch(
                    r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[(self._scope(p), p.str("language_code") or None)] = commands
        return True

    def _get_my_commands(self, p: Params) -> list[dict[str, Any]]:
        return self.commands.get((self._scope(p), p.str("language_code") or None), [])

    def _delete_my_commands(self, p: Params) -> bool:
        self.commands.pop((self._scope(p), p.str("language_code") or None), None)
        return True

    def commands_for(self, language_code: str) -> list[dict[str, Any]]:
        """The menu a private chat shows: its language's commands, else the default ones."""
        language = (language_code or "")[:2].lower() or None
        for scope in ("all_private_chats", "default"):
            for key in ((scope, language), (scope, None)):
                if key in self.commands:
                    return self.commands[key]
        return []
