"""The release: ``scripts/release.py`` builds the wheel and sdist (``twine check`` passes), the
ready workbooks and the Windows install script into a release folder; a fresh venv with only
``pip install <wheel>`` (no extras, as the install script does) runs ``doctor --fix`` and the main
job: new, fill, export (DOCX), and import + fill on a ready workbook from the release.

Slow (a venv and the base dependencies from the package index): marked ``wheel`` so that
``pytest -m "not wheel"`` can leave it out; the default run (and CI) includes it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from ita_xl.report.typeset import plain

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.wheel


def _run(cmd: list[str], cwd: Path, env: dict | None = None, timeout: int = 900, ok=(0,)) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode in ok, f"{' '.join(map(str, cmd))} -> {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    _run([sys.executable, str(ROOT / "scripts" / "release.py"), "--out", str(dist)], ROOT, env)
    return dist


@pytest.fixture(scope="module")
def wheel(release) -> Path:
    wheels = sorted(release.glob("ita_xl-*.whl"))
    assert len(wheels) == 1, list(release.iterdir())
    return wheels[0]


def test_release_holds_wheel_sdist_workbooks_and_install_script(release, wheel):
    version = wheel.name.split("-")[1]
    assert (release / f"ita_xl-{version}.tar.gz").exists()
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_workbooks
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    books = sorted(p.name for p in (release / "workbook").iterdir() if p.is_file() and p.name != "README.md")
    assert books == build_workbooks.ready_files()
    assert (release / "workbook" / "README.md").read_text(encoding="utf-8").startswith("# สมุดงาน")
    with zipfile.ZipFile(release / f"ita_xl-{version}-windows.zip") as z:
        names = set(z.namelist())
    assert {wheel.name, "install-ita-xl.cmd", *(f"workbook/{b}" for b in books)} <= names


def test_install_script_installs_the_wheel_beside_it(release, wheel):
    """What Linux can check of the Windows script: it names the wheel the release holds, by the
    py launcher into a venv of the user's, then doctor --fix, and says what next in Thai."""
    data = (release / "install-ita-xl.cmd").read_bytes()
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n"), "cmd.exe wants CRLF"
    text = data.decode("utf-8")
    assert text.isascii() is False and text.split("chcp 65001", 1)[0].isascii()
    assert re.search(r'^set "WHEEL=(.+)"\r$', text, re.M).group(1) == wheel.name
    assert 'py -3 -m venv "%VENV%"' in text and "%LOCALAPPDATA%" in text
    assert '"%PY%" -m pip install --disable-pip-version-check --upgrade "%WHEEL%"' in text
    # a rebuilt release of the same version replaces the code (--upgrade alone keeps the old one)
    assert '"%PY%" -m pip install --disable-pip-version-check --force-reinstall --no-deps "%WHEEL%"' in text
    # a failing doctor --fix is a failed installation, never "done"
    assert '"%PY%" -m ita_xl doctor --fix\r\nif errorlevel 1 goto failed\r\n' in text
    assert "ติดตั้งเสร็จแล้ว ขั้นต่อไป" in text
    labels = set(re.findall(r"^:(\w+)\r$", text, re.M))
    assert set(re.findall(r"goto (\w+)", text)) <= labels
    assert not re.search(r"\($", text, re.M), "no parenthesised blocks: a ')' in a message would end them"


def test_wheel_is_pure_and_carries_its_data(wheel):
    assert wheel.name.endswith("-py3-none-any.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for part in ("ita_xl/frameworks/2566/questions.csv", "ita_xl/excel/lite_main.py", "ita_xl/samples/lampang_pao_2566.toml",
                 "ita_xl/report/templates/report.docx"):
        assert part in names
    assert not any(n.startswith("tests/") for n in names)


def test_fresh_venv_without_extras_runs_the_main_job(release, wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    # nothing of the checkout on the path: the build's egg-info there would pass for an installed ita-xl
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    _run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--upgrade", str(wheel)], tmp_path, env)
    extras = _run([str(py), "-c", "import importlib.util as u; print([m for m in ('python_calamine', 'isal', 'distributed', 'oletools') if u.find_spec(m)])"], tmp_path, env)
    assert extras.stdout.strip() == "[]", "the base install must not pull the optional extras"
    exe = env_dir / "bin" / "ita-xl"
    work = tmp_path / "work"
    work.mkdir()
    _run([str(exe), "new", "x.xlsm", "--sample"], work, env)
    _run([str(exe), "fill", "x.xlsm"], work, env)
    # exit 1: written, and the sample's own error-level findings (indicators 6, 7) listed on stderr
    out = _run([str(exe), "export", "x.xlsm", "--no-pdf"], work, env, ok=(1,))
    assert "error" in out.stderr and "Traceback" not in out.stderr
    assert (work / "x.xlsm").stat().st_size > 10_000
    assert (work / "x.py").read_text(encoding="utf-8").count("ita_xl.excel.desktop") == 1
    docx = work / "x-report.docx"
    assert docx.exists(), out.stdout
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "องค์การบริหารส่วนจังหวัดลำปาง" in plain(body)  # the Thai text carries word-break marks
    for cmd in (["check", "x.xlsm"], ["analyze", "x.xlsm"]):
        proc = subprocess.run([str(exe), *cmd], cwd=work, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode in (0, 1), proc.stderr  # 1: the sample has error-level findings
        assert "Traceback" not in proc.stderr
    # as the install script ends: doctor --fix by the venv's python (on Linux: nothing to fix)
    fix = _run([str(py), "-m", "ita_xl", "doctor", "--fix"], work, {**env, "HOME": str(tmp_path)}, ok=(0, 1))
    assert "--fix" in fix.stdout and "Traceback" not in fix.stderr
    # a ready workbook of the release, as staff get it: the scores pasted from ITAS in, then fill
    book = sorted((release / "workbook").glob("ita_*.xlsm"))[-1]
    for path in (book, book.with_suffix(".py")):
        shutil.copy(path, work / path.name)
    year = book.stem.split("_")[1]
    codes = _run([str(py), "-c", f"from ita_xl.io.frameworks import load; print(*load({year}).questions)"], work, env).stdout.split()
    (work / "itas.txt").write_text("".join(f"{c}\t{90 + i % 11}\n" for i, c in enumerate(codes)), encoding="utf-8")
    imported = _run([str(exe), "import", book.name, "itas.txt"], work, env)
    assert f"{len(codes)} " in imported.stdout
    filled = _run([str(exe), "fill", book.name], work, env)
    assert "Traceback" not in filled.stderr and filled.stdout.strip()
