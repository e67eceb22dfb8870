"""The province rules of rules §7, as data and as the checks and documents that apply them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dialogs import checks, documents
from dialogs.fields import Ctx
from dialogs.messages import Invalid, Msg
from dialogs.provinces import (
    BY_CODE,
    PROVINCE_RULES,
    PROVINCES,
    RuleKind,
    Scope,
    find_province,
    rule_applies,
)
from dialogs.spec import max_sites
from dialogs.validation import mobile_province

TODAY = date(2026, 11, 30)


def resident_id(first17: str) -> str:
    """A GB 11643 number with its check character (weights 7,9,10,…; Σ mod 11 → "10X98765432")."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


BEIJING_ID = "110101199003074477"  # 北京, born 1990-03-07
SHANGHAI_ID = "310115198512032049"  # 上海, born 1985-12-03
CHONGQING_ID = resident_id("50010319880101123")
GUANGDONG_ID = resident_id("44030419920202234")
ZHEJIANG_CHILD = resident_id("33010620100101345")  # born 2010: 16 on TODAY
BEIJING_CHILD = resident_id("11010120100101345")
ZHEJIANG_18_TODAY = resident_id("33010620081130345")  # 18th birthday on TODAY
ZHEJIANG_18_TOMORROW = resident_id("33010620081201345")
JIANGSU_MOBILE = "+8613812345678"  # registered in 江苏 (the phone-number library's geocoder)

# --- rules §7, written out as the spec has them ---------------------------------------------
SPEC_TABLE: dict[RuleKind, str] = {
    RuleKind.LEGAL_REPRESENTATIVE: (
        "安徽 重庆 福建 甘肃 广东 广西 贵州 海南 河北 黑龙江 河南 湖北 湖南 江西 辽宁 内蒙古 宁夏 "
        "青海 陕西 山东 上海 天津 新疆 云南 浙江"
    ),
    RuleKind.AUTHORIZATION_LETTER: "吉林 山西 四川",
    RuleKind.LOCAL_MOBILE: "甘肃 广西 黑龙江 江苏 吉林 辽宁 陕西 天津 新疆 湖南",
    RuleKind.FOREIGN_ID_REFUSED: "重庆 甘肃 黑龙江 河南 江西 宁夏 青海 山西 新疆 云南",
    RuleKind.FOREIGN_ID_RESIDENCE_PROOF: "福建 广东 贵州 湖北 江苏 吉林 内蒙古 上海 四川",
    RuleKind.ADULT_OWNER: "贵州 湖北 湖南 黑龙江 河南 辽宁 内蒙古 四川 天津 浙江",
    RuleKind.ONE_SITE: "河南 湖北 湖南",
    RuleKind.PARTY_BUILDING_PROOF: "新疆",
    RuleKind.COMMITMENT_LETTER: "广东",
}
# Who each rule is about: units only, persons only, or every filing; (湖南's local-mobile rule
# is for personal filings only).
SPEC_SCOPE: dict[RuleKind, Scope] = {
    RuleKind.LEGAL_REPRESENTATIVE: Scope.UNIT,
    RuleKind.AUTHORIZATION_LETTER: Scope.UNIT,
    RuleKind.LOCAL_MOBILE: Scope.ALL,
    RuleKind.FOREIGN_ID_REFUSED: Scope.PERSONAL,
    RuleKind.FOREIGN_ID_RESIDENCE_PROOF: Scope.PERSONAL,
    RuleKind.ADULT_OWNER: Scope.ALL,
    RuleKind.ONE_SITE: Scope.ALL,
    RuleKind.PARTY_BUILDING_PROOF: Scope.ALL,
    RuleKind.COMMITMENT_LETTER: Scope.ALL,
}
PERSONAL_ONLY_EXCEPTIONS: dict[RuleKind, set[str]] = {RuleKind.LOCAL_MOBILE: {"湖南"}}

