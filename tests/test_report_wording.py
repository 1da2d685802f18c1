"""What the signed documents say, read as the official who signs them would (issue 21, reader b's
findings): each question discussed with its own indicator, measures that name what they are about,
OIT items whose wording is unknown stated as what is known, deadlines an agency can meet, budget
wording of the agency's type, a plan row without a measure twice, and a progress report whose next
steps follow each measure's own deadline and status."""

from __future__ import annotations

import re
from datetime import date

import pytest
from support.report_books import book_failing_o5
from support.report_cases import AGENCIES, FAILED_OIT_2568, FAILED_OIT_2569, WEAK, write_case

from ita_xl.cli import main
from ita_xl.core.model import Org
from ita_xl.core.thai import and_list, arabic_digits
from ita_xl.io.frameworks import load
from ita_xl.report import build, build_progress, from_input
from ita_xl.report.model import typical_limitations
from ita_xl.workbook.layout import SHEETS

CODE = re.compile(r"(?<![A-Za-z])([ie][0-9]+|O[0-9]+)(?![0-9])")


def _agency(key):
    return next(a for a in AGENCIES if a.key == key)


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cases")
    return {a.key: from_input(write_case(a, folder))[0] for a in AGENCIES}


def test_the_cases_fail_only_items_their_year_has():
    for year, failed in ((2569, FAILED_OIT_2569), (2568, FAILED_OIT_2568)):
        fw = load(year)
        assert set(failed) <= set(fw.questions), (year, set(failed) - set(fw.questions))
    assert set(WEAK) <= set(load(2568).questions) and set(WEAK) <= set(load(2569).questions)


def test_and_list_joins_thai_lists_one_way():
    assert and_list(["๑"]) == "๑"
    assert and_list(["๑", "๔"]) == "๑ และ ๔"
    assert and_list(["๑", "๒", "๓"]) == "๑ ๒ และ ๓"
    assert and_list(["การปฏิบัติหน้าที่", "คุณภาพการดำเนินงาน"]) == "การปฏิบัติหน้าที่ และคุณภาพการดำเนินงาน"


def _indicator_mentions(fw, line: str):
    """Question codes and indicator mentions in reading order: ("code", c) or ("ind", no or None
    for "ตัวชี้วัดเดียวกัน")."""
    names = sorted(((i.name, i.no) for i in fw.indicators), key=lambda x: -len(x[0]))
    pattern = "|".join(re.escape(n) for n, _ in names)
    ind = re.compile(rf"ตัวชี้วัด(?:({pattern})|(เดียวกัน))")
    events = [(m.start(), "code", m.group(1)) for m in CODE.finditer(line)]
    by_name = dict(names)
    events += [(m.start(), "ind", by_name[m.group(1)] if m.group(1) else None) for m in ind.finditer(line)]
    return [(kind, value) for _, kind, value in sorted(events)]


@pytest.mark.parametrize("key", ["obt-2569", "krom-2569", "obt-2568"])
def test_each_discussed_question_is_followed_by_its_own_indicator(cases, key):
    """Never a list of questions of several indicators followed by one indicator's score."""
    src = cases[key]
    fw = src.result.framework
    report = build(src)
    checked = 0
    for issue in report.issues:
        last = None  # "the same indicator": the one named last in the issue
        for k, para in enumerate(issue.paragraphs):
            line = arabic_digits(para)
            if k == 0:  # the strengths come first: from the question in focus on
                line = line[line.rfind("พิจารณา"):] if "พิจารณา" in line else ""
            pending: list[str] = []
            for kind, value in _indicator_mentions(fw, line):
                if kind == "code":
                    if value in fw.questions and fw.questions[value].tool != "OIT":
                        pending.append(value)
                    continue
                no = last if value is None else value
                wrong = [c for c in pending if fw.questions[c].indicator != no]
                assert not wrong, f"{issue.heading}: {wrong} read as indicator {no}: {para}"
                checked += len(pending)
                pending, last = [], no
    assert checked > 10


@pytest.mark.parametrize("key", ["obt-2569", "krom-2569"])
def test_measures_name_what_the_questions_are_about_not_a_list_of_codes(cases, key):
    src = cases[key]
    report = build(src)
    org = src.result.case.org.name
    for issue in report.issues:
        for para in issue.paragraphs:
            if f"{org}ควร" in para:
                proposal = arabic_digits(para.split(f"{org}ควร", 1)[1])
                assert not CODE.search(proposal), f"{issue.heading}: a code in the measures: {proposal}"
    # the threshold is said the first time "เกณฑ์" is used
    texts = [report.s1_intro, report.indicator_note, report.issues_lead,
             *(p for i in report.issues for p in i.paragraphs)]
    first = next(t for t in texts if "เกณฑ์" in t)
    assert first == report.issues_lead and "๑๐๐ คะแนน" in first, first


