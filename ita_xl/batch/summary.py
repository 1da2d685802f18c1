"""The batch summary workbook: one row per agency, a sheet per province and per agency type, failures.

Written with XlsxWriter in constant-memory mode (rows go straight to disk) and atomically.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

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


def row_of(o: Outcome) -> list[object]:
    return [
        o.org_id, o.name, o.org_type, o.province,
        *(o.tools.get(t) for t in TOOLS), o.total, o.level or "", o.weakest,
        o.errors, o.warnings, Path(o.out).name if o.out else "", o.status, o.message,
    ]


def sheet_name(label: str, used: set[str]) -> str:
    """A legal, unique worksheet name (31 characters, no ``[]:*?/\\``).

    >>> used = set(); sheet_name("จังหวัด: ลำปาง", used), sheet_name("", used)
    ('จังหวัด_ ลำปาง', '(ไม่ระบุ)')
    """
    base = (label.translate(_BAD_CHARS).strip("'") or "(ไม่ระบุ)")[:31]
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


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
        used: set[str] = set()
        _sheet(wb, sheet_name(ALL_SHEET, used), outcomes, fmt)
        _sheet(wb, sheet_name(FAILURES_SHEET, used), [o for o in outcomes if o.failed], fmt, inputs=report)
        for key in ("province", "org_type"):
            groups: dict[str, list[Outcome]] = defaultdict(list)
            for o in outcomes:
                groups[getattr(o, key)].append(o)
            for label in sorted(groups):
                _sheet(wb, sheet_name(label, used), groups[label], fmt)
    finally:
        wb.close()
    os.replace(tmp, path)
    return path


def _sheet(wb, name: str, outcomes: list[Outcome], fmt: dict, inputs: Report | None = None) -> None:
    ws = wb.add_worksheet(name)
    for c, (header, width) in enumerate(COLUMNS):
        ws.set_column(c, c, width)
        ws.write_string(0, c, header, fmt["head"])
    ws.freeze_panes(1, 2)
    r = 0
    for r, o in enumerate(outcomes, start=1):
        for c, v in enumerate(row_of(o)):
            if v is None or v == "":
                continue
            if isinstance(v, float):
                ws.write_number(r, c, v, fmt["score"])
            elif isinstance(v, int):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, str(v), fmt["bad"] if o.failed and c == 13 else None)
    if inputs is not None:  # whole inputs that could not be read
        for err in inputs.bad_inputs:
            r += 1
            ws.write_string(r, 12, err.file)
            ws.write_string(r, 13, "failed", fmt["bad"])
            ws.write_string(r, 14, str(err))
    ws.autofilter(0, 0, max(r, 1), len(COLUMNS) - 1)
