"""Every shipped year is analysed soundly: OIT failures and weak survey questions reach the plan."""

from __future__ import annotations

import pytest

from ita_xl.io.frameworks import analyze
from ita_xl.core.framework import derive_issues
from ita_xl.io.frameworks import infer_topic, load, shipped_years
from ita_xl.core.model import AgencyCase, Org, ScoreSet

YEARS = list(range(2562, 2570))


def test_every_year_from_2562_to_2569_is_shipped():
    assert set(YEARS) <= set(shipped_years())


def _case(year: int, oit: str, survey: str) -> AgencyCase:
    fw = load(year)
    scores = {c: 100.0 for c in fw.questions}
    scores[oit], scores[survey] = 0.0, 60.0
    return AgencyCase(Org("เทศบาลตำบลทดสอบ", org_type="เทศบาล"), ScoreSet(year, scores))


def _pick(year: int) -> tuple[str, str]:
    fw = load(year)
    oit = [c for c, q in fw.questions.items() if q.tool == "OIT"]
    survey = [c for c, q in fw.questions.items() if q.tool != "OIT"]
    return oit[len(oit) // 2], survey[len(survey) // 3]


@pytest.mark.parametrize("year", YEARS)
def test_oit_zero_and_survey_sixty_each_focus_of_an_issue_with_a_plan_row(year):
    oit, survey = _pick(year)
    r = analyze(_case(year, oit, survey))
    for code in (oit, survey):
        issues = [i for i in r.issues if code in i.focus]
        assert issues, f"{year}: {code} is the focus of no issue"
        rows = [p for p in r.plan if p.issue in {i.no for i in issues} and code in p.questions]
        assert rows, f"{year}: no plan row for {code}"
    urgent = [p for p in r.plan if p.urgent]
    assert [p.questions for p in urgent] == [[oit]]
    assert r.plan[0].urgent, "the OIT measure comes ahead of the survey-based ones"
    row = urgent[0]
    assert "เร่งด่วน" in row.period and row.due in row.period
    assert "ITA" in row.measures[0] and "เว็บไซต์ของเทศบาลตำบลทดสอบ" in row.measures[0]
    assert row.owner and row.owner in row.measures[1]
    # the due date falls in the plan's fiscal year (1 Oct year .. 30 Sep year+1 in BE digits)
    from ita_xl.core.thai import arabic_digits
    assert arabic_digits(row.due).split()[-1] in (str(year), str(year + 1))


@pytest.mark.parametrize("year", YEARS)
def test_every_oit_item_at_zero_becomes_its_own_measure(year):
    fw = load(year)
    oit = [c for c, q in fw.questions.items() if q.tool == "OIT"]
    scores = {c: 100.0 for c in fw.questions}
    for c in oit:
        scores[c] = 0.0
    r = analyze(AgencyCase(Org("อบต.ทดสอบ"), ScoreSet(year, scores)))
    got = [p.questions[0] for p in r.plan if p.urgent]
    assert sorted(got) == sorted(oit)  # each once, none dropped
    assert all(p.urgent for p in r.plan[: len(oit)])


def test_2568_procurement_and_bribery_risk_at_zero_are_analysed():
    """The case of the issue: every question at 95/90 except O12 and O23 at 0."""
    fw = load(2568)
    scores = {c: {"IIT": 95.0, "EIT": 90.0, "OIT": 100.0}[q.tool] for c, q in fw.questions.items()}
    scores["O12"] = scores["O23"] = 0.0
    r = analyze(AgencyCase(Org("เทศบาลตำบลบ้านกลาง", org_type="เทศบาล"), ScoreSet(2568, scores)))
    assert r.tools["OIT"] == pytest.approx(89.165)
    urgent = {p.questions[0]: p for p in r.plan if p.urgent}
    assert set(urgent) == {"O12", "O23"}
    assert "จัดซื้อจัดจ้าง" in urgent["O12"].measures[0]
    assert "ความเสี่ยง" in urgent["O23"].measures[0]
    text = " ".join(i.analysis_th for i in r.issues)
    assert "O๑๒" in text and "O๒๓" in text


def test_derived_grouping_follows_topics_not_codes():
    g2568 = {c: s.no for s in load(2568).issues for c in s.codes}
    g2566 = {c: s.no for s in load(2566).issues for c in s.codes}
    # 2568 O12 (procurement notices) goes where 2566 put its procurement notices (O20), not where 2566 O12 was
    assert g2568["O12"] == g2566["O20"]
    assert g2568["O23"] == g2566["O34"]  # the risk assessment
    fw = load(2568)
    assert set(g2568) == set(fw.questions)  # every question sits in some issue


def test_derive_keeps_survey_codes_only_where_their_indicator_holds():
    from dataclasses import replace
    fw = load(2566)
    moved = {c: (replace(q, indicator=2) if c == "i1" else q) for c, q in fw.questions.items()}
    other = replace(fw, year=2590, questions=moved, issues=())
    specs = derive_issues(other, fw)
    where = {c: s.no for s in specs for c in s.codes}
    assert set(where) == set(other.questions)


def test_topics_inferred_from_wording():
    assert infer_topic("แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ") == "procurement_plan"
    assert infer_topic("ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ") == "complaint_channel"
    assert infer_topic("ระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service)") == "eservice"


def test_total_only_file_gets_its_level_checked(tmp_path):
    from ita_xl.cli import main
    p = tmp_path / "t.csv"
    p.write_text("code,score\ntotal,96.04\nlevel,AA\n", encoding="utf-8")
    assert main(["check", str(p), "--year", "2566"]) == 1  # AA is not a 2566 level
    assert main(["check", str(p), "--year", "2565"]) == 0  # it is one in 2565
    p.write_text("code,score\ntotal,80\nlevel,ผ่าน\n", encoding="utf-8")
    assert main(["check", str(p), "--year", "2566"]) == 1  # 80 does not pass
    p.write_text("code,score\ntotal,96\nIIT,97\nEIT,95.5\nOIT,96\nlevel,ผ่านดีเยี่ยม\n", encoding="utf-8")
    assert main(["check", str(p), "--year", "2566"]) == 0


@pytest.mark.parametrize("year", YEARS)
def test_an_urgent_measure_names_its_item_once(year):
    """An OIT item the data knows no name or topic for (2569 O5) is named by its code, once."""
    from ita_xl.core.thai import arabic_digits

    fw = load(year)
    for code, q in fw.questions.items():
        if q.tool != "OIT":
            continue
        r = analyze(_case(year, code, next(c for c, x in fw.questions.items() if x.tool != "OIT")))
        (row,) = [p for p in r.plan if p.urgent]
        text = arabic_digits(row.measures[0])
        assert text.count(f"ข้อ {code}") == 1, (code, row.measures[0])
