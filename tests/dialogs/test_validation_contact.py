"""Mobiles (E.164), landlines, the emergency phone (either), e-mail addresses, masking."""

from __future__ import annotations

import pytest
from phonenumbers import geocoder, parse

from dialogs.messages import Invalid, Msg
from dialogs.validation import (
    check_email,
    check_landline,
    check_mobile,
    check_phone,
    mask_phone,
    mobile_province,
)


def refusal(check, *args) -> Msg:
    with pytest.raises(Invalid) as caught:
        check(*args)
    return caught.value.msg


# --- mobile ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13812345678", "+8613812345678"),
        ("138 1234 5678", "+8613812345678"),
        ("138-1234-5678", "+8613812345678"),
        ("(138) 1234 5678", "+8613812345678"),
        ("+86 138 1234 5678", "+8613812345678"),
        ("+86-138-1234-5678", "+8613812345678"),
        ("8613812345678", "+8613812345678"),
        ("0086 13812345678", "+8613812345678"),
        ("＋８６ １３８１２３４５６７８", "+8613812345678"),
        ("１３８－１２３４－５６７８", "+8613812345678"),
        ("\u200b13812345678\u200b", "+8613812345678"),
        ("+8613812345678", "+8613812345678"),
        ("19912345678", "+8619912345678"),
        ("16612345678", "+8616612345678"),
    ],
)
def test_mobile_valid(typed: str, stored: str) -> None:
    assert check_mobile(typed) == stored
    assert check_mobile(check_mobile(typed)) == stored


@pytest.mark.parametrize(
    ("typed", "msg"),
    [
        ("1381234567", Msg("err-mobile-length", length=10)),
        ("138123456789", Msg("err-mobile-length", length=12)),
        ("+86 138 1234 567", Msg("err-mobile-length", length=10)),
        ("12012345678", Msg("err-mobile-not-mobile")),
        ("11012345678", Msg("err-mobile-not-mobile")),
        ("010-12345678", Msg("err-mobile-not-mobile")),
        ("0755-12345678", Msg("err-mobile-not-mobile")),
        ("+1 202 555 0123", Msg("err-mobile-foreign", code="+1")),
        ("+44 7911 123456", Msg("err-mobile-foreign", code="+44")),
        ("00852 6123 4567", Msg("err-mobile-foreign", code="+852")),
        ("138abc45678", Msg("err-mobile-format")),
        ("", Msg("err-mobile-format")),
    ],
)
def test_mobile_refused(typed: str, msg: Msg) -> None:
    assert refusal(check_mobile, typed) == msg


@pytest.mark.parametrize(
    ("e164", "province"),
    [
        ("+8613812345678", "32"),
        ("+8615850781234", "32"),
        ("+8619912345678", None),
        ("not a number", None),
    ],
)
def test_mobile_province(e164: str, province: str | None) -> None:
    assert mobile_province(e164) == province


def test_mobile_province_matches_short_names() -> None:
    # The library writes autonomous regions by their short name ('广西桂林市'): find one.
    for prefix in range(1300000, 1999999, 997):
        number = f"+86{prefix}1234"
        if geocoder.description_for_number(parse(number), "zh").startswith("广西"):
            assert mobile_province(number) == "45"
            return
    pytest.skip("no 广西 number in the sample")


# --- landline -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("010-12345678", "010-12345678"),
        ("(010)12345678", "010-12345678"),
        ("（010）12345678", "010-12345678"),
        ("010 1234 5678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("+86 10 12345678", "010-12345678"),
        ("+86-10-1234-5678", "010-12345678"),
        ("0086 21 6123 4567", "021-61234567"),
        ("0755-8600123", "0755-8600123"),
        ("0571-87654321转123", "0571-87654321-123"),
        ("0571-87654321 ext. 123", "0571-87654321-123"),
        ("010-12345678-8001", "010-12345678-8001"),
    ],
)
def test_landline_valid(typed: str, stored: str) -> None:
    assert check_landline(typed) == stored
    assert check_landline(check_landline(typed)) == stored


