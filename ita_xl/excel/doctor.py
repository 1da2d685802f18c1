"""``ita-xl doctor [WORKBOOK]``: diagnose the desktop xlwings set-up a workbook needs.

Each line is OK, WARN or FAIL with a Thai and English fix; the exit status is 1 when any line
fails. What cannot be seen from this machine (Excel's add-ins and trust settings off Windows) is
said, never guessed. The common failures are in shared/reference/xlwings/REPORT.md §5.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import platform
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ita_xl import __version__
from ita_xl.io.safefile import atomic_save, check_not_open
from ita_xl.xlsx.repair import MISSING, REWRITTEN, STAFF, UNKNOWN, inspect, repair, vba_modules
from ita_xl.workbook.layout import CONF_SHEET, is_valid_module_name, suggest_module_name

OK, WARN, FAIL = "OK", "WARN", "FAIL"
_VBA_VERSION = re.compile(r"(?:'Version:\s*|xlwings(?:32|64)-)(\d+\.\d+\.\d+)")
_LICENSE_CONF = Path.home() / ".xlwings" / "xlwings.conf"
# No index serves ita-xl: it is installed from the release's wheel file (scripts/release.py).
WHEEL = f"ita_xl-{__version__}-py3-none-any.whl"


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


def diagnose(workbook: str | os.PathLike | None = None, *, system: str | None = None) -> list[Check]:
    """All checks; ``system`` ("Windows", "Darwin", "Linux") defaults to this machine's."""
    system = system or platform.system()
    checks = [*environment(system)]
    sheet_conf = None
    folder = None
    if workbook is not None and Path(workbook).suffix.lower() == ".xlsx":
        desktop_only = ("xlwings add-in", "Excel trust settings")  # Lite runs in Excel's own Pyodide
        return [c for c in checks if c.what not in desktop_only] + lite_checks(Path(workbook))
    if workbook is not None:
        checks += workbook_checks(Path(workbook), system)
        folder = Path(workbook).parent
        try:
            sheet_conf = read_conf_sheet(Path(workbook)) if Path(workbook).exists() else None
        except Exception:  # noqa: BLE001 - reported by workbook_checks
            sheet_conf = None
    checks += excel_python(system, sheet_conf, folder)
    checks.append(license_key())
    return checks


# -- what Excel will run --------------------------------------------------------------------------
# xlwings' VBA (GetConfig) looks a key up in the workbook's xlwings.conf sheet, then an xlwings.conf
# beside the workbook, then the user's config file, then takes its default: "python" for RunPython
# (the buttons), "pythonw" for UDFs. A key present on the sheet wins even when blank. Then Windows
# runs `cmd.exe /C python ...` (PATH's python, possibly the Microsoft Store stub) and needs
# xlwings64-<version>.dll beside the interpreter; macOS runs it through the AppleScript that
# `xlwings runpython install` puts into Excel's script folder.


def user_config_path(system: str, home: Path | None = None) -> Path:
    """The user's xlwings.conf as the VBA's GetConfigFilePath finds it."""
    home = Path.home() if home is None else Path(home)
    if system == "Darwin":
        return home / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "xlwings.conf"
    return home / ".xlwings" / "xlwings.conf"


def read_config_file(path: Path) -> dict[str, str]:
    """``"KEY","VALUE"`` lines (VBA's ``Input #``), keys upper-cased; ``{}`` when absent or unreadable."""
    import csv  # noqa: PLC0415

    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return {}
    out: dict[str, str] = {}
    for row in csv.reader(text.splitlines()):
        if row and row[0].strip():
            out.setdefault(row[0].strip().upper(), row[1].strip() if len(row) > 1 else "")
    return out


def config_layers(sheet_conf: dict[str, str] | None, folder: Path | None, system: str,
                  home: Path | None = None) -> list[tuple[str, dict[str, str]]]:
    layers = []
    if sheet_conf is not None:
        layers.append(("xlwings.conf sheet", {k.upper(): v for k, v in sheet_conf.items()}))
    if folder is not None:
        layers.append((str(folder / "xlwings.conf"), read_config_file(folder / "xlwings.conf")))
    user = user_config_path(system, home)
    layers.append((str(user), read_config_file(user)))
    return layers


def get_config(layers, key: str, default: str) -> tuple[str, str]:
    """(value, where it came from) as xlwings' VBA GetConfig resolves it."""
    for where, conf in layers:
        if key in conf:
            return os.path.expandvars(conf[key]), where
    return default, "xlwings' default"


