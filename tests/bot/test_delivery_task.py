"""The sender as its own task: woken by new rows, never in the way of replies or of the tick;
a clean stop leaves nothing leased. Direct replies survive 429 and 5xx; replies and pushes
share one send budget with replies first."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.replies import SendBudget
from bot.scheduler import Ticker
from storage import outbox
from storage.models import Outbox
from tests.support.app import REVIEWER, App, make_app
from tests.support.flaky import ANY_CHAT, BAD_GATEWAY_PAGE, Failure, FlakyTelegram
from tests.support.telegram import Call

# Generous on a loaded 2-core machine: only ever reached when something is broken.
PATIENCE = 20.0


@pytest.fixture
async def paced(tmp_path: Path) -> AsyncIterator[App]:
    """The real limits: 25 pushes a second overall, one a second per chat."""
    application = await make_app(tmp_path, tg=FlakyTelegram())
    application.settings = Settings(_env_file=None, reviewer_ids=[REVIEWER], bot_token=None,
                                    send_rate=25, chat_rate=1, tick_interval=timedelta(seconds=1))
    application.restart()
    yield application
    await application.services.sender.stop()
    await application.engine.dispose()


async def backlog(app: App, chat: int, count: int, prefix: str = "推送") -> None:
    async with app.sessionmaker() as session:
        for i in range(count):
            await outbox.enqueue(session, chat_id=chat, kind="test", dedupe_key=f"{chat}:{i}",
                                 text=f"{prefix} {i}", now=app.clock.now())
        await session.commit()


async def until(condition: Callable[[], bool], what: str) -> None:
    """Wait (at most PATIENCE) until the fake Telegram's state satisfies `condition`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"waited {PATIENCE} s for {what}")
        await asyncio.sleep(0.02)


def sends_to(app: App, chat: int) -> list[Call]:
    return [c for c in app.tg.calls
            if c.method == "sendMessage" and c.params.get("chat_id") == chat]


def started(app: App) -> asyncio.Task[None]:
    return asyncio.create_task(app.services.sender.run(app.bot))


async def test_a_backlog_of_pushes_never_delays_a_reply(paced: App) -> None:
    await backlog(paced, REVIEWER, 60)
    applicant = paced.person(6001)
    task = started(paced)
    try:
        await until(lambda: len(sends_to(paced, REVIEWER)) >= 1, "the first push")
        await applicant.send("/status")
        reply = next(i for i, c in enumerate(paced.tg.calls)
                     if c.method == "sendMessage" and c.params.get("chat_id") == 6001)
        await until(lambda: len(sends_to(paced, REVIEWER)) >= 3, "the third push")
        third_push = [i for i, c in enumerate(paced.tg.calls) if c in
                      sends_to(paced, REVIEWER)][2]
        # Pushes to one chat go at one a second: the reply came before the 3rd, i.e. < 2 s.
        assert reply < third_push
    finally:
        await paced.services.sender.stop()
        await task


async def test_the_tick_never_waits_on_sending(paced: App) -> None:
    await backlog(paced, REVIEWER, 10)  # ten seconds of sending to one chat
    report = await asyncio.wait_for(Ticker(paced.services, paced.bot).tick(), PATIENCE / 4)
    assert report.fired == 0
    assert sends_to(paced, REVIEWER) == []  # the tick sent nothing itself


async def test_woken_by_new_rows_and_in_order(flaky: App) -> None:
    task = started(flaky)
    try:
        await backlog(flaky, 6002, 3, "第")
        flaky.services.sender.wake()
        await until(lambda: len(flaky.tg.bot_messages(6002)) == 3, "three pushes")
        assert [m.text for m in flaky.tg.bot_messages(6002)] == ["第 0", "第 1", "第 2"]
    finally:
        await flaky.services.sender.stop()
        await task


async def test_rows_added_by_another_process_are_found_without_a_wake(paced: App) -> None:
    task = started(paced)
    try:
        await asyncio.sleep(0)
        await backlog(paced, 6003, 1, "命令行")  # e.g. the CLI: no wake() reaches this process
        await until(lambda: len(paced.tg.bot_messages(6003)) == 1, "the poll")
    finally:
        await paced.services.sender.stop()
        await task


