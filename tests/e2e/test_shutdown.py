"""Stopping the bot as an operator does (issue G, item 7): `kill -TERM` from a service manager or
Ctrl-C in a terminal. The bot is its own process (`python -m bot run`) polling the sandbox.

What the operator sees: exit status 0 within seconds, a log that says it stopped and holds no
traceback, no worker process left behind. What people see: an update in flight when the signal
came is finished (their upload acknowledged), nothing is handled twice after the restart, and no
notice is left claimed (`sending`) by the stopped process.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.sandbox import APPLICANT_A, APPLICANT_B, REVIEWER, SANDBOX_TOKEN
from bot.sandbox.rules import TelegramError
from bot.sandbox.state import Params, Sandbox
from storage import outbox
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from tests.e2e.client import REPO, SETTINGS, BotProcess, text_of
from tests.e2e.conftest import Stage
from tests.e2e.flows import PERSONAL, answer_questions, question_line
from tests.support.images import document_photo
from tests.support.processes import dead, descendants

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(),
                                reason="the bot's worker processes are found in /proc")

DEADLINE = 30.0  # seconds to exit after the signal; ~1-2 s on an idle machine





async def until(condition: Callable[[], object], what: str,
                timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        await asyncio.sleep(0.05)


async def workers_of(bot: BotProcess) -> set[int]:
    """The bot's worker processes (started before it polls; one per spare core, at least one)."""
    await until(lambda: bool(descendants(bot.process.pid)), "the worker pool started")
    return descendants(bot.process.pid)


async def stopped_by(bot: BotProcess, sig: signal.Signals) -> tuple[int, float, str]:
    """Send `sig`; the exit status, the seconds it took and the whole log."""
    started = time.monotonic()
    bot.process.send_signal(sig)
    try:
        code = await asyncio.wait_for(bot.process.wait(), DEADLINE)
    except TimeoutError:
        raise AssertionError(f"still running {DEADLINE:.0f} s after {sig.name}; its log:\n"
                             f"{bot.output()}") from None
    return code, time.monotonic() - started, bot.log.read_text(errors="replace")


def assert_clean_exit(code: int, log: str) -> None:
    assert code == 0, f"exit status {code}; the log ends with:\n{log[-3000:]}"
    assert "Traceback" not in log, log[-3000:]
    assert "stopped" in log.splitlines()[-1], log[-3000:]


# --- tests -------------------------------------------------------------------------------
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_an_idle_bot_stops_cleanly_and_leaves_no_worker(stage: Stage,
                                                             sig: signal.Signals) -> None:
    bot = await stage.start_bot()
    workers = await workers_of(bot)

    code, took, log = await stopped_by(bot, sig)

    assert_clean_exit(code, log)
    await until(lambda: all(dead(pid) for pid in workers),
                f"the bot's worker processes {sorted(workers)} ended")
    print(f"{sig.name}: stopped in {took:.1f} s")


# --- Telegram slow on one call (the sandbox runs in this process) --------------------------
class Hold:
    """Calls of the Bot API matching `matches` wait until `release()`; then they go through,
    or (`fail_after`) are refused with a 502 as a proxy would, their caller long gone."""

    def __init__(self, sandbox: Sandbox, matches: Callable[[str, Params], bool], *,
                 fail_after: bool = False) -> None:
        self.reached = asyncio.Event()
        self._released = asyncio.Event()
        self.fail_after = fail_after
        original = sandbox.call

        async def call(method: str, params: Params) -> Any:
            if matches(method.lower(), params) and not self._released.is_set():
                self.reached.set()
                await self._released.wait()
                if self.fail_after:
                    raise TelegramError(502, "Bad Gateway")
            return await original(method, params)

        sandbox.call = call  # type: ignore[method-assign]

    def release(self) -> None:
        self._released.set()


