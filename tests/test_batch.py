"""Batch regeneration: planning, failures, atomic outputs, resume, summary, process pool and Dask.

Tests of the orchestration use a small stand-in writer (:func:`fake_writer`) so they run fast and
without the workbook layer; the end-to-end ones use the real ``write_agency_workbook`` and skip
until it lands.
"""

from __future__ import annotations

import csv
import importlib
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ita_xl.batch.records import FAILED, STAGING, SUMMARY_NAME, UP_TO_DATE, WRITTEN, Options
from ita_xl.batch.inputs import output_name
from ita_xl.batch.run import regenerate
from ita_xl.batch.stamps import INPUTS_NAME
from support.synth import write_synthetic_csv
from support.writers import fake_writer
from ita_xl.cli import main

TESTS = Path(__file__).parent
FAKE = Options(writer=fake_writer)


def broken_writer(case, out_path, runtime="desktop"):
    raise RuntimeError("this writer always fails")


def real_writer_available() -> bool:
    try:
        return hasattr(importlib.import_module("ita_xl.xlsx.template"), "write_agency_workbook")
    except ImportError:
        return False


needs_writer = pytest.mark.skipif(
    not real_writer_available(),
    reason="ita_xl.xlsx.template.write_agency_workbook has not landed yet (workbook layer)",
)


@pytest.fixture(scope="module")
def csv40(tmp_path_factory) -> Path:
    return write_synthetic_csv(tmp_path_factory.mktemp("in") / "scores.csv", 40, seed=7)


def _summary_rows(path: Path, sheet: str = "ทั้งหมด") -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb[sheet].iter_rows(min_row=2, values_only=True))
    wb.close()
    return rows


def _broken(src: Path, dst: Path, bad_org: str) -> Path:
    """A copy of ``src`` where one score of ``bad_org`` is not a number."""
    with src.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    hit = next(i for i, r in enumerate(rows) if r[0] == bad_org)
    rows[hit][5] = "abc"
    with dst.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return dst


# ------------------------------------------------------------------------------------------ units


def test_output_names_are_importable_and_distinct():
    from ita_xl.core.model import Org

    names = {output_name(Org(name="n", id=i)) for i in ("a-b", "a_b", "a b", "ก-1", "")}
    assert len(names) == 5
    for n in names:
        stem = n[: -len(".xlsm")]
        assert stem.isascii() and stem.isidentifier(), n


def test_synthetic_csv_is_deterministic_and_readable(tmp_path):
    from ita_xl.io.scores import iter_scores

    a = write_synthetic_csv(tmp_path / "a.csv", 12, seed=3).read_bytes()
    b = write_synthetic_csv(tmp_path / "b.csv", 12, seed=3).read_bytes()
    assert a == b
    agencies = list(iter_scores(tmp_path / "a.csv"))
    assert len(agencies) == 12 and all(len(x.scores.questions) == 88 for x in agencies)


# ------------------------------------------------------------------------------------------ orchestration


def test_inline_run_writes_one_workbook_per_agency_and_a_summary(tmp_path, csv40):
    report = regenerate([csv40], tmp_path, progress=False, opts=FAKE)
    assert report.exit_status == 0
    assert len(report.outcomes) == 40 and {o.status for o in report.outcomes} == {WRITTEN}
    assert len(list(tmp_path.glob("ita_*.xlsm"))) == 40
    assert len(list(tmp_path.glob("ita_*.py"))) == 40
    assert not (tmp_path / STAGING).exists()
    rows = _summary_rows(tmp_path / SUMMARY_NAME)
    assert len(rows) == 40
    first = rows[0]
    assert first[7] is not None and first[8] and first[9] and first[13] == WRITTEN
    wb = openpyxl.load_workbook(tmp_path / SUMMARY_NAME, read_only=True)
    provinces = {o.province for o in report.outcomes}
    types = {o.org_type for o in report.outcomes}
    assert set(wb.sheetnames) >= {"ทั้งหมด", "ไม่สำเร็จ"} | provinces | types
    wb.close()


