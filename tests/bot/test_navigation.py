"""Moving around the form: back, skip, edit from the summary, /cancel, restarts, old buttons."""

from __future__ import annotations

import asyncio

from dialogs.status import FilingStatus
from tests.support.app import App
from tests.support.flows import (
    COMPANY_TWO_SITES,
    PERSONAL,
    filing_of,
    fill,
    position,
    submit_from_review,
)
from tests.support.images import document_photo


async def test_back_returns_to_the_previous_question_and_forward_again(app: App) -> None:
    person = app.person(10)
    await person.send("/new")
    await person.tap("北京")
    await person.tap("跳过")
    assert "请选择主办单位性质" in person.last.text
    await person.tap("← 上一步")
    assert "请输入主办单位所在城市和区县" in person.last.text
    await person.tap("← 上一步")
    assert "请选择主办单位所在省份" in person.last.text
    assert "当前：北京" in person.last.text  # the answer given is shown
    await person.tap("上海")
    # Re-answering returns to where the applicant was: city was already skipped.
    assert "请选择主办单位性质" in person.last.text
    filing = await filing_of(app, person)
    assert filing is not None and filing.answers["province"] == "31"
    assert "city" in filing.answers  # the skip is kept


async def test_the_first_question_has_no_back_button(app: App) -> None:
    person = app.person(11)
    await person.send("/new")
    assert "← 上一步" not in person.last.button_texts


async def test_skip_is_offered_only_for_optional_questions(app: App) -> None:
    person = app.person(12)
    await person.send("/new")
    await person.tap("北京")
    assert "跳过" in person.last.button_texts  # city is optional
    await person.tap("跳过")
    assert "跳过" not in person.last.button_texts  # nature is required


async def test_edit_from_the_summary_returns_to_the_summary(app: App) -> None:
    person = app.person(13)
    await person.send("/new")
    await fill(app, person, PERSONAL)
    await person.tap("›")  # page 2: organizer details
    await person.tap("›")  # page 3: the website
    assert "代码与咖啡" in person.last.text
    await person.tap("✏️ 网站名称")
    assert "请输入网站名称" in person.last.text
    assert "当前：代码与咖啡" in person.last.text
    await person.send("咖啡与代码的日常")
    # The signed 核验单 printed the old name: a new form is sent and must be signed again.
    assert "需要重新填写：网站备案信息真实性核验单" in person.last.text
    new_form = [m for m in person.messages if m.kind == "document"]
    assert len(new_form) == 2  # sent at the upload step, and again for the new name
    await person.send_photo(document_photo(seed=77))
    assert "核对信息" in person.last.text
    assert await position(app, person) == "@review"
    filing = await filing_of(app, person)
    assert filing is not None and filing.answers["site1.name"] == "咖啡与代码的日常"


async def test_back_while_editing_returns_to_the_summary_unchanged(app: App) -> None:
    person = app.person(14)
    await person.send("/new")
    await fill(app, person, PERSONAL)
    await person.tap("✏️ 主办单位名称")
    await person.tap("← 上一步")
    assert "核对信息" in person.last.text
    filing = await filing_of(app, person)
    assert filing is not None and filing.answers["organizer_name"] == "张伟"


async def test_nature_changed_to_personal_drops_the_website_owner(app: App) -> None:
    person = app.person(15)
    await person.send("/new")
    await fill(app, person, COMPANY_TWO_SITES)
    await person.tap("✏️ 主办单位性质")
    await person.tap("个人")
    notice = person.last.text
    assert "以下" in notice and "项需要重新填写" in notice
    filing = await filing_of(app, person)
    assert filing is not None
    answers = filing.answers
    assert answers["nature"] == "personal"
    assert not any(k.startswith("site2.owner.") for k in answers)
    assert answers.get("site2.owner_same") == "yes"  # 同主体负责人 is forced for a person
    assert "organizer_id" not in answers  # a USCC is not a personal ID: asked again
    assert "请选择主办单位证件类型" in notice


async def test_removing_a_domain_in_step_1_removes_its_website(app: App) -> None:
    person = app.person(16)
    await person.send("/new")
    await fill(app, person, COMPANY_TWO_SITES)
    await person.tap("✏️ 域名")
    await person.send("yunfan.com")
    filing = await filing_of(app, person)
    assert filing is not None
    assert not any(k.startswith("site2.") for k in filing.answers)
    assert "doc.domain_certificate.yunfan-shop.cn" not in filing.answers
    assert filing.answers["site1.domains"] == ["yunfan.com"]


async def test_cancel_asks_first_and_keeps_the_draft_on_no(app: App) -> None:
    person = app.person(17)
    await person.send("/new")
    await person.tap("北京")
    await person.send("/cancel")
    assert "确定要放弃备案草稿 F-2026-000001 吗" in person.last.text
    await person.tap("不，继续填写")
    filing = await filing_of(app, person)
    assert filing is not None and filing.status == FilingStatus.DRAFT
    assert "请输入主办单位所在城市和区县" in person.last.text
    await person.send("/cancel")
    await person.tap("确认放弃")
    filing = await filing_of(app, person)
    assert filing is not None and filing.status == FilingStatus.CANCELLED
    assert filing.answers["province"] == "11"  # discarded, not deleted
    await person.send("/continue")
    assert "你还没有进行中的备案" in person.last.text


