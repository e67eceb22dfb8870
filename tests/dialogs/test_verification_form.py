"""The pre-filled 网站备案信息真实性核验单: answers → form, PDF, preview, recognising our PDFs."""

from __future__ import annotations

import re
import tempfile
import zlib
from io import BytesIO
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from fpdf import FPDF
from PIL import Image, ImageStat

from dialogs.cjk_font import covered_text, prepare_fonts
from dialogs.verification_form import (
    PDFIUM_LOCK,
    TEXT,
    VerificationForm,
    form_for_site,
    is_generated_form,
    render_form,
    render_preview,
)

A4_PT = (595.28, 841.89)

PERSONAL: dict[str, Any] = {
    "province": "11",
    "nature": "personal",
    "id_type": "resident_id",
    "organizer_name": "张伟",
    "organizer_id": "110101199003074477",
    "cert_address": "北京市东城区东华门街道 1 号",
    "mail_address": "北京市朝阳区建国路 88 号 2 号楼 1201 室",
    "subject_owner.name": "张伟",
    "subject_owner.id_type": "resident_id",
    "subject_owner.id_number": "110101199003074477",
    "subject_owner.mobile": "+8613812345678",
    "subject_owner.email": "zhang.wei@example.com",
    "site1.name": "代码与咖啡",
    "site1.domains": ["example.com"],
    "site1.home_url": "http://www.example.com",
    "site1.content": ["blog"],
    "site1.languages": ["zh_hans"],
    "site1.preapprovals": ["none"],
    "site1.owner_same": "yes",
}

COMPANY: dict[str, Any] = {
    "province": "31",
    "nature": "enterprise",
    "id_type": "business_license",
    "organizer_name": "上海云帆信息技术有限公司",
    "organizer_id": "91310115MA1K3YJ12G",
    "cert_address": "上海市浦东新区张江路 88 号 3 号楼 501 室",
    "mail_address": "上海市浦东新区张江路 88 号 3 号楼 502 室",
    "subject_owner.name": "王芳",
    "subject_owner.id_type": "resident_id",
    "subject_owner.id_number": "310115198512032049",
    "subject_owner.mobile": "+8613912345678",
    "subject_owner.email": "wang.fang@yunfan.com",
    "site1.name": "云帆科技官网",
    "site1.domains": ["yunfan.com"],
    "site1.home_url": "https://www.yunfan.com",
    "site1.content": ["unit_portal"],
    "site1.languages": ["zh_hans", "en"],
    "site1.preapprovals": ["none"],
    "site1.owner_same": "yes",
    "site2.name": "云帆商城",
    "site2.domains": ["yunfan-shop.cn", "xn--fsqu00a.xn--fiqs8s"],  # 例子.中国
    "site2.home_url": "https://yunfan-shop.cn",
    "site2.content": ["shopping", "ads"],
    "site2.languages": ["zh_hans"],
    "site2.preapprovals": ["education"],
    "site2.owner_same": "no",
    "site2.owner.name": "李娜",
    "site2.owner.id_type": "passport",
    "site2.owner.id_number": "E12345678",
    "site2.owner.mobile": "+8613712345678",
    "site2.owner.email": "li.na@yunfan.com",
}

LONG_ADDRESS = ("上海市浦东新区张江高科技园区碧波路 690 号 5 号楼 3 层 301 室至 305 室，"
                "以及同楼 4 层 401 室至 408 室，另含 6 号楼 1 层东侧仓储区 A-12 至 A-20 号库位")
LONG_NAME = "上海" + "云帆信息技术" * 9 + "有限公司"


# --- helpers ----------------------------------------------------------------------------------
def page_text(pdf: bytes) -> str:
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[0]
            text_page = page.get_textpage()
            text = text_page.get_text_bounded()
            text_page.close()
            page.close()
        finally:
            document.close()
    return text


def squeezed(text: str) -> str:
    """Text without any white space (a wrapped value is split over lines)."""
    return "".join(text.split())


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            return [document[i].get_size() for i in range(len(document))]
        finally:
            document.close()


def metadata(pdf: bytes) -> dict[str, str]:
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            return dict(document.get_metadata_dict())
        finally:
            document.close()


def embedded_fonts(pdf: bytes) -> list[TTFont]:
    """The fonts embedded as /FontFile2 streams, decompressed and parsed."""
    fonts = []
    for number in re.findall(rb"/FontFile2 (\d+) 0 R", pdf):
        match = re.search(rb"\n" + number + rb" 0 obj\s*<<(.*?)>>\s*stream\r?\n", pdf, re.S)
        assert match, f"object {number!r} not found"
        header = match.group(1)
        length = int(re.search(rb"/Length (\d+)", header).group(1))
        data = pdf[match.end(): match.end() + length]
        if b"/FlateDecode" in header:
            data = zlib.decompress(data)
        fonts.append(TTFont(BytesIO(data)))
    return fonts


