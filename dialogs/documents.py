"""Step 4: which documents a filing needs (rules §2 "Step 4", province extras of §7), as data.

`DOCUMENT_RULES` is the table: one row per kind of document, saying how often it repeats (once,
per site, per distinct website owner, per domain, per pre-approval) and when it applies.
`required(answers)` expands the table for one filing; it is recomputed whenever answers change,
so adding a site adds its slots and 同主体负责人 removes the website owner's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dialogs import checks
from dialogs.catalog import NO, NO_PREAPPROVAL, PERSONAL
from dialogs.fields import Ctx, Field, Kind
from dialogs.provinces import RuleKind, rule_applies
from dialogs.validation import parse_resident_id


class Per(StrEnum):
    FILING = "filing"
    SITE = "site"
    SITE_OWNER = "site_owner"  # each website whose owner is a distinct person
    DOMAIN = "domain"
    PREAPPROVAL = "preapproval"


Answers = Mapping[str, Any]


def _unit(a: Answers) -> bool:
    return a.get("nature") not in (None, PERSONAL)


def _province_rule(kind: RuleKind) -> Callable[[Answers], bool]:
    return lambda a: rule_applies(kind, a.get("province"), a.get("nature") == PERSONAL)


def _needs_residence_proof(a: Answers) -> bool:
    """A personal filer whose resident ID is from another province, where the province accepts
    that with a residence proof (居住证明)."""
    if a.get("nature") != PERSONAL or not _province_rule(RuleKind.FOREIGN_ID_RESIDENCE_PROOF)(a):
        return False
    parsed = parse_resident_id(a.get("organizer_id") or "")
    return bool(parsed and parsed.province_code and parsed.province_code != a.get("province"))


@dataclass(frozen=True)
class DocumentRule:
    name: str  # also the locale stem: field-doc-<name>, ask-doc-<name>, hint-doc-<name>
    per: Per
    when: Callable[[Answers], bool] = lambda _a: True
    optional: bool = False
    multiple: bool = False
    check: Callable[[Any, Ctx], Any] | None = None

    @property
    def field(self) -> Field:
        return Field(self.name, Kind.DOCUMENT, f"doc-{self.name}", optional=self.optional,
                     multiple=self.multiple, check=self.check,
                     item_label="preapproval" if self.per is Per.PREAPPROVAL else None)


DOCUMENT_RULES: tuple[DocumentRule, ...] = (
    DocumentRule("org_certificate", Per.FILING, _unit),
    DocumentRule("subject_id_front", Per.FILING, check=checks.id_photo("subject_owner")),
    DocumentRule("subject_id_back", Per.FILING, check=checks.id_photo("subject_owner")),
    DocumentRule("residence_proof", Per.FILING, _needs_residence_proof),
    DocumentRule("authorization_letter", Per.FILING,
                 _province_rule(RuleKind.AUTHORIZATION_LETTER), optional=True),
    DocumentRule("party_building_proof", Per.FILING,
                 _province_rule(RuleKind.PARTY_BUILDING_PROOF)),
    DocumentRule("commitment_letter", Per.FILING, _province_rule(RuleKind.COMMITMENT_LETTER)),
    DocumentRule("site_owner_id_front", Per.SITE_OWNER, check=checks.id_photo("site_owner")),
    DocumentRule("site_owner_id_back", Per.SITE_OWNER, check=checks.id_photo("site_owner")),
    DocumentRule("verification_form", Per.SITE, check=checks.verification_form_current),
    DocumentRule("domain_certificate", Per.DOMAIN),
    DocumentRule("preapproval_scan", Per.PREAPPROVAL),
    DocumentRule("other_material", Per.FILING, optional=True, multiple=True),
)


@dataclass(frozen=True)
class DocumentSlot:
    key: str
    rule: DocumentRule
    site: int | None = None
    item: str | None = None  # the domain or pre-approval code

    @property
    def field(self) -> Field:
        return self.rule.field


def _sites(a: Answers) -> Iterator[int]:
    n = 1
    while f"site{n}.name" in a or f"site{n}.domains" in a:
        yield n
        n += 1


def _distinct_owner_sites(a: Answers) -> Iterator[int]:
    """Sites whose website owner is a different person from the subject owner and from the
    owners of earlier sites: one set of ID photos per person."""
    seen: set[str] = set()
    for n in _sites(a):
        if a.get(f"site{n}.owner_same") != NO:
            continue
        person = a.get(f"site{n}.owner.id_number") or f"site{n}"
        if person not in seen:
            seen.add(person)
            yield n


def required(a: Answers) -> Iterator[DocumentSlot]:
    """Every document slot the filing needs, in the order they are asked."""
    for rule in DOCUMENT_RULES:
        if not rule.when(a):
            continue
        if rule.per is Per.FILING:
            yield DocumentSlot(f"doc.{rule.name}", rule)
        elif rule.per is Per.SITE:
            for n in _sites(a):
                yield DocumentSlot(f"site{n}.doc.{rule.name}", rule, site=n)
        elif rule.per is Per.SITE_OWNER:
            for n in _distinct_owner_sites(a):
                yield DocumentSlot(f"site{n}.doc.{rule.name}", rule, site=n)
        elif rule.per is Per.DOMAIN:
            for domain in a.get("domains") or []:
                yield DocumentSlot(f"doc.{rule.name}.{domain}", rule, item=domain)
        elif rule.per is Per.PREAPPROVAL:
            for n in _sites(a):
                for code in a.get(f"site{n}.preapprovals") or []:
                    if code != NO_PREAPPROVAL:
                        yield DocumentSlot(f"site{n}.doc.{rule.name}.{code}", rule, site=n,
                                           item=code)
