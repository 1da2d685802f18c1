"""The line-breaking characters never change what a text says."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ita_xl.report.typeset import NBSP, WJ, keep_dates, keep_unit, short_period

THAI = st.text(alphabet=st.sampled_from(list("กองสำนักปลัดยุทธศาสตร์และงบประมาณการเจ้าหน้าที่ .๐๑๒๓๔๕๖๗๘๙")), max_size=60)


def _plain(text: str) -> str:
    return text.replace(WJ, "").replace(NBSP, " ")


@given(THAI)
def test_keep_unit_only_adds_joiners_and_no_break_spaces(name):
    assert _plain(keep_unit(name)) == name


@given(THAI)
def test_keep_dates_only_swaps_spaces(text):
    assert _plain(keep_dates(text)) == text


def test_short_period_keeps_both_dates():
    assert short_period("1 ตุลาคม 2566 ถึง 30 กันยายน 2567") == "1 ต.ค. 2566 -\n30 ก.ย. 2567"
    assert short_period("ตลอดปีงบประมาณ") == "ตลอดปีงบประมาณ"  # staff text without dates: as typed
