"""What a workbook command reads (a :class:`Snapshot` of cell values) and what it asks for (ops).

Commands are pure: ``Snapshot -> list[Op]``. Adapters (openpyxl in :mod:`.fileio`, xlwings in
``xwio``) take the snapshot and apply the ops. A string that starts with ``=`` in a :class:`Write`
is data, never a formula: adapters store it as text (openpyxl ``data_type="s"``, xlwings a
leading ``'``).

>>> snap = Snapshot("x.xlsx", {"S": [["a", None], [None, 2]]})
>>> snap.cell("S", "B2"), snap.cell("S", "Z9")
(2, None)
>>> out = apply_to_snapshot(snap, [Write("S", "B3", [["=1+1", 5]]), Clear("S", "A1:A1")])
>>> out.sheets["S"]
[[None, None, None], [None, 2, None], [None, '=1+1', 5]]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .layout import cell as _cell
from .layout import parse_cell, parse_range


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


Op = Write | Clear | Notice | Layout


@dataclass
class Snapshot:
    """Cell values of each sheet from A1: ``sheets[name][row][col]`` (0-based), None when empty."""

    path: str
    sheets: dict[str, list[list[object]]] = field(default_factory=dict)

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


def normalize(values: list[list[object]]) -> list[list[object]]:
    """Rectangular copy with trailing empty rows/columns dropped (for comparisons)."""
    rows = [list(r) for r in values]
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if not _blank(v)), default=0) for r in rows), default=0)
    return [[(r[i] if i < len(r) and not _blank(r[i]) else None) for i in range(width)] for r in rows]


def apply_to_snapshot(snap: Snapshot, ops: list[Op]) -> Snapshot:
    """A new snapshot with ``ops`` applied in order (notices and layouts ignored); the input is not changed."""
    sheets = {name: [list(r) for r in rows] for name, rows in snap.sheets.items()}
    for op in ops:
        if isinstance(op, Write):
            grid = sheets.setdefault(op.sheet, [])
            r0, c0 = parse_cell(op.cell)
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
    return Snapshot(snap.path, sheets)


def writes_to_cells(ops: list[Op]) -> dict[tuple[str, str], object]:
    """Every cell a list of ops writes, ``(sheet, "B3") -> value`` (clears give None); for tests."""
    out: dict[tuple[str, str], object] = {}
    for op in ops:
        if isinstance(op, Write):
            r0, c0 = parse_cell(op.cell)
            for i, row in enumerate(op.values):
                for j, v in enumerate(row):
                    out[(op.sheet, _cell(r0 + i, c0 + j))] = v
        elif isinstance(op, Clear):
            r1, c1, r2, c2 = parse_range(op.range)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    out[(op.sheet, _cell(r, c))] = None
    return out
