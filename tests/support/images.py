"""Generated test images (real JPEG/PNG bytes, decoded by real Pillow)."""

from __future__ import annotations

import io
from functools import cache

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


# --- what a phone or an editor writes beside the pixels ---------------------------------------
MAKE, MODEL, ORIENTATION = 0x010F, 0x0110, 0x0112
EXIF_IFD, GPS_IFD, BODY_SERIAL_NUMBER = 0x8769, 0x8825, 0xA431
SERIAL = "F2LXK0QJHG7F"
OWNER = "Zhang Wei"
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:tiff="http://ns.adobe.com/tiff/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" tiff:Make="Apple" tiff:Model="iPhone 15 Pro" '
    f'exif:GPSLatitude="39,54.45N" exif:GPSLongitude="116,23.5E" dc:creator="{OWNER}"/>'
    '</rdf:RDF></x:xmpmeta>'
).encode()
# Bytes none of which may be left in a cleaned file: the values above and the blocks' signatures.
IDENTIFYING = (b"iPhone", SERIAL.encode(), OWNER.encode(), b"Exif\x00\x00", b"adobe:ns:meta",
               b"Photoshop 3.0", b"GPS")


@cache
def srgb_profile() -> bytes:
    """An ICC colour profile (sRGB, made by Little CMS through Pillow; made once: it holds the
    time it was made)."""
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def camera_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: make, model, body serial number, orientation, a GPS position."""
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[ORIENTATION] = "Apple", "iPhone 15 Pro", orientation
    exif.get_ifd(EXIF_IFD)[BODY_SERIAL_NUMBER] = SERIAL
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 30.0)})
    return exif


def _iptc() -> bytes:
    """An APP13 segment (Photoshop IRB) with an IPTC by-line, as an editor writes it."""
    name = OWNER.encode()
    record = b"\x1c\x02\x50" + len(name).to_bytes(2, "big") + name  # 2:80 By-line
    block = b"8BIM\x04\x04\x00\x00" + len(record).to_bytes(4, "big") + record
    body = b"Photoshop 3.0\x00" + block
    return b"\xff\xed" + (len(body) + 2).to_bytes(2, "big") + body


def phone_jpeg(image: Image.Image, orientation: int = 1, quality: int = 90) -> bytes:
    """`image` as a phone and an editor leave it: EXIF (`camera_exif`), XMP, IPTC, a comment
    and an sRGB ICC profile. The pixels are not turned: `orientation` is only written."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, exif=camera_exif(orientation), xmp=XMP,
               comment=f"taken by {OWNER}".encode(), extra=_iptc(), icc_profile=srgb_profile())
    return buffer.getvalue()


def png_with_metadata(image: Image.Image, orientation: int = 1) -> bytes:
    """A PNG with text chunks (tEXt, and XMP in iTXt), an eXIf chunk and an sRGB ICC profile."""
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Author", OWNER)
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=text, exif=camera_exif(orientation),
               icc_profile=srgb_profile())
    return buffer.getvalue()


def webp_with_metadata(image: Image.Image, orientation: int = 1, lossless: bool = True) -> bytes:
    """A WebP with EXIF, XMP and an sRGB ICC profile."""
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", lossless=lossless, quality=90, exif=camera_exif(orientation),
               xmp=XMP, icc_profile=srgb_profile())
    return buffer.getvalue()
