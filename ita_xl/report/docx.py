"""Both documents as Word files in Thai official style (python-docx).

Thai is a complex script in Word: a run's Thai text takes the ``w:cs`` font and the ``w:szCs`` size,
so every font setting here writes ascii, hAnsi, eastAsia and cs names and both sizes. The look is in
named styles (Title, Heading 1/2, Body Text, Table Text), so a user restyles the document in Word.
Page numbers "- ๒ -" stand at the top centre from page 2 (the first page's header is empty)."""

from __future__ import annotations

import re
import tempfile
import weakref
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path

from ita_xl.io.safefile import atomic_save

from ita_xl.report.chart import render
from ita_xl.io.fonts import DOCX_FAMILY, SIZE_PT, TABLE_PT
from ita_xl.report.model import Report
from ita_xl.report.progress import ProgressReport
from ita_xl.report.typeset import ZWNBSP, lay, proper_names

# Thai government documents: A4, 2.5 cm top, 2 cm bottom, 3 cm left, 2 cm right.
A4 = (21.0, 29.7)
MARGINS = {"top": 2.5, "bottom": 2.0, "left": 3.0, "right": 2.0}
PORTRAIT_WIDTH = A4[0] - MARGINS["left"] - MARGINS["right"]  # 16 cm
LANDSCAPE_WIDTH = A4[1] - MARGINS["left"] - MARGINS["right"]  # 24.7 cm
INDENT_CM = 2.5  # first-line indent of body paragraphs

RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
).split()

TCPR_AFTER_SHD = ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")

INDICATOR_COLS = (2.5, 10.0, 3.5)
CHART_WIDTH = 15.0
ISSUE_COLS = (2.3, 4.1, 1.9, 7.7)
PLAN_COLS = (3.3, 6.7, 3.9, 7.2, 3.6)
SUMMARY_COLS = (9.0, 4.0)
# The row number's column holds "๑๐" and up (a plan of ten measures or more) at 14 pt: at 1.0 cm
# LibreOffice broke it "๑" | "๐" (0.62 cm inside the cell margins, the number 0.67 cm wide).
PROGRESS_COLS = (1.3, 7.5, 3.9, 2.6, 1.8, 4.6, 3.0)
BODY, TABLE_TEXT = "Body Text", "Table Text"
# TH SarabunPSK's (and Laksaman's) line is 1.66 em high, far looser than Word shows it: 0.85 of it
# keeps room for stacked Thai marks and gives the 30-odd lines an A4 page has in agency documents.
LINE = 0.85
# The words every run of the document being written keeps whole besides the dictionary's: the
# agency's and its place's proper names, the units that own measures (see typeset.py).
_WORDS: ContextVar[frozenset[str]] = ContextVar("words", default=frozenset())


@contextmanager
def _words(names: list[str], owners: list[str]):
    token = _WORDS.set(frozenset(proper_names(names) | {o for o in owners if o and " " not in o}))
    try:
        yield
    finally:
        _WORDS.reset(token)


def _lay(text: str) -> str:
    return lay(text, _WORDS.get())


def write_docx(report: Report, path: str | Path, chart_png: str | Path | None = None) -> Path:
    """Write the report; the chart is rendered into a temporary PNG unless one is given."""
    path = Path(path)
    doc = _document(report.numerals, report.title, report.agency)
    with _words([report.agency, report.place], [p.owner for p in report.plan]):
        with tempfile.TemporaryDirectory(prefix="ita-xl-chart-") as tmp:
            png = Path(chart_png) if chart_png else render(report.chart, Path(tmp) / "chart.png", CHART_WIDTH)
            _title(doc, report.title, report.agency, report.place)
            _section1(doc, report, png)
        _section2(doc, report)
        _section3(doc, report)
    return _save(doc, path)


def write_progress_docx(report: ProgressReport, path: str | Path) -> Path:
    """The report on carrying the measures out: title with the round, summary, a row per measure."""
    path = Path(path)
    with _words([report.agency, report.place], [line.owner for line in report.lines]):
        return _save(_progress(report), path)


