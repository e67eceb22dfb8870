"""Small static TrueType fonts for the 核验单, cut from the packaged Noto Sans CJK SC.

The font comes from the `manimgx-fonts-cjk` package (never from the system): one variable
collection, `NotoSansCJK-VF.otf.ttc`, whose face 2 is Noto Sans CJK SC with CFF2 outlines and a
weight axis. A PDF needs a static font, and CFF2 inside a PDF is not understood by every viewer,
so for each document the fonts are rebuilt as plain TrueType holding only the glyphs it uses:

1. the face is opened lazily and only the tables needed are read (cmap, CFF2, hmtx, HVAR, fvar,
   avar): the 32 MB collection is never parsed as a whole;
2. each glyph is drawn through a glyph set placed at the weight (400 regular, 700 bold): CFF2
   blends the outline and HVAR the advance width at that location, which is exactly what
   fontTools' instancer would compute, without rewriting the CFF2 table;
3. the cubic outlines go through cu2qu into quadratic `glyf` outlines and a TrueType font is
   built around them (`glyf`/`loca`, `maxp` 1.0, `head.glyphDataFormat` 0, `post` format 3, the
   source's vertical metrics, OS/2 fields and legal notices), which fpdf2 embeds as `FontFile2`.

Both weights take about half a second together; fpdf2's own `add_font(variations=…)` instances
every glyph of the collection and takes minutes.
"""

from __future__ import annotations

import copy
from importlib import resources
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

FONT_PACKAGE = "manimgx_fonts_cjk"
FONT_FILE = "NotoSansCJK-VF.otf.ttc"
FACE_SC = 2  # "Noto Sans CJK SC" in the collection
FAMILY = "Noto Sans CJK SC"
PS_FAMILY = "NotoSansCJKsc"

REGULAR = 400
BOLD = 700
STYLES: dict[str, int] = {"Regular": REGULAR, "Bold": BOLD}

ASCII = "".join(chr(code) for code in range(0x20, 0x7F))
NOTDEF = ".notdef"

# Tables of the face never read: deleting them from the lazily opened font keeps fontTools from
# parsing them (vmtx/VVAR would otherwise be read with the glyph set).
_UNUSED_TABLES = (
    "BASE", "GDEF", "GPOS", "GSUB", "STAT", "VORG", "VVAR", "vhea", "vmtx", "DSIG", "meta",
)
# Name records copied from the source: copyright, trademark, manufacturer, designers,
# description, URLs, licence (the SIL Open Font License asks for them to travel with the font).
_COPIED_NAME_IDS = (0, 7, 8, 9, 10, 11, 12, 13, 14)
# Largest distance (font units, 1000 per em) between a cubic curve and its quadratic stand-in.
_CU2QU_MAX_ERROR = 1.0
_FS_SELECTION_STYLE_BITS = (1 << 0) | (1 << 5) | (1 << 6)  # italic, bold, regular
_FS_SELECTION_BOLD, _FS_SELECTION_REGULAR = 1 << 5, 1 << 6
_MAC_STYLE_BOLD = 1 << 0


def base_font_path() -> Path:
    """The packaged variable collection (from the installed package, never a system font)."""
    path = Path(str(resources.files(FONT_PACKAGE) / FONT_FILE))
    if not path.is_file():  # pragma: no cover - a broken installation
        raise FileNotFoundError(f"{FONT_FILE} is missing from the {FONT_PACKAGE} package")
    return path


def covered_text(text: str) -> str:
    """Every character the fonts get: `text`, ASCII and the 核验单's fixed wording, once each."""
    # The wording lives with the form, which imports this module: imported here, not at the top.
    from dialogs.verification_form import fixed_text

    return "".join(dict.fromkeys(text + ASCII + fixed_text()))


def prepare_fonts(text: str, directory: Path) -> tuple[Path, Path]:
    """Write a regular and a bold TrueType font with the glyphs of `text`, ASCII and the form's
    fixed wording into `directory`; returns their paths (regular, bold)."""
    fonts = build_fonts(covered_text(text))
    paths = []
    for style, font in fonts.items():
        path = Path(directory) / f"{PS_FAMILY}-{style}.ttf"
        font.save(str(path))
        paths.append(path)
    return paths[0], paths[1]


def build_fonts(text: str) -> dict[str, TTFont]:
    """One static TrueType font per style of `STYLES`, with the glyphs of `text` (characters
    the face lacks are left out)."""
    source = TTFont(str(base_font_path()), fontNumber=FACE_SC, lazy=True)
    try:
        for tag in _UNUSED_TABLES:
            if tag in source:
                del source[tag]
        best = source.getBestCmap()
        cmap = {ord(char): best[ord(char)] for char in text if ord(char) in best}
        names = sorted(set(cmap.values()), key=source.getGlyphID)
        order = [NOTDEF, *(name for name in names if name != NOTDEF)]
        return {
            style: _static_font(source, order, cmap, style, weight)
            for style, weight in STYLES.items()
        }
    finally:
        source.close()


def _static_font(
    source: TTFont, order: list[str], cmap: dict[int, str], style: str, weight: int
) -> TTFont:
    glyph_set = source.getGlyphSet(location={"wght": weight})
    glyphs: dict[str, Glyph] = {}
    advances: dict[str, int] = {}
    for name in order:
        glyph = glyph_set[name]
        pen = TTGlyphPen(None)
        # PostScript contours run counter-clockwise, TrueType ones clockwise.
        glyph.draw(Cu2QuPen(pen, _CU2QU_MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
        advances[name] = round(glyph.width)

    bold = weight >= BOLD
    head, hhea = source["head"], source["hhea"]
    builder = FontBuilder(head.unitsPerEm, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(cmap)
    builder.setupGlyf(glyphs)
    glyf = builder.font["glyf"]
    builder.setupHorizontalMetrics(
        {name: (advances[name], getattr(glyf[name], "xMin", 0)) for name in order}
    )
    builder.setupHorizontalHeader(
        ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap
    )
    builder.setupHead(
        fontRevision=head.fontRevision,
        created=head.created,
        modified=head.modified,
        lowestRecPPEM=head.lowestRecPPEM,
        macStyle=_MAC_STYLE_BOLD if bold else 0,
    )
    builder.setupNameTable(_names(source, style), mac=False)
    builder.setupMaxp()  # version 1.0; point and contour counts are computed on save
    builder.setupPost(
        keepGlyphNames=False,  # format 3
        underlinePosition=source["post"].underlinePosition,
        underlineThickness=source["post"].underlineThickness,
    )
    os2 = copy.copy(source["OS/2"])
    os2.usWeightClass = weight
    os2.fsSelection = (os2.fsSelection & ~_FS_SELECTION_STYLE_BITS) | (
        _FS_SELECTION_BOLD if bold else _FS_SELECTION_REGULAR
    )
    builder.font["OS/2"] = os2
    os2.recalcAvgCharWidth(builder.font)
    return builder.font


def _names(source: TTFont, style: str) -> dict[str, str | int]:
    version = f"{source['head'].fontRevision:.3f}"
    names: dict[str, str | int] = {}
    for name_id in _COPIED_NAME_IDS:
        record = source["name"].getName(name_id, 3, 1, 0x409)
        if record is not None:
            names[name_id] = record.toUnicode()
    names.update(
        familyName=FAMILY,
        styleName=style,
        uniqueFontIdentifier=f"{version};icp-bot;{PS_FAMILY}-{style}",
        fullName=f"{FAMILY} {style}",
        version=f"Version {version}",
        psName=f"{PS_FAMILY}-{style}",
    )
    return names
