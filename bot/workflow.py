"""Applying life-cycle transitions: the one path used by reviewers in Telegram, the operator CLI,
the applicant (submit, withdraw, SMS confirmations) and the scheduler.

`act` checks the transition against the table in `dialogs.lifecycle`, changes the status, appends
the event, applies the side effects (corrections, the SMS window, filing numbers, the registry)
and queues the notices — all in the caller's transaction. The caller commits, then asks the
sender to deliver.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import notices, reminders
from bot.render import notices as render
from bot.services import Services
from dialogs import checks, engine, lifecycle
from dialogs.corrections import flagged_keys, start_corrections
from dialogs.fields import Ctx
from dialogs.lifecycle import Action, Actor, Allowed, Reason, Refusal
from dialogs.messages import Invalid, Msg
from dialogs.status import FilingStatus, FilingType
from storage import outbox, repo
from storage.models import Event, Filing
from storage.registry import SqlRegistry


def _iso(at: datetime) -> str:
    return at.isoformat()


def _validate_numbers(filing: Filing, numbers: Mapping[str, str],
                      today: Any) -> dict[str, Any] | Msg:
    """The subject filing number: the same check as the applicant's step-1 answer (format, and
    issued by the filing's province); website numbers follow in site order."""
    try:
        subject = checks.subject_number(numbers.get("subject", ""), Ctx(filing.answers, today))
    except Invalid as refused:
        return refused.msg
    sites = lifecycle.site_numbers(subject, lifecycle.site_count(filing.answers))
    return {"subject": subject, "sites": sites}


def _validate_reasons(filing: Filing, reasons: Sequence[Reason], today: Any) -> Msg | None:
    draft = repo.draft_of(filing)
    for reason in reasons:
        if reason.target == "verification_photo":
            continue
        if not flagged_keys(draft, [reason.target], today):
            return Msg("lifecycle-unknown-target", target=reason.target)
    return None


async def act(session: AsyncSession, services: Services, filing: Filing, action: Action, *,
              actor: Actor, actor_ref: str, reasons: Sequence[Reason] = (),
              numbers: Mapping[str, str] | None = None,
              expected_version: int | None = None) -> Event | Refusal:
    if expected_version is not None and filing.version != expected_version:
        return Refusal(Msg("lifecycle-changed", number=filing.number or ""))
    verdict = lifecycle.decide(filing.status, action, actor, reasons=reasons, numbers=numbers)
    if isinstance(verdict, Refusal):
        return verdict
    now = services.clock.now()
    today = services.clock.today()
    data: dict[str, Any] = {}
    progress = dict(filing.progress or {})

    if verdict.transition.needs_reasons:
        problem = _validate_reasons(filing, reasons, today)
        if problem is not None:
            return Refusal(problem)
    if action is Action.AUTHORITY_APPROVE:
        checked = _validate_numbers(filing, verdict.numbers, today)
        if isinstance(checked, Msg):
            return Refusal(checked)
        data["numbers"] = checked
        progress["numbers"] = checked
    elif action is Action.SUBMIT:
        data["answers"] = dict(filing.answers)
        progress = {}
    elif action in (Action.APPROVE, Action.VERIFY_FAIL):
        progress["verification"] = {}  # (new) photos are asked for
    elif action is Action.VERIFY_PASS:
        received = progress.get("verification") or {}
        if not {o.key for o in verification_owners(filing)} <= set(received):
            return Refusal(Msg("lifecycle-photos-missing"))
    elif action is Action.TO_AUTHORITY:
        deadline = now + services.settings.sms_window
        owners = lifecycle.sms_owners(filing.answers, filing.filing_type)
        progress["sms"] = {"opened_at": _iso(now), "deadline": _iso(deadline),
                           "owners": [o.key for o in owners], "confirmed": {}}
        data["sms"] = progress["sms"]

    previous = filing.status
    kind = action.value
    if action is Action.SUBMIT:
        kind = "submitted" if previous == FilingStatus.DRAFT else "resubmitted"
    event = await repo.set_status(session, filing, verdict.transition.target, actor_ref,
                                  kind=kind, reasons=[r.to_json() for r in reasons],
                                  data=data, now=now)
    progress["since_event"] = event.id  # the occasion reminders of this status belong to
    filing.progress = progress
    # Notices first: they quote the filing as it was decided on (a rejection names the site
    # by the name the reviewer saw, before corrections clear the flagged answers).
    await _notify(session, services, filing, verdict, event, previous)
    await _apply(session, services, filing, verdict, today)
    await reminders.schedule_for(session, services, filing, action, event)
    return event


