"""ID numbers: USCC (GB 32100), organization code (GB 11714), resident ID (GB 11643), residence
permits and the shape-only personal certificates.

Valid numbers are built with check characters computed here by the standards' closed formulas
(weights as powers of 3 mod 31 and of 2 mod 11), independently of the implementation."""

from __future__ import annotations

import random
from datetime import date

import pytest

from dialogs.catalog import IdFormat
from dialogs.messages import Invalid, Msg
from dialogs.validation import (
    ResidentId,
    age_on,
    check_id_number,
    check_org_code,
    check_residence_permit,
    check_resident_id,
    check_uscc,
    mask_id,
    parse_resident_id,
    uscc_province_code,
)

TODAY = date(2026, 11, 30)


def refusal(check, *args, **kwargs) -> Msg:
    with pytest.raises(Invalid) as caught:
        check(*args, **kwargs)
    return caught.value.msg


# --- independent check-character formulas ---------------------------------------------------
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_with_check(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return first17 + USCC_CHARS[-total % 31]


def org_code_with_check(first8: str) -> str:
    total = sum(int(c, 36) * pow(2, 8 - i, 11) for i, c in enumerate(first8))
    check = -total % 11
    return first8 + ("0" if check == 0 else "X" if check == 10 else str(check))


def gb11643_with_check(first17: str) -> str:
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(first17))
    return first17 + "10X98765432"[total % 11]


def wrong_last(number: str, alphabet: str) -> str:
    return number[:-1] + next(c for c in alphabet if c != number[-1])


_rng = random.Random(20261130)
RANDOM_USCCS = [
    uscc_with_check("".join(_rng.choice(USCC_CHARS) for _ in range(17))) for _ in range(25)
]
USCCS = [
    "91350100M000100Y43",  # the example of GB 32100
    uscc_with_check("91310115MA1H7XXXX"),
    uscc_with_check("9144030071526726X"),
    uscc_with_check("12100000400000624"),  # an institution (事业单位)
    uscc_with_check("52110000500000001"),  # a private non-enterprise unit
    *RANDOM_USCCS,
]


# --- USCC -----------------------------------------------------------------------------------
def test_test_helper_matches_the_published_example() -> None:
    assert uscc_with_check("91350100M000100Y4") == "91350100M000100Y43"
    assert gb11643_with_check("11010119900307447") == "110101199003074477"
    assert org_code_with_check("M000100Y") == "M000100Y4"


@pytest.mark.parametrize("uscc", USCCS)
def test_uscc_valid(uscc: str) -> None:
    assert check_uscc(uscc) == uscc
    assert check_uscc(check_uscc(uscc)) == uscc


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("91350100m000100y43", "91350100M000100Y43"),
        ("9135 0100 M000 100Y 43", "91350100M000100Y43"),
        ("91350100-M000100Y4-3", "91350100M000100Y43"),
        ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),
        ("\u200b91350100M000100Y43 ", "91350100M000100Y43"),
    ],
)
def test_uscc_normalized(typed: str, stored: str) -> None:
    assert check_uscc(typed) == stored


@pytest.mark.parametrize(
    ("typed", "length"),
    [("91350100M000100Y4", 17), ("91350100M000100Y433", 19), ("", 0), ("M000100Y4", 9)],
)
def test_uscc_length(typed: str, length: int) -> None:
    assert refusal(check_uscc, typed) == Msg("err-uscc-length", length=length)


@pytest.mark.parametrize("letter", list("IOSVZ"))
def test_uscc_forbidden_letter_named(letter: str) -> None:
    typed = "91350100M" + letter + "00100Y43"
    assert refusal(check_uscc, typed) == Msg("err-uscc-letter", char=letter, position=10)


def test_uscc_other_character_named() -> None:
    assert refusal(check_uscc, "91350100M000100#43") == Msg("err-uscc-char", char="#", position=16)


