"""Per-field checks: formats (from `dialogs.validation`), cross-field rules and province rules.

Every check takes the answer (raw text, or the stored value when a filing is re-checked after an
earlier answer changed) and the slot's `Ctx`, and returns the value to store or raises `Invalid`.
Checks are idempotent, so the engine can re-run them over stored answers at any time.

Cross-field rules are checked from both sides (a site owner's mobile against the subject owner's,
and the subject owner's against every site owner's), so a change is refused where it is made
instead of silently dropping the other answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from dialogs.catalog import GOVERNMENT, LONG_TERM, NO, NO_PREAPPROVAL, PREAPPROVALS, id_type
from dialogs.fields import Ctx
from dialogs.messages import Invalid, Msg
from dialogs.provinces import BY_CODE, RuleKind, rule_applies
from dialogs.text import normalize
from dialogs.validation import (
    age_on,
    check_domain_list,
    check_email,
    check_home_url,
    check_id_number,
    check_mobile,
    check_phone,
    check_site_name,
    check_subject_number,
    check_validity_end,
    check_validity_start,
    mobile_province,
    parse_date,
    parse_filing_number,
    parse_resident_id,
    uscc_province_code,
)

ADULT_AGE = 18


def province_msg(code: str | None) -> Msg:
    """A province's name as a nested message, so each language shows its own name."""
    return Msg(f"opt-province-{code}")


def _length(text: str, low: int, high: int, error: str) -> str:
    if not low <= len(text) <= high:
        raise Invalid(error, low=low, high=high, length=len(text))
    return text


# --- plain text ------------------------------------------------------------------------------
_DOMAIN_LIKE = re.compile(r"^[\w-]+(\.[\w-]+)+$", re.ASCII)
# Names are letters of any script, with the separators names use (张·伟, Li Na, O'Neil, Jean-Luc);
# ’ is the apostrophe phones type for ' (iOS and macOS smart punctuation).
_NAME_SEPARATORS = frozenset(" ·•.-'’")


def _not_a_domain(text: str) -> str:
    if _DOMAIN_LIKE.match(text) or text.lower().startswith(("http://", "https://", "www.")):
        raise Invalid("err-name-is-domain")
    return text


def person_name(value: Any, ctx: Ctx) -> str:
    text = normalize(str(value))
    _length(text, 2, 30, "err-person-name-length")
    _not_a_domain(text)
    if not all(_name_character(text, i) for i in range(len(text))):
        raise Invalid("err-person-name-characters")
    return text


def _name_character(text: str, i: int) -> bool:
    """A letter, a separator, or a combining mark on a letter (the vowel signs of अनिल, ไทย)."""
    category = unicodedata.category(text[i])
    if category.startswith("L") or text[i] in _NAME_SEPARATORS:
        return True
    return category.startswith("M") and i > 0 and unicodedata.category(text[i - 1])[0] in "LM"


def organizer_name(value: Any, ctx: Ctx) -> str:
    if ctx.personal:
        return person_name(value, ctx)
    text = normalize(str(value))
    _length(text, 2, 60, "err-organizer-name-length")
    return _not_a_domain(text)


def city(value: Any, ctx: Ctx) -> str:
    return _length(normalize(str(value)), 2, 30, "err-city-length")


def cert_address(value: Any, ctx: Ctx) -> str:
    return _length(normalize(str(value)), 5, 100, "err-address-length")


_PO_BOX = re.compile(r"(邮政)?信箱|p\.?\s*o\.?\s*box", re.IGNORECASE)


def mail_address(value: Any, ctx: Ctx) -> str:
    text = _length(normalize(str(value)), 5, 100, "err-address-length")
    if _PO_BOX.search(text):
        raise Invalid("err-mail-address-po-box")
    if not re.search(r"\d", text):
        # A house or room number is what makes an address "detailed" (rules §4, reason 14).
        raise Invalid("err-mail-address-not-detailed")
    return text


def investor(value: Any, ctx: Ctx) -> str:
    return _length(normalize(str(value)), 2, 60, "err-investor-length")


