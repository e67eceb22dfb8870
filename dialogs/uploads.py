"""Checks on an uploaded certificate photo or scan, before it is accepted (filing rules §2, step 4).

What the file is comes from its content (magic bytes), never from its name or claimed type. An image
is then checked without trusting its header (size read before decoding, so a decompression bomb is
refused without being decoded), decoded completely (a truncated upload fails), turned the way the
camera's EXIF orientation says, and measured: large enough, exposed, not blank, not blurred. A PDF
has each page rendered and measured the same way. What is accepted comes back with a normalized
JPEG of each page for the reviewers: orientation applied, RGB, no metadata, at most 2 MB.

Every refusal is an `Invalid` whose message says what is wrong and how to take the picture again;
the messages are in locales/*/uploads.ftl. The thresholds and how they were chosen are in
docs/image-checks.md (`bench/image_checks.py --calibrate` reproduces the table).

Blocking (decoding, rendering): the bot runs these functions in a thread.
"""

from __future__ import annotations

import contextlib
import io
import struct
import threading
from dataclasses import dataclass

import pillow_heif
import pypdfium2 as pdfium
from PIL import Image, ImageFile, ImageFilter, ImageOps

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
    kind: FileKind
    original: bytes
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
        return CheckedUpload(kind, content, tuple(pages))
    image, width, height = _decode(content, kind)
    return CheckedUpload(kind, content, (_accept(image, width, height),))


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
def _decode(content: bytes, kind: FileKind) -> tuple[Image.Image, int, int]:
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
    decoded = pixels.size
    with contextlib.suppress(*_DECODE_ERRORS):  # unreadable EXIF: the pixels as stored
        ImageOps.exif_transpose(pixels, in_place=True)
    if pixels.size != decoded:  # turned a quarter: so is the original
        width, height = height, width
    return pixels, width, height


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
        return paper.convert("RGB")
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
    icc = image.info.get("icc_profile")
    if not (isinstance(icc, bytes) and icc[16:20] == b"RGB "):  # a CMYK or grey profile would
        icc = None  # misdescribe the RGB copy
    return CheckedPage(width, height, measures.sharpness, _normalized_jpeg(normal, icc))


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
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=quality, **extra)
            if buffer.tell() <= MAX_NORMALIZED_BYTES:
                return buffer.getvalue()
        image = _scaled(image, round(max(image.size) * 0.75), Image.Resampling.LANCZOS, gap=3.0)


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
