"""Scores in: CSV, XLSX, or text pasted from the ITAS result pages; one agency or many.

Two shapes are read:

- one agency: columns ``code,score`` (Thai headers ``ข้อ,คะแนน`` too); rows are question codes
  (``i24``, ``ข้อ i๒๔``, ``E1``, ``O๓๔``…), indicator rows ``ind1``…``ind10``, tool rows ``IIT``/``EIT``/
  ``OIT``, ``total`` and ``level``;
- long: ``org_id,org_name,org_type,year,code,score`` (and optionally ``province``, ``district``),
  any number of agencies, read as a stream: the rows of one agency must be together (an agency
  that reappears after another one started is reported with its row).

Every problem is an :class:`~ita_xl.errors.InputError` naming the file and row (CSV) or sheet!cell
(XLSX): scores outside 0–100, codes unknown for the year, conflicting duplicates, non-numbers, empty
or corrupt files, and archives that would inflate beyond sane limits (zip bombs).

One concern per module: :mod:`.text` (size, encodings, dialects, the RFC 4180 record reader),
:mod:`.table` (rows of a file or sheet, the header), :mod:`.builder` (a score, a year, one agency's
rows validated), :mod:`.long` (the many-agency stream), :mod:`.pasted` (ITAS text) and :mod:`.read`
(which shape a file is). This face re-exports what the rest of the package uses.
"""

from __future__ import annotations

from ita_xl.io.archive import MAX_RATIO, MAX_UNPACKED
from ita_xl.io.scores.builder import AgencyScores, Builder, normalize_year, parse_score, row_key
from ita_xl.io.scores.long import LongScan, scan_long
from ita_xl.io.scores.pasted import parse_pasted
from ita_xl.io.scores.read import iter_scores, read_scores
from ita_xl.io.scores.table import TABLE_SUFFIXES, Row, blank, clean_text, table_rows
from ita_xl.io.scores.text import HEADER_SEARCH_ROWS, MAX_FILE, csv_dialect, csv_records, delimiter_of, read_text

__all__ = [
    "HEADER_SEARCH_ROWS", "MAX_FILE", "MAX_RATIO", "MAX_UNPACKED", "TABLE_SUFFIXES",
    "AgencyScores", "Builder", "LongScan", "Row",
    "blank", "clean_text", "csv_dialect", "csv_records", "delimiter_of", "iter_scores", "normalize_year",
    "parse_pasted", "parse_score", "read_scores", "read_text", "row_key", "scan_long", "table_rows",
]
