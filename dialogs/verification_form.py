"""The pre-filled 网站备案信息真实性核验单 (website filing authenticity verification form), one per
website (rules §2 step 4).

`form_for_site` maps a filing's answers to what the form shows for one website; `render_form`
lays it out as a one-page A4 PDF that the applicant prints, signs in black pen (units also stamp)
and photographs; `render_preview` draws page 1 as a PNG for the chat; `is_generated_form`
recognises a PDF made here (so an unsigned form sent straight back can be refused).

The form reproduces an official template, so its wording is Chinese whatever language the
applicant uses the bot in: it is the `TEXT` table below, not a locale file.

Everything here blocks (font preparation, layout, PDFium): call it from a worker thread. PDFium
is not thread-safe, so every PDFium call in the process must hold `PDFIUM_LOCK`.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, XPos, YPos

from dialogs.catalog import (
    LANGUAGES,
    NATURES,
    NO,
    NO_PREAPPROVAL,
    PERSONAL,
    PREAPPROVALS,
    SERVICE_CONTENT,
    Option,
    by_code,
    id_type,
)
from dialogs.cjk_font import prepare_fonts
from dialogs.provinces import BY_CODE
from dialogs.validation.domains import display_domain

# --- the official wording ---------------------------------------------------------------------
TEXT: dict[str, str] = {
    "title": "网站备案信息真实性核验单",
    "subtitle": "网站主办者基本信息",
    "filing_number": "备案申请编号：{filing_number}　网站 {site}",
    # Sections (written top to bottom in the narrow first column).
    "section_organizer": "主办单位",
    "section_subject_owner": "主体负责人",
    "section_website": "网站信息",
    "section_website_owner": "网站负责人",
    # Organizer.
    "organizer_name": "主办单位名称",
    "nature": "主办单位性质",
    "province": "主办单位所在省份",
    "certificate_type": "主办单位证件类型",
    "certificate_number": "主办单位证件号码",
    "certificate_address": "主办单位证件住所",
    "mailing_address": "主办单位通信地址",
    # A person in charge (subject owner, website owner).
    "owner_name": "姓名",
    "owner_id_type": "有效证件类型",
    "owner_id_number": "有效证件号码",
    "owner_mobile": "手机号码",
    "owner_email": "电子邮箱",
    # Website.
    "site_name": "网站名称",
    "site_domains": "网站域名",
    "site_home_url": "网站首页URL",
    "site_content": "网站服务内容",
    "site_languages": "网站语言",
    "site_preapprovals": "前置审批项",
    # Declaration and signatures.
    "declaration_title": "网站备案信息核验承诺",
    "declaration": (
        "本单位（本人）承诺：已知悉并遵守《互联网信息服务管理办法》《非经营性互联网信息服务备案"
        "管理办法》等有关规定；本核验单所列备案信息及所提交的证件、资料均真实、准确、完整、有效，"
        "并经负责人本人核对确认。如有虚假，愿承担由此产生的一切法律责任。"
    ),
    "signature": "负责人签字：",
    "signature_hint": "（请使用黑色签字笔亲笔签名）",
    "seal": "单位盖章：",
    "seal_hint": "（请加盖单位公章）",
    # Instructions (填写说明); `instruction_seal` only on a unit's form.
    "instructions_title": "填写说明",
    "instruction_print": "请使用A4纸单面打印本核验单，保持页面完整、平整，不得涂改。",
    "instruction_sign": "负责人核对上述信息无误后，使用黑色签字笔在“负责人签字”处亲笔签名。",
    "instruction_seal": "单位主办者须在“单位盖章”处加盖单位公章，印章应清晰可辨。",
    "instruction_date": "请勿在核验单上填写日期。",
    "instruction_upload": (
        "签字（盖章）后，请拍摄或扫描整页核验单（四边完整、字迹清晰、无遮挡），上传至备案对话。"
    ),
    "instruction_wrong": "如信息有误，请勿手工修改：请在备案对话中更正后重新生成核验单。",
    "footer": (
        "本核验单由 icp-bot 根据备案申请 {filing_number} 预填生成 · 网站 {site} · 第 1 页 共 1 页"
    ),
    # How lists are joined inside a cell.
    "list_separator": "、",
    "domain_separator": "; ",
    "none": "不涉及",
}

# Marks the PDF as made here (PDF metadata), with the filing number and the site.
PRODUCER = "icp-bot verification-form"
SUBJECT = PRODUCER + " {filing_number} site {site}"

PDFIUM_LOCK = threading.RLock()
"""PDFium may not be called from two threads at once, even on different documents: every
PDFium call in the process must hold this lock."""


def fixed_text() -> str:
    """Every character of the form's fixed wording (the fonts must contain them)."""
    return "".join(TEXT.values()) + "0123456789"