def test_one_broken_agency_is_listed_and_the_rest_finish(tmp_path, csv40):
    bad = _broken(csv40, tmp_path / "bad.csv", "6100005")
    out = tmp_path / "out"
    report = regenerate([bad], out, jobs=2, chunk_size=4, progress=False, opts=FAKE)
    assert report.exit_status == 1
    assert [o.org_id for o in report.failures] == ["6100005"]
    assert "abc" in report.failures[0].message
    assert len(list(out.glob("*.xlsm"))) == 39
    failures = _summary_rows(out / SUMMARY_NAME, "ไม่สำเร็จ")
    assert [(r[0], r[13]) for r in failures] == [("6100005", FAILED)]


def test_writer_exception_is_a_failed_agency(tmp_path, csv40):
    report = regenerate([csv40], tmp_path, progress=False, opts=Options(writer=broken_writer))
    assert report.exit_status == 1 and len(report.failures) == 40
    assert "RuntimeError: this writer always fails" in report.failures[0].message


def test_resume_skips_newer_outputs_and_writes_missing_ones(tmp_path, csv40):
    regenerate([csv40], tmp_path, progress=False, opts=FAKE)
    outs = sorted(tmp_path.glob("ita_*.xlsm"))
    for p in outs[:5]:
        p.unlink()
    before = {p.name: p.stat().st_mtime_ns for p in outs[5:]}
    (tmp_path / STAGING / "123").mkdir(parents=True)
    (tmp_path / STAGING / "123" / "ita_half.xlsm").write_bytes(b"PK half")
    report = regenerate([csv40], tmp_path, resume=True, progress=False, opts=FAKE)
    statuses = [o.status for o in report.outcomes]
    assert statuses.count(WRITTEN) == 5 and statuses.count(UP_TO_DATE) == 35
    assert {p.name: p.stat().st_mtime_ns for p in outs[5:]} == before
    assert all(p.exists() for p in outs) and not (tmp_path / STAGING).exists()
    assert len(_summary_rows(tmp_path / SUMMARY_NAME)) == 40  # skipped ones are still summarised


