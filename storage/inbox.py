"""The inbox: every update from Telegram, stored before its delivery is confirmed.

Telegram delivers at least once: with polling, an update comes back until a later `getUpdates`
confirms it (offset); with a webhook, until the endpoint answers 200. Storing first and
confirming after means a crash loses nothing; the update id as primary key means a redelivery
changes nothing (`INSERT … ON CONFLICT DO NOTHING`).

A row goes `pending` → `applied` (in the same transaction as its handler's effects: the answer,
the document, the decision) → `done` (after the replies went out). A row found `applied` after a
crash is never handled again — its effects are committed — only answered (the person is shown
where they stand). Rows of one lane (one person) are handled one at a time in update-id order.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Inbox

PENDING, APPLIED, DONE, FAILED = "pending", "applied", "done", "failed"
OPEN = (PENDING, APPLIED)

# Where the person (or, without one, the chat) of each kind of update is found.
_SENDER_PATHS = {
    "message": ("from", "chat"), "edited_message": ("from", "chat"),
    "callback_query": ("from", None), "my_chat_member": ("from", "chat"),
    "chat_member": ("from", "chat"), "inline_query": ("from", None),
    "chosen_inline_result": ("from", None), "pre_checkout_query": ("from", None),
    "shipping_query": ("from", None), "channel_post": (None, "chat"),
    "edited_channel_post": (None, "chat"), "chat_join_request": ("from", "chat"),
}


def kind_and_lane(update: dict[str, Any]) -> tuple[str, int]:
    """The update's type and the lane it is handled in: the person it is from, else its chat,
    else lane 0 (polls and other updates without a person share one)."""
    for kind, (person, chat) in _SENDER_PATHS.items():
        event = update.get(kind)
        if not isinstance(event, dict):
            continue
        if person and isinstance(event.get(person), dict):
            return kind, int(event[person]["id"])
        if chat and isinstance(event.get(chat), dict):
            return kind, int(event[chat]["id"])
        return kind, 0
    kind = next((k for k in update if k != "update_id"), "unknown")
    return kind[:32], 0


async def accept(session: AsyncSession, updates: Iterable[dict[str, Any]],
                 now: datetime) -> int:
    """Store updates; returns how many were new (a redelivered update is ignored)."""
    stored = 0
    assert session.bind is not None
    insert = postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert
    for raw in updates:
        kind, lane = kind_and_lane(raw)
        statement = insert(Inbox).values(
            update_id=int(raw["update_id"]), lane=lane, kind=kind, payload=raw,
            status=PENDING, attempts=0, received_at=now,
        ).on_conflict_do_nothing(index_elements=["update_id"])
        stored += (await session.execute(statement)).rowcount or 0
    return stored


async def lanes_with_work(session: AsyncSession, limit: int) -> list[int]:
    """Lanes that have an open row, the longest waiting first."""
    rows = await session.execute(
        select(Inbox.lane, func.min(Inbox.update_id).label("first"))
        .where(Inbox.status.in_(OPEN))
        .group_by(Inbox.lane).order_by("first").limit(limit))
    return [int(lane) for lane, _ in rows.all()]


async def head_of_lane(session: AsyncSession, lane: int) -> Inbox | None:
    """The lane's first open row: its updates are handled strictly in order, so a row waiting
    for a retry holds back the ones after it."""
    rows = await session.execute(
        select(Inbox).where(Inbox.lane == lane, Inbox.status.in_(OPEN))
        .order_by(Inbox.update_id).limit(1))
    return rows.scalar_one_or_none()


async def mark_applied(session: AsyncSession, update_id: int) -> None:
    """In the handler's own transaction: its effects and this mark commit together."""
    await session.execute(
        update(Inbox).where(Inbox.update_id == update_id, Inbox.status == PENDING)
        .values(status=APPLIED).execution_options(synchronize_session=False))


async def mark_done(session: AsyncSession, update_id: int, now: datetime,
                    status: str = DONE, error: str | None = None) -> None:
    await session.execute(
        update(Inbox).where(Inbox.update_id == update_id, Inbox.status.in_(OPEN))
        .values(status=status, handled_at=now, error=error[:200] if error else None)
        .execution_options(synchronize_session=False))


async def count_attempt(session: AsyncSession, update_id: int, error: str) -> int:
    """A transient failure (the database connection was lost): the row stays open and is
    handled again from the start; returns the attempts so far."""
    await session.execute(
        update(Inbox).where(Inbox.update_id == update_id)
        .values(attempts=Inbox.attempts + 1, error=error[:200])
        .execution_options(synchronize_session=False))
    attempts = await session.scalar(select(Inbox.attempts).where(Inbox.update_id == update_id))
    return int(attempts or 0)


async def purge(session: AsyncSession, before: datetime) -> int:
    """Handled rows older than Telegram's redelivery horizon are no longer needed."""
    result = await session.execute(
        delete(Inbox).where(Inbox.status.in_((DONE, FAILED)), Inbox.handled_at < before)
        .execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


async def backlog(session: AsyncSession) -> tuple[int, datetime | None]:
    """Open rows and the oldest one's arrival (for health and metrics)."""
    row = (await session.execute(
        select(func.count(), func.min(Inbox.received_at)).where(Inbox.status.in_(OPEN)))).one()
    return int(row[0]), row[1]


# Telegram keeps an unconfirmed update for 24 hours; handled rows are kept twice as long.
KEEP_HANDLED = timedelta(hours=48)
