"""Issue 21's plan items: the plan's numbers never repeat (the urgent OIT part numbered on its own,
then each issue once), OIT items named by what they are, an unknown item asked for by its cell."""

from __future__ import annotations

from datetime import date

import docx
import openpyxl
from support.report_books import book_failing_o5
from support.report_cases import AGENCIES, write_case

from ita_xl.core.model import AgencyCase, Org, ScoreSet
from ita_xl.core.thai import arabic_digits
from ita_xl.io.frameworks import analyze, load
from ita_xl.report import build, from_input
from ita_xl.report.docx import write_docx
from ita_xl.report.model import build as build_report
from ita_xl.report.sheet import report_rows
from ita_xl.workbook.actions import _issue_cell
from ita_xl.workbook.layout import FRAMEWORK, SHEETS


def _obt_2569(tmp_path):
    a = next(a for a in AGENCIES if a.key == "obt-2569")
    return from_input(write_case(a, tmp_path))[0]


def test_the_plan_numbers_each_topic_once_urgent_part_first(tmp_path):
    report = build(_obt_2569(tmp_path))
    heads = [arabic_digits(p.topic).split(".")[0] for p in report.plan if p.topic]
    assert len(heads) == len(set(heads)), heads  # no number printed twice
    urgent = [h for h in heads if h.startswith("เร่งด่วน")]
    assert urgent == ["เร่งด่วน 1", "เร่งด่วน 2", "เร่งด่วน 3", "เร่งด่วน 4"]  # O10, O5, O6, O26
    assert heads[:4] == urgent and heads[4:] == [str(k) for k in range(1, 8)]
    # a later measure of issue 7 continues its row: no topic printed again
    assert [p.topic for p in report.plan].count("") == len(report.plan) - len(heads)


def test_urgent_rows_are_named_by_their_item_and_a_system_is_provided_not_published(tmp_path):
    report = build(_obt_2569(tmp_path))
    topics = [arabic_digits(p.topic) for p in report.plan]
    assert "เร่งด่วน 1. ระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service) (ข้อ O10 ประเด็นที่ 2)" in topics
    assert any(t.startswith("เร่งด่วน 4. รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรม") and "O26" in t for t in topics)
    e_service = report.plan[0].measures[0]
    assert e_service.startswith("- จัดให้มีระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service)")
    assert "เผยแพร่ระบบ" not in e_service and "ยื่นคำขอ" in e_service


def test_the_paragraphs_name_a_failed_oit_item_by_its_title_as_the_plan_does(tmp_path):
    """The analysis said "ข้อ O๑๐ ในตัวชี้วัดการเปิดเผยข้อมูล" where the plan's urgent row names the
    item; now each failed item is named by the plan's own words: its title, the code in brackets."""
    report = build(_obt_2569(tmp_path))
    text = arabic_digits(" ".join(p for i in report.issues for p in i.paragraphs))
    topics = arabic_digits(" ".join(p.topic for p in report.plan))
    for title in ("ระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service)",
                  "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (ปีงบประมาณก่อน"):
        assert title in topics and title in text, title
    # a name in brackets keeps its own; a Thai note in brackets takes the code in the same pair
    assert "(E-Service) (ข้อ O10)" in text and "(ปีงบประมาณก่อน ข้อ O26)" in text
    assert "(ปีงบประมาณก่อน ข้อ O26 ประเด็นที่ 7)" in topics and ") (" not in topics.replace("(E-Service) (", "")
    assert "รายการตามข้อ O5 และ O6" in text  # no title known: the plan's "รายการตามข้อ"
    assert "ข้อ O10 ใน" not in text and "ข้อ O26 ใน" not in text  # not the code and its indicator
    assert "เผยแพร่ข้อมูลตามข้อ" not in text


