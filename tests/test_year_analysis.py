"""The year's part of the analysis made once: what every agency analysed under one framework and
grouping shares (the questions the grouping leaves out placed, each issue's topic, where each
question is discussed, the OIT items; ``core.analysis.grouping``) is kept in the framework's memo,
and an analysis that finds it there is the same as one that works it all out afresh."""

from __future__ import annotations

from dataclasses import replace

from ita_xl.core import analysis
from ita_xl.core.engine import analyze
from ita_xl.core.model import AgencyCase
from ita_xl.io.frameworks import load
from ita_xl.io.scores import iter_scores
from support.synth import write_synthetic_csv


def _cases(tmp_path, year: int, n: int) -> list[AgencyCase]:
    csv = write_synthetic_csv(tmp_path / f"s{year}.csv", n, year=year, seed=year + 1)
    return [AgencyCase(org=f.org, scores=f.scores) for f in iter_scores(csv)]


def test_analyses_with_the_memo_equal_those_made_afresh(tmp_path):
    for year in (2566, 2569):  # 2566's grouping leaves questions out: they are placed per agency
        fw = load(year)
        placed = 0
        for case in _cases(tmp_path, year, 30):
            kept = analyze(case, fw)  # the memo of the process's framework, filled by earlier agencies
            fresh = analyze(case, replace(fw))  # a copy: its memo starts empty
            assert kept.to_dict() == fresh.to_dict()
            placed += sum(f.kind == "grouping_added" for f in kept.findings)
        assert any(k[0] == "grouping" for k in fw.memo if isinstance(k, tuple))
        if year == 2566:
            assert placed > 0  # the placing of left-out questions was exercised


def test_the_memo_is_no_part_of_the_framework_value():
    fw = load(2566)
    analysis.grouping(fw, fw.issues, [])
    copy = replace(fw)
    assert copy.memo == {} and fw.memo
    assert copy == fw and repr(copy) == repr(fw)  # stamps hash the repr: the memo never changes it


def test_the_memo_is_bounded(tmp_path, monkeypatch):
    fw = replace(load(2566))
    monkeypatch.setattr(analysis, "_GROUPINGS", 3)
    left_out = sorted({c for c in fw.questions} - {c for s in fw.issues for c in s.codes})
    for code in left_out:
        got = analysis.grouping(fw, fw.issues, [code])
        assert got == analysis.make_grouping(fw, fw.issues, (code,))
    assert len(fw.memo) <= 3 + 1


def test_a_grouping_of_lists_is_analysed_without_the_memo():
    fw = replace(load(2566))
    specs = tuple(replace(s, groups=[replace(g, codes=list(g.codes)) for g in s.groups]) for s in fw.issues)
    got = analysis.grouping(fw, specs, ["O4"])
    assert got.placed == {"O4": got.placed["O4"]} and fw.memo == {}
