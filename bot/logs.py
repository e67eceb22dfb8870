"""Logging set-up with a safety net: ID numbers and mobile numbers never reach a log in full.

Our own log lines carry filing numbers and field keys, not values; the filter also masks what a
library might print (an exception message quoting a request, say).
"""

from __future__ import annotations

import logging
import re
from typing import IO

_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_USCC = re.compile(r"(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}\d{6})[0-9A-HJ-NPQRTUWXY]{6}"
                   r"([0-9A-HJ-NPQRTUWXY]{4})(?![0-9A-Z])")
_MOBILE = re.compile(r"(?<!\d)((?:\+?86)?1[3-9]\d)\d{4}(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-)\d{3,4}(\d{4})(?!\d)")

# Libraries that log SQL parameters or request bodies at INFO; they only speak up on problems.
QUIET_LOGGERS = ("sqlalchemy", "aiosqlite", "asyncio")


def mask_pii(text: str) -> str:
    text = _RESIDENT_ID.sub(r"\1********\2", text)
    text = _USCC.sub(r"\1******\2", text)
    text = _LANDLINE.sub(r"\1****\2", text)
    return _MOBILE.sub(r"\1****\2", text)


class PiiFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_pii(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def setup_logging(level: str = "INFO", stream: IO[str] | None = None) -> logging.Handler:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PiiFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler
