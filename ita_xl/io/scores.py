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
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ita_xl.core.codes import parse_code, parse_row_key
from ita_xl.core.framework import unknown_code_message
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.core.model import Org, ScoreSet
from ita_xl.core.thai import arabic_digits, as_be
from ita_xl.errors import InputError, UnknownYear, os_error
from ita_xl.io.archive import MAX_RATIO, MAX_UNPACKED, check_zip, reading  # noqa: F401 - limits re-exported

MAX_FILE = 512 * 1024 * 1024
HEADER_SEARCH_ROWS = 30  # title rows above the header that are looked past
MAX_YEAR_DIGITS = 4

_HEADERS = {
    "code": {"code", "question", "ข้อ", "ข้อคำถาม", "รหัส", "key"},
    "score": {"score", "คะแนน", "value", "ผลคะแนน"},
    "org_id": {"org_id", "id", "รหัสหน่วยงาน"},
    "org_name": {"org_name", "name", "ชื่อหน่วยงาน", "หน่วยงาน"},
    "org_type": {"org_type", "type", "ประเภท", "ประเภทหน่วยงาน"},
    "year": {"year", "ปี", "ปีงบประมาณ", "assessment_year"},
    "province": {"province", "จังหวัด"},
    "district": {"district", "อำเภอ"},
}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_PLAIN = re.compile(r"[0-9]{1,3}(?:\.[0-9]*)?\Z")


@lru_cache(maxsize=4096)
def _row_key(text: str):
    return parse_row_key(text)


def row_key(cell: object):
    """:func:`~ita_xl.core.codes.parse_row_key`, memoized for the few hundred spellings a file uses."""
    return _row_key(cell) if isinstance(cell, str) else parse_row_key(cell)


@dataclass
class AgencyScores:
    org: Org
    scores: ScoreSet
    first_row: int = 0  # where the agency first appears, for messages


