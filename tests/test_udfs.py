"""The worksheet functions: the pure functions (workbook/functions.py) tested directly, and the
decorated wrappers (excel/udfs.py), written once."""

from __future__ import annotations

import ast
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ita_xl.excel import udfs
from ita_xl.workbook import functions as fn
from ita_xl.core.compute import weighted_total
from ita_xl.io.frameworks import available_years, load
from ita_xl.core.thai import arabic_digits


def test_gap_to_target():
    assert fn.gap_to_target(72, 85) == 13.0
    assert fn.gap_to_target(100) == 0.0
    assert fn.gap_to_target("") is None
    assert fn.gap_to_target(94.444, None) == 5.56  # blank target means 100


@given(st.floats(0, 100), st.floats(0, 100))
def test_gap_is_never_negative_and_closes_the_distance(score, target):
    gap = fn.gap_to_target(score, target)
    assert gap >= 0
    assert gap == pytest.approx(max(0.0, target - score), abs=0.006)


@pytest.mark.parametrize("year", available_years())
def test_level_matches_core_for_every_year(year):
    lv = load(year).levels
    from ita_xl.core.compute import level_for

    for total in (99.0, 95.0, 90.0, 85.0, 80.0, 60.0, 10.0):
        assert fn.level_of(total, year) == level_for(lv, total)
    assert fn.level_of(None, year) is None


def test_level_per_tool_rule():
    assert fn.level_of(96, 2566, 99, 84, 100) == "ผ่าน"
    assert fn.level_of(96, 2566, 99, 96, 100) == "ผ่านดีเยี่ยม"


def test_level_default_year_is_the_latest():
    assert fn.level_of(96) == fn.level_of(96, available_years()[-1])


@given(st.floats(0, 100), st.floats(0, 100), st.floats(0, 100))
def test_weighted_total_equals_core(i, e, o):
    fw = load(2567)
    assert fn.weighted_total_of(i, e, o, 2567) == weighted_total({"IIT": i, "EIT": e, "OIT": o}, fw.weights)


def test_weighted_total_blank_tool():
    assert fn.weighted_total_of(90, None, 80, 2567) is None


def test_tool_score_skips_blanks_and_text():
    assert fn.tool_score([[100, None], ["x", 90]]) == 95.0
    assert fn.tool_score(80) == 80.0
    assert fn.tool_score([[None]]) is None


@given(st.floats(0, 1000, allow_nan=False), st.integers(0, 4))
@example(1.25, 1)  # a tie: half up gives 1.3 (Python's round() gives 1.2, half to even)
@example(2.675, 2)  # stored as 2.67499999…: the decimal people wrote rounds up
def test_thai_numerals_round_trip(x, d):
    s = fn.thai_numerals(x, d)
    assert not any(ch.isascii() and ch.isdigit() for ch in s)
    # half up on the number as written (its shortest repr), as on paper
    want = Decimal(repr(x)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)
    assert arabic_digits(s) == f"{want:.{d}f}"


def test_thai_numerals_ties_round_up():
    assert fn.thai_numerals(1.25, 1) == "๑.๓" and fn.thai_numerals(0.125, 2) == "๐.๑๓"


def test_thai_numerals_text_and_blank():
    assert fn.thai_numerals("i24 = 55.57") == "i๒๔ = ๕๕.๕๗"
    assert fn.thai_numerals(None) == "" and fn.thai_numerals(True) == "True"


def test_status_of():
    assert fn.status_of([[100], [100.0]]) == "รักษามาตรฐาน"
    assert fn.status_of([[100], [99.99]], 100, "en") == "improve"
    assert fn.status_of([[None]]) == "พัฒนา/ปรับปรุง"  # nothing scored: not yet maintainable


def test_weakest_codes():
    codes = [["i24"], [None], ["ข้อ e๑๔"], ["O3"], ["ไม่ใช่รหัส"]]
    scores = [[90], [10], [80], [80], [1]]
    assert fn.weakest_codes(codes, scores) == ["e14", "O3"]
    assert fn.weakest_code(codes, scores, 70) == ""


def test_wrappers_call_the_plain_functions():
    assert udfs.ita_gap(72, 85) == 13.0
    assert udfs.ita_level(94.95, 2566, 97.0, 86.18, 100.0) == "ผ่านดี"
    assert udfs.ita_total(97.006, 86.17666666, 100, 2566) == 94.95
    assert udfs.ita_tool([[100], [90]]) == 95.0
    assert udfs.ita_thai([[2567]]) == "๒๕๖๗"
    assert udfs.ita_thai([[1, 2]], 0) == [["๑", "๒"]]
    assert udfs.ita_status([[100]]) == "รักษามาตรฐาน"
    assert udfs.ita_weakest([["i1"], ["i2"]], [[90], [95]]) == "i1"
    assert udfs.ita_weakest_list([["i1"], ["i2"]], [[90], [90]]) == [["i1"], ["i2"]]
    assert udfs.ita_weakest_list([["i1"]], [[100]]) == [[""]]
    assert udfs.ita_gaps([[72, None]], 85) == [[13.0, None]]


def test_every_wrapper_has_a_thai_docstring():
    for f in udfs.UDFS:
        assert f.__doc__ and any("\u0e00" <= ch <= "\u0e7f" for ch in f.__doc__), f.__name__


def test_decorator_metadata_is_valid_under_xlwings_server():
    """``@arg`` names must match parameters; checked by xlwings' own meta builder (as on Lite)."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json; from xlwings import server; import ita_xl.excel.udfs as u;"
        "m = server.custom_functions_meta(u);"
        "print(json.dumps(sorted(f['name'] for f in m['functions'])))"
    )
    env = {**os.environ, "XLWINGS_ON_SERVER": "true",
           "XLWINGS_LICENSE_KEY": os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert json.loads(out.stdout) == sorted(f.__name__.upper() for f in udfs.UDFS)


def _defs(module) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


def _decorators(node: ast.FunctionDef) -> list[str]:
    return [ast.unparse(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list]


def test_each_udf_is_written_once_as_a_thin_wrapper():
    """excel/udfs.py holds the wrappers only: ``@func`` over ``@arg``s on a docstring and one return
    of a pure function; Lite's main.py defines none of its own, it imports every one of them."""
    from ita_xl.excel import lite_main

    defs = _defs(udfs)
    assert sorted(defs) == sorted(f.__name__ for f in udfs.UDFS)
    for name, node in defs.items():
        decorators = _decorators(node)
        assert decorators[0] == "func" and set(decorators[1:]) == {"arg"}, name
        doc, ret = node.body
        assert isinstance(doc.value, ast.Constant) and isinstance(ret, ast.Return), name
        assert ast.unparse(ret.value.func).startswith("fn."), name  # the work is in workbook/functions.py
    lite_defs = [n for n in ast.walk(ast.parse(Path(lite_main.__file__).read_text(encoding="utf-8")))
                 if isinstance(n, ast.FunctionDef) and "func" in _decorators(n)]
    assert lite_defs == []
    assert all(getattr(lite_main, f.__name__) is f for f in udfs.UDFS)


def test_workbooks_made_before_find_the_same_udfs():
    """xlwings.conf of an old workbook names ``ita_xl.udfs`` as UDF Modules: the same nine wrappers."""
    import ita_xl.udfs as old

    assert {n: getattr(old, n) for n in dir(old) if n.startswith("ita_")} == {f.__name__: f for f in udfs.UDFS}
