"""The web chat: a browser page in which the simulated people talk to the bot.

Plain HTML, CSS and JavaScript from `static/` (no build step), and a small JSON API over the
`Sandbox`: the chat as it is (`GET /api/chats/<id>`), its changes as Server-Sent Events
(`/api/chats/<id>/events`: a snapshot first, then every new message, edit, deletion, keyboard
change, callback answer and chat action), and what a person can do (send text, tap an inline
button, press a reply-keyboard button, share the contact, send photos and files, change the
language). The end-to-end tests' client uses the same API.

A request the API cannot read is answered 400 with {"error": …}; an upload over Telegram's 20 MB
download limit 413. Meant for 127.0.0.1 only: it has no authentication.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import urllib.parse
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any

from aiohttp import BodyPartReader, web

from bot.sandbox import PEOPLE, Persona
from bot.sandbox.botapi import read_part
from bot.sandbox.rules import DOWNLOAD_LIMIT, MAX_ALBUM, TelegramError
from bot.sandbox.state import Sandbox, TooLarge, Upload

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
KEEPALIVE = 15.0  # seconds between comments on an idle event stream
LANGUAGES = {"zh": "zh-hans", "en": "en"}
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
FONT_PACKAGE, FONT_FILE = "manimgx_fonts_cjk", "NotoSansCJK-VF.otf.ttc"


class BadInput(Exception):
    """A request the API cannot act on (answered 400)."""


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status,
                             dumps=lambda o: json.dumps(o, ensure_ascii=False))


@web.middleware
async def _errors(request: web.Request,
                  handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                  ) -> web.StreamResponse:
    """Whatever a browser sends, it gets an answer and the sandbox keeps running."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except TooLarge:
        return _json({"error": "file_too_big", "limit": DOWNLOAD_LIMIT}, 413)
    except (BadInput, LookupError, ValueError, TypeError, UnicodeDecodeError) as error:
        return _json({"error": str(error) or type(error).__name__}, 400)
    except TelegramError as error:
        return _json({"error": error.description}, 400)
    except (ConnectionResetError, asyncio.CancelledError):
        raise
    except Exception:
        log.exception("web chat request %s %s failed", request.method, request.path)
        return _json({"error": "internal error"}, 500)


async def _body(request: web.Request) -> dict[str, Any]:
    if request.content_type != "application/json":
        raise BadInput("send a JSON object (Content-Type: application/json)")
    try:
        body = json.loads(await request.read() or b"{}")
    except ValueError:
        raise BadInput("the body is not JSON") from None
    if not isinstance(body, dict):
        raise BadInput("the body must be a JSON object")
    return body


def _int(body: dict[str, Any], name: str) -> int:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadInput(f"{name} must be a non-negative integer")
    return value


async def _read_files(request: web.Request) -> tuple[list[Upload], dict[str, str]]:
    uploads: list[Upload] = []
    fields: dict[str, str] = {}
    try:
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or not part.name:
                continue
            if part.filename is not None:
                if len(uploads) >= MAX_ALBUM:
                    raise BadInput(f"at most {MAX_ALBUM} files at once (an album)")
                content = await read_part(part, DOWNLOAD_LIMIT)
                if not content:
                    raise BadInput(f"{part.filename} is empty")
                uploads.append(Upload(part.filename, content, part.headers.get("Content-Type")))
            else:
                fields[part.name] = (await read_part(part, 8192)).decode()
    except (AssertionError, RuntimeError, ValueError) as error:  # a malformed multipart body
        raise BadInput(f"cannot read the multipart body: {error}") from None
    return uploads, fields


async def _drain(request: web.Request, cap: int = 512 * 1024 * 1024) -> None:
    read = 0
    with contextlib.suppress(Exception):
        while read < cap and (chunk := await request.content.readany()):
            read += len(chunk)


def _font_path() -> Path | None:
    try:
        path = Path(str(resources.files(FONT_PACKAGE) / FONT_FILE))
    except ModuleNotFoundError:
        return None
    return path if path.is_file() else None


