"""Reviewer-side queries: the queue, decisions in progress, the previous submission."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.status import FilingStatus
from storage.models import Event, Filing, ReviewDraft, utcnow

# Filings that wait for someone on the provider's side, whatever the step.
STAFF_STATUSES = (FilingStatus.SUBMITTED, FilingStatus.VERIFYING, FilingStatus.TO_AUTHORITY,
                  FilingStatus.SMS_PENDING, FilingStatus.AUTHORITY_REVIEW)


async def queue(session: AsyncSession, limit: int = 30) -> list[Filing]:
    """Oldest first: the filing that has waited longest in its current status comes first."""
    rows = await session.execute(
        select(Filing).where(Filing.status.in_([str(s) for s in STAFF_STATUSES]))
        .order_by(Filing.updated_at, Filing.id).limit(limit))
    return list(rows.scalars())


async def review_draft(session: AsyncSession, reviewer_id: int,
                       filing_id: int) -> ReviewDraft | None:
    rows = await session.execute(select(ReviewDraft).where(
        ReviewDraft.reviewer_id == reviewer_id, ReviewDraft.filing_id == filing_id))
    return rows.scalar_one_or_none()


async def pending_input(session: AsyncSession, reviewer_id: int) -> ReviewDraft | None:
    """A decision of this reviewer that waits for typed text (a note, a filing number)."""
    rows = await session.execute(
        select(ReviewDraft).where(ReviewDraft.reviewer_id == reviewer_id)
        .order_by(ReviewDraft.updated_at.desc()).limit(1))
    draft = rows.scalar_one_or_none()
    if draft is not None and draft.state.get("step") in ("note", "numbers"):
        return draft
    return None


async def start_review_draft(session: AsyncSession, reviewer_id: int, filing: Filing,
                             action: str, state: dict[str, Any]) -> ReviewDraft:
    assert filing.id is not None
    await session.execute(delete(ReviewDraft).where(ReviewDraft.reviewer_id == reviewer_id))
    draft = ReviewDraft(reviewer_id=reviewer_id, filing_id=filing.id,
                        filing_version=filing.version, action=action, reasons=[], state=state)
    session.add(draft)
    await session.flush()
    return draft


def touch(draft: ReviewDraft, **state: Any) -> None:
    draft.state = {**draft.state, **state}
    draft.updated_at = utcnow()


async def drop_review_draft(session: AsyncSession, draft: ReviewDraft) -> None:
    await session.delete(draft)
    await session.flush()


async def previous_submission(session: AsyncSession, filing_id: int) -> dict[str, Any] | None:
    """The answers as they were at the submission before the latest one (for the diff)."""
    rows = await session.execute(
        select(Event).where(Event.filing_id == filing_id,
                            Event.kind.in_(["resubmitted", "submitted"]))
        .order_by(Event.id.desc()).limit(2))
    submissions = list(rows.scalars())
    if len(submissions) < 2:
        return None
    return dict(submissions[1].data.get("answers") or {})


async def last_submission(session: AsyncSession, filing_id: int) -> dict[str, Any] | None:
    """The answers as they were at the latest submission (what a rejection was about)."""
    rows = await session.execute(
        select(Event).where(Event.filing_id == filing_id,
                            Event.kind.in_(["resubmitted", "submitted"]))
        .order_by(Event.id.desc()).limit(1))
    event = rows.scalar_one_or_none()
    return dict(event.data.get("answers") or {}) if event is not None else None