def _progress(report: ProgressReport):
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.shared import Cm  # noqa: PLC0415

    doc = _document(report.numerals, f"{report.title} {report.round}", report.agency)
    _title(doc, f"{report.title}\n{report.year_line}", report.agency, report.place)
    for line in report.period.split("\n"):
        _para(doc, line, align=WD_ALIGN_PARAGRAPH.CENTER)
    _body(doc, report.intro).paragraph_format.space_before = Cm(0.4)
    _caption(doc, report.summary_caption)
    t = _table(doc, SUMMARY_COLS, report.summary_header)
    for k, (label, count) in enumerate(report.summary):
        _add_row(t, [label, count], bold=k == len(report.summary) - 1, center=(1,))
    _widths(t, SUMMARY_COLS)
    _keep_together(t)

    _new_section(doc, landscape=True, numerals=report.numerals)
    _caption(doc, report.table_caption, before=0)
    t = _table(doc, PROGRESS_COLS, report.header)
    for line in report.lines:
        row = _add_row(t, [line.no, [line.topic, *line.measures], line.owner, line.status,
                           line.progress, [], line.notes], center=(0, 3, 4), split=True)
        _evidence_cell(row.cells[5], line.evidence)
    _widths(t, PROGRESS_COLS)
    _approval(doc, report.approval, left_cm=14.0)
    return doc


def _new_section(doc, landscape: bool, numerals: str):
    from docx.enum.section import WD_SECTION  # noqa: PLC0415

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=landscape, numerals=numerals)
    _later_section(section, numerals)
    return section


