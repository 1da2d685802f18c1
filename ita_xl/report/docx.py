"""Both documents as Word files in Thai official style (python-docx), written as content into the
bundled template ``templates/report.docx`` (made by ``scripts/build_report_template.py``).

The template holds the look, as python-docx's own ``default.docx`` does: the named styles (Title,
Heading 1/2, Body Text, Table Text, Table Grid in TH SarabunPSK, Thai set as a complex script), the
page set-up (A4, the Thai official margins) and the page number "- ๒ -" at the top centre from page 2
(the first page's header is empty). A user restyles the documents in Word, in the template.

The DOCX a user gets holds the text as it is, to edit and copy in Word. LibreOffice lays the PDF out
from a copy whose line breaks are marked (:func:`.typeset.lay`), written where ``marked`` says."""

from __future__ import annotations

import io
import re
import tempfile
import weakref
from contextlib import contextmanager
from contextvars import ContextVar
from copy import deepcopy
from datetime import datetime
from functools import cache
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ita_xl.io.safefile import atomic_save
from ita_xl.report import docxml
from ita_xl.report.chart import render
from ita_xl.report.model import Report
from ita_xl.report.progress import ProgressReport
from ita_xl.report.typeset import MARKS, NBSP, ZWNBSP, cell_lines, lay, plain, proper_names

TEMPLATE = Path(__file__).with_name("templates") / "report.docx"
BODY, TABLE_TEXT = "Body Text", "Table Text"
STYLES = ("Normal", "Title", "Heading 1", "Heading 2", BODY, TABLE_TEXT, "Table Grid", "Header")  # the template's
INDENT_CM = 2.5  # first-line indent of body paragraphs


INDICATOR_COLS = (2.5, 10.0, 3.5)
YEAR_COL = 2.0  # an earlier year's column of the indicator table
NO_COL_NARROW = 1.4  # its number column beside them (the header wraps: ตัวชี้วัด|ที่)
CHART_WIDTH = 15.0
ISSUE_COLS = (2.3, 4.1, 1.9, 7.7)
PLAN_COLS = (3.3, 6.7, 3.9, 7.2, 3.6)
SUMMARY_COLS = (9.0, 4.0)
# The row number's column holds "๑๐" and up (a plan of ten measures or more) at 14 pt: at 1.0 cm
# LibreOffice broke it "๑" | "๐" (0.62 cm inside the cell margins, the number 0.67 cm wide).
# The notes column as wide as the owner's (typeset.CHUNK: a unit is never wider): at 3.0 cm staff's
# "คณะกรรมการตรวจสอบ" broke "คณะกรรมกา|รตรวจสอบ".
PROGRESS_COLS = (1.3, 6.6, 3.9, 2.6, 1.8, 4.6, 3.9)
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


def write_docx(report: Report, path: str | Path, chart_png: str | Path | None = None, *,
               marked: str | Path | None = None) -> Path:
    """Write the report; the chart is rendered into a temporary PNG unless one is given.
    ``marked``: where to write besides the copy with the line-break marks (the PDF's input)."""
    doc = _document(report.numerals, report.title, report.agency)
    with _words([report.agency, report.place], [p.owner for p in report.plan]):
        with tempfile.TemporaryDirectory(prefix="ita-xl-chart-") as tmp:
            png = Path(chart_png) if chart_png else render(report.chart, Path(tmp) / "chart.png", CHART_WIDTH)
            _title(doc, report.title, report.agency, report.place)
            _section1(doc, report, png)
        _section2(doc, report)
        _section3(doc, report)
    return _save(doc, Path(path), marked)


def write_progress_docx(report: ProgressReport, path: str | Path, *, marked: str | Path | None = None) -> Path:
    """The report on carrying the measures out: title with the round, summary, a row per measure.
    ``marked`` as for :func:`write_docx`."""
    with _words([report.agency, report.place], [line.owner for line in report.lines]):
        return _save(_progress(report), Path(path), marked)


