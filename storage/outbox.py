"""Outbox and reminder rows: written with the change that causes them, claimed atomically.

Exactly-once per row rests on two things that work the same on SQLite and PostgreSQL:
`INSERT … ON CONFLICT (dedupe_key) DO NOTHING` (the same notice is never queued twice), and a
conditional `UPDATE … WHERE status = 'pending'` to claim a row (only one worker's update matches).

A chat's queue is its rows in id order. Only the head may be sent: a row is claimable when no
earlier row of its chat is still pending, being sent or held, so a row waiting for its retry time
(429, backoff) holds back the rest of its chat, in every process.

Statuses: `pending` (waiting, from `next_attempt_at`), `sending` (claimed, until `lease_until`),
`sent`, `dead` (a dead letter, with the error), `held` (the person is unreachable: kept until they
return), `cancelled` (no longer relevant: never sent).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import Applicant, ChatAlias, Outbox, Reminder

PENDING, SENDING, SENT, DEAD = "pending", "sending", "sent", "dead"
HELD, CANCELLED, DONE = "held", "cancelled", "done"
# Rows that still hold their place in their chat's queue.
QUEUED = (PENDING, SENDING, HELD)


def _insert(session: AsyncSession, table: Any) -> Any:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


async def enqueue(session: AsyncSession, *, chat_id: int, kind: str, dedupe_key: str,
                  text: str, reply_markup: dict[str, Any] | None = None,
                  filing_id: int | None = None, now: datetime,
                  extra: dict[str, Any] | None = None, held: bool = False) -> bool:
    """Queue a message (held: kept until its person is reachable again); False if a message
    with this dedupe key was already queued."""
    payload: dict[str, Any] = {"text": text, **(extra or {})}
    if reply_markup is not None:
        payload["reply_markup"] = reply_markup
    statement = _insert(session, Outbox).values(
        chat_id=chat_id, filing_id=filing_id, kind=kind, payload=payload,
        dedupe_key=dedupe_key, status=HELD if held else PENDING, attempts=0,
        next_attempt_at=now, created_at=now,
    ).on_conflict_do_nothing(index_elements=["dedupe_key"])
    result = await session.execute(statement)
    return bool(result.rowcount)


def _is_head() -> Any:
    """No earlier row of the same chat still holds its place (correlated to `Outbox`)."""
    earlier = aliased(Outbox)
    return ~exists().where(earlier.chat_id == Outbox.chat_id, earlier.id < Outbox.id,
                           earlier.status.in_(QUEUED))


async def due_heads(session: AsyncSession, now: datetime, limit: int,
                    skip_chats: Iterable[int] = ()) -> list[tuple[int, int]]:
    """The first row of every chat whose turn it is (pending, due, nothing before it), as
    (id, chat), oldest first; at most one per chat."""
    statement = (select(Outbox.id, Outbox.chat_id)
                 .where(Outbox.status == PENDING, Outbox.next_attempt_at <= now, _is_head())
                 .order_by(Outbox.next_attempt_at, Outbox.id).limit(limit))
    skip = list(skip_chats)
    if skip:
        statement = statement.where(Outbox.chat_id.not_in(skip))
    rows = await session.execute(statement)
    return [(int(i), int(c)) for i, c in rows.all()]


async def due_head_of(session: AsyncSession, chat_id: int, now: datetime) -> int | None:
    """The id of `chat_id`'s first row if it is pending and due now."""
    head = (await session.execute(
        select(Outbox.id, Outbox.status, Outbox.next_attempt_at)
        .where(Outbox.chat_id == chat_id, Outbox.status.in_(QUEUED))
        .order_by(Outbox.id).limit(1))).first()
    if head is None or head.status != PENDING or head.next_attempt_at > now:
        return None
    return int(head.id)


async def next_due_at(session: AsyncSession) -> datetime | None:
    """When the next chat's turn comes (the earliest retry time of a pending head)."""
    return (await session.execute(
        select(func.min(Outbox.next_attempt_at))
        .where(Outbox.status == PENDING, _is_head()))).scalar()


