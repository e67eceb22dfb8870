"""The enumerations of rules §2.6 as data: natures, ID types, service content, languages,
pre-approval items.

Each option has a stable ASCII `code` (stored in answers, used in callback data and as the locale
id suffix `opt-<list>-<code>`), the `official` Chinese term the authority uses (printed on the
核验单, matched when typed), and extra `aliases` people type.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dialogs.text import normalize


@dataclass(frozen=True)
class Option:
    code: str
    official: str
    aliases: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        key = normalize(text).lower()
        return key in {self.code.lower(), self.official.lower(), *(a.lower() for a in self.aliases)}


def find_option(options: tuple[Option, ...] | list[Option], text: str) -> Option | None:
    """The option a typed answer names, by code, official term or alias (case-insensitive)."""
    for option in options:
        if option.matches(text):
            return option
    return None


def by_code(options: tuple[Option, ...] | list[Option], code: str) -> Option | None:
    return next((o for o in options if o.code == code), None)


# --- 主办单位性质 -----------------------------------------------------------------------------
PERSONAL = "personal"
GOVERNMENT = "government"

NATURES: tuple[Option, ...] = (
    Option("enterprise", "企业", ("company", "business", "qiye")),
    Option(PERSONAL, "个人", ("individual", "person", "geren")),
    Option(GOVERNMENT, "政府机关", ("government agency",)),
    Option("institution", "事业单位", ("public institution",)),
    Option("social_group", "社会团体", ("social organization", "association")),
    Option("private_non_enterprise", "民办非企业单位", ("private non-enterprise unit",)),
    Option("foundation", "基金会", ()),
    Option("law_firm", "律师执业机构", ("law firm",)),
)


class IdFormat(StrEnum):
    """How an ID number of a given certificate type is checked (rules §2.5)."""

    USCC = "uscc"  # unified social credit code, GB 32100
    USCC_OR_ORG_CODE = "uscc_or_org_code"  # ... or a GB 11714 organization code
    RESIDENT_ID = "resident_id"  # GB 11643, 18 chars with checksum and birth date
    RESIDENCE_PERMIT = "residence_permit"  # HK/Macau/Taiwan residence permit: GB 11643, 81/82/83
    PASSPORT = "passport"
    HK_MACAU_PERMIT = "hk_macau_permit"
    TAIWAN_PERMIT = "taiwan_permit"
    FOREIGN_PERMANENT_RESIDENCE = "foreign_permanent_residence"


@dataclass(frozen=True)
class IdType(Option):
    format: IdFormat = IdFormat.USCC


PERSONAL_ID_TYPES: tuple[IdType, ...] = (
    IdType("resident_id", "居民身份证", ("id card", "身份证"), IdFormat.RESIDENT_ID),
    IdType("passport", "护照", ("passport",), IdFormat.PASSPORT),
    IdType("hk_macau_permit", "港澳居民来往内地通行证", ("回乡证",), IdFormat.HK_MACAU_PERMIT),
    IdType("taiwan_permit", "台湾居民来往大陆通行证", ("台胞证",), IdFormat.TAIWAN_PERMIT),
    IdType("foreign_pr", "外国人永久居留身份证", ("永居证",), IdFormat.FOREIGN_PERMANENT_RESIDENCE),
    IdType("hk_macau_residence", "港澳居民居住证", (), IdFormat.RESIDENCE_PERMIT),
    IdType("taiwan_residence", "台湾居民居住证", (), IdFormat.RESIDENCE_PERMIT),
)

UNIT_ID_TYPES: tuple[IdType, ...] = (
    IdType("business_license", "营业执照（统一社会信用代码）", ("营业执照", "business license")),
    IdType("uscc_certificate", "统一社会信用代码证书", ()),
    IdType("org_code_certificate", "组织机构代码证", (), IdFormat.USCC_OR_ORG_CODE),
    IdType("institution_certificate", "事业单位法人证书", ()),
    IdType("social_group_certificate", "社会团体法人登记证书", ()),
    IdType("private_non_enterprise_certificate", "民办非企业单位登记证书", ()),
    IdType("foundation_certificate", "基金会法人登记证书", ()),
    IdType("law_firm_license", "律师事务所执业许可证", ()),
)

ALL_ID_TYPES: tuple[IdType, ...] = PERSONAL_ID_TYPES + UNIT_ID_TYPES

# Which certificate types each nature may use (rules §2.6).
ID_TYPES_BY_NATURE: dict[str, tuple[str, ...]] = {
    "enterprise": ("business_license",),
    PERSONAL: tuple(t.code for t in PERSONAL_ID_TYPES),
    GOVERNMENT: ("uscc_certificate", "org_code_certificate"),
    "institution": ("institution_certificate",),
    "social_group": ("social_group_certificate",),
    "private_non_enterprise": ("private_non_enterprise_certificate",),
    "foundation": ("foundation_certificate",),
    "law_firm": ("law_firm_license",),
}


def id_type(code: str) -> IdType | None:
    return next((t for t in ALL_ID_TYPES if t.code == code), None)


def id_types_for(nature: str | None) -> tuple[IdType, ...]:
    codes = ID_TYPES_BY_NATURE.get(nature or "", ())
    return tuple(t for t in ALL_ID_TYPES if t.code in codes)


# --- 网站服务内容 -----------------------------------------------------------------------------
BLOG = "blog"
OTHER = "other"

SERVICE_CONTENT: tuple[Option, ...] = (
    Option(BLOG, "博客/个人空间", ("博客", "blog", "个人空间")),
    Option("unit_portal", "单位门户网站", ("company website", "门户网站")),
    Option("portal", "综合门户", ()),
    Option("news", "网络新闻", ()),
    Option("shopping", "网络购物", ("e-commerce", "online shopping")),
    Option("ads", "网络广告/信息", ()),
    Option("education", "网络教育", ()),
    Option("games", "网络游戏", ()),
    Option("music", "网络音乐", ()),
    Option("video", "网络影视", ()),
    Option("pictures", "网络图片", ()),
    Option("software", "网络软件/下载", ()),
    Option("jobs", "网上求职", ()),
    Option("web_building", "网站建设", ()),
    Option("search", "搜索引擎", ()),
    Option("im", "即时通信", ()),
    Option(OTHER, "其他", ("other",)),
)

PERSONAL_SERVICE_CONTENT: tuple[str, ...] = (BLOG, OTHER)

# --- 网站语言 ---------------------------------------------------------------------------------
LANGUAGES: tuple[Option, ...] = (
    Option("zh_hans", "中文简体", ("简体中文", "chinese", "简体")),
    Option("zh_hant", "中文繁体", ("繁体中文", "繁体")),
    Option("en", "英语", ("english", "英文")),
    Option("ja", "日语", ("japanese",)),
    Option("fr", "法语", ("french",)),
    Option("ru", "俄罗斯语", ("russian", "俄语")),
    Option("es", "西班牙语", ("spanish",)),
    Option("ar", "阿拉伯语", ("arabic",)),
    Option("ug", "维吾尔语", ("uyghur",)),
    Option("bo", "藏语", ("tibetan",)),
    Option("mn", "蒙古语", ("mongolian",)),
    Option("ko", "朝鲜语", ("korean", "韩语")),
    Option("other", "其他", ("other",)),
)
DEFAULT_LANGUAGE = "zh_hans"

# --- 前置审批项 -------------------------------------------------------------------------------
NO_PREAPPROVAL = "none"

PREAPPROVALS: tuple[Option, ...] = (
    Option(NO_PREAPPROVAL, "不涉及", ("none", "no", "无")),
    Option("news", "新闻", ("news",)),
    Option("publishing", "出版", ()),
    Option("education", "教育", ()),
    Option("health", "医疗保健", ()),
    Option("drugs", "药品和医疗器械", ()),
    Option("bbs", "电子公告服务", ("bbs",)),
    Option("culture", "文化", ()),
    Option("broadcast", "广播电影电视节目", ()),
    Option("ride_hailing", "网络预约车", ()),
    Option("finance", "互联网金融", ()),
    Option("religion", "宗教", ()),
)

YES = "yes"
NO = "no"
YES_NO: tuple[Option, ...] = (
    Option(YES, "是", ("y", "yes", "是的", "有", "对", "已备案", "true")),
    Option(NO, "否", ("n", "no", "不是", "没有", "无", "未备案", "false")),
)

LONG_TERM = "long_term"