def test_an_unknown_item_says_what_is_missing_and_a_finding_names_the_cell(tmp_path):
    src = _obt_2569(tmp_path)
    report = build(src)
    o5 = next(p for p in report.plan if "O๕" in p.topic)
    assert o5.topic.endswith("รายการตามข้อ O๕ ในตัวชี้วัดการเปิดเผยข้อมูล (ประเด็นที่ ๓)")  # what is known
    assert "ITAS" not in o5.topic  # no instruction to staff in the signed document: the finding has it
    assert "จัดทำและเผยแพร่ข้อมูลตามข้อ O๕ ในตัวชี้วัดการเปิดเผยข้อมูล ให้ครบถ้วนตามองค์ประกอบ" in o5.measures[0]
    assert "เผยแพร่ข้อมูล ให้ครบถ้วน" not in o5.measures[0]  # not the vague "publish data"
    found = {f.message_en.split()[0]: f for f in src.result.findings if f.kind == "unknown_item"}
    assert set(found) == {"O5", "O6"}  # failed and unknown; O10 and O26 have titles


def test_the_unknown_item_finding_names_the_workbook_cell():
    fw = load(2569)
    scores = {c: 100.0 for c in fw.questions}
    scores["O7"] = 0.0
    case = AgencyCase(Org("อบต.ทดสอบ"), ScoreSet(2569, scores, where={"text:O7": "b.xlsx: ข้อคำถาม!D55"}))
    r = analyze(case)
    (f,) = [f for f in r.findings if f.kind == "unknown_item"]
    assert f.where == "b.xlsx: ข้อคำถาม!D55" and "O7" in f.message_th


def test_the_plan_rows_carry_the_numbers_the_workbook_prints(tmp_path):
    src = _obt_2569(tmp_path)
    labels = [p.label for p in src.result.plan]
    assert labels[:5] == ["เร่งด่วน ๑", "เร่งด่วน ๒", "เร่งด่วน ๓", "เร่งด่วน ๔", "๑"]
    assert labels[-1] == ""  # issue 7's second measure


def test_an_oit_groups_improve_cell_names_the_items_it_is_about(tmp_path):
    """The cell beside O16-O25 at 100 and O26 at 0 is about O26, and a system is provided."""
    report = build(_obt_2569(tmp_path))
    actions = {q.code: g.action for i in report.issues for g in i.groups if g.tool == "OIT" for q in g.questions}
    assert actions["ข้อ O๒๖"] == ("เผยแพร่รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
                                  "ให้ครบถ้วนตามเกณฑ์ (ข้อ O๒๖)")
    assert actions["ข้อ O๑๐"].startswith("จัดให้มีระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service)")
    assert "ITAS" not in actions["ข้อ O๕ – O๖"] and "O๕ และ O๖" in actions["ข้อ O๕ – O๖"]


def test_oit_estimates_are_marked_under_the_indicator_table(tmp_path):
    """2569 OIT indicators 9-10 are computed from items (no sub-indicators): marked, with a note."""

    report = build(_obt_2569(tmp_path))
    names = {arabic_digits(r.no): r.name for r in report.indicators}
    assert names["9"].endswith(" *") and names["10"].endswith(" *") and not names["8"].endswith("*")
    assert report.total.name.endswith(" *")
    assert report.indicator_note.startswith("* คะแนนตัวชี้วัดที่ ๙ และ ๑๐ เป็นค่าประมาณการ")
    assert "ITAS" in report.indicator_note
    texts = [c.text for row in report_rows(report).rows for c in row]  # the workbook's report sheet
    assert report.indicator_note in texts


def test_stated_oit_scores_are_not_marked():
    fw = load(2569)
    scores = ScoreSet(2569, {c: 100.0 for c in fw.questions}, indicators={9: 100.0, 10: 100.0}, total=100.0)
    report = build_report(analyze(AgencyCase(Org("อบต.ทดสอบ"), scores)))
    assert report.indicator_note == "" and not any(r.name.endswith("*") for r in report.indicators)


def test_an_approval_date_before_the_results_or_after_the_plan_year_is_a_warning(tmp_path):

    src = _obt_2569(tmp_path)  # ITA 2569: results from July 2569, measures over fiscal 2570
    early = build(src, date(2026, 3, 1))  # March 2569: no results yet
    assert [w for w in early.warnings if w.startswith("--date: approval date 2026-03-01 is before the ITA 2569")]
    late = build(src, date(2027, 10, 1))  # after 30 Sep 2570
    assert [w for w in late.warnings if w.startswith("--date: approval date 2027-10-01 is after fiscal year 2570")]
    fine = build(src, date(2026, 11, 15))
    assert not [w for w in fine.warnings if "approval date" in w]


