"""The report as a Word file in Thai official style (python-docx).

Thai is a complex script in Word: a run's Thai text takes the ``w:cs`` font and the ``w:szCs`` size,
so every font setting here writes ascii, hAnsi, eastAsia and cs names and both sizes."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from ..safefile import atomic_save

from .chart import render
from .fonts import SIZE_PT, thai_font
from .model import Report

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

# A plan row taller than this may split over pages (a row that may not split is clipped when it
# is taller than the page); shorter rows never split, so no row leaves one line at a page's foot.
PLAN_ROW_MAX_LINES = 17  # a landscape page holds about 20 lines under the header
CHARS_PER_CM = 3.0

INDICATOR_COLS = (2.5, 10.0, 3.5)
ISSUE_COLS = (3.2, 2.8, 2.2, 7.8)
PLAN_COLS = (4.4, 6.2, 3.4, 6.8, 3.9)


def write_docx(report: Report, path: str | Path, chart_png: str | Path | None = None) -> Path:
    """Write the report; the chart is rendered into a temporary PNG unless one is given."""
    from docx import Document  # noqa: PLC0415 (optional dependency)

    path = Path(path)
    doc = Document()
    family = thai_font().family
    _styles(doc, family)
    _page(doc.sections[0], landscape=False)
    _properties(doc, report)
    with tempfile.TemporaryDirectory(prefix="ita-xl-chart-") as tmp:
        png = Path(chart_png) if chart_png else render(report.chart, Path(tmp) / "chart.png", PORTRAIT_WIDTH)
        _title(doc, report)
        _section1(doc, report, png)
    _section2(doc, report)
    _section3(doc, report)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_save(path, lambda tmp: doc.save(str(tmp)))  # a report edited in Word is kept as .bak
    return path


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
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.shared import Pt, RGBColor  # noqa: PLC0415

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
    pf.line_spacing = 1.0
    for name, size, align in (("Title", SIZE_PT + 2, WD_ALIGN_PARAGRAPH.CENTER),
                              ("Heading 1", SIZE_PT, None), ("Heading 2", SIZE_PT, None)):
        st = doc.styles[name]
        _set_font(st.element.get_or_add_rPr(), family, size, bold=True)
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.italic = False
        st.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        st.paragraph_format.space_after = Pt(6)
        st.paragraph_format.keep_with_next = True
        if align is not None:
            st.paragraph_format.alignment = align
        ppr = st.element.get_or_add_pPr()
        for border in ppr.findall(_qn("w:pBdr")):  # the default Title has a rule under it
            ppr.remove(border)


def _page(section, landscape: bool) -> None:
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


def _properties(doc, report: Report) -> None:
    cp = doc.core_properties
    cp.title = report.title
    cp.author = report.agency
    cp.comments = "ita-xl"
    # The template's own dates (2013) would be the only other years in the file.
    stamp = datetime.now().replace(microsecond=0)
    cp.created = cp.modified = stamp
    cp.last_printed = stamp
    cp.last_modified_by = report.agency
    cp.revision = 1


# --- paragraphs --------------------------------------------------------------------------------------


def _para(container, text: str = "", *, bold: bool = False, align=None, indent: bool = False,
          left_cm: float | None = None, keep: bool = False, style: str | None = None):
    from docx.shared import Cm  # noqa: PLC0415

    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        if bold:
            run.bold = True
            _bold_cs(run)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Cm(INDENT_CM)
    if left_cm is not None:
        p.paragraph_format.left_indent = Cm(left_cm)
    if keep:
        p.paragraph_format.keep_with_next = True
    return p


def _bold_cs(run) -> None:
    """Bold for the complex script too (Thai text reads w:bCs, not w:b)."""
    from docx.oxml import OxmlElement  # noqa: PLC0415

    rpr = run._r.get_or_add_rPr()
    if rpr.find(_qn("w:bCs")) is None:
        b = rpr.find(_qn("w:b"))
        bcs = OxmlElement("w:bCs")
        if b is not None:
            b.addnext(bcs)
        else:
            rpr.append(bcs)


def _body(container, text: str):
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415

    # Thai distributed justification spreads a line over its characters, not over its few spaces.
    return _para(container, text, indent=True, align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY)


# --- tables ------------------------------------------------------------------------------------------


def _table(doc, widths: tuple[float, ...], header: tuple[str, ...]):
    from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: PLC0415

    table = doc.add_table(rows=1, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: the widths below hold in Word and LibreOffice
    row = table.rows[0]
    _row_props(row, header=True)
    for cell, text in zip(row.cells, header):
        _cell_text(cell, text, bold=True, center=True)
        _shade(cell, "D9E2F3")
    _widths(table, widths)
    return table


def _row_props(row, header: bool = False, split: bool = False) -> None:
    from docx.oxml import OxmlElement  # noqa: PLC0415

    tr_pr = row._tr.get_or_add_trPr()
    if split:  # a tall row that may not split would be clipped at the page's foot
        return
    if header:
        el = OxmlElement("w:tblHeader")  # repeated at the top of every page
        el.set(_qn("w:val"), "true")
        tr_pr.append(el)
    cant = OxmlElement("w:cantSplit")
    cant.set(_qn("w:val"), "true")
    tr_pr.insert(0, cant)


def _widths(table, widths: tuple[float, ...]) -> None:
    from docx.shared import Cm  # noqa: PLC0415

    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(_qn("w:gridCol")), widths):
        col.set(_qn("w:w"), str(int(Cm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Cm(w)


def _lines_needed(values: list, widths: tuple[float, ...]) -> int:
    """A row's height in lines, estimated (about three Thai characters a centimetre at 16 pt)."""
    import math  # noqa: PLC0415

    def cell(v, w: float) -> int:
        lines = [v] if isinstance(v, str) else v
        return sum(max(1, math.ceil(len(line) / (CHARS_PER_CM * w))) for line in lines)

    return max(cell(v, w) for v, w in zip(values, widths))


