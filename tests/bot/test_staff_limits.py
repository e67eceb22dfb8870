"""Reviewers' side of Telegram's limits: documents (ID photos) opened from a review group go to
the reviewer privately, never into the group; the queue, a filing's pages, its changes and its
history never exceed a message (4096 characters), and captions never exceed 1024. The fake
Telegram refuses over-long texts and captions exactly as Telegram does, so every view here is
sent for real and would fail with a 400 if it did not fit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.render.fit import text_length
from bot.sandbox.rules import MAX_CAPTION, MAX_TEXT
from storage import repo
from storage.models import Applicant, Event, Filing
from tests.support.app import REVIEWER, START, App
from tests.support.flaky import Failure, FlakyTelegram
from tests.support.flows import PERSONAL, filing_of, fill, submit_from_review
from tests.support.images import document_photo
from tests.support.telegram import ChatMessage, Person

GROUP = -1001234567890
NEVER_STARTED = Failure(403, "Forbidden: bot can't initiate conversation with a user")


def with_group(app: App) -> App:
    app.settings.review_chat_id = GROUP
    app.restart()
    return app


async def submitted(app: App, user_id: int = 1001) -> Person:
    person = app.person(user_id)
    await person.send("/new")
    await fill(app, person, PERSONAL)
    await submit_from_review(person)
    return person


def files_in(app: App, chat_id: int) -> list[ChatMessage]:
    """Photos and documents the bot put in a chat."""
    return [m for m in app.tg.bot_messages(chat_id) if m.kind != "text"]


def texts_in(app: App, chat_id: int) -> list[str]:
    return [m.text for m in app.tg.bot_messages(chat_id) if m.kind == "text"]


async def change_answers(app: App, person: Person, **answers: Any) -> Filing:
    """Stored answers as no chat could type them (longer than any question accepts): whatever
    the database holds, what reviewers are shown fits."""
    filing = await filing_of(app, person)
    assert filing is not None
    async with app.sessionmaker() as session:
        stored = await session.get(Filing, filing.id)
        assert stored is not None
        stored.answers = {**stored.answers, **answers}
        await session.commit()
        await session.refresh(stored)
        return stored


# --- documents: privately, never into the group ------------------------------------------------

async def test_documents_opened_in_the_group_reach_the_reviewer_privately(app: App) -> None:
    with_group(app)
    await submitted(app)
    reviewer = app.person(REVIEWER, name="Reviewer")
    await reviewer.tap("打开", chat_id=GROUP)
    before = len(files_in(app, REVIEWER))
    await reviewer.tap("📎 资料", chat_id=GROUP)

    private = files_in(app, REVIEWER)[before:]
    assert private, "the documents reached the reviewer's private chat"
    assert all(m.kind == "photo" for m in private)
    assert any("主体负责人证件正面" in m.text for m in private)  # each captioned
    assert files_in(app, GROUP) == []  # no ID photo in the group, ever
    note = app.tg.bot_messages(GROUP)[-1].text
    assert "F-2026-000001 的资料已私信发给你" in note


async def test_a_reviewer_who_never_opened_a_private_chat_is_told_in_the_group(
        flaky: App) -> None:
    with_group(flaky)
    tg = flaky.tg
    assert isinstance(tg, FlakyTelegram)
    await submitted(flaky)
    reviewer = flaky.person(REVIEWER, name="Reviewer")
    await reviewer.tap("打开", chat_id=GROUP)
    before = len(files_in(flaky, REVIEWER))
    tg.refuse(REVIEWER, NEVER_STARTED)  # Telegram: the bot may not write first
    await reviewer.tap("📎 资料", chat_id=GROUP)

    assert tg.failed_calls(REVIEWER), "the documents were tried privately"
    assert files_in(flaky, GROUP) == []
    assert files_in(flaky, REVIEWER)[before:] == []
    note = flaky.tg.bot_messages(GROUP)[-1].text
    assert "请先在私聊中向机器人发送 /start" in note
    assert "已私信发给你" not in note

    tg.allow(REVIEWER)  # the reviewer opens a private chat with the bot and taps again
    await reviewer.tap("📎 资料", chat_id=GROUP)
    assert files_in(flaky, REVIEWER)[before:]
    assert files_in(flaky, GROUP) == []
    assert "已私信发给你" in flaky.tg.bot_messages(GROUP)[-1].text


async def test_documents_opened_privately_arrive_there_without_a_note(app: App) -> None:
    await submitted(app)
    reviewer = app.person(REVIEWER, name="Reviewer")
    await reviewer.tap("打开")
    mark = reviewer.mark()
    await reviewer.tap("📎 资料")

    arrived = reviewer.since(mark)
    assert arrived and all(m.kind == "photo" for m in arrived)
    assert not any("私信" in m.text or "私聊" in m.text for m in arrived)


async def test_captions_fit_whatever_the_owner_is_called(app: App) -> None:
    applicant = await submitted(app)
    reviewer = app.person(REVIEWER, name="Reviewer")
    await reviewer.tap("打开")
    await reviewer.tap("✅ 初审通过")
    await applicant.send_photo(document_photo(seed=31))  # the owner's verification photo
    await change_answers(app, applicant, **{"subject_owner.name": "<张&伟>" + "长" * 1200})
    await reviewer.tap("打开")
    mark = reviewer.mark()
    await reviewer.tap("📎 资料")

    captions = [m.text for m in reviewer.since(mark) if m.kind == "photo"]
    verification = [c for c in captions if "核验照片" in c]
    assert verification, captions
    caption = verification[0]
    assert caption.startswith("核验照片 · <张&伟>长长")  # the name shown as written
    assert caption.endswith("…") and len(caption) <= MAX_CAPTION


# --- the queue: pages of filings, oldest first -------------------------------------------------

async def queue_of(app: App, person: Person, filings: int, name: str) -> None:
    """`filings` waiting in all: the person's real one (the newest) and copies of it, each
    older than the next."""
    original = await filing_of(app, person)
    assert original is not None
    async with app.sessionmaker() as session:
        for i in range(filings - 1):
            applicant = Applicant(telegram_id=3_000_000 + i)
            session.add(applicant)
            await session.flush()
            assert applicant.id is not None
            session.add(Filing(
                number=f"F-2026-{100001 + i}", applicant_id=applicant.id, status="submitted",
                filing_type=original.filing_type,
                answers={**original.answers, "site1.name": f"{i + 1:03d}{name}"},
                conversation=original.conversation, submitted_at=START,
                updated_at=START - timedelta(hours=filings - i)))
        await session.commit()


async def test_a_long_queue_comes_in_pages_oldest_first(app: App) -> None:
    applicant = await submitted(app)
    long_name = "一个名字非常非常长的网站" * 20  # longer than any list line should show
    await queue_of(app, applicant, 300, long_name)
    reviewer = app.person(REVIEWER, name="Reviewer")
    await reviewer.send("/queue")

    queue = reviewer.last
    assert "待处理的备案（300）" in queue.text and "第 1/30 页" in queue.text
    assert "1. F-2026-100001 · 001一个名字" in queue.text  # the longest wait first
    assert "10. F-2026-100010" in queue.text and "11. " not in queue.text
    assert long_name not in queue.text and "…" in queue.text  # long names shortened
    assert "‹" not in queue.button_texts and "›" in queue.button_texts

    await reviewer.tap("›", message=queue)
    assert reviewer.last is queue and queue.edits == 1  # the same message turns the page
    assert "第 2/30 页" in queue.text and "11. F-2026-100011" in queue.text
    assert "‹" in queue.button_texts

    for _ in range(28):
        await reviewer.tap("›", message=queue)
    assert "第 30/30 页" in queue.text
    assert "300. F-2026-000001 · 代码与咖啡" in queue.text  # the newest, last
    assert "›" not in queue.button_texts
    await reviewer.tap("300. F-2026-000001", message=queue)
    assert "F-2026-000001 · 代码与咖啡" in reviewer.last.text  # opened from the last page
    assert "待初审" in reviewer.last.text


async def test_a_queue_page_is_shown_fresh_and_a_queue_that_shrank_ends_on_its_last_page(
        app: App) -> None:
    applicant = await submitted(app)
    await queue_of(app, applicant, 25, "网站")
    reviewer = app.person(REVIEWER, name="Reviewer")
    await reviewer.send("/queue")
    queue = reviewer.last
    await reviewer.tap("›", message=queue)
    await reviewer.tap("›", message=queue)
    assert "第 3/3 页" in queue.text and "25. F-2026-000001" in queue.text
    async with app.sessionmaker() as session:  # another reviewer took ten of them meanwhile
        for filing in (await session.execute(select(Filing).where(
                Filing.number.like("F-2026-1%")).order_by(Filing.id).limit(10))).scalars():
            filing.status = "rejected_initial"
        await session.commit()
    await reviewer.tap("3/3", message=queue)  # the page button shows the queue again
    assert "待处理的备案（15）" in queue.text and "第 2/2 页" in queue.text
    assert "15. F-2026-000001" in queue.text and "›" not in queue.button_texts


# --- views that grow with what people wrote ----------------------------------------------------

def long_domains(count: int = 20) -> list[str]:
    """Valid domains as long as DNS allows (labels of 63 characters)."""
    return [".".join([f"d{n:02d}" + "a" * 60, "b" * 63, "c" * 63, "example", "cn"])
            for n in range(count)]


async def test_a_filing_page_longer_than_a_message_comes_in_parts(app: App) -> None:
    applicant = await submitted(app)
    domains = long_domains()  # each gets its own certificate row on the documents page
    await change_answers(app, applicant, domains=domains, **{"site1.domains": domains})
    reviewer = app.person(REVIEWER, name="Reviewer")
    await reviewer.tap("打开")
    first = reviewer.last
    assert "F-2026-000001 · 代码与咖啡" in first.text and "…" in first.text  # the domain list
    while "›" in reviewer.last_with_buttons().button_texts:  # on to the documents page
        mark = reviewer.mark()
        await reviewer.tap("›")
    parts = reviewer.since(mark)
    assert len(parts) >= 2, "too long for one message"
    assert all(text_length(m.html) <= MAX_TEXT for m in parts)
    assert [bool(m.buttons) for m in parts] == [False] * (len(parts) - 1) + [True]
    assert "📎 资料" in parts[-1].button_texts  # the buttons stay with the view
    assert "F-2026-000001 · 代码与咖啡" in parts[0].text
    shown = "".join(m.text for m in parts)
    assert all(f"域名证书（{domain}）" in shown for domain in domains)  # nothing is lost


async def test_many_long_changes_come_in_parts(app: App) -> None:
    applicant = await submitted(app)
    filing = await filing_of(app, applicant)
    assert filing is not None
    domains = long_domains()
    old = {**filing.answers, "domains": domains, "site1.domains": domains,
           **{f"doc.domain_certificate.{d}": {"id": 4} for d in domains}}
    async with app.sessionmaker() as session:  # resubmitted with one domain instead of twenty
        stored = await session.get(Filing, filing.id)
        assert stored is not None
        first = (await session.execute(select(Event).where(
            Event.filing_id == filing.id, Event.kind == "submitted"))).scalar_one()
        first.data = {**first.data, "answers": old}
        await repo.add_event(session, stored, "applicant:1001", "resubmitted", "draft",
                             "submitted", data={"answers": stored.answers})
        await session.commit()
    reviewer = app.person(REVIEWER, name="Reviewer")
    await reviewer.tap("打开")
    mark = reviewer.mark()
    await reviewer.tap("变更")
    parts = reviewer.since(mark)
    assert len(parts) >= 2
    assert all(text_length(m.html) <= MAX_TEXT for m in parts)
    assert "与上次提交相比的变更" in parts[0].text
    shown = "".join(m.text for m in parts)
    assert "→ example.com" in shown
    assert all(f"doc.domain_certificate.{d}" in shown for d in domains)  # every change listed


async def test_a_rejection_with_many_long_notes_fits_the_picker_and_the_history(
        app: App) -> None:
    await submitted(app)
    reviewer = app.person(REVIEWER, name="Reviewer")
    await reviewer.tap("打开")
    notes = [f"第{n}条说明：" + "请把这一项按照营业执照上的写法重新填写" * 30 for n in range(1, 10)]
    await reviewer.tap("❌ 初审驳回")
    for n, note in enumerate(notes):
        picker = reviewer.last_with_buttons()
        targets = [b for b in picker.buttons if b["callback_data"].split(":")[2] == "t"]
        await reviewer.press(picker, targets[n]["callback_data"])  # a field
        template = reviewer.last_with_buttons()
        await reviewer.press(template, template.buttons[0]["callback_data"])  # a reason
        await reviewer.send(note)  # the reviewer's words (up to 500 characters are kept)
    picker = reviewer.last_with_buttons()
    assert "已选择 9 条原因" in picker.text and "…" in picker.text  # notes shortened here
    assert text_length(picker.html) <= MAX_TEXT
    await reviewer.tap("确认驳回（9 条）")
    assert "初审驳回" in reviewer.last.text

    mark = reviewer.mark()
    await reviewer.tap("记录")  # on the view opened before the decision
    parts = reviewer.since(mark)
    assert len(parts) >= 2
    assert all(text_length(m.html) <= MAX_TEXT for m in parts)
    assert "办理记录" in parts[0].text
    shown = "".join(m.text for m in parts)
    assert all(note[:500] in shown for note in notes)  # every note in full, none cut apart
