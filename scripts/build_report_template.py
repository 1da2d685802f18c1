"""Build the report's template, ``ita_xl/report/templates/report.docx``, on purpose (tests never do).

    .venv/bin/python scripts/build_report_template.py          # write it
    .venv/bin/python scripts/build_report_template.py --check  # exit 1 when the committed file differs

Every report starts from this file, as python-docx's ``Document()`` starts from its bundled
``default.docx``: the styles (TH SarabunPSK 16 pt body, the title and headings, the table text and
grid), the page set-up (A4 portrait, the Thai official margins) and the page number "- ๒ -" at the top
centre from page 2 live here, so a user restyles the documents in Word (open the template, change a
style, save) and ``ita_xl/report/docx.py`` writes content only.

It is made from python-docx's own default template: the styles the report uses are set as below,
the rest of its 164 styles (and its parts for lists, Word 2010's style effects, a thumbnail and custom
XML) are left out, and the file is written deterministically (the ZIP's epoch for every date), so the
same code gives the same bytes. ``tests/test_report_template.py`` checks the committed file against
what this script builds, part by part: the look of every report is changed here; a copy of the
template restyled in Word (an office's own house style) is read the same way.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ita_xl.io.fonts import DOCX_FAMILY, SIZE_PT, TABLE_PT  # noqa: E402
from ita_xl.report.docx import BODY, INDENT_CM, STYLES, TABLE_TEXT, TEMPLATE  # noqa: E402

# Thai government documents: A4, 2.5 cm top, 2 cm bottom, 3 cm left, 2 cm right.
A4 = (21.0, 29.7)
MARGINS = {"top": 2.5, "bottom": 2.0, "left": 3.0, "right": 2.0}
# TH SarabunPSK's (and Laksaman's) line is 1.66 em high, far looser than Word shows it: 0.85 of it
# keeps room for stacked Thai marks and gives the 30-odd lines an A4 page has in agency documents.
LINE = 0.85
EPOCH = datetime(1980, 1, 1)  # the ZIP format's first date: no date of the build in the file

RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
).split()
# The default template's parts the report has no use for.
UNUSED_PARTS = (RT.NUMBERING, RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")


def set_font(rpr, family: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Thai is a complex script in Word: its text takes the ``w:cs`` font and the ``w:szCs`` size, so
    every font setting writes ascii, hAnsi, eastAsia and cs names and both sizes."""

    def child(tag: str):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        return el

    fonts = child("w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)  # a theme font would win over the names below
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), family)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            child(tag).set(qn("w:val"), "1" if bold else "0")
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            child(tag).set(qn("w:val"), str(int(size_pt * 2)))
    child("w:lang").set(qn("w:bidi"), "th-TH")
    # Word rejects rPr children out of schema order.
    rank = {qn(f"w:{t}"): k for k, t in enumerate(RPR_ORDER)}
    for c in sorted(rpr, key=lambda c: rank.get(c.tag, len(RPR_ORDER))):
        rpr.remove(c)
        rpr.append(c)


def styles(doc, family: str) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    set_font(rpr, family, SIZE_PT)
    normal = doc.styles["Normal"]
    set_font(normal.element.get_or_add_rPr(), family, SIZE_PT)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = LINE
    # Distinct levels: the title 20 pt, a section 18 pt, an issue 16 pt, all bold, black.
    for name, size, align, before in (("Title", 20, WD_ALIGN_PARAGRAPH.CENTER, 0),
                                      ("Heading 1", 18, WD_ALIGN_PARAGRAPH.LEFT, 12),
                                      ("Heading 2", SIZE_PT, WD_ALIGN_PARAGRAPH.LEFT, 9)):
        st = doc.styles[name]
        set_font(st.element.get_or_add_rPr(), family, size, bold=True)
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.italic = False
        st.paragraph_format.space_before = Pt(before)
        st.paragraph_format.space_after = Pt(4)
        st.paragraph_format.keep_with_next = True
        st.paragraph_format.alignment = align
        ppr = st.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):  # the default Title has a rule under it
            ppr.remove(border)
    # Body text: Thai distributed (w:jc="thaiDistribute"), as Thai official documents are set in
    # Word; LibreOffice sets such a paragraph flush left, ragged right, which is what the PDF wants:
    # its own justification of Thai ("both") added space after every letter and at every word break,
    # so that "พ .ศ.", "๙๑ .๐๖" and "สำนักงาน คณะกรรมการ  ป้องกัน" printed with gaps inside them and a
    # line-final vowel in the right margin. A 2.5 cm first-line indent.
    body = doc.styles[BODY]
    body.base_style = normal
    set_font(body.element.get_or_add_rPr(), family, SIZE_PT)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
    body.paragraph_format.first_line_indent = Cm(INDENT_CM)
    body.paragraph_format.space_before = Pt(0)
    body.paragraph_format.space_after = Pt(3)
    body.paragraph_format.line_spacing = LINE
    table_text = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    set_font(table_text.element.get_or_add_rPr(), family, TABLE_PT)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table_text.paragraph_format.line_spacing = LINE