def remark(value: Any, ctx: Ctx) -> str:
    return _length(normalize(str(value)), 1, 200, "err-remark-length")


def preapproval_number(value: Any, ctx: Ctx) -> str:
    return _length(normalize(str(value)), 2, 50, "err-preapproval-number-length")


# --- step 1 ----------------------------------------------------------------------------------
def organizer_id(value: Any, ctx: Ctx) -> str:
    kind = id_type(ctx.get("id_type") or "")
    if kind is None:
        raise Invalid("err-id-type-first")
    number = check_id_number(str(value), kind.format, today=ctx.today)
    if ctx.personal:
        _person_province_rules(number, ctx)
    return number


def organizer_id_warnings(value: str, ctx: Ctx) -> list[Msg]:
    province = ctx.province
    if ctx.personal:
        home = _id_province(value)
        if home and home != province and rule_applies(
            RuleKind.FOREIGN_ID_RESIDENCE_PROOF, province, True
        ):
            return [Msg("warn-residence-proof-needed", province=province_msg(province),
                        id_province=province_msg(home))]
        return []
    registered = uscc_province_code(value) if len(value) == 18 else None
    if registered and province and registered != province:
        return [Msg("warn-uscc-other-province", province=province_msg(province),
                    registered=province_msg(registered))]
    return []


def _id_province(number: str) -> str | None:
    parsed = parse_resident_id(number)
    return parsed.province_code if parsed else None


def _person_province_rules(number: str, ctx: Ctx) -> None:
    """Province rules about the person an ID number belongs to (rules §7)."""
    province = ctx.province
    parsed = parse_resident_id(number)
    if parsed is None:
        return
    if (
        ctx.personal
        and parsed.province_code
        and parsed.province_code != province
        and rule_applies(RuleKind.FOREIGN_ID_REFUSED, province, True)
    ):
        raise Invalid("err-id-other-province", province=province_msg(province),
                      id_province=province_msg(parsed.province_code))
    if rule_applies(RuleKind.ADULT_OWNER, province, ctx.personal) and (
        age_on(parsed.birth_date, ctx.today) < ADULT_AGE
    ):
        raise Invalid("err-owner-underage", province=province_msg(province), age=ADULT_AGE)


def subject_number(value: Any, ctx: Ctx) -> str:
    number = check_subject_number(str(value))
    parsed = parse_filing_number(number)
    if parsed and ctx.province and parsed.province_code != ctx.province:
        raise Invalid("err-subject-number-province", number=number,
                      province=province_msg(ctx.province),
                      abbreviation=BY_CODE[ctx.province].abbreviation)
    return number


def domains(value: Any, ctx: Ctx) -> list[str]:
    return check_domain_list(value)


def decision_basis(answers: Mapping[str, Any]) -> list[Any]:
    """What the filing-type decision depends on; a change of any of it re-runs the decision."""
    return [
        answers.get("organizer_id"),
        answers.get("subject_filed"),
        answers.get("subject_number"),
        sorted(answers.get("domains") or []),
    ]


def filing_type_decision(value: Any, ctx: Ctx) -> dict[str, Any]:
    if not isinstance(value, dict) or value.get("basis") != decision_basis(ctx.answers):
        raise Invalid("err-filing-type-stale")
    return value


# --- owners ----------------------------------------------------------------------------------
def owner_prefixes(answers: Mapping[str, Any]) -> Iterator[str]:
    """Key prefixes of every person in charge: the subject owner, then each distinct site owner."""
    yield "subject_owner"
    n = 1
    while any(k.startswith(f"site{n}.") for k in answers):
        if answers.get(f"site{n}.owner_same") == NO:
            yield f"site{n}.owner"
        n += 1


def _other_people(ctx: Ctx) -> Iterator[str]:
    """Owner prefixes of people other than the slot's owner (a different ID number)."""
    own_id = ctx.owner_get("id_number")
    for prefix in owner_prefixes(ctx.answers):
        if prefix == ctx.owner:
            continue
        other_id = ctx.get(f"{prefix}.id_number")
        if own_id is None or other_id is None or other_id != own_id:
            yield prefix


