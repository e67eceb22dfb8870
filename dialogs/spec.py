"""The filing form as data: steps, fields, groups, and their expansion into concrete slots.

A `Field` is one question template. `expand` turns the templates into the ordered list of `Slot`s
that apply to a filing as it stands: the website group repeats once per site, the owner group
appears for the subject owner and for every website whose owner differs, one document slot
appears per domain, per pre-approval, and so on. The engine asks the first slot without an answer.

Answer keys are the slot keys: `province`, `subject_owner.mobile`, `site2.owner.email`,
`site1.preapproval_no.news`, `doc.domain.example.com`, `site2.doc.form`. Everything about one
website lives under its `site<n>.` prefix so that removing or renumbering a site is a prefix move.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from dialogs import checks, documents
from dialogs.catalog import (
    LANGUAGES,
    NATURES,
    PERSONAL,
    PERSONAL_ID_TYPES,
    PERSONAL_SERVICE_CONTENT,
    PREAPPROVALS,
    SERVICE_CONTENT,
    YES,
    YES_NO,
    Option,
    id_types_for,
)
from dialogs.fields import Ctx, Field, Kind, Options, Slot
from dialogs.provinces import PROVINCES, RuleKind, rule_applies, typed_names

MAX_SITES = 3


def _always(_: Ctx) -> bool:
    return True


# --- option lists ----------------------------------------------------------------------------
PROVINCE_OPTIONS: tuple[Option, ...] = tuple(
    Option(p.code, p.name, (p.full_name, p.pinyin, *p.abbreviations, *typed_names(p.code)))
    for p in PROVINCES
)


def _id_type_options(ctx: Ctx) -> Sequence[Option]:
    return id_types_for(ctx.get("nature"))


def _content_options(ctx: Ctx) -> Sequence[Option]:
    if ctx.personal:
        return tuple(o for o in SERVICE_CONTENT if o.code in PERSONAL_SERVICE_CONTENT)
    return SERVICE_CONTENT


def _site_domain_options(ctx: Ctx) -> Sequence[Option]:
    return tuple(Option(d, d) for d in checks.domains_available_to_site(ctx))


def _only_option(options: Options) -> Callable[[Ctx], Any]:
    """Force the answer when there is exactly one option to choose."""

    def forced(ctx: Ctx) -> Any:
        choices = options(ctx)
        return choices[0].code if len(choices) == 1 else None

    return forced


def _yes_no(_: Ctx) -> Sequence[Option]:
    return YES_NO


def _fixed(options: Sequence[Option]) -> Options:
    return lambda _ctx: options


# --- the owner group (主体负责人 / 网站负责人) ------------------------------------------------
def _owner_fields(label: str) -> tuple[Field, ...]:
    """The fields of a person in charge; `label` is "subject_owner" or "site_owner"."""
    personal_subject = label == "subject_owner"

    def from_organizer(key: str) -> Callable[[Ctx], Any]:
        # A personal filing's subject owner is the organizer: name and ID are not asked twice.
        if not personal_subject:
            return lambda _ctx: None
        return lambda ctx: ctx.get(key) if ctx.personal else None

    return (
        Field("name", Kind.TEXT, f"{label}-name", check=checks.person_name,
              forced=from_organizer("organizer_name"),
              warn=checks.legal_representative_warning if personal_subject else None),
        Field("id_type", Kind.CHOICE, f"{label}-id_type", options=_fixed(PERSONAL_ID_TYPES),
              option_list="idtype", forced=from_organizer("id_type")),
        Field("id_number", Kind.TEXT, f"{label}-id_number", check=checks.owner_id_number,
              forced=from_organizer("organizer_id")),
        Field("id_valid_from", Kind.DATE, f"{label}-id_valid_from", check=checks.validity_start),
        Field("id_valid_to", Kind.DATE_OR_LONG, f"{label}-id_valid_to", check=checks.validity_end),
        Field("mobile", Kind.MOBILE, f"{label}-mobile", check=checks.owner_mobile),
        Field("emergency_phone", Kind.PHONE, f"{label}-emergency_phone",
              check=checks.emergency_phone),
        Field("email", Kind.EMAIL, f"{label}-email", check=checks.owner_email),
    )


# --- step 1: verify (验证备案类型) -------------------------------------------------------------
STEP1: tuple[Field, ...] = (
    Field("province", Kind.CHOICE, "province", options=_fixed(PROVINCE_OPTIONS),
          option_list="province"),
    Field("city", Kind.TEXT, "city", optional=True, check=checks.city),
    Field("nature", Kind.CHOICE, "nature", options=_fixed(NATURES), option_list="nature"),
    Field("id_type", Kind.CHOICE, "id_type", options=_id_type_options, option_list="idtype",
          forced=_only_option(_id_type_options)),
    Field("organizer_name", Kind.TEXT, "organizer_name", check=checks.organizer_name),
    Field("organizer_id", Kind.TEXT, "organizer_id", check=checks.organizer_id,
          warn=checks.organizer_id_warnings),
    Field("subject_filed", Kind.YES_NO, "subject_filed", options=_yes_no, option_list="yesno"),
    Field("subject_number", Kind.TEXT, "subject_number", check=checks.subject_number,
          when=lambda ctx: ctx.get("subject_filed") == YES),
    Field("domains", Kind.DOMAINS, "domains", check=checks.domains),
    Field("filing_type", Kind.DECISION, "filing_type", check=checks.filing_type_decision),
)

# --- step 2: organizer details and subject owner (主办单位信息) --------------------------------
STEP2_HEAD: tuple[Field, ...] = (
    Field("cert_address", Kind.TEXT, "cert_address", check=checks.cert_address),
    Field("mail_address", Kind.TEXT, "mail_address", check=checks.mail_address),
    Field("investor", Kind.TEXT, "investor", check=checks.investor,
          suggest=lambda ctx: ctx.get("organizer_name") if ctx.personal else None),
)
SUBJECT_OWNER: tuple[Field, ...] = _owner_fields("subject_owner")
STEP2_TAIL: tuple[Field, ...] = (
    Field("subject_remark", Kind.TEXT, "subject_remark", optional=True, check=checks.remark),
)

# --- step 3: websites (网站信息), repeated once per site ----------------------------------------
SITE_HEAD: tuple[Field, ...] = (
    Field("name", Kind.TEXT, "site-name", check=checks.site_name),
    Field("domains", Kind.MULTI, "site-domains", options=_site_domain_options,
          option_list=None, check=checks.site_domains,
          forced=checks.site_domains_forced),
    Field("home_url", Kind.URL, "site-home_url", check=checks.home_url,
          suggest=checks.home_url_suggestion),
    Field("content", Kind.MULTI, "site-content", options=_content_options,
          option_list="content", check=checks.site_content),
    Field("languages", Kind.MULTI, "site-languages", options=_fixed(LANGUAGES),
          option_list="lang", check=checks.multi_choice,
          preselect=lambda _ctx: ("zh_hans",)),
    Field("preapprovals", Kind.MULTI, "site-preapprovals", options=_fixed(PREAPPROVALS),
          option_list="preapproval", check=checks.preapprovals, exclusive="none",
          forced=lambda ctx: ["none"] if ctx.personal else None),
)
PREAPPROVAL_NUMBER = Field("preapproval_no", Kind.TEXT, "site-preapproval_no",
                           check=checks.preapproval_number, item_label="preapproval")
SITE_TAIL: tuple[Field, ...] = (
    Field("remark", Kind.TEXT, "site-remark", optional=True, check=checks.remark),
    Field("owner_same", Kind.YES_NO, "site-owner_same", options=_yes_no, option_list="yesno",
          forced=lambda ctx: YES if ctx.personal else None),
)
SITE_OWNER: tuple[Field, ...] = _owner_fields("site_owner")


def max_sites(answers: Mapping[str, Any]) -> int:
    personal = answers.get("nature") == PERSONAL
    return 1 if rule_applies(RuleKind.ONE_SITE, answers.get("province"), personal) else MAX_SITES


def site_numbers(answers: Mapping[str, Any]) -> list[int]:
    """The websites this filing has: site 1 always, then one more while step-1 domains are left
    for it (every domain belongs to exactly one site, and a site has at least one domain)."""
    numbers = [1]
    while len(numbers) < max_sites(answers):
        n = numbers[-1] + 1
        left_over = checks.unassigned_domains(answers)
        started = any(k.startswith(f"site{n}.") for k in answers)
        if f"site{n}.domains" in answers or (
            left_over and (started or f"site{n - 1}.domains" in answers)
        ):
            numbers.append(n)
        else:
            break
    return numbers


def expand(answers: Mapping[str, Any]) -> Iterator[Slot]:
    """Every slot that applies to the filing, in the order they are asked.

    A generator that reads `answers` as it goes, so a caller that fills answers while iterating
    (the engine's reconcile) sees later slots follow from earlier values.
    """
    yield from _plain(STEP1, 1)
    yield from _plain(STEP2_HEAD, 2)
    yield from _owner("subject_owner", SUBJECT_OWNER, 2, None)
    yield from _plain(STEP2_TAIL, 2)
    n = 0
    # Whether one more site follows is decided when the earlier ones are done: reconcile may
    # have dropped an earlier site's domains meanwhile (they are then asked again), and a later
    # site must not take them.
    while n < len(site_numbers(answers)):
        n += 1
        prefix = f"site{n}"
        for f in SITE_HEAD:
            yield Slot(f"{prefix}.{f.name}", f, 3, site=n)
        for code in answers.get(f"{prefix}.preapprovals") or []:
            if code != "none":
                yield Slot(f"{prefix}.preapproval_no.{code}", PREAPPROVAL_NUMBER, 3, site=n,
                           item=code)
        for f in SITE_TAIL:
            yield Slot(f"{prefix}.{f.name}", f, 3, site=n)
        if answers.get(f"{prefix}.owner_same") not in (None, YES):
            yield from _owner(f"{prefix}.owner", SITE_OWNER, 3, n)
    for spec in documents.required(answers):
        yield Slot(spec.key, spec.field, 4, site=spec.site, item=spec.item)


def _plain(fields: Sequence[Field], step: int) -> Iterator[Slot]:
    for f in fields:
        yield Slot(f.name, f, step)


def _owner(prefix: str, fields: Sequence[Field], step: int, site: int | None) -> Iterator[Slot]:
    for f in fields:
        yield Slot(f"{prefix}.{f.name}", f, step, site=site, owner=prefix)


def applies(slot: Slot, answers: Mapping[str, Any], today: date) -> bool:
    when = slot.field.when or _always
    return when(slot.ctx(answers, today))


def slots(answers: Mapping[str, Any], today: date) -> list[Slot]:
    """The applicable slots for the answers as they stand (no reconciliation)."""
    return [s for s in expand(answers) if applies(s, answers, today)]


def find_slot(answers: Mapping[str, Any], today: date, key: str) -> Slot | None:
    return next((s for s in slots(answers, today) if s.key == key), None)
