"""The xlwings adapter (``ita_xl/excel/book.py``) asserted on what xlwings records, as xlwings'
own tests do: ``xw.Book(json=payload)`` on the remote engine, then ``book.json()["actions"]``.
No replay here: these are the exact actions Excel (Office.js, or COM for the same calls) receives.
"""

from __future__ import annotations

import datetime as dt

import pytest
import xlwings as xw
from support.replay import book_with
from support.workbooks import ensure_remote_engine, make_workbook, payload_of

from ita_xl.io.case import sample_case
from ita_xl.workbook import actions as commands
from ita_xl.excel import book as xwio
from ita_xl.workbook import layout as L
from ita_xl.workbook.ops import Clear, ExportReport, Notice, Write
from ita_xl.xlsx.fileio import snapshot_of


@pytest.fixture(autouse=True)
def remote_engine(xlwings_pro):
    ensure_remote_engine()


def _book(sheets: dict[str, list[list[object]]]):
    return book_with(sheets)[1]


def _action(func, sheet, row, col, rows, cols, values=None, args=(None,)):
    return {"func": func, "args": list(args), "values": values, "sheet_position": sheet,
            "start_row": row, "start_column": col, "row_count": rows, "column_count": cols}


def test_write_is_one_set_values_per_rectangular_block():
    book = _book({"ก": [["x"]], "ข": [[1, 2]]})
    xwio.apply_to_book(book, [Write("ข", "B3", [[1, 2.5], [3, 4], [5]])])
    assert book.json()["actions"] == [
        _action("setValues", 1, 2, 1, 2, 2, [[1, 2.5], [3, 4]]),
        _action("setValues", 1, 4, 1, 1, 1, [[5]]),
    ]


def test_text_excel_would_reinterpret_is_sent_with_an_apostrophe():
    book = _book({"ก": [["x"]]})
    xwio.apply_to_book(book, [Write("ก", "A1", [["=SUM(A1)", "00123", "2567-09-30", "TRUE", "- ไม่มี -", "ไทย", "", None]])])
    (a,) = book.json()["actions"]
    assert a["values"] == [["'=SUM(A1)", "'00123", "'2567-09-30", "'TRUE", "'- ไม่มี -", "ไทย", "", ""]]


def test_dates_numbers_and_blanks_as_xlwings_sends_them():
    book = _book({"ก": [["x"]]})
    xwio.apply_to_book(book, [Write("ก", "C2", [[dt.date(2024, 9, 30), 85.5, 0, None]])])
    (a,) = book.json()["actions"]
    assert (a["start_row"], a["start_column"]) == (1, 2)
    assert a["values"] == [["2024-09-30", 85.5, 0, ""]]  # None blanks the cell, as headless writes do


def test_clear_and_alerts():
    book = _book({"ก": [["x", "y"]], "ข": [[1]]})
    xwio.apply_to_book(book, [
        Notice("error", "ผิด", "wrong"),
        Clear("ก", "A1:B1"),
        Clear("ข", "C:C"),
        Notice("info", "สวัสดี", ""),
    ])
    assert book.json()["actions"] == [
        _action("rangeClearContents", 0, 0, 0, 1, 2),
        _action("rangeClearContents", 1, 0, 2, 1048576, 1),
        _action("alert", None, None, None, None, None, args=("ผิด\n\nwrong", "ITA", "ok", "critical", "")),
        _action("alert", None, None, None, None, None, args=("สวัสดี", "ITA", "ok", "info", "")),
    ]  # alerts last: the user sees them after the sheet has changed


def test_unknown_op_is_an_error_not_a_silent_skip():
    book = _book({"ก": [["x"]]})
    with pytest.raises(TypeError):
        xwio.apply_to_book(book, [object()])


def test_an_export_op_writes_the_report_beside_the_book_and_alerts(tmp_path, monkeypatch):
    monkeypatch.setattr("ita_xl.report.pdf.soffice", lambda: None)  # the PDF path is tested in test_report
    path = make_workbook(tmp_path / "ita_export.xlsm", case=sample_case(), runtime="desktop")
    book = xw.Book(json=payload_of(path))
    xwio.apply_to_book(book, [ExportReport(progress=False)], snapshot_of(path))  # the desktop's saved book
    (alert,) = book.json()["actions"]
    assert alert["func"] == "alert" and "ita_export-report.docx" in alert["args"][0]
    assert path.with_name("ita_export-report.docx").exists()


def test_fill_on_the_sample_records_only_values_clears_and_one_alert(tmp_path):
    path = make_workbook(tmp_path / "ita_actions.xlsx", case=sample_case(), runtime="lite")
    book = xw.Book(json=payload_of(path))
    ops = xwio.run(book, commands.fill)
    actions = book.json()["actions"]
    assert {a["func"] for a in actions} <= {"setValues", "rangeClearContents", "alert"}
    assert [a["func"] for a in actions].count("alert") == 1 and actions[-1]["func"] == "alert"
    sheets = [s.name for s in (book.sheets)]
    writes = [op for op in ops if isinstance(op, Write)]
    set_values = [a for a in actions if a["func"] == "setValues"]
    assert len(set_values) >= len(writes)
    # every Write lands on its own sheet, at its own cell
    for op in writes:
        row, col = L.parse_cell(op.cell)
        assert any(a["sheet_position"] == sheets.index(op.sheet) and a["start_row"] == row - 1
                   and a["start_column"] == col - 1 for a in set_values), op.cell