def _progress(report: ProgressReport):
    doc = _document(report.numerals, f"{report.title} {report.round}", report.agency)
    _title(doc, f"{report.title}\n{report.year_line}", report.agency, report.place)
    for line in report.period.split("\n"):
        _para(doc, line, align=WD_ALIGN_PARAGRAPH.CENTER)
    _body(doc, report.intro).paragraph_format.space_before = Cm(0.4)
    _caption(doc, report.summary_caption)
    t = _table(doc, SUMMARY_COLS, report.summary_header)
    for k, (label, count) in enumerate(report.summary):
        _add_row(t, [label, count], bold=k == len(report.summary) - 1, center=(1,))
    _keep_together(t)
    for k, text in enumerate(report.rules):
        p = _body(doc, text)
        if k == 0:
            p.paragraph_format.space_before = Cm(0.3)

    _new_section(doc, landscape=True)
    _caption(doc, report.table_caption, before=0)
    t = _table(doc, PROGRESS_COLS, report.header)
    for line in report.lines:
        links = [" ".join(part.text for part in parts) for parts in line.evidence]  # filled below
        row = _add_row(t, [line.no, [line.topic, *line.measures], line.owner, line.status,
                           line.progress, [], line.notes], center=(0, 3, 4), split=True,
                       lines_of=[line.no, [line.topic, *line.measures], line.owner, line.status,
                                 line.progress, links, line.notes])
        _evidence_cell(row.cells[5], line.evidence)

    _new_section(doc, landscape=False)
    _para(doc, report.details_caption, style="Heading 1").paragraph_format.space_before = 0
    for det in report.details:
        _para(doc, det.heading, style="Heading 2", keep=True)
        for k, (label, text) in enumerate(det.lines):
            p = _body(doc, "")
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT  # justified, a line before a long word or link is spaced out
            run = docxml.add_run(p, _lay(f"{label}: "))
            run.bold = True
            docxml.bold_cs(run)
            _text(p, text)
            if det.evidence or k < len(det.lines) - 1:
                p.paragraph_format.keep_with_next = True
        for k, parts in enumerate(det.evidence):
            p = _body(doc, "")
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            if k == 0:
                run = docxml.add_run(p, _lay("หลักฐาน: "))
                run.bold = True
                docxml.bold_cs(run)
            _link_runs(p, parts)
    for sec in (report.problems, report.next_steps):
        if sec is None or not sec.paragraphs:
            continue
        _para(doc, sec.heading, style="Heading 1")
        for text in sec.paragraphs:
            _body(doc, text)
    _approval(doc, report.approval, left_cm=5.0)
    return doc


def _save(doc, path: Path, marked: str | Path | None) -> Path:
    if marked is not None:
        Path(marked).parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(marked))
    _unmark(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_save(path, lambda tmp: doc.save(str(tmp)))  # a report edited in Word is kept as .bak
    return path


_MARKED = re.compile(f"[{MARKS}{NBSP}]")


def _unmark(doc) -> None:
    """The text as it is: the line-break marks out, a date's no-break spaces plain spaces again."""
    for t in doc.element.body.iter(qn("w:t")):
        if t.text and _MARKED.search(t.text):
            t.text = plain(t.text)
            if t.text != t.text.strip():
                t.set(qn("xml:space"), "preserve")


# --- the template ------------------------------------------------------------------------------------


@cache
def _template() -> bytes:
    return TEMPLATE.read_bytes()


def _document(numerals: str, title: str, author: str):
    doc = Document(io.BytesIO(_template()))
    if numerals != "thai":
        _arabic_page_numbers(doc)
    _properties(doc, title, author)
    return doc


def _arabic_page_numbers(doc) -> None:
    """The template numbers pages in Thai digits: Word's ``thaiNumbers`` format, and a Thai header
    that LibreOffice shapes its digits by. Arabic digits: ``decimal``, an English header."""
    # python-docx has no API for page-number formats or a run's language: set on the XML, reached
    # through the parts' public elements.
    for num in doc.element.body.find(qn("w:sectPr")).findall(qn("w:pgNumType")):
        num.set(qn("w:fmt"), "decimal")
    for lang in doc.sections[0].header.part.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), "en-US")