async def _apply(session: AsyncSession, services: Services, filing: Filing, verdict: Allowed,
                 today: Any) -> None:
    action = verdict.transition.action
    draft = repo.draft_of(filing)
    if action in (Action.REJECT, Action.AUTHORITY_REJECT):
        targets = [r.target for r in verdict.reasons if r.target != "verification_photo"]
        await repo.save_draft(session, filing, start_corrections(draft, targets, today),
                              services.clock.now())
    elif action in (Action.SUBMIT, Action.WITHDRAW):
        await repo.save_draft(session, filing,
                              replace(draft, position=engine.REVIEW, editing=False,
                                      correcting=False, pending=None),
                              services.clock.now())
    elif action is Action.AUTHORITY_APPROVE:
        # The registry learns the filing, so the organizer's next filing is a new website.
        numbers = filing.progress["numbers"]
        domains = [(domain, number)
                   for n, number in enumerate(numbers["sites"], start=1)
                   for domain in filing.answers.get(f"site{n}.domains") or []]
        await SqlRegistry(session).add(numbers["subject"],
                                       filing.answers.get("organizer_id") or "",
                                       filing.answers.get("organizer_name") or "", domains,
                                       source="approved")
    if action in (Action.SMS_DONE, Action.SMS_EXPIRE):
        assert filing.id is not None
        await outbox.cancel_reminders(session, filing.id, kinds=["sms", "sms_expiry"])


async def _notify(session: AsyncSession, services: Services, filing: Filing, verdict: Allowed,
                  event: Event, previous: str) -> None:
    t = verdict.transition
    occasion = str(event.id)
    if t.notice:
        await notices.to_applicant(session, services, filing, t.notice, occasion,
                                   render.applicant_notice(filing, t.notice, verdict.reasons,
                                                           services.clock,
                                                           services.settings.sms_window))
    if t.tell_reviewers:
        stem = "resubmitted" if event.kind == "resubmitted" else t.notice or t.action.value
        await notices.to_reviewers(session, services, filing, stem, occasion,
                                   render.reviewer_notice(filing, stem))


async def confirm_sms(session: AsyncSession, services: Services, filing: Filing, owner: str, *,
                      actor: Actor, actor_ref: str) -> Event | Refusal:
    """One owner completed the MIIT SMS check; when every required owner has, the filing moves
    on to the authority's review."""
    sms = dict((filing.progress or {}).get("sms") or {})
    if filing.status != FilingStatus.SMS_PENDING or owner not in sms.get("owners", []):
        return Refusal(Msg("lifecycle-wrong-status", action=Msg("action-sms_done"),
                           status=Msg(f"status-{filing.status}")))
    confirmed = dict(sms.get("confirmed") or {})
    if owner in confirmed:
        return Refusal(Msg("sms-already-confirmed"))
    now = services.clock.now()
    confirmed[owner] = _iso(now)
    filing.progress = {**filing.progress, "sms": {**sms, "confirmed": confirmed}}
    event = await repo.add_event(session, filing, actor_ref, "sms_confirmed", filing.status,
                                 filing.status, data={"owner": owner}, at=now)
    assert filing.id is not None
    await outbox.cancel_reminders(session, filing.id, kinds=["sms"], target=owner)
    if set(confirmed) >= set(sms["owners"]):
        done = await act(session, services, filing, Action.SMS_DONE, actor=actor,
                         actor_ref=actor_ref)
        if isinstance(done, Event):
            return done
    return event


async def add_verification_photo(session: AsyncSession, services: Services, filing: Filing,
                                 owner: str, document_id: int, actor_ref: str) -> Event:
    """The applicant sent one website owner's verification photo; reviewers hear when all are
    in."""
    verification = dict((filing.progress or {}).get("verification") or {})
    verification[owner] = document_id
    filing.progress = {**filing.progress, "verification": verification}
    event = await repo.add_event(session, filing, actor_ref, "verification_photo", filing.status,
                                 filing.status, data={"owner": owner, "document": document_id},
                                 at=services.clock.now())
    if set(verification) >= {o.key for o in verification_owners(filing)}:
        await notices.to_reviewers(session, services, filing, "verification_ready",
                                   str(event.id),
                                   render.reviewer_notice(filing, "verification_ready"))
    return event


def verification_owners(filing: Filing) -> list[lifecycle.SmsOwner]:
    """Each distinct website owner sends one verification photo (the authenticity check): the
    same people as a new access's SMS check."""
    return lifecycle.sms_owners(filing.answers, FilingType.NEW_ACCESS)
