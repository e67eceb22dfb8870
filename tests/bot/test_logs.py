"""Logs never hold a resident ID or a phone number in full: not in a message, not in a traceback,
not in the SQL parameters a database error carries (bot/logs.py)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from bot.logs import PiiMasking, mask_pii, setup_logging
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.models import Applicant, Filing

ID = "110101199003074477"
MOBILE = "13812345678"
log = logging.getLogger("icp.test")


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """What the bot's log handler writes (the one `icp-bot run` installs), as text."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    setup_logging("INFO", stream)
    try:
        yield stream
    finally:
        root.handlers[:], root.level = handlers, level


async def _duplicate_filing_number(tmp_path: Path, answers: dict[str, str]) -> IntegrityError:
    """A real database error: a second filing under a number already taken, its answers (and so
    the error's `[parameters: ...]`) holding `answers`."""
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'icp.db'}")
    try:
        await upgrade(engine)
        async with make_sessionmaker(engine)() as session:
            applicant = Applicant(telegram_id=5_000_000_001)
            session.add(applicant)
            await session.flush()
            assert applicant.id is not None
            session.add(Filing(number="F-2026-000001", applicant_id=applicant.id))
            await session.flush()
            session.add(Filing(number="F-2026-000001", applicant_id=applicant.id, answers=answers))
            with pytest.raises(IntegrityError) as caught:
                await session.flush()
            return caught.value
    finally:
        await engine.dispose()


async def test_a_database_error_is_logged_without_the_numbers_in_its_parameters(
        tmp_path: Path, captured: io.StringIO) -> None:
    error = await _duplicate_filing_number(
        tmp_path, {"subject_owner.mobile": MOBILE, "subject_owner.id_number": ID})
    assert MOBILE in str(error) and ID in str(error)  # what SQLAlchemy puts in the error text
    try:
        raise error
    except IntegrityError:
        log.exception("filing not saved")
    logged = captured.getvalue()
    assert "filing not saved" in logged and "IntegrityError" in logged
    assert "[parameters:" in logged and "UNIQUE constraint failed: filing.number" in logged
    assert MOBILE not in logged and ID not in logged
    assert "138****5678" in logged and "110101********4477" in logged


async def test_a_number_cut_in_two_by_sqlalchemy_leaves_neither_half(
        tmp_path: Path, captured: io.StringIO) -> None:
    """SQLAlchemy shortens a long parameter to its first and last 150 characters: an ID that
    straddles the cut would leave two halves no pattern recognises."""
    before = {"note": ""}
    offset = repr(json.dumps(before)).index('"}')  # where the note's text starts in the repr
    answers = {"note": "x" * (150 - offset - 9) + ID + "y" * 400}  # 9 digits before the cut
    error = await _duplicate_filing_number(tmp_path, answers)
    assert "'" + answers["note"][-150:] not in str(error)  # it was cut …
    assert f"{ID[:9]} ... (" in str(error) and ID[9:] not in str(error)  # … inside the ID
    try:
        raise error
    except IntegrityError:
        log.exception("filing not saved")
    logged = captured.getvalue()
    assert "characters truncated" in logged
    assert ID[:9] not in logged and ID[:6] not in logged


def test_a_traceback_whose_message_carries_numbers_is_masked(captured: io.StringIO) -> None:
    def check(mobile: str, id_number: str) -> None:
        raise ValueError(f"owner {mobile} does not match {id_number}")

    try:
        check(MOBILE, ID)
    except ValueError:
        log.exception("check failed for %s", MOBILE)
    logged = captured.getvalue()
    assert "Traceback (most recent call last)" in logged and "ValueError: owner" in logged
    assert MOBILE not in logged and ID not in logged
    assert logged.count("138****5678") == 2 and "110101********4477" in logged


def test_a_stack_is_masked(captured: io.StringIO) -> None:
    log.warning("sms sent to %s", "138 1234 5678", stack_info=True)  # the line shows in the stack
    logged = captured.getvalue()
    assert "Stack (most recent call last)" in logged and "stack_info=True" in logged
    assert "1234" not in logged and logged.count("138 **** 5678") == 2


def test_another_formatter_reuses_the_masking(captured: io.StringIO) -> None:
    """A JSON formatter (ASCII-only JSON, as json.dumps writes by default) masks with the mixin;
    Chinese text written as \\uXXXX right before a number does not hide the number's start."""

    class JsonFormatter(logging.Formatter):  # as a JSON logging library would write one
        def format(self, record: logging.LogRecord) -> str:
            error = record.exc_info[1] if record.exc_info else None
            return json.dumps({"message": record.getMessage(),
                               "exception": f"{type(error).__name__}: {error}" if error else None})

    class MaskedJsonFormatter(PiiMasking, JsonFormatter):
        pass

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(MaskedJsonFormatter())
    log.addHandler(handler)
    try:
        try:
            raise RuntimeError(f"证件号{ID}，手机{MOBILE}")
        except RuntimeError:
            log.exception("号%s", ID)
    finally:
        log.removeHandler(handler)
    written = stream.getvalue()
    assert "\\u53f7" in written  # 号, escaped: a digit right before the ID
    assert ID not in written and MOBILE not in written
    assert written.count("110101********4477") == 2 and "138****5678" in written
    assert json.loads(written)["message"] == "号110101********4477"


@pytest.mark.parametrize(("text", "masked"), [
    # resident IDs
    ("id 110101199003074477 ok", "id 110101********4477 ok"),
    ("id 11010119900307447X", "id 110101********447X"),
    ("id 110101 19900307 4477", "id 110101 ******** 4477"),
    ("{'id': '110101199003074477'}", "{'id': '110101********4477'}"),
    # unified social credit codes
    ("uscc 91350100M000100Y43", "uscc 91350100******0Y43"),
    # mobiles
    ("tel 13812345678", "tel 138****5678"),
    ("tel 138 1234 5678", "tel 138 **** 5678"),
    ("tel 138-1234-5678", "tel 138-****-5678"),
    ("tel +86 13812345678", "tel +86 138****5678"),
    ("tel +8613812345678", "tel +86138****5678"),
    ("tel 8613812345678", "tel 86138****5678"),
    ("tel 0086-138-1234-5678", "tel 0086-138-****-5678"),
    ("tel:19912345678.", "tel:199****5678."),
    # landlines
    ("tel 010-12345678", "tel 010-****5678"),
    ("tel 0571-1234567", "tel 0571-****4567"),
    ("tel (010) 1234 5678", "tel (010) **** 5678"),
    ("tel 021-6123-4567", "tel 021-****-4567"),
    ("tel +86 10 12345678", "tel +86 10 ****5678"),
    # escapes right before a number (ASCII-only JSON, a bytes repr)
    ("\\u53f7110101199003074477", "\\u53f7110101********4477"),
    ("b'\\xb713812345678'", "b'\\xb7138****5678'"),
])
def test_each_shape_of_number_is_masked(text: str, masked: str) -> None:
    assert mask_pii(text) == masked
    assert mask_pii(masked) == masked  # masking twice changes nothing


@pytest.mark.parametrize("text", [
    "filing F-2026-000123 stored",
    "user 5000000001 in chat -1001234567890",
    "at 1765432109876 ms; 2026-11-30 12:00:01,123",
    "document 3f2a9c0b1e4d5f6a7b8c9d0e1f2a3b4c.jpg, 1382 bytes, 0.123 s",
    "127.0.0.1:8081 answered 429",
])
def test_other_numbers_are_left_alone(text: str) -> None:
    assert mask_pii(text) == text
