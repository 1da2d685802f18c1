"""Cell addresses as Excel writes them, 1-based (``cell(3, 2) == "B3"``): the one column-letter
function of the package, and the parsers of a cell and a range.

>>> cell(4, 2), col_letter(28), parse_cell("$AB$12"), parse_range("A5:L40"), quote_sheet("ก'ข")
('B4', 'AB', (12, 28), (5, 1, 40, 12), "'ก''ข'")
"""

from __future__ import annotations

import re
from functools import lru_cache

@lru_cache(maxsize=None)
def col_letter(col: int) -> str:
    """1-based column number to letters."""
    s = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def cell(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def parse_cell(ref: str) -> tuple[int, int]:
    """``"B3"`` -> ``(3, 2)`` (row, column), 1-based."""
    m = _CELL.match(ref.strip())
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """``"A5:L40"`` -> ``(5, 1, 40, 12)``; a single cell is a 1×1 range."""
    a, _, b = ref.partition(":")
    r1, c1 = parse_cell(a)
    r2, c2 = parse_cell(b) if b else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def quote_sheet(name: str) -> str:
    """A sheet name as a formula needs it: ``'ตั้งค่า'!B5``."""
    return "'" + name.replace("'", "''") + "'"
