"""``ita-xl doctor [WORKBOOK]``: diagnose the desktop xlwings set-up a workbook needs.

Each line is OK, WARN or FAIL with a Thai and English fix; the exit status is 1 when any line
fails. What cannot be seen from this machine (Excel's add-ins and trust settings off Windows) is
said, never guessed. The common failures are in shared/reference/xlwings/REPORT.md §5.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import os
import platform
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..workbook.layout import CONF_SHEET, is_valid_module_name, suggest_module_name

ORDER = 60
OK, WARN, FAIL = "OK", "WARN", "FAIL"
_VBA_VERSION = re.compile(r"(?:'Version:\s*|xlwings(?:32|64)-)(\d+\.\d+\.\d+)")
_LICENSE_CONF = Path.home() / ".xlwings" / "xlwings.conf"


@dataclass
class Check:
    status: str
    what: str
    detail: str
    fix_th: str = ""
    fix_en: str = ""

    def lines(self) -> list[str]:
        out = [f"{self.status:<4} {self.what}: {self.detail}"]
        if self.status != OK and (self.fix_th or self.fix_en):
            out.append(f"     แก้ไข: {self.fix_th}")
            out.append(f"     fix:   {self.fix_en}")
        return out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="diagnose the desktop xlwings set-up of a workbook / ตรวจการติดตั้ง")
    p.add_argument("workbook", nargs="?", help="the ita_xl workbook (.xlsm) to check")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    checks = diagnose(args.workbook)
    for c in checks:
        print("\n".join(c.lines()))
    fails = sum(c.status == FAIL for c in checks)
    warns = sum(c.status == WARN for c in checks)
    print(f"\n{fails} FAIL, {warns} WARN, {len(checks) - fails - warns} OK")
    return 1 if fails else 0


def diagnose(workbook: str | os.PathLike | None = None, *, system: str | None = None) -> list[Check]:
    """All checks; ``system`` ("Windows", "Darwin", "Linux") defaults to this machine's."""
    system = system or platform.system()
    checks = [*environment(system)]
    if workbook is not None:
        checks += workbook_checks(Path(workbook), system)
    checks.append(license_key())
    return checks


# -- this Python --------------------------------------------------------------------------------


def _xlwings_version() -> str | None:
    try:
        import xlwings

        return xlwings.__version__
    except ImportError:
        return None


def environment(system: str) -> list[Check]:
    out = [Check(OK, "interpreter", sys.executable)]
    py = platform.python_version()
    if sys.version_info >= (3, 11):
        out.append(Check(OK, "python", py))
    else:
        out.append(Check(FAIL, "python", py, "ติดตั้ง Python 3.11 ขึ้นไป", "install Python 3.11 or newer"))
    xv = _xlwings_version()
    if xv is None:
        out.append(Check(FAIL, "xlwings", "not installed", 'ติดตั้งด้วย pip install "ita-xl[excel]"',
                         'install it: pip install "ita-xl[excel]"'))
    else:
        out.append(Check(OK, "xlwings", xv))
    out.append(Check(OK, "ita_xl", __version__))
    if system == "Windows":
        has = importlib.util.find_spec("win32com") is not None
        out.append(Check(OK if has else FAIL, "pywin32", "installed" if has else "missing",
                         "ติดตั้งด้วย pip install pywin32", "install it: pip install pywin32"))
    elif system == "Darwin":
        has = importlib.util.find_spec("appscript") is not None
        out.append(Check(OK if has else FAIL, "appscript", "installed" if has else "missing",
                         "ติดตั้ง xlwings ใหม่ (pip install --force-reinstall xlwings) แล้วรัน xlwings runpython install",
                         "reinstall xlwings, then run: xlwings runpython install"))
    out.append(addin(system))
    out.append(trust_settings(system))
    return out


def _addin_paths(system: str) -> list[Path]:
    if system == "Windows":
        appdata = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
        return [appdata / "Microsoft" / "Excel" / "XLSTART" / "xlwings.xlam"]
    if system == "Darwin":
        base = Path.home() / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "Library"
        return [base / "Application Support" / "Microsoft" / "Office" / "Startup" / "Excel" / "xlwings.xlam",
                base / "Application Support" / "Microsoft" / "Office" / "Excel" / "Startup" / "xlwings.xlam"]
    return []


