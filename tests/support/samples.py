"""Generated images for the upload checks (tests/dialogs/test_uploads.py, bench/image_checks.py).

A "document" is a synthetic certificate photo: light paper with text-like dark strokes (glyphs
made of horizontal, vertical and slanted strokes, like printed Chinese), a title, table rules and
a red seal, lying on a darker table, with a gentle lighting fall-off and sensor noise. Its text
scales with the frame, as in a photo where the certificate fills the picture. The helpers below
turn it into the failure cases (defocused, upscaled thumbnail, too dark, overexposed, blank) and
encode it (JPEG with an EXIF orientation, PNG, WebP, HEIC, GIF, PDF, a PNG decompression bomb).

Everything is deterministic for a given seed, and uses Pillow only.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from dialogs.uploads import WORKING_SIDE  # the longer side the checks measure at

PAPER = (238, 234, 224)
INK = (28, 30, 40)
SEAL = (200, 40, 40)
TABLE = (96, 84, 72)


# --- scenes ---------------------------------------------------------------------------------
def document(width: int = 1600, height: int = 1200, *, seed: int = 0, text: str = "dense",
             ink: tuple[int, int, int] = INK, paper: tuple[int, int, int] = PAPER,
             background: tuple[int, int, int] = TABLE, margin: float = 0.06,
             noise: float = 3.0) -> Image.Image:
    """A sharp, well-lit certificate photo, RGB. `text` is "dense" (a page of text and a table)
    or "sparse" (a title and two lines on an otherwise empty page)."""
    rnd = random.Random(seed)
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    mx, my = round(width * margin), round(height * margin)
    left, top, right, bottom = mx, my, width - mx, height - my
    draw.rectangle([left, top, right, bottom], fill=paper)
    cell = max(8, round((right - left) / 52))  # ~45 glyphs a line, as on a licence or a form
    stroke = max(1, round(cell / 11))
    pad = round(cell * 1.2)
    x0, y = left + pad, top + pad
    _text_line(draw, rnd, (left + (right - left) // 4, y), cell * 2, stroke * 2, 8, ink)
    y += cell * 4
    lines = 2 if text == "sparse" else 10_000
    table_top = top + (bottom - top) * 3 // 5 if text == "dense" else bottom
    while lines and y + cell < table_top - pad:
        _text_line(draw, rnd, (x0, y), cell, stroke, (right - pad - x0) // round(cell * 1.15), ink)
        y += round(cell * 1.7)
        lines -= 1
    if text == "dense":  # a table with text in its cells
        rows, cols = 4, 3
        row_h = (bottom - pad - table_top) // rows
        col_w = (right - left - 2 * pad) // cols
        for r in range(rows + 1):
            draw.line([(x0, table_top + r * row_h), (x0 + cols * col_w, table_top + r * row_h)],
                      fill=ink, width=stroke)
        for c in range(cols + 1):
            draw.line([(x0 + c * col_w, table_top), (x0 + c * col_w, table_top + rows * row_h)],
                      fill=ink, width=stroke)
        for r in range(rows):
            for c in range(cols):
                _text_line(draw, rnd, (x0 + c * col_w + cell // 2, table_top + r * row_h
                                       + (row_h - cell) // 2), cell, stroke,
                           max(1, (col_w - cell) // round(cell * 1.15)) * 2 // 3, ink)
        seal = round(cell * 4)  # the red seal over the bottom right
        cx, cy = right - pad - seal * 2, bottom - pad - seal * 2
        draw.ellipse([cx - seal, cy - seal, cx + seal, cy + seal], outline=SEAL,
                     width=max(2, stroke * 2))
    image = ImageChops.multiply(image, _lighting(width, height))
    return add_noise(image, noise) if noise else image


def _text_line(draw: ImageDraw.ImageDraw, rnd: random.Random, at: tuple[int, int], cell: int,
               stroke: int, glyphs: int, ink: tuple[int, int, int]) -> None:
    x, y = at
    for _ in range(glyphs):
        if rnd.random() < 0.12:  # a space
            x += round(cell * 1.15)
            continue
        for _ in range(rnd.randint(3, 6)):
            kind = rnd.random()
            if kind < 0.45:  # horizontal
                yy = y + rnd.randint(0, cell)
                a, b = sorted(rnd.sample(range(cell + 1), 2))
                draw.line([(x + a, yy), (x + b, yy)], fill=ink, width=stroke)
            elif kind < 0.8:  # vertical
                xx = x + rnd.randint(0, cell)
                a, b = sorted(rnd.sample(range(cell + 1), 2))
                draw.line([(xx, y + a), (xx, y + b)], fill=ink, width=stroke)
            else:  # slanted
                draw.line([(x + rnd.randint(0, cell), y + rnd.randint(0, cell)),
                           (x + rnd.randint(0, cell), y + rnd.randint(0, cell))],
                          fill=ink, width=stroke)
        x += round(cell * 1.15)


def _lighting(width: int, height: int) -> Image.Image:
    """Light falling off by ~12 % from the top left to the bottom right."""
    ramp = Image.linear_gradient("L").resize((width, height), Image.Resampling.BILINEAR)
    ramp = ramp.point(lambda v: 255 - v * 30 // 255)
    return Image.merge("RGB", (ramp, ramp, ramp))


def flat(width: int = 1600, height: int = 1200, colour: tuple[int, int, int] = (120, 130, 140),
         noise: float = 3.0, fall_off: bool = False) -> Image.Image:
    """A picture of almost nothing: a wall, a table top, a lens cap (`fall_off`: lit unevenly)."""
    image = Image.new("RGB", (width, height), colour)
    if fall_off:
        image = ImageChops.multiply(image, _lighting(width, height))
    return add_noise(image, noise) if noise else image


def noisy(width: int = 4000, height: int = 3000, seed: int = 0) -> Image.Image:
    """Worst case for JPEG size: strong noise over a document (every pixel differs)."""
    return add_noise(document(width, height, seed=seed, noise=0), 40.0, tile=1499)


# --- degradations ---------------------------------------------------------------------------
def defocused(image: Image.Image, radius: float) -> Image.Image:
    """Gaussian blur of `radius` pixels *at the working size* (longer side 1000): on a 4000 px
    photo that is a blur of 4 × radius pixels, the same loss of legibility as on a 1000 px one."""
    return blurred(image, radius * max(image.size) / WORKING_SIDE)


def blurred(image: Image.Image, radius: float) -> Image.Image:
    """Gaussian blur of `radius` (standard deviation) pixels at the image's own size."""
    return image.filter(ImageFilter.GaussianBlur(radius))