def core_font_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Hello, this is some other PDF.")
    return bytes(pdf.output())


def jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (640, 480), (200, 180, 160)).save(out, format="JPEG")
    return out.getvalue()


# --- rendered once per module -----------------------------------------------------------------
@pytest.fixture(scope="module")
def personal_form() -> VerificationForm:
    return form_for_site(PERSONAL, 1, "F-2026-000123")


@pytest.fixture(scope="module")
def company_site2() -> VerificationForm:
    return form_for_site(COMPANY, 2, "F-2026-000124")


@pytest.fixture(scope="module")
def personal_pdf(personal_form: VerificationForm) -> bytes:
    return render_form(personal_form)


@pytest.fixture(scope="module")
def company_pdf(company_site2: VerificationForm) -> bytes:
    return render_form(company_site2)


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    answers = {
        **COMPANY,
        "organizer_name": LONG_NAME,
        "cert_address": LONG_ADDRESS,
        "mail_address": LONG_ADDRESS,
        "site2.domains": ["yunfan-shop.cn", "xn--fsqu00a.xn--fiqs8s",
                          "yunfan-technology-online-store-for-enterprise-customers.com.cn"],
        "site2.content": ["shopping", "ads", "education", "games", "music", "video", "software"],
        "site2.languages": ["zh_hans", "zh_hant", "en", "ja", "fr", "ru", "es", "ar"],
    }
    return render_form(form_for_site(answers, 2, "F-2026-000125"))


# --- answers → form ---------------------------------------------------------------------------
def test_personal_form_takes_the_subject_owner_as_website_owner(
    personal_form: VerificationForm,
) -> None:
    form = personal_form
    assert form.filing_number == "F-2026-000123"
    assert form.province == "北京市"
    assert form.unit is False
    assert form.organizer.name == "张伟"
    assert form.organizer.nature == "个人"
    assert form.organizer.certificate_type == "居民身份证"
    assert form.subject_owner.mobile == "13812345678"
    assert form.website_owner == form.subject_owner
    assert form.site.index == 1
    assert form.site.domains == ("example.com",)
    assert form.site.content == ("博客/个人空间",)
    assert form.site.languages == ("中文简体",)
    assert form.site.preapprovals == ("不涉及",)


def test_company_site_with_its_own_owner(company_site2: VerificationForm) -> None:
    form = company_site2
    assert form.unit is True
    assert form.province == "上海市"
    assert form.organizer.certificate_type == "营业执照（统一社会信用代码）"
    assert form.organizer.address == "上海市浦东新区张江路 88 号 3 号楼 501 室"
    assert form.organizer.mailing_address == "上海市浦东新区张江路 88 号 3 号楼 502 室"
    assert form.subject_owner.name == "王芳"
    assert form.website_owner.name == "李娜"
    assert form.website_owner.id_type == "护照"
    assert form.website_owner.mobile == "13712345678"
    assert form.site.name == "云帆商城"
    assert form.site.domains == ("yunfan-shop.cn", "例子.中国")
    assert form.site.content == ("网络购物", "网络广告/信息")
    assert form.site.preapprovals == ("教育",)


def test_site_one_of_the_company_uses_the_subject_owner() -> None:
    form = form_for_site(COMPANY, 1, "F-2026-000124")
    assert form.website_owner.name == "王芳"
    assert form.site.languages == ("中文简体", "英语")


def test_missing_values_are_empty() -> None:
    form = form_for_site({"nature": "enterprise"}, 1, "F-2026-000001")
    assert form.organizer.name == ""
    assert form.province == ""
    assert form.subject_owner.mobile == ""
    assert form.site.domains == ()
    assert form.site.preapprovals == ()
    assert form.unit is True


# --- the PDF ----------------------------------------------------------------------------------
def test_personal_pdf_text(personal_pdf: bytes) -> None:
    text = page_text(personal_pdf)
    flat = squeezed(text)
    assert TEXT["title"] in flat
    assert "F-2026-000123" in text
    assert "张伟" in text
    assert "example.com" in text
    assert "代码与咖啡" in text
    assert "13812345678" in text
    assert "负责人签字" in text
    assert TEXT["seal"].rstrip("：") not in text  # a person has no seal
    assert "请勿在核验单上填写日期" in flat


