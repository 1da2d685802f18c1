"""The template's fast path writes the same workbook as XlsxWriter's own API (``fast=False``).

Every part of the package is compared byte for byte (only ``docProps/core.xml`` carries the build
time), then every cell as openpyxl and python-calamine read it; VBA, buttons, charts, validations
and conditional formats are checked in the fast output. Repeated builds in one process (the
per-process memos warm) must give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from ita_xl.io.case import sample_case
from ita_xl.workbook import layout as L
from ita_xl.workbook import template as T

VOLATILE = {"docProps/core.xml"}


def _build(case, runtime: str, fast: bool, preseed: bool | None = None) -> bytes:
    path = "/tmp/ita_fast.xlsm" if runtime == "desktop" else "/tmp/ita_fast.xlsx"
    year = case.scores.year if case else T.default_year()
    snap, result = T.workbook_values(path, case, year, "ita_fast" if runtime == "desktop" else "")
    buf = io.BytesIO()
    T.write_xlsx(buf, snap, year, runtime, result, fast=fast, preseed=preseed)
    return buf.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        return {n: z.read(n) for n in z.namelist()}


def _cases():
    case = sample_case()
    odd = replace(case, org=replace(case.org, name='=HYPERLINK("x") & <ลำปาง> "_x0041_"\n  '))
    return {"sample": case, "empty": None, "odd-name": odd}


@pytest.fixture(scope="module")
def builds():
    out = {}
    for name, case in _cases().items():
        for runtime in T.RUNTIMES:
            plain = _build(case, runtime, fast=False, preseed=True)
            fast = [_build(case, runtime, fast=True) for _ in range(3)]
            out[name, runtime] = plain, fast, _build(case, runtime, fast=False, preseed=False)
    return out


def test_fast_parts_equal_plain_xlsxwriter(builds):
    for key, (plain, fasts, _) in builds.items():
        want = _parts(plain)
        for fast in fasts:
            got = _parts(fast)
            assert list(got) == list(want), key
            for name in want:
                if name not in VOLATILE:
                    assert got[name] == want[name], (key, name)


def _openpyxl_cells(data: bytes) -> dict:
    wb = openpyxl.load_workbook(io.BytesIO(data), keep_vba=True)
    return {ws.title: {c.coordinate: (c.value, c.data_type) for row in ws.iter_rows() for c in row if c.value is not None}
            for ws in wb}


def _calamine_cells(data: bytes) -> dict:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def test_fast_values_equal_plain_values(builds):
    """Against XlsxWriter's own build without the preseeded string table (other string indices)."""
    for key, (_, fasts, reference) in builds.items():
        assert _openpyxl_cells(fasts[-1]) == _openpyxl_cells(reference), key
        assert _calamine_cells(fasts[-1]) == _calamine_cells(reference), key


def test_fast_output_keeps_vba_buttons_charts_validation(builds):
    from oletools.olevba import VBA_Parser

    data = builds["sample", "desktop"][1][-1]
    parts = _parts(data)
    assert "xl/vbaProject.bin" in parts
    vml = [v.decode() for n, v in parts.items() if n.startswith("xl/drawings/vmlDrawing")]
    assert len(vml) == len(L.working_sheets()) and all("<x:FmlaMacro>[0]!SampleCall</x:FmlaMacro>" in v for v in vml)
    assert len([n for n in parts if n.startswith("xl/charts/chart")]) == 2
    sheets = [v.decode() for n, v in parts.items() if n.startswith("xl/worksheets/sheet")]
    assert sum("<dataValidation " in x for x in sheets) >= 5
    assert sum("<conditionalFormatting" in x for x in sheets) >= 5
    parser = VBA_Parser("ita_fast.xlsm", data=data)
    try:
        modules = {name: code for (_, _, name, code) in parser.extract_macros()}
    finally:
        parser.close()
    assert "Sub SampleCall" in modules["Module1.bas"]
    wb = openpyxl.load_workbook(io.BytesIO(data), keep_vba=True)
    assert wb.sheetnames == [s.name for s in L.SHEET_LIST] + [L.CONF_SHEET]


