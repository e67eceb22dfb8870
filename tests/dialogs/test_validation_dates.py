"""Dates and certificate validity (证件有效期)."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.catalog import LONG_TERM
from dialogs.messages import Invalid, Msg
from dialogs.validation import check_validity_end, check_validity_start, months_after, parse_date

TODAY = date(2026, 11, 30)


def refusal(check, *args, **kwargs) -> Msg:
    with pytest.raises(Invalid) as caught:
        check(*args, **kwargs)
    return caught.value.msg


@pytest.mark.parametrize(
    "typed",
    [
        "2030-01-31",
        "2030/1/31",
        "2030/01/31",
        "2030.1.31",
        "20300131",
        "2030年1月31日",
        "2030 年 1 月 31 日",
        "2030年01月31号",
        "２０３０－０１－３１",
        " 2030-1-31 ",
    ],
)
def test_parse_date_formats(typed: str) -> None:
    assert parse_date(typed) == date(2030, 1, 31)


@pytest.mark.parametrize(
    ("typed", "msg"),
    [
        ("31/01/2030", Msg("err-date-format")),
        ("Jan 31 2030", Msg("err-date-format")),
        ("2030-1", Msg("err-date-format")),
        ("", Msg("err-date-format")),
        ("2030-02-30", Msg("err-date-impossible", date="2030-02-30")),
        ("20301301", Msg("err-date-impossible", date="2030-13-01")),
        ("2030年2月29日", Msg("err-date-impossible", date="2030-02-29")),
        ("1800-01-01", Msg("err-date-impossible", date="1800-01-01")),
    ],
)
def test_parse_date_refused(typed: str, msg: Msg) -> None:
    assert refusal(parse_date, typed) == msg


@pytest.mark.parametrize(
    ("start", "months", "result"),
    [
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 10, 15), 3, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 20), 12, date(2027, 5, 20)),
    ],
)
def test_months_after(start: date, months: int, result: date) -> None:
    assert months_after(start, months) == result


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("2016-05-01", "2016-05-01"), ("2026/11/30", "2026-11-30"), ("20000101", "2000-01-01")],
)
def test_validity_start_valid(typed: str, stored: str) -> None:
    assert check_validity_start(typed, today=TODAY) == stored
    assert check_validity_start(stored, today=TODAY) == stored


def test_validity_start_in_the_future() -> None:
    assert refusal(check_validity_start, "2026-12-01", today=TODAY) == Msg(
        "err-validity-start-future", date="2026-12-01"
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("长期", LONG_TERM),
        ("长期有效", LONG_TERM),
        ("永久", LONG_TERM),
        ("long-term", LONG_TERM),
        ("Long Term", LONG_TERM),
        ("long_term", LONG_TERM),
        ("2027-03-01", "2027-03-01"),  # the first day more than 3 months after 2026-11-30
        ("2036/5/1", "2036-05-01"),
        ("2046年11月30日", "2046-11-30"),
    ],
)
def test_validity_end_valid(typed: str, stored: str) -> None:
    assert check_validity_end(typed, today=TODAY) == stored
    assert check_validity_end(stored, today=TODAY) == stored


@pytest.mark.parametrize(
    ("typed", "msg"),
    [
        ("2026-11-29", Msg("err-validity-expired", date="2026-11-29")),
        ("2020-01-01", Msg("err-validity-expired", date="2020-01-01")),
        ("2026-11-30", Msg("err-validity-expiring", date="2026-11-30", deadline="2027-02-28")),
        ("2027-01-15", Msg("err-validity-expiring", date="2027-01-15", deadline="2027-02-28")),
        ("2027-02-28", Msg("err-validity-expiring", date="2027-02-28", deadline="2027-02-28")),
        ("短期", Msg("err-date-format")),
        ("2027-02-30", Msg("err-date-impossible", date="2027-02-30")),
    ],
)
def test_validity_end_refused(typed: str, msg: Msg) -> None:
    assert refusal(check_validity_end, typed, today=TODAY) == msg
