"""SQLModel tables. Dialect-neutral: the same schema runs on SQLite and PostgreSQL.

Times are stored as UTC (`UTCDateTime` hands back timezone-aware values on every dialect).
Answers and the conversation position are JSON columns on the filing: one row is one source of
truth for where an applicant stands.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, Integer, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC: SQLite keeps no zone, PostgreSQL converts; both
    round-trip the same instant."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


def _time(**kwargs: Any) -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, **kwargs)


class Applicant(SQLModel, table=True):
    __tablename__ = "applicant"

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, nullable=False, unique=True))
    language: str = Field(default="zh", max_length=8)
    language_chosen: bool = False  # set by /language; otherwise Telegram's language decides
    created_at: datetime = _time()
    unreachable: bool = False  # the user blocked the bot (issue D)


_FILING_VERSION = Column("version", Integer, nullable=False)


class Filing(SQLModel, table=True):
    __tablename__ = "filing"
    __table_args__ = (Index("ix_filing_applicant_status", "applicant_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    number: str | None = Field(default=None, max_length=20, unique=True)  # F-2026-000123
    applicant_id: int = Field(foreign_key="applicant.id", ondelete="CASCADE")
    status: str = Field(default="draft", max_length=24, index=True)
    filing_type: str | None = Field(default=None, max_length=16)
    organizer_id: str | None = Field(default=None, max_length=32, index=True)
    answers: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    conversation: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    # After submission: verification photos, the SMS window and confirmations, filing numbers.
    progress: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = _time()
    updated_at: datetime = _time()
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Optimistic lock: a write based on a stale read fails (StaleDataError) instead of silently
    # overwriting an answer another process committed in between.
    version: int = Field(default=1, sa_column=_FILING_VERSION)

    __mapper_args__ = {"version_id_col": _FILING_VERSION}


class FilingDomain(SQLModel, table=True):
    """The domains of each filing, kept beside the JSON answers so that "another filing in flight
    holds this domain" is one indexed query."""

    __tablename__ = "filing_domain"
    __table_args__ = (UniqueConstraint("filing_id", "domain"),)

    id: int | None = Field(default=None, primary_key=True)
    filing_id: int = Field(foreign_key="filing.id", ondelete="CASCADE", index=True)
    domain: str = Field(max_length=255, index=True)


class Document(SQLModel, table=True):
    __tablename__ = "document"

    id: int | None = Field(default=None, primary_key=True)
    filing_id: int = Field(foreign_key="filing.id", ondelete="CASCADE", index=True)
    slot: str = Field(max_length=300)
    path: str = Field(max_length=200)  # relative to DATA_DIR; a random name, never the user's
    # The normalized JPEG (orientation applied, ≤ 2 MB) forwarded to reviewers and the authority;
    # for a PDF, its first page.
    normalized_path: str | None = Field(default=None, max_length=200)
    sha256: str = Field(max_length=64, index=True)
    mime: str = Field(max_length=64)
    size: int
    width: int | None = None
    height: int | None = None
    source: str = Field(max_length=16)  # "photo" or "file"
    created_at: datetime = _time()


class RegistryRecord(SQLModel, table=True):
    """A subject known to the authority (rules §8): imported, or approved through us."""

    __tablename__ = "registry_record"

    id: int | None = Field(default=None, primary_key=True)
    subject_number: str = Field(max_length=40, unique=True)
    organizer_id: str = Field(max_length=32, index=True)
    organizer_name: str = Field(max_length=120)
    source: str = Field(default="import", max_length=16)
    created_at: datetime = _time()


class RegistryDomain(SQLModel, table=True):
    __tablename__ = "registry_domain"

    id: int | None = Field(default=None, primary_key=True)
    record_id: int = Field(foreign_key="registry_record.id", ondelete="CASCADE", index=True)
    domain: str = Field(max_length=255, unique=True)
    site_number: str | None = Field(default=None, max_length=44)


