"""Reminders and the tick, with an injected clock (no sleeping): schedules, texts, relevance,
quiet hours, expiries, restarts and two tickers on one database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.scheduler import Ticker
from bot.workflow import act
from dialogs.lifecycle import Action, Actor, Reason
from dialogs.status import FilingStatus
from storage.models import Filing, Outbox, Reminder
from tests.support.app import REVIEWER, App, make_app
from tests.support.flaky import Failure, FlakyTelegram
from tests.support.flows import (
    COMPANY_TWO_SITES,
    PERSONAL,
    Text,
    filing_of,
    fill,
    submit_from_review,
)
from tests.support.images import document_photo
from tests.support.telegram import Person


async def tick(app: App, ticker: Ticker | None = None) -> None:
    """A tick, then what the sender task does when the tick wakes it."""
    await (ticker or Ticker(app.services, app.bot)).tick()
    await app.services.sender.flush(app.bot)


async def operator(app: App, person: Person, action: Action, **kwargs: object) -> None:
    """The back office moves the filing on (the same path reviewers and the CLI use)."""
    filing = await filing_of(app, person)
    assert filing is not None
    async with app.sessionmaker() as session:
        filing = await session.get(Filing, filing.id)
        assert filing is not None
        result = await act(session, app.services, filing, action, actor=Actor.OPERATOR,
                           actor_ref="operator:test", **kwargs)  # type: ignore[arg-type]
        assert not hasattr(result, "msg"), result
        await session.commit()
    await app.services.sender.flush(app.bot)


async def at_sms_window(app: App, user_id: int = 2001,
                        script: dict | None = None) -> Person:
    person = app.person(user_id)
    await person.send("/new")
    await fill(app, person, script or PERSONAL)
    await submit_from_review(person)
    await operator(app, person, Action.APPROVE)
    await person.send_photo(document_photo(seed=3))
    if script is COMPANY_TWO_SITES:
        await person.send_photo(document_photo(seed=4))
    await operator(app, person, Action.VERIFY_PASS)
    await operator(app, person, Action.TO_AUTHORITY)
    return person


def sms_reminders(person: Person) -> list[str]:
    return [m.text for m in person.messages if "还没有完成工信部短信核验" in m.text]


async def test_sms_reminders_at_each_offset_until_the_deadline(app: App) -> None:
    person = await at_sms_window(app)
    ticker = Ticker(app.services, app.bot)
    await tick(app, ticker)
    first = sms_reminders(person)
    assert len(first) == 1
    assert "张伟 还没有完成工信部短信核验，剩余 24 小时 0 分（截止 2026-12-01 10:00（北京时间））" \
        in first[0]
    for hours, expected in ((1, 2), (12, 3), (20, 4), (23, 5)):
        app.clock.at = datetime(2026, 11, 30, 2, 0, tzinfo=UTC) + timedelta(hours=hours)
        await tick(app, ticker)
        assert len(sms_reminders(person)) == expected
    assert "剩余 1 小时 0 分" in sms_reminders(person)[-1]
    await tick(app, ticker)
    assert len(sms_reminders(person)) == 5  # each reminder once

    # At the deadline the filing expires; the applicant is told how to resubmit, reviewers too.
    app.clock.at = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    await tick(app, ticker)
    filing = await filing_of(app, person)
    assert filing is not None and filing.status == FilingStatus.SMS_EXPIRED
    assert "短信核验已超时" in person.last.text and "重新提交" in person.last.text
    reviewer = app.person(REVIEWER)
    assert "短信核验超时" in reviewer.last.text

    # The applicant resubmits from the notice: the summary, then submission as before.
    await person.tap("继续备案")
    assert "核对信息" in person.last.text
    await submit_from_review(person)
    filing = await filing_of(app, person)
    assert filing is not None and filing.status == FilingStatus.SUBMITTED


async def test_a_confirmed_owner_gets_no_more_reminders(app: App) -> None:
    person = await at_sms_window(app, 2002, COMPANY_TWO_SITES)
    ticker = Ticker(app.services, app.bot)
    await tick(app, ticker)
    assert len(sms_reminders(person)) == 2  # 王芳 and 李娜
    await person.tap("王芳 已完成短信核验")
    app.clock.advance(timedelta(hours=1))
    await tick(app, ticker)
    later = sms_reminders(person)[2:]
    assert len(later) == 1 and "李娜" in later[0]
    async with app.sessionmaker() as session:
        cancelled = (await session.execute(select(func.count()).select_from(Reminder).where(
            Reminder.target == "subject_owner", Reminder.status == "cancelled"))).scalar()
    assert cancelled == 4  # 王芳's remaining reminders will never be sent


async def test_confirming_every_owner_stops_the_expiry(app: App) -> None:
    person = await at_sms_window(app, 2003)
    await person.tap("张伟 已完成短信核验")
    app.clock.advance(timedelta(hours=25))
    await tick(app)
    filing = await filing_of(app, person)
    assert filing is not None and filing.status == FilingStatus.AUTHORITY_REVIEW
    assert not sms_reminders(person)[1:]


async def test_an_sms_reminder_is_checked_again_when_it_is_sent(tmp_path: Path) -> None:
    """Queued, then held back (Telegram was down): the owner confirms meanwhile, so it is never
    sent."""
    app = await make_app(tmp_path, tg=FlakyTelegram())
    try:
        person = await at_sms_window(app, 2010)
        assert isinstance(app.tg, FlakyTelegram)
        app.tg.fail(2010, Failure(502, "Bad Gateway"))
        await tick(app)  # the 0 s reminder is queued; its first try fails
        assert sms_reminders(person) == []
        await person.tap("张伟 已完成短信核验")
        app.clock.advance(timedelta(minutes=1))
        await app.services.sender.flush(app.bot)
        assert sms_reminders(person) == []
        async with app.sessionmaker() as session:
            row = (await session.execute(select(Outbox).where(Outbox.kind == "sms"))
                   ).scalar_one()
        assert row.status == "cancelled"
    finally:
        await app.engine.dispose()


async def test_an_sms_reminder_is_not_sent_after_the_window_closed(tmp_path: Path) -> None:
    """Queued, then held back by Telegram past the deadline (before the expiry has fired)."""
    app = await make_app(tmp_path, tg=FlakyTelegram())
    try:
        person = await at_sms_window(app, 2011)
        assert isinstance(app.tg, FlakyTelegram)
        app.tg.fail(2011, Failure(429, "Too Many Requests: retry after 86400",
                                  retry_after=86400))
        await tick(app)  # the 0 s reminder is queued; Telegram says wait a day
        app.clock.advance(timedelta(hours=24, minutes=1))  # the window has closed
        await app.services.sender.flush(app.bot)
        assert sms_reminders(person) == []
    finally:
        await app.engine.dispose()


async def test_idle_draft_nudges_respect_activity_and_quiet_hours(app: App) -> None:
    person = app.person(2004)
    await person.send("/new")  # 2026-11-30 10:00 China time
    ticker = Ticker(app.services, app.bot)
    app.clock.advance(timedelta(hours=20))
    await person.send("北京")  # activity at 06:00 next day: the 24 h nudge moves
    app.clock.at = datetime(2026, 12, 1, 2, 30, tzinfo=UTC)  # 10:30, 24 h after creation
    await tick(app, ticker)
    assert not [m for m in person.messages if "备案还没有填写完成" in m.text]
    # 24 h after the activity is 06:00 on 2 December, inside quiet hours: it waits until 08:00.
    app.clock.at = datetime(2026, 12, 1, 22, 1, tzinfo=UTC)  # 06:01 China
    await tick(app, ticker)
    assert not [m for m in person.messages if "备案还没有填写完成" in m.text]
    app.clock.at = datetime(2026, 12, 2, 0, 0, tzinfo=UTC)  # 08:00 China
    await tick(app, ticker)
    nudges = [m for m in person.messages if "备案还没有填写完成" in m.text]
    assert len(nudges) == 1 and nudges[0].button_texts == ["继续备案"]


async def test_drafts_warn_at_40_days_and_expire_at_45(app: App) -> None:
    person = app.person(2005)
    await person.send("/new")
    ticker = Ticker(app.services, app.bot)
    app.clock.advance(timedelta(days=40, hours=1))
    await tick(app, ticker)
    assert "将在 5 天后失效" in person.last.text
    app.clock.advance(timedelta(days=5))
    await tick(app, ticker)
    filing = await filing_of(app, person)
    assert filing is not None and filing.status == FilingStatus.CANCELLED
    assert "备案已失效" in person.last.text


async def test_unanswered_rejection_reminders_and_expiry(app: App) -> None:
    person = app.person(2006)
    await person.send("/new")
    await fill(app, person, PERSONAL)
    await submit_from_review(person)
    await operator(app, person, Action.REJECT, reasons=[Reason("site1.name", "site_name")])
    ticker = Ticker(app.services, app.bot)
    app.clock.advance(timedelta(days=3))
    await tick(app, ticker)
    assert "审核意见还在等你修改" in person.last.text
    app.clock.advance(timedelta(days=4))
    await tick(app, ticker)
    assert len([m for m in person.messages if "审核意见还在等你修改" in m.text]) == 2
    app.clock.advance(timedelta(days=38))
    await tick(app, ticker)
    filing = await filing_of(app, person)
    assert filing is not None and filing.status == FilingStatus.CANCELLED


async def test_a_corrected_filing_gets_no_rejection_reminders(app: App) -> None:
    person = app.person(2007)
    await person.send("/new")
    await fill(app, person, PERSONAL)
    await submit_from_review(person)
    await operator(app, person, Action.REJECT, reasons=[Reason("site1.name", "site_name")])
    await person.tap("修改信息")
    await person.send("咖啡与代码")
    await person.send_photo(document_photo(seed=99))  # the re-signed form
    await person.tap("重新提交")
    await person.tap("继续提交")
    app.clock.advance(timedelta(days=8))
    await tick(app)
    assert not [m for m in person.messages if "审核意见还在等你修改" in m.text]


async def test_reviewers_are_flagged_after_one_working_day(app: App) -> None:
    app.clock.at = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)  # Friday 10:00 in Beijing
    person = app.person(2008)
    await person.send("/new")
    await fill(app, person, PERSONAL)
    await submit_from_review(person)
    reviewer = app.person(REVIEWER)
    ticker = Ticker(app.services, app.bot)
    app.clock.at = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)  # Sunday: not a working day yet
    await tick(app, ticker)
    assert "已等待初审超过 1 个工作日" not in reviewer.last.text
    app.clock.at = datetime(2026, 12, 7, 2, 1, tzinfo=UTC)  # Monday 10:01
    await tick(app, ticker)
    assert "已等待初审超过 1 个工作日" in reviewer.last.text


async def test_overdue_reminders_after_a_restart_are_sent_once_late(app: App) -> None:
    person = await at_sms_window(app, 2009)
    await tick(app)  # the 0 s reminder
    app.restart()  # the bot was down from here…
    app.clock.advance(timedelta(hours=21))  # …while the 1 h, 12 h and 20 h reminders fell due
    ticker = Ticker(app.services, app.bot)
    await tick(app, ticker)
    assert len(sms_reminders(person)) == 4  # each overdue one once, late
    await tick(app, ticker)
    assert len(sms_reminders(person)) == 4


async def test_two_tickers_on_one_database_never_double_send(app: App, tmp_path: Path) -> None:
    await _two_tickers(app)


async def test_two_tickers_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    app = await make_app(tmp_path, postgres_url)
    try:
        await _two_tickers(app)
    finally:
        await app.engine.dispose()


def resident_id(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights,
                                                                   strict=True)) % 11]


def other_person(i: int) -> dict:
    """A personal filing by someone else (organizer and domain must not be in flight twice)."""
    return {**PERSONAL, "organizer_name": Text(f"王{'一二三四五'[i]}"),
            "organizer_id": Text(resident_id(f"11010119900301{i}12")),
            "domains": Text(f"site{i}.cn")}


async def _two_tickers(app: App) -> None:
    people = [await at_sms_window(app, 3000 + i, other_person(i)) for i in range(3)]
    # Many due reminders and messages at once, two processes ticking together.
    app.clock.advance(timedelta(hours=23, minutes=30))
    other = App(app.root, app.engine, app.sessionmaker, app.tg, app.clock)
    await asyncio.gather(Ticker(app.services, app.bot).tick(),
                         Ticker(other.services, other.bot).tick())
    await asyncio.gather(app.services.sender.flush(app.bot),
                         other.services.sender.flush(other.bot))
    for person in people:
        assert len(sms_reminders(person)) == 5
    async with app.sessionmaker() as session:
        statuses = (await session.execute(select(Outbox.status, func.count())
                                          .group_by(Outbox.status))).all()
    assert dict(statuses).get("pending", 0) == 0 and dict(statuses).get("sending", 0) == 0
