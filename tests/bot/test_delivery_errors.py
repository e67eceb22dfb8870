"""Every Bot API error class leaves a row in a sane state: order kept per chat, 401/404 pause the
bot without dead letters, moved groups followed, proxies' HTML pages retried, hopeless rows
become dead letters reviewers hear about, long notices split."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
import pytest
from sqlalchemy import select

from bot import notices
from bot.render.notices import applicant_notice
from bot.sender import BOT_PAUSE, MAX_ATTEMPTS
from bot.workflow import act
from dialogs.lifecycle import Action, Actor, Reason
from storage import outbox
from storage.models import ChatAlias, Filing, Outbox
from tests.support.app import REVIEWER, App
from tests.support.flaky import BAD_GATEWAY_PAGE, Failure
from tests.support.flaky import flaky_of as tg
from tests.support.flows import PERSONAL, filing_of, fill, submit_from_review
from tests.support.telegram import MAX_TEXT, Person

CHAT = 4343


async def queue(app: App, *texts: str, chat: int = CHAT) -> list[int]:
    ids = []
    async with app.sessionmaker() as session:
        for text in texts:
            key = f"{chat}:{text}"
            await outbox.enqueue(session, chat_id=chat, kind="test", dedupe_key=key, text=text,
                                 now=app.clock.now())
            ids.append((await session.execute(select(Outbox.id).where(
                Outbox.dedupe_key == key))).scalar_one())
        await session.commit()
    return ids


async def rows(app: App, ids: list[int]) -> list[Outbox]:
    async with app.sessionmaker() as session:
        found = [await session.get(Outbox, i) for i in ids]
    assert all(found)
    return found  # type: ignore[return-value]


def delivered(app: App, chat: int = CHAT) -> list[str]:
    return [m.text for m in app.tg.bot_messages(chat)]


async def until_due(app: App, ids: list[int]) -> None:
    """Move the clock to when every one of these rows is due."""
    waiting = [r.next_attempt_at for r in await rows(app, ids) if r.status == "pending"]
    app.clock.at = max([app.clock.now(), *waiting])


async def submitted(app: App, user_id: int) -> Person:
    person = app.person(user_id)
    await person.send("/new")
    await fill(app, person, PERSONAL)
    await submit_from_review(person)
    return person


async def decide(app: App, person: Person, action: Action, **kwargs: object) -> None:
    filing = await filing_of(app, person)
    assert filing is not None
    async with app.sessionmaker() as session:
        loaded = await session.get(Filing, filing.id)
        assert loaded is not None
        result = await act(session, app.services, loaded, action, actor=Actor.REVIEWER,
                           actor_ref="reviewer:1", **kwargs)  # type: ignore[arg-type]
        assert not hasattr(result, "msg"), result
        await session.commit()


@pytest.mark.parametrize("first", [
    Failure(429, "Too Many Requests: retry after 5", retry_after=5),
    Failure(0),  # the connection was reset
    Failure(502, body=BAD_GATEWAY_PAGE),
], ids=["429", "network", "html-502"])
async def test_a_failed_first_message_holds_back_the_rest_of_its_chat(flaky: App,
                                                                     first: Failure) -> None:
    tg(flaky).fail(CHAT, first)
    ids = await queue(flaky, "第 0 条", "第 1 条", "第 2 条")
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == []  # 1 and 2 wait behind 0
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == []  # still: 0 is not due yet
    await until_due(flaky, ids)
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == ["第 0 条", "第 1 条", "第 2 条"]


async def test_other_chats_go_on_while_one_waits(flaky: App) -> None:
    tg(flaky).fail(CHAT, Failure(429, "Too Many Requests: retry after 30", retry_after=30))
    await queue(flaky, "等待")
    await queue(flaky, "照常", chat=CHAT + 1)
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky, CHAT + 1) == ["照常"] and delivered(flaky) == []


async def test_an_html_502_from_a_proxy_is_retried(flaky: App) -> None:
    tg(flaky).fail(CHAT, Failure(502, body=BAD_GATEWAY_PAGE))
    ids = await queue(flaky, "你好")
    await flaky.services.sender.flush(flaky.bot)
    [row] = await rows(flaky, ids)
    assert row.status == "pending" and row.attempts == 1
    assert "<html>" not in (row.last_error or "")  # the page is not kept
    await until_due(flaky, ids)
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == ["你好"]
    assert len(tg(flaky).failed_calls(CHAT)) == 1  # a push is retried by its row, not inline


@pytest.mark.parametrize("exception", [
    aiohttp.ServerDisconnectedError(), TimeoutError(), ConnectionResetError(),
    RuntimeError("something nobody expected"),
], ids=["disconnected", "timeout", "reset", "unexpected"])
async def test_any_exception_leaves_the_row_pending_not_stuck(flaky: App,
                                                              exception: Exception) -> None:
    tg(flaky).fail(CHAT, Failure(0, exception=exception))
    ids = await queue(flaky, "你好")
    await flaky.services.sender.flush(flaky.bot)
    [row] = await rows(flaky, ids)
    assert row.status == "pending" and row.lease_until is None
    assert row.next_attempt_at == flaky.clock.now() + timedelta(seconds=2)
    await until_due(flaky, ids)
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == ["你好"]


@pytest.mark.parametrize("refusal", [
    Failure(401, "Unauthorized"),
    Failure(404, "Not Found"),
], ids=["401", "404"])
async def test_a_refused_token_pauses_sending_without_dead_letters(
        flaky: App, refusal: Failure, caplog: pytest.LogCaptureFixture) -> None:
    tg(flaky).fail(CHAT, refusal)
    ids = await queue(flaky, "一", "二")
    other = await queue(flaky, "三", chat=CHAT + 1)
    sent = await flaky.services.sender.flush(flaky.bot)
    assert sent == 0 or delivered(flaky, CHAT + 1) == ["三"]
    assert any(r.levelname == "ERROR" and "BOT_TOKEN" in r.getMessage() for r in caplog.records)
    for row in await rows(flaky, ids + other):
        assert row.status in ("pending", "sent") and row.attempts <= 1
    calls = len(tg(flaky).calls)
    flaky.clock.advance(BOT_PAUSE / 2)
    await flaky.services.sender.flush(flaky.bot)
    assert len(tg(flaky).calls) == calls  # paused: nothing is tried
    flaky.clock.advance(BOT_PAUSE)
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == ["一", "二"] and delivered(flaky, CHAT + 1) == ["三"]
    assert all(r.attempts == 1 for r in await rows(flaky, ids))  # the refusal did not count


async def test_a_group_that_became_a_supergroup_is_followed(flaky: App) -> None:
    old, new = -4001, -1004001
    flaky.settings.review_chat_id = old
    tg(flaky).fail(old, Failure(400, "Bad Request: group chat was upgraded to a supergroup chat",
                                migrate_to_chat_id=new))
    person = await submitted(flaky, 5201)
    assert flaky.tg.bot_messages(old) == []
    assert any("新提交，等待初审" in t for t in delivered(flaky, new))
    async with flaky.sessionmaker() as session:
        alias = await session.get(ChatAlias, old)
    assert alias is not None and alias.new_chat_id == new
    await person.send("/status")  # the next push to the group is queued to its new id at once
    await person.tap("撤回修改")
    await person.tap("确认撤回")
    calls_to_old = [c for c in flaky.tg.calls if c.params.get("chat_id") == old]
    assert len(calls_to_old) == 1
    assert "已撤回" in delivered(flaky, new)[-1]


async def test_the_attempt_cap_makes_a_dead_letter_reviewers_hear_of(flaky: App) -> None:
    person = await submitted(flaky, 5202)
    tg(flaky).fail(5202, *[Failure(500, "Internal Server Error")] * MAX_ATTEMPTS)
    await decide(flaky, person, Action.APPROVE)
    async with flaky.sessionmaker() as session:
        outbox_id = (await session.execute(select(Outbox.id).where(
            Outbox.chat_id == 5202, Outbox.kind == "approved_initial"))).scalar_one()
    reviewer = flaky.person(REVIEWER)
    mark = reviewer.mark()
    for _ in range(MAX_ATTEMPTS):
        await flaky.services.sender.flush(flaky.bot)
        [row] = await rows(flaky, [outbox_id])
        if row.status == "dead":
            break
        await until_due(flaky, [outbox_id])
    assert row.status == "dead" and row.attempts == MAX_ATTEMPTS
    filing = await filing_of(flaky, person)
    assert filing is not None and filing.number is not None
    told = [m.text for m in reviewer.since(mark)]
    assert len(told) == 1
    assert filing.number in told[0] and "“初审通过”通知无法送达申请人" in told[0]
    assert "多次重试仍然失败" in told[0]
    flaky.clock.advance(timedelta(hours=1))
    await flaky.services.sender.flush(flaky.bot)
    assert len(reviewer.since(mark)) == 1  # told once


async def test_a_refused_applicant_notice_is_told_to_reviewers_in_their_language(
        flaky: App) -> None:
    flaky.settings.reviewer_ids = [REVIEWER, 900003]
    english = flaky.person(900003, language="en")
    await english.send("/start")
    person = await submitted(flaky, 5203)
    tg(flaky).fail(5203, Failure(400, "Bad Request: chat not found"))
    await decide(flaky, person, Action.APPROVE)
    await flaky.services.sender.flush(flaky.bot)
    assert "Telegram 拒绝了这条消息" in flaky.person(REVIEWER).last.text
    assert "could not be delivered to the applicant" in english.last.text


async def test_a_413_is_a_dead_letter(flaky: App) -> None:
    tg(flaky).fail(CHAT, Failure(413, "Request Entity Too Large"))
    ids = await queue(flaky, "太大", "下一条")
    await flaky.services.sender.flush(flaky.bot)
    first, second = await rows(flaky, ids)
    assert first.status == "dead" and "413" in (first.last_error or "")
    assert second.status == "sent"  # a dead letter does not hold its chat back


async def test_a_rejection_with_eight_long_reasons_arrives_whole_in_two_messages(
        flaky: App) -> None:
    person = await submitted(flaky, 5204)
    targets = ["site1.name", "site1.name", "domains", "domains", "site1.name",
               "domains", "site1.name", "domains"]
    templates = ["site_name", "content_nature", "domain_not_verified", "domain_registrar",
                 "site_online", "site_online", "form_unsigned", "domain_not_verified"]
    notes = [f"第 {i} 条说明：" + "请按照管局最新要求核对并修改相关内容，" * 24 + f"<结尾 {i}>"
             for i in range(8)]
    reasons = [Reason(t, c, n) for t, c, n in zip(targets, templates, notes, strict=True)]
    filing = await filing_of(flaky, person)
    assert filing is not None
    text, _ = applicant_notice(filing, "rejected_initial", reasons, flaky.clock,
                               flaky.settings.sms_window)(flaky.services.texts("zh"))
    assert MAX_TEXT < len(text) < 2 * MAX_TEXT  # too long for one Telegram message
    mark = person.mark()
    await decide(flaky, person, Action.REJECT, reasons=reasons)
    await flaky.services.sender.flush(flaky.bot)
    came = person.since(mark)
    assert len(came) == 2
    assert came[0].buttons == [] and came[1].button_texts == ["修改信息"]
    whole = "\n".join(m.text for m in came)
    assert "初审未通过（8 项需修改）" in came[0].text
    for i in range(8):
        assert f"<结尾 {i}>" in whole  # every reason, escaped user text intact


async def test_a_notice_with_broken_html_does_not_undo_the_decision(flaky: App) -> None:
    """A rendering bug must not block a reviewer's decision: the notice is queued, Telegram
    refuses it, and reviewers hear that the applicant did not get it."""
    person = await submitted(flaky, 5205)
    filing = await filing_of(flaky, person)
    assert filing is not None and filing.number is not None

    def broken(_texts: object) -> tuple[str, None]:
        return "<b>未闭合的标签", None

    async with flaky.sessionmaker() as session:
        await notices.to_applicant(session, flaky.services, filing, "approved_initial", "bug",
                                   broken)
        await session.commit()
    await flaky.services.sender.flush(flaky.bot)
    async with flaky.sessionmaker() as session:
        row = (await session.execute(select(Outbox).where(
            Outbox.chat_id == 5205, Outbox.dedupe_key.like("%:bug:%")))).scalar_one()
    assert row.status == "dead" and "can't parse entities" in (row.last_error or "")
    assert filing.number in flaky.person(REVIEWER).last.text
    assert "无法送达申请人" in flaky.person(REVIEWER).last.text