@pytest.mark.parametrize(
    ("typed", "msg"),
    [
        ("12345678", Msg("err-landline-area-code")),
        ("011-12345678", Msg("err-landline-area-code")),
        ("010-1234", Msg("err-landline-number")),
        ("010-123456789", Msg("err-landline-number")),
        ("010-01234567", Msg("err-landline-number")),
        ("13812345678", Msg("err-landline-format")),
        ("+1 212 555 0123", Msg("err-landline-format")),
        ("010-abc", Msg("err-landline-format")),
    ],
)
def test_landline_refused(typed: str, msg: Msg) -> None:
    assert refusal(check_landline, typed) == msg


# --- emergency phone ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("138 1234 5678", "+8613812345678"),
        ("+8613812345678", "+8613812345678"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("+86 10 12345678", "010-12345678"),
        ("0755 8600 1234", "0755-86001234"),
    ],
)
def test_phone_valid(typed: str, stored: str) -> None:
    assert check_phone(typed) == stored
    assert check_phone(check_phone(typed)) == stored


@pytest.mark.parametrize(
    "typed", ["12345678", "12012345678", "+1 202 555 0123", "电话", "1381234567"]
)
def test_phone_refused_explains_both_forms(typed: str) -> None:
    assert refusal(check_phone, typed) == Msg("err-phone-format")


# --- e-mail ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("zhangsan@example.com", "zhangsan@example.com"),
        ("ZhangSan@Example.COM", "ZhangSan@example.com"),
        (" zhang.san+filing@mail.example.com.cn ", "zhang.san+filing@mail.example.com.cn"),
        ("zhangsan＠qq．com", "zhangsan@qq.com"),
        ("zhangsan@qq。com", "zhangsan@qq.com"),
        ("张三@例子.中国", "张三@xn--fsqu00a.xn--fiqs8s"),
        ("mailto:a@b.cn", "a@b.cn"),
        ("o'brien@example.ie", "o'brien@example.ie"),
    ],
)
def test_email_valid(typed: str, stored: str) -> None:
    assert check_email(typed) == stored
    assert check_email(check_email(typed)) == stored


@pytest.mark.parametrize(
    ("typed", "msg"),
    [
        ("zhangsan", Msg("err-email-format")),
        ("zhangsan@@example.com", Msg("err-email-format")),
        ("a@b@example.com", Msg("err-email-format")),
        ("@example.com", Msg("err-email-format")),
        ("zhangsan@", Msg("err-email-format")),
        ("zhang san@example.com", Msg("err-email-format")),
        (".zhangsan@example.com", Msg("err-email-format")),
        ("zhang..san@example.com", Msg("err-email-format")),
        ("a,b@example.com", Msg("err-email-format")),
        ("zhangsan@example", Msg("err-email-domain", domain="example")),
        ("zhangsan@exa_mple.com", Msg("err-email-domain", domain="exa_mple.com")),
        ("zhangsan@-example.com", Msg("err-email-domain", domain="-example.com")),
        ("zhangsan@1.2.3.4", Msg("err-email-domain", domain="1.2.3.4")),
        ("zhangsan@example..com", Msg("err-email-domain", domain="example..com")),
        ("zhangsan@qq.con", Msg("err-email-domain", domain="qq.con")),
        ("zhangsan@com.cn", Msg("err-email-domain", domain="com.cn")),
    ],
)
def test_email_refused(typed: str, msg: Msg) -> None:
    assert refusal(check_email, typed) == msg


def test_email_too_long() -> None:
    address = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".com"
    assert refusal(check_email, address) == Msg("err-email-too-long", length=len(address))


def test_email_local_part_too_long() -> None:
    assert refusal(check_email, "a" * 65 + "@example.com") == Msg("err-email-format")


# --- masking --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("+8613812345678", "138****5678"),
        ("13812345678", "138****5678"),
        ("010-12345678", "010-****5678"),
        ("0755-8600123", "0755-***0123"),
        ("0571-87654321-123", "0571-****4321-123"),
    ],
)
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked
