"""ID numbers (rules §2.5): unified social credit codes, organization codes, resident IDs and the
shape of the other personal certificates.

Every `check_*` takes the text the applicant typed and returns the value to store, or raises
`Invalid` with the message that explains what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dialogs.catalog import IdFormat
from dialogs.messages import Invalid
from dialogs.provinces import BY_CODE
from dialogs.text import compact

# --- GB 32100-2015: unified social credit code (统一社会信用代码) ---------------------------
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_FORBIDDEN_LETTERS = "IOSVZ"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_LENGTH = 18

# --- GB 11714: organization code (组织机构代码) -------------------------------------------------
ORG_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # value = index
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_CODE_LENGTH = 9

# --- GB 11643-1999: citizen ID number (公民身份号码) ---------------------------------------------
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK_CHARS = "10X98765432"  # indexed by Σ mod 11
RESIDENT_ID_LENGTH = 18
EARLIEST_BIRTH_YEAR = 1900
# Residence permits for Hong Kong, Macau and Taiwan residents use GB 11643 numbers with these
# "address codes" instead of a province.
RESIDENCE_PERMIT_PREFIXES = ("810000", "820000", "830000")

_RESIDENT_ID_SHAPE = re.compile(r"\d{17}[\dX]")

# The error ids of the two GB 11643 flavours; the birth-date errors are shared.
_RESIDENT_ID_ERRORS = {
    "length": "err-resident-id-length",
    "char": "err-resident-id-char",
    "checksum": "err-resident-id-checksum",
}
_RESIDENCE_PERMIT_ERRORS = {
    "length": "err-residence-permit-length",
    "char": "err-residence-permit-char",
    "checksum": "err-residence-permit-checksum",
}

# --- shape-only personal certificates -------------------------------------------------------
# (format, pattern, error id); the value is upper-cased and stripped of spaces and dashes first.
_SHAPES: dict[IdFormat, tuple[re.Pattern[str], str]] = {
    IdFormat.PASSPORT: (re.compile(r"[A-Z0-9]{5,20}"), "err-passport-format"),
    IdFormat.HK_MACAU_PERMIT: (re.compile(r"[HM](?:\d{8}|\d{10})"), "err-hk-macau-permit-format"),
    IdFormat.TAIWAN_PERMIT: (re.compile(r"\d{8}|\d{10}"), "err-taiwan-permit-format"),
    IdFormat.FOREIGN_PERMANENT_RESIDENCE: (
        re.compile(r"[A-Z]{3}\d{12}|9\d{17}"),
        "err-foreign-pr-format",
    ),
}


def _code_text(raw: str) -> str:
    """Normalized, upper-cased, without the spaces and dashes people type in groups."""
    return compact(raw).upper()


# --- unified social credit code -------------------------------------------------------------
def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters (all from the alphabet)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def check_uscc(raw: str) -> str:
    code = _code_text(raw)
    if len(code) != USCC_LENGTH:
        raise Invalid("err-uscc-length", length=len(code))
    for position, char in enumerate(code, start=1):
        if char in USCC_ALPHABET:
            continue
        if char in USCC_FORBIDDEN_LETTERS:
            raise Invalid("err-uscc-letter", char=char, position=position)
        raise Invalid("err-uscc-char", char=char, position=position)
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise Invalid("err-uscc-checksum", expected=expected)
    return code


def uscc_province_code(uscc: str) -> str | None:
    """The province of a USCC's registration area (positions 3–4), if it names one."""
    code = uscc[2:4]
    return code if code in BY_CODE else None