@pytest.mark.parametrize("uscc", USCCS[:10])
def test_uscc_checksum_says_the_right_last_char(uscc: str) -> None:
    msg = refusal(check_uscc, wrong_last(uscc, USCC_CHARS))
    assert msg == Msg("err-uscc-checksum", expected=uscc[-1])


def test_uscc_checksum_catches_a_swapped_digit() -> None:
    assert refusal(check_uscc, "91350100M001000Y43").id == "err-uscc-checksum"


@pytest.mark.parametrize(
    ("uscc", "province"),
    [
        ("91350100M000100Y43", "35"),
        (uscc_with_check("91310115MA1H7XXXX"), "31"),
        (uscc_with_check("91990000MA1H7XXXX"), None),
    ],
)
def test_uscc_province(uscc: str, province: str | None) -> None:
    assert uscc_province_code(uscc) == province


# --- organization code ----------------------------------------------------------------------
ORG_CODES = [
    org_code_with_check(body)
    for body in ("M000100Y", "12345678", "D2143569", "73368571", "00000000", "MA1H7XXX", "40001234")
]


@pytest.mark.parametrize("code", ORG_CODES)
def test_org_code_valid(code: str) -> None:
    assert check_org_code(code) == code
    assert check_org_code(code[:8] + "-" + code[8]) == code
    assert check_org_code(check_org_code(code)) == code


def test_org_code_check_chars_x_and_0() -> None:
    with_x = next(c for c in (org_code_with_check(f"{i:08d}") for i in range(200)) if c[-1] == "X")
    with_0 = next(c for c in (org_code_with_check(f"{i:08d}") for i in range(200)) if c[-1] == "0")
    assert check_org_code(with_x.lower()) == with_x
    assert check_org_code(with_0) == with_0


@pytest.mark.parametrize(
    ("typed", "msg"),
    [
        ("M000100Y", Msg("err-org-code-length", length=8)),
        ("M000100Y-45", Msg("err-org-code-length", length=10)),
        ("M000#00Y-4", Msg("err-org-code-char", char="#", position=5)),
        ("M000100Y-A", Msg("err-org-code-char", char="A", position=9)),
        ("M000100Y-5", Msg("err-org-code-checksum", expected="4")),
    ],
)
def test_org_code_refused(typed: str, msg: Msg) -> None:
    assert refusal(check_org_code, typed) == msg


# --- resident ID ----------------------------------------------------------------------------
RESIDENT_IDS = [
    "110101199003074477",
    "310115198512032049",
    gb11643_with_check("44030520000229123"),  # born on a 29 February
    gb11643_with_check("65010219000101001"),  # born 1900-01-01
    gb11643_with_check("54010220261130002"),  # born today
    gb11643_with_check("32070219991231017"),
]
RESIDENT_ID_WITH_X = next(
    n
    for n in (gb11643_with_check(f"11010119900307{i:03d}") for i in range(1000))
    if n.endswith("X")
)


@pytest.mark.parametrize("number", [*RESIDENT_IDS, RESIDENT_ID_WITH_X])
def test_resident_id_valid(number: str) -> None:
    assert check_resident_id(number, today=TODAY) == number
    assert check_resident_id(check_resident_id(number, today=TODAY), today=TODAY) == number


def test_resident_id_lower_case_x_stored_upper() -> None:
    typed = RESIDENT_ID_WITH_X[:-1] + "x"
    assert check_resident_id(typed, today=TODAY) == RESIDENT_ID_WITH_X


def test_resident_id_groups_and_full_width() -> None:
    assert check_resident_id("110101 19900307 4477", today=TODAY) == "110101199003074477"
    full_width = "１１０１０１１９９００３０７４４７７"
    assert check_resident_id(full_width, today=TODAY) == "110101199003074477"


