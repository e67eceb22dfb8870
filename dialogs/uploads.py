"""Checks on an uploaded certificate photo or scan, before it is accepted (filing rules §2, step 4).

What the file is comes from its content (magic bytes), never from its name or claimed type. An image
is then checked without trusting its header (size read before decoding, so a decompression bomb is
refused without being decoded), decoded completely (a truncated upload fails), turned the way the
camera's EXIF orientation says, and measured: large enough, exposed, not blank, not blurred. A PDF
has each page rendered and measured the same way. What is accepted comes back with a normalized
JPEG of each page for the reviewers: orientation applied, RGB, no metadata, at most 2 MB.

It also comes back with the original to keep, without what could tell where it was taken, with
what, or by whom: no EXIF (GPS, make, model, serial numbers, maker notes, thumbnails), XMP, IPTC,
comments or text chunks; the ICC colour profile is kept, and the pixels are the way the applicant
sees them. See `_original` for how each type is cleaned. A PDF is kept as sent.

Every refusal is an `Invalid` whose message says what is wrong and how to take the picture again;
the messages are in locales/*/uploads.ftl. The thresholds and how they were chosen are in
docs/image-checks.md (`bench/image_checks.py --calibrate` reproduces the table).

Blocking (decoding, rendering): the bot runs these functions in a thread.
"""

from __future__ import annotations

import contextlib
import io
import re
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pillow_heif
import pypdfium2 as pdfium
from PIL import Image, ImageFile, ImageFilter, ImageOps, JpegImagePlugin

from dialogs.messages import Invalid

TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # Bot API getFile refuses larger files
MAX_PIXELS = 50_000_000  # larger images are refused as decompression bombs, before decoding
MIN_SHORT_SIDE = 600  # px, after orientation (filing rules §2 step 4)

# Measurements are made on a greyscale copy scaled so that its longer side is WORKING_SIDE, so the
# same blur (relative to the document) scores the same on a 1280 px and on a 4000 px photo.
WORKING_SIDE = 1000
SHARPNESS_MIN = 30.0  # see `sharpness`; calibrated in docs/image-checks.md
DARK_MEAN = 50.0  # mean grey level (0–255) below which a picture is too dark to read
BLANK_STDDEV = 10.0  # grey-level standard deviation below which a picture is "one colour"
BRIGHT_MEAN = 200.0  # overexposed: bright on average …
WASHED_OUT_DARKEST = 150.0  # … and even the darkest pixels are light grey (the ink washed out)
DARKEST_FRACTION = 0.002  # "the darkest pixels": the darkest 0.2 % (two lines of text are more)

# The normalized copy is the original shrunk by a whole factor, as far as its longer side stays at
# least MIN_NORMALIZED_SIDE, then capped at MAX_NORMALIZED_SIDE: a 4000 × 3000 photo gives a
# 2000 × 1500 copy. A whole factor is cheap: a JPEG is decoded at 1/2, 1/4 or 1/8 scale directly
# (libjpeg's DCT scaling, `Image.draft`), other images average blocks of pixels (`Image.reduce`).
MIN_NORMALIZED_SIDE = 1600
MAX_NORMALIZED_SIDE = 2560
MAX_NORMALIZED_BYTES = 2_000_000
JPEG_QUALITIES = (85, 75, 65, 55, 45)
ORIGINAL_QUALITY = 95  # an original that has to be encoded again (turned, or from HEIC)

RENDER_DPI = 200  # PDF pages are rendered at this resolution (an A4 page: 1654 × 2339 px) …
MAX_RENDER_SIDE = MAX_NORMALIZED_SIDE  # … but never larger than this on the longer side

# Pillow: refuse bombs itself too (it raises above twice this), never accept a truncated file.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False
pillow_heif.register_heif_opener()

