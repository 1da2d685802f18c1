"""Cell grids and ops as the tests compare them (helpers once shipped in ``ita_xl.workbook.ops``)."""

from __future__ import annotations

from ita_xl.io.address import cell, parse_cell, parse_range
from ita_xl.workbook.ops import Clear, Op, Write


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and v == "")


def normalize(values: list[list[object]]) -> list[list[object]]:
    """Rectangular copy with trailing empty rows/columns dropped (for comparisons).

    >>> normalize([[1, "", None], [None], []])
    [[1]]
    """
    rows = [list(r) for r in values]
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if not _blank(v)), default=0) for r in rows), default=0)
    return [[(r[i] if i < len(r) and not _blank(r[i]) else None) for i in range(width)] for r in rows]


def writes_to_cells(ops: list[Op]) -> dict[tuple[str, str], object]:
    """Every cell a list of ops writes, ``(sheet, "B3") -> value`` (clears give None)."""
    out: dict[tuple[str, str], object] = {}
    for op in ops:
        if isinstance(op, Write):
            r0, c0 = parse_cell(op.cell)
            for i, row in enumerate(op.values):
                for j, v in enumerate(row):
                    out[(op.sheet, cell(r0 + i, c0 + j))] = v
        elif isinstance(op, Clear):
            r1, c1, r2, c2 = parse_range(op.range)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    out[(op.sheet, cell(r, c))] = None
    return out
