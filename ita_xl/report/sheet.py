"""Both documents as print-ready sheets of the workbook, laid out from the same model as the DOCX.

:func:`report_rows` and :func:`progress_rows` turn a :class:`~.model.Report` or
:class:`~.progress.ProgressReport` into rows of cells over the sheet's grid
(:class:`~ita_xl.workbook.layout.DocSheet`): every text comes from the model, so what the DOCX says
the sheet says. :func:`doc_ops` turns rows into ops (values, looks, merges, heights, page breaks),
which every front end applies: the file (``ita-xl fill``), desktop Excel and Lite. Lite users
print the sheet or export it as PDF from Excel, having no files of their own for a DOCX.

The workbook's buttons run :data:`ACTIONS`: the pure commands of :mod:`ita_xl.workbook.actions`,
with ``fill`` also laying out both documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ita_xl.errors import InputError
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.workbook import actions as C
from ita_xl.workbook import layout as L
from ita_xl.workbook.ops import Clear, Layout, Notice, Op, Snapshot, Write, apply_to_snapshot
from ita_xl.report.model import Report, build
from ita_xl.report.progress import ProgressReport, build_progress
from ita_xl.report.source import from_snapshot
from ita_xl.report.typeset import width as em_width

INDENT = "\u00a0" * 10  # a body paragraph's first line indent, as the DOCX's 2.5 cm


@dataclass
class Cell:
    """A cell of a document row: ``span`` columns wide, ``down`` rows high (merged), in a look."""

    text: str
    span: int = 1
    look: str = "td"
    down: int = 1


class Rows:
    """A document's rows, built top-down, with the rows a new page starts at."""

    def __init__(self, doc: L.DocSheet):
        self.doc = doc
        self.rows: list[list[Cell]] = []
        self.breaks: list[int] = []
        self.header_of: dict[int, int] = {}  # a table row -> its table's header row (repeated on a new page)
        self._header: int | None = None

    def line(self, text: str, look: str = "body", *, indent: bool = False) -> None:
        self._header = None
        for part in text.split("\n") if look in ("title", "center", "middle") else [text]:
            self.rows.append([Cell((INDENT if indent else "") + part, self.doc.n_cols, look)])

    def blank(self) -> None:
        self._header = None
        self.rows.append([])

    def row(self, cells: list[Cell]) -> None:
        assert sum(c.span for c in cells) == self.doc.n_cols, cells
        if all(c.look == "th" for c in cells if c.look != "blank"):
            self._header = len(self.rows)
        elif self._header is not None:
            self.header_of[len(self.rows)] = self._header
        self.rows.append(cells)

    def page(self) -> None:
        """The next row starts a new page."""
        self.breaks.append(len(self.rows))

    def sign(self, approval, first: int) -> None:
        """The signature block from column ``first`` (0-based) to the right edge, centred."""
        self.blank()
        self.blank()
        pad = [Cell("", first, "blank")] if first else []
        for text in (approval.sign, approval.name, approval.position, approval.date):
            self.row(pad + [Cell(text, self.doc.n_cols - first, "middle")])


def _cells(spans: tuple[int, ...], texts: list[str], looks: tuple[str, ...]) -> list[Cell]:
    return [Cell(t, s, k) for t, s, k in zip(texts, spans, looks)]


def _lines_row(out: Rows, columns: list[list[str]], centred: tuple[int, ...] = ()) -> None:
    """A table row whose cells hold lines (a measure, a step each) as rows of their own with no
    rule between them: a page may break between its rows, as Word splits a DOCX row. Each row takes
    from every column the lines that fit the row's height, the heights (a quarter page at most,
    unless a line is taller) chosen so that the rows together are as short as they can be: no
    column leaves more of a gap beside a tall line of another than it must."""
    def tall(j: int, first: int, last: int) -> float:
        return cell_height("\n".join(columns[j][first:last]), _col_pt(out.doc, j, 1), "td") or L.ROW_PT

    def take(at: tuple[int, ...], h: float) -> tuple[int, ...]:
        ends = []
        for j, k in enumerate(at):
            e = k
            while e < len(columns[j]) and tall(j, k, e + 1) <= h:
                e += 1
            ends.append(e)
        return tuple(ends)

    best: dict[tuple[int, ...], tuple[float, list[tuple[int, ...]]]] = {}

    def plan(at: tuple[int, ...]) -> tuple[float, list[tuple[int, ...]]]:
        if all(k == len(c) for k, c in zip(at, columns)):
            return 0.0, []
        if at not in best:
            options = {tall(j, k, e) for j, k in enumerate(at) for e in range(k + 1, len(columns[j]) + 1)}
            # rows a page may break between: none taller than a quarter page or the tallest next line
            cap = max([out.doc.page_pt / 4] + [tall(j, k, k + 1) for j, k in enumerate(at) if k < len(columns[j])])
            found = None
            for h in sorted(options):
                nxt = take(at, h)
                if nxt == at or (not any(at) and not all(e or not c for e, c in zip(nxt, columns))):  # row 1 starts all
                    continue
                if h > cap and found is not None:
                    break
                rest, rows = plan(nxt)
                if found is None or h + rest < found[0] - 0.5:  # the fewer rows where a tie
                    found = (h + rest, [nxt, *rows])
            best[at] = found
        return best[at]

    start = tuple(0 for _ in columns)
    cuts = [start, *plan(start)[1]]
    n = len(cuts) - 1
    for k in range(n):
        look = "td" if n <= 1 else "tdt" if k == 0 else "tdz" if k == n - 1 else "tdm"
        out.row([Cell("\n".join(c[cuts[k][j]:cuts[k + 1][j]]), 1, "tdc" if j in centred and n <= 1 else look)
                 for j, c in enumerate(columns)])
    if n == 0:
        out.row([Cell("", 1, "td") for _ in columns])