# --- organization code ----------------------------------------------------------------------
def org_code_check_char(first8: str) -> str:
    values = (ORG_CODE_ALPHABET.index(c) for c in first8)
    total = sum(v * w for v, w in zip(values, ORG_CODE_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def check_org_code(raw: str) -> str:
    code = _code_text(raw)
    if len(code) != ORG_CODE_LENGTH:
        raise Invalid("err-org-code-length", length=len(code))
    for position, char in enumerate(code, start=1):
        allowed = ORG_CODE_ALPHABET if position < ORG_CODE_LENGTH else "0123456789X"
        if char not in allowed:
            raise Invalid("err-org-code-char", char=char, position=position)
    expected = org_code_check_char(code[:8])
    if code[8] != expected:
        raise Invalid("err-org-code-checksum", expected=expected)
    return code


def _check_unit_code(raw: str) -> str:
    """A USCC, or (where the certificate type allows it) a 9-character organization code."""
    code = _code_text(raw)
    if len(code) == ORG_CODE_LENGTH:
        return check_org_code(code)
    if len(code) == USCC_LENGTH:
        return check_uscc(code)
    raise Invalid("err-unit-code-length", length=len(code))


# --- resident ID and residence permits ------------------------------------------------------
def resident_id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class ResidentId:
    number: str
    province_code: str | None  # None for residence permits (810000/820000/830000)
    birth_date: date
    male: bool


def _birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def parse_resident_id(number: str) -> ResidentId | None:
    """The facts encoded in an 18-character GB 11643 number (resident ID or residence permit).

    Meant for numbers already accepted by a check; None if `number` does not have the shape.
    """
    number = number.strip().upper()
    if not _RESIDENT_ID_SHAPE.fullmatch(number):
        return None
    birth = _birth_date(number)
    if birth is None:
        return None
    province = number[:2] if number[:2] in BY_CODE else None
    return ResidentId(number, province, birth, int(number[16]) % 2 == 1)


def _check_gb11643(raw: str, today: date, *, errors: dict[str, str], permit: bool) -> str:
    number = _code_text(raw)
    if len(number) != RESIDENT_ID_LENGTH:
        raise Invalid(errors["length"], length=len(number))
    for position, char in enumerate(number, start=1):
        if not (char.isascii() and char.isdigit()) and not (
            position == RESIDENT_ID_LENGTH and char == "X"
        ):
            raise Invalid(errors["char"], char=char, position=position)
    if permit:
        if not number.startswith(RESIDENCE_PERMIT_PREFIXES):
            raise Invalid("err-residence-permit-prefix", prefix=number[:6])
    elif number[:2] not in BY_CODE:
        raise Invalid("err-resident-id-province", prefix=number[:2])
    birth = _birth_date(number)
    shown = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
    if birth is None or birth.year < EARLIEST_BIRTH_YEAR:
        raise Invalid("err-id-birth-date", date=shown)
    if birth > today:
        raise Invalid("err-id-birth-future", date=shown)
    expected = resident_id_check_char(number[:17])
    if number[17] != expected:
        raise Invalid(errors["checksum"], expected=expected)
    return number


def check_resident_id(raw: str, *, today: date) -> str:
    return _check_gb11643(raw, today, errors=_RESIDENT_ID_ERRORS, permit=False)


def check_residence_permit(raw: str, *, today: date) -> str:
    return _check_gb11643(raw, today, errors=_RESIDENCE_PERMIT_ERRORS, permit=True)


# --- dispatch -------------------------------------------------------------------------------
def _check_shape(raw: str, fmt: IdFormat) -> str:
    pattern, error = _SHAPES[fmt]
    value = _code_text(raw)
    if not pattern.fullmatch(value):
        raise Invalid(error)
    return value


_CHECKS: dict[IdFormat, Callable[[str, date], str]] = {
    IdFormat.USCC: lambda raw, _today: check_uscc(raw),
    IdFormat.USCC_OR_ORG_CODE: lambda raw, _today: _check_unit_code(raw),
    IdFormat.RESIDENT_ID: lambda raw, today: check_resident_id(raw, today=today),
    IdFormat.RESIDENCE_PERMIT: lambda raw, today: check_residence_permit(raw, today=today),
}


def check_id_number(raw: str, fmt: IdFormat, *, today: date) -> str:
    """The ID number of a certificate whose number format is `fmt` (catalog `IdType.format`)."""
    check = _CHECKS.get(fmt)
    if check is not None:
        return check(raw, today)
    return _check_shape(raw, fmt)


# --- helpers --------------------------------------------------------------------------------
def age_on(birth: date, today: date) -> int:
    """Completed years of age on `today` (a 29 February birthday counts from 1 March)."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def mask_id(value: str) -> str:
    """`310115********2049` for 18-character numbers; first 2 and last 2 kept for shorter ones."""
    if len(value) == RESIDENT_ID_LENGTH:
        keep_start, keep_end = 6, 4
    else:
        keep_start, keep_end = 2, 2
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[-keep_end:]