def test_an_item_whose_wording_is_unknown_is_stated_as_what_is_known(cases):
    src = cases["krom-2569"]  # O5 and O6 failed, their wording unknown in 2569
    report = build(src)
    text = "\n".join(p for i in report.issues for p in i.paragraphs)
    assert "เพราะข้อมูลที่เผยแพร่ยังไม่ครบ" not in text  # a cause nobody knows
    both = [p for p in text.splitlines() if "O๕" in p and "O๖" in p]
    assert both and not [p for p in both if "ข้อนี้" in p], both  # two items are not "this item"
    plan = [t for p in report.plan for t in (p.topic, *p.measures, *p.steps)]
    o5 = next(p for p in report.plan if "O๕" in p.topic)
    assert "การเปิดเผยข้อมูล" in o5.topic, o5.topic  # what is known: its indicator
    assert not [t for t in plan if "ITAS" in t or "ตรวจสอบชื่อรายการ" in t], "an instruction to staff in the plan"
    group = next(g.action for i in report.issues for g in i.groups if any("O๕" in q.code for q in g.questions))
    assert "ITAS" not in group and "O๕ และ O๖" in group
    # the instruction is the export's: a warning naming where to type the wording
    asks = [w for w in report.warnings if "O5" in w and "O6" in w]
    assert asks, report.warnings


def test_the_export_of_a_case_file_prints_where_to_type_an_unknown_items_wording(tmp_path, capsys):
    case = write_case(_agency("obt-2569"), tmp_path)
    assert main(["export", str(case), "--docx", str(tmp_path / "r.docx"), "--no-pdf"]) == 0
    err = capsys.readouterr().err
    line = next((ln for ln in err.splitlines() if "O5" in ln and "O6" in ln), "")
    assert "text_th" in line and "questions.csv" in line, err
    assert line.count("questions.csv") == 2 and "rows O5, O6, column text_th" in line  # once each language


def test_the_export_of_a_workbook_prints_the_cell_of_an_unknown_items_wording(tmp_path, capsys):
    book = book_failing_o5(tmp_path)
    capsys.readouterr()
    assert main(["export", str(book), "--docx", str(tmp_path / "r.docx"), "--no-pdf"]) == 0
    err = capsys.readouterr().err
    line = next((ln for ln in err.splitlines() if "O5" in ln and "ITAS" in ln), "")
    assert f"{SHEETS['framework'].name}!" in line, err


def test_urgent_deadlines_are_one_date_a_month_or_more_after_approval(cases):
    src = cases["krom-2569"]
    urgent = [p for p in src.result.plan if p.urgent]
    assert len(urgent) == 4 and len({p.due for p in urgent}) == 1, [p.due for p in urgent]
    report = build(src, date(2026, 12, 20))  # approved 20 Dec 2569
    assert not [w for w in report.warnings if "urgent" in w]
    late = build(src, date(2027, 3, 10))  # approved three weeks before the urgent deadline
    assert [w for w in late.warnings if "urgent" in w and "30" in w], late.warnings


def test_the_budget_act_is_the_agency_types_own():
    def said(name, org_type):
        lim = typical_limitations(Org(name, org_type=org_type))
        return " ".join(i["handling"] for i in lim["items"])

    assert "เทศบัญญัติ" in said("เทศบาลตำบลหนองบัวทอง", "เทศบาล")
    assert "ข้อบัญญัติ" in said("องค์การบริหารส่วนตำบลบ้านเป้า", "อบต.")
    assert "บัญญัติ" not in said("กรมส่งเสริมการปกครองท้องถิ่น", "ส่วนราชการ")


def test_a_plan_row_names_a_measure_once_and_generic_steps_are_not_repeated(cases):
    report = build(cases["krom-2569"])
    for p in report.plan:
        queue = [m for m in p.measures if "บัตรคิว" in m]
        assert len(queue) <= 1, p.measures
    steps = [tuple(p.steps) for p in report.plan if len(p.steps) > 1]
    repeated = {s for s in steps if steps.count(s) > 1}
    assert not repeated, repeated


