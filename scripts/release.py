"""Build a release into ``dist/`` (git-ignored): what is published and what staff download.

    .venv/bin/python scripts/release.py [--out dist]

Writes

* ``ita_xl-<version>-py3-none-any.whl`` and ``ita_xl-<version>.tar.gz`` (``python -m build``,
  then ``twine check --strict``);
* ``workbook/``: the ready workbooks (``scripts/build_workbooks.py``, built now), their Thai
  README and its pictures;
* ``install-ita-xl.cmd``: the Windows install, double-clicked beside the wheel (see
  :func:`install_cmd`);
* ``ita_xl-<version>-windows.zip``: the wheel, the install script and ``workbook/``, one file to
  hand out.

No package index serves ``ita-xl``: the wheel file is how it is installed (``pip install
ita_xl-<version>-py3-none-any.whl``). ``tests/test_wheel.py`` runs this script and installs its
wheel into a fresh virtual environment the way the install script does.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTALL_CMD = "install-ita-xl.cmd"
# Where the install script puts ita_xl's own Python environment: the user's, no administrator
# rights, and a venv, so pip puts xlwings' DLL in its root, where xlwings' VBA looks for it (one
# folder above Scripts\python.exe). A `pip install --user` puts the DLL in %APPDATA%\Python, where
# the VBA never looks: the buttons would fail with "Could not load xlwings64-….dll".
VENV = r"%LOCALAPPDATA%\ita_xl\python"


def _build_workbooks():
    spec = importlib.util.spec_from_file_location("build_workbooks", ROOT / "scripts" / "build_workbooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def install_cmd(wheel: str, version: str, example: str) -> str:
    """The Windows install script for ``wheel`` (a file name beside the script), CRLF line ends;
    ``example``: a ready desktop workbook its closing words name (``ita_2569.xlsm``).

    Plain cmd.exe, so that a double-click runs it (a PowerShell script is blocked by the default
    execution policy). ASCII up to ``chcp 65001``, after which cmd.exe reads the Thai lines as
    UTF-8; no parenthesised blocks (a ")" in a Thai message would end them), only ``goto``.
    """
    module = example.rsplit(".", 1)[0] + ".py"
    lines = f"""@echo off