_PDFIUM = threading.Lock()  # PDFium is not thread-safe: every call into it holds this lock
_BINOMIAL = ImageFilter.BoxBlur(0.5)  # 3 × 3 weights (1 2 1)ᵀ(1 2 1) / 16: a Gaussian, σ ≈ 0.7
_LAPLACIAN = ImageFilter.Kernel((3, 3), (0, 1, 0, 1, -4, 1, 0, 1, 0), scale=0.5, offset=128)
_ORIENTATION = 0x0112  # EXIF tag
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, RuntimeError, IndexError,
                  TypeError, KeyError, ZeroDivisionError, MemoryError, struct.error)


@dataclass(frozen=True)
class FileKind:
    mime: str
    suffix: str
    image: bool


JPEG = FileKind("image/jpeg", "jpg", True)
PNG = FileKind("image/png", "png", True)
WEBP = FileKind("image/webp", "webp", True)
HEIC = FileKind("image/heic", "heic", True)
HEIF = FileKind("image/heif", "heif", True)
PDF = FileKind("application/pdf", "pdf", False)
GIF = FileKind("image/gif", "gif", True)  # recognized in order to be refused with its own message

_PILLOW_FORMATS = {JPEG: ["JPEG"], PNG: ["PNG"], WEBP: ["WEBP"], HEIC: ["HEIF"], HEIF: ["HEIF"]}
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"heim", b"heis"})
_HEIF_BRANDS = frozenset({b"mif1", b"msf1"})


def sniff(content: bytes) -> FileKind | None:
    """The file's type from its first bytes (GIF included, so that it gets its own refusal)."""
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return WEBP
    if content[4:8] == b"ftyp":  # ISO base media file: the major brand says which
        brand = content[8:12]
        if brand in _HEIC_BRANDS:
            return HEIC
        if brand in _HEIF_BRANDS:
            return HEIF
        return None
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    return None


@dataclass(frozen=True)
class CheckedPage:
    width: int  # of the original, after EXIF orientation (a PDF page: as rendered)
    height: int
    sharpness: float  # see `sharpness`; at least SHARPNESS_MIN
    jpeg: bytes  # normalized: orientation applied, RGB, no metadata, ≤ MAX_NORMALIZED_BYTES


@dataclass(frozen=True)
class CheckedUpload:
    kind: FileKind  # what was received
    original: bytes  # what to store as the original: the file without metadata (see `_original`)
    original_kind: FileKind  # its type: `kind`, except that a HEIC or HEIF original is a JPEG
    pages: tuple[CheckedPage, ...]  # one for an image, one per page for a PDF


