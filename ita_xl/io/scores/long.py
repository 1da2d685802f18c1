"""Long score files, ``org_id,org_name,org_type,year,code,score`` (``province``, ``district``): any
number of agencies, read as a stream.

:func:`scan_long` makes one cheap pass first: how many agencies, and where the last row of each
agency whose rows are not together is. :func:`long_agencies` then reads the rows once, gathering
such an agency until its last row, and yields every agency as soon as it is whole. With ``errors``
(a list) a bad agency is set aside with its first problem and the others go on; a damaged row
whose agency cannot be trusted fails the agency it follows and the one that starts after it.

A national CSV is read in the batch's main process, so both passes have a fast path for the common
row, each falling back to the careful one for anything else (:data:`FAST_ROWS` and
:data:`.text.FAST_LINES` off: careful only):
the scan reads a plain file as bytes (:func:`_scan_plain`), and the stream takes a row that repeats
the agency and year cells of the row before without making a Row (``_LongStream._plain_rows``).
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from ita_xl.core.framework import Framework
from ita_xl.core.model import Org
from ita_xl.errors import InputError
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.io.scores.builder import AgencyScores, Builder, is_level, normalize_year, row_key
from ita_xl.io.scores.table import (
    TABLE_SUFFIXES, CsvRows, Row, blank, clean_text, file_rows, find_header, header_cols, is_header,
)
from ita_xl.io.scores.text import HEADER_SEARCH_ROWS, check_size, csv_dialect, csv_records, encoding_of, open_text

_FAR = 1 << 30  # the index of an absent column: never in a row
FAST_ROWS = True  # a CSV's plain rows are read without a Row: see _LongStream._plain_rows

# ---------------------------------------------------------------------------------------- the scan


@dataclass
class LongScan:
    """What one cheap pass over a long file tells: how many agencies, and for each agency whose
    rows are not together, the row number of its last row (its rows are gathered until then)."""

    count: int = 0
    split_last: dict[str, int] = field(default_factory=dict)
    # the text encoding of the CSV scanned, as encoding_of found it: its rows are read so (not checked twice)
    encoding: str | None = field(default=None, compare=False, repr=False)


def org_key(raw_id: object, name: object) -> str:
    """An agency's key: its org_id as written (``1001.0`` from a sheet is ``1001``), else its name.

    >>> org_key(1001.0, "x"), org_key(" 0042 ", "x"), org_key(None, " อบต. บ้านกลาง ")
    ('1001', '0042', 'อบต. บ้านกลาง')
    """
    org_id = _org_id(raw_id)
    return org_id or ("" if blank(name) else str(name).strip())


def _org_id(raw_id: object) -> str:
    org_id = "" if blank(raw_id) else str(raw_id).strip()
    if isinstance(raw_id, float) and float(org_id).is_integer():
        org_id = str(int(float(org_id)))
    return org_id


def scan_rows(rows: Iterable[Row], cols: dict[str, int]) -> LongScan:
    """:class:`LongScan` of rows already read (a sheet, read whole)."""
    return _scan_cells(((row.no, row.cells, None) for row in rows), cols)


def _scan_cells(rows: Iterable[tuple[int, list, object]], cols: dict[str, int]) -> LongScan:
    i_id, i_name = cols.get("org_id", _FAR), cols.get("org_name", _FAR)
    last: dict[str, int] = {}
    split: set[str] = set()
    current = None
    for no, cells, _ in rows:  # (row, fields, damage) as csv_records gives them
        n = len(cells)
        raw_id = cells[i_id] if i_id < n else None
        if raw_id.__class__ is str and raw_id and raw_id == current:  # the common case: same agency
            last[current] = no
            continue
        key = org_key(raw_id, cells[i_name] if i_name < n else None)
        if key:
            current = _met(key, no, current, last, split)
    return LongScan(len(last), {k: last[k] for k in split})


def _met(key: str, no: int, current: str | None, last: dict[str, int], split: set[str]) -> str:
    """Row ``no`` is agency ``key``'s, ``current`` the agency of the row before: an agency met
    again after another's rows is split. Returns the agency now current."""
    if key != current and key in last:
        split.add(key)
    last[key] = no
    return key


def scan_long(path: str | Path, sheet: str | None = None, encoding: str | None = None) -> LongScan:
    """:class:`LongScan` of a long score file (one streaming pass; InputError as the reader's);
    ``encoding``: a CSV's, as :func:`~ita_xl.io.scores.text.encoding_of` found it already."""
    path = Path(path)
    if path.suffix.lower() in TABLE_SUFFIXES and path.exists():
        check_size(path)
        return _scan_csv(path, encoding)
    rows, _ = file_rows(path, sheet)
    cols, rows, _, _ = find_header(path, rows)
    return scan_rows(rows, cols)


