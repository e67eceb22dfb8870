"""The conversation engine as an applicant meets it: what is asked next, what an answer, Back,
Skip or an edit from the summary does, and what is kept or dropped when answers change."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from dialogs import engine
from dialogs.engine import AGREEMENTS, CONFIRM, REVIEW, Draft, Outcome
from dialogs.fields import Kind
from dialogs.filing_type import RegistryEntry, RegistrySnapshot
from dialogs.messages import Msg
from dialogs.spec import max_sites

TODAY = date(2026, 11, 30)


# --- building drafts by answering ------------------------------------------------------------
def fill(values: dict[str, Any], draft: Draft | None = None, *, until: str | None = None,
         today: date = TODAY) -> Draft:
    """Answer in the order the engine asks: `values[key]` for the current question (pages of a
    several-pages document as a list), the filing-type decision against an empty registry, a
    file for every required document; optional questions without a value are skipped.
    Stops at the summary, at `until`, or at a required question without a value."""
    draft = draft or engine.start(today)
    files = 0
    while draft.position not in engine.STAGES and draft.position != until:
        slot = engine.current_slot(draft, today)
        assert slot is not None, f"no question at {draft.position!r}"
        if slot.kind is Kind.DECISION:
            out = engine.apply_decision(draft, RegistrySnapshot(), today)
        elif slot.kind is Kind.DOCUMENT and slot.field.multiple and slot.key in values:
            for page in values[slot.key]:
                draft = ok(engine.answer(draft, page, today)).draft
            out = engine.finish(draft, today)
        elif slot.key in values:
            out = engine.answer(draft, values[slot.key], today)
        elif slot.kind is Kind.DOCUMENT and not slot.field.optional:
            files += 1
            out = engine.answer(draft, {"id": files}, today)
        elif slot.field.optional:
            out = engine.skip(draft, today)
        else:
            break
        draft = ok(out, slot.key).draft
    return draft


def ok(outcome: Outcome, key: str = "") -> Outcome:
    assert outcome.error is None, f"{key}: {outcome.error}"
    return outcome


def refused(outcome: Outcome, before: Draft) -> Msg:
    """The refusal of `outcome`, checking that nothing changed."""
    assert outcome.error is not None, "expected a refusal"
    assert outcome.draft.answers == before.answers
    assert outcome.draft.position == before.position
    assert outcome.accepted is None
    return outcome.error


def answer(draft: Draft, value: Any) -> Outcome:
    return engine.answer(draft, value, TODAY)


def edit(draft: Draft, key: str) -> Draft:
    outcome = ok(engine.edit(draft, key, TODAY), key)
    assert outcome.draft.position == key
    return outcome.draft


def site_keys(draft: Draft, n: int) -> list[str]:
    return [k for k in draft.answers if k.startswith(f"site{n}.")]


PERSONAL: dict[str, Any] = {
    "province": "北京",
    "nature": "个人",
    "id_type": "居民身份证",
    "organizer_name": "王小明",
    "organizer_id": "110101199003074477",
    "subject_filed": "否",
    "domains": "example.com",
    "cert_address": "北京市东城区东华门街道1号",
    "mail_address": "北京市东城区东华门街道1号101室",
    "investor": "王小明",
    "subject_owner.id_valid_from": "2020-01-01",
    "subject_owner.id_valid_to": "2040-01-01",
    "subject_owner.mobile": "13800138000",
    "subject_owner.emergency_phone": "010-12345678",
    "subject_owner.email": "wang@example.com",
    "site1.name": "代码与咖啡",
    "site1.home_url": "http://www.example.com",
    "site1.content": "博客",
    "site1.languages": ["zh_hans"],
}

COMPANY: dict[str, Any] = {
    "province": "上海",
    "nature": "企业",
    "organizer_name": "上海示例科技有限公司",
    "organizer_id": "91310115MA1K3YJ12G",
    "subject_filed": "否",
    "domains": "example.com, example.cn",
    "cert_address": "上海市浦东新区世纪大道100号",
    "mail_address": "上海市浦东新区世纪大道100号8楼",
    "investor": "上海示例投资有限公司",
    "subject_owner.name": "李四",
    "subject_owner.id_type": "居民身份证",
    "subject_owner.id_number": "310115198512032049",
    "subject_owner.id_valid_from": "2020-01-01",
    "subject_owner.id_valid_to": "长期",
    "subject_owner.mobile": "13912345678",
    "subject_owner.emergency_phone": "021-12345678",
    "subject_owner.email": "li@example.com",
    "site1.name": "示例科技",
    "site1.domains": ["example.com"],
    "site1.home_url": "https://example.com",
    "site1.content": ["unit_portal"],
    "site1.languages": ["zh_hans"],
    "site1.preapprovals": ["none"],
    "site1.owner_same": "是",
    "site2.name": "示例商城",
    "site2.home_url": "https://www.example.cn",
    "site2.content": ["shopping"],
    "site2.languages": ["zh_hans", "en"],
    "site2.preapprovals": ["none"],
    "site2.owner_same": "否",
    "site2.owner.name": "张伟",
    "site2.owner.id_type": "居民身份证",
    "site2.owner.id_number": "110101199003074477",
    "site2.owner.id_valid_from": "2019-05-01",
    "site2.owner.id_valid_to": "2039-05-01",
    "site2.owner.mobile": "13800138000",
    "site2.owner.emergency_phone": "010-12345678",
    "site2.owner.email": "zhang@example.com",
}


@pytest.fixture(scope="module")
def personal() -> Draft:
    return fill(PERSONAL)


@pytest.fixture(scope="module")
def company() -> Draft:
    return fill(COMPANY)


def test_the_sample_filings_reach_the_summary_complete(personal: Draft, company: Draft) -> None:
    for draft in (personal, company):
        assert draft.position == REVIEW
        assert engine.missing(draft, TODAY) == []
        assert engine.submit_problems(draft, TODAY) == [Msg("err-agreements-required")]
    assert engine.filing_type(personal.answers) == "first"


# --- what is asked next ------------------------------------------------------------------------
def test_start_asks_the_province_without_a_back_button() -> None:
    draft = engine.start(TODAY)
    assert draft.position == "province"
    q = engine.question(draft, TODAY)
    assert q is not None and q.key == "province" and not q.can_back
    assert len(q.options) == 31


def test_the_next_question_is_the_first_applicable_unanswered_one() -> None:
    assert engine.next_position({}, TODAY) == "province"
    assert engine.next_position({"province": "11"}, TODAY) == "city"
    assert engine.next_position({"province": "11", "city": None}, TODAY) == "nature"
    # The subject number is only asked when the subject is already filed.
    step1 = {"province": "11", "city": None, "nature": "personal", "id_type": "resident_id",
             "organizer_name": "王小明", "organizer_id": "110101199003074477"}
    assert engine.next_position({**step1, "subject_filed": "no"}, TODAY) == "domains"
    assert engine.next_position({**step1, "subject_filed": "yes"}, TODAY) == "subject_number"


def test_answering_moves_to_the_next_question() -> None:
    draft = fill(PERSONAL, until="subject_filed")
    outcome = ok(answer(draft, "是"))
    assert outcome.accepted == ("subject_filed", "yes")
    assert outcome.draft.position == "subject_number"
    assert ok(answer(draft, "否")).draft.position == "domains"


@pytest.mark.parametrize(
    ("position", "value"),
    [
        ("province", "火星"),
        ("organizer_id", "110101199003074478"),  # wrong check digit
        ("domains", "http://"),
        ("subject_owner.mobile", "12345"),
        ("subject_owner.email", "wang@"),
        ("site1.home_url", "http://www.other.com"),
        ("site1.content", "网络游戏"),  # not open to a personal filing
    ],
)
def test_a_refused_answer_changes_nothing(position: str, value: str) -> None:
    draft = fill(PERSONAL, until=position)
    assert draft.position == position
    error = refused(answer(draft, value), draft)
    assert isinstance(error, Msg) and error.id.startswith("err-")


def test_a_document_question_wants_a_file() -> None:
    draft = fill(PERSONAL, until="doc.subject_id_front")
    assert refused(answer(draft, "here it is"), draft) == Msg("err-document-expected")


# --- choices typed ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("44", "44"),
        ("广东", "44"),
        ("广东省", "44"),
        ("guangdong", "44"),
        ("粤", "44"),
        ("北京市", "11"),
        ("beijing", "11"),
        ("京", "11"),
        ("Shaanxi", "61"),
        ("shanxi", "14"),
        # what find_province understands is understood here too
        ("Inner Mongolia", "15"),
        ("Tibet", "54"),
        ("广西省", "45"),
    ],
)
def test_the_province_can_be_typed(typed: str, code: str) -> None:
    outcome = ok(answer(engine.start(TODAY), typed))
    assert outcome.draft.answers["province"] == code
    assert outcome.draft.position == "city"


@pytest.mark.parametrize(
    ("typed", "code"),
    [("个人", "personal"), ("personal", "personal"), ("Individual", "personal"),
     ("企业", "enterprise"), ("company", "enterprise")],
)
def test_the_nature_can_be_typed(typed: str, code: str) -> None:
    draft = fill(PERSONAL, until="nature")
    assert ok(answer(draft, typed)).draft.answers["nature"] == code


@pytest.mark.parametrize(
    "typed", ["博客，其他", "blog other", "博客、其他", "other, blog", "博客/个人空间;其他"]
)
def test_a_multi_choice_can_be_typed(typed: str) -> None:
    draft = fill(PERSONAL, until="site1.content")
    outcome = ok(answer(draft, typed))
    assert outcome.draft.answers["site1.content"] == ["blog", "other"]  # in the options' order


def test_an_unknown_item_of_a_typed_multi_choice_is_named() -> None:
    draft = fill(PERSONAL, until="site1.content")
    assert refused(answer(draft, "博客，聊天"), draft) == Msg("err-choice-unknown-item",
                                                             item="聊天")


# --- Back -------------------------------------------------------------------------------------
def test_back_from_the_first_question_is_refused() -> None:
    draft = engine.start(TODAY)
    assert refused(engine.back(draft, TODAY), draft) == Msg("err-no-back")


@pytest.mark.parametrize(
    ("values", "position", "previous"),
    [
        (PERSONAL, "city", "province"),
        (PERSONAL, "cert_address", "domains"),  # the filing-type decision is not a question
        (PERSONAL, "subject_owner.id_valid_from", "investor"),  # name and ID were forced
        (PERSONAL, "site1.home_url", "site1.name"),  # the only domain was forced
        (COMPANY, "organizer_name", "nature"),  # a company has one certificate type
        (COMPANY, "site2.home_url", "site2.name"),
    ],
)
def test_back_goes_to_the_previous_question_asked(values: dict[str, Any], position: str,
                                                  previous: str) -> None:
    draft = fill(values, until=position)
    outcome = ok(engine.back(draft, TODAY))
    assert outcome.draft.position == previous
    assert outcome.draft.answers == draft.answers


def test_answering_again_after_back_returns_to_the_first_unanswered_question() -> None:
    draft = fill(PERSONAL, until="subject_owner.mobile")
    for _ in range(4):
        draft = ok(engine.back(draft, TODAY)).draft
    assert draft.position == "mail_address"
    outcome = ok(answer(draft, "北京市东城区东华门街道2号"))
    assert outcome.draft.answers["mail_address"] == "北京市东城区东华门街道2号"
    assert outcome.draft.answers["investor"] == "王小明"  # kept
    assert outcome.draft.position == "subject_owner.mobile"


def test_back_from_the_summary_opens_the_last_question(personal: Draft) -> None:
    assert ok(engine.back(personal, TODAY)).draft.position == "doc.other_material"


def test_back_while_editing_returns_to_the_summary(company: Draft) -> None:
    draft = edit(company, "site1.name")
    outcome = ok(engine.back(draft, TODAY))
    assert outcome.draft.position == REVIEW and not outcome.draft.editing
    assert outcome.draft.answers == company.answers


def test_back_through_the_final_stages(company: Draft) -> None:
    agreed = company
    for key in engine.AGREEMENT_KEYS:
        agreed = engine.toggle_agreement(agreed, key).draft
    confirm = ok(engine.go_to(agreed, CONFIRM, TODAY)).draft
    assert ok(engine.back(confirm, TODAY)).draft.position == AGREEMENTS
    agreements = ok(engine.go_to(agreed, AGREEMENTS, TODAY)).draft
    assert ok(engine.back(agreements, TODAY)).draft.position == REVIEW


# --- Skip -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("values", "position", "after"),
    [
        (PERSONAL, "city", "nature"),
        (PERSONAL, "subject_remark", "site1.name"),
        (PERSONAL, "site1.remark", "doc.subject_id_front"),
        (PERSONAL, "doc.other_material", REVIEW),
        (COMPANY, "site1.remark", "site1.owner_same"),
    ],
)
def test_optional_questions_can_be_skipped(values: dict[str, Any], position: str,
                                           after: str) -> None:
    draft = fill(values, until=position)
    outcome = ok(engine.skip(draft, TODAY))
    assert outcome.accepted == (position, None)
    assert outcome.draft.answers[position] is None
    assert outcome.draft.position == after


@pytest.mark.parametrize("position", ["province", "nature", "organizer_name", "investor",
                                      "subject_owner.email", "site1.name", "doc.subject_id_back"])
def test_required_questions_cannot_be_skipped(position: str) -> None:
    draft = fill(PERSONAL, until=position)
    assert refused(engine.skip(draft, TODAY), draft) == Msg("err-not-optional")


def test_other_material_takes_several_pages_until_done() -> None:
    draft = fill(PERSONAL, until="doc.other_material")
    draft = ok(answer(draft, {"id": 91})).draft
    assert draft.position == "doc.other_material"  # more pages may follow
    draft = ok(answer(draft, {"id": 92})).draft
    outcome = ok(engine.finish(draft, TODAY))
    assert outcome.draft.answers["doc.other_material"] == [{"id": 91}, {"id": 92}]
    assert outcome.draft.position == REVIEW


# --- editing from the summary ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("investor", "上海示例控股有限公司", "上海示例控股有限公司"),
        ("site2.remark", "商城下月上线", "商城下月上线"),
        ("subject_owner.emergency_phone", "021-55667788", "021-55667788"),
    ],
)
def test_an_edit_returns_to_the_summary(company: Draft, key: str, value: Any, stored: Any) -> None:
    draft = edit(company, key)
    assert draft.editing
    q = engine.question(draft, TODAY)
    assert q is not None and q.current == company.answers[key] and q.can_back
    outcome = ok(answer(draft, value))
    assert outcome.draft.answers[key] == stored
    assert outcome.draft.position == REVIEW and not outcome.draft.editing
    assert outcome.dropped == ()


@pytest.mark.parametrize("key", ["id_type", "site2.domains", "filing_type", "no.such.key"])
def test_forced_and_system_answers_are_not_editable(company: Draft, key: str) -> None:
    assert refused(engine.edit(company, key, TODAY), company) == Msg("err-not-editable")


@pytest.mark.parametrize("key", ["subject_owner.name", "subject_owner.id_type",
                                 "subject_owner.id_number", "site1.domains",
                                 "site1.preapprovals", "site1.owner_same"])
def test_a_personal_filings_imposed_answers_are_not_editable(personal: Draft, key: str) -> None:
    assert refused(engine.edit(personal, key, TODAY), personal) == Msg("err-not-editable")


# --- personal and company filings -------------------------------------------------------------
def test_a_personal_filing_takes_the_subject_owner_from_the_organizer(personal: Draft) -> None:
    answers = personal.answers
    assert answers["subject_owner.name"] == "王小明"
    assert answers["subject_owner.id_type"] == "resident_id"
    assert answers["subject_owner.id_number"] == "110101199003074477"
    assert answers["site1.owner_same"] == "yes"
    assert answers["site1.preapprovals"] == ["none"]
    asked_keys = {"subject_owner.name", "subject_owner.id_type", "subject_owner.id_number",
                  "site1.owner_same", "site1.preapprovals", "site1.domains"}
    assert asked_keys <= set(personal.forced)
    assert not any(k.startswith("site1.owner.") for k in answers)


def test_a_personal_filing_suggests_the_organizer_as_investor() -> None:
    q = engine.question(fill(PERSONAL, until="investor"), TODAY)
    assert q is not None and q.suggestion == "王小明"


def test_a_personal_website_offers_only_blog_and_other() -> None:
    q = engine.question(fill(PERSONAL, until="site1.content"), TODAY)
    assert q is not None and [o.code for o in q.options] == ["blog", "other"]


def test_a_company_has_one_certificate_type_filled_in() -> None:
    draft = fill(COMPANY, until="organizer_name")
    assert draft.answers["id_type"] == "business_license"
    assert "id_type" in draft.forced
    slot = next(s for s in engine.applicable(draft.answers, TODAY) if s.key == "id_type")
    assert slot.field.options is not None
    assert [o.code for o in slot.field.options(slot.ctx(draft.answers, TODAY))] == [
        "business_license"]


def test_a_company_website_may_have_its_own_owner(company: Draft) -> None:
    assert company.answers["site2.owner_same"] == "no"
    assert company.answers["site2.owner.mobile"] == "+8613800138000"
    assert {"site2.doc.site_owner_id_front", "site2.doc.site_owner_id_back"} <= set(
        company.answers)


def test_a_unit_in_shanghai_is_warned_about_the_legal_representative() -> None:
    outcome = ok(answer(fill(COMPANY, until="subject_owner.name"), "李四"))
    assert outcome.warnings == (Msg("warn-legal-representative",
                                    province=Msg("opt-province-31")),)


def test_changing_the_nature_to_personal_drops_what_no_longer_fits(company: Draft) -> None:
    outcome = ok(answer(edit(company, "nature"), "个人"))
    draft = outcome.draft
    # The website owner goes: a personal filing's websites are the organizer's.
    assert draft.answers["site2.owner_same"] == "yes" and "site2.owner_same" in draft.forced
    owner_keys = [k for k in company.answers if k.startswith("site2.owner.")]
    assert owner_keys and all(k in outcome.dropped for k in owner_keys)
    assert not any(k.startswith("site2.owner.") for k in draft.answers)
    assert "site2.doc.site_owner_id_front" in outcome.dropped
    assert "doc.org_certificate" in outcome.dropped
    # A business licence number is no personal ID: the certificate type and number are asked.
    assert "organizer_id" in outcome.dropped
    assert draft.previous["organizer_id"] == "91310115MA1K3YJ12G"
    assert draft.position == "id_type"
    assert draft.editing
    # Company-only answers go too: a unit portal, a shop name (商城) on a personal site.
    assert "site1.content" in outcome.dropped and "site2.name" in outcome.dropped
    assert draft.answers["site1.preapprovals"] == ["none"]
    # What still fits is kept.
    assert draft.answers["site1.name"] == "示例科技"
    assert draft.answers["site2.languages"] == ["zh_hans", "en"]


def test_changing_the_nature_back_asks_the_website_owner_again(company: Draft) -> None:
    personal = ok(answer(edit(company, "nature"), "个人")).draft
    back_to_company = ok(answer(edit(personal, "nature"), "企业")).draft
    # "同主体负责人" was imposed for the person; for a company it is a question again.
    assert "site1.owner_same" not in back_to_company.answers
    assert "site1.owner_same" not in back_to_company.forced


# --- websites follow the domains ---------------------------------------------------------------
def test_two_domains_make_two_websites() -> None:
    draft = fill(COMPANY, until="site1.domains")
    q = engine.question(draft, TODAY)
    assert q is not None and [o.code for o in q.options] == ["example.com", "example.cn"]
    draft = fill(COMPANY, draft, until="site2.name")
    assert draft.position == "site2.name"
    assert draft.answers["site2.domains"] == ["example.cn"]
    assert "site2.domains" in draft.forced


def test_a_domain_typed_for_a_website_is_understood() -> None:
    draft = fill(COMPANY, until="site1.domains")
    assert ok(answer(draft, "example.cn")).draft.answers["site1.domains"] == ["example.cn"]
    assert refused(answer(draft, "other.com"), draft).id == "err-choice-unknown-item"


def test_one_website_may_take_every_domain() -> None:
    draft = fill(COMPANY, until="site1.domains")
    outcome = ok(answer(draft, ["example.com", "example.cn"]))
    assert outcome.draft.answers["site1.domains"] == ["example.com", "example.cn"]
    assert not any(k.startswith("site2.") for k in fill(COMPANY, outcome.draft).answers)


def test_removing_the_second_websites_domain_removes_the_website(company: Draft) -> None:
    outcome = ok(answer(edit(company, "domains"), "example.com"))
    draft = outcome.draft
    assert site_keys(draft, 2) == []
    assert "doc.domain_certificate.example.cn" not in draft.answers
    for key in ("site2.name", "site2.owner.name", "site2.doc.verification_form",
                "site2.doc.site_owner_id_front", "doc.domain_certificate.example.cn"):
        assert key in outcome.dropped
    assert site_keys(draft, 1) == site_keys(company, 1)
    decided = ok(engine.apply_decision(draft, RegistrySnapshot(), TODAY)).draft
    assert decided.position == REVIEW
    assert engine.missing(decided, TODAY) == []


def test_removing_the_first_websites_domain_removes_the_first_website(company: Draft) -> None:
    outcome = ok(answer(edit(company, "domains"), "example.cn"))
    draft = outcome.draft
    # Website 2 becomes website 1, with everything it had; website 1 is gone.
    assert site_keys(draft, 2) == []
    assert draft.answers["site1.name"] == "示例商城"
    assert draft.answers["site1.domains"] == ["example.cn"]
    assert draft.answers["site1.home_url"] == "https://www.example.cn/"
    assert draft.answers["site1.owner.name"] == "张伟"
    assert draft.answers["site1.doc.site_owner_id_front"] == company.answers[
        "site2.doc.site_owner_id_front"]
    assert draft.answers["site1.doc.verification_form"] == company.answers[
        "site2.doc.verification_form"]
    assert "doc.domain_certificate.example.com" not in draft.answers
    decided = ok(engine.apply_decision(draft, RegistrySnapshot(), TODAY)).draft
    assert decided.position == REVIEW
    assert engine.missing(decided, TODAY) == []


def test_adding_a_domain_asks_the_last_websites_domains_again(company: Draft) -> None:
    outcome = ok(answer(edit(company, "domains"), "example.com, example.cn, new.com"))
    draft = ok(engine.apply_decision(outcome.draft, RegistrySnapshot(), TODAY)).draft
    # Website 2 had the one domain left; now it may take the new one too, or leave it to a
    # third website.
    assert draft.position == "site2.domains"
    q = engine.question(draft, TODAY)
    assert q is not None and [o.code for o in q.options] == ["example.cn", "new.com"]
    # Nothing else of website 2 is lost.
    for key in ("site2.name", "site2.content", "site2.owner.name", "site2.owner.email",
                "site2.doc.site_owner_id_front", "site2.doc.verification_form"):
        assert draft.answers[key] == company.answers[key]
    # Leaving the new domain to a third website:
    draft = ok(answer(draft, ["example.cn"])).draft
    draft = fill({"site2.home_url": "https://www.example.cn"}, draft, until="site3.name")
    assert draft.position == "site3.name"
    assert draft.answers["site3.domains"] == ["new.com"]


def test_a_domain_added_at_the_site_limit_goes_to_the_last_website() -> None:
    three = {**COMPANY, "domains": "a.com b.com c.com", "site1.domains": ["a.com"],
             "site1.home_url": "a.com", "site2.domains": ["b.com"], "site2.home_url": "b.com",
             "site3.name": "示例三站", "site3.home_url": "c.com", "site3.content": ["other"],
             "site3.languages": ["zh_hans"], "site3.preapprovals": ["none"],
             "site3.owner_same": "是"}
    full = fill(three)
    assert full.position == REVIEW and max_sites(full.answers) == 3
    assert full.answers["site3.domains"] == ["c.com"]
    outcome = ok(answer(edit(full, "domains"), "a.com b.com c.com d.com"))
    decided = ok(engine.apply_decision(outcome.draft, RegistrySnapshot(), TODAY))
    draft = decided.draft
    # The last possible website takes every domain left: nothing to choose, nothing lost.
    assert draft.answers["site3.domains"] == ["c.com", "d.com"]
    assert "site3.domains" in draft.forced
    # The last website's domain list changed, and it is printed on its signed 核验单.
    assert outcome.dropped + decided.dropped == ("filing_type", "site3.doc.verification_form")
    # Website 3's form is signed again first, then the new domain's certificate is asked.
    assert draft.position == "site3.doc.verification_form"


def test_a_one_website_province_puts_every_domain_on_the_website() -> None:
    henan = {**COMPANY, "province": "河南"}
    draft = fill(henan, until="site1.home_url")
    assert max_sites(draft.answers) == 1
    assert draft.answers["site1.domains"] == ["example.com", "example.cn"]
    assert "site1.domains" in draft.forced
    full = fill(henan, draft)
    assert full.position == REVIEW
    assert site_keys(full, 2) == []
    assert "site1.doc.verification_form" in full.answers


@pytest.mark.parametrize("province", ["河南", "湖北", "湖南"])
def test_moving_a_filing_to_a_one_website_province_merges_the_websites(company: Draft,
                                                                       province: str) -> None:
    outcome = ok(answer(edit(company, "province"), province))
    draft = outcome.draft
    assert draft.answers["site1.domains"] == ["example.com", "example.cn"]
    assert site_keys(draft, 2) == []
    assert "site2.name" in outcome.dropped


# --- multi-choice ticks -------------------------------------------------------------------------
def company_at_preapprovals() -> Draft:
    values = {k: v for k, v in COMPANY.items() if k != "site1.preapprovals"}
    return fill(values, until="site1.preapprovals")


def test_ticking_the_exclusive_option_clears_the_others_and_back() -> None:
    draft = company_at_preapprovals()
    q = engine.question(draft, TODAY)
    assert q is not None and q.selected == ()
    draft = ok(engine.toggle(draft, "news", TODAY)).draft
    draft = ok(engine.toggle(draft, "culture", TODAY)).draft
    assert draft.pending == ("news", "culture")
    draft = ok(engine.toggle(draft, "none", TODAY)).draft
    assert draft.pending == ("none",)
    draft = ok(engine.toggle(draft, "education", TODAY)).draft
    assert draft.pending == ("education",)
    assert draft.answers == company_at_preapprovals().answers  # nothing stored before Done
    outcome = ok(engine.finish(draft, TODAY))
    assert outcome.draft.answers["site1.preapprovals"] == ["education"]
    assert outcome.draft.position == "site1.preapproval_no.education"
    assert outcome.draft.pending is None


def test_ticks_are_kept_in_the_options_order() -> None:
    draft = company_at_preapprovals()
    for code in ("religion", "news", "finance"):
        draft = ok(engine.toggle(draft, code, TODAY)).draft
    assert draft.pending == ("news", "finance", "religion")


def test_done_with_nothing_ticked_is_refused() -> None:
    draft = company_at_preapprovals()
    draft = ok(engine.toggle(draft, "news", TODAY)).draft
    draft = ok(engine.toggle(draft, "news", TODAY)).draft
    assert draft.pending == ()
    assert refused(engine.finish(draft, TODAY), draft) == Msg("err-multi-empty")


def test_typing_the_exclusive_option_with_another_is_refused() -> None:
    draft = company_at_preapprovals()
    error = refused(answer(draft, "不涉及，新闻"), draft)
    assert error.id == "err-choice-exclusive"


def test_languages_start_with_simplified_chinese_ticked() -> None:
    draft = fill(COMPANY, until="site1.languages")
    q = engine.question(draft, TODAY)
    assert q is not None and q.selected == ("zh_hans",)
    assert ok(engine.finish(draft, TODAY)).draft.answers["site1.languages"] == ["zh_hans"]


def test_toggle_outside_a_multi_choice_is_refused() -> None:
    draft = fill(COMPANY, until="site1.name")
    assert refused(engine.toggle(draft, "news", TODAY), draft) == Msg("err-no-question")


# --- website name and pre-approvals, both ways --------------------------------------------------
def news_site_at_preapprovals() -> Draft:
    values = {k: v for k, v in COMPANY.items() if k != "site1.preapprovals"}
    return fill({**values, "site1.name": "环球新闻"}, until="site1.preapprovals")


def test_a_name_needing_a_pre_approval_waits_for_the_pre_approvals() -> None:
    draft = news_site_at_preapprovals()
    assert draft.answers["site1.name"] == "环球新闻"
    error = refused(answer(draft, ["none"]), draft)
    assert error == Msg("err-preapproval-required-by-name", name="环球新闻", word="新闻")
    outcome = ok(answer(draft, ["news"]))
    assert outcome.draft.position == "site1.preapproval_no.news"


def test_the_name_and_the_pre_approvals_are_checked_from_both_sides() -> None:
    done = fill({**COMPANY, "site1.preapprovals": ["news"],
                 "site1.preapproval_no.news": "京新闻许可2020-01"}, news_site_at_preapprovals())
    assert done.position == REVIEW
    assert "site1.doc.preapproval_scan.news" in done.answers
    # A name word needing another pre-approval is refused …
    renamed = edit(done, "site1.name")
    assert refused(answer(renamed, "环球新闻论坛"), renamed).id == "err-site-name-preapproval"
    # … and so are pre-approvals that no longer cover the name.
    changed = edit(done, "site1.preapprovals")
    assert refused(answer(changed, ["culture"]), changed).id == "err-preapproval-required-by-name"


def test_a_personal_site_name_cannot_need_a_pre_approval() -> None:
    draft = fill(PERSONAL, until="site1.name")
    assert refused(answer(draft, "小明新闻"), draft).id == "err-site-name-personal-preapproval"


# --- owners -------------------------------------------------------------------------------------
def test_a_website_owner_cannot_share_the_subject_owners_mobile() -> None:
    draft = fill(COMPANY, until="site2.owner.mobile")
    assert refused(answer(draft, "139 1234 5678"), draft) == Msg("err-mobile-shared")


def test_the_subject_owner_cannot_take_a_website_owners_mobile(company: Draft) -> None:
    draft = edit(company, "subject_owner.mobile")
    assert refused(answer(draft, "13800138000"), draft) == Msg("err-mobile-shared")


@pytest.mark.parametrize("email", ["li@example.com", "LI@Example.com"])
def test_a_website_owner_cannot_share_the_subject_owners_email(email: str) -> None:
    draft = fill(COMPANY, until="site2.owner.email")
    assert refused(answer(draft, email), draft) == Msg("err-email-shared")


def test_the_emergency_phone_is_not_the_own_mobile() -> None:
    draft = fill(COMPANY, until="subject_owner.emergency_phone")
    assert refused(answer(draft, "+86 139-1234-5678"), draft) == Msg(
        "err-emergency-equals-mobile")


def test_the_mobile_is_not_the_own_emergency_phone(company: Draft) -> None:
    draft = edit(company, "site2.owner.emergency_phone")
    draft = ok(answer(draft, "13700137000")).draft
    draft = edit(draft, "site2.owner.mobile")
    assert refused(answer(draft, "13700137000"), draft) == Msg("err-mobile-equals-emergency")


def test_a_website_owner_is_not_the_subject_owner() -> None:
    draft = fill(COMPANY, until="site2.owner.id_number")
    assert refused(answer(draft, "310115198512032049"), draft) == Msg(
        "err-site-owner-is-subject-owner")


# --- certificate validity -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("2026-11-29", "err-validity-expired"),
        ("2026-12-31", "err-validity-expiring"),
        ("2027-02-28", "err-validity-expiring"),  # exactly three months is not more
    ],
)
def test_an_id_valid_for_three_months_or_less_is_refused(typed: str, error: str) -> None:
    draft = fill(COMPANY, until="subject_owner.id_valid_to")
    assert refused(answer(draft, typed), draft).id == error


@pytest.mark.parametrize(("typed", "stored"), [("2027-03-01", "2027-03-01"),
                                               ("2030年1月31日", "2030-01-31"),
                                               ("长期", "long_term")])
def test_an_id_valid_for_longer_is_accepted(typed: str, stored: str) -> None:
    draft = fill(COMPANY, until="subject_owner.id_valid_to")
    assert ok(answer(draft, typed)).draft.answers["subject_owner.id_valid_to"] == stored


def test_an_expiry_that_came_too_close_is_dropped_on_resume() -> None:
    draft = fill({**COMPANY, "subject_owner.id_valid_to": "2027-06-01"})
    assert draft.position == REVIEW
    assert engine.resume(draft, TODAY).answers == draft.answers  # still fine today
    later = date(2027, 3, 15)
    resumed = engine.resume(draft, later)
    assert "subject_owner.id_valid_to" not in resumed.answers
    assert resumed.previous["subject_owner.id_valid_to"] == "2027-06-01"
    assert [s.key for s in engine.missing(resumed, later)] == ["subject_owner.id_valid_to"]
    assert engine.submit_problems(resumed, later)[0] == Msg("err-form-incomplete", count=1)
    assert "site2.owner.id_valid_to" in resumed.answers  # valid until 2039


# --- step 5 -------------------------------------------------------------------------------------
def test_the_agreements_need_a_complete_form(company: Draft) -> None:
    answers = {k: v for k, v in company.answers.items() if k != "site2.owner.email"}
    at_review = replace(company, answers=answers)
    assert ok(engine.go_to(at_review, REVIEW, TODAY)).draft.position == REVIEW
    outcome = engine.go_to(at_review, AGREEMENTS, TODAY)
    assert outcome.error == Msg("err-form-incomplete", count=1)
    assert outcome.draft.position == "site2.owner.email"


def test_confirm_needs_both_agreements(company: Draft) -> None:
    assert refused(engine.go_to(company, CONFIRM, TODAY), company) == Msg(
        "err-agreements-required")
    one = engine.toggle_agreement(company, "agree.security").draft
    assert refused(engine.go_to(one, CONFIRM, TODAY), one) == Msg("err-agreements-required")
    assert engine.submit_problems(one, TODAY) == [Msg("err-agreements-required")]
    both = engine.toggle_agreement(one, "agree.terms").draft
    assert ok(engine.go_to(both, CONFIRM, TODAY)).draft.position == CONFIRM
    assert engine.submit_problems(both, TODAY) == []
    untick = engine.toggle_agreement(both, "agree.terms").draft
    assert engine.submit_problems(untick, TODAY) == [Msg("err-agreements-required")]


def test_agreements_survive_later_changes(company: Draft) -> None:
    both = company
    for key in engine.AGREEMENT_KEYS:
        both = engine.toggle_agreement(both, key).draft
    changed = ok(answer(edit(both, "site1.name"), "示例技术")).draft
    assert engine.agreed(changed)


# --- storage round trip ---------------------------------------------------------------------------
def test_a_draft_survives_a_json_round_trip(company: Draft) -> None:
    draft = ok(answer(edit(company, "nature"), "个人")).draft  # previous values and forced keys
    draft = fill({"id_type": "居民身份证", "organizer_id": "310115198512032049",
                  "site1.content": "其他", "site2.name": "我的小站"}, draft,
                 until="site2.content")
    draft = ok(engine.toggle(draft, "other", TODAY)).draft
    assert draft.pending == ("other",)
    assert draft.previous and draft.forced and draft.editing
    stored_answers = json.loads(json.dumps(draft.answers))
    stored = json.loads(json.dumps(draft.to_json()))
    loaded = Draft.from_json(stored_answers, stored)
    assert loaded == draft
    assert engine.question(loaded, TODAY) == engine.question(draft, TODAY)


def test_an_empty_conversation_record_loads() -> None:
    assert Draft.from_json({}, None) == Draft()


# --- the filing-type decision in the conversation -----------------------------------------
def test_a_conflict_asks_the_conflicting_answer_again() -> None:
    draft = fill(COMPANY, until="filing_type")
    theirs = RegistryEntry("京ICP备12345678号", "91110000600037341L", "北京别家有限公司",
                           ("example.cn",))
    outcome = engine.apply_decision(draft, RegistrySnapshot(by_domain={"example.cn": theirs}),
                                    TODAY)
    assert outcome.error == Msg("conflict-domain-other-organizer", domain="example.cn",
                                number="京ICP备12345678号")
    assert outcome.draft.position == "domains"
    assert outcome.draft.previous["domains"] == ["example.com", "example.cn"]
    assert "filing_type" not in outcome.draft.answers
    q = engine.question(outcome.draft, TODAY)
    assert q is not None and q.previous == ["example.com", "example.cn"]
    # A new answer is decided again.
    fixed = ok(answer(outcome.draft, "example.com, example.net")).draft
    assert fixed.position == "filing_type"
    decided = ok(engine.apply_decision(fixed, RegistrySnapshot(), TODAY))
    assert decided.draft.answers["filing_type"]["type"] == "first"
    assert decided.draft.position == "cert_address"


def test_a_conflict_on_the_subject_tick_asks_the_tick_again() -> None:
    draft = fill(COMPANY, until="filing_type")
    ours = RegistryEntry("沪ICP备20000001号", "91310115MA1K3YJ12G", "上海示例科技有限公司")
    outcome = engine.apply_decision(draft, RegistrySnapshot(organizer=ours), TODAY)
    assert outcome.error == Msg("conflict-subject-already-filed", number="沪ICP备20000001号")
    assert outcome.draft.position == "subject_filed"
    assert outcome.draft.previous["subject_filed"] == "no"
    draft = ok(answer(outcome.draft, "是")).draft
    assert draft.position == "subject_number"
    draft = ok(answer(draft, "沪ICP备20000001号")).draft
    decided = ok(engine.apply_decision(draft, RegistrySnapshot(organizer=ours), TODAY))
    assert decided.draft.answers["filing_type"]["type"] == "new_site"


def test_a_conflict_found_at_submission_costs_no_other_answer(company: Draft) -> None:
    # Somebody filed one of the domains since step 1: the filing type is decided again.
    stale = Draft.from_json({k: v for k, v in company.answers.items() if k != "filing_type"},
                            {**company.to_json(), "position": "filing_type"})
    outcome = engine.apply_decision(stale, RegistrySnapshot(busy_domains={"example.cn": "F-9"}),
                                    TODAY)
    assert outcome.error == Msg("conflict-domain-in-flight", domain="example.cn", number="F-9")
    assert outcome.draft.position == "domains"
    assert outcome.dropped == ()
    kept = {k: v for k, v in company.answers.items() if k != "filing_type"}
    assert outcome.draft.answers == kept  # websites, owners and uploads are all still there


def test_a_rejected_extra_domain_costs_nothing(company: Draft) -> None:
    added = ok(answer(edit(company, "domains"), "example.com, example.cn, busy.com")).draft
    conflict = engine.apply_decision(added, RegistrySnapshot(busy_domains={"busy.com": "F-3"}),
                                     TODAY)
    assert conflict.error is not None and conflict.draft.position == "domains"
    fixed = ok(answer(conflict.draft, "example.com, example.cn")).draft
    decided = ok(engine.apply_decision(fixed, RegistrySnapshot(), TODAY)).draft
    for key in ("site2.name", "site2.owner.name", "site2.doc.site_owner_id_front",
                "doc.domain_certificate.example.cn"):
        assert decided.answers[key] == company.answers[key]
    assert decided.answers["site2.domains"] == ["example.cn"]


def test_a_changed_step_1_answer_decides_the_type_again(company: Draft) -> None:
    draft = ok(answer(edit(company, "organizer_id"), "91310115MA1K3YJ12G")).draft
    assert draft.position == REVIEW  # the same answer: the decision stands
    draft = ok(answer(edit(company, "subject_filed"), "是")).draft
    assert "filing_type" not in draft.answers
    assert draft.position == "subject_number"


# --- a change settles at once --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("domains", "example.com"),
        ("domains", "example.cn"),
        ("domains", "example.com, example.cn, new.com"),
        ("domains", "example.cn, new.com, example.com"),
        ("nature", "个人"),
        ("province", "湖北"),
        ("site2.owner_same", "是"),
        ("site1.preapprovals", ["news"]),
    ],
)
def test_loading_a_changed_filing_again_changes_nothing_more(company: Draft, key: str,
                                                             value: Any) -> None:
    # The bot resumes the stored draft on every message: whatever a change dropped is dropped
    # by the change itself, never later behind the applicant's back.
    changed = ok(answer(edit(company, key), value)).draft
    assert engine.resume(changed, TODAY).answers == changed.answers
    if changed.position == "filing_type":
        decided = ok(engine.apply_decision(changed, RegistrySnapshot(), TODAY))
        assert decided.dropped == ()
        assert engine.resume(decided.draft, TODAY).answers == decided.draft.answers


@pytest.mark.parametrize(("key", "value", "forms"), [
    ("mail_address", "上海市浦东新区世纪大道200号", ["site1", "site2"]),  # printed on both
    ("site2.owner.email", "zw@example.cn", ["site2"]),  # only website 2's form
])
def test_editing_what_the_form_prints_asks_for_a_new_signed_form(
        company: Draft, key: str, value: str, forms: list[str]) -> None:
    outcome = ok(answer(edit(company, key), value))
    dropped = [f"{site}.doc.verification_form" for site in forms]
    assert list(outcome.dropped) == dropped
    assert outcome.draft.position == dropped[0]  # the new form is asked for right away
    q = engine.question(outcome.draft, TODAY)
    assert q is not None and q.previous == company.answers[dropped[0]]


def test_editing_what_the_form_does_not_print_keeps_the_signed_form(company: Draft) -> None:
    outcome = ok(answer(edit(company, "site2.remark"), "商城下月上线"))
    assert outcome.dropped == () and outcome.draft.position == REVIEW
