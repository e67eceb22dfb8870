"""The outbox sender against Telegram's answers: 429, 5xx, network errors, 403, 400, leases,
and the guarantee that a state change and its push are committed together."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from bot.workflow import act
from dialogs.lifecycle import Action, Actor, Reason
from dialogs.status import FilingStatus
from storage import outbox
from storage.models import Applicant, Filing, Outbox
from tests.support.app import REVIEWER, App, make_app
from tests.support.flaky import Failure, FlakyTelegram
from tests.support.flows import PERSONAL, filing_of, fill, submit_from_review

CHAT = 4242


async def queue(app: App, text: str = "你好", chat: int = CHAT, key: str = "k1") -> int:
    async with app.sessionmaker() as session:
        await outbox.enqueue(session, chat_id=chat, kind="test", dedupe_key=key, text=text,
                             now=app.clock.now())
        await session.commit()
        return (await session.execute(select(Outbox.id).where(Outbox.dedupe_key == key))
                ).scalar_one()


async def row(app: App, outbox_id: int) -> Outbox:
    async with app.sessionmaker() as session:
        found = await session.get(Outbox, outbox_id)
        assert found is not None
        return found


def delivered(app: App, chat: int = CHAT) -> list[str]:
    return [m.text for m in app.tg.bot_messages(chat)]


async def test_the_same_notice_is_queued_once(flaky: App) -> None:
    await queue(flaky, key="same")
    async with flaky.sessionmaker() as session:
        again = await outbox.enqueue(session, chat_id=CHAT, kind="test", dedupe_key="same",
                                     text="again", now=flaky.clock.now())
        await session.commit()
    assert again is False
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == ["你好"]


async def test_429_waits_for_retry_after(flaky: App) -> None:
    assert isinstance(flaky.tg, FlakyTelegram)
    flaky.tg.fail(CHAT, Failure(429, "Too Many Requests: retry after 7", retry_after=7))
    outbox_id = await queue(flaky)
    await flaky.services.sender.flush(flaky.bot)
    waiting = await row(flaky, outbox_id)
    assert waiting.status == "pending"
    assert waiting.next_attempt_at == flaky.clock.now() + timedelta(seconds=7)
    flaky.clock.advance(timedelta(seconds=6))
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == []  # not before retry_after
    flaky.clock.advance(timedelta(seconds=1))
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == ["你好"]
    assert (await row(flaky, outbox_id)).status == "sent"


async def test_server_and_network_errors_back_off_exponentially(flaky: App) -> None:
    assert isinstance(flaky.tg, FlakyTelegram)
    flaky.tg.fail(CHAT, Failure(502, "Bad Gateway"), Failure(0), Failure(500, "Internal"))
    outbox_id = await queue(flaky)
    delays = []
    for _ in range(3):
        before = flaky.clock.now()
        await flaky.services.sender.flush(flaky.bot)
        pending = await row(flaky, outbox_id)
        assert pending.status == "pending"
        delays.append((pending.next_attempt_at - before).total_seconds())
        flaky.clock.at = pending.next_attempt_at
    assert delays == [2, 4, 8]
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == ["你好"]


async def test_403_marks_the_applicant_unreachable_holds_and_tells_reviewers(
        flaky: App) -> None:
    assert isinstance(flaky.tg, FlakyTelegram)
    person = flaky.person(5005)
    await person.send("/new")
    await fill(flaky, person, PERSONAL)
    await submit_from_review(person)
    filing = await filing_of(flaky, person)
    assert filing is not None
    flaky.tg.fail(5005, Failure(403, "Forbidden: bot was blocked by the user"))
    async with flaky.sessionmaker() as session:
        loaded = await session.get(Filing, filing.id)
        assert loaded is not None
        await act(session, flaky.services, loaded, Action.APPROVE, actor=Actor.REVIEWER,
                  actor_ref="reviewer:1")
        await session.commit()
    await flaky.services.sender.flush(flaky.bot)
    async with flaky.sessionmaker() as session:
        applicant = (await session.execute(select(Applicant).where(
            Applicant.telegram_id == 5005))).scalar_one()
        assert applicant.unreachable is True
        held = (await session.execute(select(Outbox).where(Outbox.chat_id == 5005,
                                                           Outbox.kind == "approved_initial"))
                ).scalar_one()
        assert held.status == "held"  # kept for when they come back, not dropped
    reviewer = flaky.person(REVIEWER)
    assert "申请人已屏蔽机器人" in reviewer.last.text and filing.number in reviewer.last.text
    # Later notices are kept too, not sent.
    async with flaky.sessionmaker() as session:
        loaded = await session.get(Filing, filing.id)
        assert loaded is not None
        await act(session, flaky.services, loaded, Action.VERIFY_FAIL, actor=Actor.REVIEWER,
                  actor_ref="reviewer:1", reasons=[Reason("verification_photo",
                                                          "verification_photo")])
        await session.commit()
    before = len(delivered(flaky, 5005))
    await flaky.services.sender.flush(flaky.bot)
    assert len(delivered(flaky, 5005)) == before
    async with flaky.sessionmaker() as session:
        statuses = (await session.execute(select(Outbox.status).where(Outbox.chat_id == 5005,
                                                                      Outbox.sent_at.is_(None)))
                    ).scalars().all()
    assert statuses == ["held", "held"]


async def test_400_is_a_dead_letter_with_the_error(flaky: App) -> None:
    assert isinstance(flaky.tg, FlakyTelegram)
    flaky.tg.fail(CHAT, Failure(400, "Bad Request: chat not found"))
    outbox_id = await queue(flaky)
    await flaky.services.sender.flush(flaky.bot)
    dead = await row(flaky, outbox_id)
    assert dead.status == "dead" and "chat not found" in (dead.last_error or "")
    flaky.clock.advance(timedelta(hours=1))
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == []


async def test_a_row_stuck_in_sending_returns_after_its_lease(flaky: App) -> None:
    outbox_id = await queue(flaky)
    async with flaky.sessionmaker() as session:  # a worker claimed it, then died
        await outbox.claim(session, outbox_id, flaky.clock.now(), timedelta(seconds=60))
        await session.commit()
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == []  # still leased
    flaky.clock.advance(timedelta(seconds=61))
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == ["你好"]


async def test_messages_to_one_chat_keep_their_order(flaky: App) -> None:
    for i in range(5):
        await queue(flaky, text=f"第 {i} 条", key=f"order{i}")
    await flaky.services.sender.flush(flaky.bot)
    assert delivered(flaky) == [f"第 {i} 条" for i in range(5)]


async def test_a_rejection_and_its_push_are_committed_together(flaky: App) -> None:
    person = flaky.person(6006)
    await person.send("/new")
    await fill(flaky, person, PERSONAL)
    await submit_from_review(person)
    filing = await filing_of(flaky, person)
    assert filing is not None
    async with flaky.sessionmaker() as session:
        loaded = await session.get(Filing, filing.id)
        assert loaded is not None
        await act(session, flaky.services, loaded, Action.REJECT, actor=Actor.REVIEWER,
                  actor_ref="reviewer:1", reasons=[Reason("site1.name", "site_name")])
        # The process fails between the change and the commit: neither survives.
        await session.rollback()
    unchanged = await filing_of(flaky, person)
    assert unchanged is not None and unchanged.status == FilingStatus.SUBMITTED
    async with flaky.sessionmaker() as session:
        pushes = (await session.execute(select(Outbox).where(
            Outbox.kind == "rejected_initial"))).scalars().all()
    assert pushes == []
    # And when it commits, both are there.
    async with flaky.sessionmaker() as session:
        loaded = await session.get(Filing, filing.id)
        assert loaded is not None
        await act(session, flaky.services, loaded, Action.REJECT, actor=Actor.REVIEWER,
                  actor_ref="reviewer:1", reasons=[Reason("site1.name", "site_name")])
        await session.commit()
        pushes = (await session.execute(select(Outbox).where(
            Outbox.kind == "rejected_initial"))).scalars().all()
    assert len(pushes) == 1


async def test_notices_to_an_unreachable_applicant_are_held_not_sent(flaky: App) -> None:
    person = flaky.person(7007)
    await person.send("/new")
    await fill(flaky, person, PERSONAL)
    await submit_from_review(person)
    async with flaky.sessionmaker() as session:
        await session.execute(update(Applicant).where(Applicant.telegram_id == 7007)
                              .values(unreachable=True))
        await session.commit()
    before = len(delivered(flaky, 7007))
    filing = await filing_of(flaky, person)
    assert filing is not None
    async with flaky.sessionmaker() as session:
        loaded = await session.get(Filing, filing.id)
        assert loaded is not None
        await act(session, flaky.services, loaded, Action.APPROVE, actor=Actor.REVIEWER,
                  actor_ref="reviewer:1")
        await session.commit()
    await flaky.services.sender.flush(flaky.bot)
    assert len(delivered(flaky, 7007)) == before
    async with flaky.sessionmaker() as session:
        mine = (await session.execute(select(Outbox).where(
            Outbox.chat_id == 7007, Outbox.kind == "approved_initial"))).scalar_one()
    assert mine.status == "held"


async def _two_senders_keep_each_chat_in_order(app: App) -> None:
    assert isinstance(app.tg, FlakyTelegram)
    chats = [8100 + c for c in range(5)]
    async with app.sessionmaker() as session:
        for i in range(6):
            for chat in chats:
                await outbox.enqueue(session, chat_id=chat, kind="test",
                                     dedupe_key=f"{chat}:{i}", text=f"第 {i} 条",
                                     now=app.clock.now())
        await session.commit()
    app.tg.fail(chats[0], Failure(429, "Too Many Requests: retry after 9", retry_after=9))
    other = App(app.root, app.engine, app.sessionmaker, app.tg, app.clock)
    await asyncio.gather(app.services.sender.flush(app.bot), other.services.sender.flush(other.bot))
    assert delivered(app, chats[0]) == []  # its head waits: neither process sends the rest
    for chat in chats[1:]:
        assert delivered(app, chat) == [f"第 {i} 条" for i in range(6)]  # once each, in order
    app.clock.advance(timedelta(seconds=9))
    await asyncio.gather(app.services.sender.flush(app.bot), other.services.sender.flush(other.bot))
    assert delivered(app, chats[0]) == [f"第 {i} 条" for i in range(6)]


async def test_two_senders_keep_each_chat_in_order(flaky: App) -> None:
    await _two_senders_keep_each_chat_in_order(flaky)


async def test_two_senders_keep_each_chat_in_order_on_postgresql(tmp_path: Path,
                                                                 postgres_url: str) -> None:
    app = await make_app(tmp_path, postgres_url, tg=FlakyTelegram())
    try:
        await _two_senders_keep_each_chat_in_order(app)
    finally:
        await app.engine.dispose()