SPEC_CODES = (
    "11 北京 12 天津 13 河北 14 山西 15 内蒙古 21 辽宁 22 吉林 23 黑龙江 31 上海 32 江苏 33 浙江 "
    "34 安徽 35 福建 36 江西 37 山东 41 河南 42 湖北 43 湖南 44 广东 45 广西 46 海南 50 重庆 "
    "51 四川 52 贵州 53 云南 54 西藏 61 陕西 62 甘肃 63 青海 64 宁夏 65 新疆"
)
SPEC_ABBREVIATIONS = (
    "京 津 冀 晋 蒙 辽 吉 黑 沪 苏 浙 皖 闽 赣 鲁 豫 鄂 湘 粤 桂 琼 渝 "
    "川/蜀 黔 滇 藏 陕 甘/陇 青 宁 新"
)


def code(name: str) -> str:
    return next(p.code for p in PROVINCES if p.name == name)


def applying(kind: RuleKind, personal: bool) -> set[str]:
    return {p.name for p in PROVINCES if rule_applies(kind, p.code, personal)}


def test_the_31_provinces_and_their_id_prefixes() -> None:
    words = SPEC_CODES.split()
    assert [(p.code, p.name) for p in PROVINCES] == list(zip(words[::2], words[1::2], strict=True))


def test_the_filing_number_abbreviations() -> None:
    assert [p.abbreviations for p in PROVINCES] == [
        tuple(a.split("/")) for a in SPEC_ABBREVIATIONS.split()
    ]


@pytest.mark.parametrize("kind", list(RuleKind))
def test_each_rule_lists_the_spec_provinces(kind: RuleKind) -> None:
    rows = [r for r in PROVINCE_RULES if r.kind is kind]
    assert rows, f"no row for {kind}"
    assert set().union(*(r.provinces for r in rows)) == set(SPEC_TABLE[kind].split())


@pytest.mark.parametrize("kind", list(RuleKind))
def test_rule_applies_to_the_spec_provinces_for_its_scope(kind: RuleKind) -> None:
    everywhere = set(SPEC_TABLE[kind].split())
    personal_only = PERSONAL_ONLY_EXCEPTIONS.get(kind, set())
    scope = SPEC_SCOPE[kind]
    expected_personal = everywhere if scope is not Scope.UNIT else set()
    expected_unit = everywhere - personal_only if scope is not Scope.PERSONAL else set()
    assert applying(kind, personal=True) == expected_personal
    assert applying(kind, personal=False) == expected_unit


def test_hunan_requires_a_local_mobile_only_from_persons() -> None:
    assert rule_applies(RuleKind.LOCAL_MOBILE, code("湖南"), personal=True)
    assert not rule_applies(RuleKind.LOCAL_MOBILE, code("湖南"), personal=False)


@pytest.mark.parametrize("province", [None, "", "99", "81"])
def test_no_rule_applies_without_a_mainland_province(province: str | None) -> None:
    assert not any(rule_applies(kind, province, personal) for kind in RuleKind
                   for personal in (True, False))


@pytest.mark.parametrize(("name", "sites"), [("河南", 1), ("湖北", 1), ("湖南", 1), ("北京", 3),
                                             ("广东", 3)])
def test_one_website_per_filing_provinces(name: str, sites: int) -> None:
    for nature in ("personal", "enterprise"):
        assert max_sites({"province": code(name), "nature": nature}) == sites


# --- the checks that apply them -------------------------------------------------------------
def person(province: str, **more: Any) -> Ctx:
    return Ctx({"province": code(province), "nature": "personal", "id_type": "resident_id",
                **more}, TODAY)


def unit_owner(province: str, owner: str = "subject_owner", **more: Any) -> Ctx:
    answers = {"province": code(province), "nature": "enterprise", "id_type": "business_license",
               f"{owner}.id_type": "resident_id", **more}
    return Ctx(answers, TODAY, owner=owner, key=f"{owner}.id_number")


def refusal(check: Any, value: Any, context: Ctx) -> Msg:
    with pytest.raises(Invalid) as caught:
        check(value, context)
    return caught.value.msg


def test_a_personal_id_from_another_province_is_refused_in_chongqing() -> None:
    msg = refusal(checks.organizer_id, BEIJING_ID, person("重庆"))
    assert msg.id == "err-id-other-province"
    assert msg.args == {"province": Msg("opt-province-50"), "id_province": Msg("opt-province-11")}