def report_rows(r: Report) -> Rows:
    """The analysis report over :data:`~ita_xl.workbook.layout.REPORT_DOC`'s five columns."""
    out = Rows(L.REPORT_DOC)
    head, _, year = r.title.partition(" ประจำปี ")
    out.line(f"{head}\nประจำปี {year}" if year else r.title, "title")
    out.line(r.agency, "center")
    if r.place:
        out.line(r.place, "center")
    out.blank()
    out.line(r.s1_heading, "heading")
    out.line(r.s1_intro, indent=True)
    out.line(r.indicator_caption, "caption")
    spans = (1, 3, 1)
    out.row(_cells(spans, list(r.indicator_header), ("th",) * 3))
    for ind in r.indicators:
        out.row(_cells(spans, [ind.no, ind.name, ind.score], ("tdc", "td", "tdc")))
    out.row(_cells(spans, [r.total.no, r.total.name, r.total.score], ("tdbc", "tdb", "tdbc")))
    if r.indicator_note:
        out.line(r.indicator_note)
    out.blank()
    out.line(r.issues_lead, indent=True)
    spans = (1, 1, 1, 2)
    for issue in r.issues:
        out.line(issue.heading, "heading")
        out.row(_cells(spans, list(r.issue_header), ("th",) * 4))
        for g in issue.groups:
            lines = g.questions or [None]
            for k, q in enumerate(lines):
                down = len(lines) if k == 0 else 1
                out.row([Cell(g.tool if k == 0 else "", 1, "tdc", down),
                         Cell(q.code if q else "-", 1, "tdc"), Cell(q.score if q else "-", 1, "tdc"),
                         Cell(g.action if k == 0 else "", 2, "td", down)])
        for text in issue.paragraphs:
            out.line(text, indent=True)
    out.page()
    out.line(r.s2_heading, "heading")
    out.line(r.s2_intro, indent=True)
    spans = (1, 1, 1, 1, 1)
    out.row(_cells(spans, list(r.plan_header), ("th",) * 5))
    for p in r.plan:
        _lines_row(out, [[p.topic], list(p.measures), [p.owner], list(p.steps), [p.period]])
    out.page()
    out.line(r.s3_heading, "heading")
    for text in r.limitations:
        out.line(text, indent=True)
    if r.suggestions:
        out.line(r.suggestions_heading, "heading")
        for text in r.suggestions:
            out.line(text, indent=True)
    out.sign(r.approval, 2)
    return out


