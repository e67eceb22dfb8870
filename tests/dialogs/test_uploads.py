"""The checks on uploaded photos and scans (dialogs/uploads.py), each both ways, on generated
images (tests/support/samples.py), and their messages in locales/*/uploads.ftl."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
import tracemalloc
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor
from fpdf import FPDF
from PIL import Image, ImageChops, ImageDraw, ImageFile, ImageOps, ImageStat, JpegImagePlugin

from dialogs import uploads
from dialogs.messages import Invalid, Msg
from dialogs.uploads import (
    GIF,
    HEIC,
    JPEG,
    MAX_NORMALIZED_BYTES,
    MIN_SHORT_SIDE,
    PDF,
    PNG,
    SHARPNESS_MIN,
    WEBP,
    check_size_before_download,
    check_upload,
    sniff,
)
from tests.support import samples
from tests.support.images import (
    GPS_IFD,
    IDENTIFYING,
    MODEL,
    ORIENTATION,
    XMP,
    camera_exif,
    phone_jpeg,
    png_with_metadata,
    srgb_profile,
    webp_with_metadata,
)

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("zh", "en")


def refused(content: bytes, **options: int) -> Msg:
    with pytest.raises(Invalid) as caught:
        check_upload(content, **options)
    return caught.value.msg


def decoded(jpeg: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(jpeg))
    assert image.format == "JPEG"
    image.load()
    return image


@cache
def document(width: int = 1600, height: int = 1200, seed: int = 0) -> Image.Image:
    return samples.document(width, height, seed=seed)


@cache
def document_jpeg(width: int = 1600, height: int = 1200, seed: int = 0) -> bytes:
    return samples.jpeg(document(width, height, seed))


# --- what the file is -----------------------------------------------------------------------
def test_the_type_comes_from_the_content() -> None:
    image = document(800, 600)
    assert sniff(samples.jpeg(image)) is JPEG
    assert sniff(samples.encoded(image, "PNG")) is PNG
    assert sniff(samples.encoded(image, "WEBP")) is WEBP
    assert sniff(samples.heic(image)) is HEIC
    assert sniff(samples.pdf([image])) is PDF
    assert sniff(samples.animated_gif()) is GIF


def test_pdf_content_is_taken_as_a_pdf() -> None:
    checked = check_upload(samples.pdf([samples.a4_scan()]))
    assert checked.kind is PDF and checked.kind.mime == "application/pdf"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("scan.jpg", document_jpeg())
    return buffer.getvalue()


@pytest.mark.parametrize("content", [
    pytest.param(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500, id="windows-exe"),
    pytest.param(b"\x7fELF\x02\x01\x01" + b"\x00" * 500, id="elf"),
    pytest.param(_zip(), id="zip-holding-a-jpeg"),
    pytest.param("身份证照片，请查收".encode() * 50, id="text"),
    pytest.param(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + b"\x00" * 200, id="avif"),
    pytest.param(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200, id="mp4"),
    pytest.param(b"II*\x00" + b"\x00" * 200, id="tiff"),
])
def test_other_files_are_refused_whatever_their_name(content: bytes) -> None:
    assert refused(content) == Msg("err-file-type")


def test_an_empty_file_is_refused() -> None:
    assert refused(b"") == Msg("err-file-empty")


def test_a_file_over_telegrams_limit_is_refused() -> None:
    limit = uploads.TELEGRAM_DOWNLOAD_LIMIT
    assert refused(b"\xff\xd8\xff" + b"\x00" * limit) == Msg("err-file-too-large", limit_mb=20)
    check_size_before_download(None)
    check_size_before_download(limit)
    with pytest.raises(Invalid):
        check_size_before_download(limit + 1)


def test_gifs_are_refused_with_their_own_message() -> None:
    assert refused(samples.animated_gif()) == Msg("err-file-gif")
    assert refused(samples.encoded(document(800, 600), "GIF")) == Msg("err-file-gif")


def test_an_animated_webp_is_refused_and_a_still_one_accepted() -> None:
    image = document(800, 600)
    assert refused(samples.animated_webp(image)) == Msg("err-image-animated")
    assert check_upload(samples.encoded(image, "WEBP", quality=90)).kind is WEBP


# --- decompression bombs and broken files ---------------------------------------------------
def test_a_20000_by_20000_png_is_refused_from_its_header(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = samples.png_bomb(20_000, 20_000)
    assert len(bomb) < 200_000  # small on the wire, 400 MB once decoded

    def no_decoding(*_: object) -> None:
        raise AssertionError("the bomb was being decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    monkeypatch.setattr(Image.Image, "load", no_decoding)
    tracemalloc.start()
    try:
        msg = refused(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert msg == Msg("err-image-too-many-pixels", limit_mp=50)
    assert peak < 2_000_000  # bytes allocated by Python while checking: the header, no pixels


def test_a_bomb_does_not_grow_the_process() -> None:
    """The same, measured where Pillow allocates (C memory, which tracemalloc does not see): the
    peak resident size of a fresh process that checks the bomb stays far below the 400 MB the
    pixels would take."""
    script = (
        "import resource\n"
        "from dialogs.uploads import check_upload\n"
        "from dialogs.messages import Invalid\n"
        "from tests.support.samples import png_bomb\n"
        "bomb = png_bomb(20_000, 20_000)\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        "    check_upload(bomb)\n"
        "except Invalid as refused:\n"
        "    print(refused.msg.id)\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(after - before)\n"  # kilobytes on Linux
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=60, check=True)
    message_id, grown_kb = result.stdout.split()
    assert message_id == "err-image-too-many-pixels"
    assert int(grown_kb) < 50_000


def test_an_image_just_over_the_pixel_limit_is_refused() -> None:
    with pytest.warns(Image.DecompressionBombWarning):  # Pillow warns above its limit
        assert refused(samples.png_bomb(8_000, 7_000)).id == "err-image-too-many-pixels"


def _progressive(image: Image.Image) -> bytes:
    return samples.encoded(image, "JPEG", quality=90, progressive=True)


@pytest.mark.parametrize(("name", "make"), [
    ("half a JPEG", lambda: samples.truncated(document_jpeg())),
    ("half a big JPEG, decoded at 1/2 scale", lambda: samples.truncated(
        samples.jpeg(samples.document(4000, 3000, seed=1)))),
    ("a JPEG without its last 64 bytes", lambda: document_jpeg()[:-64]),
    ("half a progressive JPEG", lambda: samples.truncated(_progressive(document()))),
    ("half a PNG", lambda: samples.truncated(samples.encoded(document(), "PNG"))),
    ("half a WebP", lambda: samples.truncated(samples.encoded(document(), "WEBP"))),
    ("half a HEIC", lambda: samples.truncated(samples.heic(document()))),
    ("a JPEG header only", lambda: document_jpeg()[:600]),
])
def test_a_cut_off_file_is_refused(name: str, make: Callable[[], bytes]) -> None:
    assert refused(make()) == Msg("err-image-broken"), name


def test_the_cut_off_check_holds_with_reduced_size_decoding() -> None:
    assert uploads._draft_scale(4000) == 2  # a 4000 px JPEG is decoded at 2000 px …
    assert uploads._draft_scale(8000) == 4
    assert uploads._draft_scale(3000) == 1
    content = samples.jpeg(samples.document(4000, 3000, seed=1))
    image, _, _ = uploads._decode(content, JPEG)
    assert image.size == (2000, 1500)
    for cut in (0.5, 0.9, 0.99):  # … and still has to reach the end of the data
        assert refused(samples.truncated(content, cut)) == Msg("err-image-broken")


def test_truncated_images_stay_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.factory  # noqa: F401  (what the bot loads, loaded: nothing turns it on)

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(RuntimeError):
        check_upload(document_jpeg())


# --- size -----------------------------------------------------------------------------------
def test_a_big_enough_photo_is_accepted() -> None:
    checked = check_upload(document_jpeg(1600, 1200))
    assert checked.kind is JPEG and checked.original == document_jpeg(1600, 1200)
    (page,) = checked.pages
    assert (page.width, page.height) == (1600, 1200)
    assert page.sharpness >= SHARPNESS_MIN


def test_the_shorter_side_may_be_exactly_the_minimum() -> None:
    (page,) = check_upload(samples.jpeg(samples.document(800, MIN_SHORT_SIDE))).pages
    assert page.height == MIN_SHORT_SIDE


@pytest.mark.parametrize(("width", "height"), [(800, 599), (1280, 500), (500, 1280)])
def test_a_small_photo_is_refused_with_its_size(width: int, height: int) -> None:
    msg = refused(samples.jpeg(samples.document(width, height)))
    assert msg == Msg("err-image-too-small", width=str(width), height=str(height), min=600)


def test_a_small_photo_turned_by_exif_is_reported_the_way_it_is_seen() -> None:
    stored = samples.as_stored_with_orientation(samples.document(500, 900), 6)
    msg = refused(samples.jpeg(stored, orientation=6))
    assert (msg.args["width"], msg.args["height"]) == ("500", "900")


# --- sharpness ------------------------------------------------------------------------------
@pytest.mark.parametrize(("width", "height"), [(1600, 1200), (1200, 1600), (4000, 3000)])
def test_a_sharp_photo_is_accepted(width: int, height: int) -> None:
    (page,) = check_upload(samples.jpeg(document(width, height))).pages
    assert page.sharpness >= SHARPNESS_MIN


@pytest.mark.parametrize(("width", "height"), [(1600, 1200), (1200, 1600), (4000, 3000)])
@pytest.mark.parametrize("sigma", [2, 3, 5])
def test_a_blurred_photo_is_refused(width: int, height: int, sigma: float) -> None:
    scene = samples.document(width, height, seed=5, noise=0)
    photo = samples.sensor_noise(samples.defocused(scene, sigma), 1.0)
    assert refused(samples.jpeg(photo)) == Msg("err-image-blurry")


def test_a_thumbnail_blown_up_to_full_size_is_refused() -> None:
    photo = samples.upscaled(document(1600, 1200), short_side=160)
    assert refused(samples.jpeg(photo)) == Msg("err-image-blurry")


def test_the_score_falls_as_the_blur_grows() -> None:
    scene = samples.document(1600, 1200, seed=6, noise=0)
    scores = [uploads.measure(samples.jpeg(samples.sensor_noise(
        samples.defocused(scene, sigma), 1.0)))[0].sharpness for sigma in (0, 0.5, 1, 2, 3, 5)]
    assert scores == sorted(scores, reverse=True)
    assert scores[1] >= SHARPNESS_MIN > scores[3]


def test_the_score_does_not_depend_on_the_contrast_or_the_amount_of_text() -> None:
    faint = samples.document(1600, 1200, text="sparse", ink=(120, 118, 125), paper=(175, 172, 165))
    (page,) = check_upload(samples.jpeg(faint)).pages
    assert page.sharpness >= SHARPNESS_MIN


# --- exposure -------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "make"), [
    ("daylight", lambda: document()),
    ("dim room", lambda: samples.exposed(document(), 0.35)),
    ("white A4 scan", lambda: samples.a4_scan()),
])
def test_a_readable_exposure_is_accepted(name: str, make: Callable[[], Image.Image]) -> None:
    check_upload(samples.jpeg(make()))


@pytest.mark.parametrize(("name", "make", "message_id"), [
    ("dark room", lambda: samples.exposed(document(), 0.2), "err-image-too-dark"),
    ("lens covered", lambda: samples.flat(colour=(12, 12, 14)), "err-image-too-dark"),
    ("washed out by a flash", lambda: samples.exposed(document(), 1.0, 145),
     "err-image-too-bright"),
    ("a grey table top", lambda: samples.flat(colour=(120, 130, 140)), "err-image-blank"),
    ("an unevenly lit table", lambda: samples.flat(colour=(150, 120, 90), fall_off=True),
     "err-image-blank"),
    ("a blank white page", lambda: samples.flat(colour=(246, 246, 244)), "err-image-blank"),
    ("a red cover", lambda: samples.flat(colour=(180, 30, 30)), "err-image-blank"),
])
def test_a_dark_bright_or_empty_picture_is_refused(name: str, make: Callable[[], Image.Image],
                                                    message_id: str) -> None:
    assert refused(samples.jpeg(make())) == Msg(message_id)


# --- orientation ----------------------------------------------------------------------------
@cache
def _marked_portrait() -> Image.Image:
    """A portrait document with a black square in its top left corner."""
    scene = samples.document(1200, 1600, seed=8).copy()
    ImageDraw.Draw(scene).rectangle([0, 0, 150, 150], fill=(0, 0, 0))
    return scene


def _corner_brightness(image: Image.Image) -> list[float]:
    grey = image.convert("L")
    w, h = grey.size
    boxes = [(0, 0, 100, 100), (w - 100, 0, w, 100), (0, h - 100, 100, h), (w - 100, h - 100, w, h)]
    return [ImageStat.Stat(grey.crop(box)).mean[0] for box in boxes]


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_is_applied(orientation: int) -> None:
    stored = samples.as_stored_with_orientation(_marked_portrait(), orientation)
    content = samples.jpeg(stored, orientation=orientation)
    (page,) = check_upload(content).pages
    assert (page.width, page.height) == (1200, 1600)  # the way the applicant sees it
    normal = decoded(page.jpeg)
    assert normal.size == (1200, 1600) and normal.mode == "RGB"
    top_left, *others = _corner_brightness(normal)
    assert top_left < 30 and min(others) > 30  # the mark is where it belongs
    assert not normal.getexif()  # no EXIF left (no orientation to apply twice, no GPS)


def test_a_heic_from_an_iphone_is_accepted() -> None:
    content = samples.heic(document(2016, 1512, seed=9))  # half an iPhone's 4032 × 3024 (speed)
    assert content[4:12] == b"ftypheic"
    checked = check_upload(content)
    assert checked.kind is HEIC and checked.kind.suffix == "heic"
    (page,) = checked.pages
    assert (page.width, page.height) == (2016, 1512)
    normal = decoded(page.jpeg)
    assert normal.mode == "RGB" and normal.size == (2016, 1512)  # no smaller than 1600 px


def test_a_turned_heic_is_reported_the_way_it_is_seen() -> None:
    stored = samples.as_stored_with_orientation(_marked_portrait(), 6)
    exif = Image.Exif()
    exif[0x0112] = 6
    content = samples.heic(stored, exif=exif.tobytes())
    (page,) = check_upload(content).pages
    assert (page.width, page.height) == (1200, 1600)
    assert _corner_brightness(decoded(page.jpeg))[0] < 30


def _mpo(image: Image.Image) -> bytes:
    """A JPEG carrying a second picture (as an iPhone's HDR gain map): Pillow says "animated"."""
    buffer = io.BytesIO()
    image.save(buffer, "MPO", save_all=True, append_images=[image.resize((400, 300))])
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "make"), [
    ("progressive", lambda: samples.encoded(document(), "JPEG", progressive=True)),
    ("greyscale", lambda: samples.encoded(document().convert("L"), "JPEG")),
    ("CMYK", lambda: samples.encoded(document().convert("CMYK"), "JPEG")),
    ("with a second picture (MPO)", lambda: _mpo(document())),
])
def test_jpeg_variants_are_accepted_as_rgb(name: str, make: Callable[[], bytes]) -> None:
    checked = check_upload(make())
    assert checked.kind is JPEG, name
    assert decoded(checked.pages[0].jpeg).mode == "RGB"


