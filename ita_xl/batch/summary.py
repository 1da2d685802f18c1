"""The batch summary workbook: one row per agency, a sheet per province and per agency type, failures.

Written with XlsxWriter in constant-memory mode (rows go straight to disk) and atomically. Each
agency is on three sheets (all, its province, its type), ~375,000 cells for the whole country:
XlsxWriter's per-cell path takes ~13 µs a cell, so each agency's row is turned into its ``<c>``
XML once (the same elements XlsxWriter writes in constant-memory mode: inline strings, numbers
with ``.16G``) and written as a whole ``<row>`` on each of its sheets.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from .run import STAGING, Outcome, Report

TOOLS = ("IIT", "EIT", "OIT")
# (header, width) in the order of the columns
COLUMNS = (
    ("รหัส / id", 12), ("หน่วยงาน / agency", 40), ("ประเภท / type", 12), ("จังหวัด / province", 16),
    ("IIT", 8), ("EIT", 8), ("OIT", 8), ("คะแนนรวม / total", 10), ("ระดับ / level", 16),
    ("ตัวชี้วัดที่อ่อนที่สุด / weakest indicator", 36), ("ข้อผิดพลาด / errors", 10),
    ("ข้อควรระวัง / warnings", 10), ("ไฟล์ / output", 28), ("สถานะ / status", 12), ("ข้อความ / message", 60),
)
ALL_SHEET = "ทั้งหมด"
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


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_STATUS_COL = 13


def _text_xml(s: str) -> str:
    """The inline-string body XlsxWriter writes for ``s`` in constant-memory mode."""
    s = xml_text(s)
    if "_x" in s:
        s = _ESCAPED.sub(r"_x005F\1", s)
    if _CONTROL.search(s):
        s = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", s)
    if "&" in s or "<" in s or ">" in s:
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    pre = ' xml:space="preserve"' if s[:1].isspace() or s[-1:].isspace() else ""
    return f'<is><t{pre}>{s}</t></is>'


class _Sheet(Worksheet):
    """A worksheet that also takes whole rows of prepared cell XML (constant-memory mode only)."""

    def put_row(self, row: int, last_col: int, parts: list[str]) -> None:
        """Row ``row`` (0-based) from column A to ``last_col``: ``parts`` joined by the 1-based row
        number are its ``<c>`` elements (see :func:`_row_parts`)."""
        if self._check_dimensions(row, 0) or self._check_dimensions(row, last_col):
            raise ValueError(f"row {row} is outside the worksheet")
        if row > self.previous_row:
            self._write_single_row(row)  # flush the row the ordinary API left pending
        rn = str(row + 1)
        self.fh.write(f'<row r="{rn}">{rn.join(parts)}</row>')


def _row_parts(values: list[object], fmts: list, failed: bool, bad) -> list[str]:
    """The row's ``<c>`` XML split where its row number goes (so one row serves several sheets)."""
    parts: list[str] = []
    cur = ""
    for c, v in enumerate(values):
        if v is None or v == "":
            continue
        letter = _LETTERS[c]
        if isinstance(v, bool):
            v = int(v)
        if isinstance(v, float):
            f = fmts[0]
            body = f"><v>{v:.16G}</v></c>"
        elif isinstance(v, int):
            f = None
            body = f"><v>{v:.16G}</v></c>"
        else:
            f = bad if failed and c == _STATUS_COL else None
            body = f' t="inlineStr">{_text_xml(str(v))}</c>'
        style = f' s="{f._get_xf_index()}"' if f is not None else ""
        parts.append(f'{cur}<c r="{letter}')
        cur = f'"{style}{body}'
    parts.append(cur)
    return parts


_LETTERS = tuple(chr(65 + i) for i in range(26))


def write_summary(report: Report, path: str | Path) -> Path:
    """Write the summary workbook of ``report`` to ``path`` (via a temp file and ``os.replace``)."""
    import xlsxwriter  # noqa: PLC0415 (the excel extra)

    path = Path(path)
    tmp_dir = path.parent / STAGING
    tmp_dir.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / f"{path.stem}.{os.getpid()}.tmp.xlsx"
    outcomes = sorted(report.outcomes, key=lambda o: (o.province, o.org_type, o.org_id, o.name))
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    try:
        fmt = {
            "head": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"}),
            "score": wb.add_format({"num_format": "0.00"}),
            "bad": wb.add_format({"font_color": "#C00000"}),
        }
        fmt["head"]._get_xf_index()  # style indices in the order the per-cell writes gave them
        folder = str(path.parent)
        xml = [_row_parts(row_of(o, folder), [fmt["score"]], o.failed, fmt["bad"]) for o in outcomes]
        index = {id(o): i for i, o in enumerate(outcomes)}
        used: set[str] = set()
        _sheet(wb, sheet_name(ALL_SHEET, used), outcomes, xml, index, fmt)
        _sheet(wb, sheet_name(FAILURES_SHEET, used), [o for o in outcomes if o.failed], xml, index, fmt, inputs=report)
        for key in ("province", "org_type"):
            groups: dict[str, list[Outcome]] = defaultdict(list)
            for o in outcomes:
                groups[getattr(o, key)].append(o)
            for label in sorted(groups):
                _sheet(wb, sheet_name(label, used), groups[label], xml, index, fmt)
    finally:
        wb.close()
    os.replace(tmp, path)
    return path


def _sheet(wb, name: str, outcomes: list[Outcome], xml: list[list[str]], index: dict[int, int], fmt: dict,
           inputs: Report | None = None) -> None:
    ws = wb.add_worksheet(name, worksheet_class=_Sheet)
    for c, (header, width) in enumerate(COLUMNS):
        ws.set_column(c, c, width)
        ws.write_string(0, c, header, fmt["head"])
    ws.freeze_panes(1, 2)
    last = len(COLUMNS) - 1
    r = 0
    for r, o in enumerate(outcomes, start=1):
        ws.put_row(r, last, xml[index[id(o)]])
    if inputs is not None:  # whole inputs that could not be read
        for err in inputs.bad_inputs:
            r += 1
            ws.write_string(r, 12, xml_text(err.file))
            ws.write_string(r, 13, "failed", fmt["bad"])
            ws.write_string(r, 14, xml_text(str(err)))
    ws.autofilter(0, 0, max(r, 1), len(COLUMNS) - 1)