# --- what the form carries --------------------------------------------------------------------
@dataclass(frozen=True)
class Organizer:
    name: str = ""
    nature: str = ""  # official term, e.g. 企业
    certificate_type: str = ""  # official term, e.g. 营业执照（统一社会信用代码）
    certificate_number: str = ""
    address: str = ""  # 证件住所
    mailing_address: str = ""  # 通信地址


@dataclass(frozen=True)
class Owner:
    """A person in charge (主体负责人 or 网站负责人)."""

    name: str = ""
    id_type: str = ""  # official term, e.g. 居民身份证
    id_number: str = ""
    mobile: str = ""  # national form, e.g. 13812345678
    email: str = ""


@dataclass(frozen=True)
class Website:
    index: int
    name: str = ""
    domains: tuple[str, ...] = ()  # Unicode display form (例子.中国)
    home_url: str = ""
    content: tuple[str, ...] = ()  # official terms
    languages: tuple[str, ...] = ()  # official terms
    preapprovals: tuple[str, ...] = ()  # official terms, or (不涉及,)


@dataclass(frozen=True)
class VerificationForm:
    """What the 核验单 of one website shows."""

    filing_number: str  # ours, e.g. F-2026-000123
    province: str  # Chinese name, e.g. 上海市
    organizer: Organizer
    subject_owner: Owner
    website_owner: Owner
    site: Website
    unit: bool  # the organizer is not a person: the form has a seal box

    def text(self) -> str:
        """All the variable text the form prints (for the font subset)."""
        parts = [self.filing_number, self.province, str(self.site.index)]
        for group in (self.organizer, self.subject_owner, self.website_owner, self.site):
            for value in vars(group).values():
                parts.extend(value if isinstance(value, tuple) else [str(value)])
        return "".join(parts)


# --- from the answers -------------------------------------------------------------------------
def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _official(options: Sequence[Option], code: Any) -> str:
    if not code:
        return ""
    option = by_code(tuple(options), str(code))
    return option.official if option else str(code)


def _officials(options: Sequence[Option], codes: Any) -> tuple[str, ...]:
    return tuple(_official(options, code) for code in codes or () if code)


def _id_type_term(code: Any) -> str:
    if not code:
        return ""
    found = id_type(str(code))
    return found.official if found else str(code)


def national_mobile(value: Any) -> str:
    """A stored E.164 mainland mobile (+8613812345678) as printed on forms (13812345678)."""
    text = _text(value)
    return text.removeprefix("+86") if text.startswith("+86") else text


def _owner(answers: Mapping[str, Any], prefix: str) -> Owner:
    return Owner(
        name=_text(answers.get(f"{prefix}.name")),
        id_type=_id_type_term(answers.get(f"{prefix}.id_type")),
        id_number=_text(answers.get(f"{prefix}.id_number")),
        mobile=national_mobile(answers.get(f"{prefix}.mobile")),
        email=_text(answers.get(f"{prefix}.email")),
    )


