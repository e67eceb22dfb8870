"""Phone numbers and e-mail addresses (rules §2.5): mainland mobiles stored as E.164, landlines as
`010-12345678`, e-mail addresses checked for syntax only (no network)."""

from __future__ import annotations

import re

import idna
import phonenumbers
from phonenumbers import geocoder

from dialogs.messages import Invalid
from dialogs.provinces import PROVINCES
from dialogs.text import normalize
from dialogs.validation.domains import under_known_suffix

CHINA_COUNTRY_CODE = "86"
# Ways people write the mainland country code in front of a number (checked in this order).
CHINA_PREFIXES = ("+86", "0086")

MOBILE_LENGTH = 11
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_DIGITS = re.compile(r"[0-9]+")
# Spaces, dashes, dots and parentheses people put inside phone numbers.
_PHONE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―.()]")

# Landline: area code 010, 02x or 0xxx, then 7–8 digits not starting with 0; an extension.
_LANDLINE_NUMBER = re.compile(r"[1-9][0-9]{6,7}")
_LANDLINE_EXTENSION_WORD = re.compile(r"\s*(?:转|分机|ext\.?|x|#)\s*([0-9]{1,6})$", re.IGNORECASE)
_LANDLINE_GROUP_SPLIT = re.compile(r"[\s\-‐‑‒–—―.]+")
MAX_EXTENSION_LENGTH = 6

EMAIL_MAX_LENGTH = 254
EMAIL_LOCAL_MAX_LENGTH = 64
# Local part: loose, but no spaces, quotes, brackets or separators that mean the text is not one
# address (several addresses, a display name, a typo'd comma).
_EMAIL_LOCAL = re.compile(r"[^\s@\"(),:;<>\[\\\]]+")
_LDH_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# Ideographic full stops typed by Chinese keyboards in domains ("qq。com").
_IDEOGRAPHIC_STOPS = re.compile("[。｡]")


# --- mobile ---------------------------------------------------------------------------------
def _without_separators(raw: str) -> str:
    return _PHONE_SEPARATORS.sub("", normalize(raw))


def _foreign_country_code(international: str) -> str | None:
    """The calling code of `+<digits>` if it is a real one (e.g. '1' for +1 202 …)."""
    try:
        number = phonenumbers.parse(international)
    except phonenumbers.NumberParseException:
        return None
    return str(number.country_code)


def _national_mobile_part(text: str) -> str:
    """`text` (no separators) without the mainland country code; refuses other country codes."""
    for prefix in CHINA_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :]
    international = None
    if text.startswith("+"):
        international = text
    elif text.startswith("00"):
        international = "+" + text[2:]
    if international is not None:
        code = _foreign_country_code(international)
        if code is None:
            raise Invalid("err-mobile-format")
        raise Invalid("err-mobile-foreign", code=f"+{code}")
    if text.startswith(CHINA_COUNTRY_CODE) and len(text) == len(CHINA_COUNTRY_CODE) + MOBILE_LENGTH:
        return text[len(CHINA_COUNTRY_CODE) :]
    return text


def check_mobile(raw: str) -> str:
    """A mainland mobile number, returned as E.164 (`+8613812345678`)."""
    national = _national_mobile_part(_without_separators(raw))
    if not _DIGITS.fullmatch(national):
        raise Invalid("err-mobile-format")
    if national.startswith("0"):  # an area code: a landline
        raise Invalid("err-mobile-not-mobile")
    if len(national) != MOBILE_LENGTH:
        raise Invalid("err-mobile-length", length=len(national))
    if not _MOBILE.fullmatch(national):
        raise Invalid("err-mobile-not-mobile")
    return f"+{CHINA_COUNTRY_CODE}{national}"


def mobile_province(e164: str) -> str | None:
    """The province code where a mainland mobile number is registered, when the phone-number
    library knows it (it answers '江苏省连云港市', '广西桂林市', or just '中国')."""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return None
    description = geocoder.description_for_number(number, "zh")
    for province in PROVINCES:
        if description.startswith((province.full_name, province.name)):
            return province.code
    return None


# --- landline -------------------------------------------------------------------------------
def _split_landline(digits: str) -> tuple[str, str] | None:
    """(area code, number) of a landline written as one run of digits starting with 0."""
    if not digits.startswith("0") or len(digits) < 3:
        return None
    if digits.startswith("010") or digits[1] == "2":
        area_length = 3
    elif digits[1] in "3456789":
        area_length = 4
    else:
        return None
    return digits[:area_length], digits[area_length:]


