"""The batch summary workbook: the tables across agencies of each year (:mod:`ita_xl.batch.tables`),
then one row per agency, a sheet per province and per agency type, failures.

Written atomically. Each agency is on three sheets (all, its province, its type), ~375,000 cells
for the whole country: the sheets' look is built with XlsxWriter's public API, the rows are
written by the workbooks' cell writer (:mod:`ita_xl.xlsx.cells`), about 1 µs a cell.
"""

from __future__ import annotations

import io
import os
import re
from collections import defaultdict
from pathlib import Path

import xlsxwriter

from ita_xl.batch.records import STAGING, Outcome, Report
from ita_xl.batch.tables import Table, overview
from ita_xl.core.codes import TOOLS
from ita_xl.xlsx.cells import Cells
from ita_xl.xlsx.package import Package

# (header, width) in the order of the columns
COLUMNS = (
    ("รหัส / id", 12), ("หน่วยงาน / agency", 40), ("ประเภท / type", 12), ("จังหวัด / province", 16),
    ("IIT", 8), ("EIT", 8), ("OIT", 8), ("คะแนนรวม / total", 10), ("ระดับ / level", 16),
    ("ตัวชี้วัดที่อ่อนที่สุด / weakest indicator", 36), ("ข้อผิดพลาด / errors", 10),
    ("ข้อควรระวัง / warnings", 10), ("ไฟล์ / output", 28), ("สถานะ / status", 12), ("ข้อความ / message", 60),
)
ALL_SHEET = "ทั้งหมด"
OVERVIEW_SHEET = "สรุป {year}"  # one per assessment year, first in the workbook
OVERVIEW_WIDTHS = (46, 16)  # the tables' first column (labels), every other column
LINE_POINTS = 15  # the height of one line of the header's wrapped text
FAILURES_SHEET = "ไม่สำเร็จ"
_BAD_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})
# characters XML 1.0 cannot hold at all (the text escapes of Excel cover the control ones in cells,
# not in sheet names)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_IN_CELL = re.compile("[\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot hold in a cell (control characters are escaped
    by the writer; lone surrogates and U+FFFE/U+FFFF cannot be)."""
    return _NOT_IN_CELL.sub("", text) if _NOT_IN_CELL.search(text) else text


def row_of(o: Outcome, folder: str | None = None) -> list[object]:
    """The summary row of ``o``; its output by name when it is in ``folder`` (the summary's), by
    full path when it was refreshed in place elsewhere (an input folder)."""
    out = ""
    if o.out:
        head, name = os.path.split(o.out)
        out = name if folder is None or head == folder else o.out
    return [
        o.org_id, o.name, o.org_type, o.province,
        *(o.tools.get(t) for t in TOOLS), o.total, o.level or "", o.weakest,
        o.errors, o.warnings, out, o.status, o.message,
    ]


def sheet_name(label: str, used: set[str]) -> str:
    """A legal, unique worksheet name (31 characters, no ``[]:*?/\\``).

    >>> used = set(); sheet_name("จังหวัด: ลำปาง", used), sheet_name("", used)
    ('จังหวัด_ ลำปาง', '(ไม่ระบุ)')
    """
    base = (_NOT_XML.sub("", label).translate(_BAD_CHARS).strip().strip("'") or "(ไม่ระบุ)")[:31]
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


_STATUS_COL = 13


def _put_row(cells: Cells, r: int, values: list[object], styles: dict, failed: bool) -> None:
    """One agency's row: floats with the score format, the status of a failure in red."""
    for c, v in enumerate(values):
        if v is None or v == "":
            continue
        if isinstance(v, bool):
            v = int(v)
        if isinstance(v, float):
            cells.put(r, c, v, styles["score"])
        elif isinstance(v, int):
            cells.put(r, c, v)
        else:
            cells.put(r, c, xml_text(str(v)), styles["bad"] if failed and c == _STATUS_COL else None)


def _put_number(cells: Cells, r: int, c: int, v: object, styles: dict) -> None:
    """A table's number: a count as an integer, a mean with the score format, nothing for NaN."""
    if v is None or v != v:
        return
    if isinstance(v, float):  # numpy's float64 too
        cells.put(r, c, float(v), styles["score"])
    else:
        cells.put(r, c, int(v))


def header_points(headers: list[str]) -> float:
    """A table's header row tall enough for its longest header, wrapped in a column of the tables.

    >>> header_points(["IIT", "EIT"]), header_points(["อ่อนที่สุดใน (หน่วยงาน) / weakest in (agencies)"])
    (15, 60)
    """
    per_line = OVERVIEW_WIDTHS[1] - 2
    return LINE_POINTS * max(1, *(-(-len(h) // per_line) for h in headers))


def put_tables(cells: Cells, year: int, tables: list[Table], styles: dict) -> None:
    """An overview sheet: its title, then each table (title, header row, rows) with a blank row after."""
    cells.put(0, 0, f"สรุปผลการประเมิน ITA ปี {year} ทุกหน่วยงานในชุดนี้ / ITA {year} across the batch's agencies",
              styles["title"])
    r = 2
    for t in tables:
        cells.put(r, 0, t.title, styles["title"])
        cells.put(r + 1, 0, t.corner, styles["head"])
        headers = [xml_text(str(h)) for h in t.frame.columns]
        for c, header in enumerate(headers, start=1):
            cells.put(r + 1, c, header, styles["head"])
        points = header_points(headers)
        cells.height(r + 1, points if points > LINE_POINTS else None)  # one line: the default height
        r += 2
        for label, row in zip(t.frame.index, t.frame.itertuples(index=False, name=None)):
            cells.put(r, 0, xml_text(str(label)))
            for c, v in enumerate(row, start=1):
                _put_number(cells, r, c, v, styles)
            r += 1
        r += 1


def write_summary(report: Report, path: str | Path) -> Path:
    """Write the summary workbook of ``report`` to ``path`` (via a temp file and ``os.replace``).

    Its sheets' look (widths, header, panes, filters) is built with XlsxWriter's public API; the
    rows are written by the workbooks' own cell writer (:mod:`ita_xl.xlsx.package`)."""
    path = Path(path)
    tmp_dir = path.parent / STAGING
    tmp_dir.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / f"{path.stem}.{os.getpid()}.tmp.xlsx"
    outcomes = sorted(report.outcomes, key=lambda o: (o.province, o.org_type, o.org_id, o.name))
    used: set[str] = set()
    years = [(sheet_name(OVERVIEW_SHEET.format(year=year), used), year, tables)
             for year, tables in overview(outcomes)]
    sheets: list[tuple[str, list[Outcome], Report | None]] = [
        (sheet_name(ALL_SHEET, used), outcomes, None),
        (sheet_name(FAILURES_SHEET, used), [o for o in outcomes if o.failed], report),
    ]
    for key in ("province", "org_type"):
        groups: dict[str, list[Outcome]] = defaultdict(list)
        for o in outcomes:
            groups[getattr(o, key)].append(o)
        sheets += [(sheet_name(label, used), groups[label], None) for label in sorted(groups)]
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"})
    palette = {"score": wb.add_format({"num_format": "0.00"}), "bad": wb.add_format({"font_color": "#C00000"}),
               "title": wb.add_format({"bold": True})}
    for name, _, _ in years:
        ws = wb.add_worksheet(name)
        ws.set_column(0, 0, OVERVIEW_WIDTHS[0])
        ws.set_column(1, 20, OVERVIEW_WIDTHS[1])
    for k, (name, rows, inputs) in enumerate(sheets):
        ws = wb.add_worksheet(name)
        for c, (header, width) in enumerate(COLUMNS):
            ws.set_column(c, c, width)
            ws.write_string(0, c, header, head)
        ws.freeze_panes(1, 2)
        n = len(rows) + (len(inputs.bad_inputs) if inputs is not None else 0)
        ws.autofilter(0, 0, max(n, 1), len(COLUMNS) - 1)
        if k == 0:  # one cell per format, to read their style ids (the rows are written anew)
            for c, f in enumerate(palette.values()):
                ws.write_blank(1, c, None, f)
    wb.close()
    package = Package(buf.getvalue())
    styles = {**package.styles(sheets[0][0], 1, list(palette)), "head": package.styles(sheets[0][0], 0, ["head"])["head"]}
    folder = str(path.parent)
    values = {id(o): row_of(o, folder) for o in outcomes}
    out = {}
    for name, year, tables in years:
        put_tables(out.setdefault(name, Cells()), year, tables, styles)
    for name, rows, inputs in sheets:
        cells = out[name] = Cells()  # (no row heights)
        for c, (header, _) in enumerate(COLUMNS):
            cells.put(0, c, header, styles["head"])
        r = 0
        for r, o in enumerate(rows, start=1):
            _put_row(cells, r, values[id(o)], styles, o.failed)
        if inputs is not None:  # whole inputs that could not be read
            for err in inputs.bad_inputs:
                r += 1
                cells.put(r, 12, xml_text(err.file))
                cells.put(r, 13, "failed", styles["bad"])
                cells.put(r, 14, xml_text(str(err)))
    package.write(tmp, out, once=True)
    os.replace(tmp, path)
    return path