def upscaled(image: Image.Image, short_side: int = 300) -> Image.Image:
    """A thumbnail blown up to the original size (a forwarded preview, a screenshot of a photo)."""
    width, height = image.size
    factor = short_side / min(width, height)
    small = image.resize((round(width * factor), round(height * factor)),
                         Image.Resampling.LANCZOS)
    return small.resize((width, height), Image.Resampling.BICUBIC)


def exposed(image: Image.Image, gain: float, lift: int = 0) -> Image.Image:
    """Exposure: each channel v → min(255, lift + gain·v). gain 0.15 is a photo taken in the dark;
    lift 170 washes the ink out to light grey, as a flash or a window behind the paper does."""
    table = [min(255, max(0, round(lift + gain * v))) for v in range(256)]
    return image.point(table * len(image.getbands()))


def sensor_noise(image: Image.Image, sigma: float) -> Image.Image:
    """Noise of `sigma` grey levels *at the working size*, added last (after any blur), as a camera
    does. At full size it is stronger by the scale factor, as shrinking averages it away."""
    return add_noise(image, sigma * max(image.size) / WORKING_SIDE)


def add_noise(image: Image.Image, sigma: float, tile: int = 509) -> Image.Image:
    """Gaussian sensor noise of `sigma` grey levels (one tile of noise repeated: generating it for
    12 MP at once is slow, and a repeat of 509 px is invisible to the checks)."""
    patch = Image.effect_noise((tile, tile), sigma)
    width, height = image.size
    field = Image.new("L", (width, height))
    for x in range(0, width, tile):
        for y in range(0, height, tile):
            field.paste(patch, (x, y))
    noise = Image.merge("RGB", (field, field, field)) if image.mode == "RGB" else field
    return ImageChops.add(image, noise, 1.0, -128)


