"""The 31 mainland provinces and the province rules of rules §7, as data.

A province rule is a row in `PROVINCE_RULES`; code elsewhere asks `rules_for(province, kind)`
instead of testing province names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dialogs.text import normalize


@dataclass(frozen=True)
class Province:
    code: str  # the two-digit prefix of resident ID numbers and of USCC area codes
    name: str  # short official name, as the rules table writes it
    full_name: str
    abbreviations: tuple[str, ...]  # as used in filing numbers (京ICP备…); the first is canonical
    pinyin: str

    @property
    def abbreviation(self) -> str:
        return self.abbreviations[0]


PROVINCES: tuple[Province, ...] = (
    Province("11", "北京", "北京市", ("京",), "beijing"),
    Province("12", "天津", "天津市", ("津",), "tianjin"),
    Province("13", "河北", "河北省", ("冀",), "hebei"),
    Province("14", "山西", "山西省", ("晋",), "shanxi"),
    Province("15", "内蒙古", "内蒙古自治区", ("蒙",), "neimenggu"),
    Province("21", "辽宁", "辽宁省", ("辽",), "liaoning"),
    Province("22", "吉林", "吉林省", ("吉",), "jilin"),
    Province("23", "黑龙江", "黑龙江省", ("黑",), "heilongjiang"),
    Province("31", "上海", "上海市", ("沪",), "shanghai"),
    Province("32", "江苏", "江苏省", ("苏",), "jiangsu"),
    Province("33", "浙江", "浙江省", ("浙",), "zhejiang"),
    Province("34", "安徽", "安徽省", ("皖",), "anhui"),
    Province("35", "福建", "福建省", ("闽",), "fujian"),
    Province("36", "江西", "江西省", ("赣",), "jiangxi"),
    Province("37", "山东", "山东省", ("鲁",), "shandong"),
    Province("41", "河南", "河南省", ("豫",), "henan"),
    Province("42", "湖北", "湖北省", ("鄂",), "hubei"),
    Province("43", "湖南", "湖南省", ("湘",), "hunan"),
    Province("44", "广东", "广东省", ("粤",), "guangdong"),
    Province("45", "广西", "广西壮族自治区", ("桂",), "guangxi"),
    Province("46", "海南", "海南省", ("琼",), "hainan"),
    Province("50", "重庆", "重庆市", ("渝",), "chongqing"),
    Province("51", "四川", "四川省", ("川", "蜀"), "sichuan"),
    Province("52", "贵州", "贵州省", ("黔",), "guizhou"),
    Province("53", "云南", "云南省", ("滇",), "yunnan"),
    Province("54", "西藏", "西藏自治区", ("藏",), "xizang"),
    Province("61", "陕西", "陕西省", ("陕",), "shaanxi"),
    Province("62", "甘肃", "甘肃省", ("甘", "陇"), "gansu"),
    Province("63", "青海", "青海省", ("青",), "qinghai"),
    Province("64", "宁夏", "宁夏回族自治区", ("宁",), "ningxia"),
    Province("65", "新疆", "新疆维吾尔自治区", ("新",), "xinjiang"),
)

BY_CODE: dict[str, Province] = {p.code: p for p in PROVINCES}
BY_NAME: dict[str, Province] = {p.name: p for p in PROVINCES}

# Names people type that are not the pinyin of the short name.
_EXTRA_ALIASES: dict[str, str] = {
    "inner mongolia": "15",
    "nei mongol": "15",
    "tibet": "54",
    "xizang": "54",
    "shaanxi": "61",
    "shan3xi": "61",
    "guangxi zhuang": "45",
    "ningxia hui": "64",
}


def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for p in PROVINCES:
        for alias in (p.code, p.name, p.full_name, p.pinyin, *p.abbreviations):
            table[alias.lower()] = p.code
        # "北京市" → also "北京省"-style slips are not worth guessing; but "广西省" is common.
        table[p.name + "省"] = p.code
        table[p.name + "市"] = p.code
    # 山西 (shanxi) and 陕西 (shaanxi) differ by one letter; the map keeps the official spellings.
    table.update(_EXTRA_ALIASES)
    return table


_ALIASES = _aliases()


def typed_names(code: str) -> tuple[str, ...]:
    """The names `find_province` knows for a province (lower-cased), for matching typed answers."""
    return tuple(alias for alias, target in _ALIASES.items() if target == code)


def find_province(text: str) -> Province | None:
    """The province a person means by `text` ("北京", "beijing", "京", "Beijing Shi", "11")."""
    key = normalize(text).lower()
    for suffix in (" shi", " sheng", " province", " city", " municipality"):
        key = key.removesuffix(suffix)
    code = _ALIASES.get(key) or _ALIASES.get(key.replace(" ", ""))
    return BY_CODE.get(code) if code else None


def province_by_abbreviation(abbr: str) -> Province | None:
    for p in PROVINCES:
        if abbr in p.abbreviations:
            return p
    return None


# Working days the provincial authority takes to review (rules §3); the rest take 20.
AUTHORITY_REVIEW_DAYS: dict[str, int] = {"33": 30}
DEFAULT_AUTHORITY_REVIEW_DAYS = 20


def authority_review_days(province_code: str | None) -> int:
    return AUTHORITY_REVIEW_DAYS.get(province_code or "", DEFAULT_AUTHORITY_REVIEW_DAYS)


class RuleKind(StrEnum):
    LEGAL_REPRESENTATIVE = "legal_representative"  # unit subject owner = legal representative
    AUTHORIZATION_LETTER = "authorization_letter"  # ... or an authorization letter may be uploaded
    LOCAL_MOBILE = "local_mobile"  # owners' mobiles must be registered in the province
    FOREIGN_ID_REFUSED = "foreign_id_refused"  # personal ID from another province refused
    FOREIGN_ID_RESIDENCE_PROOF = "foreign_id_residence_proof"  # ... accepted with residence proof
    ADULT_OWNER = "adult_owner"  # owners must be 18 or older
    ONE_SITE = "one_site"  # one website per filing
    PARTY_BUILDING_PROOF = "party_building_proof"  # 党建证明
    COMMITMENT_LETTER = "commitment_letter"  # 互联网信息服务备案承诺书


class Severity(StrEnum):
    REFUSE = "refuse"
    WARN = "warn"
    REQUIRE_DOCUMENT = "require_document"
    OFFER_DOCUMENT = "offer_document"  # an optional upload is offered


class Scope(StrEnum):
    ALL = "all"
    PERSONAL = "personal"  # filings whose organizer is a person
    UNIT = "unit"  # filings whose organizer is an organization


@dataclass(frozen=True)
class ProvinceRule:
    kind: RuleKind
    severity: Severity
    provinces: frozenset[str]  # short names
    scope: Scope = Scope.ALL

    def applies(self, province_code: str | None, personal: bool) -> bool:
        province = BY_CODE.get(province_code or "")
        if province is None or province.name not in self.provinces:
            return False
        if self.scope is Scope.PERSONAL:
            return personal
        if self.scope is Scope.UNIT:
            return not personal
        return True


def _names(text: str) -> frozenset[str]:
    names = frozenset(text.split())
    unknown = names - BY_NAME.keys()
    assert not unknown, f"unknown province names in the rules table: {unknown}"
    return names


PROVINCE_RULES: tuple[ProvinceRule, ...] = (
    ProvinceRule(
        RuleKind.LEGAL_REPRESENTATIVE,
        Severity.WARN,
        _names(
            "安徽 重庆 福建 甘肃 广东 广西 贵州 海南 河北 黑龙江 河南 湖北 湖南 江西 辽宁 内蒙古 "
            "宁夏 青海 陕西 山东 上海 天津 新疆 云南 浙江"
        ),
        Scope.UNIT,
    ),
    ProvinceRule(
        RuleKind.AUTHORIZATION_LETTER, Severity.OFFER_DOCUMENT, _names("吉林 山西 四川"), Scope.UNIT
    ),
    ProvinceRule(
        RuleKind.LOCAL_MOBILE,
        Severity.REFUSE,
        _names("甘肃 广西 黑龙江 江苏 吉林 辽宁 陕西 天津 新疆"),
    ),
    ProvinceRule(RuleKind.LOCAL_MOBILE, Severity.REFUSE, _names("湖南"), Scope.PERSONAL),
    ProvinceRule(
        RuleKind.FOREIGN_ID_REFUSED,
        Severity.REFUSE,
        _names("重庆 甘肃 黑龙江 河南 江西 宁夏 青海 山西 新疆 云南"),
        Scope.PERSONAL,
    ),
    ProvinceRule(
        RuleKind.FOREIGN_ID_RESIDENCE_PROOF,
        Severity.REQUIRE_DOCUMENT,
        _names("福建 广东 贵州 湖北 江苏 吉林 内蒙古 上海 四川"),
        Scope.PERSONAL,
    ),
    ProvinceRule(
        RuleKind.ADULT_OWNER,
        Severity.REFUSE,
        _names("贵州 湖北 湖南 黑龙江 河南 辽宁 内蒙古 四川 天津 浙江"),
    ),
    ProvinceRule(RuleKind.ONE_SITE, Severity.REFUSE, _names("河南 湖北 湖南")),
    ProvinceRule(RuleKind.PARTY_BUILDING_PROOF, Severity.REQUIRE_DOCUMENT, _names("新疆")),
    ProvinceRule(RuleKind.COMMITMENT_LETTER, Severity.REQUIRE_DOCUMENT, _names("广东")),
)


def rule_applies(kind: RuleKind, province_code: str | None, personal: bool) -> bool:
    """Whether any row of `kind` applies to a filing in `province_code`."""
    return any(
        r.kind is kind and r.applies(province_code, personal) for r in PROVINCE_RULES
    )