def page(doc) -> None:
    """A4 portrait, the margins, Thai digits for page numbers in Word (``thaiNumbers``; LibreOffice
    shapes them by the language of the header's runs)."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(A4[0]), Cm(A4[1])
    section.top_margin = Cm(MARGINS["top"])
    section.bottom_margin = Cm(MARGINS["bottom"])
    section.left_margin = Cm(MARGINS["left"])
    section.right_margin = Cm(MARGINS["right"])
    section.header_distance = Cm(1.25)
    section.footer_distance = Cm(1.0)
    sect = doc.element.body.find(qn("w:sectPr"))
    el = OxmlElement("w:pgNumType")  # python-docx has no API for page-number formats
    el.set(qn("w:fmt"), "thaiNumbers")
    sect.find(qn("w:cols")).addprevious(el)  # schema order: after pgMar, before cols


def page_numbers(doc) -> None:
    """"- ๒ -" at the top centre of every page but the first (a different, empty first-page header)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    runs = [p.add_run("- ")]
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("value", "2"), ("end", None)):
        r = p.add_run(text if kind == "value" else None)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            r.element.append(el)
        elif kind != "value":
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            r.element.append(el)
        runs.append(r)
    runs.append(p.add_run(" -"))
    for r in runs:  # Thai, so that the digits take the Thai shape where the viewer shapes by language
        el = OxmlElement("w:lang")
        el.set(qn("w:val"), "th-TH")
        el.set(qn("w:bidi"), "th-TH")
        r.element.get_or_add_rPr().append(el)


def keep_only(doc, names: tuple[str, ...]) -> None:
    """Delete every style but ``names``, the styles they are based on or linked to, and the defaults."""
    by_id = {s.style_id: s for s in doc.styles}
    keep = {s.style_id for s in doc.styles if s.name in names or s.element.default}
    todo = list(keep)
    while todo:
        el = by_id[todo.pop()].element
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = el.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) not in keep:
                keep.add(ref.get(qn("w:val")))
                todo.append(ref.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in keep:
            style.delete()


def drop_parts(doc) -> None:
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype in UNUSED_PARTS:
            doc.part.drop_rel(rid)
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]


def build() -> bytes:
    doc = Document()
    styles(doc, DOCX_FAMILY)
    page(doc)
    page_numbers(doc)
    keep_only(doc, STYLES)
    drop_parts(doc)
    cp = doc.core_properties
    cp.title, cp.author, cp.last_modified_by, cp.comments, cp.revision = "", "", "", "ita-xl", 1
    cp.created = cp.modified = cp.last_printed = EPOCH
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():  # python-docx stamps each member with the time of saving
            member = zipfile.ZipInfo(info.filename, EPOCH.timetuple()[:6])
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def parts(data: bytes) -> list[tuple[str, bytes]]:
    """The members of a ZIP and their bytes, unpacked (deflate's output may differ between zlibs)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(info.filename, z.read(info)) for info in z.infolist()]


def main(argv: list[str]) -> int:
    data = build()
    if "--check" in argv:
        same = TEMPLATE.exists() and parts(TEMPLATE.read_bytes()) == parts(data)
        print(f"{TEMPLATE.relative_to(ROOT)} is {'up to date' if same else 'out of date: run scripts/build_report_template.py'}")
        return 0 if same else 1
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_bytes(data)
    print(f"wrote {TEMPLATE.relative_to(ROOT)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
