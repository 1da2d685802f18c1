"""A stand-in for the workbooks' writer, for tests of the batch's orchestration: fast, and a real
analysis in a small file (``Options(writer=fake_writer)``, or in place of
``ita_xl.xlsx.template.write_agency_workbook`` for the CLI)."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from ita_xl.io.frameworks import analyze


def fake_writer(case, out_path, runtime="desktop"):
    """A small .xlsx (named .xlsm) with the agency's id, name, total and level, and a shim beside it."""
    r = analyze(case)
    wb = xlsxwriter.Workbook(str(out_path))
    ws = wb.add_worksheet("agency")
    ws.write_row(0, 0, [case.org.id, case.org.name, r.total, r.level])
    wb.close()
    Path(out_path).with_suffix(".py").write_text("# shim\n", encoding="utf-8")