def create_web_app(sandbox: Sandbox, people: tuple[Persona, ...] = PEOPLE) -> web.Application:
    known = {p.user_id: p for p in people}
    font_path = _font_path()

    def person_of(request: web.Request) -> int:
        try:
            user_id = int(request.match_info["user"])
        except ValueError:
            raise BadInput("not a person id") from None
        if user_id not in known:
            raise web.HTTPNotFound(text=json.dumps({"error": "no such person"}),
                                   content_type="application/json")
        return user_id

    async def index(request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    async def people_list(request: web.Request) -> web.Response:
        return _json({"bot": sandbox.bot_user, "bot_online": sandbox.bot_online,
                      "people": [{"key": p.key, "id": p.user_id, "name": p.first_name,
                                  "phone": p.phone, "label": {"zh": p.label_zh,
                                                              "en": p.label_en},
                                  "reviewer": p.reviewer,
                                  "language": sandbox.chat(p.user_id).language_code[:2]}
                                 for p in people]})

    async def status(request: web.Request) -> web.Response:
        return _json({"bot_online": sandbox.bot_online, "pending_updates": len(sandbox.updates),
                      "calls": dict(sandbox.calls)})

    async def chat(request: web.Request) -> web.Response:
        return _json(sandbox.snapshot(person_of(request)))

    async def events(request: web.Request) -> web.StreamResponse:
        user_id = person_of(request)
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                               "Cache-Control": "no-cache",
                                               "X-Accel-Buffering": "no"})
        await response.prepare(request)
        queue, snapshot = sandbox.subscribe(user_id)
        try:
            event: dict[str, Any] | None = snapshot
            while event is not None and not sandbox.closing:
                data = json.dumps(event, ensure_ascii=False)
                await response.write(f"event: {event['type']}\ndata: {data}\n\n".encode())
                try:
                    event = await asyncio.wait_for(queue.get(), KEEPALIVE)
                except TimeoutError:  # keeps the connection open; tells whether the bot polls
                    event = {"type": "ping", "bot_online": sandbox.bot_online}
        except (ConnectionResetError, ConnectionError):
            pass  # the tab was closed
        finally:
            sandbox.unsubscribe(user_id, queue)
        with contextlib.suppress(ConnectionError):
            await response.write_eof()
        return response

    async def send_text(request: web.Request) -> web.Response:
        user_id = person_of(request)
        text = (await _body(request)).get("text")
        if not isinstance(text, str):
            raise BadInput("text must be a string")
        message = sandbox.send_text(user_id, text)
        return _json({"message": message.view()})

    async def contact(request: web.Request) -> web.Response:
        message = sandbox.share_contact(person_of(request))
        return _json({"message": message.view()})

    async def keyboard(request: web.Request) -> web.Response:
        user_id = person_of(request)
        body = await _body(request)
        if "hidden" in body:
            sandbox.toggle_keyboard(user_id, bool(body["hidden"]))
            return _json({"ok": True})
        message = sandbox.press_keyboard(user_id, _int(body, "row"), _int(body, "column"))
        return _json({"message": message.view()})

    async def tap(request: web.Request) -> web.Response:
        user_id = person_of(request)
        body = await _body(request)
        query = sandbox.tap(user_id, _int(body, "message_id"), _int(body, "row"),
                            _int(body, "column"))
        return _json({"callback_query_id": query.id})

    async def language(request: web.Request) -> web.Response:
        user_id = person_of(request)
        code = (await _body(request)).get("language")
        if code not in LANGUAGES:
            raise BadInput("language must be zh or en")
        sandbox.set_language(user_id, LANGUAGES[code])
        return _json({"language": code})

    async def files(request: web.Request) -> web.Response:
        user_id = person_of(request)
        if not request.content_type.startswith("multipart/"):
            raise BadInput("send the files as multipart/form-data")
        try:
            uploads, fields = await _read_files(request)
        except TooLarge:
            await _drain(request)  # so that the browser reads the answer, not a reset
            raise
        if not uploads:
            raise BadInput("no file in the request")
        caption = fields.get("caption") or None
        if caption is not None and len(caption) > 1024:
            raise BadInput("a caption is at most 1024 characters")
        messages = await sandbox.send_files(user_id, uploads,
                                            as_photo=fields.get("as", "photo") == "photo",
                                            caption=caption)
        return _json({"messages": [m.view() for m in messages]})

    async def file(request: web.Request) -> web.Response:
        stored = sandbox.files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound(text="no such file")
        mime = stored.mime_type or "application/octet-stream"
        headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600",
                   "Content-Security-Policy": "default-src 'none'; sandbox"}
        if mime not in INLINE_TYPES or request.query.get("download"):
            # Anything but a picture is downloaded, never shown in the page's origin.
            name = stored.file_name or stored.file_path.rsplit("/", 1)[-1]
            quoted = urllib.parse.quote(name)
            headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quoted}"
        return web.Response(body=stored.content, content_type=mime, headers=headers)

    async def font(request: web.Request) -> web.StreamResponse:
        """Noto Sans CJK from the project's own font package, for machines without a Chinese
        font (a fresh headless Debian); browsers that have one never ask for it."""
        if font_path is None:
            raise web.HTTPNotFound()
        return web.FileResponse(font_path, headers={"Cache-Control": "max-age=86400",
                                                    "Content-Type": "font/collection"})

    @web.middleware
    async def security(request: web.Request,
                       handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                       ) -> web.StreamResponse:
        response = await handler(request)
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; "
            "script-src 'self'; connect-src 'self'; font-src 'self'; frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    app = web.Application(middlewares=[security, _errors],
                          client_max_size=DOWNLOAD_LIMIT * MAX_ALBUM + 1024 * 1024)
    app.router.add_get("/", index)
    app.router.add_static("/static/", STATIC)
    app.router.add_get("/font/cjk", font)
    app.router.add_get("/api/people", people_list)
    app.router.add_get("/api/status", status)
    app.router.add_get("/api/files/{file_id}", file)
    app.router.add_get("/api/chats/{user}", chat)
    app.router.add_get("/api/chats/{user}/events", events)
    app.router.add_post("/api/chats/{user}/messages", send_text)
    app.router.add_post("/api/chats/{user}/contact", contact)
    app.router.add_post("/api/chats/{user}/keyboard", keyboard)
    app.router.add_post("/api/chats/{user}/tap", tap)
    app.router.add_post("/api/chats/{user}/files", files)
    app.router.add_post("/api/chats/{user}/language", language)
    return app
