"""The life cycle of a filing after submission (rules §3), as a table of transitions.

Each row says which action moves a filing from which statuses to which, who may take it, what it
requires (reasons for a rejection, numbers for an approval) and which notices it implies. The
functions here only decide; `storage/` records the event and `bot/` delivers the notices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dialogs.catalog import NO, YES
from dialogs.messages import Msg
from dialogs.status import FilingStatus as S
from dialogs.status import FilingType


class Actor(StrEnum):
    APPLICANT = "applicant"
    REVIEWER = "reviewer"
    OPERATOR = "operator"  # the back office (CLI), who also records what the authority did
    SYSTEM = "system"  # timers


class Action(StrEnum):
    SUBMIT = "submit"  # a draft, or a corrected filing, goes to initial review
    WITHDRAW = "withdraw"  # back to draft while waiting for the initial review
    APPROVE = "approve"  # initial review passed
    REJECT = "reject"  # initial review failed, with reasons
    VERIFY_PASS = "verify_pass"  # authenticity check (verification photo) passed
    VERIFY_FAIL = "verify_fail"  # ... failed, with a reason; the applicant sends a new photo
    TO_AUTHORITY = "to_authority"  # submitted to the provincial authority: the SMS window opens
    SMS_DONE = "sms_done"  # every required owner confirmed the MIIT SMS check
    SMS_EXPIRE = "sms_expire"  # the SMS window closed first
    AUTHORITY_APPROVE = "authority_approve"  # filing numbers issued
    AUTHORITY_REJECT = "authority_reject"
    EXPIRE = "expire"  # an idle draft or an unanswered rejection runs out (45 days)


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[S]
    target: S
    actors: frozenset[Actor]
    needs_reasons: bool = False
    needs_numbers: bool = False
    # Notices the change implies, as message stems: the applicant hears `notice-<stem>`,
    # reviewers `review-notice-<stem>` when `tell_reviewers`.
    notice: str | None = None
    tell_reviewers: bool = False


_STAFF = frozenset({Actor.REVIEWER, Actor.OPERATOR})
_RESUBMITTABLE = frozenset({S.DRAFT, S.REJECTED_INITIAL, S.REJECTED_AUTHORITY, S.SMS_EXPIRED})

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Action.SUBMIT, _RESUBMITTABLE, S.SUBMITTED, frozenset({Actor.APPLICANT}),
               notice="submitted", tell_reviewers=True),
    Transition(Action.WITHDRAW, frozenset({S.SUBMITTED}), S.DRAFT, frozenset({Actor.APPLICANT}),
               notice="withdrawn", tell_reviewers=True),
    Transition(Action.APPROVE, frozenset({S.SUBMITTED}), S.VERIFYING, _STAFF,
               notice="approved_initial"),
    Transition(Action.REJECT, frozenset({S.SUBMITTED}), S.REJECTED_INITIAL, _STAFF,
               needs_reasons=True, notice="rejected_initial"),
    Transition(Action.VERIFY_PASS, frozenset({S.VERIFYING}), S.TO_AUTHORITY, _STAFF,
               notice="verified"),
    Transition(Action.VERIFY_FAIL, frozenset({S.VERIFYING}), S.VERIFYING, _STAFF,
               needs_reasons=True, notice="verify_failed"),
    Transition(Action.TO_AUTHORITY, frozenset({S.TO_AUTHORITY}), S.SMS_PENDING, _STAFF,
               notice="sms_opened"),
    Transition(Action.SMS_DONE, frozenset({S.SMS_PENDING}), S.AUTHORITY_REVIEW,
               frozenset({Actor.APPLICANT, *_STAFF, Actor.SYSTEM}), notice="sms_done"),
    Transition(Action.SMS_EXPIRE, frozenset({S.SMS_PENDING}), S.SMS_EXPIRED,
               frozenset({Actor.SYSTEM, Actor.OPERATOR}), notice="sms_expired",
               tell_reviewers=True),
    Transition(Action.AUTHORITY_APPROVE, frozenset({S.AUTHORITY_REVIEW}), S.APPROVED,
               frozenset({Actor.OPERATOR, Actor.REVIEWER}), needs_numbers=True,
               notice="approved"),
    Transition(Action.AUTHORITY_REJECT, frozenset({S.AUTHORITY_REVIEW}), S.REJECTED_AUTHORITY,
               frozenset({Actor.OPERATOR, Actor.REVIEWER}), needs_reasons=True,
               notice="rejected_authority"),
    Transition(Action.EXPIRE, frozenset({S.DRAFT, S.REJECTED_INITIAL, S.REJECTED_AUTHORITY}),
               S.CANCELLED, frozenset({Actor.SYSTEM, Actor.OPERATOR}), notice="expired"),
)

BY_ACTION: dict[Action, Transition] = {t.action: t for t in TRANSITIONS}

# Who acts next in each status (shown by /status and used to build the reviewer queue).
WAITING_FOR_REVIEWER = frozenset({S.SUBMITTED, S.VERIFYING})
WAITING_FOR_OPERATOR = frozenset({S.TO_AUTHORITY, S.AUTHORITY_REVIEW})


@dataclass(frozen=True)
class Reason:
    """One thing a reviewer wants changed: the field or document, a template, optional words."""

    target: str  # an answer key (field or document slot) or "verification_photo"
    template: str  # a code of REASON_TEMPLATES
    note: str = ""

    def to_json(self) -> dict[str, str]:
        return {"target": self.target, "template": self.template, "note": self.note}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Reason:
        return cls(str(data["target"]), str(data["template"]), str(data.get("note") or ""))


@dataclass(frozen=True)
class Refusal:
    msg: Msg


@dataclass(frozen=True)
class Allowed:
    transition: Transition
    reasons: tuple[Reason, ...] = ()
    numbers: Mapping[str, str] = field(default_factory=dict)


def decide(status: str, action: Action, actor: Actor, *, reasons: Sequence[Reason] = (),
           numbers: Mapping[str, str] | None = None) -> Allowed | Refusal:
    """Whether `actor` may take `action` on a filing in `status`, with what it requires."""
    transition = BY_ACTION[action]
    if actor not in transition.actors:
        return Refusal(Msg("lifecycle-not-allowed", action=Msg(f"action-{action}")))
    if status not in transition.sources:
        return Refusal(Msg("lifecycle-wrong-status", action=Msg(f"action-{action}"),
                           status=Msg(f"status-{status}")))
    if transition.needs_reasons and not reasons:
        return Refusal(Msg("lifecycle-reasons-required"))
    unknown = [r.template for r in reasons if r.template not in REASON_TEMPLATES]
    if unknown:
        return Refusal(Msg("lifecycle-unknown-reason", code=unknown[0]))
    if transition.needs_numbers and not numbers:
        return Refusal(Msg("lifecycle-numbers-required"))
    return Allowed(transition, tuple(reasons), dict(numbers or {}))


def actions_for(status: str, actor: Actor) -> list[Action]:
    """The actions `actor` can take in `status` (the buttons to offer)."""
    return [t.action for t in TRANSITIONS if status in t.sources and actor in t.actors]


# --- rejection reasons (rules §4) ------------------------------------------------------------
@dataclass(frozen=True)
class ReasonTemplate:
    code: str
    # Which targets the reason is about, as key prefixes or exact keys ("*" = any).
    targets: tuple[str, ...]


REASON_TEMPLATES: dict[str, ReasonTemplate] = {
    t.code: t
    for t in (
        ReasonTemplate("domain_not_verified", ("domains", "doc.domain_certificate")),
        ReasonTemplate("domain_registrar", ("domains", "doc.domain_certificate")),
        ReasonTemplate("site_name", ("site",)),
        ReasonTemplate("content_nature", ("site",)),
        ReasonTemplate("cross_province", ("province", "subject_owner.id_number",
                                          "doc.residence_proof")),
        ReasonTemplate("site_online", ("domains", "site")),
        ReasonTemplate("photo_unclear", ("doc.", "site")),
        ReasonTemplate("certificate_expired", ("subject_owner.id_valid_to", "site",
                                               "doc.")),
        ReasonTemplate("form_unsigned", ("site",)),
        ReasonTemplate("verification_photo", ("verification_photo",)),
        ReasonTemplate("phone_email", ("subject_owner.", "site")),
        ReasonTemplate("not_legal_representative", ("subject_owner.name",)),
        ReasonTemplate("wrong_type", ("province", "nature", "id_type", "organizer_",
                                      "subject_", "domains")),
        ReasonTemplate("address_detail", ("mail_address", "cert_address")),
        ReasonTemplate("province_document", ("doc.",)),
        ReasonTemplate("other", ("*",)),
    )
}


def templates_for(target: str) -> list[str]:
    """Reason templates that fit a target (the reviewer picks from these)."""
    return [
        code for code, t in REASON_TEMPLATES.items()
        if any(p == "*" or target == p or target.startswith(p) for p in t.targets)
    ]


# --- SMS verification (rules §1, §5) ---------------------------------------------------------
@dataclass(frozen=True)
class SmsOwner:
    """A person who must complete the MIIT SMS check: identified by the owner key prefix."""

    key: str  # "subject_owner" or "site2.owner"
    name: str
    mobile: str


def sms_owners(answers: Mapping[str, Any], filing_type: str | None) -> list[SmsOwner]:
    """Who must complete the SMS check: the subject owner and every website owner for a first
    filing or a new website; the website owners only for a new access. One entry per person."""
    people: list[SmsOwner] = []
    seen: set[str] = set()

    def add(prefix: str) -> None:
        person = answers.get(f"{prefix}.id_number") or prefix
        if person in seen:
            return
        seen.add(person)
        people.append(SmsOwner(prefix, answers.get(f"{prefix}.name") or "",
                               answers.get(f"{prefix}.mobile") or ""))

    if filing_type != FilingType.NEW_ACCESS:
        add("subject_owner")
    n = 1
    while f"site{n}.name" in answers:
        owner_same = answers.get(f"site{n}.owner_same")
        if owner_same == NO:
            add(f"site{n}.owner")
        elif owner_same == YES:
            add("subject_owner")
        n += 1
    return people


# --- filing numbers on approval --------------------------------------------------------------
def site_numbers(subject_number: str, site_count: int) -> list[str]:
    """Website numbers `-1 … -n` in site order: 京ICP备12345678号 → 京ICP备12345678号-1."""
    return [f"{subject_number}-{n}" for n in range(1, site_count + 1)]


def site_count(answers: Mapping[str, Any]) -> int:
    n = 0
    while f"site{n + 1}.name" in answers:
        n += 1
    return n
