"""Score files as tables: the rows of a CSV/TSV/TXT or of a workbook's sheet, and the header row.

A :class:`Row` knows where it is (row, or sheet!cell) so every message names it. The header is
the first row naming a code and a score column (``code,score``, ``ข้อ,คะแนน``…); title rows above
it are looked past.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ita_xl.core.codes import parse_row_key
from ita_xl.errors import InputError, os_error
from ita_xl.io.address import col_letter
from ita_xl.io.archive import check_zip, reading
from ita_xl.io.sheets import open_book
from ita_xl.io.scores.text import HEADER_SEARCH_ROWS, check_size, csv_dialect, csv_records, encoding_of

TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")

HEADERS = {
    "code": {"code", "question", "ข้อ", "ข้อคำถาม", "รหัส", "key"},
    "score": {"score", "คะแนน", "value", "ผลคะแนน"},
    "org_id": {"org_id", "id", "รหัสหน่วยงาน"},
    "org_name": {"org_name", "name", "ชื่อหน่วยงาน", "หน่วยงาน"},
    "org_type": {"org_type", "type", "ประเภท", "ประเภทหน่วยงาน"},
    "year": {"year", "ปี", "ปีงบประมาณ", "assessment_year"},
    "province": {"province", "จังหวัด"},
    "district": {"district", "อำเภอ"},
}


@dataclass
class Row:
    """One row of a score file: its number as Excel shows it, its cells, the sheet (``None`` for
    delimited text), the header's columns, and the damage of a row that could not be read whole.

    >>> Row(7, ["i1", "100"]).where(), Row(7, ["i1", "100"], "scores", {"score": 1}).where("score")
    ({'row': 7}, {'sheet': 'scores', 'cell': 'B7'})
    """

    no: int  # 1-based row in the file/sheet
    cells: list[object]
    sheet: str | None = None
    cols: dict[str, int] = field(default_factory=dict)
    damage: InputError | None = None  # a row that could not be read whole (an unclosed quote)

    def where(self, col: str | None = None) -> dict:
        if self.sheet is None:
            return {"row": self.no}
        letter = col_letter((self.cols.get(col, 0) if col else 0) + 1)
        return {"sheet": self.sheet, "cell": f"{letter}{self.no}"}

    def get(self, name: str) -> object:
        i = self.cols.get(name)
        if i is None or i >= len(self.cells):
            return None
        return self.cells[i]


def blank(v: object) -> bool:
    """Is a cell empty (``None`` or only spaces)?

    >>> blank(None), blank(" \\t"), blank(0)
    (True, True, False)
    """
    return v is None or (isinstance(v, str) and not v.strip())


_CONTROL_CHARS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: object) -> str:
    """A text cell, stripped, without the control characters XML cannot hold (NUL aside: a NUL is
    a damaged file, reported).

    >>> clean_text("  ลำปาง\x0b "), clean_text(None)
    ('ลำปาง', '')
    """
    if blank(value):
        return ""
    text = str(value).strip()
    return _CONTROL_CHARS.sub("", text).strip() if _CONTROL_CHARS.search(text) else text


# ---------------------------------------------------------------------------------------- header


def header_cols(cells: list[object]) -> dict[str, int]:
    """Our column names -> positions, from a header row's cells (the first cell of a name wins).

    >>> header_cols(["ข้อ", "คะแนน", "หมายเหตุ"]), header_cols(["org_id", "Code", "score", "code"])
    ({'code': 0, 'score': 1}, {'org_id': 0, 'code': 1, 'score': 2})
    """
    cols: dict[str, int] = {}
    for i, c in enumerate(cells):
        name = str(c).strip().lower() if c is not None else ""
        for key, names in HEADERS.items():
            if name in names and key not in cols:
                cols[key] = i
    return cols


def is_header(cells: list[object]) -> bool:
    """Does a row name a code and a score column (a score table's header)?

    >>> is_header(["code", "score"]), is_header(["รายงานผล ITA", "2566"])
    (True, False)
    """
    cols = header_cols(cells)
    return "code" in cols and "score" in cols


def find_header(path: Path, rows: Iterator[Row]) -> tuple[dict[str, int], Iterator[Row], int, int]:
    """Find the header row and map our column names to positions: ``(cols, the rows after it,
    its row number, its width)``.

    The header is the first row naming a code and a score column; title rows above it (an agency
    name, a date) are looked past, up to :data:`HEADER_SEARCH_ROWS` non-blank rows. A file whose
    first row already holds a code and a number has no header (``i1,100``).
    """
    first: Row | None = None
    seen = 0
    for row in rows:
        if all(blank(c) for c in row.cells):
            continue
        if row.damage is not None:
            raise row.damage
        first = first or row
        cols = header_cols(row.cells)
        if "code" in cols and "score" in cols:
            return cols, rows, row.no, len(row.cells)
        if seen == 0 and len(row.cells) >= 2 and parse_row_key(row.cells[0]) is not None:
            return {"code": 0, "score": 1}, _chain([row], rows), row.no - 1, 2  # header-less "i1,100"
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise InputError(str(path), "ไฟล์ไม่มีข้อมูลคะแนน", "the file holds no scores")
    raise InputError(
        str(path),
        "ไม่พบหัวคอลัมน์ code และ score (หรือ ข้อ และ คะแนน)",
        "no header with 'code' and 'score' columns",
        **first.where(),
    )


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


def width_checked(path: Path, rows: Iterator[Row], width: int, delimiter: str) -> Iterator[Row]:
    """CSV rows, refusing one with more non-blank fields than the header has columns: an unquoted
    decimal comma (``i7,98,90``) would otherwise be read as 98 without a word."""
    for row in rows:
        cells = row.cells
        if row.damage is not None:
            raise row.damage
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            hint_en = hint_th = ""
            if delimiter == ",":
                hint_en = ' (a decimal comma must be quoted, "98,90", or written with a dot, 98.90)'
                hint_th = ' (ทศนิยมที่ใช้จุลภาคต้องอยู่ในเครื่องหมายคำพูด "98,90" หรือใช้จุด 98.90)'
            raise InputError(
                str(path),
                f"แถวนี้มี {len(cells)} ช่อง มากกว่าหัวตาราง ({width} ช่อง){hint_th}",
                f"the row has {len(cells)} fields, the header {width}{hint_en}",
                row=row.no,
            )
        yield row


# ---------------------------------------------------------------------------------------- rows


def csv_rows(path: Path, multiline: bool = False, encoding: str | None = None) -> tuple[CsvRows, str]:
    """Rows of a CSV, streamed (memory stays flat whatever the size of a national file), and its
    delimiter. ``multiline``: a quoted field may hold line breaks (a question's wording), else such
    a field is refused (in a score file it is a quote that is not closed). ``encoding``: as
    :func:`~ita_xl.io.scores.text.encoding_of` found it already (a long file's scan)."""
    enc = encoding or encoding_of(path)
    try:
        fh = path.open(encoding=enc, errors="replace", newline="")
        dialect = csv_dialect(fh, is_header)
    except OSError as exc:
        raise os_error(exc, path) from None

    def records() -> Iterator[tuple[int, list[str], InputError | None]]:
        with fh:
            yield from csv_records(str(path), fh, dialect, lenient=multiline)

    return CsvRows(records(), enc), dialect.delimiter


class CsvRows:
    """The rows of a CSV as :class:`Row` objects (the record number = the row Excel shows), streamed;
    :attr:`records` is the same stream as bare ``(no, cells, damage)`` records, for a reader that
    makes a row only when it needs one (the many-agency stream: most of its rows need none), and
    :attr:`encoding` the file's."""

    def __init__(self, records: Iterator[tuple[int, list[str], InputError | None]], encoding: str):
        self.records, self.encoding = records, encoding

    def __iter__(self) -> Iterator[Row]:
        return self

    def __next__(self) -> Row:
        no, cells, damage = next(self.records)
        return Row(no, cells, damage=damage)

    def close(self) -> None:
        self.records.close()


def xlsx_rows(path: Path, sheet: str | None) -> Iterator[Row]:
    """Rows of a workbook's sheet (``None``: the score sheet of an ita_xl workbook, else the first),
    after the zip guard; python-calamine reads it where installed, else openpyxl."""
    check_zip(path)
    try:
        with open_book(path) as (names, read):
            if sheet is None:
                # an ita_xl workbook keeps question scores on this sheet; otherwise the first sheet
                sheet = next((n for n in names if n in ("คะแนนรายข้อ", "scores", "Scores")), names[0] if names else None)
            if sheet not in names:
                have = ", ".join(names)
                raise InputError(str(path), f"ไม่พบชีต {sheet} (มี: {have})",
                                 f"no sheet named {sheet!r} (the file has: {have})", sheet=sheet)
            with reading(path, "อ่านชีตไม่ได้", f"cannot read sheet {sheet!r}"):
                data = read(sheet)
    except InputError:
        raise
    except Exception as exc:  # calamine raises its own error types
        raise InputError(str(path), "ไฟล์ Excel เสียหาย เปิดอ่านไม่ได้", f"corrupt workbook ({exc})") from None
    for no, cells in enumerate(data, start=1):
        yield Row(no, list(cells), sheet)


def file_rows(
    path: Path, sheet: str | None, multiline: bool = False, encoding: str | None = None,
) -> tuple[Iterator[Row], str | None]:
    """The rows of a score file and, for delimited text, its delimiter (``encoding``: see :func:`csv_rows`)."""
    if not path.exists():
        raise InputError(str(path), "ไม่พบไฟล์", "file not found")
    check_size(path)
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return xlsx_rows(path, sheet), None
    if suffix in TABLE_SUFFIXES:
        return csv_rows(path, multiline, encoding)
    raise InputError(str(path), f"ไม่รู้จักชนิดไฟล์ {suffix}", f"unsupported score file type {suffix!r}")


def table_rows(path: str | Path, sheet: str | None = None) -> Iterator[tuple[int, list]]:
    """``(row number as Excel shows it, cells)`` of any table a user gives (CSV/TSV/TXT or a
    workbook's sheet: the first, or the score sheet of an ita_xl workbook), through every guard of
    the score readers: size, zip bombs, encoding (UTF-8, UTF-16, cp874), the dialect from the header
    row. A quoted field may span lines (wording pasted with its line breaks)."""
    rows, _ = file_rows(Path(path), sheet, multiline=True)
    for row in rows:
        yield row.no, row.cells


def is_table(path: Path) -> bool:
    """Does a ``.txt`` hold a table with a code and a score column (Excel's "Unicode Text", a TSV),
    rather than text pasted from the ITAS pages?"""
    rows, _ = csv_rows(path)
    try:
        for n, row in enumerate(rows):
            if is_header(row.cells):
                return True
            if n >= HEADER_SEARCH_ROWS:
                break
    except InputError:
        return False
    finally:
        rows.close()
    return False