def _new_section(doc, landscape: bool):
    """A section on a new page, turned as asked; its first page is numbered too (LibreOffice carries
    the first section's "different first page" over to a linked section, so its first-page header is
    given: the template's page number)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    short, long = sorted((section.page_width, section.page_height))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.different_first_page_header_footer = True
    header = section.first_page_header
    header.is_linked_to_previous = False
    hdr = header.part.element
    for p in hdr.findall(qn("w:p")):
        hdr.remove(p)
    for p in doc.sections[0].header.part.element.findall(qn("w:p")):
        hdr.append(deepcopy(p))
    return section


def _properties(doc, title: str, author: str) -> None:
    cp = doc.core_properties
    cp.title = title
    cp.author = author
    cp.comments = "ita-xl"
    stamp = datetime.now().replace(microsecond=0)
    cp.created = cp.modified = stamp
    cp.last_printed = stamp
    cp.last_modified_by = author
    cp.revision = 1


# --- paragraphs --------------------------------------------------------------------------------------


# python-docx finds a style named by a string by walking every style of the document, and for a
# style given as an object still compiles an XPath to ask whether it is the default one (0.25 ms, six
# hundred times a document): each document's style ids are looked up once, by name.
_STYLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _style_id(container, name: str) -> str | None:
    """The id of the paragraph style ``name`` of the document ``container`` (a document, cell…) is
    in; None for the default style (python-docx writes no ``w:pStyle`` for it either)."""
    part = container.part
    found = _STYLES.setdefault(part, {})
    if name not in found:
        style, default = part.styles[name], part.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        found[name] = None if style == default else style.style_id
    return found[name]


def _styled(p, name: str | None):
    """Paragraph ``p`` in the style ``name`` (python-docx's ``p.style = name``, by its id: the
    paragraph's element is reached through its public ``paragraph_format``)."""
    if name is not None:
        p.paragraph_format.element.style = _style_id(p, name)
    return p


def _add_para(container, style: str | None = None):
    return _styled(container.add_paragraph(), style)


def _para(container, text: str = "", *, bold: bool = False, align=None, indent: bool = False,
          left_cm: float | None = None, keep: bool = False, style: str | None = None):
    p = _add_para(container, style)
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
_CODE = re.compile(f"(?<![A-Za-z])([iIeEoO]{ZWNBSP}?[0-9๐-๙][{ZWNBSP}0-9๐-๙]*)")  # a digit: not "E-Service"


def _text(p, text: str, bold: bool = False) -> None:
    """``text`` as runs of ``p``, its line breaks marked (typeset.lay), each code a run of its own."""
    for k, part in enumerate(_CODE.split(_lay(text))):
        if not part:
            continue
        run = docxml.add_run(p, part)
        if bold:
            run.bold = True
            docxml.bold_cs(run)
        if k % 2:  # a code (split() puts the captured codes at the odd places)
            docxml.lang(run, "en-US")


def _body(container, text: str):
    return _para(container, text, style=BODY)


def _caption(doc, text: str, before: float = 0.3):
    p = _para(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    p.paragraph_format.space_before = Cm(before)
    p.paragraph_format.space_after = Cm(0.1)
    return p


# --- tables ------------------------------------------------------------------------------------------


class _Grid:
    """A table and its ``w:tbl`` element: python-docx has no public API for repeated header rows,
    rows that must not split, cell shading or the grid, so those are set on the XML, reached through
    the document's public element (a table is always added last to the body)."""

    def __init__(self, doc, table, widths: tuple[float, ...] = ()):
        self.table, self.widths = table, widths
        self.xml = doc.element.find(qn("w:body")).findall(qn("w:tbl"))[-1]

    def last_row(self):
        return self.xml.findall(qn("w:tr"))[-1]


def _table(doc, widths: tuple[float, ...], header: tuple[str, ...]) -> _Grid:
    grid = _Grid(doc, doc.add_table(rows=1, cols=len(widths)), widths)
    table = grid.table
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: the widths below hold in Word and LibreOffice
    docxml.row_props(grid.last_row(), header=True)
    for cell, text in zip(table.rows[0].cells, header):
        _cell_text(cell, text, bold=True, center=True)
    for tc in grid.last_row().findall(qn("w:tc")):
        docxml.shade(tc, "D9E2F3")
    _widths(grid, widths)
    return grid


def _widths(grid: _Grid, widths: tuple[float, ...]) -> None:
    """The grid's column widths and the header row's: a row added later takes its cells' widths
    from the grid (python-docx's ``add_row``), so no pass over every cell is needed."""
    for col, w in zip(grid.xml.find(qn("w:tblGrid")).findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Cm(w).twips)))
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


