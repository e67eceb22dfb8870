"""People who block the bot and come back: their notices are held, not dropped, and the ones that
still matter reach them, in order, when they return; a 403 marks only the person whose chat it
was, and reviewers are told who it was."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, select

from bot.reachability import person_blocked, person_returned
from bot.scheduler import Ticker
from bot.workflow import act
from dialogs.lifecycle import Action, Actor
from dialogs.status import FilingStatus
from storage import outbox
from storage.models import Applicant, Filing, Outbox
from tests.support.app import REVIEWER, App
from tests.support.flaky import Failure
from tests.support.flaky import flaky_of as tg
from tests.support.flows import PERSONAL, filing_of, fill, submit_from_review
from tests.support.images import document_photo
from tests.support.telegram import Person

BLOCKED = Failure(403, "Forbidden: bot was blocked by the user")
OTHER_REVIEWER = 900002


async def operator(app: App, person: Person, action: Action) -> None:
    filing = await filing_of(app, person)
    assert filing is not None
    async with app.sessionmaker() as session:
        filing = await session.get(Filing, filing.id)
        assert filing is not None
        result = await act(session, app.services, filing, action, actor=Actor.OPERATOR,
                           actor_ref="operator:test")
        assert not hasattr(result, "msg"), result
        await session.commit()
    await app.services.sender.flush(app.bot)


async def submitted(app: App, user_id: int) -> Person:
    person = app.person(user_id)
    await person.send("/new")
    await fill(app, person, PERSONAL)
    await submit_from_review(person)
    return person


async def verified(app: App, user_id: int) -> Person:
    """A filing waiting to be submitted to the authority (the SMS window opens next)."""
    person = await submitted(app, user_id)
    await operator(app, person, Action.APPROVE)
    await person.send_photo(document_photo(seed=3))
    await operator(app, person, Action.VERIFY_PASS)
    return person


async def tick(app: App) -> None:
    await Ticker(app.services, app.bot).tick()
    await app.services.sender.flush(app.bot)


async def came_back(app: App, user_id: int) -> bool:
    """What the update path does when a person unblocks the bot or writes to it."""
    async with app.sessionmaker() as session:
        released = await person_returned(session, app.services, user_id)
        await session.commit()
    await app.services.sender.flush(app.bot)
    return released


async def applicant(app: App, user_id: int) -> Applicant | None:
    async with app.sessionmaker() as session:
        return (await session.execute(select(Applicant).where(
            Applicant.telegram_id == user_id))).scalar_one_or_none()


def sms_reminders(texts: list[str]) -> list[str]:
    return [t for t in texts if "还没有完成工信部短信核验" in t]


async def test_an_applicant_who_blocked_and_came_back_gets_the_sms_window(flaky: App) -> None:
    person = await verified(flaky, 5101)
    tg(flaky).fail(5101, BLOCKED)
    mark = person.mark()
    await operator(flaky, person, Action.TO_AUTHORITY)  # the SMS notice meets the block
    assert (await applicant(flaky, 5101)).unreachable is True  # type: ignore[union-attr]
    await tick(flaky)  # the 0 s reminder
    flaky.clock.advance(timedelta(hours=1))
    await tick(flaky)  # the 1 h reminder
    assert person.since(mark) == []  # nothing reaches a person who blocked the bot

    assert await came_back(flaky, 5101) is True
    texts = [m.text for m in person.since(mark)]
    assert "请在 24 小时内完成工信部短信核验" in texts[0]  # in their original order
    assert len(sms_reminders(texts)) == 2 and texts[1:] == sms_reminders(texts)
    assert (await applicant(flaky, 5101)).unreachable is False  # type: ignore[union-attr]

    flaky.clock.advance(timedelta(hours=11))
    await tick(flaky)  # the 12 h reminder goes out as usual
    assert len(sms_reminders([m.text for m in person.since(mark)])) == 3
    await person.tap("张伟 已完成短信核验")
    filing = await filing_of(flaky, person)
    assert filing is not None and filing.status == FilingStatus.AUTHORITY_REVIEW


async def test_held_notices_that_no_longer_matter_are_closed_on_return(flaky: App) -> None:
    person = await verified(flaky, 5102)
    tg(flaky).fail(5102, BLOCKED)
    mark = person.mark()
    await operator(flaky, person, Action.TO_AUTHORITY)
    await tick(flaky)  # an SMS reminder, held
    flaky.clock.advance(timedelta(hours=24))
    await tick(flaky)  # the window closes while they are away
    filing = await filing_of(flaky, person)
    assert filing is not None and filing.status == FilingStatus.SMS_EXPIRED

    assert await came_back(flaky, 5102) is True
    came = person.since(mark)
    assert len(came) == 1 and "短信核验已超时" in came[0].text  # what is true now, only
    assert came[0].button_texts == ["继续备案"]
    async with flaky.sessionmaker() as session:
        closed = (await session.execute(select(Outbox.kind).where(
            Outbox.chat_id == 5102, Outbox.status == outbox.CANCELLED).order_by(Outbox.id))
        ).scalars().all()
    assert closed == ["sms_opened", "sms"]


async def test_a_reviewer_who_blocks_is_marked_not_the_applicant(flaky: App) -> None:
    flaky.settings.reviewer_ids = [REVIEWER, OTHER_REVIEWER]
    tg(flaky).fail(REVIEWER, BLOCKED)
    person = await submitted(flaky, 5103)
    reviewer = await applicant(flaky, REVIEWER)
    assert reviewer is not None and reviewer.unreachable is True
    assert (await applicant(flaky, 5103)).unreachable is False  # type: ignore[union-attr]
    other = flaky.person(OTHER_REVIEWER)
    told = [m.text for m in other.messages]
    assert any("审核员 900001 已屏蔽机器人" in t and "暂存" in t for t in told)
    assert not any("申请人已屏蔽机器人" in t for t in told)  # no false alarm
    assert not any("屏蔽" in m.text for m in person.messages)

    # The reviewer comes back: the submission push they missed is still relevant.
    mark = flaky.person(REVIEWER).mark()
    assert await came_back(flaky, REVIEWER) is True
    missed = flaky.person(REVIEWER).since(mark)
    assert len(missed) == 1 and "新提交，等待初审" in missed[0].text


async def test_an_applicant_who_blocks_is_named_to_reviewers_once(flaky: App) -> None:
    person = await submitted(flaky, 5104)
    filing = await filing_of(flaky, person)
    assert filing is not None and filing.number is not None
    reviewer = flaky.person(REVIEWER)
    mark = reviewer.mark()
    for _ in range(2):  # e.g. my_chat_member, then a 403: one warning
        async with flaky.sessionmaker() as session:
            await person_blocked(session, flaky.services, 5104)
            await session.commit()
        await flaky.services.sender.flush(flaky.bot)
    warnings = [m.text for m in reviewer.since(mark)]
    assert len(warnings) == 1
    assert filing.number in warnings[0] and "申请人已屏蔽机器人" in warnings[0]


async def test_a_warning_about_someone_already_back_is_not_sent(flaky: App) -> None:
    await submitted(flaky, 5105)
    reviewer = flaky.person(REVIEWER)
    mark = reviewer.mark()
    async with flaky.sessionmaker() as session:
        await person_blocked(session, flaky.services, 5105)
        await person_returned(session, flaky.services, 5105)  # before the warning went out
        await session.commit()
    await flaky.services.sender.flush(flaky.bot)
    assert reviewer.since(mark) == []


async def test_a_review_group_that_removed_the_bot(flaky: App) -> None:
    group = -1007770000
    flaky.settings.review_chat_id = group
    tg(flaky).fail(group, Failure(403, "Forbidden: bot was kicked from the supergroup chat"))
    await submitted(flaky, 5106)
    reviewer = flaky.person(REVIEWER)
    assert any("审核群 -1007770000 已将机器人移出" in m.text for m in reviewer.messages)
    assert any("新提交，等待初审" in m.text for m in reviewer.messages)  # privately, still
    async with flaky.sessionmaker() as session:
        marked = (await session.execute(select(Applicant.telegram_id).where(
            Applicant.unreachable.is_(True)))).scalars().all()
        dead = (await session.execute(select(Outbox.status).where(Outbox.chat_id == group))
                ).scalars().all()
    assert marked == [] and dead == ["dead"]


async def test_rows_held_while_someone_returned_are_released(flaky: App) -> None:
    """A notice held by a transaction that raced with the person's return is not kept forever:
    the sender releases it."""
    person = flaky.person(5107)
    await person.send("/start")
    async with flaky.sessionmaker() as session:
        await outbox.enqueue(session, chat_id=5107, kind="test", dedupe_key="raced",
                             text="仍然送达", now=flaky.clock.now(), held=True)
        await session.commit()
    await flaky.services.sender.flush(flaky.bot)
    assert person.last.text == "仍然送达"


async def test_returning_costs_one_update_for_a_reachable_person(flaky: App) -> None:
    person = flaky.person(5108)
    await person.send("/start")
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(flaky.engine.sync_engine, "before_cursor_execute", record)
    try:
        async with flaky.sessionmaker() as session:
            assert await person_returned(session, flaky.services, 5108) is False
    finally:
        event.remove(flaky.engine.sync_engine, "before_cursor_execute", record)
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("UPDATE")