def test_missing_input_exits_2_before_writing(tmp_path, capsys):
    assert main(["regenerate", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert "nope.csv" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_folder_without_workbooks_exits_2(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["regenerate", str(tmp_path / "empty"), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert "no ita_xl workbooks" in capsys.readouterr().err


def test_unreadable_whole_input_exits_2_and_others_finish(tmp_path, csv40):
    junk = tmp_path / "junk.csv"
    junk.write_text("a,b\n1,2\n", encoding="utf-8")
    report = regenerate([junk, csv40], tmp_path / "o", progress=False, opts=FAKE)
    assert report.exit_status == 2 and len(report.bad_inputs) == 1
    assert len(list((tmp_path / "o").glob("*.xlsm"))) == 40


def test_dask_local_cluster_gives_the_same_outputs(tmp_path, csv40):
    distributed = pytest.importorskip("distributed")
    inline = regenerate([csv40], tmp_path / "a", progress=False, opts=FAKE)
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            dask = regenerate([csv40], tmp_path / "b", scheduler=client, chunk_size=8, progress=False, opts=FAKE)
    assert dask.exit_status == 0
    key = lambda o: (o.org_id, Path(o.out).name, o.total, o.level, o.weakest, o.status)  # noqa: E731
    assert sorted(map(key, dask.outcomes)) == sorted(map(key, inline.outcomes))
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in (tmp_path / "b").iterdir())


# ------------------------------------------------------------------------------------------ end to end


def _agency_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return "\n".join(
            str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None
        )
    finally:
        wb.close()


@needs_writer
def test_300_agencies_from_one_long_csv(tmp_path):
    src = write_synthetic_csv(tmp_path / "scores.csv", 300, seed=11)
    out = tmp_path / "out"
    assert main(["regenerate", str(src), "--out", str(out), "-j", "2", "--quiet"]) == 0
    books = sorted(out.glob("ita_*.xlsm"))
    assert len(books) == 300
    rows = {r[0]: r for r in _summary_rows(out / SUMMARY_NAME)}
    assert len(rows) == 300
    for book in (books[0], books[-1]):
        org_id = book.stem.removeprefix("ita_")
        text = _agency_text(book)
        row = rows[org_id]
        assert row[1] in text  # agency name
        assert row[8] in text  # level from the analysis
        assert book.with_suffix(".py").exists()


@needs_writer
def test_batch_workbooks_equal_plain_xlsxwriter_builds(tmp_path):
    """What the workers write from their per-process templates equals what XlsxWriter's own API
    writes for the same agency (through the one normaliser of tests/support/excel_equal.py)."""
    import io

    from support.excel_equal import diff, normalise

    from ita_xl.core.model import AgencyCase
    from ita_xl.io.scores import iter_scores
    from ita_xl.xlsx import template as T

    src = write_synthetic_csv(tmp_path / "scores.csv", 12, seed=5)
    out = tmp_path / "out"
    assert main(["regenerate", str(src), "--out", str(out), "-j", "2", "--quiet"]) == 0

    for found in iter_scores(src):
        case = AgencyCase(org=found.org, scores=found.scores)
        book = out / f"ita_{case.org.id}.xlsm"
        snap, result = T.workbook_values(str(book), case, case.scores.year, book.stem)
        plain = io.BytesIO()
        T.write_xlsx(plain, snap, case.scores.year, "desktop", result, fast=False)
        assert diff(normalise(book.read_bytes()), normalise(plain.getvalue())) == [], book.name


@needs_writer
def test_broken_agency_via_cli_exits_1(tmp_path):
    src = write_synthetic_csv(tmp_path / "scores.csv", 12, seed=5)
    bad = _broken(src, tmp_path / "bad.csv", "6100003")
    out = tmp_path / "out"
    assert main(["regenerate", str(bad), "--out", str(out), "--quiet"]) == 1
    assert len(list(out.glob("ita_*.xlsm"))) == 11
    assert not (out / "ita_6100003.xlsm").exists()


@needs_writer
def test_kill_mid_way_leaves_complete_files_and_resume_finishes(tmp_path):
    n = 40
    src = write_synthetic_csv(tmp_path / "scores.csv", n, seed=13)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "ita_xl", "regenerate", str(src), "--out", str(out), "--quiet", "-j", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(list(out.glob("ita_*.xlsm"))) < 4 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its worker processes, as a kill -9 of the batch would
    proc.wait()
    done = sorted(out.glob("ita_*.xlsm"))
    assert 4 <= len(done) < n, "kill came too late to test anything"
    for book in done:
        openpyxl.load_workbook(book, read_only=True).close()  # every finished file is complete
    mtimes = {p.name: p.stat().st_mtime_ns for p in done}
    rc = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=120)
    assert rc.returncode == 0, rc.stderr
    assert len(list(out.glob("ita_*.xlsm"))) == n
    assert {p.name: p.stat().st_mtime_ns for p in done} == mtimes
    assert not (out / STAGING).exists()


@needs_writer
def test_dask_process_cluster_with_the_real_writer(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = write_synthetic_csv(tmp_path / "scores.csv", 6, seed=17)
    inline = regenerate([src], tmp_path / "a", progress=False)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as c:
        report = regenerate([src], tmp_path / "b", scheduler=c.scheduler_address, chunk_size=2, progress=False)
    assert report.exit_status == 0
    key = lambda o: (o.org_id, Path(o.out).name, o.total, o.level, o.status)  # noqa: E731
    assert sorted(map(key, report.outcomes)) == sorted(map(key, inline.outcomes))
    assert sorted(p.name for p in (tmp_path / "a").glob("ita_*")) == sorted(p.name for p in (tmp_path / "b").glob("ita_*"))


def _staff_edit(book: Path, owner: str = "นางสาวทดสอบ", score: float | None = None) -> None:
    """What staff do to a workbook: a staff column of the plan, a sheet of their own, a score."""
    from ita_xl.workbook import layout as L

    wb = openpyxl.load_workbook(book, keep_vba=True)
    wb[L.PLAN.sheet][L.PLAN.cell("owner_override", 0)] = owner
    wb[L.PLAN.sheet][L.PLAN.cell("status", 0)] = "ดำเนินการแล้ว"
    wb.create_sheet("บันทึกเจ้าหน้าที่")["A1"] = "staff note"
    if score is not None:
        wb[L.QUESTIONS.sheet][L.QUESTIONS.cell("score", 0)] = score  # i1
    wb.save(book)


def _assert_staff_kept(book: Path, owner: str = "นางสาวทดสอบ") -> None:
    """The staff sheet, and the staff's plan row (carried by its key, wherever new scores put it)."""
    from ita_xl.workbook import layout as L

    again = openpyxl.load_workbook(book, read_only=True, keep_vba=True)
    try:
        assert again["บันทึกเจ้าหน้าที่"]["A1"].value == "staff note"
        T = L.PLAN
        rows = list(again[T.sheet].iter_rows(min_row=T.first_row, values_only=True))
        i_owner, i_status = T.col("owner_override") - 1, T.col("status") - 1
        assert [(r[i_owner], r[i_status]) for r in rows if r[i_owner] is not None] == [(owner, "ดำเนินการแล้ว")]
    finally:
        again.close()
    with zipfile.ZipFile(book) as z:
        assert "xl/vbaProject.bin" in z.namelist()  # VBA kept


def _set_score(src: Path, org_id: str, code: str, score: str) -> None:
    with src.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    hit = next(i for i, r in enumerate(rows) if r[0] == org_id and r[4] == code)
    rows[hit][5] = score
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


@needs_writer
def test_existing_workbooks_are_refreshed_in_place_keeping_staff_edits(tmp_path):
    src = write_synthetic_csv(tmp_path / "scores.csv", 3, seed=19)
    first = tmp_path / "first"
    regenerate([src], first, progress=False)
    book = sorted(first.glob("ita_*.xlsm"))[0]
    _staff_edit(book, score=10)  # i1 falls: the refreshed analysis must see it
    before = {o.org_id: o for o in regenerate([src], tmp_path / "x", progress=False, summary=False).outcomes}

    out = tmp_path / "out"
    report = regenerate([first], out, progress=False)
    assert report.exit_status == 0, [o.message for o in report.failures]
    assert {o.status for o in report.outcomes} == {"refreshed"} and len(report.outcomes) == 3
    assert not list(out.glob("ita_*"))  # refreshed where they are, not copied
    _assert_staff_kept(book)
    assert book.with_suffix(".xlsm.bak").exists() and book.with_suffix(".py").exists()
    edited = next(o for o in report.outcomes if Path(o.out).name == book.name)
    assert Path(edited.out) == book
    assert edited.total < before[edited.org_id].total


@needs_writer
def test_second_regenerate_into_the_same_folder_keeps_staff_work(tmp_path, capsys):
    """Issue 9, case 1: the re-run refreshes the staff's workbook, with a .bak, and imports the new scores."""
    from ita_xl.workbook import layout as L

    src = write_synthetic_csv(tmp_path / "scores.csv", 4, seed=29)
    out = tmp_path / "out"
    assert main(["regenerate", str(src), "--out", str(out), "--quiet"]) == 0
    books = sorted(out.glob("ita_*.xlsm"))
    for book in books:
        _staff_edit(book)
    org = books[0].stem[len("ita_"):]
    old_i1 = openpyxl.load_workbook(books[0], read_only=True)[L.QUESTIONS.sheet][L.QUESTIONS.cell("score", 0)].value
    _set_score(src, org, "i1", "1.5")  # the CSV changes (and is touched)
    capsys.readouterr()
    assert main(["regenerate", str(src), "--out", str(out), "--quiet"]) == 0, capsys.readouterr().err
    assert "4 refreshed" in capsys.readouterr().out
    assert sorted(out.glob("ita_*.xlsm")) == books  # one workbook per agency, never a second
    for book in books:
        _assert_staff_kept(book)
        assert book.with_name(book.name + ".bak").exists()
    wb = openpyxl.load_workbook(books[0], read_only=True)
    assert old_i1 != 1.5 and wb[L.QUESTIONS.sheet][L.QUESTIONS.cell("score", 0)].value == 1.5
    wb.close()
    # nothing hidden left but the batch's record of what it made (ita_xl.batch.stamps)
    assert not [p for p in out.iterdir() if p.name.startswith((".~ita-", ".ita-xl", ".")) and p.name != INPUTS_NAME]


@needs_writer
def test_scores_and_the_folder_of_old_workbooks_give_one_workbook_per_agency(tmp_path, capsys):
    """Issue 9, case 1 in the README's form: ``regenerate scores.csv old/ --out out2/``."""
    src = write_synthetic_csv(tmp_path / "scores.csv", 3, seed=31)
    old = tmp_path / "old"
    assert main(["regenerate", str(src), "--out", str(old), "--quiet"]) == 0
    for book in old.glob("ita_*.xlsm"):
        _staff_edit(book)
    book = sorted(old.glob("ita_*.xlsm"))[0]
    _set_score(src, book.stem[len("ita_"):], "i1", "2.5")
    out2 = tmp_path / "out2"
    capsys.readouterr()
    assert main(["regenerate", str(src), str(old), "--out", str(out2), "--quiet"]) == 0, capsys.readouterr().err
    assert "3 refreshed" in capsys.readouterr().out
    assert not list(out2.glob("ita_*")) and not list(old.glob("ita_*_2.*"))
    for b in old.glob("ita_*.xlsm"):
        _assert_staff_kept(b)
    from ita_xl.workbook import layout as L

    wb = openpyxl.load_workbook(book, read_only=True)
    assert wb[L.QUESTIONS.sheet][L.QUESTIONS.cell("score", 0)].value == 2.5  # new scores, old edits
    wb.close()
    rows = _summary_rows(out2 / SUMMARY_NAME)
    assert sorted(r[12] for r in rows) == sorted(str(b) for b in old.glob("ita_*.xlsm"))  # where they are


@needs_writer
def test_ctrl_c_exits_130_and_leaves_no_half_written_file(tmp_path):
    # Enough agencies that the batch is still running when the first workbook appears (a few ms
    # each: a short batch could finish before the signal arrives), and the signal sent right then.
    n = 1500
    src = write_synthetic_csv(tmp_path / "scores.csv", n, seed=23)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "ita_xl", "regenerate", str(src), "--out", str(out), "--quiet", "-j", "2"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while not any(out.glob("ita_*.xlsm")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err
    assert 0 < len(list(out.glob("ita_*.xlsm"))) < n  # interrupted mid-way
    assert not (out / STAGING).exists()
    for book in out.glob("ita_*.xlsm"):
        openpyxl.load_workbook(book, read_only=True).close()


@needs_writer
def test_a_workbook_staff_renamed_is_still_its_agencys_and_a_copy_is_listed(tmp_path, capsys):
    src = write_synthetic_csv(tmp_path / "scores.csv", 2, seed=37)
    old = tmp_path / "old"
    assert main(["regenerate", str(src), "--out", str(old), "--quiet"]) == 0
    first, second = sorted(old.glob("ita_*.xlsm"))
    _staff_edit(first)
    renamed = first.with_name("plan_2567_final.xlsm")
    first.rename(renamed)
    twin = old / "copy_of_plan.xlsm"
    import shutil

    shutil.copyfile(second, twin)
    out2 = tmp_path / "out2"
    capsys.readouterr()
    assert main(["regenerate", str(src), str(old), "--out", str(out2), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "another workbook of the agency" in err and "copy_of_plan.xlsm" in err
    assert not list(out2.glob("ita_*"))  # no second workbook for either agency
    _assert_staff_kept(renamed)
    assert renamed.with_name(renamed.name + ".bak").exists() and second.with_name(second.name + ".bak").exists()
    assert not twin.with_name(twin.name + ".bak").exists()  # the copy is left as it is
    statuses = sorted(r[13] for r in _summary_rows(out2 / SUMMARY_NAME))
    assert statuses == ["failed", "refreshed", "refreshed"]