def test_unreadable_exif_leaves_the_picture_as_stored() -> None:
    content = samples.jpeg(document(), orientation=6)
    at = content.index(b"Exif\x00\x00") + 10
    damaged = content[:at] + b"\xff" * 20 + content[at + 20:]
    with pytest.warns(UserWarning):  # Pillow: "Corrupt EXIF data"
        (page,) = check_upload(damaged).pages
    assert (page.width, page.height) == (1600, 1200)


def test_transparency_is_laid_on_white_paper() -> None:
    rgba = document(1200, 900).convert("RGBA")
    rgba.putalpha(Image.new("L", rgba.size, 255))
    ImageDraw.Draw(rgba).rectangle([0, 0, 300, 300], fill=(0, 0, 0, 0))
    (page,) = check_upload(samples.encoded(rgba, "PNG")).pages
    assert decoded(page.jpeg).convert("L").getpixel((100, 100)) > 240


def test_a_16_bit_greyscale_png_is_accepted() -> None:
    grey = document(1200, 900).convert("L")
    sixteen = grey.convert("I").point(lambda v: v * 257).convert("I;16")
    (page,) = check_upload(samples.encoded(sixteen, "PNG")).pages
    assert 100 < ImageStat.Stat(decoded(page.jpeg).convert("L")).mean[0] < 250


