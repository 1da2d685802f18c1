"""One report model for every front end: the CLI's export of a workbook carries what staff did to
the plan sheet, exactly as the button's does; the checks' errors make the export exit 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


from docx import Document  # noqa: E402

from ita_xl.cli import main  # noqa: E402
from ita_xl.report import build, from_input  # noqa: E402
from ita_xl.report.export import fulfil  # noqa: E402
from ita_xl.report.typeset import plain  # noqa: E402
from ita_xl.workbook import actions as C  # noqa: E402
from ita_xl.xlsx.fileio import snapshot_of  # noqa: E402
from support.report_books import OBSOLETE_NOTE, OVERRIDE, STAFF_MEASURE, STAFF_TOPIC, staffed_book  # noqa: E402


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return staffed_book(tmp_path_factory.mktemp("staffed"))


def _cells(docx: Path) -> str:
    text = "\n".join(c.text for t in Document(str(docx)).tables for row in t.rows for c in row.cells)
    return plain(text)


def test_the_source_has_the_override_the_staff_row_and_not_the_obsolete_one(book):
    (src,) = from_input(book)
    assert src.plan[0].owner == OVERRIDE
    added = [e for e in src.plan if e.staff_added]
    assert [e.topic for e in added] == [STAFF_TOPIC] and added[0].measures == [STAFF_MEASURE]
    assert added[0].steps == ["รวบรวมคำถามที่พบบ่อย", "จัดทำและเผยแพร่คู่มือ"]  # numbered once, by the report
    assert all(e.key != "9:old" for e in src.plan)
    assert [e.progress for e in src.plan[:3]] == [100, 40, 25]  # 0.25 in a percent cell is 25 %
    report = build(src)
    assert report.plan[0].owner == OVERRIDE and report.plan[-1].topic == "๓. " + STAFF_TOPIC
    assert OBSOLETE_NOTE not in report.all_text()


def test_cli_export_of_a_workbook_carries_override_and_staff_row(book, tmp_path, capsys):
    out = tmp_path / "r.docx"
    assert main(["export", str(book), "--docx", str(out), "--no-pdf"]) == 1  # the sample's errors
    err = capsys.readouterr().err
    assert "error-level findings" in err and "indicator 6 stated 88.28" in err
    cells = _cells(out)
    assert OVERRIDE in cells and STAFF_TOPIC in cells and STAFF_MEASURE in cells
    assert "มาตรการเดิม" not in cells


def test_cli_and_button_write_the_same_plan(book, tmp_path, monkeypatch):
    monkeypatch.setattr("ita_xl.report.pdf.soffice", lambda: None)
    cli = tmp_path / "cli.docx"
    main(["export", str(book), "--docx", str(cli), "--no-pdf"])
    snap = snapshot_of(book)
    fulfil(snap, *C.export(snap))  # what the button's front end does with the op
    button = book.with_name(f"{book.stem}-report.docx")
    assert _cells(cli) == _cells(button)


def test_strict_refuses_to_write(book, tmp_path, capsys):
    out = tmp_path / "strict.docx"
    assert main(["export", str(book), "--docx", str(out), "--no-pdf", "--strict"]) == 1
    assert not out.exists() and "--strict" in capsys.readouterr().err


def test_export_of_an_agency_without_errors_exits_0(tmp_path):
    scores = tmp_path / "scores.csv"
    scores.write_text("code,score\n" + "".join(f"ind{k},100\n" for k in range(1, 11)) + "total,100\n",
                      encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "ita_xl", "export", str(scores), "--year", "2566", "--no-pdf"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "error" not in proc.stderr, proc.stderr
    assert scores.with_name("scores-report.docx").exists()


def test_progress_needs_a_date_within_the_plan_year(book, tmp_path, capsys):
    out = tmp_path / "p.docx"
    assert main(["export", str(book), "--progress", "--as-of", "2023-09-30", "--docx", str(out), "--no-pdf"]) == 2
    assert not out.exists() and "fiscal year 2567" in capsys.readouterr().err
    assert main(["export", str(book), "--as-of", "2024-03-31", "--no-pdf"]) == 2  # --as-of goes with --progress


def test_a_bad_progress_cell_is_named(book, tmp_path, capsys):
    from ita_xl.workbook import layout as L
    from ita_xl.xlsx.fileio import apply_ops
    from ita_xl.workbook.ops import Write

    bad = tmp_path / "ita_bad.xlsm"
    bad.write_bytes(book.read_bytes())
    apply_ops(bad, [Write(L.PLAN.sheet, L.PLAN.cell("progress", 4), [["ครึ่งหนึ่ง"]])])
    assert main(["export", str(bad), "--progress", "--as-of", "2024-03-31", "--no-pdf"]) == 2
    err = capsys.readouterr().err
    assert f"{L.PLAN.sheet}!{L.PLAN.cell('progress', 4)}" in err and "progress must be a percent" in err  # the cell
    assert not bad.with_name("ita_bad-progress.docx").exists()


def test_numerals_option_over_a_workbook(book, tmp_path):
    import re

    out = tmp_path / "arabic.docx"
    main(["export", str(book), "--docx", str(out), "--no-pdf", "--numerals", "arabic"])
    assert not re.search("[๐-๙]", _cells(out))
    assert snapshot_of(book).sheets  # the workbook itself is not touched


def _all_text(docx: Path) -> str:
    d = Document(str(docx))
    return plain("\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]))


def test_dates_given_in_the_buddhist_era_are_taken_as_such(book, tmp_path, capsys):
    # a Thai official writes 2566-11-15 (BE): it is 15 November 2023, printed พ.ศ. ๒๕๖๖, not พ.ศ. ๓๑๐๙
    be, ce = tmp_path / "be.docx", tmp_path / "ce.docx"
    assert main(["export", str(book), "--date", "2566-11-15", "--docx", str(be), "--no-pdf"]) == 1  # the sample's errors
    assert main(["export", str(book), "--date", "2023-11-15", "--docx", str(ce), "--no-pdf"]) == 1
    assert "๑๕ พฤศจิกายน พ.ศ. ๒๕๖๖" in _all_text(be) and _all_text(be) == _all_text(ce)
    out, ce = tmp_path / "p.docx", tmp_path / "pce.docx"
    code = main(["export", str(book), "--progress", "--as-of", "2024-03-31", "--docx", str(ce), "--no-pdf"])
    assert main(["export", str(book), "--progress", "--as-of", "2567-03-31", "--docx", str(out), "--no-pdf"]) == code
    assert "รอบ ๖ เดือน" in _all_text(out) and _all_text(out) == _all_text(ce)
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        main(["export", str(book), "--date", "2566-02-30", "--no-pdf"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--date" in err and "not a date" in err and "fromisoformat" not in err


def test_a_workbook_without_limitations_is_told_where_to_write_them(tmp_path, capsys):
    book = tmp_path / "ita_nolim.xlsm"
    assert main(["new", str(book), "--org", "เทศบาลตำบลบ้านนา", "--org-type", "เทศบาล", "--year", "2566"]) == 0
    scores = tmp_path / "s.csv"
    scores.write_text("code,score\n" + "".join(f"ind{k},100\n" for k in range(1, 11)), encoding="utf-8")
    assert main(["import", str(book), str(scores)]) == 0
    capsys.readouterr()
    assert main(["export", str(book), "--no-pdf"]) == 0
    err = capsys.readouterr().err
    assert "no limitations given (ข้อจำกัด!C4" in err and "ไม่มีข้อความข้อจำกัด (ข้อจำกัด!C4)" in err
