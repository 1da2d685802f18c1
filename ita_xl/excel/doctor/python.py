"""The machine's side of ``ita-xl doctor``: this Python, and the Python Excel will run for the
workbook's buttons (xlwings.conf layers, interpreter, DLL or AppleScript), with ``--fix`` to set it.

What cannot be seen from this machine (Excel's add-ins and trust settings off Windows) is said,
never guessed. The common failures are in shared/reference/xlwings/REPORT.md §5.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import shutil
import sys
from pathlib import Path

from ita_xl import __version__
from ita_xl.excel.doctor.check import FAIL, OK, WARN, WHEEL, Check, installed_xlwings
from ita_xl.io.safefile import atomic_save

_LICENSE_CONF = Path.home() / ".xlwings" / "xlwings.conf"


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
            vba = installed_xlwings()
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
    version = installed_xlwings() or "0.37.8"
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


def environment(system: str) -> list[Check]:
    out = [Check(OK, "interpreter", sys.executable)]
    py = platform.python_version()
    if sys.version_info >= (3, 11):
        out.append(Check(OK, "python", py))
    else:
        out.append(Check(FAIL, "python", py, "ติดตั้ง Python 3.11 ขึ้นไป", "install Python 3.11 or newer"))
    xv = installed_xlwings()
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
