"""Generated test images (real JPEG/PNG bytes, decoded by real Pillow)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw


def document_photo(width: int = 1600, height: int = 1200, seed: int = 0) -> bytes:
    """A sharp, well-lit "certificate": light paper with dark text-like strokes."""
    image = Image.new("RGB", (width, height), (236, 232, 222))
    draw = ImageDraw.Draw(image)
    for row in range(40, height - 40, 36):
        for col in range(60 + (seed * 13) % 40, width - 60, 28):
            if (row * 7 + col * 3 + seed) % 5:
                draw.rectangle([col, row, col + 18, row + 22], fill=(30, 30, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def png(width: int = 800, height: int = 600) -> bytes:
    image = Image.new("RGB", (width, height), (250, 250, 250))
    ImageDraw.Draw(image).ellipse([50, 50, width - 50, height - 50], outline=(0, 0, 0), width=9)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