def _keep_together(table) -> None:
    """Keep a table on one page when it fits (Word's and LibreOffice's rule: every paragraph but the
    last row's keeps with the next); a longer one still breaks, under its repeated header row."""
    for row in table.rows[:-1]:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement  # noqa: PLC0415

    shd = OxmlElement("w:shd")
    shd.set(_qn("w:val"), "clear")
    shd.set(_qn("w:color"), "auto")
    shd.set(_qn("w:fill"), fill)
    tc_pr = cell._tc.get_or_add_tcPr()
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
    for k, line in enumerate(lines):
        p = first if k == 0 else cell.add_paragraph()
        if line:
            run = p.add_run(line)
            if bold:
                run.bold = True
                _bold_cs(run)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    cell.vertical_alignment = WD_ALIGN_VERTICAL.TOP if not center else WD_ALIGN_VERTICAL.CENTER


def _add_row(table, values: list, *, bold: bool = False, center: tuple[int, ...] = (), split: bool = False):
    row = table.add_row()
    _row_props(row, split=split)
    for k, (cell, value) in enumerate(zip(row.cells, values)):
        _cell_text(cell, value, bold=bold, center=k in center)
    return row


# --- the report's parts -----------------------------------------------------------------------------


def _title(doc, r: Report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415

    title = doc.add_paragraph(style="Title")
    head, _, year = r.title.partition(" ประจำปี ")
    run = title.add_run(head)
    if year:
        run.add_break()  # the sample's two lines: the measures, then their year
        title.add_run(f"ประจำปี {year}")
    _para(doc, r.agency, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if r.place:
        _para(doc, r.place, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _section1(doc, r: Report, png: Path) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL  # noqa: PLC0415
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.shared import Cm  # noqa: PLC0415

    doc.add_paragraph(r.s1_heading, style="Heading 1")
    _body(doc, r.s1_intro)

    _para(doc, r.indicator_caption, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True).paragraph_format.space_before = Cm(0.3)
    t = _table(doc, INDICATOR_COLS, r.indicator_header)
    for row in r.indicators:
        _add_row(t, [row.no, row.name, row.score], center=(0, 2))
    _add_row(t, [r.total.no, r.total.name, r.total.score], bold=True, center=(0, 2))
    _widths(t, INDICATOR_COLS)
    _keep_together(t)

    _para(doc, r.chart_caption, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True).paragraph_format.space_before = Cm(0.4)
    pic = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    pic.add_run().add_picture(str(png), width=Cm(PORTRAIT_WIDTH - 1))

    _body(doc, r.issues_lead)
    for issue in r.issues:
        doc.add_paragraph(issue.heading, style="Heading 2")
        t = _table(doc, ISSUE_COLS, r.issue_header)
        for g in issue.groups:
            # One row per tool group, its questions a line each: a group never breaks over two pages.
            codes = [q.code for q in g.questions] or ["-"]
            scores = [q.score for q in g.questions] or ["-"]
            row = _add_row(t, [g.tool, codes, scores, g.action], center=(0, 1, 2))
            row.cells[0].vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        _widths(t, ISSUE_COLS)
        for text in issue.paragraphs:
            _body(doc, text).paragraph_format.space_before = Cm(0.3)


def _section2(doc, r: Report) -> None:
    from docx.enum.section import WD_SECTION  # noqa: PLC0415

    _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    doc.add_paragraph(r.s2_heading, style="Heading 1")
    _body(doc, r.s2_intro)
    _para(doc, "")
    t = _table(doc, PLAN_COLS, r.plan_header)
    for p in r.plan:
        values = [p.topic, p.measures, p.owner, p.steps, p.period]
        _add_row(t, values, split=_lines_needed(values, PLAN_COLS) > PLAN_ROW_MAX_LINES)
    _widths(t, PLAN_COLS)


def _section3(doc, r: Report) -> None:
    from docx.enum.section import WD_SECTION  # noqa: PLC0415
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415

    _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=False)
    doc.add_paragraph(r.s3_heading, style="Heading 1")
    for text in r.limitations:
        _body(doc, text)
    if r.suggestions:
        doc.add_paragraph(r.suggestions_heading, style="Heading 2")
        for text in r.suggestions:
            _body(doc, text)

    a = r.approval
    _para(doc, "")
    _para(doc, a.announce, align=WD_ALIGN_PARAGRAPH.CENTER, left_cm=6.0, keep=True)
    _para(doc, "", keep=True)
    _para(doc, "", keep=True)
    for text in (a.sign, a.name, a.position):
        _para(doc, text, align=WD_ALIGN_PARAGRAPH.CENTER, left_cm=6.0, keep=text != a.position)
