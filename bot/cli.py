"""The `icp-bot` command: `run` (the bot), `db upgrade` (migrations)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import Settings
from bot.logs import setup_logging

NO_TOKEN = """\
icp-bot: BOT_TOKEN is not set.

To run against Telegram, create a bot with @BotFather and start it with its token:
    BOT_TOKEN=123456:ABC... make run
(or put BOT_TOKEN=... in a .env file here). To use a self-hosted Bot API server, also set
TELEGRAM_API_BASE, e.g. TELEGRAM_API_BASE=http://127.0.0.1:8081.
The local sandbox that runs without a token is not part of this version yet.
"""


async def _upgrade(settings: Settings) -> None:
    from storage.db import make_engine
    from storage.migrate import upgrade

    engine = make_engine(settings.database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="icp-bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the bot (long polling)")
    db = commands.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"], help="apply the migrations")
    args = parser.parse_args(argv)

    settings = Settings()
    setup_logging(settings.log_level)
    if args.command == "db":
        asyncio.run(_upgrade(settings))
        print(f"database is up to date: {settings.database_url}")
        return 0
    if settings.bot_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot.runners import run_polling

    asyncio.run(_upgrade(settings))
    asyncio.run(run_polling(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