async def claim(session: AsyncSession, outbox_id: int, now: datetime,
                lease: timedelta) -> Outbox | None:
    """Take one row for sending; None if another worker took it first, it is not due, or an
    earlier row of its chat has not gone yet."""
    result = await session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id, Outbox.status == PENDING, Outbox.next_attempt_at <= now,
               _is_head())
        .values(status=SENDING, lease_until=now + lease, attempts=Outbox.attempts + 1)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return None
    return await session.get(Outbox, outbox_id, populate_existing=True)


async def mark_sent(session: AsyncSession, outbox_id: int, now: datetime,
                    message_id: int | None) -> None:
    await session.execute(update(Outbox).where(Outbox.id == outbox_id).values(
        status=SENT, sent_at=now, message_id=message_id, lease_until=None, last_error=None))


async def retry_later(session: AsyncSession, outbox_id: int, at: datetime, error: str, *,
                      count_attempt: bool = True) -> None:
    """Back to pending until `at` (its chat waits with it). `count_attempt=False` when the
    failure was not the row's (Telegram asked us to slow down, the bot's token was refused)."""
    values: dict[str, Any] = {"status": PENDING, "next_attempt_at": at, "lease_until": None,
                              "last_error": error[:500]}
    if not count_attempt:  # the claim counted it
        values["attempts"] = Outbox.attempts - 1
    await session.execute(update(Outbox).where(Outbox.id == outbox_id).values(**values))


async def mark_dead(session: AsyncSession, outbox_id: int, error: str) -> None:
    await session.execute(update(Outbox).where(Outbox.id == outbox_id).values(
        status=DEAD, lease_until=None, last_error=error[:500]))


async def mark_cancelled(session: AsyncSession, outbox_ids: Sequence[int], reason: str) -> None:
    if outbox_ids:
        await session.execute(update(Outbox).where(Outbox.id.in_(list(outbox_ids))).values(
            status=CANCELLED, lease_until=None, last_error=reason[:500]))


