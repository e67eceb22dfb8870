"""Dates typed by applicants, and the validity period of certificates (证件有效期)."""

from __future__ import annotations

import calendar
import re
from datetime import date

from dialogs.catalog import LONG_TERM
from dialogs.messages import Invalid
from dialogs.text import normalize

MIN_YEAR = 1900
MAX_YEAR = 2199
# A certificate must stay valid for more than this many months after today.
MIN_VALIDITY_MONTHS = 3

# What people type for a certificate without an end date (lower-cased, after normalize).
LONG_TERM_WORDS: frozenset[str] = frozenset(
    {LONG_TERM, "长期", "长期有效", "永久", "long-term", "long term", "longterm", "permanent"}
)

_DATE_FORMATS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?"),
)


def parse_date(raw: str) -> date:
    """2030-01-31, 2030/1/31, 2030.1.31, 20300131 or 2030年1月31日."""
    text = re.sub(r"\s+", "", normalize(raw))
    for pattern in _DATE_FORMATS:
        match = pattern.fullmatch(text)
        if match:
            break
    else:
        raise Invalid("err-date-format")
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    shown = f"{year:04d}-{month:02d}-{day:02d}"
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Invalid("err-date-impossible", date=shown)
    try:
        return date(year, month, day)
    except ValueError:
        raise Invalid("err-date-impossible", date=shown) from None


def months_after(d: date, months: int) -> date:
    """`d` moved by whole calendar months, the day clamped to the month's end
    (2026-11-30 + 3 months = 2027-02-28)."""
    years, month_index = divmod(d.month - 1 + months, 12)
    year = d.year + years
    month = month_index + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def check_validity_start(raw: str, *, today: date) -> str:
    """The first day of a certificate's validity: a date not in the future (ISO)."""
    start = parse_date(raw)
    if start > today:
        raise Invalid("err-validity-start-future", date=start.isoformat())
    return start.isoformat()


def check_validity_end(raw: str, *, today: date) -> str:
    """The last day of a certificate's validity (ISO), or `LONG_TERM`; it must be more than
    three months away."""
    if normalize(raw).lower() in LONG_TERM_WORDS:
        return LONG_TERM
    end = parse_date(raw)
    if end < today:
        raise Invalid("err-validity-expired", date=end.isoformat())
    deadline = months_after(today, MIN_VALIDITY_MONTHS)
    if end <= deadline:
        raise Invalid("err-validity-expiring", date=end.isoformat(), deadline=deadline.isoformat())
    return end.isoformat()
