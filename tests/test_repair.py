"""Workbooks saved by LibreOffice come back whole: ``import``, ``fill`` and ``doctor --fix`` put
ita_xl's code parts back (Lite's main.py, the xlwings VBA project) and keep every staff cell."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from ita_xl import cli
from ita_xl.xlsx import lite, repair
from ita_xl.excel import doctor
from ita_xl.excel.doctor import workbook as doctor_book
from ita_xl.xlsx import buttons
from ita_xl.workbook import layout as L
from ita_xl.xlsx.fileio import apply_ops, snapshot_of
from ita_xl.workbook.ops import Write

pytest.importorskip("oletools")
SOFFICE = shutil.which("soffice")
needs_lo = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
FILTERS = {".xlsx": "xlsx:Calc MS Excel 2007 XML", ".xlsm": "xlsm:Calc MS Excel 2007 VBA XML"}
STAFF_NOTE = "ติดตามทุกเดือน (staff note)"


def _staff_book(tmp_path: Path, name: str) -> Path:
    """A filled sample workbook with a note a staff member typed into the plan."""
    path = tmp_path / name
    assert cli.main(["new", str(path), "--sample"]) == 0
    apply_ops(path, [Write(L.PLAN.sheet, L.PLAN.cell("notes", 0), [[STAFF_NOTE]])])
    return path


def _libreoffice_save(path: Path, tmp_path: Path) -> Path:
    """Open and save ``path`` in LibreOffice (headless), in place, as staff would."""
    out = tmp_path / "lo-out"
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", FILTERS[path.suffix], "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=240)
    shutil.copyfile(out / path.name, path)
    return path


def _cells(path: Path) -> tuple[object, object, object]:
    snap = snapshot_of(path)
    return (snap.cell(L.PLAN.sheet, L.PLAN.cell("notes", 0)),
            snap.cell(L.SHEETS["settings"].name, L.settings_cell("org_name")),
            snap.cell(L.QUESTIONS.sheet, L.QUESTIONS.cell("score", 0)))


@needs_lo
def test_lite_workbook_saved_by_libreoffice_gets_main_py_back_on_fill(tmp_path):
    path = _staff_book(tmp_path, "lite_book.xlsx")
    before = _cells(path)
    _libreoffice_save(path, tmp_path)
    assert not lite.has_lite_code(path)  # what LibreOffice does: the part holding main.py is gone
    assert doctor_book.lite_checks(path)[-1].status == doctor.FAIL
    assert cli.main(["fill", str(path)]) == 0
    assert lite.extract(path)["main.py"] == lite.default_main_py()
    with zipfile.ZipFile(path) as z:
        ct = z.read("[Content_Types].xml").decode()
    assert 'PartName="/xl/webextensions/taskpanes.xml" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"' in ct
    assert _cells(path) == before and before[0] == STAFF_NOTE
    assert [c.status for c in doctor_book.lite_checks(path)] == ["OK", "OK", "OK"]


@needs_lo
def test_desktop_workbook_saved_by_libreoffice_gets_xlwings_vba_back(tmp_path, capsys):
    path = _staff_book(tmp_path, "ita_repair.xlsm")
    before = _cells(path)
    _libreoffice_save(path, tmp_path)
    assert repair.inspect(path).vba == repair.REWRITTEN
    (check,) = doctor_book.code_parts(path)
    assert check.status == doctor.FAIL and "rewritten" in check.detail
    assert cli.main(["doctor", "--fix", str(path)]) in (0, 1)  # other lines may fail on this machine
    assert "put back" in capsys.readouterr().out
    with zipfile.ZipFile(path) as z:
        assert z.read(repair.VBA_PART) == buttons.xlwings_vba_project()
    assert repair.inspect(path).vba == repair.OURS
    assert _cells(path) == before
    assert cli.main(["fill", str(path)]) == 0 and _cells(path) == before  # whole: nothing more to put back
    assert "put back" not in capsys.readouterr().out


@needs_lo
def test_import_repairs_too(tmp_path):
    path = _staff_book(tmp_path, "lite_import.xlsx")
    _libreoffice_save(path, tmp_path)
    scores = tmp_path / "scores.csv"
    snap = snapshot_of(path)
    Q = L.QUESTIONS
    rows = [r for r in snap.rows(Q.sheet, Q.first_row, Q.n_cols) if r[0]]
    scores.write_text("code,score\n" + "".join(f"{r[0]},{r[4]}\n" for r in rows if r[4] is not None), encoding="utf-8")
    assert cli.main(["import", str(path), str(scores)]) == 0
    assert lite.has_lite_code(path)
    assert _cells(path)[0] == STAFF_NOTE


def test_staff_macros_are_never_overwritten(tmp_path, monkeypatch):
    path = tmp_path / "ita_macros.xlsm"
    assert cli.main(["new", str(path), "--year", "2568"]) == 0
    with zipfile.ZipFile(path) as z:  # a project that differs from xlwings' ...
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts[repair.VBA_PART] = parts[repair.VBA_PART] + b"\0"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    own = {"Module1": "Sub SampleCall()\nEnd Sub", "Module2": "Sub MyReport()\n  MsgBox 1\nEnd Sub"}
    monkeypatch.setattr(repair, "vba_modules", lambda path=None, data=None: own if path else {"Module1": own["Module1"]})
    before = path.read_bytes()
    (notice,) = repair.repair(path)  # ... holding a macro of the staff's own
    assert "Module2" in notice.message_en and "not overwritten" in notice.message_en
    assert path.read_bytes() == before
    (check,) = doctor_book.code_parts(path)
    assert check.status == doctor.WARN and "Module2" in check.detail


def test_doctor_reads_a_lite_workbook_as_lite(tmp_path):
    path = tmp_path / "lite_ok.xlsx"
    assert cli.main(["new", str(path), "--year", "2568"]) == 0
    checks = doctor.diagnose(path, system="Windows")
    whats = [c.what for c in checks]
    assert "Lite code" in whats and not {"shim", "VBA", "file name", "xlwings add-in"} & set(whats)
    assert all(c.status != doctor.FAIL for c in checks if c.what in ("workbook", "Lite code"))
    assert repair.repair(path) == []  # whole: nothing written


def test_without_oletools_a_differing_vba_project_is_left_and_said(tmp_path, monkeypatch):
    path = tmp_path / "ita_noole.xlsm"
    assert cli.main(["new", str(path), "--year", "2568"]) == 0
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts[repair.VBA_PART] += b"\0"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    monkeypatch.setattr(repair, "vba_modules", lambda path=None, data=None: None)  # oletools not installed
    before = path.read_bytes()
    (notice,) = repair.repair(path)
    assert "oletools" in notice.message_en and path.read_bytes() == before