def form_for_site(answers: Mapping[str, Any], site: int, filing_number: str) -> VerificationForm:
    """The 核验单 of website `site` (1-based) of a filing, from its answers. Values not given
    yet are empty. The website owner is the subject owner unless `site<n>.owner_same` is "no"
    (as for the documents: a personal filing's answer is forced to "yes")."""
    personal = answers.get("nature") == PERSONAL
    province = BY_CODE.get(_text(answers.get("province")))
    subject_owner = _owner(answers, "subject_owner")
    if personal and not subject_owner.name:
        # A person's subject owner is the organizer (the engine fills these in; be safe).
        subject_owner = Owner(
            name=_text(answers.get("organizer_name")),
            id_type=_id_type_term(answers.get("id_type")),
            id_number=_text(answers.get("organizer_id")),
            mobile=subject_owner.mobile,
            email=subject_owner.email,
        )
    prefix = f"site{site}"
    if answers.get(f"{prefix}.owner_same") == NO:
        website_owner = _owner(answers, f"{prefix}.owner")
    else:
        website_owner = subject_owner
    preapprovals = tuple(answers.get(f"{prefix}.preapprovals") or ())
    return VerificationForm(
        filing_number=filing_number,
        province=province.full_name if province else "",
        organizer=Organizer(
            name=_text(answers.get("organizer_name")),
            nature=_official(NATURES, answers.get("nature")),
            certificate_type=_id_type_term(answers.get("id_type")),
            certificate_number=_text(answers.get("organizer_id")),
            address=_text(answers.get("cert_address")),
            mailing_address=_text(answers.get("mail_address")),
        ),
        subject_owner=subject_owner,
        website_owner=website_owner,
        site=Website(
            index=site,
            name=_text(answers.get(f"{prefix}.name")),
            domains=tuple(display_domain(d) for d in answers.get(f"{prefix}.domains") or ()),
            home_url=_text(answers.get(f"{prefix}.home_url")),
            content=_officials(SERVICE_CONTENT, answers.get(f"{prefix}.content")),
            languages=_officials(LANGUAGES, answers.get(f"{prefix}.languages")),
            preapprovals=(
                (TEXT["none"],) if NO_PREAPPROVAL in preapprovals
                else _officials(PREAPPROVALS, preapprovals)
            ),
        ),
        unit=not personal,
    )


def fingerprint(answers: Mapping[str, Any], site: int) -> str:
    """What the printed form of `site` says, as a short hash: a signed form whose data has
    changed since it was printed no longer matches. Our filing number (it never changes) and the
    website's position in the filing (renumbering after a removal changes nothing printed that
    the authority reads) are left out."""
    form = form_for_site(answers, site, "")
    form = replace(form, site=replace(form.site, index=0))
    return hashlib.sha256(repr(form).encode()).hexdigest()[:16]


def printed_answers_complete(answers: Mapping[str, Any], site: int) -> bool:
    """Whether every answer the form prints is there (while one is being asked again, a signed
    form cannot be judged yet)."""
    keys = ["organizer_name", "organizer_id", "cert_address", "mail_address",
            "subject_owner.name", "subject_owner.id_number", "subject_owner.mobile",
            f"site{site}.name", f"site{site}.domains", f"site{site}.home_url",
            f"site{site}.content"]
    if answers.get(f"site{site}.owner_same") == "no":
        keys += [f"site{site}.owner.{k}" for k in ("name", "id_number", "mobile", "email")]
    return all(answers.get(k) not in (None, "", []) for k in keys)


# --- layout -----------------------------------------------------------------------------------
FONT = "NotoSansCJKsc"
PT = 25.4 / 72  # mm per point

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15.0, 13.0, 10.0
CONTENT_W = PAGE_W - 2 * MARGIN_X

