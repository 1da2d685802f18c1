"""One rounding rule everywhere (issue 18, items 9 and 8): decimal arithmetic on the scores as given,
half up to two decimals, as NACC publishes, in the core, the UDFs, the workbook's own formulas (as
LibreOffice and Gnumeric recalculate them) and every output (text, JSON)."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from statistics import fmean

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_xl.workbook import functions as udf_functions
from ita_xl.cli import main
from ita_xl.core.compute import IndicatorScore, gap_to_target, indicator_scores, tool_scores, weighted_total
from ita_xl.core.model import AgencyCase, Org, ScoreSet
from ita_xl.core.thai import fmt_score, round_half_up
from ita_xl.io.frameworks import analyze, load
from tests.support import boundaries as B

PROPERTY = settings(max_examples=300, deadline=None)
AGENCIES = 8  # every year once; LibreOffice takes some 5 s a workbook
cents = st.integers(min_value=0, max_value=10000)  # a score of two decimals, in hundredths


def half_up(x: Fraction | Decimal | str) -> float:
    """The reference: the exact value rounded half up (away from zero) to two decimals."""
    if isinstance(x, Fraction):
        n = int(abs(x) * 100 + Fraction(1, 2))
        return (-n if x < 0 else n) / 100
    return float(Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def text(c: int) -> str:
    return f"{c // 100}.{c % 100:02d}"


@PROPERTY
@given(st.integers(min_value=-10**9, max_value=10**9), st.integers(min_value=0, max_value=9))
def test_rounding_a_number_equals_decimal_half_up_on_its_text(n, places):
    t = str(Decimal(n).scaleb(-places))  # any decimal of up to nine places
    assert round_half_up(float(t)) == half_up(t)


@PROPERTY
@given(st.lists(cents, min_size=1, max_size=30))
def test_an_indicator_score_is_the_decimal_mean_of_its_questions_half_up(scores):
    """IIT indicator 1 of 2566 has six questions; here any number of them carry the scores."""
    fw = load(2566)
    codes = [c for c, q in fw.questions.items() if q.indicator == 1]
    given_ = dict(zip(codes, [float(text(c)) for c in scores]))
    got = indicator_scores(fw, ScoreSet(2566, questions=given_))[0].computed
    want = half_up(sum(Fraction(text(c)) for c in scores[: len(codes)]) / len(given_))
    assert got == want


@PROPERTY
@given(st.lists(cents, min_size=10, max_size=10))
def test_the_total_is_the_decimal_weighted_sum_of_the_tool_means_half_up(scores):
    fw = load(2568)
    inds = [IndicatorScore(i.no, i.name, i.tool, float(text(c)), None) for i, c in zip(fw.indicators, scores)]
    tools = tool_scores(inds)
    exact = sum(
        Fraction(repr(w)) * sum(Fraction(text(c)) for i, c in zip(fw.indicators, scores) if i.tool == t)
        / sum(1 for i in fw.indicators if i.tool == t)
        for t, w in fw.weights.items()
    )
    assert weighted_total(tools, fw.weights) == half_up(exact)
    assert udf_functions.weighted_total_of(tools["IIT"], tools["EIT"], tools["OIT"], 2568) == half_up(exact)


@PROPERTY
@given(st.one_of(cents.map(lambda c: 10 * c), cents.map(lambda c: 10 * c + 5)),
       st.sampled_from(["100", "95", "90", "99.995", "85.5"]))
def test_a_gap_is_the_decimal_difference_half_up_and_never_negative(milli, target):
    score = Decimal(milli).scaleb(-3)  # two decimals, or three ending in 5: the gap is a half
    want = max(0.0, half_up(Decimal(target) - score))
    assert gap_to_target(float(score), float(target)) == want
    assert udf_functions.gap_to_target(float(score), float(target)) == want


@PROPERTY
@given(st.lists(cents, min_size=1, max_size=12))
def test_a_tool_score_prints_as_its_decimal_mean_half_up(scores):
    mean = sum(Fraction(text(c)) for c in scores) / len(scores)
    printed = fmt_score(udf_functions.tool_score([[float(text(c))] for c in scores]), "arabic")
    assert printed == f"{half_up(mean):.2f}"


def test_the_cases_of_the_issue():
    """78.805 (a mean) → 78.81; a total of exactly 84.995 → 85.00, and with it the pass level;
    ITA_GAP of 33.335 → 66.67, as the sheet's ROUND gives; a gap is never negative."""
    fw = load(2566)
    codes = [c for c, q in fw.questions.items() if q.indicator == 1]
    six = dict(zip(codes, [78.8, 78.81, 78.8, 78.81, 78.8, 78.81]))
    assert indicator_scores(fw, ScoreSet(2566, questions=six))[0].computed == 78.81
    stated = [83.03, 80.02, 87.03, 80.28, 81.29, 85.39, 88.8, 89.49, 80.47, 89.17]
    tools = {"IIT": fmean(stated[:5]), "EIT": fmean(stated[5:8]), "OIT": fmean(stated[8:])}
    assert 0.3 * tools["IIT"] + 0.3 * tools["EIT"] + 0.4 * tools["OIT"] == 84.99499999999999  # binary
    case = AgencyCase(Org("ขอบ"), ScoreSet(2566, indicators=dict(enumerate(stated, start=1))))
    result = analyze(case)
    assert result.total == 85.0 and result.level == "ผ่าน"
    assert udf_functions.gap_to_target(33.335) == 66.67 and udf_functions.gap_to_target(101) == 0.0