# --- the normalized JPEG --------------------------------------------------------------------
def test_the_normalized_jpeg_of_a_noisy_12_mp_photo_is_at_most_2_mb() -> None:
    content = samples.jpeg(samples.noisy(4000, 3000), quality=95)
    (page,) = check_upload(content).pages
    assert len(page.jpeg) <= MAX_NORMALIZED_BYTES == 2_000_000
    normal = decoded(page.jpeg)
    assert normal.mode == "RGB" and normal.size == (2000, 1500)


def test_a_large_png_is_capped() -> None:
    (page,) = check_upload(samples.encoded(document(4000, 3000), "PNG")).pages
    assert (page.width, page.height) == (4000, 3000)
    assert decoded(page.jpeg).size == (2000, 1500)  # halved: at least 1600 px remain


def test_the_normalized_jpeg_carries_no_metadata_but_the_colour_profile() -> None:
    content = phone_jpeg(document(1600, 1200))
    (page,) = check_upload(content).pages
    _without_metadata(page.jpeg, "JPEG")


# --- the original kept: nothing that tells where, with what or by whom --------------------------
def _without_metadata(content: bytes, fmt: str) -> Image.Image:
    """`content` decoded, after checking it has none of what `phone_jpeg` & co. write beside the
    pixels but the ICC profile."""
    image = Image.open(io.BytesIO(content))
    assert image.format == fmt
    assert not image.getexif()  # no EXIF at all: no GPS IFD, make, model, serial, orientation
    assert not image.getexif().get_ifd(GPS_IFD)
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment", "Author"} & set(
        image.info), image.info.keys()
    assert [found for found in IDENTIFYING if found in content] == []
    assert image.info.get("icc_profile") == srgb_profile()
    image.load()
    return image


