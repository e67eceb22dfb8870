"""What an uploaded file is, decided from its content (never from its name or claimed type).

Issue B adds the quality checks (sharpness, blankness, resolution); this module answers the first
question: is it an image or a PDF we can take, and how big is it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from dialogs.messages import Invalid

TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # Bot API getFile refuses larger files
MAX_PIXELS = 50_000_000  # larger images are refused as decompression bombs


@dataclass(frozen=True)
class FileKind:
    mime: str
    suffix: str
    image: bool


JPEG = FileKind("image/jpeg", "jpg", True)
PNG = FileKind("image/png", "png", True)
WEBP = FileKind("image/webp", "webp", True)
PDF = FileKind("application/pdf", "pdf", False)


def sniff(content: bytes) -> FileKind | None:
    """The file's type from its first bytes."""
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return WEBP
    if content.startswith(b"%PDF-"):
        return PDF
    return None


@dataclass(frozen=True)
class Inspected:
    kind: FileKind
    width: int | None = None
    height: int | None = None


def check_size_before_download(size: int | None) -> None:
    if size is not None and size > TELEGRAM_DOWNLOAD_LIMIT:
        raise Invalid("err-file-too-large", limit_mb=TELEGRAM_DOWNLOAD_LIMIT // (1024 * 1024))


def inspect(content: bytes) -> Inspected:
    """Accept a JPEG, PNG, WebP or PDF that is what it claims to be. Blocking: run in a thread."""
    if not content:
        raise Invalid("err-file-empty")
    check_size_before_download(len(content))
    kind = sniff(content)
    if kind is None:
        raise Invalid("err-file-type")
    if not kind.image:
        return Inspected(kind)
    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise Invalid("err-image-too-many-pixels")
            image.load()  # decodes fully: a truncated file fails here
    except Invalid:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Invalid("err-image-broken") from None
    return Inspected(kind, width, height)
