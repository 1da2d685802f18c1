"""The template + cell-patch writer equals a plain XlsxWriter build, for every shipped year and both
runtimes (the ``assertExcelEqual`` idea of XlsxWriter's own tests): both packages go through ONE
normaliser (tests/support/excel_equal.py), whose allowed differences are written down once. Also: the writer uses XlsxWriter through its public API only.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from support.synth import write_synthetic_csv
from ita_xl.io.frameworks import available_years
from ita_xl.core.model import AgencyCase, Org, ScoreSet
from ita_xl.io.scores import iter_scores
from ita_xl.xlsx import template as T
from support.excel_equal import diff as _diff
from support.excel_equal import normalise

ROOT = Path(__file__).resolve().parent.parent

def _case(year: int, tmp_path: Path) -> AgencyCase:
    csv = write_synthetic_csv(tmp_path / f"s{year}.csv", 2, year=year)
    found = list(iter_scores(csv))[1]
    return AgencyCase(org=found.org, scores=found.scores)


def _both(snap, year: int, runtime: str, result) -> tuple[bytes, bytes]:
    plain, patched = io.BytesIO(), io.BytesIO()
    T.write_xlsx(plain, snap, year, runtime, result, fast=False)
    T.write_xlsx(patched, snap, year, runtime, result, fast=True)
    return plain.getvalue(), patched.getvalue()


@pytest.mark.parametrize("runtime", T.RUNTIMES)
@pytest.mark.parametrize("year", available_years())
def test_patched_workbook_equals_plain_build(year, runtime, tmp_path):
    ext = ".xlsm" if runtime == "desktop" else ".xlsx"
    for case in (_case(year, tmp_path), AgencyCase(org=Org(name=""), scores=ScoreSet(year=year))):
        snap, result = T.workbook_values(str(tmp_path / f"ita_x{ext}"), case, year, "ita_x" if runtime == "desktop" else "")
        plain, patched = _both(snap, year, runtime, result)
        a, b = normalise(plain), normalise(patched)
        assert _diff(a, b) == []
        assert any(v[0] not in (None, "") for v in a[f"sheet {T.L.SHEETS['analysis'].name}"]["cells"].values())


def test_changed_values_reach_every_patched_part(tmp_path):
    """Two agencies in a row from one template: the second's cells, strings and chart caches are its own."""
    year = 2566
    one, two = (_case(year, tmp_path), AgencyCase(org=Org(name="อบต. ทดสอบ"), scores=ScoreSet(year=year)))
    for case in (one, two, one):
        snap, result = T.workbook_values(str(tmp_path / "ita_x.xlsm"), case, year, "ita_x")
        plain, patched = _both(snap, year, "desktop", result)
        assert _diff(normalise(plain), normalise(patched)) == []


def test_normaliser_sees_a_changed_cell_style_and_chart_cache(tmp_path):
    """The comparison can fail: a changed value, style or cached chart value is reported."""
    case = _case(2566, tmp_path)
    snap, result = T.workbook_values(str(tmp_path / "ita_x.xlsm"), case, 2566, "ita_x")
    plain, _ = _both(snap, 2566, "desktop", result)
    base = normalise(plain)
    z = zipfile.ZipFile(io.BytesIO(plain))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "xl/charts/chart1.xml":
                data = re.sub(rb"<c:v>[0-9.]+</c:v>", b"<c:v>1234</c:v>", data, count=1)
            out.writestr(info, data)
    assert any("chart1" in d for d in _diff(base, normalise(buf.getvalue())))


_PRIVATE = re.compile(r"\b(?:wb|ws|ch|gap|chart|conf|palette|workbook|worksheet|fmt|f)\._[a-z]")


def test_xlsxwriter_is_used_through_its_public_api_only():
    sources = list((ROOT / "ita_xl" / "workbook").glob("*.py")) + [ROOT / "ita_xl" / "batch" / "summary.py"]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if "xlsxwriter" not in text:
            continue
        for m in re.finditer(r"^\s*(?:from|import) xlsxwriter\.?(\w*)", text, re.M):
            assert m.group(1) in ("", "utility", "exceptions"), f"{path.name}: imports xlsxwriter.{m.group(1)}"
        assert not re.search(r"class \w+\((?:xlsxwriter\.)?(?:Workbook|Worksheet|Format|Chart\w*|SharedStrings|Packager)\b", text), path.name
        assert not _PRIVATE.search(text), f"{path.name}: {_PRIVATE.search(text).group()}"


def test_a_table_equal_to_the_template_s_only_in_python_is_written_anew(tmp_path):
    """A sheet whose rows equal the template's keeps the template's part; ``True == 1`` in Python
    but a cell holding TRUE is not one holding 1, so such a sheet is written anew."""
    year = 2566
    snap, result = T.workbook_values(str(tmp_path / "ita_x.xlsm"), AgencyCase(org=Org(name=""), scores=ScoreSet(year=year)),
                                     year, "ita_x")
    rows = snap.sheets[T.L.QUESTIONS.sheet]
    first = rows[T.L.QUESTIONS.first_row - 1]
    col = next(j for j, v in enumerate(first) if type(v) is int and v == 1)
    first[col] = True
    plain, patched = _both(snap, year, "desktop", result)
    a, b = normalise(plain), normalise(patched)
    assert _diff(a, b) == []
    cells = b[f"sheet {T.L.SHEETS['questions'].name}"]["cells"]
    assert any(v[0] is True for v in cells.values())  # the TRUE written, not the template's 1
