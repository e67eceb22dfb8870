"""Repositories against a real database: what the bot relies on when it saves and resumes."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import SQLModel

from dialogs.engine import Draft
from dialogs.status import FilingStatus
from storage import repo
from storage.files import FileStore
from storage.models import Event, Filing
from storage.registry import SqlRegistry

Sessions = async_sessionmaker[AsyncSession]
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


async def _applicant_and_filing(sessions: Sessions, telegram_id: int = 5_000_000_001,
                                answers: dict | None = None) -> tuple[int, int]:
    async with sessions() as session:
        applicant = await repo.get_or_create_applicant(session, telegram_id, "zh-hans")
        assert applicant.id is not None
        draft = Draft(answers=answers or {"province": "11"}, position="city")
        filing = await repo.create_filing(session, applicant.id, draft, "applicant:1", NOW)
        await session.commit()
        assert filing.id is not None
        return applicant.id, filing.id


async def test_applicant_language_follows_telegram_until_chosen(sessions: Sessions) -> None:
    async with sessions() as session:
        applicant = await repo.get_or_create_applicant(session, 9_000_000_000, "zh-hans")
        assert applicant.language == "zh"
        again = await repo.get_or_create_applicant(session, 9_000_000_000, "en-GB")
        assert again.id == applicant.id and again.language == "en"
        again.language, again.language_chosen = "zh", True
        kept = await repo.get_or_create_applicant(session, 9_000_000_000, "en-GB")
        assert kept.language == "zh"


async def test_filing_numbers_and_the_created_event(sessions: Sessions) -> None:
    _, first = await _applicant_and_filing(sessions, 1)
    _, second = await _applicant_and_filing(sessions, 2)
    async with sessions() as session:
        a = await session.get(Filing, first)
        b = await session.get(Filing, second)
        assert a is not None and b is not None
        assert a.number == f"F-2026-{first:06d}" and b.number == f"F-2026-{second:06d}"
        assert a.created_at == NOW  # an aware UTC time comes back as the same instant
        history = await repo.events(session, first)
    assert [(e.kind, e.to_status) for e in history] == [("created", "draft")]


async def test_answers_and_position_round_trip(sessions: Sessions) -> None:
    answers = {"organizer_name": "上海云帆 “测试” <b>&", "domains": ["例子.中国", "a.cn"],
               "site1.doc.verification_form": {"id": 3}, "city": None}
    _, filing_id = await _applicant_and_filing(sessions, 3)
    async with sessions() as session:
        filing = await session.get(Filing, filing_id)
        assert filing is not None
        draft = Draft(answers=answers, position="site1.content", editing=True,
                      pending=("blog",), previous={"nature": "enterprise"},
                      forced=("site1.owner_same",))
        await repo.save_draft(session, filing, draft, NOW)
        repo.set_ui(filing, question_message_id=42)
        await session.commit()
    async with sessions() as session:
        filing = await session.get(Filing, filing_id)
        assert filing is not None
        loaded = repo.draft_of(filing)
        assert loaded == draft
        assert repo.get_ui(filing, "question_message_id") == 42


async def test_a_write_from_a_stale_read_fails_instead_of_losing_an_answer(
        sessions: Sessions) -> None:
    _, filing_id = await _applicant_and_filing(sessions, 4)
    async with sessions() as first, sessions() as second:
        a = await first.get(Filing, filing_id)
        b = await second.get(Filing, filing_id)
        assert a is not None and b is not None
        a.answers = {"province": "31"}
        await first.commit()
        b.answers = {"province": "44"}
        with pytest.raises(StaleDataError):
            await second.commit()
    async with sessions() as session:
        filing = await session.get(Filing, filing_id)
        assert filing is not None and filing.answers == {"province": "31"}


async def test_domain_index_follows_the_answers(sessions: Sessions) -> None:
    _, filing_id = await _applicant_and_filing(sessions, 5)
    async with sessions() as session:
        filing = await session.get(Filing, filing_id)
        assert filing is not None
        await repo.save_draft(session, filing, Draft({"organizer_id": "X1",
                                                      "domains": ["a.cn", "b.cn"]}), NOW)
        await repo.set_status(session, filing, FilingStatus.SUBMITTED, "applicant:5", now=NOW)
        await session.commit()
        snapshot = await SqlRegistry(session).snapshot("X1", ["b.cn", "c.cn"])
        assert snapshot.busy_organizer == filing.number
        assert snapshot.busy_domains == {"b.cn": filing.number}
        mine = await SqlRegistry(session).snapshot("X1", ["b.cn"], exclude_filing=filing_id)
        assert mine.busy_organizer is None and not mine.busy_domains
        await repo.save_draft(session, filing, Draft({"organizer_id": "X1",
                                                      "domains": ["a.cn"]}), NOW)
        await session.commit()
        snapshot = await SqlRegistry(session).snapshot("Y2", ["b.cn"])
        assert not snapshot.busy_domains


async def test_drafts_and_finished_filings_are_not_in_flight(sessions: Sessions) -> None:
    _, filing_id = await _applicant_and_filing(sessions, 6)
    async with sessions() as session:
        filing = await session.get(Filing, filing_id)
        assert filing is not None
        await repo.save_draft(session, filing, Draft({"organizer_id": "Z", "domains": ["z.cn"]}))
        await session.commit()
        assert (await SqlRegistry(session).snapshot("Z", ["z.cn"])).busy_organizer is None
        await repo.set_status(session, filing, FilingStatus.APPROVED, "operator:1")
        await session.commit()
        assert not (await SqlRegistry(session).snapshot("Z", ["z.cn"])).busy_domains


async def test_registry_records_and_lookup(sessions: Sessions) -> None:
    async with sessions() as session:
        registry = SqlRegistry(session)
        await registry.add("京ICP备12345678号", "91110000MA00000000", "北京某公司",
                           [("old.cn", "京ICP备12345678号-1"), ("old.com", "京ICP备12345678号-2")])
        await session.commit()
        snapshot = await registry.snapshot("91110000MA00000000", ["old.com", "new.cn"])
        assert snapshot.organizer is not None
        assert snapshot.organizer.subject_number == "京ICP备12345678号"
        assert set(snapshot.organizer.domains) == {"old.cn", "old.com"}
        assert list(snapshot.by_domain) == ["old.com"]
        # Importing the same subject again updates it instead of duplicating.
        await registry.add("京ICP备12345678号", "91110000MA00000000", "北京某公司（更名）",
                           [("old.cn", "京ICP备12345678号-1")])
        await session.commit()
        again = await registry.snapshot("91110000MA00000000", [])
        assert again.organizer is not None and again.organizer.organizer_name.endswith("更名）")


async def test_open_filing_skips_cancelled_ones(sessions: Sessions) -> None:
    applicant_id, filing_id = await _applicant_and_filing(sessions, 7)
    async with sessions() as session:
        assert (await repo.open_filing(session, applicant_id)).id == filing_id  # type: ignore
        filing = await session.get(Filing, filing_id)
        assert filing is not None
        await repo.set_status(session, filing, FilingStatus.CANCELLED, "applicant:7")
        await session.commit()
        assert await repo.open_filing(session, applicant_id) is None
        assert (await repo.latest_filing(session, applicant_id)).id == filing_id  # type: ignore
        kinds = (await session.execute(select(Event.kind).where(Event.filing_id == filing_id)
                                       .order_by(Event.id))).scalars().all()
        assert kinds == ["created", "status"]


async def test_documents_are_found_by_content_hash(sessions: Sessions, tmp_path: Path) -> None:
    _, filing_id = await _applicant_and_filing(sessions, 8)
    store = FileStore(tmp_path / "files")
    stored = store.save(b"\xff\xd8\xffcontent", "jpg")
    async with sessions() as session:
        document = await repo.add_document(session, filing_id, "doc.subject_id_front", stored,
                                           mime="image/jpeg", source="photo", width=10,
                                           height=20)
        await session.commit()
        found = await repo.document_by_hash(session, filing_id, stored.sha256)
        assert found is not None and found.id == document.id
        assert await repo.document_by_hash(session, filing_id + 1, stored.sha256) is None


async def test_migrations_create_exactly_the_models(engine: AsyncEngine) -> None:
    def diff(connection: object) -> list:
        context = MigrationContext.configure(connection)  # type: ignore[arg-type]
        return compare_metadata(context, SQLModel.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    from storage.db import make_engine

    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'x' / 'p.db'}")
    async with engine.connect() as connection:
        assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        assert (await connection.execute(text("PRAGMA busy_timeout"))).scalar() == 10_000
    await engine.dispose()


async def test_concurrent_writers_on_sqlite_wait_instead_of_failing(tmp_path: Path) -> None:
    from storage.db import make_engine
    from storage.migrate import upgrade

    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    await upgrade(engine)
    sessions = async_sessionmaker(engine, expire_on_commit=False)

    async def create(i: int) -> None:
        async with sessions() as session:
            applicant = await repo.get_or_create_applicant(session, 100 + i, "en")
            await repo.create_filing(session, applicant.id or 0, Draft(), "applicant:x")
            await session.commit()

    await asyncio.gather(*(create(i) for i in range(20)))
    async with sessions() as session:
        count = (await session.execute(text("SELECT count(*) FROM filing"))).scalar()
    assert count == 20
    await engine.dispose()


def test_file_store_uses_random_private_names(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    a = store.save(b"same", "jpg")
    b = store.save(b"same", "jpg")
    assert a.path != b.path and a.sha256 == b.sha256
    for stored in (a, b):
        path = store.absolute(stored.path)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert len(path.stem) == 32
    assert stat.S_IMODE(os.stat(tmp_path / "documents").st_mode) == 0o700
    with pytest.raises(ValueError):
        store.save(b"x", "../../etc/passwd")


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that lets everyone read what is made: the modes below must come from the code."""
    previous = os.umask(0)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("open_umask")
