"""The report on carrying the measures out: round, summary, and each measure as staff left it."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from ita_xl.report.typeset import plain


from docx import Document  # noqa: E402

from ita_xl.cli import main  # noqa: E402
from ita_xl.report import build_progress, from_input  # noqa: E402
from ita_xl.report.export import fulfil  # noqa: E402
from ita_xl.report.progress import DOING, DONE, NOT_STARTED, classify  # noqa: E402
from ita_xl.report.source import PlanEntry  # noqa: E402
from ita_xl.workbook import actions as C  # noqa: E402
from ita_xl.xlsx.fileio import snapshot_of  # noqa: E402
from support.report_books import AS_OF, LINK, OVERRIDE, STAFF_TOPIC, staffed_book  # noqa: E402

TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return staffed_book(tmp_path_factory.mktemp("progress"))


@pytest.fixture(scope="module")
def source(book):
    (src,) = from_input(book)
    return src


def test_round_from_the_as_of_date(source):
    assert build_progress(source, date(2023, 10, 1)).round == "รอบ ๖ เดือน"
    assert build_progress(source, date(2024, 3, 31)).round == "รอบ ๖ เดือน"
    assert build_progress(source, date(2024, 4, 1)).round == "รอบ ๑๒ เดือน"
    late = build_progress(source, date(2026, 1, 1))  # after the year: the full year, as of its last day
    assert late.round == "รอบ ๑๒ เดือน" and "๓๐ กันยายน ๒๕๖๗" in late.period


def test_summary_counts_done_in_progress_not_started(source):
    rep = build_progress(source, AS_OF)
    assert rep.title == TITLE and rep.year_line == "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ (รอบ ๖ เดือน)"
    # the sample's 14 measures (two per issue: its weakest question's, the others' shared) and the staff's row
    assert rep.summary == [("ดำเนินการแล้วเสร็จ", "๑"), ("อยู่ระหว่างดำเนินการ", "๒"),
                           ("ยังไม่ได้ดำเนินการ", "๑๒"), ("รวม", "๑๕")]


def test_each_measure_as_staff_typed_it(source):
    rep = build_progress(source, AS_OF)
    first, second, third = rep.lines[:3]
    assert (first.owner, first.status, first.progress) == (OVERRIDE, "เสร็จสิ้น", "๑๐๐")
    assert first.notes == "ดำเนินการครบทุกขั้นตอนแล้ว"
    assert [(e.text, e.url) for e in first.evidence[0]] == [("รายงานผลการดำเนินการ ", None), (LINK, LINK)]
    assert (second.status, second.progress, third.status, third.progress) == ("กำลังดำเนินการ", "๔๐", "ล่าช้า", "๒๕")
    assert rep.lines[-1].topic == "๓. " + STAFF_TOPIC and rep.lines[-1].status == "ยังไม่เริ่ม"
    assert rep.lines[3].status == "-" and rep.lines[3].progress == "-"  # nothing typed: nothing invented


def test_classify_by_status_else_by_percent():
    def e(status="", progress=None):
        return PlanEntry("k", 1, "t", [], "o", [], "p", status=status, progress=progress)

    assert [classify(e("เสร็จสิ้น")), classify(e("ล่าช้า", 10)), classify(e("", 100)), classify(e("", 30)),
            classify(e())] == [DONE, DOING, DONE, DOING, NOT_STARTED]


def test_cli_progress_docx_keeps_links_as_links(book, tmp_path):
    out = tmp_path / "progress.docx"
    assert main(["export", str(book), "--progress", "--as-of", AS_OF.isoformat(), "--docx", str(out),
                 "--no-pdf"]) == 1  # written; the sample's errors still make it exit 1
    doc = Document(str(out))
    title = plain(next(p.text for p in doc.paragraphs if p.style.name == "Title"))
    assert title.startswith(TITLE) and "(รอบ ๖ เดือน)" in title
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    assert "<w:hyperlink " in xml and f'Target="{LINK}"' in rels and 'TargetMode="External"' in rels


def test_the_progress_button_command(book, monkeypatch):
    monkeypatch.setattr("ita_xl.report.pdf.soffice", lambda: None)
    assert C.NAMED["progress"] is C.progress
    snap = snapshot_of(book)
    [notice] = fulfil(snap, *C.progress(snap))
    out = book.with_name(f"{book.stem}-progress.docx")
    assert out.exists() and out.name in notice.message_th
    assert notice.level == "warning" and "errors" in notice.message_en  # the checks' errors are listed


def test_a_desktop_button_named_for_it_runs_the_progress_command():
    from ita_xl.excel.desktop import command_for_button

    from ita_xl.report.sheet import progress_ops

    assert command_for_button("btn_progress") is progress_ops  # the progress report sheet (issue 20)
    assert command_for_button("btn_export") is C.export