def _landline_parts(groups: list[str]) -> tuple[str, str, str | None]:
    """(area code, number, extension-or-None) from the digit groups as typed."""
    digits = "".join(groups)
    split = _split_landline(digits)
    if split is None:
        raise Invalid("err-landline-area-code")
    area, number = split
    if _LANDLINE_NUMBER.fullmatch(number):
        return area, number, None
    # "010-12345678-123": the last dash group is an extension.
    if len(groups) >= 3 and len(groups[-1]) <= MAX_EXTENSION_LENGTH:
        shorter = _split_landline("".join(groups[:-1]))
        if shorter is not None and _LANDLINE_NUMBER.fullmatch(shorter[1]):
            return shorter[0], shorter[1], groups[-1]
    raise Invalid("err-landline-number")


def check_landline(raw: str) -> str:
    """A mainland landline, returned as `010-12345678` (`010-12345678-123` with an extension)."""
    text = normalize(raw)
    extension: str | None = None
    match = _LANDLINE_EXTENSION_WORD.search(text)
    if match:
        extension = match.group(1)
        text = text[: match.start()]
    text = text.replace("(", " ").replace(")", " ").strip()
    international = False
    for prefix in CHINA_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :].strip(" -")
            international = True
            break
    else:
        if text.startswith("+"):
            raise Invalid("err-landline-format")
    groups = [g for g in _LANDLINE_GROUP_SPLIT.split(text) if g]
    if not groups or not all(_DIGITS.fullmatch(g) for g in groups):
        raise Invalid("err-landline-format")
    if international and not groups[0].startswith("0"):
        groups[0] = "0" + groups[0]  # +86 10 … is 010 …
    if not groups[0].startswith("0") and _MOBILE.fullmatch("".join(groups)):
        raise Invalid("err-landline-format")  # a mobile number
    area, number, dash_extension = _landline_parts(groups)
    if extension is not None and dash_extension is not None:
        raise Invalid("err-landline-number")
    extension = extension or dash_extension
    return f"{area}-{number}" + (f"-{extension}" if extension else "")


# --- either (the emergency phone) -----------------------------------------------------------
def check_phone(raw: str) -> str:
    """A mainland mobile (E.164) or a landline (`010-12345678`)."""
    try:
        return check_mobile(raw)
    except Invalid:
        pass
    try:
        return check_landline(raw)
    except Invalid:
        raise Invalid("err-phone-format") from None


def mask_phone(value: str) -> str:
    """`138****5678` for a mobile (E.164 or national), `010-****5678` for a landline."""
    national = value.removeprefix(f"+{CHINA_COUNTRY_CODE}")
    if _MOBILE.fullmatch(national):
        return national[:3] + "****" + national[-4:]
    area, sep, rest = national.partition("-")
    if sep and _LANDLINE_NUMBER.fullmatch(rest.split("-")[0]):
        number, _, extension = rest.partition("-")
        masked = area + "-" + "*" * (len(number) - 4) + number[-4:]
        return masked + (f"-{extension}" if extension else "")
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


# --- e-mail ---------------------------------------------------------------------------------
def _email_domain(domain: str) -> str | None:
    """The domain part lower-cased and IDNA-encoded, or None if it is not a valid host name."""
    domain = _IDEOGRAPHIC_STOPS.sub(".", domain).lower().removesuffix(".")
    try:
        encoded = idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError:
        return None
    labels = encoded.split(".")
    if len(labels) < 2 or not all(_LDH_LABEL.fullmatch(label) for label in labels):
        return None
    if not under_known_suffix(encoded):  # e.g. qq.con, or an IP address
        return None
    return encoded


def check_email(raw: str) -> str:
    """An e-mail address: one @, a plausible local part, a domain with a dot (lower-cased,
    IDNA-encoded). No network look-up."""
    text = normalize(raw).removeprefix("mailto:")
    if text.count("@") != 1:
        raise Invalid("err-email-format")
    local, domain = text.split("@")
    if (
        not local
        or len(local) > EMAIL_LOCAL_MAX_LENGTH
        or not _EMAIL_LOCAL.fullmatch(local)
        or local.startswith(".")
        or local.endswith(".")
        or ".." in local
    ):
        raise Invalid("err-email-format")
    if not domain:
        raise Invalid("err-email-format")
    encoded = _email_domain(domain)
    if encoded is None:
        raise Invalid("err-email-domain", domain=domain)
    address = f"{local}@{encoded}"
    if len(address) > EMAIL_MAX_LENGTH:
        raise Invalid("err-email-too-long", length=len(address))
    return address
