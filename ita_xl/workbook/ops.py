"""What a workbook command reads (a :class:`Snapshot` of cell values) and what it asks for (ops).

Commands are pure: ``Snapshot -> list[Op]``. Adapters (the file in :mod:`ita_xl.xlsx.fileio`, xlwings
in :mod:`ita_xl.excel.book`) take the snapshot and apply the ops. A string that starts with ``=`` in a :class:`Write`
is data, never a formula: adapters store it as text (an inline string, xlwings a leading ``'``).

What a staff cell may hold, and how ita_xl carries it when it moves a row (``fill`` carries the
plan's staff columns by the measure's key), is one rule: text, a number, a boolean, a date or time
(as its value), or a :class:`Formula`, carried as a formula. The snapshot's values are what the
cells show; its ``formulas`` are the formulas the adapter could read (the file adapter reads the
plan sheet's; desktop Excel too; the remote engine behind Lite cannot read formulas, so there
commands write only the cells whose content changes, and a cell left alone keeps its formula).

>>> snap = Snapshot("x.xlsx", {"S": [["a", None], [None, 2]]})
>>> snap.cell("S", "B2"), snap.cell("S", "Z9")
(2, None)
>>> out = apply_to_snapshot(snap, [Write("S", "B3", [["=1+1", 5]]), Clear("S", "A1:A1")])
>>> out.sheets["S"]
[[None, None, None], [None, 2, None], [None, '=1+1', 5]]
>>> mine = apply_to_snapshot(snap, [Write("S", "A1", [[1]])], copy=False)  # a snapshot no one else holds
>>> mine.sheets["S"] is snap.sheets["S"], snap.value("S", 1, 1)
(True, 1)
>>> snap = Snapshot("x.xlsx", {"S": [[None, 0.5]]}, {"S": {(1, 2): "=1/2"}})
>>> snap.content("S", 1, 2), snap.content("S", 1, 1)
(Formula(text='=1/2', value=0.5), None)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

from ita_xl.io.address import parse_cell, parse_range


@dataclass(frozen=True)
class Write:
    """A block of values from the top-left ``cell`` (rows of equal or ragged length)."""

    sheet: str
    cell: str
    values: list[list[object]]


@dataclass(frozen=True)
class Clear:
    """Clear the contents of ``range`` (formats kept)."""

    sheet: str
    range: str


@dataclass(frozen=True)
class Notice:
    """A message for the user (an alert on desktop, printed by the CLI)."""

    level: str  # "info", "warning", "error"
    message_th: str
    message_en: str


@dataclass(frozen=True)
class Layout:
    """How a document sheet's rows ``first_row``..``last_row`` look (:class:`.layout.DocSheet`):
    each cell's look (a name of :data:`.layout.DOC_LOOKS`, row by row from ``first_row``, rows past
    the list "blank"), the merged ranges, the row heights (None: default) and the rows a new page
    starts at. It replaces the looks, merges and page breaks that were there; values are Writes."""

    sheet: str
    first_row: int
    last_row: int
    looks: tuple[tuple[str, ...], ...]
    merges: tuple[str, ...] = ()
    heights: tuple[float | None, ...] = ()
    breaks: tuple[int, ...] = ()


@dataclass(frozen=True)
class ExportReport:
    """Write the report beside the saved workbook (DOCX, and PDF where LibreOffice is installed):
    files, not cells, so the front end fulfils it (:func:`ita_xl.report.export.fulfil`) and the
    commands stay pure. ``progress``: the report on carrying the measures out, as of today."""

    progress: bool = False


Op = Write | Clear | Notice | Layout | ExportReport

# The sheets whose formulas the adapters read (keys of ``layout.SHEETS``): the plan, whose staff
# columns ``fill`` carries by key. Elsewhere a formula is the workbook's own or is not carried.
FORMULA_SHEETS = ("plan",)


@dataclass(frozen=True)
class Formula:
    """A cell's formula (``text`` with its leading ``=``) and the value the workbook last computed
    for it (None when the file holds none). Written as a formula by every adapter."""

    text: str
    value: object = None


@dataclass
class Snapshot:
    """Cell values of each sheet from A1: ``sheets[name][row][col]`` (0-based), None when empty."""

    path: str
    sheets: dict[str, list[list[object]]] = field(default_factory=dict)
    # sheet -> (1-based row, col) -> formula text, for the cells whose formula the adapter read
    formulas: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    # sheet -> the formula cells the file holds no computed value for (their value reads as None)
    uncomputed: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    # False where the adapter cannot read formulas (the remote engine behind Lite): a cell a
    # command moves is then carried as its value
    formulas_read: bool = True

    def has(self, sheet: str) -> bool:
        return sheet in self.sheets

    def value(self, sheet: str, row: int, col: int) -> object:
        """The value at 1-based ``row``, ``col``; None outside the sheet."""
        rows = self.sheets.get(sheet)
        if rows is None or row < 1 or col < 1 or row > len(rows):
            return None
        r = rows[row - 1]
        return r[col - 1] if col <= len(r) else None

    def cell(self, sheet: str, ref: str) -> object:
        row, col = parse_cell(ref)
        return self.value(sheet, row, col)

    def content(self, sheet: str, row: int, col: int) -> object:
        """What the cell holds: its :class:`Formula` where the adapter read one, else its value."""
        text = self.formulas.get(sheet, {}).get((row, col))
        value = self.value(sheet, row, col)
        return value if text is None else Formula(text, value)

    def contents(self, sheet: str, first_row: int, n_cols: int) -> list[list[object]]:
        """:meth:`rows` from column A with each formula the adapter read as its :class:`Formula`."""
        rows = self.rows(sheet, first_row, n_cols)
        for (r, c), text in self.formulas.get(sheet, {}).items():
            if 0 <= r - first_row < len(rows) and c <= n_cols:
                rows[r - first_row] = row = list(rows[r - first_row])
                row[c - 1] = Formula(text, row[c - 1])
        return rows

    def rows(self, sheet: str, first_row: int, n_cols: int, first_col: int = 1) -> list[list[object]]:
        """Rows from ``first_row`` down to the last row with a value in these columns, padded to
        ``n_cols`` (1-based ``first_row``/``first_col``). Blank rows in between are kept."""
        data = self.sheets.get(sheet) or []
        a, b = first_col - 1, first_col - 1 + n_cols
        out = [r[a:b] for r in data[first_row - 1:]]
        while out and all(_blank(v) for v in out[-1]):  # padding would only add blanks
            out.pop()
        if out and (min(map(len, out)) < n_cols or set(map(type, out)) != {list}):
            for i, x in enumerate(out):
                if type(x) is not list:
                    x = out[i] = list(x)
                if len(x) < n_cols:
                    x.extend([None] * (n_cols - len(x)))
        return out

    def row_count(self, sheet: str, first_row: int, n_cols: int, first_col: int = 1) -> int:
        """``len(self.rows(...))`` without copying the rows."""
        data = self.sheets.get(sheet) or []
        a, b = first_col - 1, first_col - 1 + n_cols
        n = len(data)
        while n >= first_row and all(_blank(v) for v in data[n - 1][a:b]):
            n -= 1
        return max(n - first_row + 1, 0)

    def last_row(self, sheet: str) -> int:
        """1-based number of the last row holding any value (0 when empty)."""
        data = self.sheets.get(sheet) or []
        for i in range(len(data) - 1, -1, -1):
            if any(not _blank(v) for v in data[i]):
                return i + 1
        return 0


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and v == "")


def apply_to_snapshot(snap: Snapshot, ops: list[Op], copy: bool = True) -> Snapshot:
    """A new snapshot with ``ops`` applied in order (notices and layouts ignored); the input is not
    changed, unless ``copy=False``: then its rows and formulas are changed in place and the result
    shares its lists (for a snapshot no one else holds, such as a new workbook's, where copying
    every row is most of the work)."""
    if copy:
        sheets = {name: [list(r) for r in rows] for name, rows in snap.sheets.items()}
        formulas = {name: dict(f) for name, f in snap.formulas.items()}
    else:
        sheets, formulas = snap.sheets, snap.formulas
    for op in ops:
        if isinstance(op, Write):
            grid = sheets.setdefault(op.sheet, [])
            r0, c0 = parse_cell(op.cell)
            # (a type is equal only to itself: `in` over the values' types looks for a Formula in C)
            if (f := formulas.get(op.sheet)) or Formula in map(type, chain.from_iterable(op.values)):
                f = formulas.setdefault(op.sheet, f or {})
                for i, row in enumerate(op.values):
                    for j, v in enumerate(row):
                        if type(v) is Formula:
                            f[(r0 + i, c0 + j)] = v.text
                        else:
                            f.pop((r0 + i, c0 + j), None)
                op = Write(op.sheet, op.cell, [[v.value if type(v) is Formula else v for v in row] for row in op.values])
            for i, row in enumerate(op.values):
                if not row:
                    continue
                while len(grid) < r0 + i:
                    grid.append([])
                g = grid[r0 + i - 1]
                end = c0 - 1 + len(row)
                if len(g) < end:
                    g.extend([None] * (end - len(g)))
                # blank text is stored as None; a row without "" needs no per-value look
                g[c0 - 1:end] = (
                    row if "" not in row else [None if v is None or (isinstance(v, str) and v == "") else v for v in row]
                )
        elif isinstance(op, Clear):
            grid = sheets.get(op.sheet)
            if grid is None:
                continue
            r1, c1, r2, c2 = parse_range(op.range)
            if f := formulas.get(op.sheet):
                for r, c in [k for k in f if r1 <= k[0] <= r2 and c1 <= k[1] <= c2]:
                    del f[(r, c)]
            for r in range(r1, min(r2, len(grid)) + 1):
                row = grid[r - 1]
                for c in range(c1, min(c2, len(row)) + 1):
                    row[c - 1] = None
    for grid in sheets.values():
        if not grid:
            continue
        lens = list(map(len, grid))
        width = max(lens)
        if min(lens) < width:
            for r in grid:
                if len(r) < width:
                    r.extend([None] * (width - len(r)))
    return Snapshot(snap.path, sheets, {name: f for name, f in formulas.items() if f})