# --- encodings ------------------------------------------------------------------------------
def jpeg(image: Image.Image, quality: int = 90, orientation: int | None = None) -> bytes:
    """JPEG bytes; `orientation` writes an EXIF Orientation tag (the pixels are not turned)."""
    buffer = io.BytesIO()
    extra = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        extra["exif"] = exif.tobytes()
    image.save(buffer, "JPEG", quality=quality, **extra)
    return buffer.getvalue()


def as_stored_with_orientation(image: Image.Image, orientation: int) -> Image.Image:
    """The pixels a camera stores for a scene that looks like `image` when the EXIF Orientation
    tag is `orientation` (the inverse of what a viewer applies)."""
    inverse = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
               4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
               6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
               8: Image.Transpose.ROTATE_270}
    return image.transpose(inverse[orientation]) if orientation in inverse else image.copy()


def encoded(image: Image.Image, fmt: str, **params: object) -> bytes:
    """`image` saved by Pillow in `fmt` ("PNG", "WEBP", "HEIF" (needs pillow-heif), …)."""
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def heic(image: Image.Image, quality: int = 80, **params: object) -> bytes:
    """An iPhone-like HEIC (HEVC in a HEIF container, brand heic) through pillow-heif's saver.
    x265's fastest preset: its default takes seconds per megapixel."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    return encoded(image, "HEIF", quality=quality, enc_params={"preset": "ultrafast"}, **params)


def animated_gif(width: int = 640, height: int = 640) -> bytes:
    frames = [Image.new("RGB", (width, height), c) for c in ((255, 0, 0), (0, 255, 0))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def animated_webp(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", save_all=True, append_images=[image.rotate(180)], duration=100)
    return buffer.getvalue()


def pdf(pages: Sequence[Image.Image], dpi: float = 200.0) -> bytes:
    """A scanned PDF: each image on its own page, `dpi` pixels per inch (1654 × 2339 px at 200 dpi
    is an A4 page)."""
    buffer = io.BytesIO()
    first, *rest = [page.convert("RGB") for page in pages]
    first.save(buffer, "PDF", resolution=dpi, save_all=True, append_images=rest)
    return buffer.getvalue()


def a4_scan(seed: int = 0, dpi: int = 150) -> Image.Image:
    """A flatbed scan of an A4 form: white paper, no table around it, hardly any noise."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    return document(width, height, seed=seed, paper=(250, 250, 250), background=(250, 250, 250),
                    margin=0.0, noise=1.0)


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid PNG of width × height 1-bit pixels, all black: a few dozen kilobytes that would
    decode to `width × height` bytes in Pillow. Built by hand (Pillow would need the pixels)."""
    return _png_bomb(width, height)


@lru_cache(maxsize=4)
def _png_bomb(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte "none" and the packed bits
    packer = zlib.compressobj(9)
    rows_at_once = max(1, (1 << 20) // len(row))
    parts = []
    for start in range(0, height, rows_at_once):
        parts.append(packer.compress(row * min(rows_at_once, height - start)))
    parts.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(parts))
            + chunk(b"IEND", b""))


def truncated(data: bytes, fraction: float = 0.5) -> bytes:
    """The first `fraction` of a file: an upload cut off half way."""
    return data[: round(len(data) * fraction)]