def _scan_csv(path: Path, encoding: str | None = None) -> LongScan:
    """:func:`scan_rows` on bare csv records (no row objects: this pass is on the batch's critical
    path); the record numbers are those of :func:`~ita_xl.io.scores.table.csv_rows`."""
    encoding = encoding or encoding_of(path)
    with open_text(path, encoding) as fh:
        dialect = csv_dialect(fh, is_header)
        records = csv_records(str(path), fh, dialect)
        cols: dict[str, int] = {}
        for no, cells, _ in records:
            cols = header_cols(cells)
            if ("code" in cols and "score" in cols) or no >= HEADER_SEARCH_ROWS:
                break
        if "org_id" not in cols and "org_name" not in cols:
            scan = LongScan(1)
        else:
            scan = _scan_plain(path, encoding, dialect.delimiter, cols, no) if cols.get("org_id") == 0 else None
            if scan is None:
                scan = _scan_cells(records, cols)
        scan.encoding = encoding
        return scan


_BLOCK = 1 << 16  # less than csv's field limit: a block's lines need no measuring
_LONE_CR = re.compile(rb"\r(?!\n|\Z)")  # a \r that is not a line's \r\n (at a block's end: its \n may come next)
_BYTES_OF = {"utf-8-sig": "utf-8", "cp874": "cp874"}  # encodings whose delimiters, quotes and line ends are ASCII bytes


def _scan_plain(path: Path, encoding: str, delimiter: str, cols: dict[str, int], header_no: int) -> LongScan | None:
    """:func:`_scan_cells` of a plain file, read as bytes: no quote anywhere and no line break but
    the lines' ends (each line a record, split at the delimiter, as csv_records gives it), UTF-8 or
    cp874 (a delimiter, a quote or a line end is one ASCII byte there, never inside a character),
    ``org_id`` its first column. A row whose bytes start with the org_id cell and delimiter of the
    row before is that agency's, undecoded; any other row is decoded and keyed as _scan_cells does.
    None when the file is not plain (or :data:`FAST_ROWS` is off): csv_records then reads it."""
    enc = _BYTES_OF.get(encoding)
    if enc is None or not FAST_ROWS:
        return None
    i_name = cols.get("org_name", _FAR)
    sep = delimiter.encode("ascii")
    limit = csv.field_size_limit() - 2  # a longer line: csv, which refuses a field over the limit
    last: dict[str, int] = {}
    split: set[str] = set()
    current = None
    # a row of the current agency starts so (its org_id cell, the delimiter): such rows are only
    # counted, and the last of them is the agency's last row so far
    same: bytes | None = None
    no = 0  # the rows before this block's
    skip = header_no  # the header and the rows above it: read already
    try:
        fh = path.open("rb")
    except OSError:
        return None
    with fh:
        data = fh.read(_BLOCK)
        if encoding == "utf-8-sig" and data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        rest: bytes | None = b""  # the block's last line, not yet whole
        while rest is not None:
            if data:
                data = rest + data
                if b'"' in data:
                    return None
                if _LONE_CR.search(data):
                    return None
                lines = data.split(b"\n")
                rest = lines.pop()
            else:  # the file's end: its last line, if it has no line end
                lines, rest, data = [rest] if rest else [], None, rest
            if len(data) >= limit and any(len(line) >= limit for line in lines):
                return None
            if skip:
                no, skip, lines = no + min(skip, len(lines)), max(0, skip - len(lines)), lines[skip:]
            first = no + 1
            for no, line in enumerate(lines, first):  # after the loop, no: the rows read so far
                if same is not None:
                    if line.startswith(same):
                        continue
                    last[current] = no - 1
                text = line.decode(enc, "replace")
                text = text[:-1] if text[-1:] == "\r" else text
                cells = text.split(delimiter) if text else []
                n = len(cells)
                raw_id = cells[0] if n else None
                key = org_key(raw_id, cells[i_name] if i_name < n else None)
                same = None
                if not key:
                    continue
                current = _met(key, no, current, last, split)
                if not blank(raw_id) and n > 1:
                    same = line[: line.index(sep) + 1]
            if rest is not None:
                data = fh.read(_BLOCK)
    if same is not None:
        last[current] = no
    return LongScan(len(last), {k: last[k] for k in split})


# ---------------------------------------------------------------------------------------- the stream