# Table columns (mm): section | label | value | label | value. A row with one pair spans the rest.
# The first value column is the wider one: it holds certificate types and service content; the
# second holds numbers.
SECTION_W, LABEL_W, SECOND_VALUE_W = 9.0, 33.0, 47.0
FIRST_VALUE_W = CONTENT_W - SECTION_W - 2 * LABEL_W - SECOND_VALUE_W
WIDE_VALUE_W = FIRST_VALUE_W + LABEL_W + SECOND_VALUE_W

LINE_FACTOR = 1.32  # line height / font size
CELL_PAD_X, CELL_PAD_Y = 1.6, 1.3
MIN_ROW_H = 8.6
SIGN_BOX_MIN_H, SIGN_BOX_MAX_H = 30.0, 50.0
GAP = 4.0

BLACK, INK, GREY_TEXT = (0, 0, 0), (25, 25, 25), (110, 110, 110)
LABEL_FILL, SECTION_FILL = (242, 242, 242), (226, 226, 226)
THIN, THICK = 0.2, 0.5

# Shrink steps tried until the page fits (1.0 = the normal sizes).
SCALES = tuple(round(1.0 - 0.05 * i, 2) for i in range(13))  # 1.0 … 0.4


@dataclass(frozen=True)
class _Sizes:
    """Font sizes (pt) at one scale."""

    scale: float

    @property
    def title(self) -> float:
        return 19.0 * min(1.0, 0.5 + self.scale / 2)

    @property
    def value(self) -> float:
        return 10.0 * self.scale

    @property
    def label(self) -> float:
        return 9.5 * self.scale

    @property
    def section(self) -> float:
        return 10.0 * self.scale

    @property
    def body(self) -> float:
        return 9.5 * min(1.0, 0.3 + self.scale * 0.7)

    @property
    def small(self) -> float:
        return 8.5 * min(1.0, 0.3 + self.scale * 0.7)

    @property
    def footer(self) -> float:
        return 6.5


def _line_h(size_pt: float) -> float:
    return size_pt * PT * LINE_FACTOR


# A table row: one or two (label, value) pairs. A value may hold several lines ("\n").
_Pair = tuple[str, str]
_Row = tuple[_Pair, ...]


def _widths(row: _Row) -> list[float]:
    return [WIDE_VALUE_W] if len(row) == 1 else [FIRST_VALUE_W, SECOND_VALUE_W]


def _join(items: Sequence[str]) -> str:
    return TEXT["list_separator"].join(items)


def _domains(domains: Sequence[str]) -> str:
    # One per line while that stays short; a long list wraps.
    if len(domains) <= 4:
        return "\n".join(domains)
    return TEXT["domain_separator"].join(domains)


def _owner_rows(owner: Owner) -> list[_Row]:
    return [
        ((TEXT["owner_name"], owner.name), (TEXT["owner_mobile"], owner.mobile)),
        ((TEXT["owner_id_type"], owner.id_type), (TEXT["owner_id_number"], owner.id_number)),
        ((TEXT["owner_email"], owner.email),),
    ]


def _sections(form: VerificationForm) -> list[tuple[str, list[_Row]]]:
    o, s = form.organizer, form.site
    return [
        (TEXT["section_organizer"], [
            ((TEXT["organizer_name"], o.name),),
            ((TEXT["nature"], o.nature), (TEXT["province"], form.province)),
            ((TEXT["certificate_type"], o.certificate_type),
             (TEXT["certificate_number"], o.certificate_number)),
            ((TEXT["certificate_address"], o.address),),
            ((TEXT["mailing_address"], o.mailing_address),),
        ]),
        (TEXT["section_subject_owner"], _owner_rows(form.subject_owner)),
        (TEXT["section_website"], [
            ((TEXT["site_name"], s.name),),
            ((TEXT["site_domains"], _domains(s.domains)),),
            ((TEXT["site_home_url"], s.home_url),),
            ((TEXT["site_content"], _join(s.content)),
             (TEXT["site_languages"], _join(s.languages))),
            ((TEXT["site_preapprovals"], _join(s.preapprovals)),),
        ]),
        (TEXT["section_website_owner"], _owner_rows(form.website_owner)),
    ]