@dataclass
class _Row:
    no: int  # 1-based row in the file/sheet
    cells: list[object]
    sheet: str | None = None
    cols: dict[str, int] = field(default_factory=dict)
    damage: InputError | None = None  # a row that could not be read whole (an unclosed quote)

    def where(self, col: str | None = None) -> dict:
        if self.sheet is None:
            return {"row": self.no}
        letter = _col_letter(self.cols.get(col, 0) if col else 0)
        return {"sheet": self.sheet, "cell": f"{letter}{self.no}"}

    def get(self, name: str) -> object:
        i = self.cols.get(name)
        if i is None or i >= len(self.cells):
            return None
        return self.cells[i]


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def parse_score(value: object) -> float | None:
    """A score from a cell: numbers, Thai digits, a trailing ``%``, comma decimals; ``None`` if not one.

    >>> parse_score("๙๔.๙๖"), parse_score(" 88,28 "), parse_score(100), parse_score("n/a")
    (94.96, 88.28, 100.0, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value == value else None
    if _PLAIN.match(value if isinstance(value, str) else ""):  # the common case, "94.96"
        return float(value)
    s = arabic_digits(str(value)).strip().rstrip("%").strip().replace("\xa0", "")
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    return float(s) if _NUMBER.match(s) else None


# ---------------------------------------------------------------------------------------- reading rows


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise os_error(exc, path) from None
    if size == 0:
        raise InputError(str(path), "ไฟล์ว่างเปล่า", "the file is empty")
    if size > MAX_FILE:
        raise InputError(str(path), "ไฟล์ใหญ่เกินกว่าจะเป็นไฟล์คะแนน", f"file too large ({size} bytes)")


def _check_zip(path: Path) -> None:
    """Refuse corrupt archives and zip bombs before any spreadsheet library inflates them."""
    check_zip(path)


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _encoding(path: Path) -> str:
    """The text encoding of a score file, checked in one streaming pass.

    A byte-order mark decides (UTF-8, or UTF-16 as Excel's "Unicode Text" writes it); otherwise
    UTF-8 when every byte decodes, else Thai Windows (TIS-620/cp874). A file that is mostly NUL
    bytes is not text (a NUL here and there is a damaged cell, reported with its row).
    """
    dec = codecs.getincrementaldecoder("utf-8")()
    enc = "utf-8-sig"
    first = True
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                if first:
                    first = False
                    for bom, name in _BOMS:
                        if chunk.startswith(bom):
                            return name
                    if chunk.count(b"\x00") > len(chunk) // 10:
                        raise InputError(
                            str(path), "ไฟล์นี้ไม่ใช่ไฟล์ข้อความ CSV", "not a text CSV file (binary content)"
                        )
                if enc == "utf-8-sig":
                    try:
                        dec.decode(chunk)
                    except UnicodeDecodeError:
                        enc = "cp874"
                        break
    except OSError as exc:
        raise os_error(exc, path) from None
    return enc


_DELIMITERS = ",;\t|"


def delimiter_of(line: str) -> str:
    """The delimiter of a delimited text from its header line: the candidate (comma, semicolon, tab,
    bar) that occurs most often outside double quotes; a comma when none does.

    >>> delimiter_of('org_id;org_name;code;score'), delimiter_of('"a,b"|c'), delimiter_of('code')
    (';', '|', ',')
    """
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _is_header_line(line: str, delimiter: str) -> bool:
    cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    cols = _header_cols(_Row(0, cells))
    return "code" in cols and "score" in cols


class _Dialect(csv.excel):
    """RFC 4180 as Excel writes it: fields quoted with ``"``, a ``""`` inside is one quote."""

    strict = False


def _csv_rows(path: Path, multiline: bool = False) -> tuple[Iterator[_Row], str]:
    """Rows of a CSV, streamed (memory stays flat whatever the size of a national file), and its
    delimiter. ``multiline``: a quoted field may hold line breaks (a question's wording), else such
    a field is refused (in a score file it is a quote that is not closed)."""
    enc = _encoding(path)
    try:
        fh = path.open(encoding=enc, errors="replace", newline="")
        dialect = csv_dialect(fh)
    except OSError as exc:
        raise os_error(exc, path) from None

    def rows() -> Iterator[_Row]:
        with fh:
            yield from _records(path, fh, dialect, multiline)

    return rows(), dialect.delimiter


def csv_dialect(fh) -> type[csv.Dialect] | csv.Dialect:
    """The dialect of an open CSV, the same for every row: Excel's quoting (``""`` is a quote, a
    quoted field may hold the delimiter), and the delimiter of its first non-blank line; rewinds.

    Not :class:`csv.Sniffer` on a sample: a guess from the first 4 KB that decided, say, that
    quotes are not doubled would misread a correct ``"อบต. ""บ้านกลาง""\"`` further down.
    """
    pos = fh.tell()
    found = None
    for _ in range(HEADER_SEARCH_ROWS):  # the header row decides; title rows above it do not
        line = fh.readline()
        if not line:
            break
        d = delimiter_of(line)
        if d not in line:
            continue
        if _is_header_line(line, d):
            found = d
            break
        found = found or d
    fh.seek(pos)
    delimiter = found or ","

    class Dialect(_Dialect):
        pass

    Dialect.delimiter = delimiter

    return Dialect


def _records(path: Path, fh, dialect, multiline: bool = False) -> Iterator[_Row]:
    for no, cells, damage in csv_records(str(path), fh, dialect, lenient=multiline):
        yield _Row(no, cells, damage=damage)  # the record number = the row Excel shows


def _lines(fh, back: list[str], seen: list[str]) -> Iterator[str]:
    """The physical lines of ``fh``, those pushed ``back`` first (last pushed, first read); each line
    read is noted in ``seen`` (the caller clears it after every record)."""
    append = seen.append
    while back:
        line = back.pop()
        append(line)
        yield line
    for line in fh:
        append(line)
        yield line


_EOLS = ("\n", "\r")


def csv_records(src: str, fh, dialect, lenient: bool = False) -> Iterator[tuple[int, list[str], InputError | None]]:
    """``(record number, fields, damage)`` of an open CSV, streamed.

    RFC 4180: a quoted field may hold line breaks (Alt+Enter in Excel, then Save as CSV); such a
    record is one row, as Excel shows it. A quote that is never closed would swallow the rows after
    it into one field: a record over several lines that is not one record as RFC 4180 has it (its
    quote runs to the file's end, or another row's quote seems to close it), whose field count
    differs from the previous record's, or that swallowed a line as wide as a whole row, is that
    damage. It comes as ``damage`` (an InputError naming the row) with
    the fields of its first line alone, and the lines after that first line are read again as rows
    of their own: one bad row costs its own agency, nothing after it. ``lenient`` (a question list,
    whose wording may hold anything) takes every record as it is.
    """
    back: list[str] = []
    seen: list[str] = []
    clear = seen.clear
    no = 0
    width = 0  # fields of the previous one-line record: what a row of this file holds
    while True:
        error = None
        try:
            # csv keeps no state between records: after a damaged one, a new reader reads on
            for cells in csv.reader(_lines(fh, back, seen), dialect):
                no += 1
                if len(seen) == 1 and not (cells and cells[-1][-1:] in _EOLS):  # the common case
                    clear()
                    if len(cells) > 1:
                        width = len(cells)
                    yield no, cells, None
                elif lenient or _whole_record(seen, cells, width, dialect):
                    clear()
                    yield no, cells, None
                else:
                    break
            else:
                return
        except csv.Error as exc:  # a field over the size limit: a quote that swallowed the file
            no += 1
            error = exc
        first, rest = (seen[0], seen[1:]) if seen else ("", [])
        clear()
        back.extend(reversed(rest))
        th = "เครื่องหมายคำพูด \" ที่เปิดช่องข้อมูลในแถวนี้ไม่มีตัวปิด (ต้องปิดด้วย \" หรือเขียน \"\" แทนเครื่องหมายคำพูดในข้อความ)"
        en = 'a " opens a field of this row and is not closed (close it, or write "" for a quote inside a text)'
        if error is not None and not rest:  # an error of one line, not a quote that ran over lines
            th, en = f"อ่าน CSV ไม่ได้: {error}", f"malformed CSV: {error}"
        yield no, _damaged_cells(first, dialect), InputError(src, th, en, row=no)


def _damaged_cells(line: str, dialect) -> list[str]:
    """The fields of a row whose quote is not closed, split at every delimiter (its agency, year and
    code are still readable there: the row fails its own agency, not the one before or after)."""
    cells = next(csv.reader([line.rstrip("\r\n")], delimiter=dialect.delimiter, quoting=csv.QUOTE_NONE), [])
    return [c.strip().strip('"') if '"' in c else c for c in cells]


def _strictly_one_record(lines: list[str], dialect) -> bool:
    """Are these lines one record as RFC 4180 has it: every quote that opens a field closes it, right
    before a delimiter or the line's end, and not at the file's end? A quote left open that another
    row's quote seems to close (``…,"aก,…\n1001,"บ้าน…``) fails here, as does one the file ends in."""
    reader = csv.reader(iter([*lines, "\n"]), delimiter=dialect.delimiter, strict=True)
    try:
        next(reader, None)
    except csv.Error:
        return False
    return reader.line_num == len(lines)


def _whole_record(lines: list[str], cells: list[str], width: int, dialect) -> bool:
    """Is a record read over several lines a row with a multi-line field (not an unclosed quote)?"""
    if '"' not in lines[-1] or not _strictly_one_record(lines, dialect):
        return False
    if width and len(cells) != width:
        return False
    if width >= 3:
        for line in lines[1:-1]:  # a line wholly inside the field that is as wide as a row: swallowed
            if len(next(csv.reader([line.rstrip("\r\n")], dialect), [])) >= width:
                return False
    return True


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[_Row]:
    _check_zip(path)
    try:
        names, read = _calamine(path)
    except ImportError:  # python-calamine is an optional speed-up (xlwings Lite has no wheel for it)
        names, read = _openpyxl(path)
    except Exception as exc:  # calamine raises its own error types
        raise InputError(str(path), "ไฟล์ Excel เสียหาย เปิดอ่านไม่ได้", f"corrupt workbook ({exc})") from None
    if sheet is None:
        # an ita_xl workbook keeps question scores on this sheet; otherwise the first sheet
        sheet = next((n for n in names if n in ("คะแนนรายข้อ", "scores", "Scores")), names[0] if names else None)
    if sheet not in names:
        have = ", ".join(names)
        raise InputError(
            str(path), f"ไม่พบชีต {sheet} (มี: {have})", f"no sheet named {sheet!r} (the file has: {have})", sheet=sheet
        )
    with reading(path, "อ่านชีตไม่ได้", f"cannot read sheet {sheet!r}"):
        data = read(sheet)
    for no, cells in enumerate(data, start=1):
        yield _Row(no, list(cells), sheet)


def _calamine(path: Path):
    from python_calamine import CalamineWorkbook  # noqa: PLC0415

    wb = CalamineWorkbook.from_path(str(path))
    return wb.sheet_names, lambda name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


def _openpyxl(path: Path):
    import openpyxl  # noqa: PLC0415

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zipfile, XML and openpyxl errors alike
        raise InputError(str(path), "ไฟล์ Excel เสียหาย เปิดอ่านไม่ได้", f"corrupt workbook ({exc})") from None
    return wb.sheetnames, lambda name: list(wb[name].iter_rows(values_only=True))


TABLE_SUFFIXES = (".csv", ".tsv", ".txt")


def _rows(path: Path, sheet: str | None, multiline: bool = False) -> tuple[Iterator[_Row], str | None]:
    """The rows of a score file and, for delimited text, its delimiter."""
    if not path.exists():
        raise InputError(str(path), "ไม่พบไฟล์", "file not found")
    _check_size(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, sheet), None
    if suffix in TABLE_SUFFIXES:
        return _csv_rows(path, multiline)
    raise InputError(str(path), f"ไม่รู้จักชนิดไฟล์ {suffix}", f"unsupported score file type {suffix!r}")


def _header_cols(row: _Row) -> dict[str, int]:
    cols: dict[str, int] = {}
    for i, c in enumerate(row.cells):
        name = str(c).strip().lower() if c is not None else ""
        for key, names in _HEADERS.items():
            if name in names and key not in cols:
                cols[key] = i
    return cols


def _header(path: Path, rows: Iterator[_Row]) -> tuple[dict[str, int], Iterator[_Row], int, int]:
    """Find the header row and map our column names to positions.

    The header is the first row naming a code and a score column; title rows above it (an agency
    name, a date) are looked past, up to :data:`HEADER_SEARCH_ROWS` non-blank rows. A file whose
    first row already holds a code and a number has no header (``i1,100``).
    """
    first: _Row | None = None
    seen = 0
    for row in rows:
        if all(_blank(c) for c in row.cells):
            continue
        if row.damage is not None:
            raise row.damage
        first = first or row
        cols = _header_cols(row)
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


def _width_checked(path: Path, rows: Iterator[_Row], width: int, delimiter: str) -> Iterator[_Row]:
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


def _chain(first: list[_Row], rest: Iterator[_Row]) -> Iterator[_Row]:
    yield from first
    yield from rest


# ---------------------------------------------------------------------------------------- building


class _Builder:
    """Collects one agency's rows into a ScoreSet, validating as it goes."""

    def __init__(self, path: Path, year: int | None, org: Org, first_row: int, failed: InputError | None = None,
                 frameworks: Frameworks = KNOWN):
        self.path, self.org, self.first_row = path, org, first_row
        self.file_name = path.name
        self.failed = failed  # the agency's first problem (a long file goes on with the others)
        self.set = ScoreSet(year=year or 0)
        self.fw = frameworks.load(year) if year is not None else None

    def err(self, row: _Row, col: str, th: str, en: str) -> InputError:
        return InputError(str(self.path), th, en, **row.where(col))

    def add(self, row: _Row, key_cell: object, value: object) -> None:
        key = row_key(key_cell)
        if key is None:
            raise self.err(
                row, "code", f"ไม่รู้จักรหัส {key_cell!r}", f"unknown code {key_cell!r} (expected i1, e5, O12, ind3, total…)"
            )
        kind, what = key
        if kind == "level":  # pragma: no cover - parse_row_key does not return it
            return
        if kind == "question":
            if what not in self.fw.questions:
                raise self.err(row, "code", *unknown_code_message(self.fw, what))
        if kind == "indicator" and what not in {i.no for i in self.fw.indicators}:
            raise self.err(row, "code", f"ไม่มีตัวชี้วัดที่ {what}", f"there is no indicator {what}")
        score = parse_score(value)
        if score is None:
            if _blank(value):
                raise self.err(row, "score", "ไม่ได้กรอกคะแนน", f"no score for {key_cell}")
            raise self.err(row, "score", f"คะแนน {value!r} ไม่ใช่ตัวเลข", f"score {value!r} is not a number")
        if not 0 <= score <= 100:
            raise self.err(row, "score", f"คะแนน {score:g} อยู่นอกช่วง ๐–๑๐๐", f"score {score:g} is outside 0–100")
        if kind == "question":
            store, wkey = self.set.questions, f"q:{what}"
        elif kind == "indicator":
            store, wkey = self.set.indicators, f"ind:{what}"
        elif kind == "tool":
            store, wkey = self.set.tools, f"tool:{what}"
        else:
            store, wkey = None, "total"
        prev = store.get(what) if store is not None else self.set.total
        if prev is not None:
            if abs(prev - score) > 1e-9:
                pw = self.set.where.get(wkey, "")
                raise self.err(
                    row, "score",
                    f"{key_cell} มีคะแนนซ้ำกันแต่ไม่ตรงกัน ({score:g} และ {prev:g} ที่ {pw})",
                    f"conflicting duplicate for {key_cell}: {score:g} here vs {prev:g} at {pw}",
                )
            return
        if store is not None:
            store[what] = score
        else:
            self.set.total = score
        self.set.where[wkey] = self._where(row)

    def _where(self, row: _Row) -> str:
        if row.sheet is None:
            return f"{self.file_name}: row {row.no}"
        return InputError(self.path.name, "", "", **row.where("score")).where()

    def add_level(self, row: _Row, value: object) -> None:
        if not _blank(value):
            self.set.level = str(value).strip()
            self.set.where["level"] = InputError(str(self.path.name), "", "", **row.where("score")).where()

    def done(self) -> AgencyScores:
        if not (self.set.questions or self.set.indicators or self.set.total is not None):
            raise InputError(
                str(self.path), f"หน่วยงาน {self.org.name or self.org.id} ไม่มีคะแนนรายข้อ รายตัวชี้วัด หรือคะแนนรวม",
                f"agency {self.org.name or self.org.id!r} has no question or indicator scores and no total",
                row=self.first_row,
            )
        return AgencyScores(self.org, self.set, self.first_row)


def _is_level(cell: object) -> bool:
    return str(cell).strip().lower() in {"level", "ระดับ", "ระดับผลการประเมิน"}


_YEAR = re.compile(r"\s*([0-9]{4})(?:\.0*)?\s*\Z")


def _short(value: object, n: int = 24) -> str:
    text = repr(value)
    return text if len(text) <= n else text[: n - 1] + "…"


def normalize_year(value: object, source: str, where: dict | None = None, frameworks: Frameworks = KNOWN) -> int:
    """An assessment year (BE) from a cell or ``--year``: CE years are turned into BE; a year with
    no framework, or that is not a year at all (``"25x6"``, 400 digits), is an InputError.

    >>> normalize_year(2023, "x"), normalize_year("๒๕๖๖", "x"), normalize_year(2566.0, "x")
    (2566, 2566, 2566)
    """
    where = where or {}
    y: int | None = None
    if isinstance(value, bool):
        y = None
    elif isinstance(value, int):
        y = value if 0 < value < 10_000 else None
    elif isinstance(value, float):
        y = int(value) if value == value and 0 < value < 10_000 and value.is_integer() else None
    else:
        m = _YEAR.match(arabic_digits(str(value)))
        y = int(m.group(1)) if m else None
    if y is None:
        raise InputError(source, f"ปี {_short(value)} ไม่ถูกต้อง", f"year {_short(value)} is not a year", **where)
    y = as_be(y)
    known = frameworks.years()
    if y not in known:
        raise UnknownYear(y, known, source, " (ระบุกรอบของปีนี้ด้วย --framework โฟลเดอร์ หรือ ITA_XL_FRAMEWORKS)",
                          "; give one with --framework DIR or ITA_XL_FRAMEWORKS", **where)
    return y


def _year_of(path: Path, row: _Row, value: object, default: int | None, frameworks: Frameworks = KNOWN) -> int:
    if _blank(value):
        if default is None:
            raise InputError(str(path), "ไม่ได้ระบุปีที่ประเมิน", "no assessment year", **row.where("year"))
        value = default
    return normalize_year(value, str(path), row.where("year"), frameworks)


def table_rows(path: str | Path, sheet: str | None = None) -> Iterator[tuple[int, list]]:
    """``(row number as Excel shows it, cells)`` of any table a user gives (CSV/TSV/TXT or a
    workbook's sheet: the first, or the score sheet of an ita_xl workbook), through every guard of
    the score readers: size, zip bombs, encoding (UTF-8, UTF-16, cp874), the dialect from the header
    row. A quoted field may span lines (wording pasted with its line breaks)."""
    rows, _ = _rows(Path(path), sheet, multiline=True)
    for row in rows:
        yield row.no, row.cells


def read_text(path: str | Path) -> str:
    """A text file in the encoding it was saved in (UTF-8, UTF-16 with its mark, else cp874)."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "ไม่พบไฟล์", "file not found")
    _check_size(path)
    return _read_text(path)


def _read_text(path: Path) -> str:
    enc = _encoding(path)
    try:
        return path.read_text(encoding=enc, errors="replace")
    except OSError as exc:
        raise os_error(exc, path) from None


def _is_table(path: Path) -> bool:
    """Does a ``.txt`` hold a table with a code and a score column (Excel's "Unicode Text", a TSV),
    rather than text pasted from the ITAS pages?"""
    rows, _ = _csv_rows(path)
    try:
        for n, row in enumerate(rows):
            cols = _header_cols(row)
            if "code" in cols and "score" in cols:
                return True
            if n >= HEADER_SEARCH_ROWS:
                break
    except InputError:
        return False
    finally:
        rows.close()
    return False


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
        _check_size(path)
        if not _is_table(path):
            yield parse_pasted(_read_text(path), year, source=str(path), frameworks=frameworks)
            return
    rows, delimiter = _rows(path, sheet)
    cols, rows, header_row, width = _header(path, rows)
    if delimiter is None:
        width = None  # spreadsheet rows are as wide as the sheet: no field can be split off
    if "org_id" in cols or "org_name" in cols:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            rows = list(rows)  # already in memory (the sheet was read whole): scanned in place
            scan = scan or _scan(rows, cols)
        elif scan is None:
            scan = scan_long(path, sheet)
        yield from _long(path, cols, rows, year, errors, width, scan, frameworks)
        return
    if delimiter is not None:
        rows = _width_checked(path, rows, width, delimiter)
    if year is None:
        raise InputError(
            str(path), "ไฟล์คะแนนหน่วยงานเดียวต้องระบุปีที่ประเมิน (--year)",
            "a one-agency score file needs the assessment year (--year)",
        )
    b = _Builder(path, normalize_year(year, "--year", frameworks=frameworks), Org(name=""), header_row + 1,
                 frameworks=frameworks)
    for row in rows:
        row.cols = cols
        key, value = row.get("code"), row.get("score")
        if _blank(key) and _blank(value):
            continue
        if _is_level(key):
            b.add_level(row, value)
            continue
        b.add(row, key, value)
    yield b.done()


# ------------------------------------------------------------------------------------- long files


@dataclass
class LongScan:
    """What one cheap pass over a long file tells: how many agencies, and for each agency whose
    rows are not together, the row number of its last row (its rows are gathered until then)."""

    count: int = 0
    split_last: dict[str, int] = field(default_factory=dict)


def _org_key(raw_id: object, name: object) -> str:
    org_id = "" if _blank(raw_id) else str(raw_id).strip()
    if isinstance(raw_id, float) and float(org_id).is_integer():
        org_id = str(int(float(org_id)))
    return org_id or ("" if _blank(name) else str(name).strip())


def _scan(rows: Iterable[_Row], cols: dict[str, int]) -> LongScan:
    return _scan_cells(((row.no, row.cells, None) for row in rows), cols)


def _scan_cells(rows: Iterable[tuple[int, list, object]], cols: dict[str, int]) -> LongScan:
    far = 1 << 30
    i_id, i_name = cols.get("org_id", far), cols.get("org_name", far)
    last: dict[str, int] = {}
    split: set[str] = set()
    current = None
    for no, cells, _ in rows:  # (row, fields, damage) as csv_records gives them
        n = len(cells)
        raw_id = cells[i_id] if i_id < n else None
        if raw_id.__class__ is str and raw_id and raw_id == current:  # the common case: same agency
            last[current] = no
            continue
        key = _org_key(raw_id, cells[i_name] if i_name < n else None)
        if not key:
            continue
        if key != current:
            if key in last:
                split.add(key)
            current = key
        last[key] = no
    return LongScan(len(last), {k: last[k] for k in split})


def scan_long(path: str | Path, sheet: str | None = None) -> LongScan:
    """:class:`LongScan` of a long score file (one streaming pass; InputError as the reader's)."""
    path = Path(path)
    if path.suffix.lower() in TABLE_SUFFIXES and path.exists():
        _check_size(path)
        return _scan_csv(path)
    rows, _ = _rows(path, sheet)
    cols, rows, _, _ = _header(path, rows)
    return _scan(rows, cols)


def _scan_csv(path: Path) -> LongScan:
    """:func:`_scan` on bare csv records (no row objects: this pass is on the batch's critical path);
    the record numbers are those of :func:`_records`."""
    enc = _encoding(path)
    try:
        fh = path.open(encoding=enc, errors="replace", newline="")
    except OSError as exc:
        raise os_error(exc, path) from None
    with fh:
        records = csv_records(str(path), fh, csv_dialect(fh))
        cols: dict[str, int] = {}
        for no, cells, _ in records:
            cols = _header_cols(_Row(no, cells))
            if ("code" in cols and "score" in cols) or no >= HEADER_SEARCH_ROWS:
                break
        if "org_id" not in cols and "org_name" not in cols:
            return LongScan(1)
        return _scan_cells(records, cols)


_CONTROL_CHARS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: object) -> str:
    """A text cell, stripped, without the control characters XML cannot hold (NUL aside: a NUL is
    a damaged file, reported).

    >>> clean_text("  ลำปาง\x0b "), clean_text(None)
    ('ลำปาง', '')
    """
    if _blank(value):
        return ""
    text = str(value).strip()
    return _CONTROL_CHARS.sub("", text).strip() if _CONTROL_CHARS.search(text) else text


def _long(
    path: Path, cols: dict[str, int], rows: Iterable[_Row], year: int | None, errors: list | None,
    width: int | None, scan: LongScan, frameworks: Frameworks = KNOWN,
) -> Iterator[AgencyScores]:
    src = str(path)
    split_last = scan.split_last
    b: _Builder | None = None
    current: tuple | None = None
    waiting: dict[tuple, _Builder] = {}  # agencies whose rows are not together, until their last row
    done: dict[tuple, int] = {}  # finished agency -> its first row
    # A damaged row whose agency cannot be trusted (no org_id, a delimiter lost or added before the
    # code column, a NUL in the id) fails the agency it follows and the one that starts after it:
    # in a file sorted by agency it belongs to one of them, and neither may be written without it.
    suspect: InputError | None = None
    suspect_placed = False
    any_agency = False

    def fail(builder: _Builder | None, exc: InputError) -> None:
        if errors is None:
            raise exc
        if builder is None:
            errors.append((Org(name=""), exc))
        elif builder.failed is None:
            builder.failed = exc

    bad_orgs: dict[str, InputError] = {}  # an agency with a row of a bad year: which year it was, unknown

    def finish(builder: _Builder) -> Iterator[AgencyScores]:
        if builder.failed is None and builder.okey in bad_orgs:
            builder.failed = bad_orgs[builder.okey]
        if builder.failed is not None:
            errors.append((builder.org, builder.failed))
            return
        try:
            yield builder.done()
        except InputError as exc:
            if errors is None:
                raise
            errors.append((builder.org, exc))

    last_year: list = [object(), None]  # (raw year cell, its year or its InputError) of the previous row
    far = 1 << 30  # the index of an absent column: never in a row
    i_code, i_score, i_id, i_name = (cols.get(k, far) for k in ("code", "score", "org_id", "org_name"))
    check_width = width is not None
    levels: dict[object, bool] = {}  # code cell -> is it the level row (codes repeat agency after agency)
    for row in rows:
        row.cols = cols
        cells = row.cells
        n = len(cells)  # as _Row.get: a cell past the row's end is None
        key = cells[i_code] if i_code < n else None
        value = cells[i_score] if i_score < n else None
        raw_id = cells[i_id] if i_id < n else None
        name = cells[i_name] if i_name < n else None
        org_id = "" if _blank(raw_id) else str(raw_id).strip()
        if isinstance(raw_id, float) and float(org_id).is_integer():
            org_id = str(int(float(org_id)))
        name = "" if _blank(name) else str(name).strip()
        if _blank(key) and _blank(value) and not org_id and not name:
            continue
        damage = None
        if not org_id and not name:
            damage = InputError(src, "ไม่ได้ระบุรหัสหรือชื่อหน่วยงาน", "no org_id or org_name", **row.where("org_id"))
        elif check_width and n != width and row.damage is None:
            damage = _width_error(src, row, n, width, cells)
            if damage is not None and n > width and org_id and i_code < n and row_key(key) is not None:
                damage = None  # the fields up to the code are whole (a decimal comma in the score): its agency's
        elif "\x00" in (org_id or name) or '"' in org_id:
            damage = InputError(
                src, "รหัสหน่วยงานมีอักขระ NUL หรือเครื่องหมายคำพูด (ไฟล์เสียหาย)",
                "the org_id holds a NUL character or a quote (a damaged file)", **row.where("org_id"),
            )
        if damage is not None:
            if errors is None:
                raise damage
            if b is not None:
                fail(b, damage)
            suspect, suspect_placed = damage, b is not None
            continue
        raw_year = row.get("year")
        if raw_year != last_year[0] or raw_year.__class__ is not last_year[0].__class__:
            try:
                y = _year_of(path, row, raw_year, year, frameworks)
            except InputError as exc:
                if errors is None:
                    raise
                y = exc
            last_year[:] = [raw_year, y]  # the same on every row, mostly
        y = last_year[1]
        okey = org_id or name
        if y.__class__ is int:
            k = (okey, y)
        else:  # a bad year: the agency fails, whichever of its years the row was meant for
            bad_orgs.setdefault(okey, y)
            if b is not None and current[0] == okey:
                fail(b, y)
                suspect = None
                continue
            k = (okey, "?")
        if k != current:
            if b is not None:
                if current[0] in split_last and split_last[current[0]] > row.no:
                    waiting[current] = b  # more of its rows come later: gathered
                else:
                    yield from finish(b)
                    done[current] = b.first_row
            if waiting:
                for wk in [wk for wk in waiting if split_last[wk[0]] < row.no]:
                    wb = waiting.pop(wk)
                    yield from finish(wb)
                    done[wk] = wb.first_row
            any_agency = True
            if k in waiting:
                b = waiting.pop(k)
            else:
                org = Org(
                    name=clean_text(name), id=clean_text(org_id),
                    org_type=clean_text(row.get("org_type")),
                    province=clean_text(row.get("province")),
                    district=clean_text(row.get("district")),
                )
                problem = y if isinstance(y, InputError) else suspect
                if problem is None and any("\x00" in t for t in (name, org_id, org.org_type, org.province, org.district)):
                    problem = InputError(
                        src, "ชื่อหรือรหัสหน่วยงานมีอักขระ NUL (ไฟล์เสียหาย)",
                        "the agency's name or id holds a NUL character (a damaged file)", **row.where("org_name"),
                    )
                    if errors is None:
                        raise problem
                if k in done:  # only when ``scan`` was wrong about this file
                    problem = InputError(
                        src,
                        f"แถวของหน่วยงาน {name or org_id} ไม่อยู่ติดกัน (เริ่มที่แถว {done[k]}) โปรดเรียงไฟล์ตาม org_id",
                        f"rows of agency {name or org_id!r} are not together (it started at row {done[k]}); "
                        "sort the file by org_id",
                        **row.where("org_id"),
                    )
                    if errors is None:
                        raise problem
                b = _Builder(path, None if problem else y, org, row.no, problem, frameworks)
                b.okey = okey
            if suspect is not None and b.failed is None:
                b.failed = suspect
            current = k
        suspect = None
        if b.failed is not None:
            continue
        if row.damage is not None:
            fail(b, row.damage)
            continue
        if name and name != b.org.name and b.org.name and clean_text(name) != b.org.name:
            fail(b, InputError(
                src, f"รหัสหน่วยงาน {org_id} ใช้กับสองชื่อ ({b.org.name} / {name})",
                f"org_id {org_id} has two names ({b.org.name!r} / {name!r})", **row.where("org_name"),
            ))
            continue
        if check_width and n > width:
            damage = _width_error(src, row, n, width, cells)
            if damage is not None:
                fail(b, damage)
                continue
        try:
            level = levels.get(key) if key.__class__ is str else None
            if level is None:
                level = _is_level(key)
                if key.__class__ is str and len(levels) < 10_000:
                    levels[key] = level
            if level:
                b.add_level(row, value)
            else:
                b.add(row, key, value)
        except InputError as exc:
            fail(b, exc)
    if suspect is not None and not suspect_placed:
        fail(None, suspect)
    if b is None:
        if any_agency or (errors is not None and errors):
            return
        raise InputError(src, "ไฟล์ไม่มีข้อมูลคะแนน", "the file holds no scores")
    for wk, wb in list(waiting.items()):
        if wk != current:
            yield from finish(wb)
    yield from finish(b)


def _width_error(src: str, row: _Row, n: int, width: int, cells: list) -> InputError | None:
    """A CSV row with fewer fields than the header, or with more that are not blank."""
    if n < width:
        return InputError(
            src, f"แถวนี้มีเพียง {n} ช่อง หัวตารางมี {width} ช่อง (ตัวคั่นหายไป?)",
            f"the row has {n} fields, the header {width} (a delimiter lost?)", row=row.no,
        )
    if n > width and any(c.strip() for c in cells[width:]):
        return InputError(
            src,
            f"แถวนี้มี {n} ช่อง มากกว่าหัวตาราง ({width} ช่อง) ทศนิยมที่ใช้จุลภาคต้องอยู่ในเครื่องหมายคำพูด"
            ' "98,90" หรือใช้จุด 98.90',
            f'the row has {n} fields, the header {width} (a decimal comma must be quoted, "98,90", '
            "or written with a dot, 98.90)",
            row=row.no,
        )
    return None


def read_scores(path: str | Path, year: int | None = None, sheet: str | None = None,
                frameworks: Frameworks = KNOWN) -> list[AgencyScores]:
    """All agencies of a score file (see :func:`iter_scores`); pasted text for a ``.txt`` without a header."""
    return list(iter_scores(path, year, sheet, frameworks=frameworks))


_PASTE_LINE = re.compile(
    r"^\s*(?P<key>(?:ข้อ(?:ที่)?\s*)?[iIeEoO]\s*\.?\s*[0-9๐-๙]{1,3}|ตัวชี้วัดที่\s*[0-9๐-๙]{1,2})\b"
)
_PASTE_NUMBER = re.compile(r"(?<![\w.])([0-9๐-๙]{1,3}(?:[.,][0-9๐-๙]+)?)\s*%?\s*$")


def parse_pasted(text: str, year: int | None, source: str = "<pasted>", frameworks: Frameworks = KNOWN) -> AgencyScores:
    """Scores from text copied off an ITAS result page: per line a code, its text, and the score last.

    >>> r = parse_pasted("i1 หน่วยงานปฏิบัติงาน...\\t100.00\\nข้อ e๑๔ การเปิดเผยข้อมูล ๙๕.๕๐\\n", 2566)
    >>> r.scores.questions
    {'i1': 100.0, 'e14': 95.5}
    """
    if year is None:
        raise InputError(source, "ข้อความที่วางต้องระบุปีที่ประเมิน (--year)", "pasted text needs the assessment year")
    year = normalize_year(year, "--year" if source != "<pasted>" else source, frameworks=frameworks)
    b = _Builder(Path(source), year, Org(name=""), 1, frameworks=frameworks)
    for no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        m = _PASTE_LINE.match(line)
        if not m:
            continue
        n = _PASTE_NUMBER.search(line[m.end():])
        row = _Row(no, [])
        key = m.group("key")
        if not n:
            raise InputError(source, f"บรรทัดของ {key.strip()} ไม่มีคะแนนท้ายบรรทัด", f"no score at the end of the line for {key.strip()}", row=no)
        code = parse_code(key) if not key.startswith("ตัวชี้วัด") else None
        b.add(row, code or key.replace(" ", ""), n.group(1))
    if not (b.set.questions or b.set.indicators):
        raise InputError(source, "ไม่พบคะแนนในข้อความที่วาง", "no scores found in the pasted text")
    return b.done()