async def release_claims(session: AsyncSession, outbox_ids: Sequence[int], *,
                         attempted: bool) -> int:
    """Rows this worker claimed but will not finish (shutdown): pending again at once, so
    nothing waits for their lease; an attempt not made is not counted."""
    if not outbox_ids:
        return 0
    values: dict[str, Any] = {"status": PENDING, "lease_until": None}
    if not attempted:
        values["attempts"] = Outbox.attempts - 1
    result = await session.execute(
        update(Outbox).where(Outbox.id.in_(list(outbox_ids)), Outbox.status == SENDING)
        .values(**values).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


async def release_expired_leases(session: AsyncSession, now: datetime) -> int:
    """Rows stuck in `sending` past their lease (a worker died) become pending again."""
    result = await session.execute(
        update(Outbox).where(Outbox.status == SENDING, Outbox.lease_until < now)
        .values(status=PENDING, lease_until=None).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


async def release_all_leases(session: AsyncSession) -> int:
    """At the start of the only process (SQLite): every row still `sending` was being sent by
    the process that died, so it need not wait for its lease. It may have been delivered just
    before the crash: at most one duplicate, as the README says."""
    result = await session.execute(
        update(Outbox).where(Outbox.status == SENDING)
        .values(status=PENDING, lease_until=None).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


# --- unreachable people and moved chats -------------------------------------------------------
async def hold_chat(session: AsyncSession, chat_id: int, also: int | None = None) -> int:
    """The person blocked the bot: their pending rows (and `also`, the row that found out) are
    kept, not sent, until they return."""
    condition = Outbox.status == PENDING
    if also is not None:
        condition = condition | (Outbox.id == also)
    result = await session.execute(
        update(Outbox).where(Outbox.chat_id == chat_id, condition)
        .values(status=HELD, lease_until=None).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


async def kill_chat(session: AsyncSession, chat_id: int, error: str,
                    also: int | None = None) -> int:
    """A chat that will not take messages again (a group that removed the bot): its pending
    rows become dead letters."""
    condition = Outbox.status.in_((PENDING, HELD))
    if also is not None:
        condition = condition | (Outbox.id == also)
    result = await session.execute(
        update(Outbox).where(Outbox.chat_id == chat_id, condition)
        .values(status=DEAD, lease_until=None, last_error=error[:500])
        .execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


async def held_rows(session: AsyncSession, chat_id: int) -> list[Outbox]:
    rows = await session.execute(select(Outbox).where(Outbox.chat_id == chat_id,
                                                      Outbox.status == HELD)
                                 .order_by(Outbox.id))
    return list(rows.scalars())


async def release_held(session: AsyncSession, outbox_ids: Sequence[int], now: datetime) -> int:
    """Held rows go out again, due now, with their attempts counted afresh."""
    if not outbox_ids:
        return 0
    result = await session.execute(
        update(Outbox).where(Outbox.id.in_(list(outbox_ids)), Outbox.status == HELD)
        .values(status=PENDING, next_attempt_at=now, attempts=0, lease_until=None)
        .execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


async def chats_held_in_vain(session: AsyncSession, limit: int = 100) -> list[int]:
    """Chats with held rows whose person is not (or no longer) marked unreachable: rows held
    by a transaction that raced with the person's return."""
    blocked = exists().where(Applicant.telegram_id == Outbox.chat_id,
                             Applicant.unreachable.is_(True))
    rows = await session.execute(select(Outbox.chat_id).where(Outbox.status == HELD, ~blocked)
                                 .distinct().limit(limit))
    return [int(c) for c in rows.scalars()]


async def mark_unreachable(session: AsyncSession, telegram_id: int, now: datetime) -> bool:
    """The person blocked the bot; True when this marks them (they were reachable, or unknown:
    a reviewer who never wrote gets a row)."""
    changed = await session.execute(
        update(Applicant)
        .where(Applicant.telegram_id == telegram_id, Applicant.unreachable.is_(False))
        .values(unreachable=True).execution_options(synchronize_session=False))
    if changed.rowcount:
        return True
    known = (await session.execute(select(Applicant.id).where(
        Applicant.telegram_id == telegram_id))).first()
    if known is not None:
        return False  # already unreachable
    inserted = await session.execute(
        _insert(session, Applicant).values(telegram_id=telegram_id, unreachable=True,
                                           language="zh", language_chosen=False, created_at=now)
        .on_conflict_do_nothing(index_elements=["telegram_id"]))
    return bool(inserted.rowcount)


async def mark_reachable(session: AsyncSession, telegram_id: int) -> bool:
    """The person can be reached again; True when they were marked unreachable. One indexed
    UPDATE that matches nothing for everyone else (it runs for every incoming update)."""
    result = await session.execute(
        update(Applicant)
        .where(Applicant.telegram_id == telegram_id, Applicant.unreachable.is_(True))
        .values(unreachable=False).execution_options(synchronize_session=False))
    return bool(result.rowcount)


async def resolve_chat(session: AsyncSession, chat_id: int) -> int:
    """The chat a group became (`migrate_to_chat_id`), following aliases; the chat itself
    otherwise."""
    for _ in range(5):  # a group migrates once; a short chain at most
        alias = await session.get(ChatAlias, chat_id)
        if alias is None or alias.new_chat_id == chat_id:
            break
        chat_id = alias.new_chat_id
    return chat_id


async def move_chat(session: AsyncSession, old_chat_id: int, new_chat_id: int,
                    now: datetime) -> int:
    """The group became a supergroup: remember the alias and move its unsent rows there."""
    await session.execute(
        _insert(session, ChatAlias).values(old_chat_id=old_chat_id, new_chat_id=new_chat_id,
                                           created_at=now)
        .on_conflict_do_update(index_elements=["old_chat_id"],
                               set_={"new_chat_id": new_chat_id}))
    result = await session.execute(
        update(Outbox).where(Outbox.chat_id == old_chat_id, Outbox.status.in_(QUEUED))
        .values(chat_id=new_chat_id).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


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
