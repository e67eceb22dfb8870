"""Repository functions: the only place that reads and writes the tables.

Callers own the transaction: they call these within one session and commit once, so a change and
its history event land together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.engine import Draft, filing_type
from dialogs.status import FINISHED, FilingStatus
from storage.files import StoredFile
from storage.models import Applicant, Document, Event, Filing, FilingDomain, utcnow


def language_for(telegram_language: str | None) -> str:
    """Chinese for every zh* Telegram language, English otherwise."""
    return "zh" if (telegram_language or "").lower().startswith("zh") else "en"


async def get_or_create_applicant(
    session: AsyncSession, telegram_id: int, telegram_language: str | None
) -> Applicant:
    applicant = await applicant_by_telegram_id(session, telegram_id)
    if applicant is None:
        applicant = Applicant(telegram_id=telegram_id, language=language_for(telegram_language))
        session.add(applicant)
        await session.flush()
    elif not applicant.language_chosen and telegram_language:
        applicant.language = language_for(telegram_language)
    return applicant


async def applicant_by_telegram_id(session: AsyncSession, telegram_id: int) -> Applicant | None:
    result = await session.execute(select(Applicant).where(Applicant.telegram_id == telegram_id))
    return result.scalar_one_or_none()


async def open_filing(session: AsyncSession, applicant_id: int) -> Filing | None:
    """The applicant's filing that is not finished (a draft, or one in review), newest first."""
    result = await session.execute(
        select(Filing)
        .where(Filing.applicant_id == applicant_id, Filing.status.not_in(list(FINISHED)))
        .order_by(Filing.id.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def latest_filing(session: AsyncSession, applicant_id: int) -> Filing | None:
    result = await session.execute(
        select(Filing).where(Filing.applicant_id == applicant_id).order_by(Filing.id.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


def filing_number(year: int, filing_id: int) -> str:
    return f"F-{year}-{filing_id:06d}"


async def create_filing(session: AsyncSession, applicant_id: int, draft: Draft,
                        actor: str, now: datetime | None = None) -> Filing:
    now = now or utcnow()
    filing = Filing(applicant_id=applicant_id, created_at=now, updated_at=now)
    _copy_draft(filing, draft)
    session.add(filing)
    await session.flush()
    assert filing.id is not None
    filing.number = filing_number(now.year, filing.id)
    await add_event(session, filing, actor, "created", None, FilingStatus.DRAFT, at=now)
    await session.flush()
    return filing


def draft_of(filing: Filing) -> Draft:
    return Draft.from_json(filing.answers or {}, filing.conversation)


def _copy_draft(filing: Filing, draft: Draft) -> None:
    ui = (filing.conversation or {}).get("ui", {})
    filing.answers = dict(draft.answers)
    filing.conversation = {**draft.to_json(), "ui": ui}
    filing.organizer_id = draft.answers.get("organizer_id")
    filing.filing_type = filing_type(draft.answers)


async def save_draft(session: AsyncSession, filing: Filing, draft: Draft,
                     now: datetime | None = None) -> None:
    """Store the answers and the position; keep the filing's domain index in step."""
    _copy_draft(filing, draft)
    filing.updated_at = now or utcnow()
    await _sync_domains(session, filing, draft.answers.get("domains") or [])
    await session.flush()


def set_ui(filing: Filing, **values: Any) -> None:
    """Transport details kept with the conversation (e.g. the id of the question message)."""
    conversation = dict(filing.conversation or {})
    conversation["ui"] = {**conversation.get("ui", {}), **values}
    filing.conversation = conversation


def get_ui(filing: Filing, key: str) -> Any:
    return (filing.conversation or {}).get("ui", {}).get(key)


async def _sync_domains(session: AsyncSession, filing: Filing, domains: Sequence[str]) -> None:
    assert filing.id is not None
    current = set(
        (await session.execute(
            select(FilingDomain.domain).where(FilingDomain.filing_id == filing.id)
        )).scalars()
    )
    wanted = set(domains)
    if current - wanted:
        await session.execute(
            delete(FilingDomain).where(
                FilingDomain.filing_id == filing.id, FilingDomain.domain.in_(current - wanted)
            )
        )
    for domain in sorted(wanted - current):
        session.add(FilingDomain(filing_id=filing.id, domain=domain))


async def set_status(session: AsyncSession, filing: Filing, to_status: FilingStatus, actor: str,
                     *, kind: str = "status", reasons: list[Any] | None = None,
                     data: dict[str, Any] | None = None, now: datetime | None = None) -> Event:
    now = now or utcnow()
    from_status = filing.status
    filing.status = to_status
    filing.updated_at = now
    if to_status is FilingStatus.SUBMITTED:
        filing.submitted_at = now
    return await add_event(session, filing, actor, kind, from_status, to_status,
                           reasons=reasons, data=data, at=now)


async def add_event(session: AsyncSession, filing: Filing, actor: str, kind: str,
                    from_status: str | None, to_status: str | None, *,
                    reasons: list[Any] | None = None, data: dict[str, Any] | None = None,
                    at: datetime | None = None) -> Event:
    assert filing.id is not None
    event = Event(filing_id=filing.id, actor=actor, kind=kind, from_status=from_status,
                  to_status=to_status, reasons=reasons or [], data=data or {},
                  at=at or utcnow())
    session.add(event)
    await session.flush()
    return event


async def events(session: AsyncSession, filing_id: int) -> list[Event]:
    result = await session.execute(
        select(Event).where(Event.filing_id == filing_id).order_by(Event.at, Event.id)
    )
    return list(result.scalars())


async def add_document(session: AsyncSession, filing_id: int, slot: str, stored: StoredFile, *,
                       mime: str, source: str, width: int | None = None,
                       height: int | None = None, sha256: str | None = None) -> Document:
    """`sha256` is the hash of what the person sent, when the stored original differs from it
    (metadata stripped): sending the same file again finds this document."""
    document = Document(filing_id=filing_id, slot=slot, path=stored.path,
                        sha256=sha256 or stored.sha256, mime=mime, size=stored.size,
                        width=width, height=height, source=source)
    session.add(document)
    await session.flush()
    return document


async def document_by_hash(session: AsyncSession, filing_id: int, sha256: str) -> Document | None:
    result = await session.execute(
        select(Document).where(Document.filing_id == filing_id, Document.sha256 == sha256)
        .limit(1)
    )
    return result.scalar_one_or_none()


async def document(session: AsyncSession, document_id: int) -> Document | None:
    return await session.get(Document, document_id)
