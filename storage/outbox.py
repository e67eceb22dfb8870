"""Outbox and reminder rows: written with the change that causes them, claimed atomically.

Exactly-once per row rests on two things that work the same on SQLite and PostgreSQL:
`INSERT … ON CONFLICT (dedupe_key) DO NOTHING` (the same notice is never queued twice), and a
conditional `UPDATE … WHERE status = 'pending'` to claim a row (only one worker's update matches).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Outbox, Reminder

PENDING, SENDING, SENT, DEAD = "pending", "sending", "sent", "dead"
DONE, CANCELLED = "done", "cancelled"


def _insert(session: AsyncSession, table: Any) -> Any:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


async def enqueue(session: AsyncSession, *, chat_id: int, kind: str, dedupe_key: str,
                  text: str, reply_markup: dict[str, Any] | None = None,
                  filing_id: int | None = None, now: datetime,
                  extra: dict[str, Any] | None = None) -> bool:
    """Queue a message; False if a message with this dedupe key was already queued."""
    payload: dict[str, Any] = {"text": text, **(extra or {})}
    if reply_markup is not None:
        payload["reply_markup"] = reply_markup
    statement = _insert(session, Outbox).values(
        chat_id=chat_id, filing_id=filing_id, kind=kind, payload=payload,
        dedupe_key=dedupe_key, status=PENDING, attempts=0, next_attempt_at=now, created_at=now,
    ).on_conflict_do_nothing(index_elements=["dedupe_key"])
    result = await session.execute(statement)
    return bool(result.rowcount)


async def due_with_chats(session: AsyncSession, now: datetime,
                         limit: int) -> list[tuple[int, int]]:
    """Due rows as (id, chat), oldest first."""
    rows = await session.execute(
        select(Outbox.id, Outbox.chat_id)
        .where(Outbox.status == PENDING, Outbox.next_attempt_at <= now)
        .order_by(Outbox.next_attempt_at, Outbox.id).limit(limit))
    return [(int(i), int(c)) for i, c in rows.all()]


async def claim(session: AsyncSession, outbox_id: int, now: datetime,
                lease: timedelta) -> Outbox | None:
    """Take one row for sending; None if another worker took it first."""
    result = await session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id, Outbox.status == PENDING, Outbox.next_attempt_at <= now)
        .values(status=SENDING, lease_until=now + lease, attempts=Outbox.attempts + 1)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return None
    return await session.get(Outbox, outbox_id, populate_existing=True)


async def mark_sent(session: AsyncSession, outbox_id: int, now: datetime,
                    message_id: int | None) -> None:
    await session.execute(update(Outbox).where(Outbox.id == outbox_id).values(
        status=SENT, sent_at=now, message_id=message_id, lease_until=None, last_error=None))


async def retry_later(session: AsyncSession, outbox_id: int, at: datetime, error: str) -> None:
    await session.execute(update(Outbox).where(Outbox.id == outbox_id).values(
        status=PENDING, next_attempt_at=at, lease_until=None, last_error=error[:500]))


async def mark_dead(session: AsyncSession, outbox_id: int, error: str) -> None:
    await session.execute(update(Outbox).where(Outbox.id == outbox_id).values(
        status=DEAD, lease_until=None, last_error=error[:500]))


async def release_expired_leases(session: AsyncSession, now: datetime) -> int:
    """Rows stuck in `sending` past their lease (a worker died) become pending again."""
    result = await session.execute(
        update(Outbox).where(Outbox.status == SENDING, Outbox.lease_until < now)
        .values(status=PENDING, lease_until=None).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


async def drop_pending_for_chat(session: AsyncSession, chat_id: int, error: str) -> None:
    """The user blocked the bot: nothing more is sent to them."""
    await session.execute(update(Outbox).where(Outbox.chat_id == chat_id,
                                               Outbox.status == PENDING)
                          .values(status=DEAD, last_error=error[:500]))


# --- reminders -------------------------------------------------------------------------------
async def schedule(session: AsyncSession, *, filing_id: int, kind: str, due_at: datetime,
                   dedupe_key: str, target: str = "", data: dict[str, Any] | None = None,
                   now: datetime) -> bool:
    statement = _insert(session, Reminder).values(
        filing_id=filing_id, kind=kind, target=target, due_at=due_at, status=PENDING,
        dedupe_key=dedupe_key, data=data or {}, created_at=now,
    ).on_conflict_do_nothing(index_elements=["dedupe_key"])
    result = await session.execute(statement)
    return bool(result.rowcount)


async def cancel_reminders(session: AsyncSession, filing_id: int,
                           kinds: Sequence[str] | None = None, target: str | None = None) -> int:
    conditions = [Reminder.filing_id == filing_id, Reminder.status == PENDING]
    if kinds is not None:
        conditions.append(Reminder.kind.in_(list(kinds)))
    if target is not None:
        conditions.append(Reminder.target == target)
    result = await session.execute(update(Reminder).where(and_(*conditions))
                                   .values(status=CANCELLED)
                                   .execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


async def due_reminders(session: AsyncSession, now: datetime, limit: int) -> list[Reminder]:
    rows = await session.execute(
        select(Reminder).where(Reminder.status == PENDING, Reminder.due_at <= now)
        .order_by(Reminder.due_at, Reminder.id).limit(limit))
    return list(rows.scalars())


async def finish_reminder(session: AsyncSession, reminder_id: int, status: str) -> bool:
    """Close a due reminder once (only the worker whose update matches goes on to act on it)."""
    result = await session.execute(
        update(Reminder).where(Reminder.id == reminder_id, Reminder.status == PENDING)
        .values(status=status).execution_options(synchronize_session=False))
    return result.rowcount == 1
