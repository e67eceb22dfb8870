"""Whole filings through the real Dispatcher: /start to `submitted`, as an applicant sees it."""

from __future__ import annotations

import os
import stat

from sqlalchemy import select

from dialogs.status import FilingStatus
from storage.models import Document, Event, FilingDomain
from storage.registry import SqlRegistry
from tests.support.app import App
from tests.support.flows import (
    COMPANY_TWO_SITES,
    PERSONAL,
    Tap,
    act,
    filing_of,
    fill,
    submit_from_review,
)


async def test_personal_filing_from_start_to_submitted(app: App) -> None:
    person = app.person()
    await person.send("/start")
    assert "ICP 备案助手" in person.last.text
    await person.tap("开始备案")
    assert "已创建备案 F-2026-000001" in person.messages[-2].text
    first = person.last
    assert first.text.startswith("第 1/5 步 · 验证备案类型")
    assert "请选择主办单位所在省份" in first.text
    assert "北京" in first.button_texts and "›" in first.button_texts  # 31 provinces, paged

    asked = await fill(app, person, PERSONAL)

    # A personal filing never asks what follows from the organizer being a person.
    for implied in ("subject_owner.name", "subject_owner.id_number", "site1.owner_same",
                    "site1.preapprovals", "site1.domains"):
        assert implied not in asked
    summary = person.last.text
    assert "核对信息" in summary and "张伟" in summary and "首次备案" in summary

    await submit_from_review(person)
    assert person.last.text.startswith("✅ F-2026-000001 · 代码与咖啡 — 已提交初审")
    assert "1 个工作日" in person.last.text

    filing = await filing_of(app, person)
    assert filing is not None and filing.status == FilingStatus.SUBMITTED
    assert filing.filing_type == "first"
    async with app.sessionmaker() as session:
        kinds = (await session.execute(
            select(Event.kind).where(Event.filing_id == filing.id).order_by(Event.id)
        )).scalars().all()
        documents = (await session.execute(
            select(Document).where(Document.filing_id == filing.id))).scalars().all()
    assert kinds == ["created", "submitted"]
    # ID front and back, the verification form and the domain certificate, stored privately
    # under random names.
    assert len(documents) == 4
    for document in documents:
        path = app.root / "data" / document.path
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert len(path.stem) == 32 and path.suffix == ".jpg"


async def test_company_filing_with_two_websites(app: App) -> None:
    person = app.person(2002)
    await person.send("/new")
    asked = await fill(app, person, COMPANY_TWO_SITES)

    assert "id_type" not in asked  # an enterprise has exactly one certificate type
    # Website 2 exists because a domain was left over, and it has its own owner and documents.
    assert "site2.domains" not in asked  # one domain left: it is simply website 2's
    for key in ("site2.owner.mobile", "doc.org_certificate", "site1.doc.verification_form",
                "site2.doc.verification_form", "site2.doc.site_owner_id_front",
                "doc.domain_certificate.yunfan.com", "doc.domain_certificate.yunfan-shop.cn"):
        assert key in asked
    assert "site1.doc.site_owner_id_front" not in asked  # website 1's owner is the subject owner

    await submit_from_review(person)
    filing = await filing_of(app, person)
    assert filing is not None and filing.status == FilingStatus.SUBMITTED
    assert filing.answers["site2.owner.mobile"] == "+8613712345678"
    assert filing.answers["site1.domains"] == ["yunfan.com"]
    assert filing.answers["site2.domains"] == ["yunfan-shop.cn"]
    async with app.sessionmaker() as session:
        domains = (await session.execute(
            select(FilingDomain.domain).where(FilingDomain.filing_id == filing.id)
        )).scalars().all()
    assert sorted(domains) == ["yunfan-shop.cn", "yunfan.com"]


async def test_shanghai_unit_is_warned_about_the_legal_representative(app: App) -> None:
    person = app.person(2003)
    await person.send("/new")
    script = dict(COMPANY_TWO_SITES)
    await fill(app, person, script, until="subject_owner.id_type")
    assert "⚠️ 上海管局要求单位的主体负责人为法定代表人" in person.text_since(-3)


