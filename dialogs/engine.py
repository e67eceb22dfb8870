"""The conversation engine: which question comes next and what an answer does to the filing.

Pure functions over a `Draft` (the answers and the conversation position). Every operation returns
an `Outcome` with the new draft; nothing is mutated in place, nothing is stored here.

The central rule: the next question is the first applicable slot without an answer. So going back
and re-answering returns to where the applicant was, an edit from the summary returns to the
summary, and an answer that invalidates later ones (a nature of 个人 drops the website owner's
fields) simply makes those slots unanswered again; `reconcile` works that out after every change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from dialogs import checks
from dialogs.answers import accept, by_code, is_document, reconcile
from dialogs.catalog import Option
from dialogs.fields import Field, Kind, Slot
from dialogs.filing_type import Conflict, RegistrySnapshot, decide
from dialogs.messages import Invalid, Msg
from dialogs.spec import expand, max_sites

# Conversation stages after the last field (step 5).
REVIEW = "@review"
AGREEMENTS = "@agreements"
CONFIRM = "@confirm"
CHANGES = "@changes"  # after a rejection: what changed since the rejected submission
STAGES = (REVIEW, AGREEMENTS, CONFIRM, CHANGES)

AGREEMENT_KEYS = ("agree.security", "agree.terms")  # 信息安全管理协议, 协助更改备案信息服务条款



@dataclass(frozen=True)
class Draft:
    """A filing as the conversation sees it."""

    answers: dict[str, Any] = field(default_factory=dict)
    position: str = ""
    editing: bool = False  # the current question was opened from the summary
    pending: tuple[str, ...] | None = None  # multi-choice ticks not yet confirmed with Done
    previous: dict[str, Any] = field(default_factory=dict)  # dropped answers, shown on re-ask
    forced: tuple[str, ...] = ()  # keys whose value other answers imposed
    correcting: bool = False  # re-answering what a reviewer flagged; ends at CHANGES

    def to_json(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "editing": self.editing,
            "pending": list(self.pending) if self.pending is not None else None,
            "previous": self.previous,
            "forced": list(self.forced),
            "correcting": self.correcting,
        }

    @classmethod
    def from_json(cls, answers: Mapping[str, Any], data: Mapping[str, Any] | None) -> Draft:
        data = data or {}
        pending = data.get("pending")
        return cls(
            answers=dict(answers),
            position=data.get("position") or "",
            editing=bool(data.get("editing")),
            pending=tuple(pending) if pending is not None else None,
            previous=dict(data.get("previous") or {}),
            forced=tuple(data.get("forced") or ()),
            correcting=bool(data.get("correcting")),
        )


@dataclass(frozen=True)
class Outcome:
    draft: Draft
    accepted: tuple[str, Any] | None = None  # the slot key and the stored value
    error: Msg | None = None
    warnings: tuple[Msg, ...] = ()
    dropped: tuple[str, ...] = ()  # answers removed because another answer changed

    @property
    def changed(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Question:
    """Everything the bot needs to render the current question."""

    slot: Slot
    options: tuple[Option, ...] = ()
    selected: tuple[str, ...] = ()  # multi-choice ticks
    current: Any = None  # the stored answer, when the question is asked again
    previous: Any = None  # an answer dropped by a change elsewhere
    suggestion: Any = None
    can_back: bool = True
    site_count: int = 1
    # For document questions: every document slot of the filing and whether it is received.
    checklist: tuple[tuple[Slot, bool], ...] = ()

    @property
    def key(self) -> str:
        return self.slot.key

    @property
    def field(self) -> Field:
        return self.slot.field

    @property
    def kind(self) -> Kind:
        return self.slot.kind


# --- reading the draft -----------------------------------------------------------------------
def applicable(answers: Mapping[str, Any], today: date) -> list[Slot]:
    slots: list[Slot] = []
    for slot in expand(answers):
        when = slot.field.when
        if when is None or when(slot.ctx(answers, today)):
            slots.append(slot)
    return slots


def askable(slot: Slot, draft: Draft) -> bool:
    return slot.kind is not Kind.DECISION and slot.key not in draft.forced


def current_slot(draft: Draft, today: date) -> Slot | None:
    return next((s for s in applicable(draft.answers, today) if s.key == draft.position), None)


def next_position(answers: Mapping[str, Any], today: date) -> str:
    for slot in applicable(answers, today):
        if slot.key not in answers:
            return slot.key
    return REVIEW


def missing(draft: Draft, today: date) -> list[Slot]:
    """Required slots still without an answer (what blocks submission)."""
    return [
        s for s in applicable(draft.answers, today)
        if s.key not in draft.answers and not s.field.optional
    ]


def question(draft: Draft, today: date) -> Question | None:
    slot = current_slot(draft, today)
    if slot is None:
        return None
    ctx = slot.ctx(draft.answers, today)
    f = slot.field
    options = tuple(f.options(ctx)) if f.options else ()
    current = draft.answers.get(slot.key)
    selected: tuple[str, ...] = ()
    if slot.kind is Kind.MULTI:
        if draft.pending is not None:
            selected = draft.pending
        elif isinstance(current, list):
            selected = tuple(current)
        elif isinstance(draft.previous.get(slot.key), list):
            selected = tuple(v for v in draft.previous[slot.key] if by_code(options, v))
        elif f.preselect:
            selected = tuple(f.preselect(ctx))
    first = _first_askable(draft, today)
    checklist: tuple[tuple[Slot, bool], ...] = ()
    if slot.kind is Kind.DOCUMENT:
        checklist = tuple((s, bool(draft.answers.get(s.key)))
                          for s in applicable(draft.answers, today) if s.kind is Kind.DOCUMENT)
    return Question(
        slot=slot,
        options=options,
        selected=selected,
        current=current,
        previous=draft.previous.get(slot.key),
        suggestion=f.suggest(ctx) if f.suggest else None,
        can_back=draft.editing or (first is not None and first.key != slot.key),
        site_count=max_sites(draft.answers),
        checklist=checklist,
    )


def _first_askable(draft: Draft, today: date) -> Slot | None:
    return next((s for s in applicable(draft.answers, today) if askable(s, draft)), None)


def _settle(draft: Draft, answers: dict[str, Any], today: date) -> tuple[Draft, tuple[str, ...]]:
    kept, dropped, forced = reconcile(answers, today, draft.forced)
    previous = {k: v for k, v in draft.previous.items() if k not in kept}
    previous.update({k: v for k, v in dropped.items() if v is not None})
    settled = replace(draft, answers=kept, previous=previous, forced=forced, pending=None)
    return settled, tuple(dropped)


def _advance(draft: Draft, today: date) -> Draft:
    position = next_position(draft.answers, today)
    if position == REVIEW and draft.correcting:
        position = CHANGES
    return replace(draft, position=position,
                   editing=draft.editing and position not in (REVIEW, CHANGES))


# --- operations ------------------------------------------------------------------------------
def start(today: date) -> Draft:
    draft, _ = _settle(Draft(), {}, today)
    return _advance(draft, today)


def resume(draft: Draft, today: date) -> Draft:
    """The draft as loaded from storage, re-checked against today (an ID may have expired since)
    and with a position that still exists."""
    settled, _ = _settle(draft, dict(draft.answers), today)
    settled = replace(settled, pending=draft.pending)
    slot = current_slot(settled, today)
    if slot is not None and askable(slot, settled):
        return settled
    if settled.position == REVIEW or (
        settled.position in STAGES and not missing(settled, today)
    ):
        return settled
    return _advance(settled, today)


def why_dropped(before: Draft, after: Draft, today: date) -> list[tuple[Slot, Msg]]:
    """For answers `resume` dropped because they no longer pass their own check (an ID that
    now expires within 3 months), the slot and the refusal, to tell the applicant."""
    reasons: list[tuple[Slot, Msg]] = []
    for slot in applicable(before.answers, today):
        if slot.key in before.answers and slot.key not in after.answers:
            try:
                accept(slot, before.answers[slot.key], before.answers, today)
            except Invalid as refused:
                reasons.append((slot, refused.msg))
    return reasons


def answer(draft: Draft, value: Any, today: date) -> Outcome:
    """Apply an answer to the current question."""
    slot = current_slot(draft, today)
    if slot is None or not askable(slot, draft):
        return Outcome(draft, error=Msg("err-no-question"))
    f = slot.field
    if slot.kind is Kind.DOCUMENT and f.multiple and is_document(value):
        value = [*(draft.answers.get(slot.key) or []), value]
    try:
        stored = accept(slot, value, draft.answers, today)
    except Invalid as refused:
        return Outcome(draft, error=refused.msg)
    warnings = tuple(f.warn(stored, slot.ctx(draft.answers, today))) if f.warn else ()
    answers = {**draft.answers, slot.key: stored}
    settled, dropped = _settle(draft, answers, today)
    if slot.kind is Kind.DOCUMENT and f.multiple:
        # Pages of "other material" keep coming until the applicant taps Done.
        nxt = replace(settled, position=slot.key)
    else:
        nxt = _advance(settled, today)
    return Outcome(nxt, accepted=(slot.key, stored), warnings=warnings, dropped=dropped)


def skip(draft: Draft, today: date) -> Outcome:
    slot = current_slot(draft, today)
    if slot is None or not slot.field.optional:
        return Outcome(draft, error=Msg("err-not-optional"))
    answers = dict(draft.answers)
    if not (slot.field.multiple and answers.get(slot.key)):
        answers[slot.key] = None
    settled, dropped = _settle(draft, answers, today)
    return Outcome(_advance(settled, today), accepted=(slot.key, answers[slot.key]),
                   dropped=dropped)


def back(draft: Draft, today: date) -> Outcome:
    if draft.editing or draft.position in (AGREEMENTS, CHANGES):
        return Outcome(replace(draft, position=REVIEW, editing=False, pending=None))
    if draft.position == CONFIRM:
        back_to = CHANGES if draft.correcting else AGREEMENTS
        return Outcome(replace(draft, position=back_to, pending=None))
    slots = [s for s in applicable(draft.answers, today) if askable(s, draft)]
    keys = [s.key for s in slots]
    if draft.position == REVIEW:
        target = keys[-1] if keys else None
    elif draft.position in keys and keys.index(draft.position) > 0:
        target = keys[keys.index(draft.position) - 1]
    else:
        target = None
    if target is None:
        return Outcome(draft, error=Msg("err-no-back"))
    return Outcome(replace(draft, position=target, pending=None))


def edit(draft: Draft, key: str, today: date) -> Outcome:
    """Open one answered field from the summary; answering it returns to the summary."""
    slot = next((s for s in applicable(draft.answers, today) if s.key == key), None)
    if slot is None or not askable(slot, draft):
        return Outcome(draft, error=Msg("err-not-editable"))
    return Outcome(replace(draft, position=key, editing=True, pending=None))


def toggle(draft: Draft, code: str, today: date) -> Outcome:
    """Tick or untick one option of the current multi-choice question."""
    q = question(draft, today)
    if q is None or q.kind is not Kind.MULTI or by_code(q.options, code) is None:
        return Outcome(draft, error=Msg("err-no-question"))
    selected = list(q.selected)
    exclusive = q.field.exclusive
    if code in selected:
        selected.remove(code)
    elif code == exclusive:
        selected = [code]
    else:
        selected = [c for c in selected if c != exclusive] + [code]
    order = [o.code for o in q.options]
    return Outcome(replace(draft, pending=tuple(sorted(selected, key=order.index))))


def finish(draft: Draft, today: date) -> Outcome:
    """Done: confirm the ticked options, or end a several-pages upload."""
    q = question(draft, today)
    if q is None:
        return Outcome(draft, error=Msg("err-no-question"))
    if q.kind is Kind.MULTI:
        return answer(draft, list(q.selected), today)
    if q.kind is Kind.DOCUMENT and q.field.multiple:
        if draft.answers.get(q.key):
            return Outcome(_advance(draft, today))
        return skip(draft, today)
    return Outcome(draft, error=Msg("err-no-question"))


def apply_decision(draft: Draft, snapshot: RegistrySnapshot, today: date) -> Outcome:
    """Decide the filing type; a conflict re-asks the answer it comes from, with the reason."""
    slot = current_slot(draft, today)
    if slot is None or slot.kind is not Kind.DECISION:
        return Outcome(draft, error=Msg("err-no-question"))
    result = decide(draft.answers, snapshot)
    if isinstance(result, Conflict):
        # The conflicting answer is asked again but stays stored until it is replaced: dropping
        # it would drop everything built on it (without step-1 domains every website loses
        # its domains, sites 2–3 and the domain certificates go).
        answers = {k: v for k, v in draft.answers.items() if k != slot.key}
        settled, dropped = _settle(draft, answers, today)
        previous = {**settled.previous, result.field: draft.answers.get(result.field)}
        settled = replace(settled, previous=previous)
        return Outcome(replace(settled, position=result.field, editing=False),
                       error=result.msg, dropped=dropped)
    value = {"type": result.value, "basis": checks.decision_basis(draft.answers)}
    settled, dropped = _settle(draft, {**draft.answers, slot.key: value}, today)
    return Outcome(_advance(settled, today), accepted=(slot.key, value), dropped=dropped)


def filing_type(answers: Mapping[str, Any]) -> str | None:
    decision = answers.get("filing_type")
    return decision.get("type") if isinstance(decision, dict) else None


# --- step 5 ----------------------------------------------------------------------------------
def go_to(draft: Draft, stage: str, today: date) -> Outcome:
    """Move between the summary, the agreements and the final confirmation."""
    if stage not in STAGES:
        return Outcome(draft, error=Msg("err-no-question"))
    if stage != REVIEW:
        gaps = missing(draft, today)
        if gaps:
            return Outcome(replace(draft, position=gaps[0].key, editing=False),
                           error=Msg("err-form-incomplete", count=len(gaps)))
    if stage == CONFIRM and not agreed(draft):
        return Outcome(draft, error=Msg("err-agreements-required"))
    return Outcome(replace(draft, position=stage, editing=False, pending=None))


def toggle_agreement(draft: Draft, key: str) -> Outcome:
    if key not in AGREEMENT_KEYS:
        return Outcome(draft, error=Msg("err-no-question"))
    answers = dict(draft.answers)
    if answers.get(key):
        answers.pop(key)
    else:
        answers[key] = True
    return Outcome(replace(draft, answers=answers))


def agreed(draft: Draft) -> bool:
    return all(draft.answers.get(k) for k in AGREEMENT_KEYS)


def submit_problems(draft: Draft, today: date) -> list[Msg]:
    """Why the filing cannot be submitted yet (empty when it can)."""
    problems: list[Msg] = []
    gaps = missing(draft, today)
    if gaps:
        problems.append(Msg("err-form-incomplete", count=len(gaps)))
    if not agreed(draft):
        problems.append(Msg("err-agreements-required"))
    return problems