def resolve_interpreter(layers, system: str, *, udf: bool = False) -> tuple[str, str]:
    key = "INTERPRETER_MAC" if system == "Darwin" else "INTERPRETER_WIN"
    value, where = get_config(layers, key, "")
    if value == "":
        value, where2 = get_config(layers, "INTERPRETER", "pythonw" if udf and system == "Windows" else "python")
        where = where2 if where == "xlwings' default" else f"{where} (blank), then {where2}"
    return value, where


def _store_stub(path: str) -> bool:
    return "\\windowsapps\\" in path.lower().replace("/", "\\")


def _probe(exe: str) -> tuple[dict[str, str] | None, str]:
    """Run the interpreter Excel would run: its path and the versions it imports."""
    import subprocess  # noqa: PLC0415

    code = ("import sys, json; out = {'executable': sys.executable}\n"
            "for m in ('xlwings', 'ita_xl'):\n"
            "    try:\n        out[m] = __import__(m).__version__\n"
            "    except Exception as e:\n        out[m] = ''\n"
            "print(json.dumps(out))")
    try:
        proc = subprocess.run([exe, "-c", code], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    if proc.returncode != 0:
        return None, (proc.stderr.strip().splitlines() or ["exit %d" % proc.returncode])[-1]
    import json  # noqa: PLC0415

    try:
        return json.loads(proc.stdout.strip().splitlines()[-1]), ""
    except (ValueError, IndexError):
        return None, proc.stdout.strip()[:200]


def excel_python(system: str, sheet_conf: dict[str, str] | None = None, folder: Path | None = None, *,
                 home: Path | None = None, path_env: str | None = None, probe: bool | None = None) -> list[Check]:
    """What the buttons' RunPython will start, and whether it can run ita_xl."""
    if system not in ("Windows", "Darwin"):
        return [Check(WARN, "Excel's Python", f"cannot be checked on {system} (no desktop Excel here)",
                      "รัน ita-xl doctor บนเครื่อง Windows/macOS ที่ใช้ Excel",
                      "run ita-xl doctor on the Windows/macOS machine that runs Excel")]
    layers = config_layers(sheet_conf, folder, system, home)
    user = user_config_path(system, home)
    out = []
    user_conf = read_config_file(user)
    key = "INTERPRETER_MAC" if system == "Darwin" else "INTERPRETER_WIN"
    if user_conf.get(key):
        out.append(Check(OK, "user xlwings.conf", f"{user}: {key}={user_conf[key]}"))
    else:
        out.append(Check(WARN, "user xlwings.conf", f"{user}: no {key}" if user.exists() else f"{user} missing",
                         "รัน ita-xl doctor --fix เพื่อให้ Excel ใช้ Python ตัวนี้",
                         "run `ita-xl doctor --fix` so that Excel uses this Python"))
    value, where = resolve_interpreter(layers, system)
    fix_th = f"รัน ita-xl doctor --fix (ตั้ง {key} เป็น {sys.executable})"
    fix_en = f"run `ita-xl doctor --fix` (sets {key} to {sys.executable})"
    if value in ("python", "pythonw"):
        found = shutil.which(value, path=path_env)
        if system == "Windows" and found and _store_stub(found):
            out.append(Check(FAIL, "Excel's Python", f"`{value}` ({where}) is the Microsoft Store stub {found}",
                             fix_th + " หรือปิด App execution aliases ของ python", fix_en + " or turn off python's App execution aliases"))
            return out
        if not found:
            out.append(Check(FAIL, "Excel's Python", f"`{value}` ({where}) is not on PATH", fix_th, fix_en))
            return out
        exe = found
        out.append(Check(WARN if system == "Darwin" else OK, "Excel's Python", f"`{value}` ({where}) = {found}",
                         "บน macOS Excel ไม่ได้ใช้ PATH ของเทอร์มินัล: " + fix_th,
                         "on macOS Excel does not see your shell's PATH: " + fix_en))
    else:
        exe = value
        if not Path(exe).exists():
            out.append(Check(FAIL, "Excel's Python", f"{exe} ({where}) not found", fix_th, fix_en))
            return out
        out.append(Check(OK, "Excel's Python", f"{exe} ({where})"))
    if probe if probe is not None else system == platform.system():
        info, err = _probe(exe)
        if info is None:
            out.append(Check(FAIL, "Excel's Python runs", f"{exe}: {err}", fix_th, fix_en))
        else:
            missing = [m for m in ("xlwings", "ita_xl") if not info.get(m)]
            vba = _xlwings_version()
            if missing:
                out.append(Check(FAIL, "Excel's Python runs", f"{info['executable']} cannot import {', '.join(missing)}",
                                 f'ติดตั้งไฟล์ wheel จากชุดเผยแพร่ใน Python นั้น: "{info["executable"]}" -m pip install {WHEEL} หรือ {fix_th}',
                                 f'install the release\'s wheel there: "{info["executable"]}" -m pip install {WHEEL}, or {fix_en}'))
            elif vba and info["xlwings"] != vba:
                out.append(Check(FAIL, "Excel's Python runs", f"{info['executable']} has xlwings {info['xlwings']}, the workbook's VBA needs {vba}",
                                 f"ติดตั้ง xlwings=={vba} ใน Python นั้น", f"install xlwings=={vba} there"))
            else:
                out.append(Check(OK, "Excel's Python runs", f"{info['executable']}: xlwings {info['xlwings']}, ita_xl {info['ita_xl']}"))
            exe = info["executable"]
    version = _xlwings_version() or "0.37.8"
    if system == "Windows":
        folder_of = Path(exe).parent
        # where xlwings' VBA (XLPyLoadDLL) loads it from: beside the interpreter (a standard
        # installation) or one folder up (a virtual environment: Scripts\python.exe, the DLL,
        # installed as data, in the environment's root)
        dlls = [folder / f"xlwings{bits}-{version}.dll" for folder in (folder_of, folder_of.parent) for bits in (64, 32)]
        if any(d.exists() for d in dlls):
            out.append(Check(OK, "xlwings DLL", str(next(d for d in dlls if d.exists()))))
        else:
            out.append(Check(FAIL, "xlwings DLL", f"no xlwings64-{version}.dll in {folder_of}",
                             f"ติดตั้ง xlwings=={version} ใหม่ใน Python นั้น (pip install --force-reinstall xlwings=={version})",
                             f"reinstall xlwings there: pip install --force-reinstall xlwings=={version}"))
    else:
        script = (Path.home() if home is None else Path(home)) / "Library" / "Application Scripts" / "com.microsoft.Excel" / f"xlwings-{version}.applescript"
        out.append(Check(OK, "RunPython (macOS)", str(script)) if script.exists() else Check(
            FAIL, "RunPython (macOS)", f"{script} missing", "รัน xlwings runpython install (หรือ ita-xl doctor --fix)",
            "run: xlwings runpython install (or ita-xl doctor --fix)"))
    return out


def write_user_config(system: str, interpreter: str, home: Path | None = None) -> Path:
    """Set INTERPRETER_WIN/MAC in the user's xlwings.conf to ``interpreter``, keeping its other lines."""
    path = user_config_path(system, home)
    key = "INTERPRETER_MAC" if system == "Darwin" else "INTERPRETER_WIN"
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        lines = []
    mine = f'"{key}","{interpreter}"'
    kept = [ln for ln in lines if not ln.strip().strip('"').upper().startswith(key + '"')
            and not ln.strip().upper().startswith(key + ",")]
    text = "\n".join([mine, *kept]) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_save(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"), backup=path.exists())
    return path


def fix(system: str | None = None, home: Path | None = None) -> list[str]:
    """``doctor --fix``: make Excel run this Python (and, on macOS, enable RunPython)."""
    system = system or platform.system()
    if system not in ("Windows", "Darwin"):
        return [f"--fix: nothing to do on {system} (no desktop Excel); run it on the machine with Excel"]
    path = write_user_config(system, sys.executable, home)
    out = [f"wrote {path}: {'INTERPRETER_MAC' if system == 'Darwin' else 'INTERPRETER_WIN'}={sys.executable}",
           f"  เขียน {path} แล้ว: Excel จะใช้ Python {sys.executable}"]
    if system == "Darwin":
        import subprocess  # noqa: PLC0415

        cli = Path(sys.executable).with_name("xlwings")
        proc = subprocess.run([str(cli), "runpython", "install"], capture_output=True, text=True) if cli.exists() else None
        if proc is not None and proc.returncode == 0:
            out.append("ran: xlwings runpython install")
        else:
            out.append("could not run `xlwings runpython install`: run it yourself / รันคำสั่ง xlwings runpython install เอง")
    return out


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
        out.append(Check(FAIL, "xlwings", "not installed", 'ติดตั้งด้วย pip install xlwings',
                         'install it: pip install xlwings'))
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
