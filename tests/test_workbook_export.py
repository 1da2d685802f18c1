"""The export button: an op (:class:`ExportReport`) that the front end fulfils by writing the report
beside the workbook, with the staff's owner overrides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from ita_xl.cli import main
from ita_xl.report.export import fulfil
from ita_xl.workbook import actions as C
from ita_xl.workbook import layout as L
from ita_xl.workbook.ops import ExportReport, Notice, Write
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
