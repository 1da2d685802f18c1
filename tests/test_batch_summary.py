"""The batch summary's prepared-row writer gives the same sheets as XlsxWriter's per-cell path (the
overview sheets' tables taken as they are: their numbers are checked in ``test_batch_tables``)."""

from __future__ import annotations

from pathlib import Path


import openpyxl
import xlsxwriter

from ita_xl.batch import summary as S  # noqa: E402
from ita_xl.batch.records import Outcome, Report  # noqa: E402
from support.excel_equal import diff, normalise  # noqa: E402


def _outcomes() -> list[Outcome]:
    odd = ["a & b <c> \"d\"", " lead", "trail ", "ctl\x01\x1f", "_x0041_ kept", "ไทย\nสองบรรทัด", ""]
    out = []
    for k in range(40):
        failed = k % 7 == 3
        out.append(Outcome(
            org_id=str(100 + k), name=f"หน่วยงาน {odd[k % len(odd)]}", org_type=("อบต.", "ทต.", "")[k % 3],
            province=("ลำปาง", "น่าน", "a/b:c")[k % 3], source="in.csv",
            out="" if failed else f"/x/y/a_{k}.xlsm", status="failed" if failed else "ok",
            message=odd[k % len(odd)] if failed else "",
            tools={} if failed else {"IIT": 90.5 + k, "EIT": 1 / 3, "OIT": 0.0},
            total=None if failed else 87.125, level=None if failed else "ผ่าน", weakest=odd[(k + 2) % len(odd)],
            errors=k % 3, warnings=0, year=(2566, 2567)[k % 2], level_rank=None if failed else 2,
            indicators={} if failed else {(1, "การปฏิบัติหน้าที่"): 80.0 + k, (2, f"ชื่อ {odd[k % 3]}"): 90.25},
        ))
    return out


def _reference(report: Report, path: Path) -> None:
    """The summary written cell by cell through XlsxWriter (the writer before prepared rows)."""
    outcomes = sorted(report.outcomes, key=lambda o: (o.province, o.org_type, o.org_id, o.name))
    wb = xlsxwriter.Workbook(str(path))
    fmt = {
        "head": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"}),
        "score": wb.add_format({"num_format": "0.00"}),
        "bad": wb.add_format({"font_color": "#C00000"}),
        "title": wb.add_format({"bold": True}),
    }

    def overview(name, year, tables):
        ws = wb.add_worksheet(name)
        ws.set_column(0, 0, S.OVERVIEW_WIDTHS[0])
        ws.set_column(1, 20, S.OVERVIEW_WIDTHS[1])
        ws.write_string(0, 0, f"สรุปผลการประเมิน ITA ปี {year} ทุกหน่วยงานในชุดนี้ / ITA {year} across the batch's agencies",
                        fmt["title"])
        r = 2
        for t in tables:
            ws.write_string(r, 0, t.title, fmt["title"])
            ws.write_row(r + 1, 0, [t.corner, *map(str, t.frame.columns)], fmt["head"])
            ws.set_row(r + 1, S.header_points([str(h) for h in t.frame.columns]))
            for r, (label, row) in enumerate(zip(t.frame.index, t.frame.values.tolist()), start=r + 2):
                ws.write_string(r, 0, S.xml_text(str(label)))
                for c, (v, kind) in enumerate(zip(row, t.frame.dtypes), start=1):
                    if v == v:  # not NaN
                        ws.write_number(r, c, v, fmt["score"] if kind.kind == "f" else None)
            r += 2

    def sheet(name, rows, inputs=None):
        ws = wb.add_worksheet(name)
        for c, (header, width) in enumerate(S.COLUMNS):
            ws.set_column(c, c, width)
            ws.write_string(0, c, header, fmt["head"])
        ws.freeze_panes(1, 2)
        r = 0
        for r, o in enumerate(rows, start=1):
            for c, v in enumerate(S.row_of(o, str(Path(path).parent))):
                if v is None or v == "":
                    continue
                if isinstance(v, float):
                    ws.write_number(r, c, v, fmt["score"])
                elif isinstance(v, int):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v), fmt["bad"] if o.failed and c == 13 else None)
        if inputs is not None:
            for err in inputs.bad_inputs:
                r += 1
                ws.write_string(r, 12, err.file)
                ws.write_string(r, 13, "failed", fmt["bad"])
                ws.write_string(r, 14, str(err))
        ws.autofilter(0, 0, max(r, 1), len(S.COLUMNS) - 1)

    used: set[str] = set()
    for year, tables in S.overview(outcomes):
        overview(S.sheet_name(f"สรุป {year}", used), year, tables)
    sheet(S.sheet_name(S.ALL_SHEET, used), outcomes)
    sheet(S.sheet_name(S.FAILURES_SHEET, used), [o for o in outcomes if o.failed], report)
    for key in ("province", "org_type"):
        groups: dict[str, list] = {}
        for o in outcomes:
            groups.setdefault(getattr(o, key), []).append(o)
        for label in sorted(groups):
            sheet(S.sheet_name(label, used), groups[label])
    wb.close()


def test_summary_rows_equal_per_cell_writes(tmp_path):
    from ita_xl.errors import InputError

    report = Report(_outcomes(), 1.0, bad_inputs=[InputError("bad.csv", "อ่านไม่ได้", "unreadable")])
    ours = S.write_summary(report, tmp_path / "summary.xlsx")
    _reference(report, tmp_path / "ref.xlsx")
    assert openpyxl.load_workbook(ours).sheetnames[:3] == ["สรุป 2566", "สรุป 2567", "ทั้งหมด"]
    assert diff(normalise(ours.read_bytes()), normalise((tmp_path / "ref.xlsx").read_bytes())) == []