def progress_rows(r: ProgressReport) -> Rows:
    """The progress report over :data:`~ita_xl.workbook.layout.PROGRESS_DOC`'s seven columns."""
    out = Rows(L.PROGRESS_DOC)
    out.line(f"{r.title}\n{r.year_line}", "title")
    out.line(r.agency, "center")
    if r.place:
        out.line(r.place, "center")
    out.line(r.period, "middle")
    out.blank()
    out.line(r.intro, indent=True)
    out.line(r.summary_caption, "caption")
    spans = (1, 3, 2, 1)
    out.row([Cell("", 1, "blank")] + _cells(spans[1:3], list(r.summary_header), ("th", "th")) + [Cell("", 1, "blank")])
    for k, (label, count) in enumerate(r.summary):
        last = k == len(r.summary) - 1
        out.row([Cell("", 1, "blank"), Cell(label, 3, "tdb" if last else "td"), Cell(count, 2, "tdbc" if last else "tdc"),
                 Cell("", 1, "blank")])
    out.blank()
    for text in r.rules:
        out.line(text, indent=True)
    out.page()
    out.line(r.table_caption, "caption")
    out.row(_cells((1,) * 7, list(r.header), ("th",) * 7))
    for line in r.lines:
        evidence = ["".join(part.text for part in parts) for parts in line.evidence] or ["-"]
        _lines_row(out, [[line.no], [line.topic, *line.measures], [line.owner], [line.status], [line.progress],
                         evidence, [line.notes]], centred=(0, 3, 4))
    out.page()
    out.line(r.details_caption, "heading")
    for det in r.details:
        out.line(det.heading, "heading")
        for label, text in det.lines:  # a line a row: a cell is never taller than Excel's 409 pt
            first, *rest = text.split("\n")
            out.line(f"{label}: {first}", indent=True)
            for part in rest:
                out.line(part, indent=True)
        for k, parts in enumerate(det.evidence):
            out.line(("หลักฐาน: " if k == 0 else "") + "".join(part.text for part in parts), indent=True)
    for sec in (r.problems, r.next_steps):
        if sec is None or not sec.paragraphs:
            continue
        out.line(sec.heading, "heading")
        for text in sec.paragraphs:
            out.line(text, indent=True)
    out.sign(r.approval, 3)
    return out


PAGE_PT = L.REPORT_DOC.page_pt  # a portrait page's height between the DOCX's margins, less slack
_KEEP_WITH_NEXT = {"title", "heading", "caption", "th"}


# How a cell's text wraps where the sheet prints, from the glyphs' advance widths
# (:func:`.typeset.width`, TH SarabunPSK's metrics, which Laksaman shares in LibreOffice) rather
# than a count of characters: Thai lines break between words, so a line ends short of its cell by
# part of a word. Pure arithmetic, so Lite (without PyThaiNLP) lays the sheet out the same.
UNIT_PT = 16 * 0.544  # a column width unit: the digits' advance in the workbook's font (16 pt)
UNIT_PAD = 5 / 7  # what XlsxWriter adds to a width it stores (5 px of Calibri 11's 7)
CELL_PAD_PT = 5.0  # a cell's text stands in from both sides (LibreOffice ~2 pt each, Excel 2-3)
LINE_EM = 26.6 / 16  # a wrapped line's height, measured in LibreOffice's PDF (26.5 pt at 16 pt)
BOLD = 1.05  # bold glyphs are ~4 % wider than regular
WASTE_EM = 1.0  # what a line broken inside a run of Thai words leaves empty (fits LibreOffice's plan cells)
_THAI = re.compile("[\u0e01-\u0e4e]")


def cell_lines(text: str, width_pt: float, size: int, bold: bool = False) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width_pt`` wide at ``size`` points: a run of
    Thai may break anywhere between words (a word's room lost at the line's end), anything else
    goes to the next line whole.

    >>> cell_lines("สั้น", 100, 16), cell_lines("ก" * 40, 100, 16), cell_lines("ABC DEF", 40, 16)
    (1, 5, 2)
    """
    em = max((width_pt - CELL_PAD_PT) / size, 1.0)
    n = 0
    for para in text.split("\n"):
        n += 1
        used = 0.0
        for tok in re.findall("[^ ]+| +", para):
            w = em_width(tok) * (BOLD if bold else 1.0)
            if tok[0] == " ":
                used += w if used else 0.0  # a line never starts with the space it broke at
                continue
            if used + w <= em:
                used += w
                continue
            if not _THAI.search(tok):
                n += 1 if used else 0
                while w > em:  # wider than the cell: the renderer cuts it where it must
                    n, w = n + 1, w - em
                used = w
                continue
            while used + w > em:
                take = em - used - WASTE_EM if used else max(em - WASTE_EM, em / 2)
                w -= max(take, 0.0)
                n, used = n + 1, 0.0
            used = w
    return n


def cell_height(text: str, width_pt: float, look: str) -> float | None:
    """A cell's row height in points, None when one line of body text (the default height) suits."""
    size, bold = L.DOC_LOOKS[look][0], L.DOC_LOOKS[look][1]
    if not text:
        return None
    lines = cell_lines(text, width_pt, size, bold)
    if lines == 1 and size <= L.DOC_PT:
        return None
    return round(lines * LINE_EM * size + 4, 1)


def _col_pt(doc: L.DocSheet, first: int, span: int) -> float:
    return sum(w + UNIT_PAD for w in doc.widths[first:first + span]) * UNIT_PT