def _instructions(unit: bool) -> list[str]:
    keys = ["instruction_print", "instruction_sign"]
    if unit:
        keys.append("instruction_seal")
    keys += ["instruction_date", "instruction_upload", "instruction_wrong"]
    return [f"{n}. {TEXT[key]}" for n, key in enumerate(keys, start=1)]


class _Page:
    """Draws (or only measures, when `draw` is false) the form at one set of sizes."""

    def __init__(
        self, pdf: FPDF, form: VerificationForm, sizes: _Sizes, draw: bool,
        measured: dict[tuple[str, float, float, bool], list[str]],
    ) -> None:
        self.pdf, self.form, self.sizes, self.draw = pdf, form, sizes, draw
        self.measured = measured  # line breaks already computed, shared by all passes

    # text helpers
    def _font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)

    def _lines(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        key = (text, width, size, bold)
        if key not in self.measured:
            self._font(size, bold)
            lines = self.pdf.multi_cell(
                width, _line_h(size), text, dry_run=True, output=MethodReturnValue.LINES
            )
            self.measured[key] = lines or [""]
        return self.measured[key]

    def _text_block(
        self, x: float, y: float, width: float, text: str, size: float, *,
        bold: bool = False, align: Align = Align.L, color: tuple[int, int, int] = INK,
    ) -> float:
        """Write wrapped text at (x, y); returns its height."""
        lines = self._lines(text, width, size, bold)
        height = len(lines) * _line_h(size)
        if self.draw:
            self._font(size, bold)
            self.pdf.set_text_color(*color)
            self.pdf.set_xy(x, y)
            self.pdf.multi_cell(width, _line_h(size), text, align=align,
                                new_x=XPos.LEFT, new_y=YPos.NEXT)
        return height

    def _rect(
        self, x: float, y: float, w: float, h: float, *,
        fill: tuple[int, int, int] | None = None, width: float = THIN,
    ) -> None:
        if not self.draw:
            return
        self.pdf.set_line_width(width)
        self.pdf.set_draw_color(*BLACK)
        if fill is not None:
            self.pdf.set_fill_color(*fill)
        self.pdf.rect(x, y, w, h, style="DF" if fill is not None else "D")

    # parts
    def header(self, y: float) -> float:
        s, form = self.sizes, self.form
        top = y
        y += self._text_block(MARGIN_X, y, CONTENT_W, TEXT["title"], s.title, bold=True,
                              align=Align.C, color=BLACK)
        y += 1.5
        left = TEXT["subtitle"]
        right = TEXT["filing_number"].format(filing_number=form.filing_number,
                                             site=form.site.index)
        half = CONTENT_W / 2
        h1 = self._text_block(MARGIN_X, y, half, left, s.body, bold=True)
        h2 = self._text_block(MARGIN_X + half, y, half, right, s.body, align=Align.R)
        y += max(h1, h2) + 1.2
        return y - top

    def _row_height(self, row: _Row) -> float:
        s = self.sizes
        widths = _widths(row)
        height = MIN_ROW_H * s.scale ** 0.5
        for (label, value), width in zip(row, widths, strict=True):
            label_h = len(self._lines(label, LABEL_W - 2 * CELL_PAD_X, s.label)) * _line_h(s.label)
            value_h = len(self._lines(value, width - 2 * CELL_PAD_X, s.value)) * _line_h(s.value)
            height = max(height, label_h + 2 * CELL_PAD_Y, value_h + 2 * CELL_PAD_Y)
        return height

    def _cell(self, x: float, y: float, w: float, h: float, text: str, size: float, *,
              label: bool) -> None:
        self._rect(x, y, w, h, fill=LABEL_FILL if label else None)
        inner = w - 2 * CELL_PAD_X
        text_h = len(self._lines(text, inner, size)) * _line_h(size)
        self._text_block(x + CELL_PAD_X, y + (h - text_h) / 2, inner, text, size,
                         align=Align.C if label else Align.L, color=INK)

    def _section_cell(self, x: float, y: float, h: float, title: str) -> None:
        """The section title written top to bottom, one character a line."""
        self._rect(x, y, SECTION_W, h, fill=SECTION_FILL)
        size = self.sizes.section
        step = _line_h(size) * 1.05
        while len(title) * step > h - 2 * CELL_PAD_Y and size > 5:
            size -= 0.5
            step = _line_h(size) * 1.05
        top = y + (h - len(title) * step) / 2
        for i, char in enumerate(title):
            self._text_block(x, top + i * step, SECTION_W, char, size, bold=True,
                             align=Align.C, color=BLACK)

    def table(self, y: float) -> float:
        top = y
        s = self.sizes
        for title, rows in _sections(self.form):
            section_top = y
            for row in rows:
                h = self._row_height(row)
                x = MARGIN_X + SECTION_W
                widths = _widths(row)
                for (label, value), width in zip(row, widths, strict=True):
                    if self.draw:
                        self._cell(x, y, LABEL_W, h, label, s.label, label=True)
                        self._cell(x + LABEL_W, y, width, h, value, s.value, label=False)
                    x += LABEL_W + width
                y += h
            if self.draw:
                self._section_cell(MARGIN_X, section_top, y - section_top, title)
        self._rect(MARGIN_X, top, CONTENT_W, y - top, width=THICK)
        return y - top

    def declaration(self, y: float, sign_h: float) -> float:
        s, top = self.sizes, y
        pad = 2.2
        inner = CONTENT_W - 2 * pad
        y += pad
        y += self._text_block(MARGIN_X + pad, y, inner, TEXT["declaration_title"], s.body + 0.5,
                              bold=True, color=BLACK)
        y += 0.8
        y += self._text_block(MARGIN_X + pad, y, inner, TEXT["declaration"], s.body, align=Align.J)
        y += 2.0
        boxes = [("signature", "signature_hint")]
        if self.form.unit:
            boxes.append(("seal", "seal_hint"))
        gap = 4.0
        box_w = (inner - gap * (len(boxes) - 1)) / len(boxes)
        for i, (label, hint) in enumerate(boxes):
            x = MARGIN_X + pad + i * (box_w + gap)
            self._rect(x, y, box_w, sign_h)
            self._text_block(x + 2, y + 1.5, box_w - 4, TEXT[label], s.body + 0.5, bold=True,
                             color=BLACK)
            hint_h = _line_h(s.small)
            self._text_block(x + 2, y + sign_h - hint_h - 1.5, box_w - 4, TEXT[hint], s.small,
                             align=Align.R, color=GREY_TEXT)
        y += sign_h + pad
        self._rect(MARGIN_X, top, CONTENT_W, y - top, width=THICK)
        return y - top

    def instructions(self, y: float) -> float:
        s, top = self.sizes, y
        y += self._text_block(MARGIN_X, y, CONTENT_W, TEXT["instructions_title"], s.small + 0.5,
                              bold=True, color=BLACK)
        y += 0.5
        for line in _instructions(self.form.unit):
            y += self._text_block(MARGIN_X + 2, y, CONTENT_W - 2, line, s.small, color=INK)
        return y - top

    def footer(self) -> None:
        text = TEXT["footer"].format(filing_number=self.form.filing_number,
                                     site=self.form.site.index)
        size = self.sizes.footer
        self._text_block(MARGIN_X, PAGE_H - MARGIN_BOTTOM + 2.5, CONTENT_W, text, size,
                         align=Align.C, color=GREY_TEXT)

    def layout(self, sign_h: float) -> float:
        """Lay out the page top to bottom; returns where the content ends."""
        y = MARGIN_TOP
        y += self.header(y)
        y += self.table(y)
        y += GAP
        y += self.declaration(y, sign_h)
        y += GAP * 0.75
        y += self.instructions(y)
        self.footer()
        return y


def _fit(
    pdf: FPDF, form: VerificationForm, measured: dict[tuple[str, float, float, bool], list[str]]
) -> tuple[_Sizes, float]:
    """The largest sizes whose layout fits the page, and the signature box height."""
    bottom = PAGE_H - MARGIN_BOTTOM

    def end(index: int) -> float:
        sizes = _Sizes(SCALES[index])
        return _Page(pdf, form, sizes, draw=False, measured=measured).layout(SIGN_BOX_MIN_H)

    # Smaller sizes never make the page longer: bisect for the first scale that fits.
    low, high = 0, len(SCALES) - 1
    if end(low) > bottom:
        while high - low > 1:
            middle = (low + high) // 2
            if end(middle) > bottom:
                low = middle
            else:
                high = middle
        low = high
    # At the last scale the page may still be too long (beyond any real filing: the validators
    # bound every value). It is drawn anyway; automatic page breaks are off, so the document
    # still has exactly one page.
    spare = bottom - end(low)
    return _Sizes(SCALES[low]), min(SIGN_BOX_MAX_H, SIGN_BOX_MIN_H + max(0.0, spare))


def render_form(form: VerificationForm) -> bytes:
    """The form as a one-page A4 PDF with embedded TrueType subsets of Noto Sans CJK SC."""
    with tempfile.TemporaryDirectory(prefix="icp-form-") as directory:
        regular, bold = prepare_fonts(form.text(), Path(directory))
        pdf = FPDF(orientation="portrait", unit="mm", format="A4")
        try:
            pdf.set_auto_page_break(False)
            pdf.set_margins(MARGIN_X, MARGIN_TOP, MARGIN_X)
            pdf.add_font(FONT, "", regular)
            pdf.add_font(FONT, "B", bold)
            pdf.set_title(TEXT["title"])
            pdf.set_subject(SUBJECT.format(filing_number=form.filing_number,
                                           site=form.site.index))
            pdf.set_keywords(f"icp-bot {form.filing_number}")
            pdf.set_creator("icp-bot")
            pdf.set_producer(PRODUCER)
            pdf.set_lang("zh-CN")
            pdf.add_page()
            measured: dict[tuple[str, float, float, bool], list[str]] = {}
            sizes, sign_h = _fit(pdf, form, measured)
            _Page(pdf, form, sizes, draw=True, measured=measured).layout(sign_h)
            return bytes(pdf.output())
        finally:
            for font in pdf.fonts.values():
                ttfont = getattr(font, "ttfont", None)
                if ttfont is not None:
                    ttfont.close()


# --- reading PDFs back ------------------------------------------------------------------------
def _metadata(content: bytes) -> dict[str, str] | None:
    if b"%PDF-" not in content[:1024]:
        return None
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(content)
        except pdfium.PdfiumError:
            return None
        try:
            return dict(document.get_metadata_dict(skip_empty=True))
        finally:
            document.close()


def is_generated_form(content: bytes) -> bool:
    """Whether `content` is a PDF made by `render_form` (not a signed photo or scan)."""
    metadata = _metadata(content)
    if metadata is None:
        return False
    return metadata.get("Producer", "") == PRODUCER or metadata.get("Subject", "").startswith(
        PRODUCER + " "
    )


def render_preview(pdf: bytes, width: int = 1000) -> bytes:
    """Page 1 of `pdf` as a PNG `width` pixels wide (the chat preview)."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[0]
            try:
                bitmap = page.render(scale=width / page.get_width())
                try:
                    image = bitmap.to_pil().convert("RGB")
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            document.close()
    if image.width != width:
        height = round(image.height * width / image.width)
        image = image.resize((width, height))
    grey = image.convert("L")
    if grey.convert("RGB").tobytes() == image.tobytes():
        image = grey  # the form is black and white: a grey PNG is a third of the size
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
