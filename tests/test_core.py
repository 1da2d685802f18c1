"""Core computation, levels, decisions and checks, without any Excel."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_xl.core.analysis import decide
from ita_xl.core.checks import foreign_agency_names
from ita_xl.core.compute import indicator_scores, level_for, levels_with_bands, tool_scores, weighted_total
from ita_xl.io.frameworks import analyze
from ita_xl.io.frameworks import available_years, load
from ita_xl.core.model import AgencyCase, Org, ScoreSet
from ita_xl.core.thai import fiscal_period, fiscal_year_of, round_half_up, thai_digits, arabic_digits

scores = st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round_half_up(x, 2))


def full_scores(year=2566, value=100.0, **over):
    fw = load(year)
    qs = {c: value for c in fw.questions}
    qs.update(over)
    return ScoreSet(year=year, questions=qs)


def case_of(s: ScoreSet, **kw) -> AgencyCase:
    return AgencyCase(org=Org("องค์การบริหารส่วนตำบลทดสอบ", org_type="อบต."), scores=s, **kw)


# Levels on published rules: 7-level scale up to 2565, pass labels with the per-tool rule from 2566.
@pytest.mark.parametrize(
    "year,total,tools,label",
    [
        (2565, 95.00, None, "AA"),
        (2565, 94.99, None, "A"),
        (2565, 85.00, None, "A"),
        (2565, 84.99, None, "B"),
        (2562, 64.99, None, "D"),
        (2564, 49.99, None, "F"),
        (2566, 96.10, {"IIT": 97.0, "EIT": 95.2, "OIT": 96.0}, "ผ่านดีเยี่ยม"),
        (2566, 96.10, {"IIT": 99.0, "EIT": 94.9, "OIT": 97.0}, "ผ่านดี"),
        (2567, 90.00, {"IIT": 95.0, "EIT": 90.0, "OIT": 84.5}, "ผ่าน"),
        (2568, 94.95, {"IIT": 97.006, "EIT": 86.18, "OIT": 100.0}, "ผ่านดี"),
        (2566, 84.99, {"IIT": 90.0, "EIT": 90.0, "OIT": 78.0}, "ต้องปรับปรุง"),
        (2566, 69.99, {"IIT": 70.0, "EIT": 70.0, "OIT": 70.0}, "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_levels_follow_year_scheme(year, total, tools, label):
    assert level_for(load(year).levels, total, tools) == label


def test_fail_bands_are_configurable():
    lv = levels_with_bands(load(2566).levels, [("ไม่ผ่าน", 0.0)])
    assert level_for(lv, 80.0, {"IIT": 80, "EIT": 80, "OIT": 80}) == "ไม่ผ่าน"
    assert level_for(lv, 90.0, {"IIT": 90, "EIT": 90, "OIT": 90}) == "ผ่านดี"


def test_every_year_loads_with_ten_indicators():
    for y in available_years():
        fw = load(y)
        assert [i.no for i in fw.indicators] == list(range(1, 11))
        assert abs(sum(fw.weights.values()) - 1.0) < 1e-9
        for code, q in fw.questions.items():
            assert fw.indicator(q.indicator).tool == q.tool, (y, code)
    assert set(available_years()) >= set(range(2562, 2569))


def test_2566_is_complete_and_grouping_is_the_samples():
    fw = load(2566)
    assert fw.complete
    assert sum(q.tool == "OIT" for q in fw.questions.values()) == 43
    assert [len(i.groups) for i in fw.issues] == [3, 3, 2, 2, 2, 2, 2]
    assert "i27" in fw.issues[5].groups[0].codes


def test_direct_indicator_rows_used_when_questions_absent():
    s = ScoreSet(year=2566, indicators={n: 90.0 for n in range(1, 11)})
    r = analyze(case_of(s))
    assert r.total == 90.0 and r.level == "ผ่านดี"
    assert all(i.computed is None for i in r.indicators)


def test_oit_by_subindicator_and_estimate():
    fw = load(2566)
    # O1 = 0: sub-indicator 9.1 = 90, others 100 -> indicator 9 = 98.0 (flat mean would be 96.67)
    s = full_scores(O1=0.0)
    inds = {i.no: i for i in indicator_scores(fw, s)}
    assert inds[9].computed == 98.0 and not inds[9].estimate
    s.questions.pop("O2")
    inds = {i.no: i for i in indicator_scores(fw, s)}
    assert inds[9].estimate and inds[9].missing == ["O2"]


@settings(max_examples=60, deadline=None)
@given(st.lists(scores, min_size=88, max_size=88))
def test_total_is_weighted_mean_of_tools(values):
    fw = load(2566)
    s = ScoreSet(year=2566, questions=dict(zip(fw.questions, values)))
    inds = indicator_scores(fw, s)
    tools = tool_scores(inds)
    total = weighted_total(tools, fw.weights)
    assert min(tools.values()) - 0.01 <= total <= max(tools.values()) + 0.01
    expected = 0.3 * tools["IIT"] + 0.3 * tools["EIT"] + 0.4 * tools["OIT"]
    assert abs(total - expected) <= 0.005 + 1e-9
    for ind in inds:
        qs = [s.questions[c] for c in fw.questions_of(ind.no)]
        assert min(qs) - 0.005 <= ind.computed <= max(qs) + 0.005


@given(st.lists(scores, min_size=1, max_size=12), st.floats(min_value=50, max_value=100))
def test_decision_maintain_iff_all_reach_threshold(values, threshold):
    # decide() lets a score within 1e-9 of the threshold reach it (float noise of a typed threshold)
    expected = "maintain" if all(v >= threshold - 1e-9 for v in values) else "improve"
    assert decide(values, threshold) == expected


def test_decision_float_noise_at_the_threshold():
    assert decide([50.0], 50.00000000000001) == "maintain" and decide([49.99], 50) == "improve"


@given(st.integers(min_value=0, max_value=10**9))
def test_thai_digits_round_trip(n):
    assert arabic_digits(thai_digits(str(n))) == str(n)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)))
def test_fiscal_year_contains_its_dates(d):
    fy = fiscal_year_of(d)
    period = fiscal_period(fy, "arabic")
    assert period.startswith(f"1 ตุลาคม {fy - 1}") and period.endswith(f"30 กันยายน {fy}")


def test_threshold_setting_changes_decisions():
    s = full_scores(i1=97.0)
    c = case_of(s)
    assert analyze(c).issues[0].groups[0].decision == "improve"
    c.settings.threshold = 95.0
    assert analyze(c).issues[0].groups[0].decision == "maintain"


def test_arabic_numerals_option():
    c = case_of(full_scores(i24=55.57))
    c.settings.numerals = "arabic"
    r = analyze(c)
    issue4 = next(i for i in r.issues if i.no == 4)
    # the question's own score and its indicator's, in Arabic digits
    assert "i24" in issue4.analysis_th and "ได้คะแนน 55.57" in issue4.analysis_th
    assert "อยู่ที่ 92.60 คะแนน" in issue4.analysis_th  # indicator 4 = mean(100×5, 55.57)
    assert r.plan[0].period.startswith("1 ตุลาคม 2566")


def test_checks_stated_total_level_and_plan_year():
    s = full_scores(i24=55.57)
    s.total, s.level = 98.00, "ผ่าน"  # computed: 99.56, ผ่านดีเยี่ยม
    r = analyze(case_of(s, plan_year=2566))
    kinds = {f.kind for f in r.findings}
    assert {"total_mismatch", "level_mismatch", "plan_year"} <= kinds
    s.total, s.level = r.total, r.level
    r2 = analyze(case_of(s, plan_year=2567))
    assert not {"total_mismatch", "level_mismatch", "plan_year"} & {f.kind for f in r2.findings}


def test_foreign_agency_names():
    own = "เทศบาลตำบลบ้านกลาง"
    assert foreign_agency_names("เทศบาลตำบลบ้านกลางมีข้อจำกัด และ อบต.แม่ทะได้ประสาน", own) == ["อบต.แม่ทะ"]
    assert foreign_agency_names("ร่วมกับ อบต.ใกล้เคียง", own) == []
    assert foreign_agency_names("ทต.บ้านกลางจัดทำคู่มือ", own) == []
    assert foreign_agency_names("เทศบาลตำบลหรือองค์การบริหารส่วนตำบลอื่น", own) == []


def test_grouping_that_cites_codes_with_no_score():
    s = full_scores()
    s.questions.pop("e12")
    r = analyze(case_of(s))
    assert any(f.kind == "grouping_unscored" and "e12" in f.message_en for f in r.findings)
