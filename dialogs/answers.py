"""Which answers a filing accepts, alone and together.

`accept` checks one value for one slot (choices matched by code, official term or alias;
documents by reference; then the field's own check). `reconcile` brings all answers in line with
each other after a change: websites follow the step-1 domains, answers whose slot no longer
applies or whose check now fails are dropped, imposed values are filled in. The conversation
engine (`dialogs.engine`) builds on both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from dialogs import checks
from dialogs.catalog import LONG_TERM, Option, find_option
from dialogs.fields import Kind, Slot
from dialogs.messages import Invalid, Msg
from dialogs.spec import expand, max_sites

MAX_TEXT = 1000  # longer input is refused before any check runs
META_PREFIXES = ("agree.",)
_LIST_SEPARATORS = re.compile(r"[,，、;；\n]+")


def is_meta(key: str) -> bool:
    """Answers that are not form fields (the agreements ticked at step 5)."""
    return key.startswith(META_PREFIXES)


def by_code(options: Sequence[Option], code: str) -> Option | None:
    return next((o for o in options if o.code == code), None)


# --- accepting values ------------------------------------------------------------------------
def _choice(options: Sequence[Option], value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("err-choice-unknown")
    found = _find(options, value)
    if found is None:
        raise Invalid("err-choice-unknown")
    return found.code


def _find(options: Sequence[Option], value: Any) -> Option | None:
    return by_code(options, value) or find_option(options, str(value))


def _split_typed(options: Sequence[Option], text: str) -> list[str]:
    """A typed multi-choice answer: "博客，其他" or "blog other"."""
    parts = [p.strip() for p in _LIST_SEPARATORS.split(text) if p.strip()]
    if len(parts) == 1 and _find(options, parts[0]) is None:
        parts = parts[0].split()
    return parts


def _multi(options: Sequence[Option], value: Any, exclusive: str | None) -> list[str]:
    if isinstance(value, str):
        value = _split_typed(options, value)
    if not isinstance(value, list | tuple):
        raise Invalid("err-choice-unknown")
    codes: list[str] = []
    for item in value:
        found = _find(options, item)
        if found is None:
            raise Invalid("err-choice-unknown-item", item=str(item))
        if found.code not in codes:
            codes.append(found.code)
    if exclusive and exclusive in codes and len(codes) > 1:
        raise Invalid("err-choice-exclusive", option=Msg(f"opt-preapproval-{exclusive}"))
    # Keep the options' own order, so the summary reads the same however they were ticked.
    order = [o.code for o in options]
    return sorted(codes, key=order.index)


def accept(slot: Slot, value: Any, answers: Mapping[str, Any], today: date) -> Any:
    """The value to store for `slot`, or `Invalid`. Used for new answers and for re-checks."""
    f = slot.field
    ctx = slot.ctx(answers, today)
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise Invalid("err-too-long", limit=str(MAX_TEXT))
    if slot.kind is Kind.DOCUMENT:
        if f.multiple:
            if not isinstance(value, list) or not all(is_document(v) for v in value):
                raise Invalid("err-document-expected")
        elif not is_document(value):
            raise Invalid("err-document-expected")
    elif slot.kind is Kind.DECISION:
        pass
    elif slot.kind in (Kind.CHOICE, Kind.YES_NO):
        value = _choice(f.options(ctx) if f.options else (), value)
    elif slot.kind is Kind.MULTI:
        value = _multi(f.options(ctx) if f.options else (), value, f.exclusive)
    elif slot.kind is Kind.DATE_OR_LONG and value == LONG_TERM:
        pass
    elif slot.kind is Kind.DOMAINS and isinstance(value, list):
        pass  # the stored list, re-checked
    elif not isinstance(value, str) or not value.strip():
        raise Invalid("err-text-expected")
    return f.check(value, ctx) if f.check else value


def is_document(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("id"), int)


# --- reconciliation --------------------------------------------------------------------------
def _move_site(answers: dict[str, Any], old: int, new: int) -> None:
    prefix, target = f"site{old}.", f"site{new}."
    for key in [k for k in answers if k.startswith(prefix)]:
        answers[target + key[len(prefix):]] = answers.pop(key)


def _compact_sites(answers: dict[str, Any]) -> None:
    """Keep websites consistent with step 1: each site's domains are step-1 domains; a site that
    has no domain and can get none is removed; sites are numbered 1..n without gaps, at most the
    province's limit."""
    step1 = answers.get("domains") or []
    numbers = sorted({int(m.group(1)) for k in answers if (m := re.match(r"site(\d+)\.", k))})
    taken: set[str] = set()
    for n in numbers:
        key = f"site{n}.domains"
        if key in answers:
            # Removing a domain in step 1 removes it from its site; a domain an earlier site
            # took leaves the later one.
            kept = [d for d in answers[key] or [] if d in step1 and d not in taken]
            taken.update(kept)
            if kept:
                answers[key] = kept
            else:
                del answers[key]
    free = len(checks.unassigned_domains(answers))
    with_domains = [n for n in numbers if f"site{n}.domains" in answers]
    keep: list[int] = []
    for n in numbers:
        if n in with_domains:
            keep.append(n)
        elif free > 0 or (n == 1 and not with_domains):
            # Site 1 stays while no site has domains (e.g. step 1's are being asked again);
            # once another site holds them all, site 1 is left without any and goes.
            keep.append(n)
            free -= 1
    limit = max_sites(answers)
    for n in numbers:
        if n not in keep or keep.index(n) >= limit:
            for key in [k for k in answers if k.startswith(f"site{n}.")]:
                del answers[key]
    for new, old in enumerate([n for n in keep[:limit]], start=1):
        if new != old:
            _move_site(answers, old, new)


def reconcile(
    answers: Mapping[str, Any], today: date, forced: Sequence[str] = ()
) -> tuple[dict[str, Any], dict[str, Any], tuple[str, ...]]:
    """Bring every answer in line with the others.

    Returns the kept answers, the dropped ones (key → old value) and the keys whose value is
    imposed by other answers. An answer is dropped when its slot no longer applies or its check
    now fails; a value that used to be imposed and no longer is, is dropped too (it was never
    the applicant's own answer).
    """
    view = dict(answers)
    _compact_sites(view)
    kept: dict[str, Any] = {}
    now_forced: list[str] = []
    for slot in expand(view):
        ctx = slot.ctx(view, today)
        when = slot.field.when
        if when is not None and not when(ctx):
            view.pop(slot.key, None)
            continue
        imposed = slot.field.forced(ctx) if slot.field.forced else None
        if imposed is not None:
            view[slot.key] = kept[slot.key] = imposed
            now_forced.append(slot.key)
            continue
        if slot.key in forced:
            view.pop(slot.key, None)
            continue
        if slot.key not in view:
            continue
        value = view[slot.key]
        if value is None and slot.field.optional:
            kept[slot.key] = None
            continue
        try:
            view[slot.key] = kept[slot.key] = accept(slot, value, view, today)
        except Invalid:
            view.pop(slot.key)
    for key, value in answers.items():
        if is_meta(key):
            kept[key] = value
    dropped = {k: v for k, v in answers.items() if k not in kept and k not in forced}
    return kept, dropped, tuple(now_forced)
