"""Every desktop UDF through xlwings' real ``xlfunc`` decorator and ``call_udf`` conversion code
(pywin32 stubbed, see tests/support/desktop_udfs.py), for a scalar, a range, an empty cell and
text: the value is what the cell shows (``call_udf``'s result, which Excel receives; ``''`` is an
empty-looking cell). An exception there would be shown as its text in the cell.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ita_xl.excel import udfs
from ita_xl.workbook import functions as fn

TESTS = Path(__file__).parent
M = "MISSING"  # an omitted optional argument


def R(value):
    """A range argument: a cell's value, or rows of values (COM gives tuples of rows)."""
    return {"range": value}


# name -> kind -> (args, what the cell shows)
CASES = {
    "ita_gap": {
        "scalar": ([72.0, 85.0], [[13.0]]),
        "range": ([R(72.0), M], [[28.0]]),
        "empty": ([R(None), M], [[""]]),
        "text": ([R("ไม่มีคะแนน"), R("x")], [[""]]),
    },
    "ita_level": {
        "scalar": ([94.95, 2566.0, 97.0, 86.18, 100.0], [["ผ่านดี"]]),
        "range": ([R(96.0), R(2566.0), R(99.0), R(84.0), R(100.0)], [["ผ่าน"]]),
        "empty": ([R(None), M, M, M, M], [[""]]),
        "text": ([R("abc"), 2566.0, M, M, M], [[""]]),
    },
    "ita_total": {
        "scalar": ([97.006, 86.17666666, 100.0, 2566.0], [[94.95]]),
        "range": ([R(97.006), R(86.17666666), R(100.0), M], [[round(fn.weighted_total_of(97.006, 86.17666666, 100.0), 2)]]),
        "empty": ([R(None), 90.0, 100.0, M], [[""]]),
        "text": ([R("x"), 90.0, 100.0, 2566.0], [[""]]),
    },
    "ita_tool": {
        "scalar": ([80.0], [[80.0]]),
        "range": ([R([[100.0], [90.0], [None]])], [[95.0]]),
        "empty": ([R(None)], [[""]]),
        "text": ([R([["ก"], [90.0]])], [[90.0]]),
    },
    "ita_thai": {
        "scalar": ([94.955, 2.0], [["๙๔.๙๖"]]),
        "range": ([R([[1.0, 2.5], [None, "ก1"]]), 1.0], [["๑.๐", "๒.๕"], ["", "ก๑"]]),
        "empty": ([R(None), M], [[""]]),
        "text": ([R("ข้อ i24"), M], [["ข้อ i๒๔"]]),
    },
    "ita_status": {
        "scalar": ([100.0, M, M], [["รักษามาตรฐาน"]]),
        "range": ([R([[100.0], [97.17]]), M, "en"], [["improve"]]),
        "empty": ([R(None), M, M], [["พัฒนา/ปรับปรุง"]]),
        "text": ([R([["x"], [100.0]]), M, M], [["รักษามาตรฐาน"]]),
    },
    "ita_weakest": {
        "scalar": (["i24", 90.0, M], [["i24"]]),
        "range": ([R([["i24"], ["ข้อ i๒๕"], ["i26"]]), R([[100.0], [94.43], [94.43]]), M], [["i25, i26"]]),
        "empty": ([R(None), R(None), M], [[""]]),
        "text": ([R([["ไม่ใช่รหัส"], ["i2"]]), R([["x"], [80.0]]), M], [["i2"]]),
    },
    "ita_weakest_list": {
        "scalar": (["i24", 90.0, M], [["i24"]]),
        "range": ([R([["i24"], ["i25"], ["i26"]]), R([[90.0], [90.0], [100.0]]), M], [["i24"], ["i25"]]),
        "empty": ([R(None), R(None), M], [[""]]),
        "text": ([R([["abc"]]), R([["def"]]), M], [[""]]),
    },
    "ita_gaps": {
        "scalar": ([72.0, 85.0], [[13.0]]),
        "range": ([R([[72.0, None], [100.0, 85.5]]), M], [[28.0, ""], [0.0, 14.5]]),
        "empty": ([R(None), M], [[""]]),
        "text": ([R([["x", 90.0]]), M], [["", 10.0]]),
    },
}


def _run(module: str) -> tuple[dict, dict, list]:
    calls = [{"name": name, "kind": kind, "args": args} for name, kinds in CASES.items() for kind, (args, _) in kinds.items()]
    proc = subprocess.run(
        [sys.executable, "-m", "support.desktop_udfs"], input=json.dumps({"module": module, "calls": calls}),
        capture_output=True, text=True, cwd=TESTS, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    return out["meta"], {(c["name"], c["kind"]): r for c, r in zip(calls, out["calls"], strict=True)}, out["registered"]


@pytest.fixture(scope="module")
def results():
    return _run("ita_xl.excel.udfs")


def test_every_udf_is_covered():
    assert set(CASES) == {f.__name__ for f in udfs.UDFS}
    assert all(set(kinds) == {"scalar", "range", "empty", "text"} for kinds in CASES.values())


@pytest.mark.parametrize("name,kind", [(n, k) for n, kinds in CASES.items() for k in kinds])
def test_cell_shows(results, name, kind):
    _, got, _ = results
    assert got[(name, kind)] == {"value": CASES[name][kind][1]}


def test_no_return_converter_breaks_the_router(results):
    """A return annotation such as ``float | None`` becomes ``convert=types.UnionType`` (GH: the gap UDF)."""
    meta, _, _ = results
    for name, info in meta.items():
        assert "UnionType" not in info["ret"].get("convert", ""), name
        assert info["args"] == [a for a in udfs.__dict__[name].__code__.co_varnames[: len(info["args"])]]


def test_import_functions_registers_every_udf(results):
    """Every wrapper, and nothing else, gets a VBA wrapper when staff click *Import Functions*."""
    _, _, registered = results
    assert registered == sorted(f.__name__ for f in udfs.UDFS)


def test_workbooks_made_before_run_the_same_udfs(results):
    """An old workbook's *UDF Modules* names ``ita_xl.udfs``: the same functions, the same cells."""
    assert _run("ita_xl.udfs") == results
