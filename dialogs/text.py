"""Input normalization applied before any validation."""

from __future__ import annotations

import re
import unicodedata

# Zero-width and bidi control characters that phones and copy-paste slip into answers.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"\s+")


def normalize(raw: str) -> str:
    """Full-width digits, letters and punctuation to half-width; invisible marks removed;
    runs of whitespace collapsed; ends stripped."""
    text = unicodedata.normalize("NFKC", raw)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def compact(raw: str) -> str:
    """`normalize`, then drop every space, dash and dot: for codes typed in groups."""
    return re.sub(r"[\s\-‐‑‒–—―.·]", "", normalize(raw))


def char_count(text: str) -> int:
    """Length as a person counts it (one per character, CJK or Latin)."""
    return len(text)
