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
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..core.codes import parse_code, parse_row_key
from ..core.framework import available_years, load, unknown_code_message
from ..core.model import Org, ScoreSet
from ..core.thai import arabic_digits
from ..errors import InputError

# Limits for spreadsheet archives: a real ITA score workbook is well under 5 MB unpacked.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_FILE = 512 * 1024 * 1024

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
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "ไฟล์ว่างเปล่า", "the file is empty")
    if size > MAX_FILE:
        raise InputError(str(path), "ไฟล์ใหญ่เกินกว่าจะเป็นไฟล์คะแนน", f"file too large ({size} bytes)")


def _check_zip(path: Path) -> None:
    """Refuse corrupt archives and zip bombs before any spreadsheet library inflates them."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(
            str(path), "ไฟล์ Excel เสียหายหรือไม่ใช่ไฟล์ .xlsx", f"corrupt or not an .xlsx file ({exc})"
        ) from None
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO and unpacked > 10 * 1024 * 1024:
        raise InputError(
            str(path),
            "ไฟล์ถูกบีบอัดผิดปกติ (อาจเป็น zip bomb) จึงไม่เปิดอ่าน",
            f"refused: archive would inflate to {unpacked} bytes (ratio {unpacked / packed:.0f}:1)",
        )


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), else Thai Windows (TIS-620/cp874), checked in one streaming pass."""
    dec = codecs.getincrementaldecoder("utf-8")()
    enc = "utf-8-sig"
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            if b"\x00" in chunk:
                raise InputError(str(path), "ไฟล์นี้ไม่ใช่ไฟล์ข้อความ CSV", "not a text CSV file (binary content)")
            if enc == "utf-8-sig":
                try:
                    dec.decode(chunk)
                except UnicodeDecodeError:
                    enc = "cp874"
    return enc


def _csv_rows(path: Path) -> Iterator[_Row]:
    """Rows of a CSV, streamed: memory stays flat whatever the size of a national file."""
    enc = _encoding(path)
    with path.open(encoding=enc, errors="replace", newline="") as fh:
        yield from _records(path, fh, csv_dialect(fh))


def csv_dialect(fh) -> type[csv.Dialect] | csv.Dialect:
    """The delimiter of an open CSV (comma, semicolon, tab or bar), sniffed from its start; rewinds."""
    sample = fh.read(4096)
    fh.seek(0)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _records(path: Path, fh, dialect) -> Iterator[_Row]:
    reader = csv.reader(fh, dialect)
    no = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(str(path), f"อ่าน CSV ไม่ได้: {exc}", f"malformed CSV: {exc}", row=reader.line_num) from None
        no += 1
        yield _Row(no, cells)  # the record number = the row Excel shows


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
        raise InputError(str(path), f"ไม่พบชีต {sheet}", f"no sheet named {sheet!r}", sheet=sheet)
    try:
        data = read(sheet)
    except Exception as exc:
        raise InputError(str(path), "อ่านชีตไม่ได้", f"cannot read sheet ({exc})", sheet=sheet) from None
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


def _rows(path: Path, sheet: str | None) -> Iterator[_Row]:
    if not path.exists():
        raise InputError(str(path), "ไม่พบไฟล์", "file not found")
    _check_size(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, sheet)
    if suffix in (".csv", ".tsv"):
        return _csv_rows(path)
    raise InputError(str(path), f"ไม่รู้จักชนิดไฟล์ {suffix}", f"unsupported score file type {suffix!r}")


def _header(path: Path, rows: Iterator[_Row]) -> tuple[dict[str, int], Iterator[_Row], int]:
    """Find the header row (the first non-blank one) and map our column names to positions."""
    for row in rows:
        if all(_blank(c) for c in row.cells):
            continue
        cols: dict[str, int] = {}
        for i, c in enumerate(row.cells):
            name = str(c).strip().lower() if c is not None else ""
            for key, names in _HEADERS.items():
                if name in names and key not in cols:
                    cols[key] = i
        if "code" not in cols or "score" not in cols:
            # header-less two-column file: "i1,100"
            if parse_row_key(row.cells[0]) is not None and len(row.cells) >= 2:
                return {"code": 0, "score": 1}, _chain([row], rows), row.no
            raise InputError(
                str(path),
                "ไม่พบหัวคอลัมน์ code และ score (หรือ ข้อ และ คะแนน)",
                "no header with 'code' and 'score' columns",
                **row.where(),
            )
        return cols, rows, row.no
    raise InputError(str(path), "ไฟล์ไม่มีข้อมูลคะแนน", "the file holds no scores")


def _chain(first: list[_Row], rest: Iterator[_Row]) -> Iterator[_Row]:
    yield from first
    yield from rest


# ---------------------------------------------------------------------------------------- building


class _Builder:
    """Collects one agency's rows into a ScoreSet, validating as it goes."""

    def __init__(self, path: Path, year: int, org: Org, first_row: int):
        self.path, self.org, self.first_row = path, org, first_row
        self.file_name = path.name
        self.set = ScoreSet(year=year)
        self.fw = load(year)

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


def _year_of(path: Path, row: _Row, value: object, default: int | None) -> int:
    if _blank(value):
        if default is None:
            raise InputError(str(path), "ไม่ได้ระบุปีที่ประเมิน", "no assessment year", **row.where("year"))
        return default
    y = parse_score(value)
    if y is None or y != int(y):
        raise InputError(str(path), f"ปี {value!r} ไม่ถูกต้อง", f"year {value!r} is not a year", **row.where("year"))
    y = int(y)
    if y < 2400:  # a CE year
        y += 543
    if y not in available_years():
        raise InputError(
            str(path), f"ไม่มีกรอบการประเมินปี {y} (ระบุกรอบของปีนี้ด้วย --framework โฟลเดอร์ หรือ ITA_XL_FRAMEWORKS)",
            f"no ITA framework for {y} (known: {available_years()}; give one with --framework DIR or ITA_XL_FRAMEWORKS)",
            **row.where("year"),
        )
    return y


