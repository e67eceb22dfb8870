"""Reminders: scheduled as rows when a filing changes, fired by the tick when due.

Scheduling happens in the same transaction as the change that implies it (`schedule_for`). When a
reminder is due, `fire` checks it is still relevant (the filing is still in a status the
reminder is about, for the same occasion, and for idle reminders still idle long enough); then,
in one transaction, it closes the row — a conditional update only one worker can win — and does
what the kind says: queue a notice, move the filing on, or flag it to reviewers. A queued notice
remembers its reminder, and the sender checks `relevant` again just before sending it: an SMS
reminder queued before the owner confirmed, or before the window closed, is never sent.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import notices
from bot.callbacks import MenuCb, SmsCb
from bot.i18n import Raw, Texts, tr
from bot.render.notices import china_time, reviewer_notice, time_left
from bot.render.question import plain
from bot.render.values import filing_title
from dialogs import lifecycle
from dialogs.lifecycle import Action, Actor
from dialogs.timers import REMINDERS, Effect, add_working_time, after_quiet_hours
from storage import outbox
from storage.models import Event, Filing, Reminder

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)


async def _schedule(session: AsyncSession, services: Services, filing: Filing, kind: str,
                    due: datetime, occasion: str, *, target: str = "", index: int = 0,
                    data: dict[str, Any] | None = None) -> None:
    assert filing.id is not None
    await outbox.schedule(session, filing_id=filing.id, kind=kind, due_at=due,
                          dedupe_key=f"{filing.id}:{kind}:{occasion}:{target}:{index}",
                          target=target, data={"occasion": occasion, **(data or {})},
                          now=services.clock.now())


async def schedule_draft(session: AsyncSession, services: Services, filing: Filing) -> None:
    """A new draft: nudges after inactivity, a warning, and the expiry (rules §5)."""
    settings = services.settings
    start = filing.created_at
    occasion = "draft"
    for index, after in enumerate(settings.idle_reminders):
        await _schedule(session, services, filing, "idle", start + after, occasion,
                        index=index, data={"after": after.total_seconds()})
    await _schedule(session, services, filing, "draft_warning", start + settings.draft_warning,
                    occasion, data={"after": settings.draft_warning.total_seconds()})
    await _schedule(session, services, filing, "draft_expiry", start + settings.draft_expiry,
                    occasion, data={"after": settings.draft_expiry.total_seconds()})


async def schedule_for(session: AsyncSession, services: Services, filing: Filing,
                       action: Action, event: Event) -> None:
    """The reminders a transition implies, keyed to its event (the occasion)."""
    settings = services.settings
    occasion = str(event.id)
    at = event.at
    if action is Action.SUBMIT:
        due = add_working_time(at, settings.review_deadline, settings.tz)
        await _schedule(session, services, filing, "review_overdue", due, occasion)
    elif action in (Action.REJECT, Action.AUTHORITY_REJECT):
        for index, after in enumerate(settings.rejection_reminders):
            await _schedule(session, services, filing, "rejection", at + after, occasion,
                            index=index)
        await _schedule(session, services, filing, "rejection_expiry",
                        at + settings.rejection_expiry, occasion)
    elif action is Action.TO_AUTHORITY:
        sms = filing.progress["sms"]
        for owner in sms["owners"]:
            for index, offset in enumerate(settings.sms_reminders):
                await _schedule(session, services, filing, "sms", at + offset, occasion,
                                target=owner, index=index)
        await _schedule(session, services, filing, "sms_expiry",
                        datetime.fromisoformat(sms["deadline"]), occasion)


def relevant(reminder: Reminder, filing: Filing | None, now: datetime | None = None) -> bool:
    """Whether a reminder still matters: when it falls due, and again when its notice is about
    to be sent (`now` given: an SMS reminder after the window closed does not)."""
    kind = REMINDERS.get(reminder.kind)
    if kind is None or filing is None or filing.status not in kind.statuses:
        return False
    occasion = reminder.data.get("occasion")
    if occasion != "draft" and str((filing.progress or {}).get("since_event")) != occasion:
        return False  # the filing moved on and came back: a newer occasion has its own rows
    if reminder.kind == "sms":
        sms = (filing.progress or {}).get("sms") or {}
        if now is not None and sms.get("deadline") \
                and now >= datetime.fromisoformat(sms["deadline"]):
            return False  # the window has closed (its expiry may not have fired yet)
        return reminder.target not in (sms.get("confirmed") or {})
    return True


def _later(reminder: Reminder, filing: Filing, services: Services, now: datetime
           ) -> datetime | None:
    """When a due reminder should fire instead of now: an idle one counts from the last
    activity; a non-urgent one waits for the end of the quiet hours."""
    kind = REMINDERS[reminder.kind]
    due = now
    if kind.idle:
        idle_until = filing.updated_at + timedelta(seconds=float(reminder.data["after"]))
        due = max(due, idle_until)
    if not kind.urgent:
        start, end = services.settings.quiet
        due = after_quiet_hours(due, services.settings.tz, start, end)
    return due if due > now else None


async def fire(session: AsyncSession, services: Services, reminder: Reminder,
               now: datetime) -> str:
    """Handle one due reminder; returns what happened (for the tick's report)."""
    filing = await session.get(Filing, reminder.filing_id)
    if not relevant(reminder, filing, now):
        closed = await outbox.finish_reminder(session, reminder.id or 0, outbox.CANCELLED)
        await session.commit()
        return "cancelled" if closed else "skipped"
    assert filing is not None
    later = _later(reminder, filing, services, now)
    if later is not None:
        moved = await session.execute(
            update(Reminder).where(Reminder.id == reminder.id, Reminder.status == "pending",
                                   Reminder.due_at == reminder.due_at)
            .values(due_at=later).execution_options(synchronize_session=False))
        await session.commit()
        return "moved" if moved.rowcount == 1 else "skipped"
    if not await outbox.finish_reminder(session, reminder.id or 0, outbox.DONE):
        await session.rollback()
        return "skipped"  # another worker has it
    kind = REMINDERS[reminder.kind]
    if kind.effect is Effect.TRANSITION:
        from bot.workflow import act

        assert kind.action is not None
        result = await act(session, services, filing, kind.action, actor=Actor.SYSTEM,
                           actor_ref="system:timer")
        if isinstance(result, lifecycle.Refusal):
            log.warning("timer %s on %s refused", reminder.kind, filing.number)
    elif kind.effect is Effect.REVIEWERS:
        await notices.to_reviewers(session, services, filing, reminder.kind,
                                   f"reminder{reminder.id}", _reviewer_build(filing),
                                   reminder_id=reminder.id)
    else:  # the notice remembers its reminder: it is checked again when it is sent
        await notices.to_applicant(session, services, filing, reminder.kind,
                                   f"reminder{reminder.id}",
                                   _applicant_build(reminder, filing, services, now),
                                   reminder_id=reminder.id)
    await session.commit()
    return "fired"


def _button(texts: Texts, label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=plain(tr(texts, label)), callback_data=data)


def _applicant_build(reminder: Reminder, filing: Filing, services: Services, now: datetime
                     ) -> notices.Build:
    def build(texts: Texts) -> tuple[str, InlineKeyboardMarkup | None]:
        title = filing_title(filing.number, filing.answers)
        rows: list[list[InlineKeyboardButton]] = []
        if reminder.kind == "sms":
            sms = filing.progress["sms"]
            deadline = datetime.fromisoformat(sms["deadline"])
            owner = next((o for o in lifecycle.sms_owners(filing.answers, filing.filing_type)
                          if o.key == reminder.target), None)
            name = owner.name if owner else ""
            text = tr(texts, "reminder-sms", title=title, name=name,
                      left=Raw(time_left(texts, deadline, now)),
                      deadline=Raw(china_time(texts, deadline, services.clock)))
            index = sms["owners"].index(reminder.target)
            rows.append([InlineKeyboardButton(
                text=plain(tr(texts, "btn-sms-done", name=name)),
                callback_data=SmsCb(filing=filing.id or 0, owner=index).pack())])
        elif reminder.kind == "draft_warning":
            left = services.settings.draft_expiry - services.settings.draft_warning
            text = tr(texts, "reminder-draft_warning", title=title, days=max(1, left.days))
            rows.append([_button(texts, "btn-continue-filing", MenuCb(act="continue").pack())])
        elif reminder.kind == "rejection":
            text = tr(texts, "reminder-rejection", title=title)
            rows.append([_button(texts, "btn-correct", MenuCb(act="correct").pack())])
        else:
            text = tr(texts, "reminder-idle", title=title)
            rows.append([_button(texts, "btn-continue-filing", MenuCb(act="continue").pack())])
        return text, InlineKeyboardMarkup(inline_keyboard=rows)

    return build


def _reviewer_build(filing: Filing) -> notices.Build:
    return reviewer_notice(filing, "review_overdue")