def rows(database: Path, query: str, *args: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(query, args).fetchall()


async def restart(stage: Stage) -> BotProcess:
    """Start the bot again and wait until it polls (`stage.start_bot` only waits for a first
    poll ever)."""
    polls = stage.sandbox.calls["getUpdates"]
    bot = await stage.start_bot()
    await until(lambda: stage.sandbox.calls["getUpdates"] > polls or
                bot.process.returncode is not None, "the restarted bot polls", timeout=60)
    assert bot.process.returncode is None, bot.output()
    return bot


def documents(database: Path) -> list[tuple[Any, ...]]:
    """How many documents are stored for each slot."""
    return rows(database, "SELECT slot, count(*) FROM document GROUP BY slot ORDER BY slot")


async def wait_log(bot: BotProcess, line: str) -> None:
    await until(lambda: line in bot.log.read_text(errors="replace"), f"{line!r} in the log")


async def test_an_upload_in_flight_is_finished_before_the_exit_and_not_handled_again(
        stage: Stage) -> None:
    database = stage.root / "icp-bot.db"
    bot = await stage.start_bot()
    person = stage.person(APPLICANT_A)
    await person.send("/start")
    welcome = await person.wait_text("ICP 备案助手")
    await person.tap("开始备案", welcome)
    await answer_questions(person, PERSONAL, until="请上传", after=welcome["id"])
    # The front of the ID card goes through as usual (and the image checks are warm: a worker
    # that is still starting can take longer than the grace a stop gives an update).
    mark = await person.mark()
    await person.send_photo(document_photo(seed=10), "IMG_0010.jpg")
    question = await person.wait_text("国徽面", after=mark)
    # The back: Telegram is slow to hand the photo over; the bot has said it is checking.
    download = Hold(stage.sandbox, lambda method, _: method == "getfile")
    mark = await person.mark()
    await person.send_photo(document_photo(seed=11), "IMG_0011.jpg")
    await person.wait_text("正在检查", after=mark)
    await asyncio.wait_for(download.reached.wait(), DEADLINE)

    bot.process.send_signal(signal.SIGTERM)
    await wait_log(bot, "stopping: no new updates")  # the signal is taken: nothing new comes in
    download.release()
    code = await asyncio.wait_for(bot.process.wait(), DEADLINE)
    log = bot.log.read_text(errors="replace")

    assert_clean_exit(code, log)
    await person.look()
    said = person.texts_after(mark)
    assert said.count("✅ 已收到：") == 1, said
    newest = person.last  # the next question, after the receipt
    assert question_line(newest) not in (None, question_line(question)), said
    assert documents(database) == [("doc.subject_id_back", 1), ("doc.subject_id_front", 1)]

    # After a restart nothing of it is handled again.
    await restart(stage)
    mark = await person.mark()
    await person.send("/status")
    await person.wait_text("F-2026-", after=mark)
    assert "✅ 已收到：" not in person.texts_after(mark)
    assert documents(database) == [("doc.subject_id_back", 1), ("doc.subject_id_front", 1)]
    await until(lambda: rows(database, "SELECT update_id FROM inbox "
                                       "WHERE status NOT IN ('done', 'failed')") == [],
                "every update handled (the reply to /status goes out before its row is closed)")
    assert rows(database, "SELECT count(*) FROM inbox WHERE status = 'failed'") == [(0,)]


async def queue_notices(database: Path, notices: list[tuple[int, str]]) -> None:
    """Notices waiting in the outbox when the bot starts (an operator's decisions from the CLI
    while the bot was down leave the same)."""
    engine = make_engine(f"sqlite+aiosqlite:///{database}")
    try:
        await upgrade(engine)
        async with make_sessionmaker(engine)() as session:
            now = datetime.now(UTC)
            for number, (chat_id, text) in enumerate(notices):
                await outbox.enqueue(session, chat_id=chat_id, kind="notice",
                                     dedupe_key=f"shutdown-test-{number}", text=text, now=now)
            await session.commit()
    finally:
        await engine.dispose()


async def test_a_stop_with_notices_being_sent_leaves_none_claimed(stage: Stage) -> None:
    database = stage.root / "icp-bot.db"
    a_text, b_first, b_second = "通知甲：请查看备案进度", "通知乙一：材料齐了", "通知乙二：请补充"
    await queue_notices(database, [(APPLICANT_A.user_id, a_text),
                                   (APPLICANT_B.user_id, b_first),
                                   (APPLICANT_B.user_id, b_second)])
    # A's notice is on its way to Telegram when the signal comes (Telegram is slow to answer);
    # B's second waits for the chat's rate (one message per 20 s here), claimed.
    to_a = Hold(stage.sandbox, lambda method, params: method == "sendmessage" and str(
        params.raw("chat_id")) == str(APPLICANT_A.user_id), fail_after=True)
    bot = await stage.start_bot(CHAT_RATE="0.05")
    a, b = stage.person(APPLICANT_A), stage.person(APPLICANT_B)
    await b.wait_text(b_first)
    await asyncio.wait_for(to_a.reached.wait(), DEADLINE)
    await until(lambda: len(rows(database, "SELECT id FROM outbox WHERE status = 'sending'"))
                == 2, "A's notice and B's second claimed")

    code, _, log = await stopped_by(bot, signal.SIGINT)

    assert_clean_exit(code, log)
    assert rows(database, "SELECT payload, status FROM outbox WHERE status = 'sending'") == []
    to_a.release()  # what Telegram finally answers reaches no one

    # The next start sends them at once (no lease to wait out), each once.
    await restart(stage)
    await a.wait_text(a_text)
    await b.wait_text(b_second)
    await until(lambda: rows(database, "SELECT count(*) FROM outbox WHERE status = 'sent'")
                == [(3,)], "the three notices recorded as sent")
    await a.look()
    await b.look()
    assert [text_of(m) for m in a.bot_messages].count(a_text) == 1
    assert [text_of(m) for m in b.bot_messages].count(b_first) == 1
    assert [text_of(m) for m in b.bot_messages].count(b_second) == 1


def ticks_in_progress(log: str) -> int:
    """Reminder ticks started and not ended, as APScheduler logs them."""
    return log.count('Running job "Ticker._safe_tick') - log.count('Job "Ticker._safe_tick')


def ticks_skipped(log: str) -> int:
    """Ticks not started because the one before was still running."""
    return log.count("skipped: maximum number of running instances")


async def test_a_reminder_tick_in_progress_finishes_before_the_exit(stage: Stage) -> None:
    database = stage.root / "icp-bot.db"
    later = datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(hours=2)
    bot = await stage.start_bot(  # a draft left alone for 3 s is nudged, at any hour
        IDLE_REMINDERS="3s", TICK_INTERVAL="1s",
        QUIET_HOURS=f"{later:%H}:00-{later + timedelta(hours=1):%H}:00")
    person = stage.person(APPLICANT_A)
    await person.send("/start")
    welcome = await person.wait_text("ICP 备案助手")
    await person.tap("开始备案", welcome)
    await person.wait_text("已创建备案", after=welcome["id"])
    await until(lambda: rows(database, "SELECT update_id FROM inbox "
                                       "WHERE status NOT IN ('done', 'failed')") == [],
                "the updates handled (their rows closed after the replies)")
    # Another writer holds the database: the tick that fires the nudge waits for it (up to the
    # busy timeout) and is in progress when the signal comes.
    holder = sqlite3.connect(database, timeout=DEADLINE, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        assert rows(database, "SELECT status FROM reminder WHERE kind = 'idle' ORDER BY due_at "
                              "LIMIT 1") == [("pending",)], "the nudge fired before the lock"
        skipped = ticks_skipped(bot.log.read_text(errors="replace"))
        await until(lambda: ticks_skipped(bot.log.read_text(errors="replace")) > skipped,
                    "a tick still running when the next is due (waiting for the lock)")
        assert ticks_in_progress(bot.log.read_text(errors="replace")) == 1
        assert rows(database, "SELECT status FROM reminder WHERE kind = 'idle' "
                              "ORDER BY due_at LIMIT 1") == [("pending",)]
        bot.process.send_signal(signal.SIGTERM)
        # The lock goes once the stop has come to the tick (APScheduler says so).
        await until(lambda: any(line in bot.log.read_text(errors="replace") for line in (
            "Paused scheduler job processing", "Scheduler has been shut down")),
            "the stop at the tick")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    code = await asyncio.wait_for(bot.process.wait(), DEADLINE)
    log = bot.log.read_text(errors="replace")

    assert_clean_exit(code, log)
    assert "raised an exception" not in log and "tick failed" not in log
    assert ticks_in_progress(log) == 0
    # The tick did its work: the first nudge fired, queued for the applicant (sent after the
    # restart), once.
    assert rows(database, "SELECT status FROM reminder WHERE kind = 'idle' "
                          "ORDER BY due_at LIMIT 1") == [("done",)]
    assert rows(database, "SELECT count(*) FROM outbox WHERE kind = 'idle'") == [(1,)]


async def test_a_stop_during_start_up_exits_cleanly(stage: Stage) -> None:
    """SIGTERM while the bot applies its migrations (a service restarted right after a start):
    they finish, the bot does not start polling, exit 0, no traceback."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env.update({"BOT_TOKEN": SANDBOX_TOKEN, "TELEGRAM_API_BASE": stage.api.url,
                "DATABASE_URL": f"sqlite+aiosqlite:///{stage.root / 'icp-bot.db'}",
                "DATA_DIR": str(stage.root / "data"), "REVIEWER_IDS": str(REVIEWER.user_id),
                "LOG_LEVEL": "INFO", "PYTHONPATH": str(REPO)})
    log = stage.root / "start.log"
    with log.open("wb") as handle:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=stage.root, env=env, stdout=handle,
            stderr=asyncio.subprocess.STDOUT)
    try:
        await until(lambda: "alembic.runtime.migration" in log.read_text(errors="replace")
                    or process.returncode is not None, "the migrations started", timeout=60)
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), DEADLINE)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    output = log.read_text(errors="replace")

    assert code == 0, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert "stopped" in output.splitlines()[-1], output[-3000:]
    assert rows(stage.root / "icp-bot.db", "SELECT count(*) FROM alembic_version") == [(1,)]