def _save(doc, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_save(path, lambda tmp: doc.save(str(tmp)))  # a report edited in Word is kept as .bak
    return path


def _document(numerals: str, title: str, author: str):
    from docx import Document  # noqa: PLC0415 (optional dependency)

    doc = Document()
    _styles(doc, DOCX_FAMILY)
    _page(doc.sections[0], landscape=False, numerals=numerals)
    _page_numbers(doc.sections[0], numerals)
    _properties(doc, title, author)
    return doc


# --- styles and page ---------------------------------------------------------------------------------


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn  # noqa: PLC0415

    return qn(tag)


def _set_font(rpr, family: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml import OxmlElement  # noqa: PLC0415

    def child(tag: str):
        el = rpr.find(_qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        return el

    fonts = child("w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(_qn(attr), None)  # a theme font would win over the names below
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(_qn(attr), family)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            child(tag).set(_qn("w:val"), "1" if bold else "0")
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            child(tag).set(_qn("w:val"), str(int(size_pt * 2)))
    lang = child("w:lang")
    lang.set(_qn("w:bidi"), "th-TH")
    # Word rejects rPr children out of schema order.
    rank = {_qn(f"w:{t}"): k for k, t in enumerate(RPR_ORDER)}
    kids = sorted(rpr, key=lambda c: rank.get(c.tag, len(RPR_ORDER)))
    for c in kids:
        rpr.remove(c)
        rpr.append(c)


def _styles(doc, family: str) -> None:
    from docx.enum.style import WD_STYLE_TYPE  # noqa: PLC0415
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.shared import Cm, Pt, RGBColor  # noqa: PLC0415

    defaults = doc.styles.element.find(_qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{_qn('w:rPrDefault')}/{_qn('w:rPr')}")
        if rpr is not None:
            _set_font(rpr, family, SIZE_PT)
    normal = doc.styles["Normal"]
    _set_font(normal.element.get_or_add_rPr(), family, SIZE_PT)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = LINE
    # Distinct levels: the title 20 pt, a section 18 pt, an issue 16 pt, all bold, black.
    for name, size, align, before in (("Title", 20, WD_ALIGN_PARAGRAPH.CENTER, 0),
                                      ("Heading 1", 18, WD_ALIGN_PARAGRAPH.LEFT, 12),
                                      ("Heading 2", SIZE_PT, WD_ALIGN_PARAGRAPH.LEFT, 9)):
        st = doc.styles[name]
        _set_font(st.element.get_or_add_rPr(), family, size, bold=True)
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.italic = False
        st.paragraph_format.space_before = Pt(before)
        st.paragraph_format.space_after = Pt(4)
        st.paragraph_format.keep_with_next = True
        st.paragraph_format.alignment = align
        ppr = st.element.get_or_add_pPr()
        for border in ppr.findall(_qn("w:pBdr")):  # the default Title has a rule under it
            ppr.remove(border)
    # Body text: justified (w:jc="both": LibreOffice spreads Thai lines over their characters; it
    # ignores Word's thaiDistribute), a 2.5 cm first-line indent.
    body = doc.styles[BODY] if BODY in [x.name for x in doc.styles] else doc.styles.add_style(BODY, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    _set_font(body.element.get_or_add_rPr(), family, SIZE_PT)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Cm(INDENT_CM)
    body.paragraph_format.space_before = Pt(0)
    body.paragraph_format.space_after = Pt(3)
    body.paragraph_format.line_spacing = LINE
    table_text = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    _set_font(table_text.element.get_or_add_rPr(), family, TABLE_PT)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table_text.paragraph_format.line_spacing = LINE


def _page(section, landscape: bool, numerals: str = "thai") -> None:
    from docx.enum.section import WD_ORIENT  # noqa: PLC0415
    from docx.shared import Cm  # noqa: PLC0415

    w, h = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Cm(h), Cm(w)) if landscape else (Cm(w), Cm(h))
    section.top_margin = Cm(MARGINS["top"])
    section.bottom_margin = Cm(MARGINS["bottom"])
    section.left_margin = Cm(MARGINS["left"])
    section.right_margin = Cm(MARGINS["right"])
    section.header_distance = Cm(1.25)
    section.footer_distance = Cm(1.0)
    _page_number_format(section, numerals)


def _page_number_format(section, numerals: str) -> None:
    """Thai digits for page numbers in Word (``thaiNumbers``); LibreOffice shapes them by language."""
    from docx.oxml import OxmlElement  # noqa: PLC0415

    # python-docx has no public API for page-number formats: the section's sectPr is reached through
    # the document part's public element (the section being set up is always the newest, whose sectPr
    # is the body's last child).
    sect = section.part.element.find(_qn("w:body")).find(_qn("w:sectPr"))
    for old in sect.findall(_qn("w:pgNumType")):
        sect.remove(old)
    el = OxmlElement("w:pgNumType")
    el.set(_qn("w:fmt"), "thaiNumbers" if numerals == "thai" else "decimal")
    # schema order: pgNumType comes after pgMar/paperSrc/pgBorders/lnNumType, before cols
    cols = sect.find(_qn("w:cols"))
    if cols is not None:
        cols.addprevious(el)
    else:
        sect.append(el)


def _page_numbers(section, numerals: str) -> None:
    """"- ๒ -" at the top centre of every page but the first (a different, empty first-page header)."""
    section.different_first_page_header_footer = True
    _page_number_paragraph(section.header.paragraphs[0], numerals)


def _later_section(section, numerals: str) -> None:
    """A section after the first: its first page is numbered too. LibreOffice carries the first
    section's "different first page" over to a linked section, so the first-page header is given."""
    section.different_first_page_header_footer = True
    header = section.first_page_header
    header.is_linked_to_previous = False
    _page_number_paragraph(header.paragraphs[0], numerals)


def _page_number_paragraph(p, numerals: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.oxml import OxmlElement  # noqa: PLC0415

    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    runs = [p.add_run("- ")]
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("value", "2"), ("end", None)):
        r = p.add_run(text if kind == "value" else None)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(_qn("xml:space"), "preserve")
            el.text = text
            r.element.append(el)
        elif kind != "value":
            el = OxmlElement("w:fldChar")
            el.set(_qn("w:fldCharType"), kind)
            r.element.append(el)
        runs.append(r)
    runs.append(p.add_run(" -"))
    for r in runs:  # Thai, so that the digits take the Thai shape where the viewer shapes by language
        _lang(r, "th-TH" if numerals == "thai" else "en-US", bidi="th-TH")


def _properties(doc, title: str, author: str) -> None:
    cp = doc.core_properties
    cp.title = title
    cp.author = author
    cp.comments = "ita-xl"
    # The template's own dates (2013) would be the only other years in the file.
    stamp = datetime.now().replace(microsecond=0)
    cp.created = cp.modified = stamp
    cp.last_printed = stamp
    cp.last_modified_by = author
    cp.revision = 1


# --- paragraphs --------------------------------------------------------------------------------------


# python-docx finds a style named by a string by walking every style of the document, a few ms each
# time, several hundred times a document: each document's styles are looked up once, by name.
_STYLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _style(container, name: str | None):
    """The paragraph style ``name`` of the document ``container`` (a document, cell…) is in."""
    if name is None:
        return None
    part = container.part
    found = _STYLES.setdefault(part, {})
    style = found.get(name)
    if style is None:
        style = found[name] = part.styles[name]
    return style


def _para(container, text: str = "", *, bold: bool = False, align=None, indent: bool = False,
          left_cm: float | None = None, keep: bool = False, style: str | None = None):
    from docx.shared import Cm  # noqa: PLC0415

    p = container.add_paragraph(style=_style(container, style))
    if text:
        _text(p, text, bold)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Cm(INDENT_CM)
    if left_cm is not None:
        p.paragraph_format.left_indent = Cm(left_cm)
    if keep:
        p.paragraph_format.keep_with_next = True
    return p


# A question code: its letter and digits. LibreOffice breaks Thai digits after a Latin letter
# ("ข้อคำถาม e๑" | "๑"), whatever marks stand between them; a code in a run of its own whose
# language is English is kept whole.
_CODE = re.compile(f"(?<![A-Za-z])([iIeEoO][{ZWNBSP}0-9๐-๙]+)")


def _text(p, text: str, bold: bool = False) -> None:
    """``text`` as runs of ``p``, its line breaks marked (typeset.lay), each code a run of its own."""
    for k, part in enumerate(_CODE.split(_lay(text))):
        if not part:
            continue
        run = p.add_run(part)
        if bold:
            run.bold = True
            _bold_cs(run)
        if k % 2:  # a code (split() puts the captured codes at the odd places)
            _lang(run, "en-US")


def _lang(run, lang: str, bidi: str | None = None) -> None:
    """The run's language (``bidi``: of its complex-script text, e.g. Thai; else the same)."""
    from docx.oxml import OxmlElement  # noqa: PLC0415

    el = OxmlElement("w:lang")
    el.set(_qn("w:val"), lang)
    el.set(_qn("w:bidi"), bidi or lang)
    run.element.get_or_add_rPr().append(el)


def _bold_cs(run) -> None:
    """Bold for the complex script too (Thai text reads w:bCs, not w:b)."""
    from docx.oxml import OxmlElement  # noqa: PLC0415

    rpr = run.element.get_or_add_rPr()
    if rpr.find(_qn("w:bCs")) is None:
        b = rpr.find(_qn("w:b"))
        bcs = OxmlElement("w:bCs")
        if b is not None:
            b.addnext(bcs)
        else:
            rpr.append(bcs)


def _body(container, text: str):
    return _para(container, text, style=BODY)


def _caption(doc, text: str, before: float = 0.3):
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.shared import Cm  # noqa: PLC0415

    p = _para(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    p.paragraph_format.space_before = Cm(before)
    p.paragraph_format.space_after = Cm(0.1)
    return p


# --- tables ------------------------------------------------------------------------------------------


class _Grid:
    """A table and its ``w:tbl`` element: python-docx has no public API for repeated header rows,
    rows that must not split, cell shading or the grid, so those are set on the XML, reached through
    the document's public element (a table is always added last to the body)."""

    def __init__(self, doc, table):
        self.table = table
        self.xml = doc.element.find(_qn("w:body")).findall(_qn("w:tbl"))[-1]

    def last_row(self):
        return self.xml.findall(_qn("w:tr"))[-1]


def _table(doc, widths: tuple[float, ...], header: tuple[str, ...]) -> _Grid:
    from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: PLC0415

    grid = _Grid(doc, doc.add_table(rows=1, cols=len(widths)))
    table = grid.table
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: the widths below hold in Word and LibreOffice
    _row_props(grid.last_row(), header=True)
    for cell, text in zip(table.rows[0].cells, header):
        _cell_text(cell, text, bold=True, center=True)
    for tc in grid.last_row().findall(_qn("w:tc")):
        _shade(tc, "D9E2F3")
    _widths(grid, widths)
    return grid


def _row_props(tr, header: bool = False, split: bool = False) -> None:
    """The header row repeats on every page; other rows split over pages only where ``split``."""
    from docx.oxml import OxmlElement  # noqa: PLC0415

    tr_pr = tr.get_or_add_trPr()
    if header:
        el = OxmlElement("w:tblHeader")  # repeated at the top of every page
        el.set(_qn("w:val"), "true")
        tr_pr.append(el)
    if split:
        return
    cant = OxmlElement("w:cantSplit")
    cant.set(_qn("w:val"), "true")
    tr_pr.insert(0, cant)


def _widths(grid: _Grid, widths: tuple[float, ...]) -> None:
    from docx.shared import Cm  # noqa: PLC0415

    for col, w in zip(grid.xml.find(_qn("w:tblGrid")).findall(_qn("w:gridCol")), widths):
        col.set(_qn("w:w"), str(int(Cm(w).twips)))
    for row in grid.table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Cm(w)


def _keep_together(grid: _Grid) -> None:
    """Keep a table on one page when it fits (Word's and LibreOffice's rule: every paragraph but the
    last row's keeps with the next); a longer one still breaks, under its repeated header row."""
    for row in grid.table.rows[:-1]:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def _shade(tc, fill: str) -> None:
    from docx.oxml import OxmlElement  # noqa: PLC0415

    shd = OxmlElement("w:shd")
    shd.set(_qn("w:val"), "clear")
    shd.set(_qn("w:color"), "auto")
    shd.set(_qn("w:fill"), fill)
    tc_pr = tc.get_or_add_tcPr()
    later = [c for c in tc_pr if c.tag in {_qn(f"w:{t}") for t in TCPR_AFTER_SHD}]
    if later:
        later[0].addprevious(shd)  # schema order, or Word calls the file damaged
    else:
        tc_pr.append(shd)


def _cell_text(cell, text: str | list[str], *, bold: bool = False, center: bool = False) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL  # noqa: PLC0415
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415

    lines = [text] if isinstance(text, str) else text
    first = cell.paragraphs[0]
    first.style = _style(cell, TABLE_TEXT)
    for k, line in enumerate(lines):
        p = first if k == 0 else cell.add_paragraph(style=_style(cell, TABLE_TEXT))
        if line:
            _text(p, line, bold)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    if not lines:
        first.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cell.vertical_alignment = WD_ALIGN_VERTICAL.TOP if not center else WD_ALIGN_VERTICAL.CENTER


def _add_row(grid: _Grid, values: list, *, bold: bool = False, center: tuple[int, ...] = (), split: bool = False):
    row = grid.table.add_row()
    _row_props(grid.last_row(), split=split)
    for k, (cell, value) in enumerate(zip(row.cells, values)):
        _cell_text(cell, value, bold=bold, center=k in center)
    return row


# --- the report's parts -----------------------------------------------------------------------------


def _title(doc, title: str, agency: str, place: str) -> None:
    """The title in its lines (the measures, then their year), the agency and its place."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415

    p = doc.add_paragraph(style=_style(doc, "Title"))
    head, _, year = title.partition(" ประจำปี ")
    lines = title.split("\n") if "\n" in title else ([head, f"ประจำปี {year}"] if year else [title])
    for k, line in enumerate(lines):
        run = p.add_run(_lay(line))
        if k < len(lines) - 1:
            run.add_break()
    _para(doc, agency, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if place:
        _para(doc, place, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _section1(doc, r: Report, png: Path) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL  # noqa: PLC0415
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.shared import Cm  # noqa: PLC0415

    _para(doc, r.s1_heading, style="Heading 1")
    _body(doc, r.s1_intro)

    _caption(doc, r.indicator_caption)
    t = _table(doc, INDICATOR_COLS, r.indicator_header)
    for row in r.indicators:
        _add_row(t, [row.no, row.name, row.score], center=(0, 2))
    _add_row(t, [r.total.no, r.total.name, r.total.score], bold=True, center=(0, 2))
    _widths(t, INDICATOR_COLS)
    _keep_together(t)

    _caption(doc, r.chart_caption, before=0.4)
    pic = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    pic.paragraph_format.line_spacing = 1.0  # below single spacing LibreOffice clips a picture's top
    pic.add_run().add_picture(str(png), width=Cm(CHART_WIDTH))

    _body(doc, r.issues_lead)
    for issue in r.issues:
        _para(doc, issue.heading, style="Heading 2")
        t = _table(doc, ISSUE_COLS, r.issue_header)
        for g in issue.groups:
            # A row per line of questions (codes and score side by side, whatever wraps); the tool
            # and its action are one merged cell down the group. Rows never split; the table may.
            lines = g.questions or [None]
            rows = [_add_row(t, ["", q.code if q else "-", q.score if q else "-", ""], center=(1, 2))
                    for q in lines]
            tool = rows[0].cells[0].merge(rows[-1].cells[0]) if len(rows) > 1 else rows[0].cells[0]
            action = rows[0].cells[3].merge(rows[-1].cells[3]) if len(rows) > 1 else rows[0].cells[3]
            _cell_text(tool, g.tool, center=True)
            _cell_text(action, g.action)
            tool.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        _widths(t, ISSUE_COLS)
        for text in issue.paragraphs:
            _body(doc, text).paragraph_format.space_before = Cm(0.2)


def _section2(doc, r: Report) -> None:

    _new_section(doc, landscape=True, numerals=r.numerals)
    _para(doc, r.s2_heading, style="Heading 1").paragraph_format.space_before = 0
    _body(doc, r.s2_intro).paragraph_format.space_after = _pt(6)
    t = _table(doc, PLAN_COLS, r.plan_header)
    for p in r.plan:
        # Rows may split over pages (the header row repeats): no half-empty landscape pages.
        _add_row(t, [p.topic, p.measures, p.owner, p.steps, p.period], split=True)
    _widths(t, PLAN_COLS)


def _pt(value: float):
    from docx.shared import Pt  # noqa: PLC0415

    return Pt(value)


def _section3(doc, r: Report) -> None:

    _new_section(doc, landscape=False, numerals=r.numerals)
    _para(doc, r.s3_heading, style="Heading 1").paragraph_format.space_before = 0
    for text in r.limitations:
        _body(doc, text)
    if r.suggestions:
        _para(doc, r.suggestions_heading, style="Heading 2")
        for text in r.suggestions:
            _body(doc, text)
    _approval(doc, r.approval, left_cm=5.0)


def _approval(doc, a, left_cm: float) -> None:
    """The head's signature, name, position and the date line, kept together on one page and with
    what stands above them (the last paragraph, or the last row of a table): never a lone block on
    the last page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415

    last = doc.element.body[-2] if doc.element.body[-1].tag == _qn("w:sectPr") else doc.element.body[-1]
    if last.tag == _qn("w:tbl"):
        row = last.findall(_qn("w:tr"))[-1]
        _cant_split(row)
        paragraphs = row.iter(_qn("w:p"))
    else:
        paragraphs = [last]
    for p in paragraphs:
        _keep_next(p)
    _para(doc, "", keep=True)
    _para(doc, "", keep=True)
    lines = (a.sign, a.name, a.position, a.date)
    for k, text in enumerate(lines):
        p = _para(doc, text, align=WD_ALIGN_PARAGRAPH.CENTER, left_cm=left_cm, keep=k < len(lines) - 1)
        p.paragraph_format.keep_together = True


def _keep_next(p) -> None:
    """Keep-with-next on a ``w:p`` reached through the body (python-docx's Paragraph needs its parent)."""
    from docx.text.paragraph import Paragraph  # noqa: PLC0415

    Paragraph(p, None).paragraph_format.keep_with_next = True


def _cant_split(tr) -> None:
    from docx.oxml import OxmlElement  # noqa: PLC0415

    tr_pr = tr.get_or_add_trPr()
    if tr_pr.find(_qn("w:cantSplit")) is None:
        cant = OxmlElement("w:cantSplit")
        cant.set(_qn("w:val"), "true")
        tr_pr.insert(0, cant)


def _evidence_cell(cell, evidence) -> None:
    """Evidence lines with their links as real hyperlinks (the URL shown, as staff typed it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: PLC0415
    from docx.oxml import OxmlElement  # noqa: PLC0415

    first = cell.paragraphs[0]
    for k, parts in enumerate(evidence or [[]]):
        p = first if k == 0 else cell.add_paragraph(style=_style(cell, TABLE_TEXT))
        p.style = _style(cell, TABLE_TEXT)
        for part in parts:
            if part.url is None:
                p.add_run(_lay(part.text))
                continue
            rid = cell.part.relate_to(part.url, RT.HYPERLINK, is_external=True)
            link = OxmlElement("w:hyperlink")
            link.set(_qn("r:id"), rid)
            run = p.add_run(part.text)
            run.font.underline = True
            from docx.shared import RGBColor  # noqa: PLC0415

            run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
            run.element.addprevious(link)
            link.append(run.element)
    if not evidence:
        first.add_run("-")
