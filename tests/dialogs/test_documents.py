"""Step 4: the documents a filing needs (rules §2 step 4 and the §7 province extras)."""

from __future__ import annotations

from typing import Any

import pytest

from dialogs import documents

BEIJING_ID = "110101199003074477"
SHANGHAI_ID = "310115198512032049"
OTHER_ID = "110101199003070118"


def site(n: int, domains: list[str], **more: Any) -> dict[str, Any]:
    answers = {f"site{n}.name": f"示例网站{n}", f"site{n}.domains": domains,
               f"site{n}.owner_same": "yes"}
    answers.update({f"site{n}.{k}": v for k, v in more.items()})
    return answers


def personal(**more: Any) -> dict[str, Any]:
    return {"province": "11", "nature": "personal", "id_type": "resident_id",
            "organizer_id": BEIJING_ID, "domains": ["a.com", "b.cn"],
            **site(1, ["a.com"]), **site(2, ["b.cn"]), **more}


def company(**more: Any) -> dict[str, Any]:
    return {"province": "31", "nature": "enterprise", "id_type": "business_license",
            "organizer_id": "91310115MA1K3YJ12G", "subject_owner.id_number": SHANGHAI_ID,
            "domains": ["a.com", "b.cn"], **site(1, ["a.com"]), **site(2, ["b.cn"]), **more}


def owner(n: int, id_number: str) -> dict[str, Any]:
    return {f"site{n}.owner_same": "no", f"site{n}.owner.id_number": id_number}


def keys(answers: dict[str, Any]) -> list[str]:
    return [d.key for d in documents.required(answers)]


def test_a_personal_filing_checklist() -> None:
    assert keys(personal()) == [
        "doc.subject_id_front",
        "doc.subject_id_back",
        "site1.doc.verification_form",
        "site2.doc.verification_form",
        "doc.domain_certificate.a.com",
        "doc.domain_certificate.b.cn",
        "doc.other_material",
    ]


def test_only_the_other_material_is_optional_and_it_takes_several_pages() -> None:
    slots = {d.key: d.field for d in documents.required(personal())}
    assert [k for k, f in slots.items() if f.optional] == ["doc.other_material"]
    assert [k for k, f in slots.items() if f.multiple] == ["doc.other_material"]


def test_document_slots_name_their_site_and_item() -> None:
    found = {d.key: (d.site, d.item) for d in documents.required(company(
        **{"site2.preapprovals": ["news"]}))}
    assert found["site2.doc.verification_form"] == (2, None)
    assert found["doc.domain_certificate.b.cn"] == (None, "b.cn")
    assert found["site2.doc.preapproval_scan.news"] == (2, "news")


def test_a_company_with_a_different_website_owner_on_site_2() -> None:
    assert keys(company(**owner(2, BEIJING_ID))) == [
        "doc.org_certificate",
        "doc.subject_id_front",
        "doc.subject_id_back",
        "site2.doc.site_owner_id_front",
        "site2.doc.site_owner_id_back",
        "site1.doc.verification_form",
        "site2.doc.verification_form",
        "doc.domain_certificate.a.com",
        "doc.domain_certificate.b.cn",
        "doc.other_material",
    ]


def test_the_same_website_owner_on_two_sites_sends_the_id_photos_once() -> None:
    answers = company(**owner(1, BEIJING_ID), **owner(2, BEIJING_ID))
    owner_docs = [k for k in keys(answers) if "site_owner" in k]
    assert owner_docs == ["site1.doc.site_owner_id_front", "site1.doc.site_owner_id_back"]


def test_two_different_website_owners_send_their_photos_each() -> None:
    answers = company(**owner(1, BEIJING_ID), **owner(2, OTHER_ID))
    owner_docs = [k for k in keys(answers) if "site_owner" in k]
    assert owner_docs == [
        "site1.doc.site_owner_id_front",
        "site2.doc.site_owner_id_front",
        "site1.doc.site_owner_id_back",
        "site2.doc.site_owner_id_back",
    ]


def test_website_owners_not_yet_identified_are_counted_per_site() -> None:
    answers = company(**{"site1.owner_same": "no", "site2.owner_same": "no"})
    assert [k for k in keys(answers) if k.endswith("site_owner_id_front")] == [
        "site1.doc.site_owner_id_front", "site2.doc.site_owner_id_front"]


def test_each_pre_approval_adds_its_scan() -> None:
    answers = company(**{"site1.preapprovals": ["none"],
                         "site2.preapprovals": ["news", "culture"]})
    scans = [k for k in keys(answers) if "preapproval_scan" in k]
    assert scans == ["site2.doc.preapproval_scan.news", "site2.doc.preapproval_scan.culture"]


@pytest.mark.parametrize(
    ("province", "document"),
    [("44", "doc.commitment_letter"), ("65", "doc.party_building_proof")],
)
def test_province_documents(province: str, document: str) -> None:
    assert document in keys(company(province=province))
    assert document in keys(personal(province=province, organizer_id=None))
    assert document not in keys(company())


def test_a_site_without_domains_or_name_yet_has_no_verification_form() -> None:
    answers = personal()
    for key in [k for k in answers if k.startswith("site2.")]:
        del answers[key]
    assert [k for k in keys(answers) if "verification_form" in k] == [
        "site1.doc.verification_form"]
