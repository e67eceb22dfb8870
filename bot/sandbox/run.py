"""`icp-bot run` (and `make run`) without BOT_TOKEN: the whole product on this machine.

One process, one event loop: the sandbox Bot API server on 127.0.0.1:8081, the web chat on
127.0.0.1:8080, and the bot itself — unchanged, the same `run_polling` as with Telegram — polling
the sandbox over HTTP with the sandbox's token. SQLite and uploaded files live under DATA_DIR as
usual; reminder durations default to minutes so that a demo sees them (the environment still
wins). Ctrl-C stops the bot, then the servers.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TextIO

from bot.config import Settings
from bot.sandbox import PEOPLE, REVIEWER, SANDBOX_TOKEN
from bot.sandbox.botapi import Server, create_botapi_app, serve
from bot.sandbox.state import Sandbox
from bot.sandbox.web import create_web_app

log = logging.getLogger(__name__)

WEB_PORT = 8080
API_PORT = 8081
# Demo-friendly durations, used only when the environment (or .env) does not set them.
DEMO_DURATIONS = {"sms_window": "10m", "sms_reminders": "0s,1m,5m,8m,9m", "tick_interval": "2s"}

TELEGRAM_ADVICE = """\
To run against Telegram, create a bot with @BotFather and start it with its token:
    BOT_TOKEN=123456:ABC... make run
(or put BOT_TOKEN=... in a .env file here). To use a self-hosted Bot API server, also set
TELEGRAM_API_BASE, e.g. TELEGRAM_API_BASE=http://127.0.0.1:8081."""


def _port(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise SystemExit(f"icp-bot: {name} must be a port number, not {value!r}")
    return int(value)


def sandbox_settings(base: Settings, api_url: str) -> tuple[Settings, dict[str, str]]:
    """The bot's settings in the sandbox: its token and Bot API, the reviewer persona among the
    reviewers, demo durations where the environment sets none. Also says where each duration
    came from."""
    overrides: dict[str, object] = {
        "bot_token": SANDBOX_TOKEN,
        "telegram_api_base": api_url,
        "reviewer_ids": sorted({*base.reviewer_ids, REVIEWER.user_id}),
    }
    sources: dict[str, str] = {}
    for name, value in DEMO_DURATIONS.items():
        if name in base.model_fields_set:
            sources[name] = "from the environment"
        else:
            overrides[name] = value
            sources[name] = "sandbox default"
    return Settings(**overrides), sources  # type: ignore[arg-type]


def _duration(value: object) -> str:
    from datetime import timedelta

    def one(delta: timedelta) -> str:
        seconds = int(delta.total_seconds())
        for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
            if seconds and seconds % size == 0:
                return f"{seconds // size}{unit}"
        return f"{seconds}s"

    if isinstance(value, list):
        return ",".join(one(v) for v in value)
    assert isinstance(value, timedelta)
    return one(value)


def banner(settings: Settings, sources: dict[str, str], web: Server, api: Server) -> str:
    people = ", ".join(f"{p.label_zh} ({p.label_en}, id {p.user_id})" for p in PEOPLE)
    durations = "\n".join(
        f"  {name.upper():<15} {_duration(getattr(settings, name)):<22} {sources[name]}"
        for name in DEMO_DURATIONS)
    return f"""\
icp-bot sandbox: BOT_TOKEN is not set, so the bot talks to a local stand-in for Telegram.

  Open {web.url} in a browser to chat with the bot.
  People: {people}.
  The reviewer (REVIEWER_IDS={",".join(map(str, settings.reviewer_ids))}) gets every submission.

  Bot API (local)  {api.url}   token {SANDBOX_TOKEN}
  Database         {settings.database_url}
  Files            {settings.data_dir}/
{durations}

{TELEGRAM_ADVICE}

Ctrl-C stops everything.
"""


async def _start(sandbox: Sandbox, web_port: int, api_port: int) -> tuple[Server, Server]:
    try:
        api = await serve(create_botapi_app(sandbox), api_port)
    except OSError as error:
        raise SystemExit(f"icp-bot: cannot listen on 127.0.0.1:{api_port} ({error.strerror});"
                         " set SANDBOX_API_PORT to a free port") from None
    try:
        web = await serve(create_web_app(sandbox), web_port)
    except OSError as error:
        await api.stop()
        raise SystemExit(f"icp-bot: cannot listen on 127.0.0.1:{web_port} ({error.strerror});"
                         " set SANDBOX_WEB_PORT to a free port") from None
    return web, api


async def run_sandbox(base: Settings, out: TextIO = sys.stdout) -> int:
    from bot.runners import run_polling
    from storage.db import make_engine
    from storage.migrate import upgrade

    web_port, api_port = _port("SANDBOX_WEB_PORT", WEB_PORT), _port("SANDBOX_API_PORT", API_PORT)
    sandbox = Sandbox()
    web, api = await _start(sandbox, web_port, api_port)
    try:
        settings, sources = sandbox_settings(base, api.url)
        engine = make_engine(settings.database_url)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()
        print(banner(settings, sources, web, api), file=out, flush=True)
        await run_polling(settings)  # returns on Ctrl-C (SIGINT) or SIGTERM
    finally:
        sandbox.close()
        await web.stop()
        await api.stop()
        print("icp-bot sandbox stopped.", file=out, flush=True)
    return 0