def owner_id_number(value: Any, ctx: Ctx) -> str:
    kind = id_type(ctx.owner_get("id_type") or "")
    if kind is None:
        raise Invalid("err-id-type-first")
    number = check_id_number(str(value), kind.format, today=ctx.today)
    if ctx.owner != "subject_owner" and number == ctx.get("subject_owner.id_number"):
        raise Invalid("err-site-owner-is-subject-owner")
    _person_province_rules(number, ctx)
    return number


def validity_start(value: Any, ctx: Ctx) -> str:
    start = check_validity_start(str(value), today=ctx.today)
    end = ctx.owner_get("id_valid_to")
    if end and end != LONG_TERM and parse_date(end) <= parse_date(start):
        raise Invalid("err-validity-order", start=start, end=end)
    return start


def validity_end(value: Any, ctx: Ctx) -> str:
    end = check_validity_end(str(value), today=ctx.today)
    start = ctx.owner_get("id_valid_from")
    if end != LONG_TERM and start and parse_date(end) <= parse_date(start):
        raise Invalid("err-validity-order", start=start, end=end)
    return end


def owner_mobile(value: Any, ctx: Ctx) -> str:
    mobile = check_mobile(str(value))
    province = ctx.province
    if rule_applies(RuleKind.LOCAL_MOBILE, province, ctx.personal):
        registered = mobile_province(mobile)
        if registered and registered != province:
            raise Invalid("err-mobile-not-local", province=province_msg(province),
                          registered=province_msg(registered))
    if mobile == ctx.owner_get("emergency_phone"):
        raise Invalid("err-mobile-equals-emergency")
    for prefix in _other_people(ctx):
        if ctx.get(f"{prefix}.mobile") == mobile:
            raise Invalid("err-mobile-shared")
    return mobile


def emergency_phone(value: Any, ctx: Ctx) -> str:
    phone = check_phone(str(value))
    if phone == ctx.owner_get("mobile"):
        raise Invalid("err-emergency-equals-mobile")
    return phone


def owner_email(value: Any, ctx: Ctx) -> str:
    email = check_email(str(value))
    for prefix in _other_people(ctx):
        # Mail providers ignore case (LI@qq.com is li@qq.com): the same mailbox is shared.
        if (ctx.get(f"{prefix}.email") or "").casefold() == email.casefold():
            raise Invalid("err-email-shared")
    return email


def legal_representative_warning(value: Any, ctx: Ctx) -> list[Msg]:
    if rule_applies(RuleKind.LEGAL_REPRESENTATIVE, ctx.province, ctx.personal):
        return [Msg("warn-legal-representative", province=province_msg(ctx.province))]
    if rule_applies(RuleKind.AUTHORIZATION_LETTER, ctx.province, ctx.personal):
        return [Msg("warn-authorization-letter", province=province_msg(ctx.province))]
    return []


# --- websites --------------------------------------------------------------------------------
def _site_indices(answers: Mapping[str, Any]) -> Iterator[int]:
    n = 1
    while any(k.startswith(f"site{n}.") for k in answers):
        yield n
        n += 1


def assigned_domains(answers: Mapping[str, Any], *, before_site: int | None = None) -> set[str]:
    """Domains already given to a website (to the websites before `before_site`, if given)."""
    taken: set[str] = set()
    for n in _site_indices(answers):
        if before_site is not None and n >= before_site:
            break
        taken.update(answers.get(f"site{n}.domains") or [])
    return taken


def unassigned_domains(answers: Mapping[str, Any]) -> list[str]:
    taken = assigned_domains(answers)
    return [d for d in answers.get("domains") or [] if d not in taken]


def domains_available_to_site(ctx: Ctx) -> list[str]:
    """Step-1 domains not taken by an earlier website. Earlier sites win: a domain moved to an
    earlier site leaves the later one (see the engine's site compaction)."""
    taken = assigned_domains(ctx.answers, before_site=ctx.site)
    return [d for d in ctx.get("domains") or [] if d not in taken]


def _is_last_possible_site(ctx: Ctx) -> bool:
    from dialogs.spec import max_sites  # the spec owns the site limit

    return ctx.site == max_sites(ctx.answers)


