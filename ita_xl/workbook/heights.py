"""How tall a row of wrapped text is: the lines a cell's text needs at its width (Thai marks above
and below take no width), in the workbook's points. The tables' rows (:func:`.layout.row_height`)
are sized from it, since Excel does not refit a row that ita_xl wrote; the document sheets' rows
are sized from glyph widths (``report.sheet.cell_lines``)."""

from __future__ import annotations

from functools import lru_cache

DOC_PT, DOC_TABLE_PT = 16, 14  # body and tables, as the DOCX (io.fonts.SIZE_PT, TABLE_PT)

LINE_PT = 26.0  # a line of 16 pt text: TH Sarabun New needs ~21, Laksaman (its stand-in) ~26
ROW_PT = 24.0  # a single-line row
# vowels and tones above/below: each counted with str.count (16 scans in C are faster than a regex
# that makes a string of every mark it finds)
_THAI_MARKS = "\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F)))


@lru_cache(maxsize=8192)
def text_lines(text: str, width: float) -> int:
    """How many lines a wrapped cell of ``width`` characters needs (Thai marks take no width).

    >>> text_lines("ก" * 25, 10), text_lines("ที่นี่\\nสอง", 10)
    (3, 2)
    """
    cap = max(width - 1.0, 1.0)
    n = 0
    for line in text.split("\n"):
        visible = len(line) - sum(map(line.count, _THAI_MARKS)) if len(line) > cap else len(line)
        n += max(1, -(-visible // int(cap)))
    return n
