"""Score files as text: size, encoding, delimiter and dialect, and the RFC 4180 record reader.

Nothing here knows what a score is: a caller that wants the header row to decide the delimiter
says what a header is (:func:`csv_dialect`'s ``is_header``).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator
from pathlib import Path

from ita_xl.errors import InputError, os_error

MAX_FILE = 512 * 1024 * 1024
HEADER_SEARCH_ROWS = 30  # title rows above the header that are looked past


def check_size(path: Path) -> None:
    """Refuse an empty file and one too large to be a score file (an InputError naming it)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise os_error(exc, path) from None
    if size == 0:
        raise InputError(str(path), "ไฟล์ว่างเปล่า", "the file is empty")
    if size > MAX_FILE:
        raise InputError(str(path), "ไฟล์ใหญ่เกินกว่าจะเป็นไฟล์คะแนน", f"file too large ({size} bytes)")


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def encoding_of(path: Path) -> str:
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


def read_text(path: str | Path) -> str:
    """A text file in the encoding it was saved in (UTF-8, UTF-16 with its mark, else cp874)."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "ไม่พบไฟล์", "file not found")
    check_size(path)
    return read_checked_text(path)


def read_checked_text(path: Path) -> str:
    """:func:`read_text` of a file whose size was checked already."""
    enc = encoding_of(path)
    try:
        return path.read_text(encoding=enc, errors="replace")
    except OSError as exc:
        raise os_error(exc, path) from None


def open_text(path: Path, encoding: str | None = None):
    """An open text file in its encoding (``encoding``: as :func:`encoding_of` found it already),
    ready for :mod:`csv` (``newline=""``)."""
    enc = encoding or encoding_of(path)
    try:
        return path.open(encoding=enc, errors="replace", newline="")
    except OSError as exc:
        raise os_error(exc, path) from None


# ---------------------------------------------------------------------------------------- dialect

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


class _Dialect(csv.excel):
    """RFC 4180 as Excel writes it: fields quoted with ``"``, a ``""`` inside is one quote."""

    strict = False


def _line_cells(line: str, delimiter: str, quoting: int = csv.QUOTE_MINIMAL) -> list[str]:
    """One line's fields as csv reads them; split by hand at every delimiter where a field is
    longer than csv's limit (the reader then names the row that holds it)."""
    text = line.rstrip("\r\n")
    try:
        return next(csv.reader([text], delimiter=delimiter, quoting=quoting), [])
    except csv.Error:
        return text.split(delimiter)


def csv_dialect(fh, is_header: Callable[[list[str]], bool] | None = None) -> type[csv.Dialect] | csv.Dialect:
    """The dialect of an open CSV, the same for every row: Excel's quoting (``""`` is a quote, a
    quoted field may hold the delimiter), and the delimiter of its header line (the first of
    :data:`HEADER_SEARCH_ROWS` lines whose fields ``is_header`` accepts), else of its first line
    that holds a delimiter; rewinds.

    Not :class:`csv.Sniffer` on a sample: a guess from the first 4 KB that decided, say, that
    quotes are not doubled would misread a correct ``"อบต. ""บ้านกลาง""\"`` further down.

    >>> import io
    >>> fh = io.StringIO("รายงาน; ปี 2566\\ncode,score\\ni1,100\\n")
    >>> csv_dialect(fh).delimiter, csv_dialect(fh, lambda cells: "code" in cells).delimiter, fh.tell()
    (';', ',', 0)
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
        if is_header is not None and is_header(_line_cells(line, d)):
            found = d
            break
        found = found or d
    fh.seek(pos)
    delimiter = found or ","

    class Dialect(_Dialect):
        pass

    Dialect.delimiter = delimiter

    return Dialect


# ---------------------------------------------------------------------------------------- records


class _Feed:
    """The careful reader's lines: the line in hand, then those pushed ``back`` (last pushed, first
    read), then the file's; each line read is noted in ``seen`` (cleared after every record)."""

    __slots__ = ("back", "line", "lines", "seen")

    def __init__(self, back: list[str], lines: Iterator[str], seen: list[str]):
        self.line: str | None = None
        self.back, self.lines, self.seen = back, lines, seen

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.line
        if line is not None:
            self.line = None
        elif self.back:
            line = self.back.pop()
        else:
            line = next(self.lines)
        self.seen.append(line)
        return line


def _again(back: list[str], lines: Iterator[str]) -> Iterator[str]:
    """The lines pushed ``back`` (last pushed, first read), then the file's."""
    while back:
        yield back.pop()
    for line in lines:  # noqa: UP028 - not ``yield from``: closing this generator must not close the file
        yield line


