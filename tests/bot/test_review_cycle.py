"""The life cycle after submission, with an applicant and a reviewer in Telegram."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.callbacks import SmsCb
from dialogs.status import FilingStatus
from storage.models import Event
from tests.support.app import REVIEWER, App
from tests.support.flows import (
    COMPANY_TWO_SITES,
    PERSONAL,
    Tap,
    Text,
    filing_of,
    fill,
    position,
    submit_from_review,
)
from tests.support.images import document_photo
from tests.support.telegram import Person


async def submitted(app: App, user_id: int = 1001, script: dict | None = None) -> Person:
    person = app.person(user_id)
    await person.send("/new")
    await fill(app, person, script or PERSONAL)
    await submit_from_review(person)
    return person


async def open_latest(reviewer: Person) -> None:
    """The reviewer opens the filing from the newest push."""
    await reviewer.tap("打开")


async def reject(reviewer: Person, field: str, template: str, note: str | None = None) -> None:
    await reviewer.tap("❌ 初审驳回")
    while True:  # page through the fields until the one to flag is shown
        try:
            await reviewer.tap(field)
            break
        except AssertionError:
            await reviewer.tap("›")
    await reviewer.tap(template)
    if note is None:
        await reviewer.tap("跳过")
    else:
        await reviewer.send(note)


async def test_reject_correct_resubmit_approve_to_filing_numbers(app: App) -> None:
    applicant = await submitted(app)
    reviewer = app.person(REVIEWER, name="Reviewer")
    assert "新提交，等待初审" in reviewer.last.text  # reviewers are pushed new submissions

    # Initial review: one reason, with a note.
    await open_latest(reviewer)
    assert "待初审" in reviewer.last.text
    assert "1101********4477" in reviewer.text_since(-2) or "110101********4477" in \
        reviewer.text_since(-2)  # IDs are masked for reviewers
    await reject(reviewer, "网站名称", "网站名称不符合要求", note="名称太像企业")
    await reviewer.tap("确认驳回（1 条）")
    assert "初审驳回" in reviewer.last.text

    push = applicant.last
    assert push.text.startswith("❌ F-2026-000001 · 代码与咖啡 — 初审未通过（1 项需修改）")
    assert "网站名称" in push.text and "审核备注：名称太像企业" in push.text
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.REJECTED_INITIAL

    # Only the flagged field is asked again, with the old value shown.
    await applicant.tap("修改信息")
    assert "请输入网站名称" in applicant.last.text
    assert "之前填写：代码与咖啡" in applicant.last.text
    await applicant.send("咖啡与代码")
    # The name is printed on the 核验单: a new form comes, to be signed and sent again.
    assert "请上传网站 1 签字后的《网站备案信息真实性核验单》" in applicant.last.text
    await applicant.send_photo(document_photo(seed=41))
    assert await position(app, applicant) == "@changes"
    assert "网站名称：代码与咖啡 → 咖啡与代码" in applicant.last.text
    await applicant.tap("重新提交")
    await applicant.tap("继续提交")
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.SUBMITTED

    # The reviewer sees the resubmission and what changed.
    assert "修改后重新提交" in reviewer.last.text
    await open_latest(reviewer)
    await reviewer.tap("变更（2）")
    assert "网站名称：代码与咖啡 → 咖啡与代码" in reviewer.last.text
    await reviewer.tap("✅ 初审通过")
    assert "初审通过" in applicant.text_since(-1)
    assert "请为以下负责人各发送一张核验照片：张伟" in applicant.last.text

    # Authenticity check: the website owner's verification photo.
    await applicant.send_photo(document_photo(seed=31))
    assert "核验照片已全部上传" in applicant.last.text
    assert "核验照片已上传，等待真实性核验" in reviewer.last.text
    await open_latest(reviewer)
    await reviewer.tap("✅ 核验通过")
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.TO_AUTHORITY

    # Submitted to the authority: the SMS window opens.
    await open_latest(reviewer)
    await reviewer.tap("已提交管局")
    sms = applicant.last
    assert "请在 24 小时内完成工信部短信核验" in sms.text
    assert "截止时间：2026-12-01 10:00（北京时间）" in sms.text
    assert "138****5678" in sms.text
    await applicant.tap("张伟 已完成短信核验")
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.AUTHORITY_REVIEW
    assert "短信核验已完成" in applicant.last.text

    # The authority approves: numbers are entered and checked.
    await open_latest(reviewer)
    await reviewer.tap("管局通过")
    await reviewer.send("沪ICP备12345678号")  # another province: refused
    assert "不是北京管局的号码" in reviewer.text_since(-2)
    await reviewer.send("京ICP备12345678号")
    approved = applicant.last.text
    assert "备案已通过" in approved
    assert "京ICP备12345678号-1" in approved
    snippet = '<a href="https://beian.miit.gov.cn/" target="_blank">京ICP备12345678号-1</a>'
    assert snippet in approved
    assert "公安联网备案" in approved

    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.APPROVED
    async with app.sessionmaker() as session:
        kinds = (await session.execute(select(Event.kind).where(Event.filing_id == filing.id)
                                       .order_by(Event.id))).scalars().all()
    assert kinds == ["created", "submitted", "reject", "resubmitted", "approve",
                     "verification_photo", "verify_pass", "to_authority", "sms_confirmed",
                     "sms_done", "authority_approve"]

    # The registry knows the organizer now: the next filing is a new website (新增网站).
    await applicant.send("/new")
    script = {**PERSONAL, "subject_filed": Tap("是"),
              "subject_number": Text("京ICP备12345678号"), "domains": Text("another.cn")}
    await fill(app, applicant, script)
    latest = await filing_of(app, applicant)
    assert latest is not None and latest.filing_type == "new_site"


async def test_authority_rejection_and_resubmission(app: App) -> None:
    applicant = await submitted(app, 1002)
    reviewer = app.person(REVIEWER)
    filing = await filing_of(app, applicant)
    assert filing is not None
    await open_latest(reviewer)
    await reviewer.tap("✅ 初审通过")
    await applicant.send_photo(document_photo(seed=5))
    await open_latest(reviewer)
    await reviewer.tap("✅ 核验通过")
    await open_latest(reviewer)
    await reviewer.tap("已提交管局")
    await applicant.tap("已完成短信核验")
    await open_latest(reviewer)
    await reviewer.tap("❌ 管局驳回")
    await reviewer.tap("通信地址")
    await reviewer.tap("地址不够详细")
    await reviewer.tap("跳过")
    await reviewer.tap("确认管局驳回")
    assert "管局审核未通过（1 项需修改）" in applicant.last.text
    await applicant.tap("修改信息")
    assert "请输入通信地址" in applicant.last.text
    await applicant.send("北京市朝阳区建国路 88 号 2 号楼 1202 室")
    await applicant.send_photo(document_photo(seed=42))  # the form prints the address: re-sign
    await applicant.tap("重新提交")
    await applicant.tap("继续提交")
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.SUBMITTED


async def test_withdraw_while_waiting_for_review(app: App) -> None:
    applicant = await submitted(app, 1003)
    await applicant.send("/status")
    await applicant.tap("撤回修改")
    await applicant.tap("确认撤回")
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.DRAFT
    assert "已撤回" in applicant.last.text
    await applicant.send("/edit")
    assert "核对信息" in applicant.last.text  # editable again


async def test_a_non_reviewer_cannot_press_reviewer_buttons(app: App) -> None:
    applicant = await submitted(app, 1004)
    reviewer = app.person(REVIEWER)
    push = reviewer.last
    open_data = push.buttons[0]["callback_data"]
    await applicant.press(push, open_data)  # forged: an applicant replays a reviewer button
    assert app.tg.callback_answers[-1]["text"] == "只有审核人员可以进行这个操作。"
    await open_latest(reviewer)
    approve = next(b["callback_data"] for b in reviewer.last.buttons if "初审通过" in b["text"])
    await applicant.press(reviewer.last, approve)
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.SUBMITTED


async def test_an_applicant_cannot_confirm_sms_for_another_filing(app: App) -> None:
    first = await submitted(app, 1005)
    second = await submitted(app, 1006, {**PERSONAL, "organizer_name": Text("李娜"),
                                         "organizer_id": Text("310115198512032049"),
                                         "domains": Text("other.cn")})
    mine = await filing_of(app, first)
    assert mine is not None
    await second.press(second.last, SmsCb(filing=mine.id or 0, owner=0).pack())
    assert app.tg.callback_answers[-1]["text"] == "这个按钮已过期，请看下方的当前问题。"


async def test_two_reviewers_deciding_at_once(app: App) -> None:
    app.settings.reviewer_ids.append(900002)
    applicant = await submitted(app, 1007)
    one = app.person(REVIEWER)
    two = app.person(900002)
    await one.tap("打开")
    await two.tap("打开")
    approve_one = next(b["callback_data"] for b in one.last.buttons if "初审通过" in b["text"])
    approve_two = next(b["callback_data"] for b in two.last.buttons if "初审通过" in b["text"])
    await asyncio.gather(one.press(one.last, approve_one), two.press(two.last, approve_two))
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.VERIFYING
    async with app.sessionmaker() as session:
        approvals = (await session.execute(select(Event).where(
            Event.filing_id == filing.id, Event.kind == "approve"))).scalars().all()
    assert len(approvals) == 1
    told = one.text_since(-2) + two.text_since(-2)
    assert "已处理" in told and ("已有变化" in told or "另一位审核人员" in told)


async def test_a_decision_on_a_changed_filing_is_refused(app: App) -> None:
    applicant = await submitted(app, 1008)
    reviewer = app.person(REVIEWER)
    await open_latest(reviewer)
    view = reviewer.last
    approve = next(b["callback_data"] for b in view.buttons if "初审通过" in b["text"])
    await applicant.send("/status")
    await applicant.tap("撤回修改")
    await applicant.tap("确认撤回")
    await applicant.send("/edit")
    await submit_from_review(applicant)
    await reviewer.press(view, approve)  # the view predates the withdrawal
    assert "已有变化" in app.tg.callback_answers[-1]["text"]
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.SUBMITTED


async def test_queue_lists_waiting_filings_oldest_first(app: App) -> None:
    await submitted(app, 1009)
    app.clock.advance(timedelta(hours=2))
    await submitted(app, 1010, {**PERSONAL, "organizer_name": Text("李娜"),
                                "organizer_id": Text("310115198512032049"),
                                "domains": Text("other.cn")})
    reviewer = app.person(REVIEWER)
    await reviewer.send("/queue")
    text = reviewer.last.text
    assert text.index("F-2026-000001") < text.index("F-2026-000002")
    assert "已等待 2 小时 0 分" in text
    outsider = app.person(1011)
    await outsider.send("/queue")
    assert "只有审核人员" in outsider.last.text


async def test_company_filing_review_shows_both_owners_for_sms(app: App) -> None:
    applicant = await submitted(app, 1012, COMPANY_TWO_SITES)
    reviewer = app.person(REVIEWER)
    await open_latest(reviewer)
    await reviewer.tap("✅ 初审通过")
    assert "王芳、李娜" in applicant.last.text
    await applicant.send_photo(document_photo(seed=1))
    assert "请发送 李娜 的核验照片" in applicant.last.text
    await applicant.send_photo(document_photo(seed=2))
    await open_latest(reviewer)
    await reviewer.tap("✅ 核验通过")
    await open_latest(reviewer)
    await reviewer.tap("已提交管局")
    assert "王芳" in applicant.last.text and "李娜" in applicant.last.text
    await applicant.tap("王芳 已完成短信核验")
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.SMS_PENDING
    await applicant.tap("李娜 已完成短信核验")
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.AUTHORITY_REVIEW



async def test_reviewers_work_in_the_review_group(app: App) -> None:
    group = -1001234567890
    app.settings.review_chat_id = group
    app.restart()
    applicant = await submitted(app, 1013)
    pushes = app.tg.bot_messages(group)
    assert pushes and "新提交，等待初审" in pushes[-1].text
    reviewer = app.person(REVIEWER)
    await reviewer.tap("打开", chat_id=group)
    view = app.tg.bot_messages(group)[-1]
    assert "110101********4477" in view.text and "110101199003074477" not in view.text
    outsider = app.person(1014)
    await outsider.tap("初审通过", chat_id=group)  # a group member who is not a reviewer
    assert app.tg.callback_answers[-1]["text"] == "只有审核人员可以进行这个操作。"
    await reviewer.tap("初审通过", chat_id=group)
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.VERIFYING