def test_text_and_json_print_a_tool_score_alike(tmp_path, capsys):
    """OIT of 69.225 (69.22 and 69.23): 69.23 in the text as in --json."""
    rows = {f"ind{n}": 90.0 for n in range(1, 9)} | {"ind9": 69.22, "ind10": 69.23}
    src = tmp_path / "s.csv"
    src.write_text("code,score\n" + "".join(f"{k},{v}\n" for k, v in rows.items()), encoding="utf-8")
    assert main(["analyze", str(src), "--year", "2566", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tools"]["OIT"] == 69.23
    assert main(["analyze", str(src), "--year", "2566"]) == 0
    out = capsys.readouterr().out
    tools_line = next(line for line in out.splitlines() if line.strip().startswith("tools:"))
    assert "OIT 69.23;" in tools_line


def test_boundary_agencies_sit_on_halves():
    """The agencies the recalculation test uses do test something: most totals and many
    indicator means are exact halves before rounding, and some totals are a level's minimum."""
    items = B.agencies(AGENCIES)
    halves = sum(B.total_is_half(a.case) for a in items)
    at_level = sum(B.total_at_level_minimum(a.case) for a in items)
    assert halves >= AGENCIES // 2 and at_level >= 2
    assert {a.case.scores.year for a in items} == set(B.YEARS)


@pytest.mark.skipif(not B.has_lo(), reason="LibreOffice missing")
def test_libreoffice_recalculates_every_indicator_cell_as_the_analysis(tmp_path):
    items = B.agencies(AGENCIES)
    books = B.write_books(items, tmp_path / "books")
    done = B.lo_recalc(books, tmp_path / "lo", tmp_path / "profile")
    cells, bad = 0, []
    for a, f in zip(items, done):
        n, b = B.mismatches(a.case, f)
        cells, bad = cells + n, bad + [f"{a.name}: {x}" for x in b]
    assert cells >= AGENCIES * 40 and bad == []


@pytest.mark.skipif(not B.has_gnumeric(), reason="Gnumeric (ssconvert) missing")
def test_gnumeric_recalculates_every_indicator_cell_as_the_analysis(tmp_path):
    items = B.agencies(AGENCIES)
    books = B.write_books(items, tmp_path / "books")
    done = B.gnumeric_recalc(books, tmp_path / "gnumeric")
    cells, bad = 0, []
    for a, f in zip(items, done):
        n, b = B.mismatches(a.case, f)
        cells, bad = cells + n, bad + [f"{a.name}: {x}" for x in b]
    assert cells >= AGENCIES * 40 and bad == []


@pytest.mark.parametrize(("year", "level"), [(2564, "A"), (2566, None)])
def test_a_stated_total_with_three_decimals_gets_the_level_of_its_published_value(tmp_path, capsys, year, level):
    """A total stated as 84.995 is published as 85.00: level A (2564), and for 2566 a pass level the
    tool scores decide, never ต้องปรับปรุง; a stated A agrees in 2564 (check finds no level error)."""
    src = tmp_path / "t.csv"
    src.write_text("code,score\ntotal,84.995\n" + ("level,A\n" if year == 2564 else ""), encoding="utf-8")
    assert main(["analyze", str(src), "--year", str(year), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["level"] == level
    assert main(["analyze", str(src), "--year", str(year)]) == 0
    out = capsys.readouterr().out
    assert "ต้องปรับปรุง" not in next(line for line in out.splitlines() if "level" in line)
    assert main(["check", str(src), "--year", str(year)]) == 0
    assert "level_mismatch" not in capsys.readouterr().out