def addin(system: str) -> Check:
    paths = _addin_paths(system)
    if not paths:
        return Check(WARN, "xlwings add-in", f"cannot be checked on {system} (no desktop Excel here)",
                     "ตรวจบนเครื่องที่ใช้ Excel: รัน ita-xl doctor ที่นั่น",
                     "run ita-xl doctor on the Windows/macOS machine that runs Excel")
    found = [p for p in paths if p.exists()]
    if found:
        return Check(OK, "xlwings add-in", str(found[0]))
    return Check(WARN, "xlwings add-in", "not installed (fine for workbooks with their own xlwings VBA module)",
                 "ถ้าใช้ฟังก์ชัน UDF ให้รัน xlwings addin install", "for UDFs run: xlwings addin install")


def trust_settings(system: str) -> Check:
    if system != "Windows" or sys.platform != "win32":
        return Check(WARN, "Excel trust settings", f"cannot be checked on {platform.system()}",
                     "ใน Excel: ไฟล์ > ตัวเลือก > ศูนย์ความเชื่อถือ > เปิดใช้แมโคร และ "
                     "'เชื่อถือการเข้าถึงโมเดลวัตถุโครงการ VBA' (สำหรับ Import Functions)",
                     "in Excel: File > Options > Trust Center: enable macros and "
                     "'Trust access to the VBA project object model' (for Import Functions)")
    import winreg  # noqa: PLC0415

    for ver in ("16.0", "15.0"):
        try:
            key = winreg.OpenKey(winreg.HKEY_CURRENT_USER, rf"Software\Microsoft\Office\{ver}\Excel\Security")
            value, _ = winreg.QueryValueEx(key, "AccessVBOM")
        except OSError:
            continue
        if value == 1:
            return Check(OK, "Excel trust settings", f"AccessVBOM=1 (Office {ver})")
        break
    return Check(WARN, "Excel trust settings", "access to the VBA project object model is off",
                 "เปิด 'เชื่อถือการเข้าถึงโมเดลวัตถุโครงการ VBA' เฉพาะเมื่อต้อง Import Functions",
                 "turn on 'Trust access to the VBA project object model' only to Import Functions")


def license_key() -> Check:
    if os.environ.get("XLWINGS_LICENSE_KEY"):
        return Check(OK, "xlwings license key", "set in XLWINGS_LICENSE_KEY")
    if _LICENSE_CONF.exists() and "LICENSE_KEY" in _LICENSE_CONF.read_text(encoding="utf-8", errors="replace"):
        return Check(OK, "xlwings license key", f"in {_LICENSE_CONF}")
    return Check(WARN, "xlwings license key", "not set: only PRO features need it (remote-engine tests, calamine "
                 "reader); desktop buttons and UDFs do not",
                 "สำหรับหน่วยงานรัฐ (ไม่ใช่เชิงพาณิชย์): xlwings license update -k noncommercial",
                 "for government (noncommercial) use: xlwings license update -k noncommercial")


# -- the workbook ---------------------------------------------------------------------------------


def vba_modules(path: Path) -> dict[str, str] | None:
    """VBA module name -> source, via olevba; ``None`` when oletools is not installed."""
    try:
        from oletools.olevba import VBA_Parser  # noqa: PLC0415
    except ImportError:
        return None
    parser = VBA_Parser(str(path))
    try:
        if not parser.detect_vba_macros():
            return {}
        return {Path(name).stem: code for _f, _s, name, code in parser.extract_macros()}
    finally:
        parser.close()


def vba_xlwings_version(modules: dict[str, str]) -> str | None:
    """The version the workbook's xlwings VBA module is pinned to (``'Version: 0.37.8``)."""
    code = modules.get("xlwings", "")
    m = _VBA_VERSION.search(code)
    return m.group(1) if m else None


def read_conf_sheet(path: Path) -> dict[str, str] | None:
    """The ``xlwings.conf`` sheet's key/value rows; ``None`` when the sheet is absent."""
    import openpyxl  # noqa: PLC0415

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if CONF_SHEET not in wb.sheetnames:
            return None
        out = {}
        for row in wb[CONF_SHEET].iter_rows(max_col=2, values_only=True):
            if row and row[0] not in (None, ""):
                out[str(row[0]).strip()] = "" if len(row) < 2 or row[1] is None else str(row[1]).strip()
        return out
    finally:
        wb.close()


