"""The export button: an op (:class:`ExportReport`) that the front end fulfils by writing the report
beside the workbook, with the staff's owner overrides."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from ita_xl.cli import main
from ita_xl.io.case import sample_case
from ita_xl.report.export import fulfil
from ita_xl.workbook import actions as C
from ita_xl.workbook import layout as L
from ita_xl.workbook.ops import ExportReport, Notice, Write
from ita_xl.workbook.reader import case_from_snapshot
from ita_xl.xlsx.fileio import apply_ops, edit_workbook, snapshot_of


@pytest.fixture()
def saved_book(tmp_path) -> Path:
    out = tmp_path / "ita_sample.xlsm"
    assert main(["new", str(out), "--sample"]) == 0
    return out


def test_export_writes_the_report_beside_the_workbook_with_staff_owners(saved_book, monkeypatch):
    monkeypatch.setattr("ita_xl.report.pdf.soffice", lambda: None)  # the PDF path is tested in test_report
    T = L.PLAN
    first_key = snapshot_of(saved_book).rows(T.sheet, T.first_row, T.n_cols)[0][T.col("key") - 1]
    apply_ops(saved_book, [Write(T.sheet, T.cell("owner_override", 0), [["งานตรวจสอบภายใน (ผู้รับผิดชอบใหม่)"]])])
    command = C.COMMANDS[L.SHEETS["notes"].name]
    assert command(snapshot_of(saved_book)) == [ExportReport(progress=False)]  # pure: it writes nothing itself
    docx = saved_book.with_name("ita_sample-report.docx")
    assert not docx.exists()
    ops = edit_workbook(saved_book, command, fulfil=fulfil)  # the file adapter, as a front end would
    assert docx.exists() and all(isinstance(o, Notice) for o in ops)
    assert docx.name in ops[0].message_th and "LibreOffice" in ops[0].message_en
    text = "\n".join(c.text for t in Document(docx).tables for row in t.rows for c in row.cells)
    text = re.sub("[\u200b\u2060\ufeff]", "", text).replace("\xa0", " ")  # the typesetting's marks
    assert "งานตรวจสอบภายใน (ผู้รับผิดชอบใหม่)" in text and first_key
    assert "วัดจันทร์" not in text


def test_export_of_an_unsaved_book_says_to_save_first(saved_book):
    snap = snapshot_of(saved_book)
    snap.path = "ita_sample.xlsm"  # what the remote engine reports for a book without a folder
    [notice] = C.export(snap)
    assert notice.level == "warning" and "save the workbook" in notice.message_en


def test_export_keeps_an_edited_report_as_backup(saved_book, monkeypatch):
    monkeypatch.setattr("ita_xl.report.pdf.soffice", lambda: None)
    docx = saved_book.with_name("ita_sample-report.docx")
    docx.write_bytes(b"edited in Word")
    snap = snapshot_of(saved_book)
    fulfil(snap, *C.export(snap))
    assert docx.with_name(docx.name + ".bak").read_bytes() == b"edited in Word"
    assert docx.read_bytes()[:2] == b"PK"


def test_the_file_adapter_refuses_an_export_it_cannot_fulfil(saved_book):
    before = saved_book.read_bytes()
    with pytest.raises(TypeError, match="fulfil"):
        apply_ops(saved_book, C.export(snapshot_of(saved_book)))
    assert saved_book.read_bytes() == before and not saved_book.with_name("ita_sample-report.docx").exists()


def _signature_date(docx: Path) -> str:
    """The date line under the head's signature: the document's last paragraph with text."""
    text = [p.text for p in Document(docx).paragraphs if p.text.strip()]
    return re.sub("[\u200b\u2060\ufeff]", "", text[-1]).replace("\xa0", " ")


def _set(book: Path, key: str, value: object) -> None:
    apply_ops(book, [Write(L.SHEETS["settings"].name, L.settings_cell(key), [[value]])])


def test_the_approval_date_comes_from_its_settings_cell_on_both_paths_and_date_overrides_it(saved_book, monkeypatch):
    monkeypatch.setattr("ita_xl.report.pdf.soffice", lambda: None)
    _set(saved_book, "approval_date", "15/11/2566")
    snap = snapshot_of(saved_book)
    fulfil(snap, *C.export(snap))  # the button's op, as the xlwings adapter fulfils it
    assert _signature_date(saved_book.with_name("ita_sample-report.docx")) == "วันที่ ๑๕ พฤศจิกายน พ.ศ. ๒๕๖๖"
    out = saved_book.with_name("cli.docx")
    written = (0, 1)  # the sample's stated indicator scores are error findings: written, exit 1
    assert main(["export", str(saved_book), "--docx", str(out), "--no-pdf"]) in written  # the file adapter
    assert _signature_date(out) == "วันที่ ๑๕ พฤศจิกายน พ.ศ. ๒๕๖๖"
    assert main(["export", str(saved_book), "--docx", str(out), "--no-pdf", "--date", "2566-12-01"]) in written
    assert _signature_date(out) == "วันที่ ๑ ธันวาคม พ.ศ. ๒๕๖๖"


def test_an_early_approval_date_in_its_cell_is_a_warning_naming_that_cell(saved_book, monkeypatch, capsys):
    monkeypatch.setattr("ita_xl.report.pdf.soffice", lambda: None)
    _set(saved_book, "approval_date", "2566-03-01")  # ITA 2566's results are out from July 2566
    out = saved_book.with_name("cli.docx")
    assert main(["export", str(saved_book), "--docx", str(out), "--no-pdf"]) in (0, 1)  # written (see above)
    cell = f"{L.SHEETS['settings'].name}!{L.settings_cell('approval_date')}"
    err = capsys.readouterr().err
    assert f"{cell}: approval date 2023-03-01 is before the ITA 2566" in err
    assert main(["export", str(saved_book), "--docx", str(out), "--no-pdf", "--date", "2566-02-01"]) in (0, 1)
    err = capsys.readouterr().err
    assert "--date: approval date 2023-02-01" in err and cell not in err


def test_a_value_in_the_approval_date_cell_that_is_no_date_is_refused_with_its_cell(saved_book, capsys):
    _set(saved_book, "approval_date", "เดือนหน้า")
    out = saved_book.with_name("cli.docx")
    assert main(["export", str(saved_book), "--docx", str(out), "--no-pdf"]) == 2
    err = capsys.readouterr().err
    assert L.settings_cell("approval_date") in err and "Traceback" not in err and not out.exists()


def test_a_workbook_made_from_a_case_keeps_its_approval_date(tmp_path):
    """A case's approval date goes into the new workbook's cell as staff type it and reads back."""
    case = sample_case()
    case.settings = replace(case.settings, approval_date=date(2023, 11, 15))
    snap = C.new_snapshot(str(tmp_path / "ita.xlsx"), 2566, case)
    assert snap.value(L.SHEETS["settings"].name, L.settings_row("approval_date"), L.SETTINGS_VALUE_COL) == "15/11/2566"
    assert case_from_snapshot(snap).settings.approval_date == date(2023, 11, 15)
