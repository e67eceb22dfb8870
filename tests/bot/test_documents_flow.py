"""Step 4 in the chat: the checklist, the pre-filled 核验单, replacing a document, validity."""

from __future__ import annotations

from datetime import timedelta

from dialogs.verification_form import form_for_site, render_form
from tests.support.app import REVIEWER, App
from tests.support.flows import (
    COMPANY_TWO_SITES,
    PERSONAL,
    Text,
    filing_of,
    fill,
    position,
    submit_from_review,
)
from tests.support.images import document_photo


async def test_company_filing_gets_a_form_per_website_and_uploads_everything(app: App) -> None:
    person = app.person(8001)
    await person.send("/new")
    asked = await fill(app, person, COMPANY_TWO_SITES)
    documents = [k for k in asked if k.startswith("doc.") or ".doc." in k]
    assert len(documents) == 10  # every required document of the filing, plus "other"
    forms = [m for m in person.messages if m.kind == "document"]
    assert len(forms) == 2
    assert "网站 1 的《网站备案信息真实性核验单》（已预填）" in forms[0].text
    assert "网站 2 的《网站备案信息真实性核验单》（已预填）" in forms[1].text
    previews = [m for m in person.messages if m.kind == "photo"]
    assert len(previews) == 2 and "预览" in previews[0].text
    filing = await filing_of(app, person)
    assert filing is not None
    assert filing.answers["site2.doc.verification_form"]["form"]  # stamped with what it printed


async def test_the_checklist_shows_what_is_received_and_missing(app: App) -> None:
    person = app.person(8002)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="doc.subject_id_back")
    text = person.last.text
    assert "📎 资料清单（已收到 1/5）" in text
    assert "✅ 主体负责人证件正面" in text
    assert "▶ 主体负责人证件背面" in text
    assert "⬜ 域名证书（example.com）" in text
    assert "⬜ 其他材料（选填）" in text


async def test_a_document_is_replaced_from_the_summary(app: App) -> None:
    person = app.person(8003)
    await person.send("/new")
    await fill(app, person, PERSONAL)
    before = await filing_of(app, person)
    assert before is not None
    while "主体负责人证件正面" not in " ".join(person.last.button_texts):
        await person.tap("›")
    await person.tap("✏️ 主体负责人证件正面")
    assert "请上传主体负责人身份证人像面" in person.last.text
    await person.send_photo(document_photo(seed=123))
    assert "核对信息" in person.last.text
    after = await filing_of(app, person)
    assert after is not None
    assert after.answers["doc.subject_id_front"] != before.answers["doc.subject_id_front"]
    assert after.answers["doc.subject_id_back"] == before.answers["doc.subject_id_back"]


async def test_an_id_expiring_before_upload_is_refused_with_its_date(app: App) -> None:
    person = app.person(8004)
    await person.send("/new")
    script = {**PERSONAL, "subject_owner.id_valid_to": Text("2027-03-15")}
    await fill(app, person, script, until="doc.subject_id_front")
    app.clock.advance(timedelta(days=21))  # now less than 3 months before 2027-03-15
    await person.send_photo(document_photo(seed=1))
    text = person.text_since(-3)
    assert "2027-03-15" in text
    assert await position(app, person) == "subject_owner.id_valid_to"
    assert "请输入主体负责人证件有效期的截止日期" in person.last.text


async def test_the_unsigned_form_sent_back_is_refused(app: App) -> None:
    person = app.person(8005)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="site1.doc.verification_form")
    filing = await filing_of(app, person)
    assert filing is not None
    blank = render_form(form_for_site(filing.answers, 1, filing.number or ""))
    await person.send_file(blank, file_name="核验单.pdf", mime="application/pdf")
    assert "这是我们发给你的空白核验单" in person.messages[-2].text
    assert await position(app, person) == "site1.doc.verification_form"


async def test_reviewers_get_the_documents_as_albums(app: App) -> None:
    person = app.person(8006)
    await person.send("/new")
    await fill(app, person, PERSONAL)
    await submit_from_review(person)
    reviewer = app.person(REVIEWER)
    await reviewer.tap("打开")
    mark = reviewer.mark()
    await reviewer.tap("📎 资料")
    album = [m for m in reviewer.since(mark) if m.kind == "photo"]
    assert len(album) == 4
    assert "主体负责人证件正面" in album[0].text
    assert "网站备案信息真实性核验单" in album[2].text