@pytest.mark.parametrize(
    ("typed", "msg"),
    [
        ("11010119900307447", Msg("err-resident-id-length", length=17)),
        ("110101900307447", Msg("err-resident-id-length", length=15)),  # first-generation ID
        ("1101011990030744777", Msg("err-resident-id-length", length=19)),
        ("11010119900307447A", Msg("err-resident-id-char", char="A", position=18)),
        ("1101011990030X4477", Msg("err-resident-id-char", char="X", position=14)),
        (gb11643_with_check("99010119900307447"), Msg("err-resident-id-province", prefix="99")),
        (gb11643_with_check("81000019900307447"), Msg("err-resident-id-province", prefix="81")),
        (gb11643_with_check("11010119900230447"), Msg("err-id-birth-date", date="1990-02-30")),
        (gb11643_with_check("11010119901301447"), Msg("err-id-birth-date", date="1990-13-01")),
        (gb11643_with_check("11010118991231447"), Msg("err-id-birth-date", date="1899-12-31")),
        (gb11643_with_check("11010120261201447"), Msg("err-id-birth-future", date="2026-12-01")),
        ("110101199003074478", Msg("err-resident-id-checksum", expected="7")),
        ("310115198512032040", Msg("err-resident-id-checksum", expected="9")),
    ],
)
def test_resident_id_refused(typed: str, msg: Msg) -> None:
    assert refusal(check_resident_id, typed, today=TODAY) == msg


def test_resident_id_bad_checksum_x() -> None:
    assert refusal(check_resident_id, "11010119900307447X", today=TODAY) == Msg(
        "err-resident-id-checksum", expected="7"
    )


def test_parse_resident_id() -> None:
    parsed = parse_resident_id("110101199003074477")
    assert parsed == ResidentId("110101199003074477", "11", date(1990, 3, 7), male=True)
    female = parse_resident_id("310115198512032049")
    assert female is not None and female.male is False and female.province_code == "31"


@pytest.mark.parametrize(
    "value", ["", "12345", "E12345678", "91350100M000100Y43", "11010119900230447X"]
)
def test_parse_resident_id_none_for_other_shapes(value: str) -> None:
    assert parse_resident_id(value) is None


# --- residence permits ----------------------------------------------------------------------
PERMITS = [
    gb11643_with_check("81000019940823002"),
    gb11643_with_check("82000019750101003"),
    gb11643_with_check("83000019880516004"),
]


@pytest.mark.parametrize("number", PERMITS)
def test_residence_permit_valid(number: str) -> None:
    assert check_id_number(number, IdFormat.RESIDENCE_PERMIT, today=TODAY) == number
    stored = check_residence_permit(number, today=TODAY)
    assert check_residence_permit(stored, today=TODAY) == number
    parsed = parse_resident_id(number)
    assert parsed is not None and parsed.province_code is None


@pytest.mark.parametrize(
    ("typed", "msg"),
    [
        ("110101199003074477", Msg("err-residence-permit-prefix", prefix="110101")),
        (
            gb11643_with_check("81010019940823002"),
            Msg("err-residence-permit-prefix", prefix="810100"),
        ),
        ("8100001994082300", Msg("err-residence-permit-length", length=16)),
        ("81000019940823002Y", Msg("err-residence-permit-char", char="Y", position=18)),
        (gb11643_with_check("81000019940231002"), Msg("err-id-birth-date", date="1994-02-31")),
        (
            wrong_last(PERMITS[0], "0123456789X"),
            Msg("err-residence-permit-checksum", expected=PERMITS[0][-1]),
        ),
    ],
)
def test_residence_permit_refused(typed: str, msg: Msg) -> None:
    assert refusal(check_id_number, typed, IdFormat.RESIDENCE_PERMIT, today=TODAY) == msg


