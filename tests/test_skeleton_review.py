"""Review of the skeleton writer (``ita_xl/workbook/skeleton.py``) and the template's fast path:
sequences of workbooks in one process where the fast output differs from XlsxWriter's plain
build (``write_xlsx(..., fast=False, preseed=True)``) without anything noticing.

Each break the review found is kept as a test of its fix (its docstring names the cause); the
others record what was checked and held. Every test starts from empty per-process skeleton state.
"""

from __future__ import annotations

import io
import random
import threading
import time
import zipfile
from collections import OrderedDict
from dataclasses import replace

import pytest
import xlsxwriter

from ita_xl.core.framework import available_years
from ita_xl.io.case import sample_case
from ita_xl.workbook import layout as L
from ita_xl.workbook import skeleton
from ita_xl.workbook import template as T

VOLATILE = {"docProps/core.xml"}


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.setattr(skeleton, "_SKELETONS", OrderedDict())
    monkeypatch.setattr(skeleton, "_LAST_HIT", [None])
    monkeypatch.setattr(skeleton, "_CACHES", {})
    monkeypatch.setattr(skeleton, "_MEMOS", {})
    monkeypatch.setattr(skeleton, "_SCRATCH", threading.local())
    monkeypatch.setattr(skeleton, "STATS", {"from_skeleton": 0, "built": 0})


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _values(case, runtime: str = "desktop", year: int | None = None):
    path = "/tmp/ita_review.xlsm" if runtime == "desktop" else "/tmp/ita_review.xlsx"
    year = year or (case.scores.year if case else T.default_year())
    snap, result = T.workbook_values(path, case, year, "ita_review" if runtime == "desktop" else "")
    return snap, year, result


def _write(snap, year, runtime, result, fast: bool, preseed: bool = True) -> bytes:
    buf = io.BytesIO()
    T.write_xlsx(buf, snap, year, runtime, result, fast=fast, preseed=preseed)
    return buf.getvalue()


def _differing(snap, year, runtime, result) -> tuple[str, list[str]]:
    """How the fast build was made ("skeleton"/"built") and the parts that differ from plain."""
    before = skeleton.STATS["from_skeleton"]
    fast = _parts(_write(snap, year, runtime, result, True))
    how = "skeleton" if skeleton.STATS["from_skeleton"] > before else "built"
    plain = _parts(_write(snap, year, runtime, result, False))
    assert list(fast) == list(plain)
    return how, [n for n in plain if n not in VOLATILE and fast[n] != plain[n]]


def _with_indicator(i: int, first: float, target: float = 95.0):
    base = sample_case()
    indicators = dict(base.scores.indicators)
    indicators[1] = first
    scores = replace(base.scores, indicators=indicators, questions={}, tools={}, total=None, level=None)
    return replace(base, org=replace(base.org, name=f"agency {i}"), scores=scores,
                   settings=replace(base.settings, target=target))


# ------------------------------------------------------------------------------------- breaks


def test_chart_cache_memo_confuses_minus_zero_with_zero():
    """Was: the chart-cache memo keyed on values by ==, so a gap of -0.0 reused the XML of 0.0."""
    results = []
    for i, first in enumerate((95.0, 95.0, 95.004)):  # built, from skeleton (caches filled), from skeleton
        snap, year, result = _values(_with_indicator(i, first))
        results.append(_differing(snap, year, "desktop", result))
    assert results[2][0] == "skeleton"
    assert results == [("built", []), ("skeleton", []), ("skeleton", [])]


def test_chart_anchor_follows_row_heights_under_the_charts():
    """Was: chart anchors come from row heights (cell state), not in the shape: a tall row under the
    charts moved them in the plain build only. Now such a workbook is built for real."""
    base = sample_case()
    out = []
    for i, note in enumerate((None, "หมายเหตุของเจ้าหน้าที่ " * 30)):
        snap, year, result = _values(replace(base, org=replace(base.org, name=f"agency {i}")))
        if note:  # staff typed a long note under the charts (row 25, column B)
            rows = snap.sheets[L.INDICATORS.sheet]
            while len(rows) < 25:
                rows.append([None] * L.INDICATORS.n_cols)
            rows[24] = [None, note] + [None] * (L.INDICATORS.n_cols - 2)
        out.append(_differing(snap, year, "desktop", result))
    assert out == [("built", []), ("built", [])]


