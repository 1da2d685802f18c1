"""The workbook commands on a live ``xw.Book``: desktop Excel, xlwings Lite and the remote engine.

One shape for every runtime: read every sheet in one go (``snapshot_from_book``), let a pure
command turn the snapshot into ops, write the ops back in blocks (``apply_to_book``). Only the
portable subset of the xlwings API is used (shared/reference/xlwings/REPORT.md §6.2): values in and
out, ``clear_contents`` and ``app.alert``; no formats or read-after-write, because the remote engine
behind Lite is a snapshot that records writes as actions. Formulas are read where the engine can
(desktop Excel: one ``formula`` read of each sheet in :data:`.ops.FORMULA_SHEETS`; the remote engine
raises, and commands then leave unchanged cells alone); a :class:`~.ops.Formula` is written as
its text, which Excel takes as a formula (typed-in semantics, COM and Office.js alike).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ita_xl.report.export import fulfil
from ita_xl.workbook import layout as L
from ita_xl.workbook.layout import cell as cell_ref
from ita_xl.workbook.layout import parse_cell
from ita_xl.workbook.ops import FORMULA_SHEETS, Clear, ExportReport, Formula, Layout, Notice, Snapshot, Write

if TYPE_CHECKING:  # xlwings is the optional "excel" extra
    import xlwings as xw

# Text Excel would reinterpret when written through COM/Office.js ("typed-in" semantics):
# formulas, numbers, percentages, dates, booleans. A leading apostrophe keeps it text.
_NUMBER = r"[+-]?(?:\d[\d,]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?%?"
_DATE = r"\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?"
_LOOKS_TYPED = re.compile(rf"\s*(?:{_NUMBER}|{_DATE}|{_TIME}|true|false|#N/A)\s*", re.IGNORECASE)
_FORMULA_START = ("=", "+", "-", "@", "'")


def as_text(value: Any) -> Any:
    """A value as Excel must receive it to store exactly that value (a formula as a formula).

    >>> as_text("=1+1"), as_text("00123"), as_text("2567-09-30"), as_text("ไทย"), as_text(5)
    ("'=1+1", "'00123", "'2567-09-30", 'ไทย', 5)
    >>> as_text("- ไม่มี -"), as_text(""), as_text(None), as_text(Formula("=0.5", 0.5))
    ("'- ไม่มี -", '', None, '=0.5')
    """
    if type(value) is Formula:
        return value.text
    if isinstance(value, str) and value and (value.startswith(_FORMULA_START) or _LOOKS_TYPED.fullmatch(value)):
        return "'" + value
    return value


def _block(values: Any) -> list[list[Any]]:
    if not isinstance(values, list):
        return [[values]]
    if values and not isinstance(values[0], list):
        return [values]
    return values


def _cell(value: Any) -> Any:
    # Office.js sends "" for empty cells and desktop may give floats for whole numbers;
    # the headless reader (openpyxl) gives None and ints. Normalise to the latter.
    if value == "" or value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty rows and columns (formatted but empty cells widen the used range).

    >>> trim([[1, None], [None, None]]), trim([[None]])
    ([[1]], [])
    """
    rows = [list(r) for r in rows]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    width = max((i + 1 for r in rows for i, v in enumerate(r) if v is not None), default=0)
    return [r[:width] + [None] * (width - len(r)) for r in rows]


def sheet_values(sheet: xw.Sheet) -> list[list[Any]]:
    """All values of a sheet from A1, as a trimmed 2-D list (one read)."""
    last = sheet.used_range.last_cell
    # Row/column tuples, not sheet.range("A1", last): on the remote engine (xlwings 0.37.8) a
    # string mixed with a Range object silently gives just A1.
    raw = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return trim([[_cell(v) for v in row] for row in _block(raw)])


def sheet_formulas(sheet: xw.Sheet, values: list[list[Any]]) -> dict[tuple[int, int], str] | None:
    """(row, column) -> formula of the cells of ``values`` that hold one (one read); None where
    the engine cannot read formulas (the remote engine behind Lite and xlwings Server)."""
    if not values:
        return {}
    try:
        raw = sheet.range((1, 1), (len(values), len(values[0]))).formula
    except NotImplementedError:
        return None
    # COM gives a tuple of row tuples for a block, a string for one cell
    rows = [[raw]] if isinstance(raw, str) else [list(r) if isinstance(r, (tuple, list)) else [r] for r in raw or ()]
    out = {}
    for i, row in enumerate(rows):
        for j, f in enumerate(row):
            # a text typed with an apostrophe reads back as its own text: no formula
            if isinstance(f, str) and f.startswith("=") and f != values[i][j]:
                out[(i + 1, j + 1)] = f
    return out