def _heights(rows: Rows) -> list[float | None]:
    """Each row's height (None: the default); a cell merged down gets its height from its rows."""
    doc = rows.doc
    heights: list[float | None] = []
    tall: list[tuple[int, int, float]] = []
    for i, cells in enumerate(rows.rows):
        best, c = None, 0
        for cell in cells:
            h = cell_height(cell.text, _col_pt(doc, c, cell.span), cell.look)
            if cell.down > 1:
                tall.append((i, cell.down, h or L.ROW_PT))
            elif h is not None:
                best = max(best or 0.0, h)
            c += cell.span
        heights.append(best)
    for i0, down, need in tall:
        have = sum(h or L.ROW_PT for h in heights[i0:i0 + down])
        if need > have:
            last = i0 + down - 1
            heights[last] = round((heights[last] or L.ROW_PT) + need - have, 1)
    return heights


def paginate(rows: Rows, page_pt: float | None = None) -> Rows:
    """The rows with a page break wherever the next one would not fit, as Word breaks the DOCX:
    a table's header row repeated at the top of a new page, a heading kept with what follows it,
    the rows of a merged cell kept together."""
    page_pt = page_pt or rows.doc.page_pt
    heights = [h or L.ROW_PT for h in _heights(rows)]
    units: list[tuple[int, int]] = []  # [start, end) runs that stay on one page
    i, n = 0, len(rows.rows)
    while i < n:
        end = i + max([c.down for c in rows.rows[i]] or [1])
        while end < n and rows.rows[end - 1] and all(c.look in _KEEP_WITH_NEXT | {"blank"} for c in rows.rows[end - 1]):
            end += max([c.down for c in rows.rows[end]] or [1])
        units.append((i, min(end, n)))
        i = min(end, n)
    out = Rows(rows.doc)
    forced, used = set(rows.breaks), 0.0
    for start, end in units:
        h = sum(heights[start:end])
        if start not in forced and used and used + h > page_pt and end - start == 1:
            head, rest = _split(rows.rows[start], rows.doc, page_pt - used)
            if head:  # a paragraph goes on over the page, as Word's does
                out.rows.append(head)
                out.page()
                out.rows.append(rest)
                used = _heights_of(rows.doc, [rest])[0]
                continue
        if start in forced or (used and used + h > page_pt):
            out.page()
            used = 0.0
            header = rows.header_of.get(start)
            if header is not None and start not in forced:
                out.rows.append(rows.rows[header])
                used += heights[header]
        for k in range(start, end):
            if not (used == 0.0 and not rows.rows[k] and out.breaks and out.breaks[-1] == len(out.rows)):
                out.rows.append(rows.rows[k])  # a blank row never starts a page
                used += heights[k]
    return out


def _heights_of(doc: L.DocSheet, cells: list[list[Cell]]) -> list[float]:
    rows = Rows(doc)
    rows.rows = cells
    return [h or L.ROW_PT for h in _heights(rows)]


def _split(row: list[Cell], doc: L.DocSheet, room: float) -> tuple[list[Cell] | None, list[Cell] | None]:
    """A body paragraph cut at a space into what fits ``room`` points (two lines at least) and the
    rest; (None, None) when it is no paragraph or too little fits."""
    if len(row) != 1 or row[0].look != "body" or row[0].down > 1:
        return None, None
    cell, size = row[0], L.DOC_LOOKS["body"][0]
    fits = int((room - 4) / (LINE_EM * size))
    width = _col_pt(doc, 0, cell.span)
    if fits < 2:
        return None, None
    cut = None
    for k, ch in enumerate(cell.text):
        if ch == " " and k > len(INDENT) and cell.text[k + 1:].strip():
            if cell_lines(cell.text[:k], width, size) > fits:
                break
            cut = k
    if cut is None:
        return None, None
    return [Cell(cell.text[:cut], cell.span, cell.look)], [Cell(cell.text[cut + 1:], cell.span, cell.look)]


