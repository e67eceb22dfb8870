"""ICP filing numbers (rules §2.5): `京ICP备12345678号` for a subject (主体备案号) and
`京ICP备12345678号-1` for a website (网站备案号)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dialogs.messages import Invalid
from dialogs.provinces import province_by_abbreviation
from dialogs.text import normalize

MIN_DIGITS = 5
MAX_DIGITS = 10

# Accepts what people type: any case of "icp", spaces, a missing 号, the site index before or
# after 号 (京ICP备12345678-1号 is a common slip for 京ICP备12345678号-1).
_FILING_NUMBER = re.compile(
    r"(?P<abbr>.*?)ICP备(?P<digits>[0-9]+)(?:号?-(?P<site>[0-9]+)号?|号?)",
    re.IGNORECASE,
)
_DASHES = re.compile("[‐‑‒–—―]")


@dataclass(frozen=True)
class FilingNumber:
    abbreviation: str  # as written: 川 and 蜀, 甘 and 陇 are both in use
    province_code: str
    digits: str
    site: int | None  # the website index of a website number; None for a subject number

    @property
    def subject(self) -> str:
        """The subject number (主体备案号) this number belongs to."""
        return f"{self.abbreviation}ICP备{self.digits}号"

    def __str__(self) -> str:
        return self.subject + (f"-{self.site}" if self.site is not None else "")


def _parse(raw: str) -> FilingNumber:
    text = _DASHES.sub("-", re.sub(r"\s+", "", normalize(raw)))
    match = _FILING_NUMBER.fullmatch(text)
    if not match or not match["abbr"]:
        raise Invalid("err-filing-number-format")
    abbr = match["abbr"]
    province = province_by_abbreviation(abbr) if len(abbr) == 1 else None
    if province is None:
        raise Invalid("err-filing-number-province", abbr=abbr)
    digits = match["digits"]
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        raise Invalid("err-filing-number-digits", count=len(digits))
    site = int(match["site"]) if match["site"] is not None else None
    return FilingNumber(abbr, province.code, digits, site)


def check_subject_number(raw: str) -> str:
    """A subject filing number without the website suffix: `京ICP备12345678号`."""
    number = _parse(raw)
    if number.site is not None:
        raise Invalid("err-subject-number-suffix", suggested=number.subject)
    return str(number)


def check_site_number(raw: str) -> str:
    """A website filing number: `京ICP备12345678号-1` (index 1 or more)."""
    number = _parse(raw)
    if number.site is None or number.site < 1:
        raise Invalid("err-site-number-suffix", subject=number.subject)
    return str(number)


def parse_filing_number(value: str) -> FilingNumber | None:
    """The parts of a subject or website filing number; None if it is not one."""
    try:
        number = _parse(value)
    except Invalid:
        return None
    if number.site is not None and number.site < 1:
        return None
    return number