async def test_english_applicant_gets_english_questions(app: App) -> None:
    person = app.person(3003, language="en-US", name="Wei")
    await person.send("/start")
    assert "ICP filing assistant" in person.last.text
    await person.tap("Start a filing")
    assert person.last.text.startswith("Step 1/5 · Filing type (验证备案类型)")
    await person.send("beijing")
    assert "city and district" in person.last.text
    await person.tap("Skip")
    assert "Enterprise" in person.last.button_texts
    await person.tap("Individual")
    await person.tap("Resident ID card")
    await person.send("张伟")
    await person.send("110101199003074479")  # wrong check digit
    assert "the last character should be 7" in person.last.text
    assert person.last.text.startswith("❌")


async def test_language_switch_is_remembered(app: App) -> None:
    person = app.person(3004, language="en")
    await person.send("/new")
    assert "Which province" in person.last.text
    await person.send("/language")
    await person.tap("中文")
    assert "已切换为中文" in person.messages[-2].text
    assert "请选择主办单位所在省份" in person.last.text
    app.restart()
    await person.send("/continue")
    assert "请选择主办单位所在省份" in person.last.text


async def test_command_menu_is_localized(app: App) -> None:
    await app.dp.emit_startup(bot=app.bot, dispatcher=app.dp, bots=[app.bot],
                              **app.dp.workflow_data)
    assert {c["command"] for c in app.tg.commands["zh"]} >= {"start", "new", "status", "cancel"}
    descriptions = {c["command"]: c["description"] for c in app.tg.commands[None]}
    assert descriptions["status"] == "Filing status"
    assert {c["command"]: c["description"] for c in app.tg.commands["zh"]}["new"] == "新建备案"


async def test_conflicting_domain_is_explained(app: App) -> None:
    async with app.sessionmaker() as session:
        await SqlRegistry(session).add("沪ICP备20000001号", "91310000MA1FL0001X", "别人家公司",
                                       [("example.com", "沪ICP备20000001号-1")])
        await session.commit()
    person = app.person(4004)
    await person.send("/new")
    for key in ("province", "city", "nature", "id_type", "organizer_name", "organizer_id",
                "subject_filed", "domains"):
        await act(person, PERSONAL[key])
    text = person.last.text
    assert "域名 example.com 已在其他主办单位名下备案（沪ICP备20000001号）" in text
    assert "请输入要备案的域名" in text  # and the domains are asked again
    await person.send("example.org")
    assert "请输入证件住所" in person.last.text


async def test_a_wrong_value_keeps_the_question(app: App) -> None:
    person = app.person(5005)
    await person.send("/new")
    await person.send("北京")
    await person.tap("跳过")
    await person.tap("企业")
    await person.send("某某科技有限公司")
    await person.send("91350100M000100Y44")
    reply = person.last.text
    assert reply.startswith("❌ 统一社会信用代码校验位不正确")
    assert "请输入主办单位证件号码" in reply  # the same question again
    await person.send("91350100M000100Y43")
    assert "主办单位是否已经备案过" in person.last.text


async def test_text_answers_for_choices_are_understood(app: App) -> None:
    person = app.person(5006)
    await person.send("/new")
    await person.send("广东省")
    await person.tap("跳过")
    await person.send("随便什么")
    assert person.last.text.startswith("❌ 没有这个选项")
    assert "企业" in person.last.button_texts  # the same question, with its buttons
    await person.send("个人")
    filing = await filing_of(app, person)
    assert filing is not None
    assert filing.answers["province"] == "44" and filing.answers["nature"] == "personal"


async def test_text_for_the_organizer_is_escaped(app: App) -> None:
    person = app.person(5007)
    await person.send("/new")
    await fill(app, person, {"province": Tap("北京"), "city": Tap("跳过"),
                             "nature": Tap("企业")}, until="organizer_name")
    await person.send("<b>A&B</b> <script>x</script>")
    answered = person.messages[-2]
    assert "✓ <b>A&B</b> <script>x</script>" in answered.text  # shown literally, not as HTML
    filing = await filing_of(app, person)
    assert filing is not None
    assert filing.answers["organizer_name"] == "<b>A&B</b> <script>x</script>"
    await person.send("/edit")
    assert "<script>x</script>" in person.last.text
