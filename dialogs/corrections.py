"""Corrections after a rejection: re-ask only what the reviewer flagged, then show what changed.

A rejection names answer keys (fields and documents). `start_corrections` moves those answers to
`previous` (shown as "之前填写") so the engine asks exactly them again, and nothing else; when
they are answered the conversation ends at the CHANGES stage, which lists old → new.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from dialogs import engine
from dialogs.answers import is_meta
from dialogs.engine import Draft
from dialogs.fields import Slot


def flagged_keys(draft: Draft, targets: Iterable[str], today: date) -> list[str]:
    """The answer keys a set of reason targets points at, in the order they are asked. A target
    may name a key exactly or a group by prefix ("site2" → every answer of website 2)."""
    wanted = list(targets)
    keys: list[str] = []
    for slot in engine.applicable(draft.answers, today):
        if not engine.askable(slot, draft):
            continue
        if any(slot.key == t or slot.key.startswith(t + ".") for t in wanted):
            keys.append(slot.key)
    return keys


def start_corrections(draft: Draft, targets: Iterable[str], today: date) -> Draft:
    keys = flagged_keys(draft, targets, today)
    answers = {k: v for k, v in draft.answers.items() if k not in keys}
    previous = {**draft.previous, **{k: draft.answers[k] for k in keys if k in draft.answers}}
    corrected = replace(draft, answers=answers, previous=previous, correcting=True,
                        editing=False, pending=None)
    position = engine.next_position(answers, today)
    return replace(corrected, position=engine.CHANGES if position == engine.REVIEW else position)


@dataclass(frozen=True)
class Change:
    slot: Slot | None  # None when the field no longer exists
    key: str
    old: Any
    new: Any


def changes(before: Mapping[str, Any], after: Mapping[str, Any], today: date) -> list[Change]:
    """What differs between two versions of the answers, in form order; removed answers last."""
    result: list[Change] = []
    seen: set[str] = set()
    for slot in engine.applicable(dict(after), today):
        seen.add(slot.key)
        if is_meta(slot.key) or slot.kind.value == "decision":
            continue
        if before.get(slot.key) != after.get(slot.key):
            result.append(Change(slot, slot.key, before.get(slot.key), after.get(slot.key)))
    for key, old in before.items():
        if key not in seen and key not in after and not is_meta(key):
            result.append(Change(None, key, old, None))
    return result