# --------------------------------------------------------------------------- the progress report


@pytest.fixture(scope="module")
def progress(cases):
    """A month after the urgent deadline (31 March 2570), nothing typed by staff."""
    return build_progress(cases["tessaban-2569"], date(2027, 4, 30))


def test_next_steps_follow_each_measures_own_deadline_and_status(progress):
    paras = progress.next_steps.paragraphs
    assert len(paras) < len(progress.lines) / 2, paras  # not one sentence per measure
    urgent = [ln for ln in progress.lines if ln.urgent]
    assert urgent and all(ln.delayed for ln in urgent)
    late = next(p for p in paras if "ล่าช้า" in p)  # said to be late, with its date
    # the four urgent measures, in a row: "มาตรการที่ ๑ – ๔"
    assert "๓๑ มีนาคม ๒๕๗๐" in late and f"มาตรการที่ {urgent[0].no} – {urgent[-1].no} " in late, late
    on_time = [p for p in paras if p != late]
    assert on_time and all("๓๐ กันยายน ๒๕๗๐" in p and "เร่งรัด" not in p for p in on_time), on_time


def test_the_status_column_says_what_the_text_and_the_count_say(progress):
    for ln in progress.lines:
        assert ln.status != "-", ln.no
        if ln.delayed:
            assert "ล่าช้า" in ln.status, (ln.no, ln.status)


def test_delayed_measures_are_listed_the_thai_way(progress):
    listed = [r for r in progress.rules if "ล่าช้ากว่ากำหนด" in r and "ได้แก่" in r]
    if listed:
        numbers = listed[0].split("ได้แก่ มาตรการที่ ", 1)[1]
        # one number, a range "๑ – ๔", or a list closed by "และ"
        assert " " not in numbers or " – " in numbers or " และ " in numbers, numbers


def test_the_target_of_an_urgent_measure_reads_once(progress):
    first = progress.lines[0]
    assert first.target.startswith("ดำเนินการแล้วเสร็จภายในวันที่"), first.target
    assert "เร่งด่วน" not in first.target and "ระยะเวลา" not in first.target


def test_the_status_table_shows_each_measure_shortly(progress, cases):
    """The per-measure part prints every measure in full; the table names it: its topic (an urgent
    one by its item) and its first measure."""
    plan = cases["tessaban-2569"].plan
    for ln, e in zip(progress.lines, plan, strict=True):
        assert len(ln.measures) <= 1 and (not e.measures or e.measures[0] in ln.measures[0])
        detail = next(d for d in progress.details if d.heading.startswith(f"มาตรการที่ {ln.no} "))
        assert all(m in dict(detail.lines)["มาตรการ"] for m in e.measures)
    urgent = [ln for ln in progress.lines if ln.urgent]
    assert urgent and all("ข้อ O" in ln.topic and "ประเด็นที่" in ln.topic for ln in urgent), [ln.topic for ln in urgent]


def test_measures_due_on_the_datas_date_are_to_be_finished_at_once(cases):
    rep = build_progress(cases["tessaban-2569"], date(2027, 3, 31))  # the urgent deadline itself
    first = rep.next_steps.paragraphs[0]
    assert first.startswith("มาตรการที่ ๑ – ๔ ครบกำหนด") and "๓๑ มีนาคม ๒๕๗๐" in first, first
    assert rep.next_steps.paragraphs[1].endswith("ควรดำเนินการต่อตามแผนให้แล้วเสร็จภายในวันที่ ๓๐ กันยายน ๒๕๗๐")


def test_the_progress_report_names_an_urgent_measure_by_the_plans_label(tmp_path):
    """A reader found "มาตรการที่ ๔ …" in the progress report where the measures document says
    "เร่งด่วน ๔": each urgent measure carries the plan's own label, so its row is found."""
    a = AGENCIES[0]
    (src,) = from_input(write_case(a, tmp_path))
    plan_topics = [p.topic for p in build(src).plan if p.topic.startswith("เร่งด่วน")]
    urgent = [ln.topic for ln in build_progress(src, date(2027, 3, 31)).lines if ln.urgent]
    assert len(plan_topics) == len(FAILED_OIT_2569) == len(urgent)
    assert [t.split(".")[0] for t in urgent] == [t.split(".")[0] for t in plan_topics]
    assert urgent[0].startswith("เร่งด่วน ๑. ")
