"""Logging set-up with a safety net: ID numbers and phone numbers never reach a log in full.

Our own log lines carry filing numbers and field keys, not values; the net catches what a library
prints: an exception message quoting a request, a traceback's locals, the `[parameters: (...)]`
SQLAlchemy appends to a database error. It works on the *formatted* text of each record (message,
arguments, traceback, stack), so nothing the formatter appends escapes it: `PiiMasking` is a
formatter mixin that any formatter class (a JSON one, say) can put in front of its own.
"""

from __future__ import annotations

import logging
import re
from types import TracebackType
from typing import IO, TypeAlias

_SEP = r"[ -]?"  # a space or a dash people put between groups of digits


def _start(before: str) -> str:
    """Where a number may start: not after any of `before`, except right after an escape that ends
    in a digit (`\\u53f7110101…` is "号" and an ID in ASCII-only JSON; `\\xb7110101…` in a repr)."""
    return (rf"(?:(?<![{before}])|(?<=\\u[0-9a-fA-F]{{4}})|(?<=\\U[0-9a-fA-F]{{8}})"
            rf"|(?<=\\x[0-9a-fA-F]{{2}}))")


# Resident ID: 6 region digits, 8 birth date digits, 3 sequence digits and a check digit or X.
_RESIDENT_ID = re.compile(
    _start("0-9") + rf"(\d{{6}}{_SEP})\d{{8}}({_SEP}\d{{3}}[\dXx])(?![0-9A-Za-z])")
# USCC (unified social credit code): 18 characters, the 3rd to 8th a region code.
_USCC_CHAR = "[0-9A-HJ-NPQRTUWXY]"
_USCC = re.compile(
    _start("0-9A-Z")
    + rf"({_USCC_CHAR}{{2}}\d{{6}}){_USCC_CHAR}{{6}}({_USCC_CHAR}{{4}})(?![0-9A-Z])")
# Mainland mobile: 1[3-9]x xxxx xxxx, maybe after +86 / 0086 / 86, maybe spaced or dashed 3-4-4.
_MOBILE = re.compile(
    _start("0-9") + rf"((?:(?:\+|00)?86{_SEP})?1[3-9]\d{_SEP})\d{{4}}({_SEP}\d{{4}})(?!\d)")
# Landline: an area code (0 and 2 or 3 digits, maybe in brackets; after +86 without its 0), then
# 7 or 8 digits, maybe split 3/4-4.
_LANDLINE = re.compile(
    _start("0-9+")
    + rf"((?:(?:\+|00)86{_SEP}\(?[1-9]\d{{1,2}}\)?|\(?0[1-9]\d{{1,2}}\)?){_SEP})"
    + rf"\d{{3,4}}({_SEP}\d{{4}})(?!\d)")
# SQLAlchemy shortens a long parameter by cutting out its middle: a number cut in two would leave
# both halves in the text, too short for the patterns above. Digits touching the cut are hidden.
_CUT = re.compile(r"[\dXx]+(?:[ -][\dXx]+)*( \.\.\. \(\d+ characters truncated\) \.\.\. )"
                  r"|(?<= characters truncated\) \.\.\. )[\dXx]+(?:[ -][\dXx]+)*")

# Libraries that log SQL parameters or request bodies at INFO; they only speak up on problems.
QUIET_LOGGERS = ("sqlalchemy", "aiosqlite", "asyncio")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_ExcInfo: TypeAlias = (
    tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]
)


def _hide_cut(match: re.Match[str]) -> str:
    cut = match.group(1)
    if cut is None:  # the digits after the cut
        return "*" * len(match.group(0))
    return "*" * (len(match.group(0)) - len(cut)) + cut


def mask_pii(text: str) -> str:
    """`text` with resident IDs, USCCs, mobile and landline numbers masked, recognisable by their
    ends (`110101********4477`, `138****5678`, `010-****5678`). Masking twice changes nothing."""
    text = _RESIDENT_ID.sub(r"\1********\2", text)
    text = _USCC.sub(r"\1******\2", text)
    text = _MOBILE.sub(r"\1****\2", text)
    text = _LANDLINE.sub(r"\1****\2", text)
    return _CUT.sub(_hide_cut, text)


class PiiMasking(logging.Formatter):
    """Masks personal data in everything the formatter writes. Put it first among the bases of any
    formatter class: `class JsonFormatter(PiiMasking, SomeJsonFormatter)`.

    The traceback and stack text are masked too when they are made, so the copy the standard
    formatter caches on the record (`record.exc_text`) is masked for every other handler."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_pii(super().format(record))

    def formatException(self, ei: _ExcInfo) -> str:
        return mask_pii(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return mask_pii(super().formatStack(stack_info))


class PiiFormatter(PiiMasking):
    """The plain text formatter, masked."""


def setup_logging(level: str = "INFO", stream: IO[str] | None = None) -> logging.Handler:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(PiiFormatter(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler
