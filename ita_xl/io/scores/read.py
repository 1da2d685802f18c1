"""The front door of the score readers: which shape a file is, and the stream of its agencies.

A ``.txt`` is a table when it has a header row (Excel's "Unicode Text"), else text pasted from the
ITAS pages; a table with an ``org_id`` or ``org_name`` column is a long file (many agencies), else
one agency's ``code,score`` rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ita_xl.core.model import Org
from ita_xl.errors import InputError
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.io.scores.builder import AgencyScores, Builder, is_level, normalize_year
from ita_xl.io.scores.long import LongScan, long_agencies, scan_long, scan_rows
from ita_xl.io.scores.pasted import parse_pasted
from ita_xl.io.scores.table import XLSX_SUFFIXES, CsvRows, Row, blank, file_rows, find_header, is_table, width_checked
from ita_xl.io.scores.text import check_size, read_checked_text


def iter_scores(
    path: str | Path, year: int | None = None, sheet: str | None = None, errors: list | None = None,
    scan: LongScan | None = None, frameworks: Frameworks = KNOWN,
) -> Iterator[AgencyScores]:
    """Agencies in a score file, in the order they appear. Validates everything it reads.

    ``.txt`` is a table when it has a header row (Excel's "Unicode Text"), else pasted ITAS text.
    With ``errors`` (a list), a long file's bad agency is skipped and ``(org, InputError)`` appended,
    so one broken agency does not sink a batch; without it the first problem is raised. The rows of
    one agency need not be together: they are gathered (``scan``, from :func:`scan_long`, says where
    each agency's last row is; it is made here when not given).
    """
    path = Path(path)
    if path.suffix.lower() == ".txt":
        if not path.exists():
            raise InputError(str(path), "ไม่พบไฟล์", "file not found")
        check_size(path)
        if not is_table(path):
            yield parse_pasted(read_checked_text(path), year, source=str(path), frameworks=frameworks)
            return
    rows, delimiter = file_rows(path, sheet, encoding=scan.encoding if scan is not None else None)
    cols, rows, header_row, width = find_header(path, rows)
    if delimiter is None:
        width = None  # spreadsheet rows are as wide as the sheet: no field can be split off
    if "org_id" in cols or "org_name" in cols:
        if path.suffix.lower() in XLSX_SUFFIXES:
            rows = list(rows)  # already in memory (the sheet was read whole): scanned in place
            scan = scan or scan_rows(rows, cols)
        elif scan is None:
            scan = scan_long(path, sheet, rows.encoding if isinstance(rows, CsvRows) else None)
        yield from long_agencies(path, cols, rows, year, errors, width, scan, frameworks)
        return
    if delimiter is not None:
        rows = width_checked(path, rows, width, delimiter)
    yield _one_agency(path, cols, rows, year, header_row, frameworks)


def _one_agency(path: Path, cols: dict[str, int], rows: Iterator[Row], year: int | None, header_row: int,
                frameworks: Frameworks = KNOWN) -> AgencyScores:
    """The ``code,score`` rows of a one-agency file (the year comes from ``--year``)."""
    if year is None:
        raise InputError(
            str(path), "ไฟล์คะแนนหน่วยงานเดียวต้องระบุปีที่ประเมิน (--year)",
            "a one-agency score file needs the assessment year (--year)",
        )
    b = Builder(path, normalize_year(year, "--year", frameworks=frameworks), Org(name=""), header_row + 1,
                frameworks=frameworks)
    for row in rows:
        row.cols = cols
        key, value = row.get("code"), row.get("score")
        if blank(key) and blank(value):
            continue
        if is_level(key):
            b.add_level(row, value)
            continue
        b.add(row, key, value)
    return b.done()


def read_scores(path: str | Path, year: int | None = None, sheet: str | None = None,
                frameworks: Frameworks = KNOWN) -> list[AgencyScores]:
    """All agencies of a score file (see :func:`iter_scores`); pasted text for a ``.txt`` without a header."""
    return list(iter_scores(path, year, sheet, frameworks=frameworks))
