"""Agencies built to sit on half-cent boundaries, their workbooks recalculated by a spreadsheet
engine, and the indicator-sheet cells compared with the analysis.

An agency's question scores have two decimals, as NACC publishes them, and are chosen so that
indicator means end in 5 at the third decimal (78.805), totals are exact halves (84.995) and tool
means are halves (69.225); some agencies give their indicator scores as stated (a few with three
decimals, where the gap lands on a half), some a target below 100 (negative differences). The
engines: LibreOffice (``soffice --convert-to xlsx`` with recalculation forced on load) and
Gnumeric (``ssconvert --recalc``). Used by tests/test_rounding.py and scripts/measure_rounding.py.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import openpyxl
import xlsxwriter

from ita_xl.core.framework import codes_by_indicator
from ita_xl.core.model import AgencyCase, Org, ScoreSet, Settings
from ita_xl.core.thai import round_half_up
from ita_xl.io.frameworks import analyze, load
from ita_xl.workbook.functions import gap_to_target
from ita_xl.workbook import layout as L
from ita_xl.xlsx.template import build_workbook

YEARS = (2562, 2563, 2564, 2565, 2566, 2567, 2568, 2569)
CENT = Fraction(1, 100)

# LibreOffice keeps the cached values of an .xlsx it did not write unless told to recalculate on
# load ("Formula > Recalculation on file load > Excel 2007 and newer: Always recalculate").
_LO_ALWAYS_RECALC = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _cents(rng: random.Random, lo: int, hi: int) -> Fraction:
    return Fraction(rng.randint(lo, hi), 100)


def _spread(rng: random.Random, n: int, mean: Fraction) -> list[Fraction] | None:
    """``n`` two-decimal scores in 0..100 whose exact mean is ``mean`` (None when none was found)."""
    total = mean * n
    if (total / CENT).denominator != 1:
        return None
    for _ in range(200):
        width = rng.choice((0, 3, 10, 25))
        head = [min(Fraction(100), max(Fraction(0), mean + _cents(rng, -width * 100, width * 100))) for _ in range(n - 1)]
        last = total - sum(head, Fraction(0))
        if 0 <= last <= 100:
            return [*head, last]
    return None


@dataclass
class Agency:
    case: AgencyCase
    name: str


def _indicator_values(rng: random.Random, fw) -> dict[int, Fraction]:
    """Indicator scores (two decimals) whose exact weighted total is a half cent: for some agencies
    just below a level's minimum (84.995: the rounding decides the level), for most anywhere."""
    v = {i.no: _cents(rng, 5500, 10000) for i in fw.indicators}
    r = rng.random()
    if r < 0.4:  # a level's minimum less half a cent
        mins = [Fraction(repr(lv.min)) for lv in fw.levels if 55 <= lv.min <= 100]
        least = rng.choice(mins)
        want = least - CENT / 2
        v = {i.no: min(Fraction(100), least + _cents(rng, -150, 150)) for i in fw.indicators}
        first = fw.indicators[0].no
        other = next(i for i in fw.indicators if i.tool != fw.indicators[0].tool)
        n_other = sum(1 for i in fw.indicators if i.tool == other.tool)
        step = Fraction(repr(fw.weights[other.tool])) / n_other * CENT  # the total per cent of `other`
        for d in sorted(range(-300, 301), key=abs):
            trial = {**v, first: v[first] + d * CENT}
            b = (want - _exact_total(fw, trial)) / step
            if b.denominator == 1 and 0 <= trial[other.no] + b * CENT <= 100 and 0 <= trial[first] <= 100:
                return {**trial, other.no: trial[other.no] + b * CENT}
    if r < 0.85:
        first = fw.indicators[0].no
        for d in range(200):
            trial = {**v, first: max(Fraction(0), v[first] - d * CENT)}
            twice = _exact_total(fw, trial) * 200
            if twice.denominator == 1 and twice % 2 == 1:
                return trial
    return v


def _exact_total(fw, v: dict[int, Fraction]) -> Fraction:
    out = Fraction(0)
    for tool, w in fw.weights.items():
        vals = [v[i.no] for i in fw.indicators if i.tool == tool]
        out += Fraction(repr(w)) * sum(vals, Fraction(0)) / len(vals)
    return out


