"""The filing-type decision of rules §1, against a registry of known filings (rules §8).

The decision is pure: the bot layer asks a `Registry` (SQL-backed in `storage/`) for a
`RegistrySnapshot` of what is known about this organizer and these domains, then calls `decide`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from dialogs.catalog import YES
from dialogs.messages import Msg
from dialogs.status import FilingType


@dataclass(frozen=True)
class RegistryEntry:
    """A filing known to the authority: one subject and its websites."""

    subject_number: str
    organizer_id: str
    organizer_name: str
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegistrySnapshot:
    organizer: RegistryEntry | None = None  # the record of this organizer ID, if any
    by_domain: Mapping[str, RegistryEntry] = field(default_factory=dict)
    # Our other filings in flight (submitted, under review …) for the same organizer or domains.
    busy_organizer: str | None = None  # that filing's number
    busy_domains: Mapping[str, str] = field(default_factory=dict)  # domain → filing number


class Registry(Protocol):
    async def snapshot(
        self, organizer_id: str, domains: Sequence[str], *, exclude_filing: int | None = None
    ) -> RegistrySnapshot: ...


@dataclass(frozen=True)
class Conflict:
    """The filing cannot go on as answered: `field` is re-asked with `msg` as the reason."""

    field: str
    msg: Msg


def decide(answers: Mapping[str, Any], snap: RegistrySnapshot) -> FilingType | Conflict:
    organizer_id = answers.get("organizer_id") or ""
    domains: list[str] = list(answers.get("domains") or [])

    if snap.busy_organizer:
        return Conflict("organizer_id", Msg("conflict-organizer-in-flight",
                                            number=snap.busy_organizer))
    for domain in domains:
        if domain in snap.busy_domains:
            return Conflict("domains", Msg("conflict-domain-in-flight", domain=domain,
                                           number=snap.busy_domains[domain]))
    for domain in domains:
        entry = snap.by_domain.get(domain)
        if entry and entry.organizer_id != organizer_id:
            return Conflict("domains", Msg("conflict-domain-other-organizer", domain=domain,
                                           number=entry.subject_number))

    filed = [d for d in domains if d in snap.by_domain]
    new = [d for d in domains if d not in snap.by_domain]
    if filed and new:
        return Conflict("domains", Msg("conflict-mixed-access", filed="、".join(filed),
                                       new="、".join(new)))

    known = snap.organizer or (snap.by_domain[filed[0]] if filed else None)
    ticked = answers.get("subject_filed") == YES
    given = answers.get("subject_number")
    if known and not ticked:
        return Conflict("subject_filed", Msg("conflict-subject-already-filed",
                                             number=known.subject_number))
    if ticked and known is None:
        return Conflict("subject_number", Msg("conflict-subject-unknown", number=given or ""))
    if ticked and known and given != known.subject_number:
        return Conflict("subject_number", Msg("conflict-subject-mismatch", number=given or "",
                                              expected=known.subject_number))

    if filed:
        return FilingType.NEW_ACCESS
    if known:
        return FilingType.NEW_SITE
    return FilingType.FIRST


# Who must complete the MIIT SMS check (rules §1, §5).
SMS_SUBJECT_OWNER_REQUIRED: dict[FilingType, bool] = {
    FilingType.FIRST: True,
    FilingType.NEW_SITE: True,
    FilingType.NEW_ACCESS: False,
}
