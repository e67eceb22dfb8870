"""The database goes away for a moment (issue G, item 7): a PostgreSQL connection killed in the
middle of an update, connections killed while the bot sat idle, SQLite locked by another writer
for longer than the busy timeout. The person notices nothing: their answer or upload is stored
once, they see no apology, and the update's inbox row is closed.

PostgreSQL tests run when TEST_DATABASE_URL names a server (their schema is dropped and made
again); connections are killed for real, with `pg_terminate_backend` from another connection.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from sqlalchemy import event, select, text
from sqlalchemy.engine import ExceptionContext

from storage.db import make_engine
from storage.models import Document, Inbox
from tests.support.app import App, make_app
from tests.support.flows import PERSONAL, filing_of, fill
from tests.support.images import document_photo
from tests.support.telegram import FakeTelegram, Person

CERT = "北京市东城区东华门街道 1 号"
MAIL = "北京市朝阳区建国路 88 号 2 号楼 1201 室"
APOLOGY = "抱歉，处理这条消息时出了问题"
KILL_OTHERS = text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                   "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@dataclass
class HookedTelegram(FakeTelegram):
    """Telegram, and a moment a test chooses: `hook` is awaited before each Bot API call is
    answered (it sees the method's name and parameters)."""

    hook: Callable[[str, dict[str, Any]], Awaitable[None]] | None = None

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType],
                           timeout: int | None = None) -> TelegramType:
        if self.hook is not None:
            await self.hook(method.__api_method__, method.model_dump(warnings=False))
        return await super().make_request(bot, method, timeout)


@pytest.fixture
async def pg_app(tmp_path: Path, postgres_url: str) -> AsyncIterator[App]:
    app = await make_app(tmp_path, database_url=postgres_url, tg=HookedTelegram())
    yield app
    await app.engine.dispose()


async def kill_connections(url: str) -> int:
    """Terminate every other connection to the database, from a connection of its own."""
    killer = make_engine(url)
    try:
        async with killer.connect() as connection:
            killed = (await connection.execute(KILL_OTHERS)).scalar_one()
    finally:
        await killer.dispose()
    return int(killed)


async def newest_update(app: App) -> Inbox:
    async with app.sessionmaker() as session:
        row = (await session.execute(
            select(Inbox).order_by(Inbox.update_id.desc()).limit(1))).scalar_one()
    return row


async def answers(app: App, person: Person) -> dict[str, Any]:
    filing = await filing_of(app, person)
    assert filing is not None
    return filing.answers


def stored_files(app: App) -> list[Path]:
    return [p for p in (app.root / "data").rglob("*") if p.is_file()]


# --- PostgreSQL ---------------------------------------------------------------------------
async def upload_with_a_connection_killed(app: App, postgres_url: str, user_id: int) -> Person:
    """A person uploads the front of their ID card; as the bot says it is checking the photo
    (its transaction open), every connection of the bot is killed."""
    person = app.person(user_id)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="doc.subject_id_front")
    tg = app.tg
    assert isinstance(tg, HookedTelegram)
    killed: list[int] = []

    async def kill_while_checking(method: str, params: dict[str, Any]) -> None:
        if not killed and method == "sendMessage" and "正在检查" in str(params.get("text")):
            killed.append(await kill_connections(postgres_url))

    tg.hook = kill_while_checking
    try:
        await person.send_photo(document_photo(seed=21))
    finally:
        tg.hook = None
    assert killed and killed[0] >= 1, "no connection of the bot was killed"
    return person


async def test_a_connection_killed_during_an_upload_is_handled_again_and_stored_once(
        pg_app: App, postgres_url: str) -> None:
    app = pg_app
    mark = app.person(2001).mark()
    person = await upload_with_a_connection_killed(app, postgres_url, 2001)

    said = person.text_since(mark)
    assert APOLOGY not in said
    assert said.count("✅ 已收到：") == 1, said
    assert "doc.subject_id_front" in await answers(app, person)
    async with app.sessionmaker() as session:
        documents = list((await session.execute(select(Document))).scalars())
    assert [d.slot for d in documents] == ["doc.subject_id_front"]
    # On disk: the document's original and its normalized copy, nothing else.
    assert sorted(stored_files(app)) == sorted(
        app.root / "data" / path for d in documents for path in (d.path, d.normalized_path)
        if path is not None)
    row = await newest_update(app)
    assert (row.status, row.attempts) == ("done", 1)  # handled again once, then closed
    assert "请上传" in person.last.text and "国徽面" in person.last.text


async def test_the_checking_message_of_the_failed_attempt_does_not_stay(
        pg_app: App, postgres_url: str) -> None:
    app = pg_app
    mark = app.person(2004).mark()
    person = await upload_with_a_connection_killed(app, postgres_url, 2004)

    assert [m.text for m in person.since(mark) if "正在检查" in m.text] == []


async def test_connections_lost_while_idle_cost_nothing(
        pg_app: App, postgres_url: str, caplog: pytest.LogCaptureFixture) -> None:
    app = pg_app
    person = app.person(2002)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="cert_address")
    await person.send(CERT)
    assert await kill_connections(postgres_url) >= 1  # the pool's idle connections

    caplog.clear()
    with caplog.at_level(logging.WARNING):
        mark = person.mark()
        await person.send(MAIL)

    assert (await answers(app, person))["mail_address"] == MAIL
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert APOLOGY not in person.text_since(mark)
    assert "请输入通信地址" not in person.last.text  # moved on to the next question
    row = await newest_update(app)
    assert (row.status, row.attempts) == ("done", 0)


# --- SQLite -------------------------------------------------------------------------------
BUSY_TIMEOUT_MS = 200  # instead of SQLITE_BUSY_TIMEOUT_MS: the test does not wait 10 s


async def test_sqlite_locked_beyond_the_busy_timeout_is_retried(tmp_path: Path) -> None:
    app = await make_app(tmp_path)
    try:
        def short_busy_timeout(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.close()

        event.listen(app.engine.sync_engine, "connect", short_busy_timeout)
        await app.engine.dispose()  # connections made from now on wait 200 ms for a lock
        person = app.person(2003)
        await person.send("/new")
        await fill(app, person, PERSONAL, until="cert_address")

        mark = person.mark()
        await app.inbox.accept([person.update(message=person._message(text=CERT))])
        # The answer is stored in the inbox; now another writer (a backup, an operator's
        # import) holds the write lock. The first time the bot's write gives up waiting for it,
        # the other writer finishes.
        holder = sqlite3.connect(tmp_path / "icp-bot.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        refused: list[str] = []

        def release_on_locked(context: ExceptionContext) -> None:
            if "database is locked" in str(context.original_exception) and holder.in_transaction:
                refused.append(str(context.statement).split()[0])
                holder.execute("ROLLBACK")

        event.listen(app.engine.sync_engine, "handle_error", release_on_locked)
        await app.inbox.drain()
        holder.close()

        assert refused, "the bot's write never met the lock"
        assert (await answers(app, person))["cert_address"] == CERT
        said = person.text_since(mark)
        assert APOLOGY not in said
        assert "请输入通信地址" in person.last.text
        row = await newest_update(app)
        assert (row.status, row.attempts) == ("done", 1)
    finally:
        await app.engine.dispose()
