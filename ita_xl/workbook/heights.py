"""How tall a row of wrapped text is: the lines a cell's text needs at its width (Thai marks above
and below take no width), in the workbook's points. The tables' rows (:func:`.layout.row_height`)
and the document sheets' (:func:`doc_row_height`) are sized from it, since Excel does not refit a
row that ita_xl wrote."""

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


# Thai characters a width holds at 16 pt in TH SarabunPSK's metrics (Laksaman, measured in
# LibreOffice: about 1.3; the tables' 14 pt take 16/14 more): a little under, so text is never cut.
DOC_CHARS = 1.15


def doc_row_height(texts: list[tuple[str, float, int]]) -> float | None:
    """A document row's height: ``(text, width, font size)`` of each of its cells (merged widths
    summed). None: one line of body text, the default height, suits.

    >>> doc_row_height([("ก" * 30, 10.0, 16)]), doc_row_height([("สั้น", 10.0, 16)]), doc_row_height([("หัว", 9.0, 18)])
    (84.0, None, 31.0)
    """
    best = None
    for text, width, size in texts:
        if not text:
            continue
        lines = text_lines(text, width * DOC_CHARS * DOC_PT / size)
        h = lines * LINE_PT * size / DOC_PT + 6 if lines > 1 else (ROW_PT * size / DOC_PT + 4 if size > DOC_PT else None)
        if h is not None:
            best = max(best or 0.0, round(h, 1))
    return best