async def test_the_sqlite_database_and_its_wal_are_private(tmp_path: Path) -> None:
    from storage.db import make_engine
    from storage.migrate import upgrade

    database = tmp_path / "var" / "icp" / "icp-bot.db"
    engine = make_engine(f"sqlite+aiosqlite:///{database}")
    try:
        await upgrade(engine)
        async with async_sessionmaker(engine)() as session:
            await repo.get_or_create_applicant(session, 5_000_000_001, "zh")
            await session.commit()
            wal = database.with_name("icp-bot.db-wal")
            assert wal.exists() and database.with_name("icp-bot.db-shm").exists()
            assert _mode(database) == 0o600
            assert _mode(wal) == 0o600 and _mode(database.with_name("icp-bot.db-shm")) == 0o600
    finally:
        await engine.dispose()
    assert _mode(tmp_path / "var") == 0o700 and _mode(tmp_path / "var" / "icp") == 0o700


@pytest.mark.usefixtures("open_umask")
async def test_an_existing_database_is_made_private(tmp_path: Path) -> None:
    from storage.db import make_engine

    database = tmp_path / "old.db"
    engine = make_engine(f"sqlite+aiosqlite:///{database}")
    async with engine.connect() as connection:  # an earlier version's file, readable by all
        await connection.execute(text("CREATE TABLE t (x INTEGER)"))
        await connection.commit()
    await engine.dispose()
    for path in (database, database.with_name("old.db-wal")):
        path.touch()
        os.chmod(path, 0o644)
    os.chmod(tmp_path, 0o755)
    engine = make_engine(f"sqlite+aiosqlite:///{database}")
    async with engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar() == 0
        assert _mode(database) == 0o600 and _mode(database.with_name("old.db-wal")) == 0o600
    await engine.dispose()
    assert _mode(tmp_path) == 0o755  # a directory it did not make is left alone


@pytest.mark.usefixtures("open_umask")
def test_the_file_store_makes_data_dir_private(tmp_path: Path) -> None:
    root = tmp_path / "data"
    stored = FileStore(root).save(b"scan", "jpg")
    assert _mode(root) == 0o700 and _mode(root / "documents") == 0o700
    assert _mode(root / stored.path) == 0o600
