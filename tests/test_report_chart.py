"""The indicator chart: its margins worked out once a year (chart._MARGINS) give the same picture,
to the byte, as matplotlib's tight layout worked out for each chart."""

from __future__ import annotations

import pytest

from ita_xl.report import chart
from ita_xl.report.model import ChartData

pytest.importorskip("matplotlib")

NAMES = [(1, "การปฏิบัติหน้าที่"), (2, "การใช้งบประมาณ"), (3, "การใช้อำนาจ"), (9, "การเปิดเผยข้อมูล"),
         (10, "การป้องกันการทุจริต")]


def _chart(scores: dict[int, dict[int, float]]) -> ChartData:
    years = sorted(scores)
    return ChartData(indicators=NAMES, years=years, scores=scores, numerals="thai")


CASES = [
    _chart({2569: {1: 100.0, 2: 100.0, 3: 100.0, 9: 100.0, 10: 100.0}}),  # the widest value labels
    _chart({2569: {1: 0.0, 2: 55.5, 3: 99.99, 9: 12.34, 10: 100.0}}),
    _chart({2567: {1: 80.0, 9: 70.0}, 2569: {1: 95.0, 2: 91.0, 10: 100.0}}),  # two years, the legend's
    _chart({2568: {1: 80.0, 9: 70.0}, 2569: {1: 95.0, 2: 91.0, 10: 100.0}}),  # the same size, other years
    _chart({2567: {1: 80.0, 9: 70.0}, 2568: {1: 85.0, 2: 90.0}, 2569: {1: 95.0, 2: 91.0, 10: 100.0}}),
]


@pytest.mark.parametrize("k", range(len(CASES)))
def test_a_chart_laid_out_by_margins_kept_from_others_is_the_one_laid_out_afresh(tmp_path, k):
    data = CASES[k]
    chart._MARGINS.clear()
    fresh = chart.render(data, tmp_path / "fresh.png").read_bytes()  # its own tight layout
    chart._MARGINS.clear()
    for other in CASES[k + 1:] + CASES[:k]:  # the others first: their margins kept
        chart.render(other, tmp_path / "other.png")
    kept = chart.render(data, tmp_path / "kept.png").read_bytes()
    assert len(chart._MARGINS) == 4  # one year, two (2567 or 2568, and 2569), three
    assert kept == fresh


def test_a_long_name_moves_the_margin():
    """The names decide the margin: a longer one is not drawn with another's margins."""
    long = ChartData(indicators=[(no, name * 3) for no, name in NAMES], years=[2569],
                     scores=CASES[0].scores, numerals="thai")
    chart._MARGINS.clear()
    chart.render(CASES[0], "/dev/null")
    chart.render(long, "/dev/null")
    left = sorted(m["left"] for m in chart._MARGINS.values())
    assert len(left) == 2 and left[1] > left[0] + 0.1
