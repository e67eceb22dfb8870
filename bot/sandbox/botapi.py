"""A local Bot API server: what the bot uses of Telegram, over real HTTP (state in
`bot.sandbox.state`).

`create_botapi_app` serves the Bot API at /bot<token>/<method> and files at
/file/bot<token>/<path>, in Telegram's shapes: {"ok": true, "result": …} or
{"ok": false, "error_code": …, "description": …}. Bodies may be JSON, form-urlencoded or
multipart/form-data (aiogram sends multipart with JSON-encoded fields and uploads as parts named
by "attach://<name>"). Refusals follow `bot.sandbox.rules`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from bot.sandbox.rules import DOWNLOAD_LIMIT, MAX_ALBUM, UPLOAD_LIMIT, TelegramError, bad_request
from bot.sandbox.state import Params, Sandbox, TooLarge, Upload

log = logging.getLogger(__name__)

async def read_part(part: BodyPartReader, limit: int) -> bytes:
    """A multipart part's content, refusing (TooLarge) as soon as it exceeds `limit`."""
    chunks, size = [], 0
    while chunk := await part.read_chunk(256 * 1024):
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def read_params(request: web.Request, file_limit: int = UPLOAD_LIMIT
                      ) -> tuple[dict[str, Any], dict[str, Upload]]:
    """Query string and body (JSON, form-urlencoded or multipart) as Telegram reads them."""
    values: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.method != "POST" or not request.can_read_body:
        return values, uploads
    ctype = request.content_type
    if ctype == "application/json":
        try:
            body = json.loads(await request.read() or b"{}")
        except ValueError:
            raise bad_request("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        values.update(body)
    elif ctype.startswith("multipart/"):
        try:
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if not isinstance(part, BodyPartReader) or not part.name:
                    continue
                if part.filename is not None:
                    content = await read_part(part, file_limit)
                    uploads[part.name] = Upload(part.filename, content,
                                                part.headers.get("Content-Type"))
                else:
                    values[part.name] = (await read_part(part, 1024 * 1024)).decode()
        except TooLarge:
            raise TelegramError(413, "Request Entity Too Large") from None
        except (ValueError, UnicodeDecodeError, AssertionError) as error:
            raise bad_request(f"can't parse multipart body: {error}") from None
    else:
        try:
            values.update(await request.post())
        except ValueError:
            raise bad_request("can't parse the request body") from None
    return values, uploads


def _answer(result: Any = None, error: TelegramError | None = None) -> web.Response:
    if error is not None:
        return web.json_response(error.body(), status=error.code)
    return web.json_response({"ok": True, "result": result},
                             dumps=lambda o: json.dumps(o, ensure_ascii=False))


def create_botapi_app(sandbox: Sandbox) -> web.Application:
    async def method(request: web.Request) -> web.Response:
        if request.match_info["token"] != sandbox.token:
            return _answer(error=TelegramError(401, "Unauthorized"))
        name = request.match_info["method"]
        try:
            values, uploads = await read_params(request)
            result = await sandbox.call(name, Params(values, uploads))
        except TelegramError as error:
            if error.code != 404:
                log.debug("refused %s: %s", name, error.description)
            return _answer(error=error)
        except (KeyError, TypeError, ValueError, AttributeError) as error:  # a malformed field
            return _answer(error=bad_request(f"can't parse {name} parameters: {error}"))
        except Exception:
            log.exception("the sandbox failed on %s", name)
            return _answer(error=TelegramError(500, "Internal Server Error"))
        return _answer(result)

    async def download(request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != sandbox.token:
            return _answer(error=TelegramError(401, "Unauthorized"))
        stored = sandbox.file_by_path(request.match_info["path"])
        if stored is None or stored.size > DOWNLOAD_LIMIT:
            return _answer(error=TelegramError(404, "Not Found"))
        return web.Response(body=stored.content,
                            content_type=stored.mime_type or "application/octet-stream")

    async def on_shutdown(app: web.Application) -> None:
        sandbox.close()

    app = web.Application(client_max_size=UPLOAD_LIMIT * MAX_ALBUM + 1024 * 1024)
    app.router.add_route("*", "/bot{token}/{method}", method)
    app.router.add_get("/file/bot{token}/{path:.+}", download)
    app.on_shutdown.append(on_shutdown)
    return app


@dataclass
class Server:
    """A running aiohttp app on 127.0.0.1 (port 0 picks a free one)."""

    runner: web.AppRunner
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def stop(self) -> None:
        await self.runner.cleanup()


async def serve(app: web.Application, port: int = 0, host: str = "127.0.0.1") -> Server:
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError:
        await runner.cleanup()
        raise
    actual = next((address[1] for address in runner.addresses
                   if isinstance(address, tuple)), port)
    return Server(runner, host, actual)