def test_company_pdf_text(company_pdf: bytes) -> None:
    text = page_text(company_pdf)
    assert "上海云帆信息技术有限公司" in text
    assert "云帆商城" in text
    assert "yunfan-shop.cn" in text
    assert "例子.中国" in text
    assert "xn--" not in text
    assert "李娜" in text  # site 2's own website owner
    assert "王芳" in text  # the subject owner
    assert "F-2026-000124" in text
    assert "单位盖章" in text
    assert "加盖单位公章" in squeezed(text)


@pytest.mark.parametrize("name", ["personal_pdf", "company_pdf", "long_pdf"])
def test_one_a4_page(name: str, request: pytest.FixtureRequest) -> None:
    pdf: bytes = request.getfixturevalue(name)
    sizes = page_sizes(pdf)
    assert len(sizes) == 1
    assert sizes[0] == pytest.approx(A4_PT, abs=1)


def test_long_values_wrap_and_stay_on_one_page(long_pdf: bytes) -> None:
    text = squeezed(page_text(long_pdf))
    assert squeezed(LONG_ADDRESS) in text
    assert LONG_NAME in text
    assert "yunfan-technology-online-store-for-enterprise-customers.com.cn" in text
    assert "例子.中国" in text
    assert "请勿在核验单上填写日期" in text  # the instructions at the bottom are still there


@pytest.mark.parametrize("name", ["personal_pdf", "company_pdf"])
def test_embedded_fonts_are_truetype(name: str, request: pytest.FixtureRequest) -> None:
    pdf: bytes = request.getfixturevalue(name)
    assert b"/FontFile2" in pdf
    assert b"/FontFile3" not in pdf
    assert b"/CIDFontType0" not in pdf
    assert b"/CIDFontType2" in pdf
    fonts = embedded_fonts(pdf)
    assert len(fonts) == 2  # regular and bold
    for font in fonts:
        assert "glyf" in font
        assert "CFF " not in font
        assert "CFF2" not in font


def test_metadata_marks_the_form(company_pdf: bytes) -> None:
    info = metadata(company_pdf)
    assert info["Title"] == TEXT["title"]
    assert "icp-bot" in info["Producer"]
    assert "F-2026-000124" in info["Subject"]
    assert "site 2" in info["Subject"]


def test_is_generated_form(personal_pdf: bytes, company_pdf: bytes) -> None:
    assert is_generated_form(personal_pdf)
    assert is_generated_form(company_pdf)
    assert not is_generated_form(core_font_pdf())
    assert not is_generated_form(jpeg())
    assert not is_generated_form(b"")
    assert not is_generated_form(b"%PDF-1.4 truncated garbage")


def test_preview_png(company_pdf: bytes) -> None:
    png = render_preview(company_pdf)
    image = Image.open(BytesIO(png))
    assert image.format == "PNG"
    assert image.width == 1000
    assert image.height == pytest.approx(1000 * A4_PT[1] / A4_PT[0], abs=2)

    blank = FPDF()
    blank.add_page()
    blank_image = Image.open(BytesIO(render_preview(bytes(blank.output()))))
    blank_stddev = ImageStat.Stat(blank_image.convert("L")).stddev[0]
    form_stddev = ImageStat.Stat(image.convert("L")).stddev[0]
    assert blank_stddev < 1
    assert form_stddev > blank_stddev + 20


def test_preview_width_is_a_parameter(personal_pdf: bytes) -> None:
    assert Image.open(BytesIO(render_preview(personal_pdf, width=600))).width == 600


def test_fonts_are_cleaned_up(
    personal_form: VerificationForm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    render_form(personal_form)
    assert list(tmp_path.iterdir()) == []


# --- the fonts --------------------------------------------------------------------------------
def test_prepared_fonts_are_small_truetype_subsets(tmp_path: Path) -> None:
    regular, bold = prepare_fonts("例子中国张伟", tmp_path)
    expected = {ord(char) for char in covered_text("例子中国张伟")}
    assert ord("张") in expected and ord("核") in expected and ord("A") in expected
    weights = []
    for path in (regular, bold):
        font = TTFont(path)
        assert font.sfntVersion == "\x00\x01\x00\x00"
        assert "glyf" in font and "loca" in font
        assert not {"CFF ", "CFF2", "fvar", "gvar", "HVAR"} & set(font.keys())
        assert font["maxp"].tableVersion == 0x00010000
        assert font["post"].formatType == 3.0
        assert font["head"].glyphDataFormat == 0
        assert set(font.getBestCmap()) == expected
        assert font["maxp"].numGlyphs == len(expected) + 1  # + .notdef
        weights.append(font["OS/2"].usWeightClass)
        # The bold "A" is wider than the regular one (the advance follows the weight).
    assert weights == [400, 700]
    assert TTFont(bold)["hmtx"]["A"][0] > TTFont(regular)["hmtx"]["A"][0]
