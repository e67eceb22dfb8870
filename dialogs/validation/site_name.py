"""Website names (网站名称, rules §2.7). Every word list is data: edit the tables, not the code."""

from __future__ import annotations

import re
import unicodedata

from dialogs.catalog import PREAPPROVALS, by_code
from dialogs.messages import Invalid
from dialogs.text import char_count, normalize

MIN_LENGTH = 3
MAX_LENGTH = 30

# Besides letters (any script), digits and single spaces, only these characters are allowed.
ALLOWED_SYMBOLS = "()-"

# Names may not start with these unless the organizer is a government body (政府机关).
RESERVED_PREFIXES: tuple[str, ...] = ("中国", "中华", "中央", "国家", "人民", "全国")

# Never allowed, whatever the organizer or pre-approvals.
BANNED_WORDS: tuple[str, ...] = (
    "赌博",
    "博彩",
    "六合彩",
    "彩票",
    "赌场",
    "赌球",
    "色情",
    "裸聊",
    "反腐",
    "维权",
    "投诉",
    "信访",
    "代孕",
    "私服",
    "外挂",
    "枪支",
    "毒品",
    "翻墙",
    "代开发票",
)

# Words that need a pre-approval item (前置审批项, catalog codes); any one of the codes will do.
PREAPPROVAL_WORDS: dict[str, tuple[str, ...]] = {
    "新闻": ("news",),
    "论坛": ("bbs",),
    "社区": ("bbs",),
    "BBS": ("bbs",),
    "理财": ("finance",),
    "基金": ("finance",),
    "支付": ("finance",),
    "贷款": ("finance",),
    "金融": ("finance",),
    "视频": ("broadcast",),
    "影视": ("broadcast",),
    "医院": ("health", "drugs"),
    "医疗": ("health", "drugs"),
    "药": ("health", "drugs"),
}

# Words that make a personal site look like an organization's (or need a pre-approval that
# individuals cannot hold).
PERSONAL_FORBIDDEN_WORDS: tuple[str, ...] = (
    "公司",
    "企业",
    "集团",
    "工作室",
    "官网",
    "官方",
    "商城",
    "平台",
    "中心",
    "导航",
    "门户",
    "论坛",
    "社区",
    "网店",
    "协会",
    "研究院",
)

# The organizer's name is only looked for when it has at least this many characters.
MIN_PERSON_NAME_LENGTH = 2

# Something that reads as a domain or URL: "example.com", "www.例子", "代码.中国", "http://…".
_DOMAIN_LIKE = re.compile(r"https?://|www\.|[\w-]\.[^\W\d_]{2,}", re.IGNORECASE)
_ASCII_ONLY = re.compile(r"[A-Za-z0-9 ()\-]+")
_SPACES = re.compile(r"\s+")


def _is_allowed_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category.startswith("L") or category == "Nd" or char == " " or char in ALLOWED_SYMBOLS


def _find_word(name: str, words: tuple[str, ...]) -> str | None:
    """The first of `words` contained in `name` (case-insensitive), as written in the table."""
    folded = name.casefold()
    return next((word for word in words if word.casefold() in folded), None)


def _preapproval_names(codes: tuple[str, ...]) -> str:
    """The official names of pre-approval items, e.g. '医疗保健 / 药品和医疗器械'."""
    names = []
    for code in codes:
        option = by_code(PREAPPROVALS, code)
        names.append(option.official if option is not None else code)
    return " / ".join(names)


def _contains_person_name(name: str, person_name: str) -> bool:
    person = _SPACES.sub("", normalize(person_name)).casefold()
    if char_count(person) < MIN_PERSON_NAME_LENGTH:
        return False
    return person in _SPACES.sub("", name).casefold()


def check_site_name(
    raw: str,
    *,
    personal: bool,
    government: bool,
    organizer_name: str,
    preapprovals: frozenset[str],
) -> str:
    """A website name acceptable under rules §2.7 for this organizer and these pre-approvals."""
    name = normalize(raw)
    length = char_count(name)
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise Invalid("err-site-name-length", length=length)
    if _DOMAIN_LIKE.search(name):
        raise Invalid("err-site-name-domain")
    symbol = next((c for c in name if not _is_allowed_char(c)), None)
    if symbol is not None:
        raise Invalid("err-site-name-symbol", char=symbol)
    if _ASCII_ONLY.fullmatch(name):
        raise Invalid("err-site-name-ascii")
    if not government:
        prefix = next((p for p in RESERVED_PREFIXES if name.startswith(p)), None)
        if prefix is not None:
            raise Invalid("err-site-name-prefix", word=prefix)
    if (word := _find_word(name, BANNED_WORDS)) is not None:
        raise Invalid("err-site-name-banned", word=word)
    if personal:
        if (word := _find_word(name, PERSONAL_FORBIDDEN_WORDS)) is not None:
            raise Invalid("err-site-name-personal-word", word=word)
        if _contains_person_name(name, organizer_name):
            raise Invalid("err-site-name-person-name", word=normalize(organizer_name))
    for word, codes in PREAPPROVAL_WORDS.items():
        if word.casefold() not in name.casefold():
            continue
        if personal:  # individuals cannot hold pre-approvals (rules §2.6)
            raise Invalid("err-site-name-personal-preapproval", word=word)
        if not preapprovals.intersection(codes):
            raise Invalid(
                "err-site-name-preapproval", word=word, preapproval=_preapproval_names(codes)
            )
    return name