@pytest.mark.parametrize("first,second", [(1, True), (-0.0, 0.0)], ids=["1-then-True", "minus0-then-0"])
def test_static_sheet_memo_equal_but_different_values(first, second):
    """Was: the static-sheet memo compared its rows with ==, so True reused the XML of 1."""
    base = sample_case()
    out = []
    for i, v in enumerate((first, second)):
        snap, year, result = _values(replace(base, org=replace(base.org, name=f"agency {i}")))
        snap.sheets[L.ISSUES.sheet][L.ISSUES.first_row - 1][0] = v  # the first issue's number
        out.append(_differing(snap, year, "desktop", result))
    assert out[1][0] == "skeleton"
    assert out == [("built", []), ("skeleton", [])]


# Generic skeleton API: calls outside STRUCTURAL/BOTH run in a recorded build, but their output
# (outside <sheetData>) comes from the skeleton, and they are not part of the shape.

def _options() -> dict:
    return {"in_memory": True, "strings_to_numbers": False}


def _small(n: int, extra):
    def populate(wb) -> None:
        ws = wb.add_worksheet("Data")
        for i in range(n):
            ws._write_string(i, 0, "v" * (3 + 5 * i))
            ws._write_number(i, 1, i)
        extra(wb, ws, n)

    return populate


def _skeletal_vs_plain(populate) -> tuple[str, list[str]]:
    before = skeleton.STATS["from_skeleton"]
    buf = io.BytesIO()
    with T._fast_zip(True):
        skeleton.build(buf, _options, T._FastWorksheet, populate)
    how = "skeleton" if skeleton.STATS["from_skeleton"] > before else "built"
    plain = io.BytesIO()
    wb = xlsxwriter.Workbook(plain, _options())
    populate(wb)
    wb.close()
    got, want = _parts(buf.getvalue()), _parts(plain.getvalue())
    return how, [n for n in want if n not in VOLATILE and got.get(n) != want[n]]


_UNRECORDED = {
    "autofilter": lambda wb, ws, n: ws.autofilter(0, 0, n - 1, 1),  # range follows the data
    "autofit": lambda wb, ws, n: ws.autofit(),  # <cols> widths from the cells
    "set_tab_color": lambda wb, ws, n: ws.set_tab_color("red" if n == 3 else "blue"),
    "define_name": lambda wb, ws, n: wb.define_name("last_row", f"=Data!$A${n}"),
}


@pytest.mark.parametrize("call", sorted(_UNRECORDED))
def test_unrecorded_calls_are_silently_taken_from_the_skeleton(call):
    """Was: only a fixed list of methods was recorded; now every public method is (autofit, whose
    widths follow the cells, makes a workbook that is always built)."""
    extra = _UNRECORDED[call]
    out = [_skeletal_vs_plain(_small(n, extra)) for n in (3, 5)]
    assert out == [("built", []), ("built", [])]
    same = [_skeletal_vs_plain(_small(4, extra)) for _ in range(2)]  # the same calls: one shape
    assert same[0][1] == [] and same[1] == ("built" if call == "autofit" else "skeleton", [])


def test_shape_key_equal_but_different_arguments():
    def dv(value):
        return lambda wb, ws, n: ws.data_validation(0, 1, 9, 1, {"validate": "decimal", "criteria": ">=", "value": value})

    """Was: recorded arguments compared with ==, so 0 and 0.0 were one shape."""
    out = [_skeletal_vs_plain(_small(3, dv(0.0))), _skeletal_vs_plain(_small(4, dv(0)))]
    assert out == [("built", []), ("built", [])]


def _varied_jobs(n: int):
    base = sample_case()
    jobs = []
    for i in range(n):
        ind = {k: round(max(0.0, v - (i * 1.37 + k) % 9), 2) for k, v in base.scores.indicators.items()}
        scores = replace(base.scores, indicators=ind, questions={}, tools={}, total=None, level=None)
        snap, year, result = _values(replace(base, org=replace(base.org, name=f"agency {i}"), scores=scores))
        jobs.append((snap, year, result, _parts(_write(snap, year, "desktop", result, False))))
    return jobs


def _run_jobs(jobs, bad: list) -> None:
    for snap, year, result, want in jobs:
        got = _parts(_write(snap, year, "desktop", result, True))
        diff = [n for n in want if n not in VOLATILE and got.get(n) != want[n]]
        if diff:
            bad.append(diff)