def workbook_checks(path: Path, system: str) -> list[Check]:
    if not path.exists():
        return [Check(FAIL, "workbook", f"{path} not found", "ตรวจชื่อและตำแหน่งไฟล์", "check the file name and folder")]
    out = [Check(OK, "workbook", str(path.resolve()))]
    if not zipfile.is_zipfile(path):
        return out + [Check(FAIL, "workbook", "not an .xlsx/.xlsm file", "บันทึกเป็น .xlsm", "save it as .xlsm")]
    out.append(lock_file(path))
    out.append(cloud_path(path))
    out.append(file_name(path))
    out.append(shim(path))
    out += vba(path)
    out += conf_sheet(path, system)
    return out


def lock_file(path: Path) -> Check:
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        return Check(WARN, "open in Excel", f"lock file {lock.name} beside it",
                     "ปิดไฟล์ใน Excel ก่อนใช้คำสั่ง ita-xl fill/import", "close it in Excel before ita-xl fill/import")
    return Check(OK, "open in Excel", "no lock file")


def cloud_path(path: Path) -> Check:
    text = str(path.resolve())
    if re.match(r"https?://", str(path)) or re.search(r"onedrive|sharepoint", text, re.IGNORECASE):
        return Check(WARN, "OneDrive/SharePoint", text,
                     "คัดลอกไฟล์ไปไว้ในโฟลเดอร์ภายในเครื่อง (ไม่ซิงก์) แล้วเปิดจากที่นั่น",
                     "copy the workbook to a local, non-synced folder and open it from there")
    return Check(OK, "OneDrive/SharePoint", "local path")


def file_name(path: Path) -> Check:
    stem = path.stem
    if is_valid_module_name(stem):
        return Check(OK, "file name", f"{path.name} (module {stem})")
    good = suggest_module_name(stem)
    why = "non-ASCII" if not stem.isascii() else "not a Python identifier"
    return Check(FAIL, "file name", f"{path.name}: {why}; the buttons' macro runs `import {stem}`",
                 f"เปลี่ยนชื่อไฟล์เป็นภาษาอังกฤษ เช่น {good}{path.suffix} และเปลี่ยนชื่อ {stem}.py เป็น {good}.py",
                 f"rename the file to e.g. {good}{path.suffix} and its {stem}.py to {good}.py")


def shim(path: Path) -> Check:
    stem, py = path.stem, path.with_suffix(".py")
    fix_th = f"สร้างไฟล์ {py.name} ข้างสมุดงาน มีบรรทัดเดียว: from ita_xl.desktop import main"
    fix_en = f"create {py.name} beside the workbook with one line: from ita_xl.desktop import main"
    if not py.exists():
        others = sorted(p.name for p in path.parent.glob("*.py") if "ita_xl.desktop" in _read(p))
        hint = f" (found {', '.join(others)}: was the workbook renamed?)" if others else ""
        return Check(FAIL, "shim", f"{py.name} missing{hint}", fix_th, fix_en)
    source = _read(py)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return Check(FAIL, "shim", f"{py.name}: {exc.msg} (line {exc.lineno})", fix_th, fix_en)
    imports_main = any(
        isinstance(n, ast.ImportFrom) and n.module == "ita_xl.desktop" and any(a.name == "main" for a in n.names)
        for n in ast.walk(tree)
    ) or any(isinstance(n, ast.FunctionDef) and n.name == "main" for n in tree.body)
    if not imports_main:
        return Check(FAIL, "shim", f"{py.name} has no main()", fix_th, fix_en)
    if not is_valid_module_name(stem):
        return Check(FAIL, "shim", f"{py.name} cannot be imported as `{stem}`", fix_th, fix_en)
    if stem in sys.stdlib_module_names:
        return Check(FAIL, "shim", f"`{stem}` is a standard-library module name and would shadow it",
                     "เปลี่ยนชื่อไฟล์สมุดงานและ .py ให้ไม่ซ้ำชื่อโมดูลมาตรฐาน", "rename workbook and .py to a unique name")
    try:
        spec = importlib.util.spec_from_file_location(stem, py)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    except Exception as exc:  # noqa: BLE001 - any import failure is the finding
        return Check(FAIL, "shim", f"{py.name} does not import: {type(exc).__name__}: {exc}",
                     "ติดตั้ง ita-xl[excel] ใน Python ที่ Excel ใช้ (ดู Interpreter ใน xlwings.conf)",
                     "install ita-xl[excel] into the Python Excel uses (see Interpreter in xlwings.conf)")
    if not callable(getattr(module, "main", None)):
        return Check(FAIL, "shim", f"{py.name} has no callable main()", fix_th, fix_en)
    return Check(OK, "shim", f"{py.name} imports; main() found")