def _cell_text(cell, text: str | list[str], *, bold: bool = False, center: bool = False) -> None:
    lines = [text] if isinstance(text, str) else text
    first = cell.paragraphs[0]
    align = WD_ALIGN_PARAGRAPH.CENTER if center and lines else WD_ALIGN_PARAGRAPH.LEFT  # an empty cell: left
    for k, line in enumerate(lines or [""]):
        p = first if k == 0 else cell.add_paragraph()
        if not docxml.plain_props(p, _style_id(p, TABLE_TEXT), align):
            _styled(p, TABLE_TEXT)
            p.alignment = align
        if line:
            _text(p, line, bold)
    docxml.valign(first.paragraph_format.element.getparent(),  # the paragraph's w:tc
                  WD_ALIGN_VERTICAL.TOP if not center else WD_ALIGN_VERTICAL.CENTER)


# A row of at most this many lines is kept on one page: split, it left one line ("ได้", "ยังไม่ได้" |
# "ดำเนินการ") on a page of its own or at the top of the next; a taller one may split (kept whole it
# left most of a landscape page empty). Six: over the five agencies' ten documents no page holds a
# few lines only and every landscape page but a table's last is 60 % full (ten left pages 52 % full).
ROW_KEEP_LINES = 6


def _row_lines(values: list, widths: tuple[float, ...]) -> int:
    """About how many lines a row's tallest cell takes."""
    return max(cell_lines([v] if isinstance(v, str) else v, w) for v, w in zip(values, widths))


def _add_row(grid: _Grid, values: list, *, bold: bool = False, center: tuple[int, ...] = (), split: bool = False,
             lines_of: list | None = None):
    """A row of ``values``; ``lines_of``: its texts as printed when a cell is filled after (links)."""
    row = grid.table.add_row()
    docxml.row_props(grid.last_row(), split=split and _row_lines(lines_of or values, grid.widths) > ROW_KEEP_LINES)
    for k, (cell, value) in enumerate(zip(row.cells, values)):
        _cell_text(cell, value, bold=bold, center=k in center)
    return row


# --- the report's parts -----------------------------------------------------------------------------