# --- dispatch and shape-only IDs ------------------------------------------------------------
@pytest.mark.parametrize(
    ("fmt", "typed", "stored"),
    [
        (IdFormat.USCC, "91350100m000100y43", "91350100M000100Y43"),
        (IdFormat.USCC_OR_ORG_CODE, "91350100M000100Y43", "91350100M000100Y43"),
        (IdFormat.USCC_OR_ORG_CODE, "M000100Y-4", "M000100Y4"),
        (IdFormat.RESIDENT_ID, "11010119900307447 7", "110101199003074477"),
        (IdFormat.PASSPORT, "e12345678", "E12345678"),
        (IdFormat.PASSPORT, "AB12 3", "AB123"),
        (IdFormat.PASSPORT, "X" * 20, "X" * 20),
        (IdFormat.HK_MACAU_PERMIT, "h12345678", "H12345678"),
        (IdFormat.HK_MACAU_PERMIT, "M1234567801", "M1234567801"),
        (IdFormat.TAIWAN_PERMIT, "12345678", "12345678"),
        (IdFormat.TAIWAN_PERMIT, "1234567890", "1234567890"),
        (IdFormat.FOREIGN_PERMANENT_RESIDENCE, "usa310085030712", "USA310085030712"),
        (IdFormat.FOREIGN_PERMANENT_RESIDENCE, "911310198503071234", "911310198503071234"),
    ],
)
def test_id_number_valid(fmt: IdFormat, typed: str, stored: str) -> None:
    assert check_id_number(typed, fmt, today=TODAY) == stored
    assert check_id_number(stored, fmt, today=TODAY) == stored


@pytest.mark.parametrize(
    ("fmt", "typed", "msg"),
    [
        (IdFormat.USCC, "M000100Y-4", Msg("err-uscc-length", length=9)),
        (IdFormat.USCC_OR_ORG_CODE, "M000100Y-5", Msg("err-org-code-checksum", expected="4")),
        (IdFormat.USCC_OR_ORG_CODE, "91350100M000100Y44", Msg("err-uscc-checksum", expected="3")),
        (IdFormat.USCC_OR_ORG_CODE, "1234567890", Msg("err-unit-code-length", length=10)),
        (IdFormat.PASSPORT, "E123", Msg("err-passport-format")),
        (IdFormat.PASSPORT, "X" * 21, Msg("err-passport-format")),
        (IdFormat.PASSPORT, "E1234#678", Msg("err-passport-format")),
        (IdFormat.HK_MACAU_PERMIT, "K12345678", Msg("err-hk-macau-permit-format")),
        (IdFormat.HK_MACAU_PERMIT, "H123456789", Msg("err-hk-macau-permit-format")),
        (IdFormat.TAIWAN_PERMIT, "123456789", Msg("err-taiwan-permit-format")),
        (IdFormat.TAIWAN_PERMIT, "T1234567", Msg("err-taiwan-permit-format")),
        (IdFormat.FOREIGN_PERMANENT_RESIDENCE, "US310085030712", Msg("err-foreign-pr-format")),
        (IdFormat.FOREIGN_PERMANENT_RESIDENCE, "811310198503071234", Msg("err-foreign-pr-format")),
    ],
)
def test_id_number_refused(fmt: IdFormat, typed: str, msg: Msg) -> None:
    assert refusal(check_id_number, typed, fmt, today=TODAY) == msg


@pytest.mark.parametrize("fmt", list(IdFormat))
def test_every_id_format_is_handled(fmt: IdFormat) -> None:
    with pytest.raises(Invalid):
        check_id_number("?", fmt, today=TODAY)


# --- helpers --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("birth", "today", "age"),
    [
        (date(2008, 11, 30), date(2026, 11, 30), 18),
        (date(2008, 12, 1), date(2026, 11, 30), 17),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(1990, 3, 7), date(2026, 11, 30), 36),
    ],
)
def test_age_on(birth: date, today: date, age: int) -> None:
    assert age_on(birth, today) == age


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("310115198512032049", "310115********2049"),
        ("91350100M000100Y43", "913501********0Y43"),
        ("E12345678", "E1*****78"),
        ("H12345678", "H1*****78"),
        ("M000100Y4", "M0*****Y4"),
        ("ABCD", "****"),
    ],
)
def test_mask_id(value: str, masked: str) -> None:
    assert mask_id(value) == masked