def agency(rng: random.Random, year: int, k: int) -> Agency:
    fw = load(year)
    by = codes_by_indicator(fw)
    v = _indicator_values(rng, fw)
    questions: dict[str, float] = {}
    stated: dict[int, float] = {}
    mode = rng.choice(("questions", "questions", "questions", "stated", "mixed"))
    three = set(rng.sample([i.no for i in fw.indicators], 2)) if rng.random() < 0.25 else set()
    for ind in fw.indicators:
        codes = list(by.get(ind.no, ()))
        if not codes or mode == "stated" or (mode == "mixed" and ind.tool == "OIT"):
            value = v[ind.no]
            if three and ind.no in three:  # a score given to three decimals: its gap sits on a half
                value = value + Fraction(5, 1000) if value < 100 else value
            stated[ind.no] = float(value)
            continue
        subs = [s for s in fw.subindicators if s.indicator == ind.no]
        half = rng.random() < 0.6
        if subs and ind.tool == "OIT":
            # the mean of the sub-indicators' means: every item of a sub-indicator alike
            k_ = len(subs)
            mean = v[ind.no] - (CENT / 2 if half and k_ % 2 == 0 else 0)
            means = _spread(rng, k_, mean) or [v[ind.no]] * k_
            for s, m in zip(subs, means):
                for c in s.items:
                    questions[c] = float(m)
            continue
        mean = v[ind.no] - (CENT / 2 if half and len(codes) % 2 == 0 and v[ind.no] > 0 else 0)
        scores = _spread(rng, len(codes), mean) or _spread(rng, len(codes), v[ind.no]) or [v[ind.no]] * len(codes)
        questions.update({c: float(s) for c, s in zip(codes, scores)})
    target = rng.choice((100.0, 100.0, 100.0, 95.0, 90.0, 99.995))
    name = f"หน่วยงานทดสอบขอบครึ่งสตางค์ {k} ({year}, {mode})"
    case = AgencyCase(Org(name=name, id=f"b{k}"), ScoreSet(year=year, questions=questions, indicators=stated),
                      Settings(target=target))
    return Agency(case, name)


def agencies(n: int, seed: int = 18) -> list[Agency]:
    rng = random.Random(seed)
    return [agency(rng, YEARS[k % len(YEARS)], k) for k in range(n)]


