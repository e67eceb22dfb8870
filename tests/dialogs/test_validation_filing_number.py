"""Subject (主体) and website (网站) filing numbers."""

from __future__ import annotations

import pytest

from dialogs.messages import Invalid, Msg
from dialogs.provinces import PROVINCES
from dialogs.validation import (
    FilingNumber,
    check_site_number,
    check_subject_number,
    parse_filing_number,
)


def refusal(check, *args) -> Msg:
    with pytest.raises(Invalid) as caught:
        check(*args)
    return caught.value.msg


ALL_ABBREVIATIONS = [(a, p.code) for p in PROVINCES for a in p.abbreviations]


def test_every_abbreviation_of_rules_2_5_is_known() -> None:
    listed = (
        "京 津 冀 晋 蒙 辽 吉 黑 沪 苏 浙 皖 闽 赣 鲁 豫 鄂 "
        "湘 粤 桂 琼 渝 川 蜀 黔 滇 藏 陕 甘 陇 青 宁 新"
    )
    assert sorted(a for a, _ in ALL_ABBREVIATIONS) == sorted(listed.split())


@pytest.mark.parametrize(("abbr", "code"), ALL_ABBREVIATIONS)
def test_subject_number_each_abbreviation(abbr: str, code: str) -> None:
    number = f"{abbr}ICP备12345678号"
    assert check_subject_number(number) == number
    assert check_site_number(number + "-2") == number + "-2"
    assert parse_filing_number(number + "-2") == FilingNumber(abbr, code, "12345678", 2)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("京ICP备12345678号", "京ICP备12345678号"),
        ("京icp备12345678号", "京ICP备12345678号"),
        ("京ICP备12345678", "京ICP备12345678号"),
        (" 京 ICP 备 1234 5678 号 ", "京ICP备12345678号"),
        ("京ＩＣＰ备１２３４５号", "京ICP备12345号"),
        ("蜀ICP备2021000123号", "蜀ICP备2021000123号"),
        ("陇ICP备12345号", "陇ICP备12345号"),
        ("粤ICP备0012345号", "粤ICP备0012345号"),
    ],
)
def test_subject_number_valid(typed: str, stored: str) -> None:
    assert check_subject_number(typed) == stored
    assert check_subject_number(check_subject_number(typed)) == stored


@pytest.mark.parametrize(
    ("typed", "msg"),
    [
        ("京ICP备12345678号-1", Msg("err-subject-number-suffix", suggested="京ICP备12345678号")),
        ("蜀ICP备12345678-3", Msg("err-subject-number-suffix", suggested="蜀ICP备12345678号")),
        ("港ICP备12345678号", Msg("err-filing-number-province", abbr="港")),
        ("北京ICP备12345678号", Msg("err-filing-number-province", abbr="北京")),
        ("ICP备12345678号", Msg("err-filing-number-format")),
        ("京ICP备1234号", Msg("err-filing-number-digits", count=4)),
        ("京ICP备12345678901号", Msg("err-filing-number-digits", count=11)),
        ("京ICP证000001号", Msg("err-filing-number-format")),
        ("京ICP12345678号", Msg("err-filing-number-format")),
        ("12345678", Msg("err-filing-number-format")),
        ("京公网安备11010502030143号", Msg("err-filing-number-format")),
    ],
)
def test_subject_number_refused(typed: str, msg: Msg) -> None:
    assert refusal(check_subject_number, typed) == msg


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("京ICP备12345678号-1", "京ICP备12345678号-1"),
        ("京icp备12345678-1", "京ICP备12345678号-1"),
        ("京ICP备12345678-1号", "京ICP备12345678号-1"),
        ("京ICP备12345678号－12", "京ICP备12345678号-12"),
        ("京ICP备12345678号—2", "京ICP备12345678号-2"),
        ("蜀ICP备12345678号-01", "蜀ICP备12345678号-1"),
    ],
)
def test_site_number_valid(typed: str, stored: str) -> None:
    assert check_site_number(typed) == stored
    assert check_site_number(check_site_number(typed)) == stored


@pytest.mark.parametrize(
    ("typed", "msg"),
    [
        ("京ICP备12345678号", Msg("err-site-number-suffix", subject="京ICP备12345678号")),
        ("京ICP备12345678号-0", Msg("err-site-number-suffix", subject="京ICP备12345678号")),
        ("港ICP备12345678号-1", Msg("err-filing-number-province", abbr="港")),
        ("京ICP备123号-1", Msg("err-filing-number-digits", count=3)),
        ("京ICP备12345678号-a", Msg("err-filing-number-format")),
    ],
)
def test_site_number_refused(typed: str, msg: Msg) -> None:
    assert refusal(check_site_number, typed) == msg


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("京ICP备12345678号", FilingNumber("京", "11", "12345678", None)),
        ("蜀ICP备12345678号-3", FilingNumber("蜀", "51", "12345678", 3)),
        ("甘ICP备12345号-1", FilingNumber("甘", "62", "12345", 1)),
        ("港ICP备12345678号", None),
        ("京ICP备12345678号-0", None),
        ("", None),
    ],
)
def test_parse_filing_number(value: str, parsed: FilingNumber | None) -> None:
    assert parse_filing_number(value) == parsed


def test_filing_number_subject_of_a_site_number() -> None:
    parsed = parse_filing_number("陇ICP备12345号-2")
    assert parsed is not None
    assert parsed.subject == "陇ICP备12345号"
    assert str(parsed) == "陇ICP备12345号-2"