rem Install ita_xl {version} for this Windows user, from {wheel} beside this file.
rem Double-click this file (or run it in Command Prompt). It needs Python 3.11 or newer from
rem python.org, whose "py" launcher it uses; no administrator rights, no package index for ita_xl.
chcp 65001 >nul
setlocal
cd /d "%~dp0"
set "WHEEL={wheel}"
set "VENV={VENV}"
set "PY=%VENV%\\Scripts\\python.exe"
echo ติดตั้ง ita_xl {version} / installing ita_xl {version}
if not exist "%WHEEL%" goto nowheel
where py >nul 2>nul
if errorlevel 1 goto nopython
py -3 -c "import sys; sys.exit(sys.version_info < (3, 11))"
if errorlevel 1 goto oldpython
if exist "%PY%" goto install
echo สร้างที่ติดตั้งของ ita_xl ใน %VENV% / making ita_xl's Python environment in %VENV%
py -3 -m venv "%VENV%"
if errorlevel 1 goto failed
:install
echo ติดตั้งแพ็กเกจ อาจใช้เวลาหลายนาที ต้องต่ออินเทอร์เน็ต / installing the package and what it needs from PyPI, a few minutes
"%PY%" -m pip install --disable-pip-version-check --upgrade "%WHEEL%"
if errorlevel 1 goto failed
rem The same version number again (a rebuilt release) is not replaced by --upgrade: put this wheel's code in place.
"%PY%" -m pip install --disable-pip-version-check --force-reinstall --no-deps "%WHEEL%"
if errorlevel 1 goto failed
echo ตั้งค่าให้ Excel ใช้ Python ตัวนี้ / making Excel run this Python
"%PY%" -m ita_xl doctor --fix
if errorlevel 1 goto failed
echo.
echo ติดตั้งเสร็จแล้ว ขั้นต่อไป:
echo   1. เปิดโฟลเดอร์ workbook เลือกสมุดงานของปีที่ประเมิน เช่น {example} คู่กับ {module}
echo      คัดลอกทั้งสองไฟล์ไว้ในโฟลเดอร์เดียวกัน
echo   2. คลิกขวาที่ไฟล์ .xlsm เลือก Properties แล้วติ๊ก Unblock จากนั้นเปิดใน Excel และกด Enable Content
echo   3. พิมพ์ข้อมูลหน่วยงานในแผ่นงาน ตั้งค่า คัดลอกหน้าผลคะแนนจาก ITAS วางที่เซลล์ A4 ของแผ่นงาน วางผล ITAS
echo      กดปุ่ม นำเข้าคะแนน แล้วกดปุ่ม วิเคราะห์และจัดทำแผน บนแผ่นงาน ตั้งค่า
echo   4. แผ่นงาน รายงาน: กดปุ่ม จัดทำรายงาน แล้วสั่งพิมพ์ หรือกดปุ่ม ส่งออกรายงาน บนแผ่นงาน ข้อจำกัด ได้ไฟล์ Word และ PDF
echo   5. หากปุ่มไม่ทำงาน รัน: "%PY%" -m ita_xl doctor ชื่อไฟล์.xlsm
echo Done. Next: open a workbook of the workbook folder, e.g. {example} kept beside {module},
echo enable macros, type the agency on the settings sheet, paste the ITAS result page into the
echo paste sheet and click its button, then the settings sheet's button; the report sheet prints
echo the document, the limits sheet's button writes it as Word and PDF. If a button fails, run
echo   "%PY%" -m ita_xl doctor your_file.xlsm
goto end
:nowheel
echo ไม่พบไฟล์ %WHEEL% ในโฟลเดอร์เดียวกับไฟล์นี้ แตกไฟล์ zip ทั้งหมดก่อนแล้วเรียกอีกครั้ง
echo %WHEEL% is not beside this script: extract the whole zip first, then run it again
goto failed
:nopython
echo ไม่พบ Python: ติดตั้ง Python 3.11 ขึ้นไปจาก https://www.python.org/downloads/ แล้วเรียกไฟล์นี้อีกครั้ง
echo Python is not installed: install Python 3.11 or newer from python.org, then run this again
goto failed
:oldpython
echo Python ในเครื่องเก่ากว่า 3.11: ติดตั้งรุ่นใหม่จาก https://www.python.org/downloads/ แล้วเรียกไฟล์นี้อีกครั้ง
echo the newest Python here is older than 3.11: install a newer one from python.org, then run this again
goto failed
:failed
echo ติดตั้งไม่สำเร็จ: อ่านข้อความด้านบน / the installation failed: see the messages above
pause
exit /b 1
:end
pause
exit /b 0
"""
    return lines.replace("\n", "\r\n")


def build_dist(out: Path) -> dict[str, Path]:
    """Everything of a release, into ``out``; returns what was written by kind."""
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("ita_xl-*"), out / INSTALL_CMD, out / "workbook"]:
        shutil.rmtree(old) if old.is_dir() else old.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True, cwd=ROOT)
    wheel = next(out.glob("ita_xl-*-py3-none-any.whl"))
    sdist = next(out.glob("ita_xl-*.tar.gz"))
    subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
                   check=True, capture_output=True, text=True)
    version = wheel.name.split("-")[1]
    books = out / "workbook"
    ready = _build_workbooks()
    ready.build(books)
    shutil.copyfile(ROOT / "workbook" / "README.md", books / "README.md")
    shutil.copytree(ROOT / "workbook" / "pictures", books / "pictures")
    cmd = out / INSTALL_CMD
    example = next(n for n in reversed(ready.ready()) if n.endswith(".xlsm"))
    cmd.write_bytes(install_cmd(wheel.name, version, example).encode("utf-8"))
    bundle = out / f"ita_xl-{version}-windows.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(wheel, wheel.name)
        z.write(cmd, cmd.name)
        for path in sorted(books.rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(out).as_posix())
    return {"wheel": wheel, "sdist": sdist, "install": cmd, "workbook": books, "zip": bundle}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "dist", help="the release folder (default dist/)")
    args = ap.parse_args(argv)
    try:
        made = build_dist(args.out)
    except subprocess.CalledProcessError as exc:
        print(f"release: {' '.join(map(str, exc.cmd))} failed:\n{exc.stdout}\n{exc.stderr}", file=sys.stderr)
        return 1
    for kind, path in made.items():
        size = sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size
        print(f"{kind:>8}: {os.path.relpath(path)} ({size // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