def write_books(items: list[Agency], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k, a in enumerate(items):
        out.append(build_workbook(folder / f"ita_b{k:03d}.xlsx", case=a.case, runtime="lite", backup=False))
    return out


def lo_recalc(books: list[Path], out_dir: Path, profile: Path) -> list[Path]:
    """The books opened by LibreOffice, every formula recalculated, saved as .xlsx into ``out_dir``."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_LO_ALWAYS_RECALC, encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out_dir), *map(str, books)], check=True, capture_output=True, timeout=900)
    return [out_dir / (b.stem + ".xlsx") for b in books]


def gnumeric_recalc(books: list[Path], out_dir: Path) -> list[Path]:
    """The books recalculated by Gnumeric's ``ssconvert --recalc``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for b in books:
        dst = out_dir / (b.stem + ".xlsx")
        subprocess.run(["ssconvert", "--recalc", str(b), str(dst)], check=True, capture_output=True, timeout=300)
        out.append(dst)
    return out


def has_lo() -> bool:
    return shutil.which("soffice") is not None


def has_gnumeric() -> bool:
    return shutil.which("ssconvert") is not None


def total_is_half(case: AgencyCase) -> bool:
    """Whether the exact total of the agency's indicator scores is a half cent (84.995)."""
    r = analyze(case)
    if any(i.score is None for i in r.indicators):
        return False
    twice = _exact_total(r.framework, {i.no: Fraction(repr(i.score)) for i in r.indicators}) * 200
    return twice.denominator == 1 and twice % 2 == 1


def total_at_level_minimum(case: AgencyCase) -> bool:
    """Whether the total is a level's minimum, reached only by rounding a half up."""
    r = analyze(case)
    return total_is_half(case) and r.total in {lv.min for lv in r.framework.levels}


def expected(case: AgencyCase) -> dict[str, object]:
    """Every formula cell of the indicator sheet as ``ita-xl analyze`` gives it (the gap as
    ``ITA_GAP`` does): indicators' computed score, score, target and gap; tools, total, level."""
    r = analyze(case)
    n = len(r.framework.indicators)
    out: dict[str, object] = {}
    for k, i in enumerate(r.indicators):
        score = i.score
        out[L.INDICATORS.cell("computed", k)] = i.computed
        out[L.INDICATORS.cell("score", k)] = score
        out[L.INDICATORS.cell("target", k)] = None if score is None else case.settings.target
        out[L.INDICATORS.cell("gap", k)] = None if score is None else gap_to_target(score, case.settings.target)
    for t, v in r.tools.items():
        out[L.summary_cell(t, "computed", n)] = v
    out[L.summary_cell("total", "computed", n)] = r.total
    out[L.summary_cell("level", "computed", n)] = r.level
    return out


def mismatches(case: AgencyCase, recalculated: Path) -> tuple[int, list[str]]:
    """(cells compared, the cells where the engine and the analysis differ). Two-decimal cells
    must be equal; a tool score (unrounded in both) must be within 1e-9 and print the same."""
    ws = openpyxl.load_workbook(recalculated, data_only=True)[L.SHEETS["indicators"].name]
    want = expected(case)
    n = len(case.framework.indicators) if case.framework else len(load(case.scores.year).indicators)
    tools = {L.summary_cell(t, "computed", n) for t in ("IIT", "EIT", "OIT")}
    bad = []
    for ref, value in want.items():
        got = ws[ref].value
        got = None if got == "" else got
        if isinstance(got, (int, float)) and isinstance(value, (int, float)):
            if ref in tools:
                ok = abs(got - value) < 1e-9 and round_half_up(got) == round_half_up(value)
            else:
                ok = float(got) == float(value)
        else:
            ok = got == value
        if not ok:
            bad.append(f"{ref}: sheet {got!r}, analysis {value!r}")
    return len(want), bad


# -- the formulas alone: a bare ROUND against ROUND(ROUND(x,9),2) on many half-cent values --------

FORMULAS = {"ROUND(x,2)": "ROUND({x},2)", "ROUND(ROUND(x,9),2)": "ROUND(ROUND({x},9),2)"}


def _half_up(x: Fraction) -> Fraction:
    n = int(abs(x) * 100 + Fraction(1, 2))
    return Fraction(-n if x < 0 else n, 100)


def formula_rows(seed: int = 5, n: int = 3000) -> list[tuple[str, list[Fraction], Fraction]]:
    """(kind, inputs, the exact value half up): means of 2..30 two-decimal scores (most exactly a
    half), weighted totals 0.3·mean of 5 + 0.3·mean of 3 + 0.4·mean of 2 that are exactly a half,
    and gaps target − a three-decimal score."""
    rng = random.Random(seed)
    rows: list[tuple[str, list[Fraction], Fraction]] = []
    while len(rows) < n:
        k = rng.choice((2, 4, 6, 8, 10, 12, 20, 30))
        m = max(CENT / 2, _cents(rng, 0, 10000) - (CENT / 2 if rng.random() < 0.7 else 0))
        vals = _spread(rng, k, m)
        if vals:
            rows.append(("mean", vals, _half_up(m)))
    for _ in range(n):
        v = [_cents(rng, 5000, 10000) for _ in range(10)]
        for d in range(200):
            v0 = v[0] - d * CENT
            t = (Fraction(3, 10) * (v0 + sum(v[1:5])) / 5 + Fraction(3, 10) * sum(v[5:8]) / 3
                 + Fraction(4, 10) * sum(v[8:10]) / 2)
            if (t * 200).denominator == 1 and (t * 200) % 2 == 1:
                v[0] = v0
                break
        rows.append(("total", v, _half_up(t)))
    for _ in range(2 * n // 3):
        s, t = Fraction(rng.randint(0, 100000), 1000), rng.choice((Fraction(100), Fraction(95), Fraction(19999, 200)))
        rows.append(("gap", [t, s], _half_up(t - s)))
    return rows


def formula_book(path: Path, rows) -> Path:
    """One sheet: a row's inputs from column A, then one column per way of rounding in FORMULAS."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("s")
    for r, (kind, vals, _) in enumerate(rows, start=1):
        for c, v in enumerate(vals):
            ws.write_number(r - 1, c, float(v))
        last = L.col_letter(len(vals))
        x = {"mean": f"AVERAGE(A{r}:{last}{r})",
             "total": f"(0.3*AVERAGE(A{r}:E{r})+0.3*AVERAGE(F{r}:H{r})+0.4*AVERAGE(I{r}:J{r}))",
             "gap": f"(A{r}-B{r})"}[kind]
        for k, f in enumerate(FORMULAS.values()):
            ws.write_formula(r - 1, 40 + k, "=" + f.format(x=x), None, 0)
    wb.close()
    return path


def formula_mismatches(rows, recalculated: Path) -> dict[str, dict[str, int]]:
    """Per way of rounding, per kind of row: how many rows the engine rounded otherwise than exactly."""
    ws = openpyxl.load_workbook(recalculated, data_only=True, read_only=True)["s"]
    got = list(ws.iter_rows(min_col=41, max_col=40 + len(FORMULAS), values_only=True))
    out: dict[str, dict[str, int]] = {name: {} for name in FORMULAS}
    for (kind, _, want), values in zip(rows, got):
        for name, g in zip(FORMULAS, values):
            if not isinstance(g, (int, float)) or abs(g - float(want)) > 1e-9:
                out[name][kind] = out[name].get(kind, 0) + 1
    return out