def long_agencies(
    path: Path, cols: dict[str, int], rows: Iterable[Row], year: int | None, errors: list | None,
    width: int | None, scan: LongScan, frameworks: Frameworks = KNOWN,
) -> Iterator[AgencyScores]:
    """The agencies of a long file's rows (after its header), each as soon as it is whole.

    ``year``: for rows whose year cell is blank; ``width``: the header's field count for delimited
    text (a row of another width lost or gained a delimiter), ``None`` for a sheet; ``errors``: see
    :func:`~ita_xl.io.scores.read.iter_scores`.
    """
    return _LongStream(path, cols, year, errors, width, scan, frameworks).agencies(rows)


class _LongStream:
    """One pass over a long file: the agency being read, those waiting for their last row, those
    done, and a damaged row's problem not yet placed with an agency."""

    def __init__(
        self, path: Path, cols: dict[str, int], year: int | None, errors: list | None, width: int | None,
        scan: LongScan, frameworks: Frameworks = KNOWN,
    ):
        self.frameworks = frameworks
        self.path, self.src, self.cols, self.year, self.errors, self.width = path, str(path), cols, year, errors, width
        self.split_last = scan.split_last
        self.i_code = cols.get("code", _FAR)
        self.b: Builder | None = None  # the agency being read
        self.current: tuple | None = None  # its (key, year)
        self.waiting: dict[tuple, Builder] = {}  # agencies whose rows are not together, until their last row
        self.done: dict[tuple, int] = {}  # finished agency -> its first row
        # A damaged row whose agency cannot be trusted (no org_id, a delimiter lost or added before the
        # code column, a NUL in the id) fails the agency it follows and the one that starts after it:
        # in a file sorted by agency it belongs to one of them, and neither may be written without it.
        self.suspect: InputError | None = None
        self.suspect_placed = False
        self.any_agency = False
        self.bad_orgs: dict[str, InputError] = {}  # an agency with a row of a bad year: which year it was, unknown
        self.last_year: list = [object(), None]  # (raw year cell, its year or its InputError) of the previous row
        self.levels: dict[object, bool] = {}  # code cell -> is it the level row (codes repeat agency after agency)
        self.fws: dict[int, tuple[Framework, dict[str, str]]] = {}  # year -> its framework, its Builder.codes
        # The cells naming the agency and year (org_id, org_name, year) of the row before, when it was
        # plain (see _plain_rows); None after any other row.
        self.plain: object = None

    def agencies(self, rows: Iterable[Row]) -> Iterator[AgencyScores]:
        cols = self.cols
        i_code, i_score, i_id, i_name = (cols.get(k, _FAR) for k in ("code", "score", "org_id", "org_name"))
        last_year = self.last_year
        width = self.width
        plain_of = None  # the cells that make a CSV row "plain" when the row before is: see _plain_rows
        if isinstance(rows, CsvRows) and FAST_ROWS and width is not None:
            at = [i for i in (i_id, i_name, cols.get("year", _FAR)) if i < width]
            if at and i_code < width and i_score < width:
                plain_of = itemgetter(*at)
                rows = self._plain_rows(rows.records, plain_of, i_code, i_score)
        for row in rows:
            self.plain = None
            row.cols = cols
            cells = row.cells
            n = len(cells)  # as Row.get: a cell past the row's end is None
            key = cells[i_code] if i_code < n else None
            value = cells[i_score] if i_score < n else None
            raw_id = cells[i_id] if i_id < n else None
            name = cells[i_name] if i_name < n else None
            org_id = "" if blank(raw_id) else str(raw_id).strip()  # _org_id, inline: the hot loop
            if isinstance(raw_id, float) and float(org_id).is_integer():
                org_id = str(int(float(org_id)))
            name = "" if blank(name) else str(name).strip()
            if blank(key) and blank(value) and not org_id and not name:
                continue
            damage = self._untrusted(row, n, key, org_id, name)
            if damage is not None:
                self._set_aside(damage)
                continue
            raw_year = row.get("year")
            if raw_year == last_year[0] and raw_year.__class__ is last_year[0].__class__:
                y = last_year[1]  # the same year as the row before, mostly
            else:
                y = self._year(row, raw_year)
            okey = org_id or name
            if y.__class__ is int:
                k = (okey, y)
            else:  # a bad year: the agency fails, whichever of its years the row was meant for
                self.bad_orgs.setdefault(okey, y)
                if self.b is not None and self.current[0] == okey:
                    self._fail(self.b, y)
                    self.suspect = None
                    continue
                k = (okey, "?")
            if k != self.current:
                yield from self._next_agency(k, row, y, org_id, name)
            self.suspect = None
            self._add(row, n, key, value, org_id, name)
            if plain_of is not None and n == width and row.damage is None and y.__class__ is int:
                self.plain = plain_of(cells)
        yield from self._end()

    def _plain_rows(
        self, records: Iterator[tuple[int, list, InputError | None]], plain_of, i_code: int, i_score: int,
    ) -> Iterator[Row]:
        """The rows of a CSV for :meth:`agencies`, less the plain ones, read here: a row as wide as
        the header, undamaged, whose org_id, org_name and year cells are those of the row before,
        which :meth:`agencies` read whole without a problem of its own. Such a row meets every check
        as that row did (the same agency, year, and cells naming them), so only its code and score
        are new: :meth:`Builder.add_plain` takes them in the common case, else the row goes on to
        :meth:`agencies` like any other. None of this happens with :data:`FAST_ROWS` off."""
        width = self.width
        plain = add = None  # self.plain, and self.b's add_plain (None once it failed): as the row before left them
        for no, cells, damage in records:
            if (plain is not None and damage is None and len(cells) == width and plain_of(cells) == plain
                    and (add is None or add(no, cells[i_code], cells[i_score]))):
                continue  # taken (a failed agency ignores its rows: _add)
            yield Row(no, cells, damage=damage)
            plain, b = self.plain, self.b  # only agencies() changes them, for the row just given it
            add = b.add_plain if b is not None and b.failed is None else None

    # -- the steps, in the order a row meets them

    def _untrusted(self, row: Row, n: int, key: object, org_id: str, name: str) -> InputError | None:
        """The damage of a row whose agency cannot be trusted (no id or name, a delimiter lost or
        added before the code, a NUL or a quote in the id), or None."""
        if not org_id and not name:
            return InputError(self.src, "ไม่ได้ระบุรหัสหรือชื่อหน่วยงาน", "no org_id or org_name", **row.where("org_id"))
        width = self.width
        if width is not None and n != width and row.damage is None:
            damage = _width_error(self.src, row, n, width, row.cells)
            if damage is not None and n > width and org_id and self.i_code < n and row_key(key) is not None:
                return None  # the fields up to the code are whole (a decimal comma in the score): its agency's
            return damage
        if "\x00" in (org_id or name) or '"' in org_id:
            return InputError(
                self.src, "รหัสหน่วยงานมีอักขระ NUL หรือเครื่องหมายคำพูด (ไฟล์เสียหาย)",
                "the org_id holds a NUL character or a quote (a damaged file)", **row.where("org_id"),
            )
        return None

    def _set_aside(self, damage: InputError) -> None:
        """A row that belongs to no agency for sure: it fails the agency being read and the next one."""
        if self.errors is None:
            raise damage
        if self.b is not None:
            self._fail(self.b, damage)
        self.suspect, self.suspect_placed = damage, self.b is not None

    def _year(self, row: Row, raw_year: object) -> int | InputError:
        """The row's year, or its InputError when the stream goes on past bad agencies; kept for
        the rows after it with the same year cell."""
        try:
            y = _year_of(self.path, row, raw_year, self.year, self.frameworks)
        except InputError as exc:
            if self.errors is None:
                raise
            y = exc
        self.last_year[:] = [raw_year, y]
        return y

    def _next_agency(self, k: tuple, row: Row, y: int | InputError, org_id: str, name: str) -> Iterator[AgencyScores]:
        """A row of another agency: the one being read is finished (or waits for its last row), so
        are those waiting whose last row is behind, and the row's agency is opened or taken up again."""
        waiting, split_last, b = self.waiting, self.split_last, self.b
        if b is not None:
            current = self.current
            if current[0] in split_last and split_last[current[0]] > row.no:
                waiting[current] = b  # more of its rows come later: gathered
            else:
                yield from self._finish(b)
                self.done[current] = b.first_row
        if waiting:
            for wk in [wk for wk in waiting if split_last[wk[0]] < row.no]:
                wb = waiting.pop(wk)
                yield from self._finish(wb)
                self.done[wk] = wb.first_row
        self.any_agency = True
        b = waiting.pop(k) if k in waiting else self._open(k, row, y, org_id, name)
        if self.suspect is not None and b.failed is None:
            b.failed = self.suspect
        self.b, self.current = b, k

    def _open(self, k: tuple, row: Row, y: int | InputError, org_id: str, name: str) -> Builder:
        """A new agency from its first row, failed from the start by a bad year, a damaged row just
        before it, a NUL in its name, or rows that are not together after all."""
        src = self.src
        org = Org(
            name=clean_text(name), id=clean_text(org_id),
            org_type=clean_text(row.get("org_type")),
            province=clean_text(row.get("province")),
            district=clean_text(row.get("district")),
        )
        problem = y if isinstance(y, InputError) else self.suspect
        if problem is None and any("\x00" in t for t in (name, org_id, org.org_type, org.province, org.district)):
            problem = InputError(
                src, "ชื่อหรือรหัสหน่วยงานมีอักขระ NUL (ไฟล์เสียหาย)",
                "the agency's name or id holds a NUL character (a damaged file)", **row.where("org_name"),
            )
            if self.errors is None:
                raise problem
        if k in self.done:  # only when ``scan`` was wrong about this file
            problem = InputError(
                src,
                f"แถวของหน่วยงาน {name or org_id} ไม่อยู่ติดกัน (เริ่มที่แถว {self.done[k]}) โปรดเรียงไฟล์ตาม org_id",
                f"rows of agency {name or org_id!r} are not together (it started at row {self.done[k]}); "
                "sort the file by org_id",
                **row.where("org_id"),
            )
            if self.errors is None:
                raise problem
        year = None if problem else y
        fw, codes = self._framework(year) if year is not None else (None, None)
        b = Builder(self.path, year, org, row.no, problem, self.frameworks, fw)
        b.okey, b.codes = k[0], codes
        return b

    def _framework(self, year: int) -> tuple[Framework, dict[str, str]]:
        """The framework of a year, loaded once per file, and the code cells known to be its questions."""
        hit = self.fws.get(year)
        if hit is None:
            hit = self.fws[year] = (self.frameworks.load(year), {})
        return hit

    def _add(self, row: Row, n: int, key: object, value: object, org_id: str, name: str) -> None:
        """The row into its agency, unless the agency failed already; a problem fails the agency."""
        b = self.b
        if b.failed is not None:
            return
        if row.damage is not None:
            self._fail(b, row.damage)
            return
        if name and name != b.org.name and b.org.name and clean_text(name) != b.org.name:
            self._fail(b, InputError(
                self.src, f"รหัสหน่วยงาน {org_id} ใช้กับสองชื่อ ({b.org.name} / {name})",
                f"org_id {org_id} has two names ({b.org.name!r} / {name!r})", **row.where("org_name"),
            ))
            return
        width = self.width
        if width is not None and n > width:
            damage = _width_error(self.src, row, n, width, row.cells)
            if damage is not None:
                self._fail(b, damage)
                return
        try:
            levels = self.levels
            level = levels.get(key) if key.__class__ is str else None
            if level is None:
                level = is_level(key)
                if key.__class__ is str and len(levels) < 10_000:
                    levels[key] = level
            if level:
                b.add_level(row, value)
            else:
                b.add(row, key, value)
        except InputError as exc:
            self._fail(b, exc)

    def _end(self) -> Iterator[AgencyScores]:
        """The file's end: the last agency and those still waiting; a damaged row after every agency."""
        if self.suspect is not None and not self.suspect_placed:
            self._fail(None, self.suspect)
        b = self.b
        if b is None:
            if self.any_agency or (self.errors is not None and self.errors):
                return
            raise InputError(self.src, "ไฟล์ไม่มีข้อมูลคะแนน", "the file holds no scores")
        for wk, wb in list(self.waiting.items()):
            if wk != self.current:
                yield from self._finish(wb)
        yield from self._finish(b)

    # -- helpers of the steps

    def _fail(self, builder: Builder | None, exc: InputError) -> None:
        if self.errors is None:
            raise exc
        if builder is None:
            self.errors.append((Org(name=""), exc))
        elif builder.failed is None:
            builder.failed = exc

    def _finish(self, builder: Builder) -> Iterator[AgencyScores]:
        if builder.failed is None and builder.okey in self.bad_orgs:
            builder.failed = self.bad_orgs[builder.okey]
        if builder.failed is not None:
            self.errors.append((builder.org, builder.failed))
            return
        try:
            yield builder.done()
        except InputError as exc:
            if self.errors is None:
                raise
            self.errors.append((builder.org, exc))


def _year_of(path: Path, row: Row, value: object, default: int | None, frameworks: Frameworks = KNOWN) -> int:
    if blank(value):
        if default is None:
            raise InputError(str(path), "ไม่ได้ระบุปีที่ประเมิน", "no assessment year", **row.where("year"))
        value = default
    return normalize_year(value, str(path), row.where("year"), frameworks)


def _width_error(src: str, row: Row, n: int, width: int, cells: list) -> InputError | None:
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
