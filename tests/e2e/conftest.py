"""The sandbox's servers on free ports for end-to-end tests, and the bot started against them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest

from bot.sandbox import REVIEWER, Persona
from bot.sandbox.botapi import Server, create_botapi_app, serve
from bot.sandbox.state import Sandbox
from bot.sandbox.web import create_web_app
from tests.e2e.client import BotProcess, ChatClient, start_bot


@dataclass
class Stage:
    sandbox: Sandbox
    api: Server
    web: Server
    http: aiohttp.ClientSession
    root: Path
    bots: list[BotProcess] = field(default_factory=list)

    def person(self, persona: Persona) -> ChatClient:
        return ChatClient(self.http, self.web.url, persona.user_id, persona.label_en)

    async def start_bot(self, **settings: str) -> BotProcess:
        bot = await start_bot(self.sandbox, self.api.url, self.root, REVIEWER.user_id,
                              **settings)
        self.bots.append(bot)
        return bot


@pytest.fixture
async def stage(tmp_path: Path) -> AsyncIterator[Stage]:
    sandbox = Sandbox()
    api = await serve(create_botapi_app(sandbox))
    web = await serve(create_web_app(sandbox))
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
    stage = Stage(sandbox, api, web, http, tmp_path)
    try:
        yield stage
    finally:
        for bot in stage.bots:
            await bot.stop()
        await http.close()
        sandbox.close()
        await web.stop()
        await api.stop()
