"""The workbook's side of ``ita-xl doctor``: the file (name, lock, cloud folder), its button module
(the shim), its VBA project and xlwings.conf sheet, Lite's main.py, and ``--fix WORKBOOK`` to put
back the code parts another program removed (:mod:`ita_xl.xlsx.repair`).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import sys
import zipfile
from pathlib import Path

from ita_xl import __version__
from ita_xl.io.safefile import check_not_open
from ita_xl.io.sheets import sheet_values
from ita_xl.excel.doctor.check import FAIL, OK, WARN, WHEEL, Check, installed_xlwings
from ita_xl.workbook.layout import CONF_SHEET, is_valid_module_name, suggest_module_name
from ita_xl.xlsx.repair import MISSING, REWRITTEN, STAFF, UNKNOWN, inspect, repair, vba_modules

_VBA_VERSION = re.compile(r"(?:'Version:\s*|xlwings(?:32|64)-)(\d+\.\d+\.\d+)")


def vba_xlwings_version(modules: dict[str, str]) -> str | None:
    """The version the workbook's xlwings VBA module is pinned to (``'Version: 0.37.8``)."""
    code = modules.get("xlwings", "")
    m = _VBA_VERSION.search(code)
    return m.group(1) if m else None


def read_conf_sheet(path: Path) -> dict[str, str] | None:
    """The ``xlwings.conf`` sheet's key/value rows; ``None`` when the sheet is absent."""
    rows = sheet_values(path, [CONF_SHEET]).get(CONF_SHEET)
    if rows is None:
        return None
    out = {}
    for row in rows:
        if row and row[0] is not None:
            out[str(row[0]).strip()] = "" if len(row) < 2 or row[1] is None else str(row[1]).strip()
    return out


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
    out += code_parts(path)
    out += conf_sheet(path, system)
    return out


def lite_checks(path: Path) -> list[Check]:
    """A Lite workbook (.xlsx): it is a file, an ita_xl one, and its main.py is in it."""
    if not path.exists():
        return [Check(FAIL, "workbook", f"{path} not found", "ตรวจชื่อและตำแหน่งไฟล์", "check the file name and folder")]
    out = [Check(OK, "workbook", f"{path.resolve()} (xlwings Lite)")]
    if not zipfile.is_zipfile(path):
        return out + [Check(FAIL, "workbook", "not an .xlsx file", "สร้างใหม่ด้วย ita-xl new ชื่อไฟล์.xlsx",
                            "make it again with `ita-xl new NAME.xlsx`")]
    out.append(lock_file(path))
    return out + code_parts(path)


def code_parts(path: Path) -> list[Check]:
    """Whether ita_xl's code parts (Lite's main.py, the xlwings VBA project) are whole (:mod:`ita_xl.xlsx.repair`)."""

    try:
        state = inspect(path)
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        return [Check(FAIL, "code parts", f"cannot read: {exc}")]
    fix_th, fix_en = f"รัน ita-xl doctor --fix {path.name} (หรือ ita-xl fill) เพื่อใส่คืน", f"run `ita-xl doctor --fix {path.name}` (or `ita-xl fill`) to put it back"
    if state.runtime == "":
        return [Check(FAIL, "code parts", "not an ita_xl workbook (no settings sheet)",
                      "สร้างสมุดงานด้วย ita-xl new", "make the workbook with `ita-xl new`")]
    if state.runtime == "lite":
        if state.lite_code:
            return [Check(OK, "Lite code", "main.py is in the workbook")]
        why = ("another program (e.g. LibreOffice) saved the workbook without it" if state.lite_trace
               else "an .xlsx without Lite's parts (saved from a desktop .xlsm?)")
        return [Check(FAIL, "Lite code", f"main.py is missing (xl/webextensions/webextension1.xml): {why}",
                      f"รัน ita-xl doctor --fix {path.name} เพื่อใส่โค้ดของ xlwings Lite", f"run `ita-xl doctor --fix {path.name}` to put Lite's code in")]
    if state.vba == REWRITTEN:
        return [Check(FAIL, "xlwings VBA project", "rewritten by another program (e.g. LibreOffice): the Dictionary "
                      "class lost its declaration", fix_th, fix_en)]
    if state.vba == MISSING:
        return [Check(FAIL, "xlwings VBA project", "missing", fix_th, fix_en)]
    if state.vba == STAFF:
        mods = ", ".join(state.staff_modules)
        return [Check(WARN, "xlwings VBA project", f"holds macros of your own ({mods}): ita_xl never overwrites it",
                      "ถ้าปุ่มทำงานไม่ได้ ส่งออกโมดูลของท่าน (Alt+F11) สร้างสมุดงานใหม่ด้วย ita-xl new แล้วนำเข้าโมดูลกลับ",
                      "if the buttons fail, export your modules (Alt+F11), make a new workbook with `ita-xl new`, import them")]
    if state.vba == UNKNOWN:
        return [Check(WARN, "xlwings VBA project", "differs from xlwings' and oletools is not installed to read it",
                      'ติดตั้ง oletools (pip install oletools)', "install oletools (pip install oletools)")]
    return [Check(OK, "xlwings VBA project", "as xlwings ships it")]