class Event(SQLModel, table=True):
    """Append-only history of a filing: who did what, when, from which status to which."""

    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    filing_id: int = Field(foreign_key="filing.id", ondelete="CASCADE", index=True)
    at: datetime = _time()
    actor: str = Field(max_length=40)  # "applicant:<telegram id>", "reviewer:<id>", "system"
    kind: str = Field(max_length=32)
    from_status: str | None = Field(default=None, max_length=24)
    to_status: str | None = Field(default=None, max_length=24)
    reasons: list[Any] = Field(default_factory=list, sa_type=JSON)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class Outbox(SQLModel, table=True):
    """A message to send: written in the same transaction as the change that causes it, sent
    once by whoever claims it (rules §5–§6; issue D adds the scheduled tick and retries)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),
                      # A chat's queue in order: is an earlier row still waiting?
                      Index("ix_outbox_chat_queue", "chat_id", "status", "id"))

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    filing_id: int | None = Field(default=None, foreign_key="filing.id", ondelete="CASCADE",
                                  index=True)
    kind: str = Field(max_length=40)
    # text + reply_markup; "about": what the notice is about, to check it still matters when it
    # is sent or released (the filing's status, the reminder it came from, a blocked person)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    dedupe_key: str = Field(max_length=200, unique=True)
    # pending, sending, sent, dead; held (the person is unreachable), cancelled (irrelevant)
    status: str = Field(default="pending", max_length=12)
    attempts: int = 0
    next_attempt_at: datetime = _time()
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = _time()


class Reminder(SQLModel, table=True):
    """A notice due at a time (SMS window reminders, idle drafts …); moved to the outbox by the
    tick when due and still relevant."""

    __tablename__ = "reminder"
    __table_args__ = (Index("ix_reminder_due", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    filing_id: int = Field(foreign_key="filing.id", ondelete="CASCADE", index=True)
    kind: str = Field(max_length=40)
    target: str = Field(default="", max_length=60)  # the person: an owner key, or "applicant"
    due_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default="pending", max_length=12)  # pending, done, cancelled
    dedupe_key: str = Field(max_length=200, unique=True)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = _time()


class Inbox(SQLModel, table=True):
    """An update from Telegram, stored before its delivery is confirmed (the polling offset moves
    on, or the webhook answers 200). The update id is the primary key, so a redelivery changes
    nothing. Each person's rows are handled in update-id order; a row is marked `applied` in the
    same transaction as its handler's effects and `done` once its replies were sent."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_pending", "status", "lane", "update_id"),)

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    # Who the update is from (the person, or the chat for updates without one): one lane is
    # handled one update at a time, in order.
    lane: int = Field(sa_column=Column(BigInteger, nullable=False))
    kind: str = Field(max_length=32)  # message, callback_query, my_chat_member …
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    status: str = Field(default="pending", max_length=12)  # pending, applied, done, failed
    attempts: int = 0
    received_at: datetime = _time()
    handled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    error: str | None = Field(default=None, max_length=200)


class ChatAlias(SQLModel, table=True):
    """A group that Telegram turned into a supergroup (`migrate_to_chat_id`): messages for the
    old id go to the new one."""

    __tablename__ = "chat_alias"

    old_chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True,
                                              autoincrement=False))
    new_chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = _time()


class ReviewDraft(SQLModel, table=True):
    """A reviewer's decision in progress (reasons picked so far) on one filing version."""

    __tablename__ = "review_draft"
    __table_args__ = (UniqueConstraint("reviewer_id", "filing_id"),)

    id: int | None = Field(default=None, primary_key=True)
    reviewer_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    filing_id: int = Field(foreign_key="filing.id", ondelete="CASCADE", index=True)
    filing_version: int
    action: str = Field(max_length=24)  # the action the reasons are for (reject, verify_fail …)
    reasons: list[Any] = Field(default_factory=list, sa_type=JSON)
    state: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # what is being picked
    updated_at: datetime = _time()
