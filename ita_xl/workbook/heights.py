"""How tall a row of wrapped text is: the lines a cell's text needs at its width (Thai marks above
and below take no width), in the workbook's points. The tables' rows (:func:`.layout.row_height`)
are sized from it, since Excel does not refit a row that ita_xl wrote; the document sheets' rows
are sized from glyph widths (``report.sheet.cell_lines``)."""

from __future__ import annotations

import re
from functools import lru_cache

DOC_PT, DOC_TABLE_PT = 16, 14  # body and tables, as the DOCX (io.fonts.SIZE_PT, TABLE_PT)

LINE_PT = 26.0  # a line of 16 pt text: TH Sarabun New needs ~21, Laksaman (its stand-in) ~26
ROW_PT = 24.0  # a single-line row
_THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")  # vowels and tones above/below


@lru_cache(maxsize=8192)
def text_lines(text: str, width: float) -> int:
    """How many lines a wrapped cell of ``width`` characters needs (Thai marks take no width).

    >>> text_lines("ก" * 25, 10), text_lines("ที่นี่\\nสอง", 10)
    (3, 2)
    """
    cap = max(width - 1.0, 1.0)
    n = 0
    for line in text.split("\n"):
        visible = len(line) - len(_THAI_MARKS.findall(line)) if len(line) > cap else len(line)
        n += max(1, -(-visible // int(cap)))
    return n