def test_the_docx_plan_table_gives_an_issue_one_topic_cell(tmp_path):
    report = build(_obt_2569(tmp_path))
    path = write_docx(report, tmp_path / "plan.docx")
    table = next(t for t in docx.Document(str(path)).tables if t.rows[0].cells[0].text == "หัวข้อ")
    topics = [row.cells[0].text for row in table.rows[1:]]
    assert len(topics) == len(report.plan) and "" not in topics  # the continuation row is merged
    seven = [t for t in topics if t.startswith("๗.")]
    assert len(seven) == 2  # one cell over issue 7's two rows, read once per row


def test_the_plan_sheets_issue_column_numbers_as_the_report(tmp_path):

    src = _obt_2569(tmp_path)
    cells = [_issue_cell(p, "thai") for p in src.result.plan]
    # each number once, in order; an issue's later rows (one per weak question) leave the cell blank
    assert [c for c in cells if c is not None] == ["เร่งด่วน ๑", "เร่งด่วน ๒", "เร่งด่วน ๓", "เร่งด่วน ๔", 1, 2, 3, 4, 5, 6, 7]
    assert cells[0] is not None
    for cell, p, before in zip(cells[1:], src.result.plan[1:], src.result.plan):
        assert (cell is None) == (p.issue == before.issue and not p.urgent and not before.urgent), (cell, p.key)


def test_a_2569_workbook_asks_for_an_unknown_items_title_on_its_framework_sheet(tmp_path):
    """A 2569 workbook carries its framework sheet: the title of O5 is filled there (column ข้อคำถาม/รายการ)."""

    book = book_failing_o5(tmp_path)
    wb = openpyxl.load_workbook(book)
    src = from_input(book)[0]
    (f,) = [f for f in src.result.findings if f.kind == "unknown_item"]
    sheet = wb[SHEETS["framework"].name]
    col = FRAMEWORK.letter("text")
    row = next(c.row for c in sheet[FRAMEWORK.letter("code")] if c.value == "O5")
    assert f.where.endswith(f"{SHEETS['framework'].name}!{col}{row}"), f.where
    assert sheet[f"{col}{row}"].value in (None, "")  # the cell to fill is the empty title


def _with_history(tmp_path):
    a = next(a for a in AGENCIES if a.key == "obt-2569")
    case = write_case(a, tmp_path)
    hist = {2566: 88.5, 2567: 90.25, 2568: 92.0}
    case.write_text(case.read_text(encoding="utf-8") + "\n[history]\n" + "".join(
        f'"{y}" = {{ {", ".join(f"{n} = {v + n / 10:.2f}" for n in range(1, 11))} }}\n' for y, v in hist.items()),
        encoding="utf-8")
    return from_input(case)[0]


def test_the_indicator_table_shows_the_earlier_years_the_input_has(tmp_path):
    report = build(_with_history(tmp_path))
    assert report.indicator_header[2:] == ("ปี ๒๕๖๖", "ปี ๒๕๖๗", "ปี ๒๕๖๘", "ปี ๒๕๖๙")
    first = report.indicators[0]
    assert first.past == ("๘๘.๖๐", "๙๐.๓๕", "๙๒.๑๐") and first.score == "๙๕.๕๗"
    assert report.chart.years == [2566, 2567, 2568, 2569]
    path = write_docx(report, tmp_path / "h.docx")
    table = next(t for t in docx.Document(str(path)).tables if t.rows[0].cells[1].text == "รายละเอียดตัวชี้วัด")
    assert [c.text for c in table.rows[1].cells] == ["๑", "การปฏิบัติหน้าที่", "๘๘.๖๐", "๙๐.๓๕", "๙๒.๑๐", "๙๕.๕๗"]


def test_without_history_the_indicator_table_keeps_one_score_column(tmp_path):
    report = build(_obt_2569(tmp_path))
    assert report.indicator_header == ("ตัวชี้วัดที่", "รายละเอียดตัวชี้วัด", "คะแนน")
    assert report.indicators[0].past == ()