_EOLS = ("\n", "\r")
FAST_LINES = True  # plain lines (no quote, nothing but their line end) are split without csv: see csv_records


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

    The common line, without a quote and with no line break but its end, is one record whose fields
    are the line split at the delimiter, as :mod:`csv` reads it: it is split so (:data:`FAST_LINES`);
    every other line goes to :mod:`csv` and the checks above.

    >>> import io
    >>> text = 'org,code,score\\n1001,"i1\\nto i2",100\\n1002,"i3,90\\n1003,i4,80\\n'
    >>> for no, cells, damage in csv_records("a.csv", io.StringIO(text), csv_dialect(io.StringIO(text))):
    ...     print(no, cells, damage and damage.where())
    1 ['org', 'code', 'score'] None
    2 ['1001', 'i1\\nto i2', '100'] None
    3 ['1002', 'i3', '90'] a.csv: row 3
    4 ['1003', 'i4', '80'] None
    """
    back: list[str] = []
    seen: list[str] = []
    clear = seen.clear
    delimiter = dialect.delimiter
    plain = (dialect.quotechar == '"' and dialect.escapechar is None and not dialect.skipinitialspace
             and dialect.quoting == csv.QUOTE_MINIMAL)  # as Excel writes CSV: csv_dialect's
    limit = csv.field_size_limit() if FAST_LINES and plain else -1  # a longer line: csv, which refuses its field
    lines = iter(fh)
    feed = _Feed(back, lines, seen)
    no = 0
    width = 0  # fields of the previous one-line record: what a row of this file holds
    while True:
        reader = csv.reader(feed, dialect)  # csv keeps no state between records: a new one after damage
        for line in _again(back, lines) if back else lines:
            if len(line) < limit and '"' not in line:  # the common case: split as csv would
                text = line.rstrip("\r\n")
                end = len(line) - len(text)  # its line end: none, \n, \r or \r\n
                if text and (end < 2 or (end == 2 and line[-2] == "\r")) and "\r" not in text and "\n" not in text:
                    no += 1
                    cells = text.split(delimiter)
                    if len(cells) > 1:
                        width = len(cells)
                    yield no, cells, None
                    continue
            feed.line = line
            no += 1
            error = cells = None
            try:
                cells = next(reader, None)
                if cells is None:  # pragma: no cover - csv reads a record from every line
                    return
                one = len(seen) == 1 and not (cells and cells[-1][-1:] in _EOLS)
                whole = one or lenient or _whole_record(seen, cells, width, dialect)
            except csv.Error as exc:  # a field over the size limit: a quote that swallowed the file
                error = exc
            else:
                if whole:
                    clear()
                    if one and len(cells) > 1:
                        width = len(cells)
                    yield no, cells, None
                    continue
            first, rest = (seen[0], seen[1:]) if seen else ("", [])
            clear()
            back.extend(reversed(rest))
            th = "เครื่องหมายคำพูด \" ที่เปิดช่องข้อมูลในแถวนี้ไม่มีตัวปิด (ต้องปิดด้วย \" หรือเขียน \"\" แทนเครื่องหมายคำพูดในข้อความ)"
            en = 'a " opens a field of this row and is not closed (close it, or write "" for a quote inside a text)'
            if error is not None and not rest:  # an error of one line, not a quote that ran over lines
                th, en = f"อ่าน CSV ไม่ได้: {error}", f"malformed CSV: {error}"
            yield no, _damaged_cells(first, dialect), InputError(src, th, en, row=no)
            break  # the lines pushed back are read again, by a new reader
        else:
            return


def _damaged_cells(line: str, dialect) -> list[str]:
    """The fields of a row whose quote is not closed, split at every delimiter (its agency, year and
    code are still readable there: the row fails its own agency, not the one before or after). A
    field longer than csv's limit (what made the row unreadable) is split the same way, by hand."""
    cells = _line_cells(line, dialect.delimiter, csv.QUOTE_NONE)
    return [c.strip().strip('"') if '"' in c else c for c in cells]


def _strictly_one_record(lines: list[str], dialect) -> bool:
    """Are these lines one record as RFC 4180 has it: every quote that opens a field closes it, right
    before a delimiter or the line's end, and not at the file's end? A quote left open that another
    row's quote seems to close (``…,"aก,…\\n1001,"บ้าน…``) fails here, as does one the file ends in."""
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
