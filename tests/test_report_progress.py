"""The report on carrying the measures out: round, summary, and each measure as staff left it."""

from __future__ import annotations

import copy
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from ita_xl.core.thai import arabic_digits
from ita_xl.report.typeset import plain


from docx import Document  # noqa: E402

from ita_xl.cli import main  # noqa: E402
from ita_xl.errors import InputError  # noqa: E402
from ita_xl.report import build_progress, from_input, write_progress_docx  # noqa: E402
from ita_xl.report.export import fulfil  # noqa: E402
from ita_xl.report.progress import CANCELLED, DOING, DONE, NOT_STARTED, classify, is_delayed  # noqa: E402
from ita_xl.report.source import PlanEntry  # noqa: E402
from ita_xl.workbook import actions as C  # noqa: E402
from ita_xl.xlsx.fileio import snapshot_of  # noqa: E402
from ita_xl.workbook import layout as L  # noqa: E402
from ita_xl.workbook.ops import Write  # noqa: E402
from ita_xl.xlsx.fileio import apply_ops  # noqa: E402
from support.report_books import (AS_OF, DONE_TEXT, LINK, NEXT_STEPS, OVERRIDE, PROBLEMS, RESULT_TEXT,  # noqa: E402
                                  STAFF_TOPIC, staffed_book, unstaffed_book)

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
    # the status as counted (the summary and the text say the same), a delayed measure marked
    assert (first.owner, first.status, first.progress) == (OVERRIDE, "ดำเนินการแล้วเสร็จ", "๑๐๐")
    assert first.notes == "ดำเนินการครบทุกขั้นตอนแล้ว"
    assert [(e.text, e.url) for e in first.evidence[0]] == [("รายงานผลการดำเนินการ ", None), (LINK, LINK)]
    assert (second.status, second.progress, third.status, third.progress) == (
        "อยู่ระหว่างดำเนินการ", "๔๐", "อยู่ระหว่างดำเนินการ (ล่าช้า)", "๒๕")
    assert rep.lines[-1].topic == "๓. " + STAFF_TOPIC and rep.lines[-1].status == "ยังไม่ได้ดำเนินการ"
    assert rep.lines[3].status == "ยังไม่ได้ดำเนินการ" and rep.lines[3].progress == "-"  # no percent invented


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


# ---- the report as the O26 evidence (issue 21): counting, round, texts per measure, sections

def _entry(status="", progress=None, period="๑ ตุลาคม ๒๕๖๖ ถึง ๓๐ กันยายน ๒๕๖๗", **kw):
    return PlanEntry("k", 1, "t", [], "o", [], period, status=status, progress=progress, **kw)


def test_a_delayed_measure_at_zero_percent_is_not_in_progress():
    assert classify(_entry("ล่าช้า", 0)) == NOT_STARTED
    assert classify(_entry("ล่าช้า")) == NOT_STARTED  # no work shown
    assert classify(_entry("กำลังดำเนินการ", 0)) == NOT_STARTED
    assert classify(_entry("กำลังดำเนินการ")) == DOING  # staff's word, no percent typed
    assert classify(_entry("ยังไม่เริ่ม", 30)) == DOING  # work shown counts
    assert classify(_entry("ยกเลิก", 50)) == CANCELLED


def test_delayed_by_status_or_by_a_period_past_the_as_of_date():
    as_of = date(2024, 3, 31)
    assert is_delayed(_entry("ล่าช้า", 0), NOT_STARTED, as_of)
    urgent = _entry("", 50, period="ภายในวันที่ ๓๑ ธ.ค. ๒๕๖๖")
    assert is_delayed(urgent, DOING, as_of) and not is_delayed(urgent, DOING, date(2023, 12, 1))
    assert not is_delayed(_entry("ล่าช้า", 100), DONE, as_of)
    assert not is_delayed(_entry("", 20), DOING, as_of)  # the whole year: not late at six months


def test_summary_counts_a_zero_percent_delayed_measure_as_not_started(source):
    before = dict(build_progress(source, AS_OF).summary)
    assert before["อยู่ระหว่างดำเนินการ"] != "๐"
    src = copy.deepcopy(source)
    src.plan[1].status, src.plan[1].progress = "ล่าช้า", 0.0  # was in progress at 40 %
    rep = build_progress(src, AS_OF)
    after = {k: int(arabic_digits(v)) for k, v in rep.summary}
    was = {k: int(arabic_digits(v)) for k, v in before.items()}
    assert after["ดำเนินการแล้วเสร็จ"] == was["ดำเนินการแล้วเสร็จ"]
    assert after["อยู่ระหว่างดำเนินการ"] == was["อยู่ระหว่างดำเนินการ"] - 1  # 0 % is not work shown
    assert after["ยังไม่ได้ดำเนินการ"] == was["ยังไม่ได้ดำเนินการ"] + 1
    assert after["รวม"] == was["รวม"] == len(src.plan)
    assert rep.rules[0].startswith("เกณฑ์การนับ") and "ล่าช้า" in rep.rules[0]
    assert rep.rules[1].startswith("ในจำนวนนี้ มีมาตรการที่ล่าช้ากว่ากำหนด") and " ๒ " in rep.rules[1] + " "


def test_the_round_from_the_settings_sheet_wins_over_the_date(source):
    src = copy.deepcopy(source)
    src.result.case.settings.progress_round = 12
    rep = build_progress(src, AS_OF)
    assert rep.round == "รอบ ๑๒ เดือน" and "๓๐ กันยายน ๒๕๖๗" in rep.period
    assert any("settings sheet" in w for w in rep.warnings)  # data of March in a full-year round
    src.result.case.settings.progress_round = 6
    assert build_progress(src, date(2024, 8, 1)).round == "รอบ ๖ เดือน"


