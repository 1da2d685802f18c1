"""``regenerate --reports`` and the converter behind it: the documents ``ita-xl export`` writes, made
by LibreOffice kept running; a document that fails is its agency's failure, and the others go on."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ita_xl.batch.records import FAILED, WRITTEN, Options
from ita_xl.batch.reports import document_paths
from ita_xl.batch.run import regenerate
from support.synth import write_synthetic_csv
from ita_xl.cli import main
from ita_xl.report.pdf import Converter, uno_python

HAS_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
HAS_POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdfinfo") is not None
needs_pdf = pytest.mark.skipif(not (HAS_SOFFICE and HAS_POPPLER), reason="LibreOffice or poppler-utils not installed")
needs_uno = pytest.mark.skipif(not HAS_SOFFICE or uno_python() is None,
                               reason="no Python with LibreOffice's uno (Debian: python3-uno)")


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@needs_pdf
@needs_uno
def test_reports_are_the_documents_export_writes(tmp_path):
    csv = write_synthetic_csv(tmp_path / "s.csv", 2)
    report = regenerate([csv], tmp_path / "out", progress=False, opts=Options(reports=True))
    assert [o.status for o in report.outcomes] == [WRITTEN, WRITTEN], [o.message for o in report.outcomes]
    books = sorted((tmp_path / "out").glob("ita_*.xlsm"))
    assert len(books) == 2
    for book in books:
        docx, pdf = document_paths(book)
        assert docx.is_file() and pdf.is_file()
    # the second agency's documents, written again by a one-off export of its workbook
    book = books[1]
    one = tmp_path / "one"
    one.mkdir()
    assert main(["export", str(book), "--docx", str(one / "r.docx"), "--pdf", str(one / "r.pdf")]) in (0, 1)
    batch_pdf = document_paths(book)[1]
    assert pages(batch_pdf) == pages(one / "r.pdf") > 1
    assert text(batch_pdf) == text(one / "r.pdf")


@needs_pdf
def test_a_document_that_cannot_be_written_fails_its_agency_and_the_others_go_on(tmp_path):
    csv = write_synthetic_csv(tmp_path / "s.csv", 3)
    out = tmp_path / "out"
    out.mkdir()
    (out / "ita_6100002-report.docx").mkdir()  # a folder where the agency's DOCX goes
    report = regenerate([csv], out, progress=False, opts=Options(reports=True))
    by_id = {o.org_id: o for o in report.outcomes}
    assert by_id["6100002"].status == FAILED
    assert "report" in by_id["6100002"].message and "ita_6100002-report.docx" in by_id["6100002"].message
    assert (out / "ita_6100002.xlsm").is_file()  # its workbook is written all the same
    for other in ("6100001", "6100003"):
        assert by_id[other].status == WRITTEN, by_id[other].message
        assert all(p.is_file() for p in document_paths(out / f"ita_{other}.xlsm"))
    assert by_id["6100002"].fault and report.exit_status == 2  # a folder in the way is a file-system fault


@needs_pdf
@needs_uno
def test_the_converter_goes_on_after_a_document_it_cannot_open(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not a document")
    good = tmp_path / "good.docx"
    assert main(["demo", "--out", str(tmp_path / "demo"), "--no-pdf"]) == 0
    shutil.copyfile(next((tmp_path / "demo").glob("ita-*-progress.docx")), good)
    with Converter() as conv:
        assert conv.kept_running
        failed = conv.convert(bad, tmp_path / "bad.pdf")
        made = conv.convert(good, tmp_path / "good.pdf")
        again = conv.convert(good, tmp_path / "again.pdf")
    assert not failed.ok and "LibreOffice" in failed.message and not (tmp_path / "bad.pdf").exists()
    assert made.ok and again.ok
    assert text(tmp_path / "good.pdf") == text(tmp_path / "again.pdf") != ""
    assert not list(tmp_path.glob("*.tmp*"))  # nothing half-written beside the PDFs


@needs_pdf
@needs_uno
def test_export_of_many_agencies_gives_each_the_document_of_its_own_export(tmp_path):
    two = write_synthetic_csv(tmp_path / "two.csv", 2)
    one = write_synthetic_csv(tmp_path / "one.csv", 1)  # the first agency of the two
    assert main(["export", str(two), "--docx", str(tmp_path / "many" / "r.docx")]) in (0, 1)
    assert main(["export", str(one), "--docx", str(tmp_path / "single" / "r.docx")]) in (0, 1)
    made = sorted((tmp_path / "many").glob("r-*.pdf"))
    assert [p.name for p in made] == ["r-6100001.pdf", "r-6100002.pdf"]
    alone = tmp_path / "single" / "r.pdf"
    assert pages(made[0]) == pages(alone) and text(made[0]) == text(alone)


def test_a_rerun_does_only_the_work_that_changed(tmp_path):
    """Unchanged scores and an untouched workbook: up to date (not refreshed); a changed agency and
    a workbook staff saved are refreshed; ``--resume`` keeps its meaning."""
    import openpyxl

    from ita_xl.batch.stamps import INPUTS_NAME

    csv = write_synthetic_csv(tmp_path / "s.csv", 3)
    out = tmp_path / "out"
    first = regenerate([csv], out, progress=False)
    assert [o.status for o in first.outcomes] == [WRITTEN] * 3
    assert (out / INPUTS_NAME).is_file()
    books = sorted(out.glob("ita_*.xlsm"))
    before = {b.name: b.stat().st_mtime_ns for b in books}

    again = regenerate([csv], out, progress=False)
    assert [o.status for o in again.outcomes] == ["up to date"] * 3
    assert {b.name: b.stat().st_mtime_ns for b in books} == before  # not one written again
    assert [(o.total, o.level) for o in again.outcomes] == [(o.total, o.level) for o in first.outcomes]

    lines = csv.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0].split(","), lines[1:]
    col = header.index("score")
    cells = rows[0].split(",")  # the first agency's first score changes
    cells[col] = "1.5"
    csv.write_text("\n".join([lines[0], ",".join(cells), *rows[1:]]) + "\n", encoding="utf-8")
    wb = openpyxl.load_workbook(books[2], keep_vba=True)  # staff save the third agency's workbook
    wb.save(books[2])
    third = regenerate([csv], out, progress=False)
    assert [o.status for o in third.outcomes] == ["refreshed", "up to date", "refreshed"]

    resumed = regenerate([csv], out, progress=False, resume=True)  # outputs newer than the input
    assert {o.status for o in resumed.outcomes} == {"up to date"}
    assert [o.status for o in regenerate([csv], out, progress=False).outcomes] == ["up to date"] * 3


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for task in os.listdir(f"/proc/{p}/task"):
            try:
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    kids = [int(c) for c in fh.read().split()]
            except OSError:
                kids = []
            out += kids
            todo += kids
    return out


def _program(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().split(b"\0")[0].decode()
    except OSError:
        return ""


@needs_pdf
@needs_uno
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds LibreOffice through /proc")
def test_a_libreoffice_or_helper_that_died_is_replaced(tmp_path):
    assert main(["demo", "--out", str(tmp_path / "demo"), "--no-pdf"]) == 0
    doc = next((tmp_path / "demo").glob("ita-*-progress.docx"))
    with Converter() as conv:
        assert conv.convert(doc, tmp_path / "1.pdf").ok
        office = [p for p in _descendants(os.getpid()) if _program(p).endswith("soffice.bin")]
        assert office
        for p in office:
            os.kill(p, signal.SIGKILL)
        assert conv.convert(doc, tmp_path / "2.pdf").ok  # the helper starts LibreOffice again
        for p in _descendants(os.getpid()):
            if "python" in Path(_program(p)).name:
                os.kill(p, signal.SIGTERM)  # the helper itself ends (it ends its LibreOffice)
        time.sleep(1)
        gone = conv.convert(doc, tmp_path / "3.pdf")
        assert not gone.ok and "LibreOffice" in gone.message
        assert conv.convert(doc, tmp_path / "4.pdf").ok  # a new helper and LibreOffice
    assert text(tmp_path / "4.pdf") == text(tmp_path / "1.pdf")
    deadline = time.monotonic() + 30
    while _descendants(os.getpid()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _descendants(os.getpid())  # nothing of ours left running


def _running(pid: int) -> bool:
    """Is ``pid`` a live process (a zombie no reaper collected is dead)?"""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _wait_gone(pids, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := [p for p in pids if _running(p)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


@needs_pdf
@needs_uno
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds LibreOffice through /proc")
def test_a_hung_libreoffice_is_given_up_at_the_timeout_and_killed(tmp_path):
    assert main(["demo", "--out", str(tmp_path / "demo"), "--no-pdf"]) == 0
    doc = next((tmp_path / "demo").glob("ita-*-progress.docx"))
    with Converter(timeout=5) as conv:
        assert conv.convert(doc, tmp_path / "1.pdf").ok
        office = [p for p in _descendants(os.getpid()) if _program(p).endswith("soffice.bin")]
        assert office
        for p in office:
            os.kill(p, signal.SIGSTOP)  # hangs: answers nothing, over UNO or otherwise
        t0 = time.monotonic()
        hung = conv.convert(doc, tmp_path / "2.pdf")
        took = time.monotonic() - t0
        assert not hung.ok and "longer than 5 s" in hung.message
        assert took < 5 + 5, took  # the timeout, and a moment to kill it (was 7 times the timeout)
        assert not _wait_gone(office, 1)  # killed, not left stopped
        assert not [p for p in _descendants(os.getpid()) if _running(p)]  # nor its helper
        assert not (tmp_path / "2.pdf").exists()


@needs_pdf
@needs_uno
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds LibreOffice through /proc")
def test_killing_only_the_batchs_process_ends_its_workers_helpers_and_libreoffices(tmp_path):
    csv = write_synthetic_csv(tmp_path / "s.csv", 8)
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen(
        [sys.executable, "-m", "ita_xl", "regenerate", "--quiet", "--reports", "-j", "2", "--out",
         str(tmp_path / "out"), str(csv)],
        cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            offices = [p for p in _descendants(proc.pid) if _program(p).endswith("soffice.bin")]
            if len(offices) >= 2:
                break
            time.sleep(0.3)
        assert proc.poll() is None and len(offices) >= 2, "the batch did not get both LibreOffices going"
        family = _descendants(proc.pid)  # workers, their uno_convert helpers, LibreOffices
        os.kill(proc.pid, signal.SIGKILL)  # the main process alone, not its group
        proc.wait()
        left = _wait_gone(family, 10)
        assert not left, [(p, _program(p)) for p in left]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