async def test_restart_mid_form_resumes_at_the_same_question(app: App) -> None:
    person = app.person(18)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="subject_owner.mobile")
    before = await filing_of(app, person)
    app.restart()  # a new process: new Bot, new Dispatcher, same database
    await person.send("/continue")
    assert "请输入主体负责人的手机号码" in person.last.text
    await person.share_contact("+8613812345678")
    after = await filing_of(app, person)
    assert before is not None and after is not None
    assert {k: v for k, v in after.answers.items() if k in before.answers} == before.answers
    assert after.answers["subject_owner.mobile"] == "+8613812345678"


async def test_an_answer_typed_after_a_restart_goes_to_the_current_question(app: App) -> None:
    person = app.person(19)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="domains")
    app.restart()
    await person.send("example.com")
    assert await position(app, person) == "cert_address"


async def test_double_tap_answers_once(app: App) -> None:
    person = app.person(20)
    await person.send("/new")
    await person.tap("北京")
    await person.tap("跳过")
    question = person.last
    data = next(b["callback_data"] for b in question.buttons if b["text"] == "个人")
    await asyncio.gather(person.press(question, data), person.press(question, data))
    assert await position(app, person) == "id_type"
    assert any("过期" in a.get("text", "") for a in app.tg.callback_answers)
    asked_id_type = [m for m in person.messages if "请选择主办单位证件类型" in m.text]
    # Asked once, never skipped: the stale second tap is told the question is below it.
    assert len(asked_id_type) == 1


async def test_an_old_button_is_out_of_date(app: App) -> None:
    person = app.person(21)
    await person.send("/new")
    province_question = person.last
    data = next(b["callback_data"] for b in province_question.buttons if b["text"] == "上海")
    await person.tap("北京")
    await person.tap("跳过")
    await person.press(province_question, data)
    assert app.tg.callback_answers[-1]["text"] == "这个按钮已过期，请看下方的当前问题。"
    assert "请选择主办单位性质" in person.last.text
    filing = await filing_of(app, person)
    assert filing is not None and filing.answers["province"] == "11"


async def test_a_button_of_another_filing_is_refused(app: App) -> None:
    owner = app.person(22)
    await owner.send("/new")
    other = app.person(23)
    await other.send("/new")
    forged = owner.last.buttons[0]["callback_data"]  # owner's filing id in the data
    await other.press(other.last, forged)
    assert app.tg.callback_answers[-1]["text"] == "这个按钮已过期，请看下方的当前问题。"
    mine = await filing_of(app, owner)
    assert mine is not None and "province" not in mine.answers


async def test_answered_question_loses_its_buttons(app: App) -> None:
    person = app.person(24)
    await person.send("/new")
    question = person.last
    await person.tap("北京")
    assert question.buttons == []
    assert question.text.endswith("✓ 北京")


async def test_submitted_filing_is_not_editable(app: App) -> None:
    person = app.person(25)
    await person.send("/new")
    await fill(app, person, PERSONAL)
    review = person.last
    edit_data = review.buttons[0]["callback_data"]
    await submit_from_review(person)
    await person.press(review, edit_data)  # an edit button from the summary, after submission
    assert "当前状态为“待初审”，暂时不能修改" in person.last.text
    await person.send("/edit")
    assert "暂时不能修改" in person.last.text
    await person.send("/status")
    assert "待初审" in person.last.text and "提交初审" in person.last.text
    await person.send("/new")
    assert "暂时不能修改" in person.last.text


async def test_multi_choice_ticks_survive_a_restart(app: App) -> None:
    person = app.person(26)
    await person.send("/new")
    await fill(app, person, COMPANY_TWO_SITES, until="site1.content")
    await person.tap("网络购物")
    await person.tap("网络广告")
    app.restart()
    await person.send("/continue")
    assert "✓ 网络购物" in person.last.button_texts
    assert "完成（已选 2 项）" in person.last.button_texts
    await person.tap("完成")
    filing = await filing_of(app, person)
    assert filing is not None and filing.answers["site1.content"] == ["shopping", "ads"]


async def test_other_material_takes_several_pages(app: App) -> None:
    person = app.person(27)
    await person.send("/new")
    script = dict(PERSONAL)
    del script["doc.other_material"]
    await fill(app, person, script, until="doc.other_material")
    await person.send_photo(document_photo(seed=1))
    await person.send_photo(document_photo(seed=2))
    assert "📎 已收到 2 页" in person.last.text
    await person.tap("完成")
    assert await position(app, person) == "@review"
    filing = await filing_of(app, person)
    assert filing is not None and len(filing.answers["doc.other_material"]) == 2

