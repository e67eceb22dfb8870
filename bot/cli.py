"""The `icp-bot` command.

    icp-bot run                         the bot (long polling); without BOT_TOKEN the local
                                        sandbox: a web chat at http://127.0.0.1:8080
    icp-bot db upgrade                  apply the database migrations
    icp-bot review list                 filings waiting for the provider, longest wait first
    icp-bot review show NUMBER          a filing, its documents and its history
    icp-bot review approve NUMBER       pass the initial review
    icp-bot review reject NUMBER --reason TARGET:TEMPLATE[:NOTE] [--reason …]
    icp-bot filing advance NUMBER ACTION [--reason …] [--number 京ICP备…号] [--owner KEY]
    icp-bot registry import FILE.csv    known filings (subject_number, organizer_id,
                                        organizer_name, domain, site_number)
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

from bot.config import Settings
from bot.logs import setup_logging
from dialogs.lifecycle import Action


async def _upgrade(settings: Settings) -> None:
    from storage.db import make_engine
    from storage.migrate import upgrade

    engine = make_engine(settings.database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def _operate(settings: Settings, args: argparse.Namespace) -> int:
    from bot.clock import Clock
    from bot.i18n import tr
    from bot.operator import (
        Console,
        OperatorError,
        advance,
        registry_import,
        review_list,
        review_show,
    )
    from bot.render.question import plain
    from bot.services import make_services
    from storage.db import make_engine, make_sessionmaker
    from storage.files import FileStore

    engine = make_engine(settings.database_url)
    services = make_services(make_sessionmaker(engine), FileStore(settings.data_dir),
                             Clock(settings.tz), settings)
    console = Console(services, services.texts(args.lang), sys.stdout)
    try:
        if args.command == "review" and args.action == "list":
            await review_list(console)
        elif args.command == "review" and args.action == "show":
            await review_show(console, args.number)
        elif args.command == "review":
            action = Action.APPROVE if args.action == "approve" else Action.REJECT
            await advance(console, args.number, action, reasons=args.reason or [])
        elif args.command == "filing":
            await advance(console, args.number, Action(args.action), reasons=args.reason or [],
                          subject_number=args.subject_number, owner=args.owner)
        elif args.command == "registry":
            count, problems = await registry_import(console, Path(args.file))
            for problem in problems:
                print(problem, file=sys.stderr)
            console.say(tr(console.texts, "cli-imported", count=count, refused=len(problems)))
            return 1 if problems else 0
        if settings.bot_token is not None:
            await _deliver(settings, services)
        return 0
    except OperatorError as error:
        print("icp-bot: " + plain(tr(console.texts, error.msg)), file=sys.stderr)
        return 2
    finally:
        await engine.dispose()


async def _deliver(settings: Settings, services: object) -> None:
    """With a token at hand, the notices an operator's action queued go out at once; without
    one the running bot sends them."""
    from bot.factory import create_bot
    from bot.services import Services

    assert isinstance(services, Services) and settings.bot_token is not None
    bot = create_bot(settings.bot_token.get_secret_value(), settings.telegram_api_base)
    try:
        await services.sender.flush(bot)
    finally:
        await bot.session.close()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="icp-bot", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the bot (long polling); without BOT_TOKEN, "
                                     "the local sandbox")
    db = commands.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"], help="apply the migrations")

    review = commands.add_parser("review", help="the initial review")
    review.add_argument("action", choices=["list", "show", "approve", "reject"])
    review.add_argument("number", nargs="?", help="our filing number, e.g. F-2026-000123")
    review.add_argument("--reason", action="append",
                        help="TARGET:TEMPLATE[:NOTE], e.g. site1.name:site_name (repeatable)")

    filing = commands.add_parser("filing", help="move a filing through its life cycle")
    filing.add_argument("advance", choices=["advance"])
    filing.add_argument("number")
    filing.add_argument("action", choices=[a.value for a in Action if a is not Action.SUBMIT])
    filing.add_argument("--reason", action="append", help="TARGET:TEMPLATE[:NOTE]")
    filing.add_argument("--number", dest="subject_number", help="the subject filing number")
    filing.add_argument("--owner", help="for sms_done: the owner key, e.g. subject_owner")

    registry = commands.add_parser("registry", help="the filing registry")
    registry.add_argument("action", choices=["import"])
    registry.add_argument("file")
    for sub in (review, filing, registry):
        sub.add_argument("--lang", choices=["zh", "en"], default="zh",
                         help="language of the output")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "review" and args.action != "list" and not args.number:
        parser.error("this review action needs a filing number")

    settings = Settings()
    setup_logging(settings.log_level)
    if args.command == "db":
        asyncio.run(_upgrade(settings))
        print(f"database is up to date: {settings.database_url}")
        return 0
    if args.command in ("review", "filing", "registry"):
        asyncio.run(_upgrade(settings))
        return asyncio.run(_operate(settings, args))
    # Until the event loop takes the signals over (bot.runners.stop_on_signals), SIGTERM ends
    # the start-up as Ctrl-C does (KeyboardInterrupt: what was opened is closed, exit 0) rather
    # than killing the process where it stands.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        if settings.bot_token is None:
            # No token: the local sandbox (a Bot API stand-in, a web chat and the bot), whose
            # start-up banner also says how to run against Telegram.
            from bot.sandbox.run import run_sandbox

            return asyncio.run(run_sandbox(settings))
        return asyncio.run(_run(settings))
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM before the bot could take it as a stop
        print("icp-bot: stopped", file=sys.stderr)
        return 0


async def _run(settings: Settings) -> int:
    """Migrations, then the bot until SIGTERM or SIGINT; a signal during the migrations lets
    them finish and the bot does not start."""
    from bot.runners import run_polling, stop_on_signals

    stop = asyncio.Event()
    stop_on_signals(stop)
    await _upgrade(settings)
    if stop.is_set():
        print("icp-bot: stopped before polling", file=sys.stderr)
        return 0
    await run_polling(settings, stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
