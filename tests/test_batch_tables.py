"""The summary's tables across agencies hold the real numbers: counted and averaged here again, in
plain Python from each agency's own analysis, and read back from the summary workbook."""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import fmean

import openpyxl
import pytest

from support.csvrows import read_rows, write_rows
from support.synth import write_synthetic_csv
from support.writers import fake_writer

from ita_xl.batch.records import SUMMARY_NAME, Options
from ita_xl.batch.run import regenerate
from ita_xl.core.codes import TOOLS
from ita_xl.core.model import AgencyCase
from ita_xl.io.frameworks import analyze
from ita_xl.io.scores import iter_scores

BROKEN = "6100004"  # an agency with a score that is not a number: failed, in no table


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    rows = read_rows(write_synthetic_csv(folder / "s.csv", 30, seed=19))
    first = next(k for k, r in enumerate(rows) if r[0] == BROKEN)
    rows[first][5] = "abc"
    src = write_rows(folder / "scores.csv", rows)
    report = regenerate([src], folder / "out", progress=False, opts=Options(writer=fake_writer))
    assert [o.org_id for o in report.failures] == [BROKEN]
    results = [analyze(AgencyCase(org=f.org, scores=f.scores))
               for f in iter_scores(write_rows(folder / "good.csv", [r for r in rows if r[0] != BROKEN]))]
    assert len(results) == 29
    return folder / "out" / SUMMARY_NAME, results


def _tables(path) -> dict[str, dict[str, dict[str, object]]]:
    """Each table of the overview sheet by its title: {row label: {column header: value}}."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        assert wb.sheetnames[0] == "สรุป 2566"
        rows = [list(r) for r in wb["สรุป 2566"].iter_rows(values_only=True)]
    finally:
        wb.close()
    out: dict[str, dict] = {}
    k = 2
    while k < len(rows):
        title, header = rows[k][0], rows[k + 1]
        table = out[title.split(" / ")[1]] = {}
        k += 2
        while k < len(rows) and rows[k] and rows[k][0] is not None:
            table[rows[k][0]] = {h: v for h, v in zip(header[1:], rows[k][1:]) if h is not None}
            k += 1
        k += 1
    return out


def test_agencies_per_level_and_type(batch):
    path, results = batch
    table = _tables(path)["agencies per level"]
    counts = Counter((r.level, r.case.org.org_type) for r in results)
    types = sorted({r.case.org.org_type for r in results})
    levels = [lv.label for lv in results[0].framework.levels if any(r.level == lv.label for r in results)]
    assert list(table) == [*levels, "ทั้งหมด / all"]  # the highest level first
    for level in levels:
        assert table[level] == {**{t: counts[level, t] for t in types},
                                "ทั้งหมด / all": sum(r.level == level for r in results)}
    assert table["ทั้งหมด / all"]["ทั้งหมด / all"] == 29


def test_mean_tool_scores_and_total_per_type(batch):
    path, results = batch
    table = _tables(path)["mean scores per agency type"]
    by_type = defaultdict(list)
    for r in results:
        by_type[r.case.org.org_type].append(r)
    assert list(table) == [*sorted(by_type), "ทั้งหมด / all"]
    for label, group in [*by_type.items(), ("ทั้งหมด / all", results)]:
        row = table[label]
        assert row["จำนวน (หน่วยงาน) / agencies"] == len(group)
        for tool in TOOLS:
            assert row[tool] == pytest.approx(fmean(r.tools[tool] for r in group), abs=1e-9)
        assert row["คะแนนรวม / total"] == pytest.approx(fmean(r.total for r in group), abs=1e-9)


def test_mean_of_each_indicator_per_type(batch):
    path, results = batch
    table = _tables(path)["mean of each indicator"]
    scores = defaultdict(list)
    for r in results:
        for i in r.indicators:
            scores[f"{i.no} {i.name}", r.case.org.org_type].append(i.score)
            scores[f"{i.no} {i.name}", "ทั้งหมด / all"].append(i.score)
    names = [f"{i.no} {i.name}" for i in sorted(results[0].indicators, key=lambda i: i.no)]
    assert list(table) == names
    for (name, column), values in scores.items():
        assert table[name][column] == pytest.approx(fmean(values), abs=1e-9), (name, column)


def test_weakest_indicators_across_the_batch(batch):
    path, results = batch
    table = _tables(path)["weakest indicators"]
    weakest = Counter()
    scores = defaultdict(list)
    for r in results:
        w = min(r.indicators, key=lambda i: (i.score, i.no))
        weakest[f"{w.no} {w.name}"] += 1
        for i in r.indicators:
            scores[f"{i.no} {i.name}"].append(i.score)
    means = {name: fmean(v) for name, v in scores.items()}
    assert list(table) == sorted(means, key=lambda name: (means[name], int(name.split()[0])))
    for name, row in table.items():
        assert row["คะแนนเฉลี่ย / mean"] == pytest.approx(means[name], abs=1e-9)
        assert row["อ่อนที่สุดใน (หน่วยงาน) / weakest in (agencies)"] == weakest[name]
        assert row["มีคะแนน (หน่วยงาน) / scored (agencies)"] == 29
    assert sum(weakest.values()) == 29