def test_the_round_typed_on_the_settings_sheet_is_read(tmp_path):
    book = tmp_path / "b.xlsm"
    assert main(["new", str(book), "--sample"]) == 0
    apply_ops(book, [Write(L.SHEETS["settings"].name, L.settings_cell("progress_round"), [["๑๒"]])])
    (src,) = from_input(book)
    assert src.result.case.settings.progress_round == 12
    apply_ops(book, [Write(L.SHEETS["settings"].name, L.settings_cell("progress_round"), [[9]])])
    with pytest.raises(InputError) as exc:
        from_input(book)
    assert L.settings_cell("progress_round") in str(exc.value)


def test_each_measure_says_what_was_done_and_the_result_against_its_target(source):
    rep = build_progress(source, AS_OF)
    first = dict(rep.details[0].lines)
    assert rep.details[0].heading.startswith("มาตรการที่ ๑ ")
    assert first["การดำเนินการ"] == DONE_TEXT
    assert first["ผลการดำเนินการเทียบกับเป้าหมาย"] == f"{RESULT_TEXT} (ดำเนินการแล้วเสร็จ ความคืบหน้าร้อยละ ๑๐๐)"
    assert first["เป้าหมาย"].startswith("ดำเนินการแล้วเสร็จภายในระยะเวลา ๑ ตุลาคม ๒๕๖๖")
    assert rep.details[0].evidence[0][1].url == LINK
    third = dict(rep.details[2].lines)
    assert "การดำเนินการ" not in third  # staff left it empty: left out, and a finding names the cell
    assert third["ผลการดำเนินการเทียบกับเป้าหมาย"] == "อยู่ระหว่างดำเนินการ ความคืบหน้าร้อยละ ๒๕ (ล่าช้ากว่ากำหนด)"
    assert any(w.endswith("") and f"!{L.PLAN.letter('done')}6:" in w for w in rep.warnings)


def test_problems_and_next_steps_from_the_texts_sheet(source):
    rep = build_progress(source, AS_OF)
    assert (rep.problems.paragraphs, rep.problems.draft) == ([PROBLEMS], False)
    assert (rep.next_steps.paragraphs, rep.next_steps.draft) == ([NEXT_STEPS], False)
    text = rep.all_text()
    assert "ปัญหาและอุปสรรคในการดำเนินการ" in text and "ข้อเสนอแนะและแนวทางการดำเนินการต่อไป" in text


def test_without_staff_texts_no_placeholder_a_draft_from_the_data_and_a_finding(tmp_path):
    (src,) = from_input(unstaffed_book(tmp_path))
    rep = build_progress(src, AS_OF)
    # no measure delayed, no note: the part says so from the plan's data (the O26 report has it)
    assert rep.problems.draft and rep.problems.paragraphs == [
        "ณ วันที่ ๓๑ มีนาคม ๒๕๖๗ ไม่มีมาตรการใดล่าช้ากว่ากำหนด และผู้รับผิดชอบมาตรการไม่ได้รายงานปัญหาหรืออุปสรรค"
        "ที่กระทบต่อการดำเนินการตามแผน"]
    # every measure runs the whole year, none late at six months: go on as planned, in one sentence
    assert rep.next_steps.draft and rep.next_steps.paragraphs == [
        "มาตรการทั้ง ๑๔ มาตรการ ควรดำเนินการต่อตามแผนให้แล้วเสร็จภายในวันที่ ๓๐ กันยายน ๒๕๖๗"]
    assert any("ข้อจำกัด!C6" in w and "no measure delayed" in w for w in rep.warnings)
    assert any("ข้อจำกัด!C7" in w and "draft" in w for w in rep.warnings)
    assert "ปัญหาและอุปสรรคในการดำเนินการ" in rep.all_text()  # its heading over what the data say
    with zipfile.ZipFile(write_progress_docx(rep, tmp_path / "p.docx")) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    # the draft is printed as the text it is (the finding names the cell): no review note in what is signed
    assert "ควรดำเนินการต่อตามแผน" in xml and "ผลการดำเนินการรายมาตรการ" in xml
    assert "ร่างจาก" not in xml and "โปรดทบทวน" not in xml


def test_the_new_staff_columns_survive_a_rerun_of_the_plan(book, tmp_path):
    copy_ = tmp_path / "again.xlsm"
    shutil.copy(book, copy_)
    apply_ops(copy_, C.plan(snapshot_of(copy_)))
    (src,) = from_input(copy_)
    assert (src.plan[0].done, src.plan[0].result) == (DONE_TEXT, RESULT_TEXT)


def test_at_the_years_end_the_measures_not_done_are_its_problems_not_none_late(tmp_path):
    """The 12-month round's date is the plan year's end, every measure's deadline: a measure not
    done by then is not "late" by the count (its deadline is not before the date), yet the problems
    part must not say that nothing is late (a reviewer found it did)."""
    (src,) = from_input(unstaffed_book(tmp_path))
    rep = build_progress(src, date(2024, 9, 30))
    assert rep.problems.paragraphs == ["มาตรการที่ ๑ – ๑๔ ยังดำเนินการไม่แล้วเสร็จตามกำหนดวันที่ ๓๐ กันยายน ๒๕๖๗"]
    assert rep.problems.paragraphs[0] not in rep.next_steps.paragraphs[0]  # not the next steps' sentence again
    assert "ไม่มีมาตรการใดล่าช้า" not in rep.all_text()