async def test_a_clean_stop_releases_what_it_claimed(paced: App) -> None:
    await backlog(paced, 6004, 3)
    task = started(paced)
    await until(lambda: len(sends_to(paced, 6004)) == 1, "the first push")
    for _ in range(200):  # the 2nd is claimed and waits for the chat's next second
        async with paced.sessionmaker() as session:
            if (await session.execute(select(Outbox.id).where(
                    Outbox.chat_id == 6004, Outbox.status == "sending"))).first():
                break
    await asyncio.wait_for(paced.services.sender.stop(), PATIENCE / 2)
    await asyncio.wait_for(task, PATIENCE / 2)
    async with paced.sessionmaker() as session:
        left = (await session.execute(select(Outbox).where(Outbox.chat_id == 6004)
                                      .order_by(Outbox.id))).scalars().all()
    statuses = [r.status for r in left]
    assert "sending" not in statuses  # nothing waits for a lease after a clean stop
    assert statuses[0] == "sent" and statuses[-1] == "pending"
    assert all(r.attempts == 0 and r.lease_until is None for r in left if r.status == "pending")
    sent_before = len(sends_to(paced, 6004))
    paced.restart()  # the next process picks up at once, without waiting for leases
    await paced.services.sender.flush(paced.bot)
    assert len(sends_to(paced, 6004)) == 3 and sent_before < 3


@pytest.mark.parametrize("failure", [
    Failure(429, "Too Many Requests: retry after 1", retry_after=1),
    Failure(502, body=BAD_GATEWAY_PAGE),
    Failure(500, "Internal Server Error"),
    Failure(0),
], ids=["429", "html-502", "500", "network"])
async def test_a_reply_that_meets_a_hiccup_is_tried_again(flaky: App, failure: Failure) -> None:
    assert isinstance(flaky.tg, FlakyTelegram)
    flaky.tg.fail(6005, failure)
    person = flaky.person(6005)
    await person.send("/help")
    assert len(flaky.tg.failed_calls(6005)) == 1
    assert person.messages and "可用的命令" in person.last.text  # the reply arrived after all


async def test_a_callback_answer_that_meets_a_429_is_tried_again(flaky: App) -> None:
    assert isinstance(flaky.tg, FlakyTelegram)
    person = flaky.person(6006)
    await person.send("/start")
    flaky.tg.fail(ANY_CHAT, Failure(429, "Too Many Requests: retry after 1", retry_after=1,
                                    method="answerCallbackQuery"))
    answered = len(flaky.tg.callback_answers)
    await person.tap(person.last_with_buttons().button_texts[0])
    assert len(flaky.tg.failed_calls()) == 1
    assert len(flaky.tg.callback_answers) > answered


async def test_a_reply_gives_up_on_a_long_flood_wait(flaky: App) -> None:
    assert isinstance(flaky.tg, FlakyTelegram)
    flaky.tg.fail(6007, Failure(429, "Too Many Requests: retry after 300", retry_after=300))
    person = flaky.person(6007)
    await asyncio.wait_for(person.send("/help"), PATIENCE)  # no 5-minute wait in a handler
    assert len(flaky.tg.failed_calls(6007)) == 1


class FakeTime:
    """Seconds that pass only when someone sleeps (for the budget's arithmetic)."""

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += max(0.0, seconds)
        await asyncio.sleep(0)


async def test_pushes_leave_replies_their_room() -> None:
    clock = FakeTime()
    budget = SendBudget(push_rate=25, total=30, now=clock.now, sleep=clock.sleep)
    pushes: list[float] = []

    async def push() -> None:
        await budget.push_slot()
        pushes.append(clock.now())

    budget.note(12)  # a burst of replies: they never wait
    for _ in range(40):
        await push()
    first_second = [t for t in pushes if t < 1.0]
    assert len(first_second) == 30 - 12  # pushes took only what replies left
    gaps = [b - a for a, b in itertools.pairwise(pushes)]
    assert min(gaps) >= 1 / 25 - 1e-9  # and never more than SEND_RATE
    everything = sorted([0.0] * 12 + pushes)
    for i, start in enumerate(everything):  # no second ever holds more than Telegram's 30
        assert sum(1 for t in everything[i:] if t < start + 1.0) <= 30
