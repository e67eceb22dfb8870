"""Telegram delivers at least once and people type faster than the bot answers: every update is
applied once, and only to the question that was on screen when it was sent (issue G)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from sqlalchemy import event, select, text

from bot.runners import recover
from storage.models import Document, Filing, Inbox
from storage.presence import Presence
from tests.support.app import App, make_app
from tests.support.flaky import ANY_CHAT, Failure, FlakyTelegram
from tests.support.flows import PERSONAL, filing_of, fill
from tests.support.images import document_photo
from tests.support.telegram import FakeTelegram

CERT = "北京市东城区东华门街道 1 号"
MAIL = "北京市朝阳区建国路 88 号 2 号楼 1201 室"


class Killed(BaseException):
    """The process dies here: nothing after this point runs (no except clause catches it)."""


@dataclass
class KillingTelegram(FakeTelegram):
    """Telegram, and a process that is killed at the first Bot API call matching `kill_when`."""

    kill_when: Callable[[str, dict[str, Any]], bool] | None = None
    kills: int = field(default=0)

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType],
                           timeout: int | None = None) -> TelegramType:
        if self.kill_when is not None:
            params = method.model_dump(warnings=False)
            if self.kill_when(method.__api_method__, params):
                self.kill_when = None
                self.kills += 1
                raise Killed
        return await super().make_request(bot, method, timeout)


@pytest.fixture
async def app(tmp_path: Path, database_url: str | None) -> AsyncIterator[App]:
    """Every test here runs on SQLite and on PostgreSQL."""
    application = await make_app(tmp_path, database_url)
    yield application
    await application.engine.dispose()


async def answers(app: App, person: Any) -> dict[str, Any]:
    filing = await filing_of(app, person)
    assert filing is not None
    return filing.answers


async def inbox_rows(app: App) -> list[Inbox]:
    async with app.sessionmaker() as session:
        return list((await session.execute(select(Inbox).order_by(Inbox.update_id))).scalars())


async def at_cert_address(app: App, user_id: int = 1001) -> Any:
    person = app.person(user_id)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="cert_address")
    return person


def texts(person: Any, mark: int) -> list[str]:
    return [m.text for m in person.since(mark)]


async def test_an_update_delivered_twice_is_applied_once(app: App) -> None:
    person = await at_cert_address(app)
    update = person.update(message=person._message(text=CERT))
    mark = person.mark()
    await app.deliver(update)
    replies = len(person.since(mark))
    await app.deliver(update)  # Telegram did not see the confirmation and sends it again
    stored = await answers(app, person)
    assert stored["cert_address"] == CERT and "mail_address" not in stored
    assert len(person.since(mark)) == replies  # nothing said twice either
    rows = [r for r in await inbox_rows(app) if r.update_id == update["update_id"]]
    assert [r.status for r in rows] == ["done"]


async def test_two_messages_sent_before_the_bot_answers_fill_one_question(app: App) -> None:
    person = await at_cert_address(app)
    mark = person.mark()
    await person.send_together(CERT, MAIL)
    stored = await answers(app, person)
    assert stored["cert_address"] == CERT
    assert "mail_address" not in stored  # the second was not taken as the next answer
    said = texts(person, mark)
    assert sum("在下面这个问题出现之前发出的" in t for t in said) == 1
    assert "请输入通信地址" in said[-1]
    await person.send(MAIL)  # typed after the question showed: an answer
    assert (await answers(app, person))["mail_address"] == MAIL


async def test_a_refused_answer_and_a_quick_second_message_answer_the_same_question(
        app: App) -> None:
    """Both were typed while the e-mail question was on screen: the second, correct one is its
    answer; nothing lands on the question after it."""
    person = app.person(1002)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="subject_owner.email")
    mark, calls = person.mark(), len(app.tg.calls)
    await person.send_together("zhang.wei@", "zhang.wei@example.com")
    stored = await answers(app, person)
    assert stored["subject_owner.email"] == "zhang.wei@example.com"
    assert "subject_remark" not in stored
    sent = [c.params.get("text", "") for c in app.tg.calls[calls:] if c.method == "sendMessage"]
    assert sum("❌" in t and "邮箱" in t for t in sent) == 1  # the first was refused, once
    said = texts(person, mark)
    assert not any("问题出现之前" in t for t in said)
    assert said[0].endswith("✓ zhang.wei@example.com")  # the re-asked question took the second
    assert "向审核人员说明" in said[-1]


async def test_a_double_tap_on_an_option_answers_once(app: App) -> None:
    person = app.person(1003)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="city")
    question = person.last_with_buttons()
    skip = next(b["callback_data"] for b in question.buttons if b["text"] == "跳过")
    await person.press(question, skip)
    mark = person.mark()
    await person.press(question, skip)  # the second tap of a double tap
    filing = await filing_of(app, person)
    assert filing is not None and filing.conversation["position"] == "nature"
    assert "nature" not in filing.answers
    assert app.tg.callback_answers[-1].get("text") == "这个按钮已过期，请看下方的当前问题。"
    assert person.since(mark) == []  # the nature question is already on screen below


async def test_an_album_answers_only_the_photo_question_on_screen(app: App) -> None:
    person = app.person(1004)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="doc.subject_id_front")
    mark = person.mark()
    await person.send_album(document_photo(seed=1), document_photo(seed=2))
    stored = await answers(app, person)
    assert "doc.subject_id_front" in stored
    assert "doc.subject_id_back" not in stored  # the second photo is not the back of the ID
    async with app.sessionmaker() as session:
        documents = list((await session.execute(select(Document))).scalars())
    assert [d.slot for d in documents] == ["doc.subject_id_front"]
    said = texts(person, mark)
    assert "✅ 已收到：主体负责人证件正面" in said
    assert any("在下面这个问题出现之前发出的" in t and "国徽面" in t for t in said)


async def test_a_copy_of_the_current_question_still_takes_its_answer(app: App) -> None:
    """A question shown again (after a restart, or a stale tap) leaves two copies on screen;
    an answer to the older copy answers the same question and counts."""
    person = await at_cert_address(app, 1016)
    first = person.last_with_buttons() if person.last.buttons else person.last
    await person.send("/continue")  # the same question again, as a new message
    assert "请输入证件住所" in person.last.text and person.last.message_id > first.message_id
    await person.send(CERT)
    assert (await answers(app, person))["cert_address"] == CERT
    nature = app.person(1017)
    await nature.send("/new")
    await fill(app, nature, PERSONAL, until="nature")
    old = nature.last_with_buttons()
    await nature.send("/continue")
    await nature.tap("个人", old)  # a button on the older copy
    assert (await answers(app, nature))["nature"] == "personal"


async def test_an_album_counts_whole_for_a_question_that_takes_several_files(app: App) -> None:
    person = app.person(1005)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="doc.other_material")
    await person.send_album(document_photo(seed=3), document_photo(seed=4),
                            document_photo(seed=5))
    stored = await answers(app, person)
    assert len(stored["doc.other_material"]) == 3


# --- a process killed at the worst moments -------------------------------------------------
async def killing_app(tmp_path: Any, database_url: str | None) -> App:
    return await make_app(tmp_path, database_url, tg=KillingTelegram())


def kill_at_handler_commit(app: App) -> None:
    """The process dies as the update's effects commit (the transaction that marks its inbox row
    `applied`): the commit never happens."""
    marked = False

    def on_statement(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        nonlocal marked
        if statement.startswith("UPDATE inbox") and "applied" in repr(params):
            marked = True

    def at_commit(connection: Any) -> None:
        if marked:
            event.remove(app.engine.sync_engine, "commit", at_commit)
            event.remove(app.engine.sync_engine, "before_cursor_execute", on_statement)
            connection.invalidate()  # the database connection dies with the process
            raise Killed

    event.listen(app.engine.sync_engine, "before_cursor_execute", on_statement)
    event.listen(app.engine.sync_engine, "commit", at_commit)


async def restart(app: App) -> None:
    """A new process, as the runner starts one: files of uploads that never committed are
    swept, then what the last process left in the inbox is handled first."""
    app.restart()
    presence = Presence(app.engine)
    await recover(app.services, presence)
    await presence.leave()
    await app.inbox.drain()
    await app.services.sender.flush(app.bot)


async def test_a_kill_after_the_answer_committed_answers_without_applying_it_again(
        tmp_path: Any, database_url: str | None) -> None:
    app = await killing_app(tmp_path, database_url)
    person = await at_cert_address(app)
    tg = app.tg
    assert isinstance(tg, KillingTelegram)
    tg.kill_when = lambda method, _: method == "editMessageText"  # closing the answered question
    mark = person.mark()
    with pytest.raises(Killed):
        await person.send(CERT)
    assert [r.status for r in await inbox_rows(app)][-1] == "applied"
    assert (await answers(app, person))["cert_address"] == CERT
    await restart(app)
    stored = await answers(app, person)
    assert stored["cert_address"] == CERT and "mail_address" not in stored
    assert "请输入通信地址" in person.last.text  # told where they stand after the restart
    assert [r.status for r in await inbox_rows(app)][-1] == "done"
    await person.send(MAIL)
    assert (await answers(app, person))["mail_address"] == MAIL
    assert sum("请输入通信地址" in t for t in texts(person, mark)) == 1
    await app.engine.dispose()


async def test_a_kill_before_the_commit_handles_the_update_again(
        tmp_path: Any, database_url: str | None) -> None:
    app = await killing_app(tmp_path, database_url)
    person = await at_cert_address(app)
    tg = app.tg
    assert isinstance(tg, KillingTelegram)

    kill_at_handler_commit(app)
    with pytest.raises(Killed):
        await person.send(CERT)
    assert "cert_address" not in await answers(app, person)
    assert [r.status for r in await inbox_rows(app)][-1] == "pending"
    await restart(app)
    stored = await answers(app, person)
    assert stored["cert_address"] == CERT and "mail_address" not in stored
    assert "请输入通信地址" in person.last.text
    await app.engine.dispose()


async def test_an_upload_is_acknowledged_only_once_committed(
        tmp_path: Any, database_url: str | None) -> None:
    app = await killing_app(tmp_path, database_url)
    person = app.person(1006)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="doc.subject_id_front")
    tg = app.tg
    assert isinstance(tg, KillingTelegram)
    seen: list[bool] = []

    def on_received(method: str, params: dict[str, Any]) -> bool:
        if method == "editMessageText" and "已收到" in str(params.get("text")):
            seen.append(True)
            return True  # killed right after saying "received"
        return False

    tg.kill_when = on_received
    with pytest.raises(Killed):
        await person.send_photo(document_photo(seed=7))
    assert seen == [True]
    # What was acknowledged is stored, by the time it was acknowledged.
    assert "doc.subject_id_front" in await answers(app, person)
    await restart(app)
    stored = await answers(app, person)
    assert "doc.subject_id_back" not in stored
    async with app.sessionmaker() as session:
        documents = list((await session.execute(select(Document))).scalars())
    assert len(documents) == 1
    assert app.services.files.absolute(documents[0].path).exists()
    assert "国徽面" in person.last.text
    await app.engine.dispose()


async def test_a_kill_during_the_upload_check_leaves_nothing_half_stored(
        tmp_path: Any, database_url: str | None) -> None:
    app = await killing_app(tmp_path, database_url)
    person = app.person(1007)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="doc.subject_id_front")
    kill_at_handler_commit(app)
    with pytest.raises(Killed):
        await person.send_photo(document_photo(seed=8))
    async with app.sessionmaker() as session:
        assert (await session.execute(select(Document))).first() is None
    assert not any(m.text.startswith("✅ 已收到") for m in person.messages)
    await restart(app)  # the photo's update is handled again, from the download on
    assert "doc.subject_id_front" in await answers(app, person)
    async with app.sessionmaker() as session:
        documents = list((await session.execute(select(Document))).scalars())
    on_disk = {str(p.relative_to(app.services.files.root))
               for p in (app.services.files.root / "documents").iterdir()}
    assert on_disk == {d.path for d in documents} | {d.normalized_path for d in documents}
    await app.engine.dispose()


# --- small paths that used to end in an apology ---------------------------------------------
APOLOGY = "抱歉，处理这条消息时出了问题"


async def test_unknown_garbled_and_forged_buttons_are_answered(app: App) -> None:
    person = app.person(1008)
    await person.send("/new")
    question = person.last_with_buttons()
    mark = person.mark()
    for data in ("zz:1:2", "f:abc:def:a:1", f"f:{10**20}:deadbeef:a:0", "r:-5:p:1",
                 f"s:{10**20}:o::0", "q:1:99999999999"):
        await person.press(question, data)
    answered = app.tg.callback_answers[-6:]
    assert len(answered) == 6  # every spinner stopped
    assert all(a.get("text") in ("这个按钮已失效。", "这个按钮已过期，请看下方的当前问题。")
               for a in answered)
    assert not any(APOLOGY in t for t in texts(person, mark))


async def test_tapping_the_page_indicator_twice_is_no_error(app: App) -> None:
    person = app.person(1009)
    await person.send("/new")
    question = person.last_with_buttons()
    page = next(b for b in question.buttons if b["text"].startswith("1/"))
    mark = person.mark()
    await person.press(question, page["callback_data"])
    await person.press(question, page["callback_data"])
    assert not any(APOLOGY in t for t in texts(person, mark))


async def test_edits_are_not_read_and_said_once_per_question(app: App) -> None:
    person = await at_cert_address(app, 1010)
    await person.send(CERT)
    sent = [m for m in app.tg.chats[person.user_id] if not m.from_bot][-1]
    mark = person.mark()
    await person.edit(sent.message_id, "北京市西城区 9 号")
    await person.edit(sent.message_id, "北京市西城区 10 号")
    said = texts(person, mark)
    assert said == ["✏️ 修改已发送的消息不会被读取。如需更正，请把正确的内容作为一条新消息发送。"]
    assert (await answers(app, person))["cert_address"] == CERT


async def test_a_failure_before_any_handler_still_gets_the_apology(app: App) -> None:
    person = app.person(1011)
    async with app.engine.begin() as connection:
        cascade = " CASCADE" if connection.dialect.name == "postgresql" else ""
        await connection.execute(text("DROP TABLE applicant" + cascade))
    await app.inbox.accept([person.update(message=person._message(text="/start"))])
    await app.inbox.drain()
    assert APOLOGY in person.last.text
    rows = await inbox_rows(app)
    assert rows[-1].status == "failed"  # closed, with the error; not handled again


async def test_blocking_and_unblocking_the_bot_is_remembered(app: App) -> None:
    from storage.models import Applicant

    person = app.person(1012)
    await person.send("/start")
    await person.set_membership("kicked")
    async with app.sessionmaker() as session:
        applicant = await session.scalar(select(Applicant).where(Applicant.telegram_id == 1012))
        assert applicant is not None and applicant.unreachable
    await person.set_membership("member")
    async with app.sessionmaker() as session:
        applicant = await session.scalar(select(Applicant).where(Applicant.telegram_id == 1012))
        assert applicant is not None and not applicant.unreachable


async def test_a_message_after_a_block_makes_the_person_reachable_again(app: App) -> None:
    from storage.models import Applicant

    person = app.person(1013)
    await person.send("/start")
    await person.set_membership("kicked")
    await person.send("/status")  # Telegram would only deliver this after an unblock
    async with app.sessionmaker() as session:
        applicant = await session.scalar(select(Applicant).where(Applicant.telegram_id == 1013))
        assert applicant is not None and not applicant.unreachable


async def test_a_filing_survives_every_answer_redelivered(app: App) -> None:
    """Telegram may resend any update: a whole filing where every update arrives twice ends
    exactly as the same filing delivered once."""
    person = app.person(1014)
    original = app.deliver

    async def twice(*updates: dict[str, Any]) -> None:
        await original(*updates)
        await original(*updates)

    app.deliver = twice  # type: ignore[method-assign]
    await person.send("/new")
    await fill(app, person, PERSONAL)
    filing = await filing_of(app, person)
    assert isinstance(filing, Filing)
    assert filing.answers["cert_address"] == CERT and filing.answers["mail_address"] == MAIL
    async with app.sessionmaker() as session:
        documents = (await session.execute(select(Document.slot))).scalars().all()
    assert sorted(documents) == sorted(set(documents))  # one document per slot


async def test_a_tap_answered_too_late_still_answers_the_question(
        tmp_path: Any, database_url: str | None) -> None:
    """After a restart, taps made while the bot was down are older than Telegram lets a
    callback query be answered: the spinner cannot be stopped, the tap still counts."""
    app = await make_app(tmp_path, database_url, tg=FlakyTelegram())
    person = app.person(1015)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="city")
    tg = app.tg
    assert isinstance(tg, FlakyTelegram)
    tg.fail(ANY_CHAT, Failure(400, "Bad Request: query is too old and response timeout "
                                   "expired or query ID is invalid",
                              method="answerCallbackQuery"))
    mark = person.mark()
    await person.tap("跳过")
    filing = await filing_of(app, person)
    assert filing is not None and filing.conversation["position"] == "nature"
    assert not any(APOLOGY in t for t in texts(person, mark))
    await app.engine.dispose()