def check_size_before_download(size: int | None) -> None:
    """Refuse what Telegram would not let the bot download, from the size the message announces."""
    if size is not None and size > TELEGRAM_DOWNLOAD_LIMIT:
        raise Invalid("err-file-too-large", limit_mb=TELEGRAM_DOWNLOAD_LIMIT // (1024 * 1024))


def check_upload(content: bytes, *, max_pages: int = 1) -> CheckedUpload:
    """Accept a certificate photo or scan (JPEG, PNG, WebP, HEIC/HEIF, or a PDF of at most
    `max_pages` pages) that can be read, or raise `Invalid` saying why not. Blocking."""
    kind = _kind(content)
    if kind is PDF:
        pages = []
        for number, image in enumerate(_render_pdf(content, max_pages), start=1):
            try:
                pages.append(_accept(image, image.width, image.height))
            except Invalid as refused:  # "page 2: …" and the page's own reason
                raise Invalid("err-pdf-page", page=number, problem=refused.msg) from None
        return CheckedUpload(kind, content, PDF, tuple(pages))  # a PDF is kept byte for byte
    decoded = _decoded(content, kind)
    page = _accept(decoded.pixels, decoded.width, decoded.height)
    try:  # only for what is accepted
        original, original_kind = _original(content, kind, decoded)
    except _DECODE_ERRORS:  # decoded at full size for the first time, and failed
        raise Invalid("err-image-broken") from None
    return CheckedUpload(kind, original, original_kind, (page,))


@dataclass(frozen=True)
class Measures:
    mean: float  # grey level 0–255 of the working copy
    stddev: float
    darkest: int  # the grey level the darkest DARKEST_FRACTION of the pixels are at or below
    sharpness: float  # see `sharpness`


def measure(content: bytes, *, max_pages: int = 1) -> tuple[Measures, ...]:
    """What `check_upload` measures, one per page, before comparing with the thresholds: the same
    decoding, orientation and working copy (for the calibration in bench/image_checks.py)."""
    kind = _kind(content)
    images = _render_pdf(content, max_pages) if kind is PDF else [_decode(content, kind)[0]]
    return tuple(_measure(_working_copy(_normalized(image))) for image in images)


def _kind(content: bytes) -> FileKind:
    if ImageFile.LOAD_TRUNCATED_IMAGES:  # turned on elsewhere in the process: half files would pass
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False")
    if not content:
        raise Invalid("err-file-empty")
    check_size_before_download(len(content))
    kind = sniff(content)
    if kind is None:
        raise Invalid("err-file-type")
    if kind is GIF:
        raise Invalid("err-file-gif")
    return kind


# --- images ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Decoded:
    pixels: Image.Image  # RGB, turned as EXIF says; a JPEG at a reduced scale
    width: int  # of the original, after the turn
    height: int
    orientation: int  # the EXIF orientation applied to the pixels: 1 (none) to 8


def _decode(content: bytes, kind: FileKind) -> tuple[Image.Image, int, int]:
    decoded = _decoded(content, kind)
    return decoded.pixels, decoded.width, decoded.height


def _decoded(content: bytes, kind: FileKind) -> _Decoded:
    """RGB pixels turned as EXIF says (a JPEG at a reduced scale), and the original's size after
    that turn. The size is read from the header and checked before anything is decoded."""
    try:
        image = Image.open(io.BytesIO(content), formats=_PILLOW_FORMATS[kind])
    except Image.DecompressionBombError:  # Pillow's own limit, from the header
        raise _too_many_pixels() from None
    except _DECODE_ERRORS:  # includes UnidentifiedImageError: the header does not parse
        raise Invalid("err-image-broken") from None
    width, height = image.size  # from the header: nothing is decoded yet
    if width * height > MAX_PIXELS:
        raise _too_many_pixels()
    if kind is not JPEG and getattr(image, "is_animated", False):
        # (a JPEG with several frames is an MPO: an iPhone's HDR gain map, not an animation)
        raise Invalid("err-image-animated")
    if min(width, height) < MIN_SHORT_SIDE:
        turned = _orientation(image) in (5, 6, 7, 8)
        raise _too_small(*((height, width) if turned else (width, height)))
    if kind is JPEG:
        scale = _draft_scale(max(width, height))
        image.draft("RGB", (width // scale, height // scale))
    try:
        image.load()  # every byte is decoded (at the draft scale): a cut-off file fails here
        pixels = _rgb(image)
    except _DECODE_ERRORS:
        raise Invalid("err-image-broken") from None
    decoded, orientation = pixels.size, 1
    with contextlib.suppress(*_DECODE_ERRORS):  # unreadable EXIF: the pixels as stored
        turn = int(pixels.getexif().get(_ORIENTATION, 1))  # what exif_transpose reads
        ImageOps.exif_transpose(pixels, in_place=True)
        orientation = turn if 2 <= turn <= 8 else 1
    if pixels.size != decoded:  # turned a quarter: so is the original
        width, height = height, width
    return _Decoded(pixels, width, height, orientation)


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(_ORIENTATION, 1))
    except _DECODE_ERRORS:
        return 1


def _too_many_pixels() -> Invalid:
    return Invalid("err-image-too-many-pixels", limit_mp=MAX_PIXELS // 1_000_000)


def _too_small(width: int, height: int) -> Invalid:
    # sizes as text: Fluent would write 1200 as "1,200"
    return Invalid("err-image-too-small", width=str(width), height=str(height), min=MIN_SHORT_SIDE)


def _draft_scale(longer: int) -> int:
    """The JPEG DCT scale (1, 2, 4 or 8) that decodes to the smallest image whose longer side is
    still at least MIN_NORMALIZED_SIDE."""
    scale = 1
    while scale < 8 and longer // (scale * 2) >= MIN_NORMALIZED_SIDE:
        scale *= 2
    return scale


def _rgb(image: Image.Image) -> Image.Image:
    """RGB pixels: transparency laid on white paper, 16-bit grey scaled down, palettes expanded."""
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        layer = image.convert("RGBA")
        paper = Image.new("RGBA", layer.size, (255, 255, 255, 255))
        paper.alpha_composite(layer)
        flattened = paper.convert("RGB")
        flattened.info = dict(image.info)  # the colour profile still describes the pixels
        return flattened
    if image.mode.startswith("I"):  # 16- or 32-bit grey
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L").convert("RGB")
    return image.convert("RGB")


def _accept(image: Image.Image, width: int, height: int) -> CheckedPage:
    """The checks shared by photos and PDF pages; `image` is RGB and already the right way up,
    `width` × `height` the size of the original."""
    if min(width, height) < MIN_SHORT_SIDE:
        raise _too_small(width, height)
    normal = _normalized(image)
    measures = _measure(_working_copy(normal))
    if measures.mean < DARK_MEAN:
        raise Invalid("err-image-too-dark")
    if measures.stddev < BLANK_STDDEV:
        raise Invalid("err-image-blank")
    if measures.sharpness < SHARPNESS_MIN:  # before "too bright": blur also lightens thin ink
        raise Invalid("err-image-blurry")
    if measures.mean > BRIGHT_MEAN and measures.darkest > WASHED_OUT_DARKEST:
        raise Invalid("err-image-too-bright")
    return CheckedPage(width, height, measures.sharpness, _normalized_jpeg(normal, _rgb_icc(image)))


def _rgb_icc(image: Image.Image) -> bytes | None:
    """The ICC profile of RGB pixels from `image.info` (a CMYK or grey profile would misdescribe
    them)."""
    icc = image.info.get("icc_profile")
    return icc if isinstance(icc, bytes) and icc[16:20] == b"RGB " else None


def _normalized(image: Image.Image) -> Image.Image:
    """The pixels of the normalized copy (see MIN_NORMALIZED_SIDE)."""
    factor = max(image.size) // MIN_NORMALIZED_SIDE
    if factor > 1:
        image = image.reduce(factor)
    if max(image.size) <= MAX_NORMALIZED_SIDE:
        return image
    return _scaled(image, MAX_NORMALIZED_SIDE, Image.Resampling.LANCZOS, gap=3.0)


def _working_copy(image: Image.Image) -> Image.Image:
    """Greyscale, exactly WORKING_SIDE pixels on the longer side. Shrinking averages whole 2 × 2
    (3 × 3 …) blocks first, so the usual 2000 px decode becomes 1000 px without resampling."""
    grey = image.convert("L")
    if max(grey.size) == WORKING_SIDE:
        return grey
    return _scaled(grey, WORKING_SIDE, Image.Resampling.BILINEAR, gap=1.0)


def _scaled(image: Image.Image, side: int, resample: Image.Resampling, *,
            gap: float) -> Image.Image:
    factor = side / max(image.size)
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, resample, reducing_gap=gap if factor < 1 else None)


def _measure(grey: Image.Image) -> Measures:
    histogram = grey.histogram()
    count = sum(histogram)
    mean = sum(level * n for level, n in enumerate(histogram)) / count
    variance = sum((level - mean) ** 2 * n for level, n in enumerate(histogram)) / count
    darkest = _percentile(histogram, DARKEST_FRACTION)
    return Measures(mean, variance**0.5, darkest, sharpness(grey, histogram))


def sharpness(grey: Image.Image, histogram: list[int] | None = None) -> float:
    """How steep the steepest edges of the working copy are, in grey levels per pixel²: the 99.5th
    percentile of |Laplacian of Gaussian| after stretching the grey levels to the full range (the
    darkest and the brightest 1 % clipped). From 0 (no edge) to 64 (where the filter saturates).

    - the percentile looks at the strongest edges only (the text strokes): a page with two lines
      of text scores like a full one;
    - the stretch makes a grey-on-grey or a dim photo score like a crisp one;
    - the Gaussian (a 3 × 3 binomial, σ ≈ 0.7 px) keeps sensor noise from passing for detail.
    A plain variance of the Laplacian has none of these (docs/image-checks.md compares them)."""
    histogram = histogram or grey.histogram()
    low, high = _percentile(histogram, 0.01), _percentile(histogram, 0.99)
    if high > low:  # the stretch: low → 0, high → 255 (what ImageOps.autocontrast(cutoff=1) does)
        gain = 255 / (high - low)
        grey = grey.point([min(255, max(0, round((v - low) * gain))) for v in range(256)])
    edges = grey.filter(_BINOMIAL).filter(_LAPLACIAN)
    inner = edges.crop((2, 2, edges.width - 2, edges.height - 2))  # the borders are not filtered
    magnitude = [0] * 129
    for level, n in enumerate(inner.histogram()):
        magnitude[min(128, abs(level - 128))] += n
    return _percentile(magnitude, 0.995) / 2  # the filter doubles (0.5 grey level resolution)


def _percentile(histogram: list[int], fraction: float) -> int:
    """The smallest level at or below which `fraction` of the counted pixels lie."""
    target = fraction * sum(histogram)
    seen = 0
    for level, n in enumerate(histogram):
        seen += n
        if seen >= target and n:
            return level
    return len(histogram) - 1


def _normalized_jpeg(image: Image.Image, icc: bytes | None) -> bytes:
    """JPEG of `image` no larger than MAX_NORMALIZED_BYTES: lower quality first, then smaller.
    No EXIF (so no GPS position); the colour profile is kept."""
    extra = {"icc_profile": icc} if icc else {}
    while True:
        for quality in JPEG_QUALITIES:
            encoded = _encoded(image, "JPEG", quality=quality, **extra)
            if len(encoded) <= MAX_NORMALIZED_BYTES:
                return encoded
        image = _scaled(image, round(max(image.size) * 0.75), Image.Resampling.LANCZOS, gap=3.0)


def _encoded(image: Image.Image, fmt: str, **params: Any) -> bytes:
    """`image` in `fmt` with `params` and nothing else: no EXIF, XMP, comment or text Pillow would
    otherwise carry over from `image.info` (a JPEG's comment, for one)."""
    kept, image.info = image.info, {}
    try:
        buffer = io.BytesIO()
        image.save(buffer, fmt, **params)
        return buffer.getvalue()
    finally:
        image.info = kept


# --- the original, without metadata ---------------------------------------------------------
# Beside its pixels an image file may say where, with what and by whom it was taken: EXIF (GPS
# position, make, model, serial numbers, owner's name, maker notes, a thumbnail), XMP, IPTC,
# comments, PNG text chunks. The original we keep has none of it, and keeps its ICC profile:
# - not turned by EXIF (no orientation, or 1): the file is copied without those blocks (JPEG
#   segments, PNG chunks, WebP chunks), not encoded again: the same pixels, no generation loss,
#   a few milliseconds. What is kept is a list of what a picture needs; anything else goes.
# - turned (orientation 2 to 8): decoded in full, turned, and encoded in its own format, so that
#   it looks right in a viewer that ignores EXIF too: JPEG at quality 95 with the source's chroma
#   subsampling, PNG losslessly, WebP losslessly or at quality 95 as the source was.
# - HEIC/HEIF: always encoded as a JPEG at quality 95 with the source's chroma subsampling, from
#   the pixels the checks decoded (its metadata are items of a box structure not worth rewriting,
#   and a JPEG opens on every reviewer's device). The original is then a JPEG: `original_kind`.
# A file whose structure does not parse as expected is encoded again instead of copied.
_HEIF_SUBSAMPLING = {444: 0, 422: 1, 420: 2}  # pillow-heif's `chroma` → Pillow's `subsampling`


def _original(content: bytes, kind: FileKind, decoded: _Decoded) -> tuple[bytes, FileKind]:
    if kind is HEIC or kind is HEIF:
        pixels = decoded.pixels
        icc = _rgb_icc(pixels)
        subsampling = _HEIF_SUBSAMPLING.get(pixels.info.get("chroma", 0), 0)
        return _encoded(pixels, "JPEG", quality=ORIGINAL_QUALITY, subsampling=subsampling,
                        **({"icc_profile": icc} if icc else {})), JPEG
    if decoded.orientation == 1:
        copied = _WITHOUT_METADATA[kind](content)
        if copied is not None:
            return copied, kind
    return _turned_original(content, kind), kind


def _turned_original(content: bytes, kind: FileKind) -> bytes:
    """The image decoded in full, turned as EXIF says, encoded again in its own format with its
    ICC profile (and a PNG's transparency) and nothing else."""
    with Image.open(io.BytesIO(content), formats=_PILLOW_FORMATS[kind]) as source:
        icc = source.info.get("icc_profile")
        params: dict[str, Any] = {}
        if kind is JPEG:
            sampling = JpegImagePlugin.get_sampling(source)
            params = {"quality": ORIGINAL_QUALITY, "subsampling": max(0, sampling)}
        elif kind is WEBP:
            lossless = any(name == b"VP8L" for name, _ in _webp_chunks(content) or ())
            params = {"lossless": True} if lossless else {"quality": ORIGINAL_QUALITY}
        elif "transparency" in source.info:
            params = {"transparency": source.info["transparency"]}
        image = ImageOps.exif_transpose(source)
    if kind is JPEG and image.mode not in ("L", "RGB"):  # CMYK: written back as RGB
        image, icc = image.convert("RGB"), None
    if isinstance(icc, bytes) and icc:
        params["icc_profile"] = icc
    return _encoded(image, "JPEG" if kind is JPEG else "PNG" if kind is PNG else "WEBP", **params)


# JPEG: segments a decoder needs (frame, tables, restart interval); the JFIF header (without its
# thumbnail), the ICC profile and Adobe's colour transform flag are kept, every other APPn segment
# (EXIF, XMP, IPTC, MPF, maker data) and comments go; the file ends at the first image's end
# (a second picture, as in an MPO, or anything appended, goes too).
_JPEG_TABLES = frozenset(range(0xC0, 0xD0)) - {0xC8} | {0xDB, 0xDD}  # SOFn DHT DAC DQT DRI
_JPEG_DROPPED = frozenset(range(0xE0, 0xF0)) | {0xFE}  # APPn, COM
_JPEG_APPS = ((0xE2, b"ICC_PROFILE\x00"), (0xEE, b"Adobe"))  # the APPn segments kept
_JPEG_SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # a marker after entropy-coded data


def _jpeg_without_metadata(content: bytes) -> bytes | None:
    kept, pos, end = [b"\xff\xd8"], 2, len(content)
    while pos + 2 <= end:
        if content[pos] != 0xFF:
            return None
        marker = content[pos + 1]
        if marker == 0xFF:  # fill byte before a marker
            pos += 1
            continue
        if marker == 0xD9:  # EOI
            kept.append(b"\xff\xd9")
            return b"".join(kept)
        length = int.from_bytes(content[pos + 2:pos + 4], "big")
        segment = content[pos:pos + 2 + length]
        if length < 2 or len(segment) != 2 + length:
            return None
        pos += 2 + length
        if marker == 0xDA:  # SOS: the scan's entropy-coded data runs until the next marker
            found = _JPEG_SCAN_END.search(content, pos)
            if found is None:
                return None
            kept.append(segment + content[pos:found.start()])
            pos = found.start()
        elif marker in _JPEG_TABLES:
            kept.append(segment)
        elif marker == 0xE0 and segment[4:9] == b"JFIF\x00" and length >= 16:
            kept.append(b"\xff\xe0\x00\x10" + segment[4:16] + b"\x00\x00")  # no thumbnail
        elif any(marker == app and segment[4:4 + len(tag)] == tag for app, tag in _JPEG_APPS):
            kept.append(segment)
        elif marker not in _JPEG_DROPPED:  # a marker we do not know: encode again
            return None
    return None


# PNG: the critical chunks and those that describe colour, transparency and pixel size; text
# (tEXt, zTXt, iTXt, where XMP lives), eXIf, tIME and any other ancillary chunk go.
_PNG_KEPT = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB",
                       b"iCCP", b"cICP", b"mDCV", b"cLLI", b"sBIT", b"pHYs", b"bKGD"})