def _slow_scratch_chart(monkeypatch) -> None:
    """A 2 ms pause inside XlsxWriter's chart cache writer (every thread's scratch chart): where a
    thread switch can happen anyway (the GIL is released every 5 ms by default), made likely."""
    cls = type(skeleton._scratch_chart())
    original = cls._write_pt_count

    def paused(self, count):
        time.sleep(0.002)
        return original(self, count)

    monkeypatch.setattr(cls, "_write_pt_count", paused)


def test_pause_in_the_scratch_chart_alone_changes_nothing(monkeypatch):
    """The control for the next test: one thread, the same pause, equal output."""
    jobs = _varied_jobs(4)
    _run_jobs(jobs[:1], [])  # the skeleton
    _slow_scratch_chart(monkeypatch)
    bad: list = []
    _run_jobs(jobs, bad)
    assert bad == []


def test_threads_share_the_scratch_chart(monkeypatch):
    """Was: one process-wide scratch chart, written by two threads at once. Now one per thread."""
    jobs = _varied_jobs(8)
    _run_jobs(jobs[:1], [])
    _slow_scratch_chart(monkeypatch)
    bad: list = []
    threads = [threading.Thread(target=_run_jobs, args=(jobs[k::2], bad)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert bad == []


# ------------------------------------------------------------------------------------- what held


def test_mixed_years_runtimes_cases_and_odd_values_equal_plain():
    """A seeded mix: every framework year, both runtimes, empty workbooks, org names that are formulas,
    control characters, leading blanks, > 32767 characters; library rows edited (long, '=', blank,
    multi-line). Each fast build equals its plain build."""
    rnd = random.Random(7)
    base = sample_case()
    years = available_years()
    bad = []
    for i in range(24):
        year = years[i % len(years)] if i < len(years) else rnd.choice(years)
        runtime = ("desktop", "lite")[(i // 3) % 2]
        kind = rnd.choice(("scores", "none", "no-scores"))
        if kind == "none":
            case = None
        else:
            q = {k: round(min(100.0, max(0.0, v - rnd.choice((0, 3.3, 17.25)) * (len(k) % 3))), 2)
                 for k, v in base.scores.questions.items()}
            scores = replace(base.scores, year=year, questions=q if kind == "scores" else {}, indicators={},
                             tools={}, total=None, level=None)
            name = rnd.choice((f"agency {i}", "=1+1", "  lead", "ctl\x01\x1f_x0041_ <&>", "ยาว" * 12000, ""))
            case = replace(base, org=replace(base.org, name=name), scores=scores)
        snap, y, result = _values(case, runtime, year)
        if rnd.random() < 0.4:
            rows = snap.sheets[L.LIBRARY.sheet]
            r = L.LIBRARY.first_row - 1 + rnd.randrange(3)
            if r < len(rows):
                rows[r][1] = rnd.choice(("แก้ไขแล้ว", "x" * 20000, "=SUM(A1)", None, "a\nb\nc\nd"))
        how, diff = _differing(snap, y, runtime, result)
        if diff:
            bad.append((i, year, runtime, kind, how, diff))
    assert bad == []
    assert skeleton.STATS["from_skeleton"] >= 8  # the skeleton path was exercised


def test_nan_in_a_cell_fails_both_builds_alike_and_leaves_no_state_behind():
    snap, year, result = _values(sample_case())
    good = _values(sample_case())
    _differing(*good[:2], "desktop", good[2])  # a skeleton exists
    for bad in (float("nan"), float("inf")):
        snap.sheets[L.QUESTIONS.sheet][L.QUESTIONS.first_row - 1][L.QUESTIONS.col("score") - 1] = bad
        for fast in (True, False):
            with pytest.raises(TypeError, match="NAN/INF"):
                _write(snap, year, "desktop", result, fast)
    assert _differing(*good[:2], "desktop", good[2]) == ("skeleton", [])


def test_fast_without_preseed_equals_plain_without_preseed():
    base = sample_case()
    for i in range(3):
        snap, year, result = _values(replace(base, org=replace(base.org, name=f"agency {i}")))
        fast = _parts(_write(snap, year, "desktop", result, True, preseed=False))
        plain = _parts(_write(snap, year, "desktop", result, False, preseed=False))
        assert [n for n in plain if n not in VOLATILE and fast[n] != plain[n]] == []