def doc_ops(rows: Rows, snap: Snapshot) -> list[Op]:
    """Values, looks, merges, row heights and page breaks of ``rows`` (paginated) on their sheet;
    what an older, longer document left below is cleared."""
    rows = paginate(rows)
    doc = rows.doc
    n = doc.n_cols
    values: list[list[object]] = []
    looks: list[tuple[str, ...]] = []
    merges: list[str] = []
    for i, cells in enumerate(rows.rows):
        r = doc.first_row + i
        vals: list[object] = [None] * n
        row_looks = ["blank"] * n
        c = 0
        for cell in cells:
            vals[c] = cell.text or None
            row_looks[c:c + cell.span] = [cell.look] * cell.span
            if cell.span > 1 or cell.down > 1:
                merges.append(f"{L.cell(r, c + 1)}:{L.cell(r + cell.down - 1, c + cell.span)}")
            c += cell.span
        values.append(vals)
        looks.append(tuple(row_looks))
    heights = _heights(rows)
    old = snap.row_count(doc.sheet, doc.first_row, n)
    last = doc.first_row + max(len(values), old) - 1
    # The layout first: a live sheet's old merges are undone before values are written over them.
    ops: list[Op] = [Layout(doc.sheet, doc.first_row, last, tuple(looks), tuple(merges), tuple(heights),
                            tuple(doc.first_row + b for b in rows.breaks if 0 < b < len(values)))]
    if values:
        ops.append(Write(doc.sheet, L.cell(doc.first_row, 1), values))
    if old > len(values):
        ops.append(Clear(doc.sheet, f"{L.cell(doc.first_row + len(values), 1)}:{L.cell(last, n)}"))
    return ops


def report_ops(snap: Snapshot, frameworks: Frameworks = KNOWN) -> list[Op]:
    """The analysis report laid out on its sheet (the report button)."""
    if not snap.has(L.REPORT_DOC.sheet):
        return [_no_sheet(L.REPORT_DOC)]
    report = build(from_snapshot(snap, frameworks))
    ops = doc_ops(report_rows(report), snap)
    return ops + [_done(L.REPORT_DOC, report.warnings)]


def progress_ops(snap: Snapshot, as_of: date | None = None, frameworks: Frameworks = KNOWN) -> list[Op]:
    """The progress report, as of today, laid out on its sheet (the progress button)."""
    if not snap.has(L.PROGRESS_DOC.sheet):
        return [_no_sheet(L.PROGRESS_DOC)]
    report = build_progress(from_snapshot(snap, frameworks), as_of)
    ops = doc_ops(progress_rows(report), snap)
    return ops + [_done(L.PROGRESS_DOC, report.warnings)]


def _done(doc: L.DocSheet, warnings: list[str]) -> Notice:
    notes = "".join(f"\n- {w}" for w in warnings)
    return Notice(
        "warning" if warnings else "info",
        f"จัดทำเอกสารในแผ่นงาน {doc.sheet} แล้ว พิมพ์หรือส่งออกเป็น PDF ได้จากแผ่นงานนั้น (ไฟล์ > ส่งออก/พิมพ์){notes}",
        f"laid out the document on sheet {doc.sheet}: print it or export it as PDF from there (File > Export/Print){notes}",
    )


def _no_sheet(doc: L.DocSheet) -> Notice:
    return Notice("warning", f"สมุดงานนี้ไม่มีแผ่นงาน {doc.sheet} (สร้างก่อนมีรายงานในสมุดงาน) สร้างใหม่ด้วย ita-xl new แล้วนำเข้าคะแนน",
                  f"this workbook has no sheet {doc.sheet} (made before the report sheets); make a new one with ita-xl new and import the scores")


def fill(snap: Snapshot, frameworks: Frameworks = KNOWN) -> list[Op]:
    """:func:`ita_xl.workbook.actions.fill`, then both documents laid out from its result."""
    ops = C.fill(snap, frameworks)
    return ops + documents(apply_to_snapshot(snap, ops), frameworks)


def documents(snap: Snapshot, frameworks: Frameworks = KNOWN) -> list[Op]:
    """Both documents laid out (sheets the workbook lacks are skipped), without their notices."""
    ops: list[Op] = []
    for doc, make in ((L.REPORT_DOC, report_ops), (L.PROGRESS_DOC, lambda s, fws: progress_ops(s, frameworks=fws))):
        if not snap.has(doc.sheet):
            continue
        try:
            ops += [op for op in make(snap, frameworks) if not isinstance(op, Notice)]
        except InputError as exc:  # e.g. the progress report before its plan year began
            ops.append(Notice("info", f"{doc.sheet}: {exc.message_th}", f"{doc.sheet}: {exc.message_en}"))
    return ops


# What each button runs, by the command its sheet names (layout.SHEET_LIST).
ACTIONS: dict[str, Callable[[Snapshot], list[Op]]] = {
    "import": C.import_paste_sheet, "fill": fill, "plan": C.plan, "check": C.check,
    "report": report_ops, "progress": progress_ops, "export": C.export,
}
BY_SHEET: dict[str, Callable[[Snapshot], list[Op]]] = {s.name: ACTIONS[s.command] for s in L.SHEET_LIST if s.command}