def _turned_back(image: Image.Image, orientation: int) -> Image.Image:
    """What a viewer shows for pixels stored with this EXIF orientation."""
    image = image.copy()
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    image.info["exif"] = exif.tobytes()
    return ImageOps.exif_transpose(image)


def _mean_difference(a: Image.Image, b: Image.Image) -> float:
    return max(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_phone_photo_is_kept_the_right_way_up_without_location_or_device(
        orientation: int) -> None:
    stored = samples.as_stored_with_orientation(_marked_portrait(), orientation)
    content = phone_jpeg(stored, orientation=orientation)
    received = Image.open(io.BytesIO(content))
    assert received.getexif().get_ifd(GPS_IFD) and received.getexif()[MODEL] == "iPhone 15 Pro"
    checked = check_upload(content)
    assert checked.original_kind is JPEG
    original = _without_metadata(checked.original, "JPEG")
    assert original.size == (1200, 1600)  # the way the applicant sees it, EXIF or not
    if orientation in (5, 6, 7, 8):
        assert received.size == (1600, 1200)  # width and height swapped
    top_left, *others = _corner_brightness(original)
    assert top_left < 30 and min(others) > 30  # the mark is where it belongs
    # encoded again (if turned) at a quality that does not show: the same chroma subsampling,
    # and on average less than one grey level from what came in
    assert JpegImagePlugin.get_sampling(original) == JpegImagePlugin.get_sampling(received)
    assert _mean_difference(original, _turned_back(decoded(content), orientation)) < 1.0


def test_a_photo_that_needs_no_turn_keeps_its_exact_pixels() -> None:
    content = phone_jpeg(document(1600, 1200))
    checked = check_upload(content)
    original = _without_metadata(checked.original, "JPEG")
    assert ImageChops.difference(original, decoded(content)).getbbox() is None  # not re-encoded
    assert len(checked.original) < len(content)


def test_a_jfif_thumbnail_and_a_second_picture_are_not_kept() -> None:
    content = _mpo(document())
    thumbnail = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x01\x01" + b"\x10\x20\x30"  # 1 x 1 pixel
    app0 = b"\xff\xe0" + (len(thumbnail) + 2).to_bytes(2, "big") + thumbnail
    content = content[:2] + app0 + content[2:]
    checked = check_upload(content)
    original = Image.open(io.BytesIO(checked.original))
    assert original.format == "JPEG" and getattr(original, "n_frames", 1) == 1
    assert b"MPF\x00" not in checked.original and thumbnail not in checked.original
    assert checked.original.count(b"\xff\xd8") == 1  # one picture
    assert original.applist[0] == ("APP0", thumbnail[:12] + b"\x00\x00")  # JFIF, no thumbnail


def test_a_png_loses_its_text_and_exif_chunks_and_stays_lossless() -> None:
    content = png_with_metadata(document(1200, 900))
    assert b"tEXt" in content and b"eXIf" in content and b"iTXt" in content
    checked = check_upload(content)
    assert checked.original_kind is PNG
    original = _without_metadata(checked.original, "PNG")
    for chunk in (b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"):
        assert chunk not in checked.original
    assert ImageChops.difference(original, document(1200, 900)).getbbox() is None


def test_a_turned_png_is_turned_losslessly() -> None:
    content = png_with_metadata(samples.as_stored_with_orientation(_marked_portrait(), 6), 6)
    checked = check_upload(content)
    original = _without_metadata(checked.original, "PNG")
    assert ImageChops.difference(original, _marked_portrait()).getbbox() is None


@pytest.mark.parametrize(("orientation", "lossless"), [(1, True), (6, True), (6, False)])
def test_a_webp_loses_its_exif_and_xmp(orientation: int, lossless: bool) -> None:
    stored = samples.as_stored_with_orientation(_marked_portrait(), orientation)
    content = webp_with_metadata(stored, orientation, lossless=lossless)
    checked = check_upload(content)
    assert checked.original_kind is WEBP
    original = _without_metadata(checked.original, "WEBP")
    assert original.size == (1200, 1600)
    if lossless:
        assert ImageChops.difference(original, _marked_portrait()).getbbox() is None
    else:
        assert _mean_difference(original, _turned_back(Image.open(io.BytesIO(content)),
                                                       orientation)) < 1.0


def test_a_heic_is_kept_as_a_jpeg_without_metadata() -> None:
    content = samples.heic(document(1600, 1200), exif=camera_exif().tobytes(), xmp=XMP,
                           icc_profile=srgb_profile())
    assert [found for found in IDENTIFYING if found in content] != []
    checked = check_upload(content)
    assert checked.kind is HEIC and checked.original_kind is JPEG
    original = _without_metadata(checked.original, "JPEG")
    assert original.size == (1600, 1200)
    assert JpegImagePlugin.get_sampling(original) == 2  # 4:2:0, as the HEIC was
    # a first JPEG encoding of a noisy photo at quality 95: under two grey levels on average (the
    # phone's own quality-90 JPEG of the same scene is 2.3 away from it)
    assert _mean_difference(original, Image.open(io.BytesIO(content))) < 2.0


def test_a_pdf_is_kept_byte_for_byte() -> None:
    content = samples.pdf([samples.a4_scan(seed=1)], dpi=150)
    checked = check_upload(content)
    assert checked.original == content and checked.original_kind is PDF


# --- PDF ------------------------------------------------------------------------------------
def test_a_one_page_scan_is_accepted() -> None:
    checked = check_upload(samples.pdf([samples.a4_scan(seed=1)], dpi=150))
    (page,) = checked.pages
    assert (page.width, page.height) == (1654, 2339)  # A4 rendered at 200 dpi
    assert decoded(page.jpeg).size == (1654, 2339)


@cache
def _three_pages() -> bytes:
    return samples.pdf([samples.a4_scan(seed=seed) for seed in (1, 2, 3)], dpi=150)


def test_more_pages_than_allowed_are_refused() -> None:
    assert refused(_three_pages()) == Msg("err-pdf-too-many-pages", pages=3, limit=1)
    assert refused(_three_pages(), max_pages=2) == Msg("err-pdf-too-many-pages", pages=3,
                                                       limit=2)


def test_each_page_comes_back() -> None:
    checked = check_upload(_three_pages(), max_pages=5)
    assert len(checked.pages) == 3
    assert all(decoded(page.jpeg).size == (1654, 2339) for page in checked.pages)


def test_a_blank_page_is_refused_and_named() -> None:
    content = samples.pdf([samples.a4_scan(), samples.flat(1240, 1754, (250, 250, 250))])
    msg = refused(content, max_pages=2)
    assert msg == Msg("err-pdf-page", page=2, problem=Msg("err-image-blank"))


def test_a_blurred_page_is_refused() -> None:
    content = samples.pdf([samples.defocused(samples.a4_scan(), 3)])
    assert refused(content) == Msg("err-pdf-page", page=1, problem=Msg("err-image-blurry"))


def _encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Business licence")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    return bytes(pdf.output())


@pytest.mark.parametrize(("name", "make"), [
    ("password", _encrypted_pdf),
    ("cut off", lambda: samples.truncated(_three_pages(), 0.3)),
    ("only a header", lambda: b"%PDF-1.7\n" + b"\x00" * 300),
])
def test_a_pdf_that_does_not_open_is_refused(name: str, make: Callable[[], bytes]) -> None:
    assert refused(make()) == Msg("err-pdf-broken"), name


def test_pdfs_can_be_checked_from_several_threads() -> None:
    content = samples.pdf([samples.a4_scan(seed=4, dpi=100)])
    results: list[object] = []

    def check() -> None:
        try:
            results.append(len(check_upload(content).pages))
        except Exception as exc:  # collected, asserted below
            results.append(exc)

    threads = [threading.Thread(target=check) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [1] * 6


# --- the messages ---------------------------------------------------------------------------
# One upload that triggers each message, so that each is formatted with the arguments it gets.
TRIGGERS: dict[str, Callable[[], bytes]] = {
    "err-file-empty": lambda: b"",
    "err-file-too-large": lambda: b"%PDF-" + b"\x00" * uploads.TELEGRAM_DOWNLOAD_LIMIT,
    "err-file-type": lambda: b"MZ" + b"\x00" * 100,
    "err-file-gif": samples.animated_gif,
    "err-image-animated": lambda: samples.animated_webp(document(800, 600)),
    "err-image-too-many-pixels": lambda: samples.png_bomb(20_000, 20_000),
    "err-image-broken": lambda: samples.truncated(document_jpeg()),
    "err-image-too-small": lambda: samples.jpeg(samples.document(1200, 500)),
    "err-image-blurry": lambda: samples.jpeg(samples.defocused(document(), 3)),
    "err-image-too-dark": lambda: samples.jpeg(samples.exposed(document(), 0.2)),
    "err-image-too-bright": lambda: samples.jpeg(samples.exposed(document(), 1.0, 145)),
    "err-image-blank": lambda: samples.jpeg(samples.flat()),
    "err-pdf-broken": _encrypted_pdf,
    "err-pdf-too-many-pages": _three_pages,
    "err-pdf-page": lambda: samples.pdf([samples.flat(1240, 1754)]),
}


def _raised_ids() -> set[str]:
    source = (ROOT / "dialogs" / "uploads.py").read_text(encoding="utf-8")
    return set(re.findall(r"\"(err-[a-z0-9-]+)\"", source))


def _resource(lang: str) -> ast.Resource:
    return FluentParser().parse((ROOT / "locales" / lang / "uploads.ftl").read_text("utf-8"))


def _messages(lang: str) -> dict[str, ast.Message]:
    return {e.id.name: e for e in _resource(lang).body if isinstance(e, ast.Message)}


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


def _render(lang: str, msg: Msg) -> str:
    bundle = FluentBundle([lang], use_isolating=False)
    path = ROOT / "locales" / lang / "uploads.ftl"
    bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    args = {name: _render(lang, value) if isinstance(value, Msg) else value
            for name, value in msg.args.items()}
    message = bundle.get_message(msg.id)
    assert message.value is not None
    text, errors = bundle.format_pattern(message.value, args)
    assert errors == [], (lang, msg.id, errors)
    return text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_messages_parse(lang: str) -> None:
    assert [e for e in _resource(lang).body if isinstance(e, ast.Junk)] == []


def test_every_raised_id_has_a_message_in_both_languages_and_no_other() -> None:
    raised = _raised_ids()
    assert len(raised) >= 15
    for lang in LANGUAGES:
        assert set(_messages(lang)) == raised, lang


def test_the_upload_messages_live_only_in_uploads_ftl() -> None:
    for lang in LANGUAGES:
        for path in (ROOT / "locales" / lang).glob("*.ftl"):
            if path.name != "uploads.ftl":
                text = path.read_text(encoding="utf-8")
                assert not any(re.search(rf"^{id} =", text, re.M) for id in _raised_ids()), path


def test_every_message_has_a_trigger() -> None:
    assert set(TRIGGERS) == _raised_ids()


@pytest.mark.parametrize("message_id", sorted(TRIGGERS))
def test_each_message_formats_with_the_arguments_it_gets(message_id: str) -> None:
    msg = refused(TRIGGERS[message_id]())
    assert msg.id == message_id
    for lang in LANGUAGES:
        text = _render(lang, msg)
        assert "{" not in text and "\\n" not in text
        used = _Variables()
        used.visit(_messages(lang)[message_id])
        assert used.names <= set(msg.args), (lang, message_id)
        if lang == "zh":  # full-width punctuation, no ASCII comma or full stop in the prose
            assert not re.search(r"[\u4e00-\u9fff][,.;:!?]", text), text
        else:
            assert text[0].isupper(), text

