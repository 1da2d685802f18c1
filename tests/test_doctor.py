"""``ita-xl doctor`` on good and broken desktop set-ups."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from support.workbooks import make_workbook

from ita_xl import cli
from ita_xl.excel import doctor
from ita_xl.excel.doctor import python as doctor_python
from ita_xl.excel.doctor import workbook as doctor_book
from ita_xl.workbook import layout as L



@pytest.fixture(scope="module")
def good(tmp_path_factory):
    path = tmp_path_factory.mktemp("doc") / "ita_good.xlsm"
    make_workbook(path, runtime="desktop")
    if not path.with_suffix(".py").exists():
        path.with_suffix(".py").write_text("from ita_xl.excel.desktop import main\n", encoding="utf-8")
    return path


@pytest.fixture()
def copy(good, tmp_path):
    def make(name: str = "ita_good.xlsm", shim: bool = True, folder: str = "w"):
        d = tmp_path / folder
        d.mkdir(parents=True, exist_ok=True)
        dst = d / name
        shutil.copy(good, dst)
        if shim:
            shutil.copy(good.with_suffix(".py"), dst.with_suffix(".py"))
        return dst

    return make


def _by_what(checks):
    out = {}
    for c in checks:
        out.setdefault(c.what, []).append(c)
    return out


def _status(checks, what):
    return [c.status for c in _by_what(checks)[what]]


def _edit_conf(path, **entries):
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[L.CONF_SHEET]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for key, value in entries.items():
        key = key.replace("_sp_", " ")
        r = rows.get(key) or ws.max_row + 1
        ws.cell(r, 1, key)
        ws.cell(r, 2, value)
    wb.save(path)


def test_good_workbook_has_no_fail(good):
    checks = doctor.diagnose(good)
    assert [c for c in checks if c.status == doctor.FAIL] == []
    assert _status(checks, "shim") == ["OK"] and _status(checks, "file name") == ["OK"]
    (vba,) = _by_what(checks)["xlwings VBA version"]
    assert vba.status == "OK" and vba.detail.startswith(__import__("xlwings").__version__)
    assert _status(checks, "UDF Modules") == ["OK"]


def test_cli_exit_status(good, copy, capsys):
    assert cli.main(["doctor", str(good)]) == 0
    out = capsys.readouterr().out
    assert "OK   shim" in out and "0 FAIL" in out
    broken = copy(shim=False)
    assert cli.main(["doctor", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "FAIL shim" in out and "แก้ไข:" in out and "fix:" in out


def test_renamed_workbook_points_at_the_old_shim(copy):
    renamed = copy("ita_renamed.xlsm", shim=False)
    renamed.with_name("ita_good.py").write_text("from ita_xl.excel.desktop import main\n", encoding="utf-8")
    (shim,) = _by_what(doctor.diagnose(renamed))["shim"]
    assert shim.status == "FAIL" and "ita_good.py" in shim.detail and "renamed" in shim.detail
    assert "ita_renamed.py" in shim.fix_en


def test_thai_file_name_fails_with_an_ascii_suggestion(copy):
    thai = copy("ไอทีเอ ลำปาง 2567.xlsm")
    checks = _by_what(doctor.diagnose(thai))
    (name,) = checks["file name"]
    assert name.status == "FAIL" and "non-ASCII" in name.detail and "ita_2567.xlsm" in name.fix_en
    assert checks["shim"][0].status == "FAIL"


def test_shim_that_does_not_import(copy):
    wb = copy()
    wb.with_suffix(".py").write_text("from ita_xl.excel.desktop import main\nimport no_such_module_xyz\n", encoding="utf-8")
    (shim,) = _by_what(doctor.diagnose(wb))["shim"]
    assert shim.status == "FAIL" and "no_such_module_xyz" in shim.detail


def test_shim_shadowing_stdlib(copy):
    wb = copy("random.xlsm")
    (shim,) = _by_what(doctor.diagnose(wb))["shim"]
    assert shim.status == "FAIL" and "standard-library" in shim.detail


def test_vba_version_mismatch(good, monkeypatch):
    monkeypatch.setattr(doctor_book, "installed_xlwings", lambda: "0.30.0")
    (vba,) = _by_what(doctor.diagnose(good))["xlwings VBA version"]
    assert vba.status == "FAIL" and "installed 0.30.0" in vba.detail
    assert "pip install xlwings==" in vba.fix_en


def test_version_pinned_in_conf_sheet_mismatch(copy):
    wb = copy()
    _edit_conf(wb, XLWINGS_VERSION="0.30.0", ITA_XL_VERSION="9.9.9")
    checks = _by_what(doctor.diagnose(wb))
    assert checks["XLWINGS_VERSION"][0].status == "FAIL" and "0.30.0" in checks["XLWINGS_VERSION"][0].detail
    assert checks["ITA_XL_VERSION"][0].status == "FAIL"


def test_conf_udf_modules_and_interpreter(copy):
    wb = copy()
    _edit_conf(wb, UDF_sp_Modules="ita_xl.excel.udfs;no_such.udfs", Interpreter_Win=r"C:\nowhere\python.exe",
               Interpreter_Mac="/nowhere/python")
    win = _by_what(doctor.diagnose(wb, system="Windows"))
    assert [c.status for c in win["UDF Modules"]] == ["OK", "FAIL"]
    assert win["Interpreter_Win"][0].status == "FAIL" and win["Interpreter_Mac"][0].status == "OK"
    mac = _by_what(doctor.diagnose(wb, system="Darwin"))
    assert mac["Interpreter_Mac"][0].status == "FAIL"
    linux = _by_what(doctor.diagnose(wb, system="Linux"))
    assert {c.status for c in linux["Interpreter_Win"] + linux["Interpreter_Mac"]} == {"OK"}


def test_this_python_as_interpreter_is_ok(copy):
    import sys

    wb = copy()
    _edit_conf(wb, Interpreter_Mac=sys.executable)
    assert _status(doctor.diagnose(wb, system="Darwin"), "Interpreter_Mac") == ["OK"]


def test_onedrive_and_lock_file_warn(copy):
    wb = copy(folder="OneDrive - เทศบาล/ITA")
    wb.with_name("~$" + wb.name).write_bytes(b"")
    checks = _by_what(doctor.diagnose(wb))
    assert checks["OneDrive/SharePoint"][0].status == "WARN"
    assert checks["open in Excel"][0].status == "WARN"


def test_plain_xlsx_is_not_an_ita_workbook(tmp_path):
    # An .xlsx is read as a Lite workbook (issue 20), not as a desktop one without VBA.
    path = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(path)
    path.with_suffix(".py").write_text("from ita_xl.excel.desktop import main\n", encoding="utf-8")
    checks = _by_what(doctor.diagnose(path))
    assert checks["code parts"][0].status == "FAIL" and "not an ita_xl workbook" in checks["code parts"][0].detail
    assert "VBA" not in checks and "shim" not in checks


def test_missing_workbook(tmp_path):
    (wb,) = [c for c in doctor.diagnose(tmp_path / "nope.xlsm") if c.what == "workbook"]
    assert wb.status == "FAIL"


def test_linux_says_what_it_cannot_check():
    checks = _by_what(doctor.diagnose(system="Linux"))
    assert "cannot be checked" in checks["xlwings add-in"][0].detail
    assert "cannot be checked" in checks["Excel trust settings"][0].detail


def test_license_key(monkeypatch, tmp_path):
    monkeypatch.setattr(doctor_python, "_LICENSE_CONF", tmp_path / "none.conf")
    monkeypatch.delenv("XLWINGS_LICENSE_KEY", raising=False)
    assert doctor_python.license_key().status == "WARN"
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    assert doctor_python.license_key().status == "OK"


# -- what Excel will run (xlwings' VBA GetConfig chain), on fake homes and PATHs ----------------


def _exe(folder, name="python"):
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text("#!/bin/sh\n", encoding="utf-8")
    p.chmod(0o755)
    return p


def test_new_workbook_conf_sheet_sets_no_blank_key(good):
    conf = doctor_book.read_conf_sheet(good)
    assert conf and all(v for v in conf.values()), conf
    assert not any(k.upper().startswith(("INTERPRETER", "PYTHONPATH")) for k in conf)


def test_blank_interpreter_row_hides_the_user_config(copy, tmp_path):
    wb = copy()
    _edit_conf(wb, Interpreter_Win="")
    home = tmp_path / "home"
    doctor_python.write_user_config("Windows", str(_exe(tmp_path / "venv" / "Scripts", "python.exe")), home)
    layers = doctor_python.config_layers(doctor_book.read_conf_sheet(wb), wb.parent, "Windows", home)
    value, where = doctor_python.resolve_interpreter(layers, "Windows")
    assert value == "python" and "blank" in where  # the VBA falls back to PATH's python
    blank = [c for c in doctor_book.conf_sheet(wb, "Windows") if "blank" in c.detail]
    assert blank and blank[0].status == "FAIL" and "Interpreter_Win" in blank[0].fix_en


def test_windows_store_stub_on_path_fails(tmp_path):
    stub = _exe(tmp_path / "AppData" / "Local" / "Microsoft" / "WindowsApps")
    checks = _by_what(doctor_python.excel_python("Windows", {}, None, home=tmp_path / "home", path_env=str(stub.parent), probe=False))
    (py,) = checks["Excel's Python"]
    assert py.status == "FAIL" and "Store stub" in py.detail and "doctor --fix" in py.fix_en
    assert checks["user xlwings.conf"][0].status == "WARN"


def test_no_python_on_path_fails(tmp_path):
    checks = _by_what(doctor_python.excel_python("Windows", {}, None, home=tmp_path, path_env=str(tmp_path / "empty"), probe=False))
    assert checks["Excel's Python"][0].status == "FAIL" and "not on PATH" in checks["Excel's Python"][0].detail


def test_user_config_interpreter_and_its_dll(tmp_path):
    home = tmp_path / "home"
    exe = _exe(tmp_path / "venv" / "Scripts", "python.exe")
    doctor_python.write_user_config("Windows", str(exe), home)
    checks = _by_what(doctor_python.excel_python("Windows", {"UDF Modules": "ita_xl.excel.udfs"}, None, home=home, path_env="", probe=False))
    assert checks["user xlwings.conf"][0].status == "OK"
    assert checks["Excel's Python"][0].status == "OK" and str(exe) in checks["Excel's Python"][0].detail
    assert checks["xlwings DLL"][0].status == "FAIL"
    (exe.parent / f"xlwings64-{__import__('xlwings').__version__}.dll").write_bytes(b"")
    checks = _by_what(doctor_python.excel_python("Windows", {}, None, home=home, path_env="", probe=False))
    assert checks["xlwings DLL"][0].status == "OK"


def test_sheet_interpreter_wins_over_user_config(tmp_path):
    home = tmp_path / "home"
    doctor_python.write_user_config("Windows", str(_exe(tmp_path / "a", "python.exe")), home)
    sheet = {"Interpreter_Win": str(_exe(tmp_path / "b", "python.exe"))}
    value, where = doctor_python.resolve_interpreter(doctor_python.config_layers(sheet, None, "Windows", home), "Windows")
    assert value == sheet["Interpreter_Win"] and where == "xlwings.conf sheet"


def test_mac_needs_runpython_install(tmp_path):
    home = tmp_path / "home"
    doctor_python.write_user_config("Darwin", str(_exe(tmp_path / "py", "python3")), home)
    assert (home / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "xlwings.conf").exists()
    checks = _by_what(doctor_python.excel_python("Darwin", {}, None, home=home, probe=False))
    assert checks["RunPython (macOS)"][0].status == "FAIL" and "runpython install" in checks["RunPython (macOS)"][0].fix_en
    script = home / "Library" / "Application Scripts" / "com.microsoft.Excel"
    script.mkdir(parents=True)
    (script / f"xlwings-{__import__('xlwings').__version__}.applescript").write_text("", encoding="utf-8")
    assert _by_what(doctor_python.excel_python("Darwin", {}, None, home=home, probe=False))["RunPython (macOS)"][0].status == "OK"


def test_probe_runs_the_interpreter(tmp_path):
    import sys

    home = tmp_path / "home"
    doctor_python.write_user_config("Windows", sys.executable, home)
    runs = _by_what(doctor_python.excel_python("Windows", {}, None, home=home, probe=True))["Excel's Python runs"][0]
    assert runs.status == "OK" and "ita_xl" in runs.detail
    bare = _exe(tmp_path / "bare", "python.exe")
    bare.write_text("#!/bin/sh\necho 'No module named ita_xl' >&2\nexit 1\n", encoding="utf-8")
    doctor_python.write_user_config("Windows", str(bare), home)
    runs = _by_what(doctor_python.excel_python("Windows", {}, None, home=home, probe=True))["Excel's Python runs"][0]
    assert runs.status == "FAIL" and "ita_xl" in runs.detail


def test_fix_writes_this_python_and_keeps_other_settings(tmp_path):
    import sys

    home = tmp_path / "home"
    conf = doctor_python.user_config_path("Windows", home)
    conf.parent.mkdir(parents=True)
    conf.write_text('"LICENSE_KEY","noncommercial"\n"INTERPRETER_WIN","C:\\old\\python.exe"\n', encoding="utf-8")
    lines = doctor.fix("Windows", home)
    assert str(conf) in lines[0]
    got = doctor_python.read_config_file(conf)
    assert got == {"INTERPRETER_WIN": sys.executable, "LICENSE_KEY": "noncommercial"}
    assert doctor.fix("Linux", home)[0].startswith("--fix: nothing to do")


def test_dll_in_a_virtual_environments_root_is_found(tmp_path):
    """pip installs xlwings' DLL as data, into a venv's root; xlwings' VBA looks beside the
    interpreter and one folder up (Scripts\\python.exe -> the venv), so doctor does too."""
    home = tmp_path / "home"
    exe = _exe(tmp_path / "venv" / "Scripts", "python.exe")
    doctor_python.write_user_config("Windows", str(exe), home)
    (tmp_path / "venv" / f"xlwings64-{__import__('xlwings').__version__}.dll").write_bytes(b"")
    checks = _by_what(doctor_python.excel_python("Windows", {}, None, home=home, path_env="", probe=False))
    assert checks["xlwings DLL"][0].status == "OK" and str(tmp_path / "venv") in checks["xlwings DLL"][0].detail