def snapshot_from_book(book: xw.Book) -> Snapshot:
    """Every sheet's values, and the formulas of :data:`.ops.FORMULA_SHEETS`, read before anything is written."""
    values = {sheet.name: sheet_values(sheet) for sheet in book.sheets}
    names = {L.SHEETS[k].name for k in FORMULA_SHEETS}
    read = {s.name: sheet_formulas(s, values[s.name]) for s in book.sheets if s.name in names}
    formulas = {name: f for name, f in read.items() if f}
    return Snapshot(book.fullname, values, formulas, formulas_read=None not in read.values())


def blocks(cell: str, values: Any) -> list[tuple[str, list[list[Any]]]]:
    """Split a possibly ragged block into rectangular ones (Excel needs rectangles; padding
    would blank cells the op does not write). Runs of equal-width rows stay one block.

    >>> blocks("B3", [[1, 2], [3, 4], [5], [], [6]])
    [('B3', [[1, 2], [3, 4]]), ('B5', [[5]]), ('B7', [[6]])]
    """
    row0, col = parse_cell(cell)
    out: list[tuple[str, list[list[Any]]]] = []
    run: list[list[Any]] = []
    start = row0
    for i, row in enumerate(_block(values)):
        if run and len(row) != len(run[0]):
            out.append((cell_ref(start, col), run))
            run = []
        if not run:
            start = row0 + i
        if row:
            run.append(list(row))
    if run:
        out.append((cell_ref(start, col), run))
    return out


def _notice_text(op: Notice) -> str:
    return f"{op.message_th}\n\n{op.message_en}" if op.message_en else op.message_th


def apply_to_book(book: xw.Book, ops: Iterable[Any], snap: Snapshot | None = None) -> None:
    """Write the ops back: one block per ``Write``, ``clear_contents`` per ``Clear``, alerts last.
    An :class:`~.ops.ExportReport` writes the report beside the book (:func:`ita_xl.report.export.fulfil`,
    from ``snap``, the book as the command read it)."""
    notices: list[Notice] = []
    for op in ops:
        if isinstance(op, Write):
            sheet = book.sheets[op.sheet]
            for cell, block in blocks(op.cell, op.values):
                sheet[cell].value = [[as_text(v) for v in row] for row in block]
        elif isinstance(op, Clear):
            book.sheets[op.sheet][op.range].clear_contents()
        elif isinstance(op, Notice):
            notices.append(op)
        elif isinstance(op, Layout):
            lay_out(book.sheets[op.sheet], op)
        elif isinstance(op, ExportReport):
            notices += fulfil(snap if snap is not None else snapshot_from_book(book), op)
        else:
            raise TypeError(f"unknown workbook op: {op!r}")
    for op in notices:
        mode = "critical" if str(op.level).lower() in ("error", "critical", "fail") else "info"
        book.app.alert(_notice_text(op), title="ITA", buttons="ok", mode=mode)


def lay_out(sheet: xw.Sheet, op: Layout) -> None:
    """A :class:`.ops.Layout` on a live sheet: the looks copied (formats only) from the sheet's
    sample cells, a block of rows alike at a time; merges and row heights. Manual page breaks are
    set where Excel's object model is at hand (desktop); the remote engine and Lite have no call
    for them, so there Excel breaks the pages itself."""
    doc = next(d for d in L.DOCS.values() if d.sheet == op.sheet)
    n = doc.n_cols
    sample = {look: sheet.range((i, doc.sample_col)) for i, look in enumerate(L.DOC_LOOKS, 1)}
    sheet.range((op.first_row, 1), (op.last_row, n)).unmerge()
    rows = [op.looks[i] if i < len(op.looks) else ("blank",) * n for i in range(op.last_row - op.first_row + 1)]
    i = 0
    while i < len(rows):  # rows that look alike: one copy per run of columns
        j = i
        while j + 1 < len(rows) and rows[j + 1] == rows[i]:
            j += 1
        c = 0
        while c < n:
            d = c
            while d + 1 < n and rows[i][d + 1] == rows[i][c]:
                d += 1
            target = sheet.range((op.first_row + i, c + 1), (op.first_row + j, d + 1))
            try:
                target.copy_from(sample[rows[i][c]], copy_type="formats")
            except (AttributeError, NotImplementedError):  # desktop engines have no copy_from: copy it all,
                sample[rows[i][c]].copy(target)  # the sample's value (a look's name) is overwritten after
            c = d + 1
        i = j + 1
    for ref in op.merges:
        sheet.range(ref).merge()
    for k, height in enumerate(op.heights):
        sheet.range((op.first_row + k, 1)).row_height = height or L.ROW_PT
    try:  # desktop Excel (COM/AppleScript) only
        api = sheet.api
        api.ResetAllPageBreaks()
        for r in op.breaks:
            api.HPageBreaks.Add(Before=sheet.range((r, 1)).api)
    except Exception:  # noqa: BLE001 - no page-break call on this engine: Excel breaks pages itself
        pass


def run(book: xw.Book, command: Callable[..., list], *args: Any) -> list:
    """snapshot → command → apply; returns the ops (tests and callers may inspect them)."""
    snap = snapshot_from_book(book)
    ops = list(command(snap, *args))
    apply_to_book(book, ops, snap)
    return ops
