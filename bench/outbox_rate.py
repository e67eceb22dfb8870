"""The outbox sender against a server that enforces Telegram's limits.

    .venv/bin/python bench/outbox_rate.py [--messages 10000] [--chats 1000]

A local Bot API stand-in answers 429 (retry_after 1) to any sendMessage above 30 messages in the
last second overall or above 1 per second to one chat. The sender (SEND_RATE 25, CHAT_RATE 1 by
default) sends 10,000 queued messages to 1,000 chats over real HTTP; the table shows the rate it
achieved against the configured one, the 429s it provoked and any message delivered twice.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections import Counter, deque
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiohttp import web
from sqlalchemy import func, insert, select

from bot.clock import Clock
from bot.config import Settings
from bot.factory import create_bot
from bot.services import make_services
from storage.db import make_engine, make_sessionmaker
from storage.files import FileStore
from storage.migrate import upgrade
from storage.models import Outbox

OVERALL_LIMIT = 30  # messages per second, as Telegram
CHAT_LIMIT = 1


class LimitedTelegram:
    def __init__(self) -> None:
        self.recent: deque[float] = deque()
        self.last_by_chat: dict[int, float] = {}
        self.delivered: Counter[str] = Counter()
        self.too_many = 0
        self.first = 0.0
        self.last = 0.0

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        data: dict[str, Any] = dict(await request.post())
        if method != "sendMessage":
            return web.json_response({"ok": True, "result": True})
        now = time.monotonic()
        while self.recent and now - self.recent[0] >= 1.0:
            self.recent.popleft()
        chat = int(data["chat_id"])
        if len(self.recent) >= OVERALL_LIMIT or now - self.last_by_chat.get(chat, -9) < 1.0:
            self.too_many += 1
            return web.json_response({"ok": False, "error_code": 429,
                                      "description": "Too Many Requests: retry after 1",
                                      "parameters": {"retry_after": 1}}, status=429)
        self.recent.append(now)
        self.last_by_chat[chat] = now
        self.delivered[str(data["text"])] += 1
        self.first = self.first or now
        self.last = now
        message = {"message_id": sum(self.delivered.values()), "date": int(time.time()),
                   "chat": {"id": chat, "type": "private"}, "text": data["text"]}
        return web.json_response({"ok": True, "result": message})


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=1_000)
    args = parser.parse_args()
    server = LimitedTelegram()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", server.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None)
        engine = make_engine(f"sqlite+aiosqlite:///{tmp}/bench.db")
        await upgrade(engine)
        services = make_services(make_sessionmaker(engine), FileStore(Path(tmp)), Clock(),
                                 settings)
        now = services.clock.now()
        async with services.sessionmaker() as session:
            await session.execute(insert(Outbox), [
                {"chat_id": 100_000 + i % args.chats, "kind": "bench",
                 "payload": {"text": f"message {i}"}, "dedupe_key": f"bench{i}",
                 "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now}
                for i in range(args.messages)])
            await session.commit()
        bot = create_bot("42:BENCH", f"http://127.0.0.1:{port}")
        started = time.monotonic()
        while True:
            await services.sender.flush(bot)
            async with services.sessionmaker() as session:
                left = (await session.execute(select(func.count()).select_from(Outbox).where(
                    Outbox.status != "sent"))).scalar_one()
            if not left:
                break
            await asyncio.sleep(0.2)
        elapsed = time.monotonic() - started
        await bot.session.close()
        await engine.dispose()
    await runner.cleanup()

    delivered = sum(server.delivered.values())
    duplicates = sum(n - 1 for n in server.delivered.values() if n > 1)
    sending = server.last - server.first
    rate = (delivered - 1) / sending if sending else 0.0
    print(f"{'messages / chats':<32}{args.messages:>8,} / {args.chats:,}")
    print(f"{'configured rate (msg/s)':<32}{settings.send_rate:>8.1f}")
    print(f"{'achieved rate (msg/s)':<32}{rate:>8.2f}  ({rate / settings.send_rate:.1%})")
    print(f"{'wall time (s)':<32}{elapsed:>8.1f}")
    print(f"{'429 answers':<32}{server.too_many:>8}")
    print(f"{'delivered':<32}{delivered:>8,}")
    print(f"{'duplicates':<32}{duplicates:>8}")
    print(json.dumps({"rate": round(rate, 2), "too_many": server.too_many,
                      "duplicates": duplicates}))


if __name__ == "__main__":
    asyncio.run(main())