def site_domains_forced(ctx: Ctx) -> list[str] | None:
    available = domains_available_to_site(ctx)
    if len(available) == 1 or (available and _is_last_possible_site(ctx)):
        return available
    return None


def site_domains(value: Any, ctx: Ctx) -> list[str]:
    chosen = list(value) if isinstance(value, list) else []
    available = domains_available_to_site(ctx)
    if not chosen:
        raise Invalid("err-site-domains-empty")
    if any(d not in available for d in chosen):
        raise Invalid("err-site-domains-unknown", domains="、".join(available))
    if _is_last_possible_site(ctx) and set(chosen) != set(available):
        raise Invalid("err-site-domains-must-cover", domains="、".join(available))
    return [d for d in available if d in chosen]


def home_url(value: Any, ctx: Ctx) -> str:
    return check_home_url(str(value), ctx.site_get("domains") or [])


def home_url_suggestion(ctx: Ctx) -> str | None:
    site_domains_ = ctx.site_get("domains") or []
    return f"http://www.{site_domains_[0]}" if site_domains_ else None


ALL_PREAPPROVALS = frozenset(o.code for o in PREAPPROVALS if o.code != NO_PREAPPROVAL)


def site_name(value: Any, ctx: Ctx) -> str:
    chosen = ctx.site_get("preapprovals")
    return check_site_name(
        str(value),
        personal=ctx.personal,
        government=ctx.get("nature") == GOVERNMENT,
        organizer_name=ctx.get("organizer_name") or "",
        # Before the pre-approvals are answered the name is not held against them; the
        # pre-approval question then checks the name (see `preapprovals`).
        preapprovals=frozenset(chosen) if chosen is not None else ALL_PREAPPROVALS,
    )


def multi_choice(value: Any, ctx: Ctx) -> list[str]:
    if not isinstance(value, list) or not value:
        raise Invalid("err-multi-empty")
    return value


def site_content(value: Any, ctx: Ctx) -> list[str]:
    return multi_choice(value, ctx)


def preapprovals(value: Any, ctx: Ctx) -> list[str]:
    chosen = multi_choice(value, ctx)
    if NO_PREAPPROVAL in chosen and len(chosen) > 1:
        raise Invalid("err-preapproval-none-exclusive")
    name = ctx.site_get("name")
    if name:
        try:
            check_site_name(
                name,
                personal=ctx.personal,
                government=ctx.get("nature") == GOVERNMENT,
                organizer_name=ctx.get("organizer_name") or "",
                preapprovals=frozenset(chosen),
            )
        except Invalid as refused:
            raise Invalid("err-preapproval-required-by-name", name=name,
                          word=refused.msg.args.get("word", "")) from None
    return chosen


# --- documents -------------------------------------------------------------------------------
def id_photo(owner: str) -> Callable[[Any, Ctx], Any]:
    """An ID card photo is taken only while the ID stays valid for more than 3 months (the date
    given in step 2, re-checked today)."""

    def check(value: Any, ctx: Ctx) -> Any:
        prefix = owner if owner == "subject_owner" else f"site{ctx.site}.owner"
        valid_to = ctx.get(f"{prefix}.id_valid_to")
        if valid_to and valid_to != LONG_TERM:
            try:
                check_validity_end(valid_to, today=ctx.today)
            except Invalid:
                raise Invalid("err-id-photo-expiring", date=valid_to) from None
        return value

    return check


def verification_form_current(value: Any, ctx: Ctx) -> Any:
    """A signed 核验单 must be the form of the data as it stands: the bot stamps the upload with
    the fingerprint of the form it sent; a change to anything printed on it makes the signed
    form outdated (it is dropped, and a new form is sent)."""
    from dialogs.verification_form import fingerprint, printed_answers_complete

    if not isinstance(value, dict) or not printed_answers_complete(ctx.answers, ctx.site or 1):
        return value
    current = fingerprint(ctx.answers, ctx.site or 1)
    if "form" not in value:
        return {**value, "form": current}
    if value["form"] != current:
        raise Invalid("err-form-outdated")
    return value