def iter_scores(
    path: str | Path, year: int | None = None, sheet: str | None = None, errors: list | None = None
) -> Iterator[AgencyScores]:
    """Agencies in a score file, in the order they appear. Validates everything it reads.

    With ``errors`` (a list), a long file's bad agency is skipped and ``(org, InputError)`` appended,
    so one broken agency does not sink a batch; without it the first problem is raised.
    """
    path = Path(path)
    cols, rows, header_row = _header(path, _rows(path, sheet))
    if "org_id" in cols or "org_name" in cols:
        yield from _long(path, cols, rows, year, errors)
        return
    if year is None:
        raise InputError(
            str(path), "ไฟล์คะแนนหน่วยงานเดียวต้องระบุปีที่ประเมิน (--year)",
            "a one-agency score file needs the assessment year (--year)",
        )
    b = _Builder(path, _year_of(path, _Row(header_row, []), year, None), Org(name=""), header_row + 1)
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


def _long(
    path: Path, cols: dict[str, int], rows: Iterable[_Row], year: int | None, errors: list | None
) -> Iterator[AgencyScores]:
    b: _Builder | None = None
    failed: InputError | None = None

    def finish(builder: _Builder) -> Iterator[AgencyScores]:
        if failed is not None:
            errors.append((builder.org, failed))
            return
        try:
            yield builder.done()
        except InputError as exc:
            if errors is None:
                raise
            errors.append((builder.org, exc))

    current: tuple[str, int] | None = None
    done: dict[tuple[str, int], int] = {}  # finished agency -> its first row
    last_year: list = [object(), None]  # (raw year cell, its year) of the previous row
    far = 1 << 30  # the index of an absent column: never in a row
    i_code, i_score, i_id, i_name = (cols.get(k, far) for k in ("code", "score", "org_id", "org_name"))
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
        if not org_id and not name:
            raise InputError(str(path), "ไม่ได้ระบุรหัสหรือชื่อหน่วยงาน", "no org_id or org_name", **row.where("org_id"))
        raw_year = row.get("year")
        if raw_year != last_year[0] or raw_year.__class__ is not last_year[0].__class__:
            last_year[:] = [raw_year, _year_of(path, row, raw_year, year)]  # the same on every row, mostly
        y = last_year[1]
        k = (org_id or name, y)
        if k != current:
            if k in done:
                raise InputError(
                    str(path),
                    f"แถวของหน่วยงาน {name or org_id} ไม่อยู่ติดกัน (เริ่มที่แถว {done[k]}) โปรดเรียงไฟล์ตาม org_id",
                    f"rows of agency {name or org_id!r} are not together (it started at row {done[k]}); "
                    "sort the file by org_id",
                    **row.where("org_id"),
                )
            if b is not None:
                yield from finish(b)
                done[current] = b.first_row
            failed = None
            org = Org(
                name=name, id=org_id,
                org_type=str(row.get("org_type") or "").strip(),
                province=str(row.get("province") or "").strip(),
                district=str(row.get("district") or "").strip(),
            )
            b = _Builder(path, y, org, row.no)
            current = k
        elif name and b.org.name and name != b.org.name:
            raise InputError(
                str(path), f"รหัสหน่วยงาน {org_id} ใช้กับสองชื่อ ({b.org.name} / {name})",
                f"org_id {org_id} has two names ({b.org.name!r} / {name!r})", **row.where("org_name"),
            )
        if failed is not None:
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
            if errors is None:
                raise
            failed = exc
    if b is None:
        raise InputError(str(path), "ไฟล์ไม่มีข้อมูลคะแนน", "the file holds no scores")
    yield from finish(b)


def read_scores(path: str | Path, year: int | None = None, sheet: str | None = None) -> list[AgencyScores]:
    """All agencies of a score file (see :func:`iter_scores`); pasted text for ``.txt``."""
    path = Path(path)
    if path.suffix.lower() == ".txt":
        if not path.exists():
            raise InputError(str(path), "ไม่พบไฟล์", "file not found")
        _check_size(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            text = path.read_bytes().decode("cp874", errors="replace")
        return [parse_pasted(text, year, source=str(path))]
    return list(iter_scores(path, year, sheet))


_PASTE_LINE = re.compile(
    r"^\s*(?P<key>(?:ข้อ(?:ที่)?\s*)?[iIeEoO]\s*\.?\s*[0-9๐-๙]{1,3}|ตัวชี้วัดที่\s*[0-9๐-๙]{1,2})\b"
)
_PASTE_NUMBER = re.compile(r"(?<![\w.])([0-9๐-๙]{1,3}(?:[.,][0-9๐-๙]+)?)\s*%?\s*$")


def parse_pasted(text: str, year: int | None, source: str = "<pasted>") -> AgencyScores:
    """Scores from text copied off an ITAS result page: per line a code, its text, and the score last.

    >>> r = parse_pasted("i1 หน่วยงานปฏิบัติงาน...\\t100.00\\nข้อ e๑๔ การเปิดเผยข้อมูล ๙๕.๕๐\\n", 2566)
    >>> r.scores.questions
    {'i1': 100.0, 'e14': 95.5}
    """
    if year is None:
        raise InputError(source, "ข้อความที่วางต้องระบุปีที่ประเมิน (--year)", "pasted text needs the assessment year")
    b = _Builder(Path(source), year, Org(name=""), 1)
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