@pytest.mark.parametrize("province", SPEC_TABLE[RuleKind.FOREIGN_ID_REFUSED].split())
def test_every_refusing_province_refuses_a_beijing_id(province: str) -> None:
    assert refusal(checks.organizer_id, BEIJING_ID, person(province)).id == "err-id-other-province"


def test_a_local_personal_id_is_accepted_in_chongqing() -> None:
    assert checks.organizer_id(CHONGQING_ID, person("重庆")) == CHONGQING_ID


def test_the_other_province_rule_is_about_personal_filings() -> None:
    # A company in 重庆 may have a subject owner from 北京.
    assert checks.owner_id_number(BEIJING_ID, unit_owner("重庆")) == BEIJING_ID


def test_a_personal_id_from_another_province_needs_a_residence_proof_in_guangdong() -> None:
    context = person("广东", organizer_id=BEIJING_ID)
    assert checks.organizer_id(BEIJING_ID, context) == BEIJING_ID
    assert checks.organizer_id_warnings(BEIJING_ID, context) == [
        Msg("warn-residence-proof-needed", province=Msg("opt-province-44"),
            id_province=Msg("opt-province-11"))
    ]
    keys = [d.key for d in documents.required(context.answers)]
    assert "doc.residence_proof" in keys


def test_a_local_id_in_guangdong_needs_no_residence_proof() -> None:
    context = person("广东", organizer_id=GUANGDONG_ID)
    assert checks.organizer_id_warnings(GUANGDONG_ID, context) == []
    assert "doc.residence_proof" not in [d.key for d in documents.required(context.answers)]


def test_an_id_from_another_province_needs_nothing_in_beijing() -> None:
    context = person("北京", organizer_id=SHANGHAI_ID)
    assert checks.organizer_id(SHANGHAI_ID, context) == SHANGHAI_ID
    assert checks.organizer_id_warnings(SHANGHAI_ID, context) == []
    assert "doc.residence_proof" not in [d.key for d in documents.required(context.answers)]


def test_an_underage_owner_is_refused_in_zhejiang() -> None:
    msg = refusal(checks.organizer_id, ZHEJIANG_CHILD, person("浙江"))
    assert msg.id == "err-owner-underage"
    assert msg.args == {"province": Msg("opt-province-33"), "age": 18}


def test_an_underage_unit_owner_is_refused_in_zhejiang_too() -> None:
    msg = refusal(checks.owner_id_number, ZHEJIANG_CHILD, unit_owner("浙江", "site1.owner"))
    assert msg.id == "err-owner-underage"


def test_the_eighteenth_birthday_is_old_enough() -> None:
    assert checks.organizer_id(ZHEJIANG_18_TODAY, person("浙江")) == ZHEJIANG_18_TODAY
    assert refusal(checks.organizer_id, ZHEJIANG_18_TOMORROW, person("浙江")).id == (
        "err-owner-underage"
    )


def test_an_underage_owner_is_accepted_in_beijing() -> None:
    assert checks.organizer_id(BEIJING_CHILD, person("北京")) == BEIJING_CHILD


def test_the_sample_mobile_is_registered_in_jiangsu() -> None:
    assert mobile_province(JIANGSU_MOBILE) == code("江苏")


def mobile_ctx(province: str, nature: str = "enterprise") -> Ctx:
    return Ctx({"province": code(province), "nature": nature}, TODAY, owner="subject_owner",
               key="subject_owner.mobile")


def test_a_jiangsu_mobile_is_local_in_jiangsu() -> None:
    assert checks.owner_mobile("138 1234 5678", mobile_ctx("江苏")) == JIANGSU_MOBILE


def test_a_jiangsu_mobile_is_refused_in_gansu() -> None:
    msg = refusal(checks.owner_mobile, "13812345678", mobile_ctx("甘肃"))
    assert msg.id == "err-mobile-not-local"
    assert msg.args == {"province": Msg("opt-province-62"), "registered": Msg("opt-province-32")}


