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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ita_xl.errors import InputError
from ita_xl.workbook import actions as C
from ita_xl.workbook import layout as L
from ita_xl.workbook.ops import Clear, Layout, Notice, Op, Snapshot, Write, apply_to_snapshot
from ita_xl.report.model import Report, build
from ita_xl.report.progress import ProgressReport, build_progress
from ita_xl.report.source import from_snapshot

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
    rule between them: a page may break between its lines, as Word splits a DOCX row."""
    n = max(1, *(len(c) for c in columns))
    for k in range(n):
        look = "td" if n == 1 else "tdt" if k == 0 else "tdz" if k == n - 1 else "tdm"
        out.row([Cell(c[k] if k < len(c) else "", 1, "tdc" if j in centred and n == 1 else look)
                 for j, c in enumerate(columns)])


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
    out.page()
    out.line(r.table_caption, "caption")
    out.row(_cells((1,) * 7, list(r.header), ("th",) * 7))
    for line in r.lines:
        evidence = ["".join(part.text for part in parts) for parts in line.evidence] or ["-"]
        _lines_row(out, [[line.no], [line.topic, *line.measures], [line.owner], [line.status], [line.progress],
                         evidence, [line.notes]], centred=(0, 3, 4))
    out.sign(r.approval, 3)
    return out


# A page's height between the DOCX's margins (A4: 29.7 cm less 2.5 and 2.0) in points, less some
# slack: fit to width only ever shrinks the sheet, so pages broken here are never longer than the
# printer's and it adds no breaks of its own.
PAGE_PT = (29.7 - 2.5 - 2.0) / 2.54 * 72 - 14
_KEEP_WITH_NEXT = {"title", "heading", "caption", "th"}


def _heights(rows: Rows) -> list[float | None]:
    """Each row's height (None: the default); a cell merged down gets its height from its rows."""
    doc, sizes = rows.doc, {k: v[0] for k, v in L.DOC_LOOKS.items()}
    heights: list[float | None] = []
    tall: list[tuple[int, int, float]] = []
    for i, cells in enumerate(rows.rows):
        texts, c = [], 0
        for cell in cells:
            width = sum(doc.widths[c:c + cell.span])
            if cell.down > 1:
                tall.append((i, cell.down, L.doc_row_height([(cell.text, width, sizes[cell.look])]) or L.ROW_PT))
            else:
                texts.append((cell.text, width, sizes[cell.look]))
            c += cell.span
        heights.append(L.doc_row_height(texts))
    for i0, down, need in tall:
        have = sum(h or L.ROW_PT for h in heights[i0:i0 + down])
        if need > have:
            last = i0 + down - 1
            heights[last] = round((heights[last] or L.ROW_PT) + need - have, 1)
    return heights


def paginate(rows: Rows, page_pt: float = PAGE_PT) -> Rows:
    """The rows with a page break wherever the next one would not fit, as Word breaks the DOCX:
    a table's header row repeated at the top of a new page, a heading kept with what follows it,
    the rows of a merged cell kept together."""
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


def report_ops(snap: Snapshot) -> list[Op]:
    """The analysis report laid out on its sheet (the report button)."""
    if not snap.has(L.REPORT_DOC.sheet):
        return [_no_sheet(L.REPORT_DOC)]
    report = build(from_snapshot(snap))
    ops = doc_ops(report_rows(report), snap)
    return ops + [_done(L.REPORT_DOC, report.warnings)]


def progress_ops(snap: Snapshot, as_of: date | None = None) -> list[Op]:
    """The progress report, as of today, laid out on its sheet (the progress button)."""
    if not snap.has(L.PROGRESS_DOC.sheet):
        return [_no_sheet(L.PROGRESS_DOC)]
    report = build_progress(from_snapshot(snap), as_of)
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


def fill(snap: Snapshot) -> list[Op]:
    """:func:`ita_xl.workbook.actions.fill`, then both documents laid out from its result."""
    ops = C.fill(snap)
    return ops + documents(apply_to_snapshot(snap, ops))


def documents(snap: Snapshot) -> list[Op]:
    """Both documents laid out (sheets the workbook lacks are skipped), without their notices."""
    ops: list[Op] = []
    for doc, make in ((L.REPORT_DOC, report_ops), (L.PROGRESS_DOC, progress_ops)):
        if not snap.has(doc.sheet):
            continue
        try:
            ops += [op for op in make(snap) if not isinstance(op, Notice)]
        except InputError as exc:  # e.g. the progress report before its plan year began
            ops.append(Notice("info", f"{doc.sheet}: {exc.message_th}", f"{doc.sheet}: {exc.message_en}"))
    return ops


# What each button runs, by the command its sheet names (layout.SHEET_LIST).
ACTIONS: dict[str, Callable[[Snapshot], list[Op]]] = {
    "import": C.import_paste_sheet, "fill": fill, "plan": C.plan, "check": C.check,
    "report": report_ops, "progress": progress_ops, "export": C.export,
}
BY_SHEET: dict[str, Callable[[Snapshot], list[Op]]] = {s.name: ACTIONS[s.command] for s in L.SHEET_LIST if s.command}
