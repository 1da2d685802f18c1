"""The published package: the wheel builds, passes ``twine check``, and a fresh venv with only
``pip install <wheel>`` (no extras) runs the main job: new, fill, export (DOCX).

Slow (a venv and the base dependencies from the package index): marked ``wheel`` so that
``pytest -m "not wheel"`` can leave it out; the default run (and CI) includes it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.wheel


def _run(cmd: list[str], cwd: Path, env: dict | None = None, timeout: int = 900, ok=(0,)) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode in ok, f"{' '.join(map(str, cmd))} -> {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", str(dist), str(ROOT)], ROOT)
    wheels = sorted(dist.glob("ita_xl-*.whl"))
    assert len(wheels) == 1, list(dist.iterdir())
    _run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())], ROOT)
    return wheels[0]


def test_wheel_is_pure_and_carries_its_data(wheel):
    assert wheel.name.endswith("-py3-none-any.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for part in ("ita_xl/frameworks/2566/questions.csv", "ita_xl/assets/lite_main.py", "ita_xl/samples/lampang_pao_2566.toml"):
        assert part in names
    assert not any(n.startswith("tests/") for n in names)


def test_fresh_venv_without_extras_runs_the_main_job(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    _run([str(py), "-m", "pip", "install", "-q", str(wheel)], tmp_path)
    extras = _run([str(py), "-c", "import importlib.util as u; print([m for m in ('python_calamine', 'isal', 'distributed', 'oletools') if u.find_spec(m)])"], tmp_path)
    assert extras.stdout.strip() == "[]", "the base install must not pull the optional extras"
    exe = env_dir / "bin" / "ita-xl"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    work = tmp_path / "work"
    work.mkdir()
    _run([str(exe), "new", "x.xlsm", "--sample"], work, env)
    _run([str(exe), "fill", "x.xlsm"], work, env)
    # exit 1: written, and the sample's own error-level findings (indicators 6, 7) listed on stderr
    out = _run([str(exe), "export", "x.xlsm", "--no-pdf"], work, env, ok=(1,))
    assert "error" in out.stderr and "Traceback" not in out.stderr
    assert (work / "x.xlsm").stat().st_size > 10_000
    assert (work / "x.py").read_text(encoding="utf-8").count("ita_xl.desktop") == 1
    docx = work / "x-report.docx"
    assert docx.exists(), out.stdout
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "องค์การบริหารส่วนจังหวัดลำปาง" in body
    for cmd in (["check", "x.xlsm"], ["analyze", "x.xlsm"]):
        proc = subprocess.run([str(exe), *cmd], cwd=work, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode in (0, 1), proc.stderr  # 1: the sample has error-level findings
        assert "Traceback" not in proc.stderr