def test_a_mobile_from_anywhere_is_accepted_where_no_local_rule_applies() -> None:
    assert checks.owner_mobile("13812345678", mobile_ctx("北京")) == JIANGSU_MOBILE


def test_hunan_refuses_a_foreign_mobile_for_persons_only() -> None:
    assert refusal(checks.owner_mobile, "13812345678", mobile_ctx("湖南", "personal")).id == (
        "err-mobile-not-local"
    )
    assert checks.owner_mobile("13812345678", mobile_ctx("湖南")) == JIANGSU_MOBILE


def owner_name_ctx(province: str, nature: str) -> Ctx:
    return Ctx({"province": code(province), "nature": nature}, TODAY, owner="subject_owner",
               key="subject_owner.name")


def test_a_unit_in_shanghai_is_warned_about_the_legal_representative() -> None:
    assert checks.legal_representative_warning("李四", owner_name_ctx("上海", "enterprise")) == [
        Msg("warn-legal-representative", province=Msg("opt-province-31"))
    ]


@pytest.mark.parametrize(("province", "nature"), [("上海", "personal"), ("北京", "enterprise")])
def test_no_legal_representative_warning(province: str, nature: str) -> None:
    assert checks.legal_representative_warning("李四", owner_name_ctx(province, nature)) == []


def test_sichuan_offers_an_authorization_letter_to_units() -> None:
    assert checks.legal_representative_warning("李四", owner_name_ctx("四川", "enterprise")) == [
        Msg("warn-authorization-letter", province=Msg("opt-province-51"))
    ]
    unit = {d.key: d for d in documents.required({"province": "51", "nature": "enterprise"})}
    assert "doc.authorization_letter" in unit
    assert unit["doc.authorization_letter"].field.optional
    personal = [d.key for d in documents.required({"province": "51", "nature": "personal"})]
    assert "doc.authorization_letter" not in personal


@pytest.mark.parametrize(
    ("province", "document"),
    [("新疆", "doc.party_building_proof"), ("广东", "doc.commitment_letter")],
)
@pytest.mark.parametrize("nature", ["personal", "enterprise"])
def test_province_documents_are_required(province: str, document: str, nature: str) -> None:
    answers = {"province": code(province), "nature": nature}
    required = {d.key: d for d in documents.required(answers)}
    assert document in required
    assert not required[document].field.optional
    elsewhere = [d.key for d in documents.required({"province": "11", "nature": nature})]
    assert document not in elsewhere


# --- finding a province by what people type ---------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("北京", "北京"),
        ("北京市", "北京"),
        ("beijing", "北京"),
        ("Beijing", "北京"),
        ("京", "北京"),
        ("粤", "广东"),
        ("广东省", "广东"),
        ("Guangdong Province", "广东"),
        ("广西壮族自治区", "广西"),
        ("广西省", "广西"),
        ("Inner Mongolia", "内蒙古"),
        ("内蒙古", "内蒙古"),
        ("蒙", "内蒙古"),
        ("Tibet", "西藏"),
        ("蜀", "四川"),
        ("陇", "甘肃"),
        ("44", "广东"),
        ("shanxi", "山西"),
        ("Shanxi Sheng", "山西"),
        ("晋", "山西"),
        ("shaanxi", "陕西"),
        ("Shaanxi Province", "陕西"),
        ("陕", "陕西"),
    ],
)
def test_find_province(text: str, name: str) -> None:
    found = find_province(text)
    assert found is not None and found.name == name


def test_shanxi_and_shaanxi_stay_distinct() -> None:
    shanxi, shaanxi = find_province("山西"), find_province("陕西")
    assert shanxi is BY_CODE["14"] and shaanxi is BY_CODE["61"]
    assert find_province("shanxi") is shanxi
    assert find_province("shaanxi") is shaanxi


@pytest.mark.parametrize("text", ["", "香港", "Hong Kong", "台湾", "西", "广"])
def test_find_province_knows_only_the_31_mainland_provinces(text: str) -> None:
    assert find_province(text) is None
