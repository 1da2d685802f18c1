"""A re-run does only the work that changed: what counts as a change (:mod:`ita_xl.batch.stamps`).

The framework as it was loaded (with what it copies from another year), ita_xl's own code and data,
and a workbook staff saved while the batch ran are all changes; the fake writer of ``test_batch``
keeps these fast.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ita_xl.batch.records import REFRESHED, UP_TO_DATE, WRITTEN, Options
from ita_xl.batch.run import regenerate
from support.synth import write_synthetic_csv
from ita_xl.io import frameworks

ROOT = Path(__file__).resolve().parent.parent


def fake_writer(case, out_path, runtime="desktop"):
    """A small .xlsx (named .xlsm) with the agency's result, and a shim beside it."""
    import xlsxwriter  # noqa: PLC0415

    r = frameworks.analyze(case)
    wb = xlsxwriter.Workbook(str(out_path))
    wb.add_worksheet("agency").write_row(0, 0, [case.org.id, case.org.name, r.total, r.level])
    wb.close()
    Path(out_path).with_suffix(".py").write_text("# shim\n", encoding="utf-8")


FAKE = Options(writer=fake_writer)


def statuses(report) -> list[str]:
    return [o.status for o in report.outcomes]


def test_an_edit_of_the_framework_a_year_copies_from_is_a_change(tmp_path, monkeypatch):
    """2569 takes its issues and recommendations from 2566 (``issues_from``): editing 2566's issues
    refreshes the 2569 workbooks, and the process's own cache of 2569 sees the edit too."""
    fw = tmp_path / "fw"
    shutil.copytree(frameworks.FRAMEWORKS / "2566", fw / "2566")
    monkeypatch.setenv("ITA_XL_FRAMEWORKS", str(fw))
    csv = write_synthetic_csv(tmp_path / "s2569.csv", 2, year=2569)
    out = tmp_path / "out"
    assert statuses(regenerate([csv], out, progress=False, opts=FAKE)) == [WRITTEN] * 2
    assert statuses(regenerate([csv], out, progress=False, opts=FAKE)) == [UP_TO_DATE] * 2
    title = frameworks.load(2569).issues[0].title
    issues = fw / "2566" / "issues.toml"
    issues.write_text(issues.read_text(encoding="utf-8").replace(title, title + " (แก้)", 1), encoding="utf-8")
    assert frameworks.load(2569).issues[0].title == title + " (แก้)"  # not the cached copy
    # made again (the stand-in's workbook is no ita_xl workbook: written anew where a real one is refreshed)
    assert statuses(regenerate([csv], out, progress=False, opts=FAKE)) == [WRITTEN] * 2
    assert statuses(regenerate([csv], out, progress=False, opts=FAKE)) == [UP_TO_DATE] * 2


def test_a_change_of_ita_xls_own_code_is_a_change(tmp_path):
    """A copy of the package, run twice; then one of its modules edited: the workbook is made again."""
    shutil.copytree(ROOT / "ita_xl", tmp_path / "pkg" / "ita_xl", ignore=shutil.ignore_patterns("__pycache__"))
    csv = write_synthetic_csv(tmp_path / "s.csv", 1)
    run = (
        "import sys; from ita_xl.batch.run import regenerate; "
        "print(*[o.status for o in regenerate([sys.argv[1]], sys.argv[2], progress=False).outcomes], sep=',')"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "pkg"), "PYTHONDONTWRITEBYTECODE": "1"}

    def again() -> str:
        done = subprocess.run([sys.executable, "-c", run, str(csv), str(tmp_path / "out")], env=env,
                              cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.strip()

    assert again() == WRITTEN
    assert again() == UP_TO_DATE
    engine = tmp_path / "pkg" / "ita_xl" / "core" / "engine.py"
    engine.write_text(engine.read_text(encoding="utf-8") + "\n# a fix\n", encoding="utf-8")
    assert again() == REFRESHED


def saving_writer(case, out_path, runtime="desktop"):
    """The fake writer; while it writes the second agency, staff save the first one's workbook."""
    fake_writer(case, out_path, runtime)
    first = Path(out_path).parent.parent.parent / "ita_6100001.xlsm"  # out/.ita-xl-staging/<pid>/
    if case.org.id == "6100002" and first.exists():
        st = first.stat()
        os.utime(first, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


def test_a_workbook_staff_saved_during_the_batch_is_not_recorded_as_the_batchs(tmp_path):
    csv = write_synthetic_csv(tmp_path / "s.csv", 2)
    out = tmp_path / "out"
    opts = Options(writer=saving_writer)
    assert statuses(regenerate([csv], out, progress=False, opts=opts, chunk_size=1)) == [WRITTEN] * 2
    # the first workbook was saved by staff after the batch wrote it: not the batch's, made again
    # (the stand-in's workbook is no ita_xl workbook, so written anew where a real one is refreshed)
    assert statuses(regenerate([csv], out, progress=False, opts=opts)) == [WRITTEN, UP_TO_DATE]