def _png_without_metadata(content: bytes) -> bytes | None:
    kept, pos = [content[:8]], 8
    while pos + 12 <= len(content):
        length = int.from_bytes(content[pos:pos + 4], "big")
        name, end = content[pos + 4:pos + 8], pos + 12 + length
        if end > len(content):
            return None
        if name in _PNG_KEPT:
            kept.append(content[pos:end])
        elif not name[0] & 0x20:  # a critical chunk we do not know: encode again
            return None
        if name == b"IEND":
            return b"".join(kept)
        pos = end
    return None


# WebP: the image data, alpha and ICC chunks; EXIF, XMP and unknown chunks go, and the extended
# header's EXIF and XMP flags are cleared.
_WEBP_KEPT = frozenset({b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ICCP"})
_VP8X_EXIF_XMP = 0x08 | 0x04


def _webp_chunks(content: bytes) -> list[tuple[bytes, bytes]] | None:
    if content[:4] != b"RIFF" or content[8:12] != b"WEBP":
        return None
    end = 8 + int.from_bytes(content[4:8], "little")
    if end > len(content):
        return None
    chunks, pos = [], 12
    while pos + 8 <= end:
        size = int.from_bytes(content[pos + 4:pos + 8], "little")
        if pos + 8 + size > end:
            return None
        chunks.append((content[pos:pos + 4], content[pos + 8:pos + 8 + size]))
        pos += 8 + size + (size & 1)  # chunks are padded to an even size
    return chunks


def _webp_without_metadata(content: bytes) -> bytes | None:
    chunks = _webp_chunks(content)
    if chunks is None or any(name in (b"ANIM", b"ANMF") for name, _ in chunks):
        return None
    body = [b"WEBP"]
    for name, data in chunks:
        if name not in _WEBP_KEPT:
            continue
        if name == b"VP8X" and data:
            data = bytes([data[0] & ~_VP8X_EXIF_XMP]) + data[1:]
        body += [name, len(data).to_bytes(4, "little"), data, b"\x00" * (len(data) & 1)]
    riff = b"".join(body)
    return b"RIFF" + len(riff).to_bytes(4, "little") + riff


_WITHOUT_METADATA: dict[FileKind, Callable[[bytes], bytes | None]] = {
    JPEG: _jpeg_without_metadata, PNG: _png_without_metadata, WEBP: _webp_without_metadata}


# --- PDF ------------------------------------------------------------------------------------
def _render_pdf(content: bytes, max_pages: int) -> list[Image.Image]:
    """Every page as an RGB image at RENDER_DPI (smaller for a huge page, larger for a tiny one)."""
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(content)
        except pdfium.PdfiumError:  # damaged, or needs a password to open
            raise Invalid("err-pdf-broken") from None
        try:
            count = len(document)
            if count == 0:
                raise Invalid("err-pdf-broken")
            if count > max_pages:
                raise Invalid("err-pdf-too-many-pages", pages=count, limit=max_pages)
            return [_render_page(document, index) for index in range(count)]
        except pdfium.PdfiumError:
            raise Invalid("err-pdf-broken") from None
        finally:
            document.close()


def _render_page(document: pdfium.PdfDocument, index: int) -> Image.Image:
    page = document[index]
    try:
        width, height = page.get_size()  # points (1/72 in), as displayed (/Rotate applied)
        if min(width, height) <= 0:
            raise Invalid("err-pdf-broken")
        scale = max(RENDER_DPI / 72, MIN_SHORT_SIDE / min(width, height))
        scale = min(scale, MAX_RENDER_SIDE / max(width, height),
                    (MAX_PIXELS / (width * height)) ** 0.5)
        bitmap = page.render(scale=scale)
        try:
            return bitmap.to_pil().convert("RGB")  # a copy: the bitmap's memory is freed below
        finally:
            bitmap.close()
    finally:
        page.close()