def fix_workbook(workbook: str | os.PathLike | None) -> list[str]:
    """``doctor --fix WORKBOOK``: put back the code parts another program removed or rewrote."""
    if workbook is None or not Path(workbook).exists() or not zipfile.is_zipfile(workbook):
        return []

    check_not_open(Path(workbook))
    notices = repair(workbook, force=True)
    return [f"{n.message_th}\n  {n.message_en}" for n in notices] or [f"{Path(workbook).name}: code parts whole, nothing to put back"]


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
    fix_th = f"สร้างไฟล์ {py.name} ข้างสมุดงาน มีบรรทัดเดียว: from ita_xl.excel.desktop import main"
    fix_en = f"create {py.name} beside the workbook with one line: from ita_xl.excel.desktop import main"
    if not py.exists():
        others = sorted(p.name for p in path.parent.glob("*.py") if "ita_xl.excel.desktop" in _read(p))
        hint = f" (found {', '.join(others)}: was the workbook renamed?)" if others else ""
        return Check(FAIL, "shim", f"{py.name} missing{hint}", fix_th, fix_en)
    source = _read(py)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return Check(FAIL, "shim", f"{py.name}: {exc.msg} (line {exc.lineno})", fix_th, fix_en)
    imports_main = any(
        isinstance(n, ast.ImportFrom) and n.module == "ita_xl.excel.desktop" and any(a.name == "main" for a in n.names)
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
                     f"ติดตั้ง {WHEEL} จากชุดเผยแพร่ใน Python ที่ Excel ใช้ (ดู Interpreter ใน xlwings.conf)",
                     f"install the release's {WHEEL} into the Python Excel uses (see Interpreter in xlwings.conf)")
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
                      'ติดตั้งด้วย pip install oletools', 'install oletools: pip install oletools')]
    if not modules:
        return [Check(FAIL, "VBA", "no VBA project: the buttons cannot run",
                      "สร้างสมุดงานใหม่ด้วย ita-xl new ชื่อไฟล์.xlsm (ต้องเป็น .xlsm)",
                      "rebuild it with `ita-xl new NAME.xlsm` (must be .xlsm)")]
    installed = installed_xlwings()
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
    for name in [k for k, v in conf.items() if not v]:
        out.append(Check(FAIL, "xlwings.conf", f"{name} is blank on the sheet: it hides the user's xlwings.conf",
                         f"ลบแถว {name} ในแผ่นงาน xlwings.conf (หรือสร้างสมุดงานใหม่ด้วย ita-xl new)",
                         f"delete the {name} row of the xlwings.conf sheet (or rebuild with ita-xl new)"))
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
                             f"ตรวจว่าติดตั้ง {WHEEL} ใน Python นั้นแล้ว", f"make sure {WHEEL} is installed there"))
        else:
            out.append(Check(OK, name, value))
    for module in filter(None, (m.strip() for m in conf.get("UDF Modules", "").split(";"))):
        found = _importable(module)
        out.append(Check(OK if found else FAIL, "UDF Modules", f"{module} {'importable' if found else 'not importable'}",
                         "ตั้ง UDF Modules เป็น ita_xl.excel.udfs", "set UDF Modules to ita_xl.excel.udfs"))
    for entry in ("ITA_XL_VERSION", "XLWINGS_VERSION"):
        want = conf.get(entry, "")
        have = __version__ if entry == "ITA_XL_VERSION" else installed_xlwings()
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
