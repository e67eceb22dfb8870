"""The filing registry (rules §8) backed by SQL, and the in-flight conflict lookup."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.filing_type import RegistryEntry, RegistrySnapshot
from dialogs.status import IN_FLIGHT
from storage.models import Filing, FilingDomain, RegistryDomain, RegistryRecord


class SqlRegistry:
    """Implements `dialogs.filing_type.Registry` over the registry and filing tables."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _entry(self, record: RegistryRecord) -> RegistryEntry:
        domains = (await self.session.execute(
            select(RegistryDomain.domain).where(RegistryDomain.record_id == record.id)
        )).scalars()
        return RegistryEntry(record.subject_number, record.organizer_id, record.organizer_name,
                             tuple(domains))

    async def snapshot(self, organizer_id: str, domains: Sequence[str], *,
                       exclude_filing: int | None = None) -> RegistrySnapshot:
        s = self.session
        organizer = (await s.execute(
            select(RegistryRecord).where(RegistryRecord.organizer_id == organizer_id).limit(1)
        )).scalar_one_or_none()
        by_domain: dict[str, RegistryEntry] = {}
        if domains:
            rows = (await s.execute(
                select(RegistryDomain.domain, RegistryRecord)
                .join(RegistryRecord, RegistryRecord.id == RegistryDomain.record_id)
                .where(RegistryDomain.domain.in_(list(domains)))
            )).all()
            for domain, record in rows:
                by_domain[domain] = await self._entry(record)

        in_flight = [str(status) for status in IN_FLIGHT]
        busy_organizer = (await s.execute(
            select(Filing.number).where(
                Filing.organizer_id == organizer_id,
                Filing.status.in_(in_flight),
                Filing.id != (exclude_filing or -1),
            ).limit(1)
        )).scalar_one_or_none()
        busy_domains: dict[str, str] = {}
        if domains:
            rows = (await s.execute(
                select(FilingDomain.domain, Filing.number)
                .join(Filing, Filing.id == FilingDomain.filing_id)
                .where(
                    FilingDomain.domain.in_(list(domains)),
                    Filing.status.in_(in_flight),
                    Filing.id != (exclude_filing or -1),
                )
            )).all()
            busy_domains = {domain: number for domain, number in rows}
        return RegistrySnapshot(
            organizer=await self._entry(organizer) if organizer else None,
            by_domain=by_domain,
            busy_organizer=busy_organizer,
            busy_domains=busy_domains,
        )

    async def add(self, subject_number: str, organizer_id: str, organizer_name: str,
                  domains: Sequence[tuple[str, str | None]], source: str = "import"
                  ) -> RegistryRecord:
        """Record a subject and its sites (domain, site number); existing rows are updated."""
        s = self.session
        record = (await s.execute(
            select(RegistryRecord).where(RegistryRecord.subject_number == subject_number)
        )).scalar_one_or_none()
        if record is None:
            record = RegistryRecord(subject_number=subject_number, organizer_id=organizer_id,
                                    organizer_name=organizer_name, source=source)
            s.add(record)
            await s.flush()
        else:
            record.organizer_id = organizer_id
            record.organizer_name = organizer_name
        for domain, site_number in domains:
            row = (await s.execute(
                select(RegistryDomain).where(RegistryDomain.domain == domain)
            )).scalar_one_or_none()
            if row is None:
                assert record.id is not None
                s.add(RegistryDomain(record_id=record.id, domain=domain, site_number=site_number))
            else:
                row.record_id = record.id  # type: ignore[assignment]
                row.site_number = site_number
        await s.flush()
        return record