def _read(p: Path) -> str:
    try:
        return p.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def vba(path: Path) -> list[Check]:
    modules = vba_modules(path)
    if modules is None:
        return [Check(WARN, "VBA", "oletools not installed: VBA not inspected",
                      'ติดตั้งด้วย pip install "ita-xl[test]"', 'install oletools: pip install "ita-xl[test]"')]
    if not modules:
        return [Check(FAIL, "VBA", "no VBA project: the buttons cannot run",
                      "สร้างสมุดงานใหม่ด้วย ita-xl new ชื่อไฟล์.xlsm (ต้องเป็น .xlsm)",
                      "rebuild it with `ita-xl new NAME.xlsm` (must be .xlsm)")]
    installed = _xlwings_version()
    pinned = vba_xlwings_version(modules)
    out = [Check(OK, "VBA", f"modules: {', '.join(sorted(modules))}")]
    if pinned is None:
        out.append(Check(WARN, "xlwings VBA version", "no xlwings VBA module: the xlwings add-in must be installed",
                         "รัน xlwings addin install", "run: xlwings addin install"))
    elif installed is None or pinned != installed:
        out.append(Check(FAIL, "xlwings VBA version", f"workbook {pinned}, installed {installed}",
                         f"ติดตั้ง xlwings=={pinned} (pip install xlwings=={pinned}) หรือสร้างสมุดงานใหม่ด้วย ita-xl new",
                         f"install the same version (pip install xlwings=={pinned}) or rebuild with ita-xl new"))
    else:
        out.append(Check(OK, "xlwings VBA version", f"{pinned} = installed"))
    return out


def conf_sheet(path: Path, system: str) -> list[Check]:
    try:
        conf = read_conf_sheet(path)
    except Exception as exc:  # noqa: BLE001
        return [Check(WARN, "xlwings.conf", f"cannot read: {exc}")]
    if conf is None:
        return [Check(WARN, "xlwings.conf", "no xlwings.conf sheet: global/user settings apply",
                      "สร้างสมุดงานใหม่ด้วย ita-xl new", "rebuild it with ita-xl new")]
    out = [Check(OK, "xlwings.conf", ", ".join(f"{k}={v}" for k, v in conf.items() if v) or "empty")]
    key = {"Windows": "Interpreter_Win", "Darwin": "Interpreter_Mac"}.get(system)
    for name in ("Interpreter_Win", "Interpreter_Mac"):
        value = conf.get(name, "")
        if not value:
            continue
        if name != key:
            out.append(Check(OK, name, f"{value} (used on another system; not checked here)"))
        elif not _interpreter_ok(value):
            out.append(Check(FAIL, name, f"{value} not found",
                             f"แก้ค่า {name} ในแผ่นงาน xlwings.conf เป็น {sys.executable} หรือลบแถวนี้ทิ้ง",
                             f"set {name} in the xlwings.conf sheet to {sys.executable} or delete the row"))
        elif not _same_python(value):
            out.append(Check(WARN, name, f"{value}: not this Python ({sys.executable})",
                             "ตรวจว่าติดตั้ง ita-xl[excel] ใน Python นั้นแล้ว", "make sure ita-xl[excel] is installed there"))
        else:
            out.append(Check(OK, name, value))
    for module in filter(None, (m.strip() for m in conf.get("UDF Modules", "").split(";"))):
        found = _importable(module)
        out.append(Check(OK if found else FAIL, "UDF Modules", f"{module} {'importable' if found else 'not importable'}",
                         "ตั้ง UDF Modules เป็น ita_xl.udfs", "set UDF Modules to ita_xl.udfs"))
    for entry in ("ITA_XL_VERSION", "XLWINGS_VERSION"):
        want = conf.get(entry, "")
        have = __version__ if entry == "ITA_XL_VERSION" else _xlwings_version()
        if want and want != have:
            out.append(Check(FAIL, entry, f"workbook built for {want}, installed {have}",
                             f"ติดตั้งรุ่น {want} หรือสร้างสมุดงานใหม่ด้วย ita-xl new",
                             f"install version {want} or rebuild the workbook with ita-xl new"))
    return out


def _importable(module: str) -> bool:
    if not all(part.isidentifier() for part in module.split(".")):
        return False
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a missing parent package raises
        return False


def _interpreter_ok(value: str) -> bool:
    expanded = os.path.expandvars(os.path.expanduser(value))
    return Path(expanded).exists()


def _same_python(value: str) -> bool:
    try:
        return Path(os.path.expandvars(os.path.expanduser(value))).resolve() == Path(sys.executable).resolve()
    except OSError:
        return False