def _title(doc, title: str, agency: str, place: str) -> None:
    """The title in its lines (the measures, then their year), the agency and its place."""
    p = _add_para(doc, "Title")
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
    _para(doc, r.s1_heading, style="Heading 1")
    _body(doc, r.s1_intro)

    _caption(doc, r.indicator_caption)
    k = len(r.total.past)  # earlier years' columns (history), each YEAR_COL wide, taken from the name's
    no_col = NO_COL_NARROW if k else INDICATOR_COLS[0]  # with history the number column gives way too
    name_col = sum(INDICATOR_COLS) - no_col - k * YEAR_COL - INDICATOR_COLS[2]
    last = YEAR_COL + 0.3 if k else INDICATOR_COLS[2]
    cols = (no_col, name_col + INDICATOR_COLS[2] - last, *(YEAR_COL,) * k, last)
    scores = tuple(range(2, 3 + k))
    t = _table(doc, cols, r.indicator_header)
    for row in r.indicators:
        _add_row(t, [row.no, row.name, *row.past, row.score], center=(0, *scores))
    _add_row(t, [r.total.no, r.total.name, *r.total.past, r.total.score], bold=True, center=(0, *scores))
    _keep_together(t)
    if r.indicator_note:
        _para(doc, r.indicator_note).paragraph_format.keep_together = True  # the note is read whole

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
            rows, trs = [], []
            for q in lines:
                rows.append(_add_row(t, ["", q.code if q else "-", q.score if q else "-", ""], center=(1, 2)))
                trs.append(t.last_row())
            tool, action = rows[0].cells[0], rows[0].cells[3]
            if len(trs) > 1:
                for col in (0, 3):
                    docxml.merge_down([tr.findall(qn("w:tc"))[col] for tr in trs])
            _cell_text(tool, g.tool, center=True)  # centred down the merged cell too
            _cell_text(action, g.action)
        for text in issue.paragraphs:
            _body(doc, text).paragraph_format.space_before = Cm(0.2)


def _section2(doc, r: Report) -> None:
    _new_section(doc, landscape=True)
    _para(doc, r.s2_heading, style="Heading 1").paragraph_format.space_before = 0
    _body(doc, r.s2_intro).paragraph_format.space_after = Pt(6)
    t = _table(doc, PLAN_COLS, r.plan_header)
    above = None
    for p in r.plan:
        # Rows may split over pages (the header row repeats): no half-empty landscape pages.
        row = _add_row(t, [p.topic, p.measures, p.owner, p.steps, p.period], split=True)
        if not p.topic and above is not None:
            above = above.merge(row.cells[0])  # a later measure of the same issue: one topic cell
        else:
            above = row.cells[0]


def _section3(doc, r: Report) -> None:
    _new_section(doc, landscape=False)
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
    last = doc.element.body[-2] if doc.element.body[-1].tag == qn("w:sectPr") else doc.element.body[-1]
    if last.tag == qn("w:tbl"):
        row = last.findall(qn("w:tr"))[-1]
        docxml.cant_split(row)
        paragraphs = row.iter(qn("w:p"))
    else:
        paragraphs = [last]
    for p in paragraphs:
        docxml.keep_next(p)
    _para(doc, "", keep=True)
    _para(doc, "", keep=True)
    lines = (a.sign, a.name, a.position, a.date)
    for k, text in enumerate(lines):
        p = _para(doc, text, align=WD_ALIGN_PARAGRAPH.CENTER, left_cm=left_cm, keep=k < len(lines) - 1)
        p.paragraph_format.keep_together = True


def _evidence_cell(cell, evidence) -> None:
    """Evidence lines with their links as real hyperlinks (the URL shown, as staff typed it)."""
    first = cell.paragraphs[0]
    for k, parts in enumerate(evidence or [[]]):
        p = _styled(first, TABLE_TEXT) if k == 0 else _add_para(cell, TABLE_TEXT)
        _link_runs(p, parts)
    if not evidence:
        first.add_run("-")


def _link_runs(p, parts) -> None:
    """Text and links as runs of ``p``, each link a real hyperlink (the URL shown, as staff typed it)."""
    for part in parts:
        if part.url is None:
            docxml.add_run(p, _lay(part.text))
            continue
        rid = p.part.relate_to(part.url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rid)
        run = docxml.add_run(p, _lay(part.text))  # a web address breaks after "/" and "." only (typeset._hold)
        run.font.underline = True
        run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        run.element.addprevious(link)
        link.append(run.element)
