"""Timers of rules §5 as data, and the calendar arithmetic they need (China time).

A reminder is a row with a kind; `REMINDERS` says, per kind, while which statuses it still
matters, whether it may wake someone at night, and what it does when due: push a notice, move
the filing on (an expiry), or flag the filing to reviewers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from dialogs.lifecycle import Action
from dialogs.status import FilingStatus as S


class Effect(StrEnum):
    NOTICE = "notice"  # a push to the applicant
    TRANSITION = "transition"  # the filing moves on (expiries)
    REVIEWERS = "reviewers"  # a flag to the reviewers


@dataclass(frozen=True)
class ReminderKind:
    name: str
    statuses: frozenset[S]  # relevant only while the filing is in one of these
    effect: Effect
    urgent: bool = False  # urgent ones ignore quiet hours
    action: Action | None = None  # for TRANSITION
    # Idle reminders count from the filing's last activity, not from when they were scheduled:
    # when due but the applicant has been active since, they move later instead of firing.
    idle: bool = False


_REJECTED = frozenset({S.REJECTED_INITIAL, S.REJECTED_AUTHORITY})

REMINDERS: dict[str, ReminderKind] = {
    k.name: k
    for k in (
        ReminderKind("sms", frozenset({S.SMS_PENDING}), Effect.NOTICE, urgent=True),
        ReminderKind("sms_expiry", frozenset({S.SMS_PENDING}), Effect.TRANSITION, urgent=True,
                     action=Action.SMS_EXPIRE),
        ReminderKind("idle", frozenset({S.DRAFT}), Effect.NOTICE, idle=True),
        ReminderKind("draft_warning", frozenset({S.DRAFT}), Effect.NOTICE, idle=True),
        ReminderKind("draft_expiry", frozenset({S.DRAFT}), Effect.TRANSITION, idle=True,
                     action=Action.EXPIRE),
        ReminderKind("rejection", _REJECTED, Effect.NOTICE),
        ReminderKind("rejection_expiry", _REJECTED, Effect.TRANSITION, action=Action.EXPIRE),
        ReminderKind("review_overdue", frozenset({S.SUBMITTED}), Effect.REVIEWERS),
    )
}


def in_quiet_hours(at: datetime, tz: ZoneInfo, start: time, end: time) -> bool:
    local = at.astimezone(tz).time()
    if start <= end:
        return start <= local < end
    return local >= start or local < end  # the span crosses midnight (22:00–08:00)


def after_quiet_hours(at: datetime, tz: ZoneInfo, start: time, end: time) -> datetime:
    """`at` itself, or the end of the quiet hours it falls in."""
    if not in_quiet_hours(at, tz, start, end):
        return at
    local = at.astimezone(tz)
    wake = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if wake <= local:
        wake += timedelta(days=1)
    return wake.astimezone(at.tzinfo)


def add_working_time(start: datetime, delta: timedelta, tz: ZoneInfo) -> datetime:
    """`start + delta`, where whole days are working days (Saturday and Sunday skipped).
    Durations under a day (demos, tests) are added as they are."""
    if delta < timedelta(days=1):
        return start + delta
    local = start.astimezone(tz)
    days, rest = delta.days, delta - timedelta(days=delta.days)
    while days:
        local += timedelta(days=1)
        if local.weekday() < 5:
            days -= 1
    return (local + rest).astimezone(start.tzinfo)