def test_fast_zip_headers_equal_zipfile(builds):
    """The archive itself: same entries, in order, with the headers zipfile writes at level 1 (the
    shared strings deflated in parts, so their compressed size may differ; with ISA-L's deflate
    every compressed size may)."""
    from ita_xl.workbook import fastzip

    other_deflate = fastzip._isal is not None
    keys = ("filename", "date_time", "compress_type", "flag_bits", "create_system", "create_version",
            "extract_version", "external_attr", "internal_attr", "extra", "file_size", "compress_size", "CRC")
    for key, (plain, fasts, _) in builds.items():
        with zipfile.ZipFile(io.BytesIO(plain)) as z:
            want = [{k: getattr(i, k) for k in keys} for i in z.infolist()]
        for fast in fasts:
            with zipfile.ZipFile(io.BytesIO(fast)) as z:
                got = [{k: getattr(i, k) for k in keys} for i in z.infolist()]
            for w, g in zip(want, got, strict=True):
                if w["filename"] in VOLATILE:
                    w, g = {k: w[k] for k in keys[:8]}, {k: g[k] for k in keys[:8]}
                elif w["filename"] == "xl/sharedStrings.xml" or other_deflate:
                    w, g = {k: w[k] for k in keys if k != "compress_size"}, {k: g[k] for k in keys if k != "compress_size"}
                assert g == w, key


def test_varied_agencies_share_static_parts_and_stay_equal():
    """Different agencies one after another (the batch case): each fast build equals its plain
    build, and the deflate reused from the previous agency decompresses to the right bytes."""
    base = sample_case()
    for i, delta in enumerate((0.0, -7.5, 3.25, -20.0)):
        questions = {k: round(min(100.0, max(0.0, v + delta * ((len(k) % 3) - 1))), 2) for k, v in base.scores.questions.items()}
        scores = replace(base.scores, questions=questions, indicators={}, tools={}, total=None, level=None)
        case = replace(base, org=replace(base.org, name=f"หน่วยงานทดสอบ {i}" + " ก" * i), scores=scores)
        fast, plain = _build(case, "desktop", fast=True), _build(case, "desktop", fast=False, preseed=True)
        got, want = _parts(fast), _parts(plain)
        assert {n for n in got if got[n] != want[n]} <= VOLATILE
        assert _openpyxl_cells(fast) == _openpyxl_cells(_build(case, "desktop", fast=False, preseed=False))


def _varied(i: int, year: int | None = None):
    base = sample_case()
    delta = (-7.5, 3.25, 0.0, -20.0)[i % 4]
    questions = {k: round(min(100.0, max(0.0, v + delta * ((len(k) % 3) - 1))), 2) for k, v in base.scores.questions.items()}
    scores = replace(base.scores, questions=questions, indicators={}, tools={}, total=None, level=None)
    if year is not None:
        scores = replace(scores, year=year)
    return replace(base, org=replace(base.org, name=f"หน่วยงาน {i}"), scores=scores)


@pytest.mark.parametrize("runtime", T.RUNTIMES)
def test_agencies_years_and_empty_in_a_row_equal_plain(runtime):
    """With the per-process memos and reused deflates warm: agencies in a row, an empty case,
    another year and back must each equal their plain build, part for part."""
    other = next(y for y in sorted(T.available_years(), reverse=True) if y != sample_case().scores.year)
    sequence = [_varied(0), _varied(1), None, _varied(2), _varied(3, other), _varied(1), _varied(2)]
    for i, case in enumerate(sequence):
        got, want = _parts(_build(case, runtime, fast=True)), _parts(_build(case, runtime, fast=False, preseed=True))
        assert list(got) == list(want), (runtime, i)
        assert {n for n in got if got[n] != want[n]} <= VOLATILE, (runtime, i)



def test_without_isal_zlib_deflate_gives_the_same_parts(monkeypatch):
    """Without python-isal the zip writer deflates with zlib (reusing the static strings' deflate):
    the parts are the same and the compressed sizes are zipfile's at level 1 (except the split one)."""
    from ita_xl.workbook import fastzip

    from collections import OrderedDict

    from ita_xl.workbook import skeleton

    monkeypatch.setattr(fastzip, "_isal", None)
    monkeypatch.setattr(fastzip, "_LAST", {})
    monkeypatch.setattr(skeleton, "_SKELETONS", OrderedDict())  # static parts deflated anew
    monkeypatch.setattr(skeleton, "_LAST_HIT", [None])
    case = sample_case()
    plain = _build(case, "desktop", fast=False, preseed=True)
    with zipfile.ZipFile(io.BytesIO(plain)) as z:
        sizes = {i.filename: i.compress_size for i in z.infolist()}
    for varied in (_varied(0), _varied(1)):
        fast = _build(varied, "desktop", fast=True)
        want = _parts(_build(varied, "desktop", fast=False, preseed=True))
        got = _parts(fast)
        assert {n for n in want if got[n] != want[n]} <= VOLATILE
    fast = _build(case, "desktop", fast=True)
    with zipfile.ZipFile(io.BytesIO(fast)) as z:
        for i in z.infolist():
            if i.filename not in VOLATILE | {"xl/sharedStrings.xml"}:
                assert i.compress_size == sizes[i.filename], i.filename
