"""The skeleton writer on small workbooks: a recorded build equals XlsxWriter's own build of the
same calls; a new shape (other structural calls, other formats first used, a cell feature that
reaches outside the sheet data) is built for real; helpers marked @structural stay honest."""

from __future__ import annotations

import io
import zipfile

import pytest
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ita_xl.workbook import skeleton
from ita_xl.workbook import template as T

VOLATILE = {"docProps/core.xml"}


def _options() -> dict:
    return {"in_memory": True, "strings_to_numbers": False}


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        return {n: z.read(n) for n in z.namelist()}


@skeleton.structural
def _look(ws, width: float) -> None:
    ws.set_column(0, 0, width)
    ws.freeze_panes(1, 0)


def _populate(values, width=12.0, comment=False, bold_first=False):
    def populate(wb) -> None:
        bold = wb.add_format({"bold": True})
        plain = wb.add_format({"border": 1})
        ws = wb.add_worksheet("Data")
        _look(ws, width)
        ws.data_validation(1, 1, 20, 1, {"validate": "list", "source": ["a", "b"]})
        ws._write_string(0, 0, "title", bold if bold_first else plain)
        for i, v in enumerate(values, start=1):
            f = plain
            if isinstance(v, str):
                ws._write_string(i, 0, v, f)
            else:
                ws._write_number(i, 0, v, f)
            ws._write_formula(i, 1, f"=A{i + 1}*2", plain, "")
        if comment:
            ws.write_comment(0, 0, "note")
        chart = wb.add_chart({"type": "column"})
        chart.add_series({"categories": ["Data", 1, 0, 10, 0], "values": ["Data", 1, 1, 10, 1]})
        ws.insert_chart(2, 3, chart)

    return populate


def _skeletal(populate) -> bytes:
    buf = io.BytesIO()
    with T._fast_zip(True):
        skeleton.build(buf, _options, T._FastWorksheet, populate)
    return buf.getvalue()


def _plain(populate) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, _options())
    populate(wb)
    wb.close()
    return buf.getvalue()


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    from collections import OrderedDict

    monkeypatch.setattr(skeleton, "_SKELETONS", OrderedDict())
    monkeypatch.setattr(skeleton, "_LAST_HIT", [None])
    monkeypatch.setattr(skeleton, "STATS", {"from_skeleton": 0, "built": 0})


def _same(a: bytes, b: bytes) -> bool:
    pa, pb = _parts(a), _parts(b)
    return list(pa) == list(pb) and all(pa[n] == pb[n] for n in pb if n not in VOLATILE)


def test_second_workbook_of_a_shape_comes_from_the_skeleton_and_equals_xlsxwriter():
    first, second = _populate(["x", 1.5, "y"]), _populate(["other", 7, "z", 9.25])
    assert _same(_skeletal(first), _plain(first))
    assert skeleton.STATS == {"from_skeleton": 0, "built": 1}
    assert _same(_skeletal(second), _plain(second))  # other cells, other rows, other chart data
    assert skeleton.STATS == {"from_skeleton": 1, "built": 1}


def test_other_structure_or_format_order_is_a_new_shape():
    _skeletal(_populate(["x", 1.5]))
    wider = _populate(["x", 1.5], width=30.0)  # a structural call inside a @structural helper
    assert _same(_skeletal(wider), _plain(wider))
    bold_first = _populate(["x", 1.5], bold_first=True)  # formats first used in another order
    assert _same(_skeletal(bold_first), _plain(bold_first))
    assert skeleton.STATS == {"from_skeleton": 0, "built": 3}
    again = _populate(["q", 2.0], width=30.0)
    assert _same(_skeletal(again), _plain(again))
    assert skeleton.STATS["from_skeleton"] == 1


def test_a_comment_is_never_templated():
    for values in (["x"], ["y", 2.0]):
        with_comment = _populate(values, comment=True)
        assert _same(_skeletal(with_comment), _plain(with_comment))
    assert skeleton.STATS == {"from_skeleton": 0, "built": 2}


def test_structural_helper_that_makes_formats_is_refused():
    @skeleton.structural
    def bad(ws) -> None:
        ws._skel_wb.add_format({"italic": True})

    def populate(wb) -> None:
        ws = wb.add_worksheet("S")
        ws._skel_wb = wb
        bad(ws)

    with pytest.raises(RuntimeError, match="cannot be @structural"):
        _skeletal(populate)


def test_structural_helper_runs_plainly_outside_a_skeleton_build():
    wb = xlsxwriter.Workbook(io.BytesIO(), _options())
    ws = wb.add_worksheet("S")
    assert isinstance(ws, Worksheet)
    _look(ws, 20.0)
    assert ws.col_info[0].width > 100 and ws.panes  # 20 characters in pixels; frozen top row
    wb.close()


def test_static_sheet_memo_follows_its_rows():
    """A sheet memoized from its rows is rebuilt when the rows change (e.g. a library edited in
    the snapshot) and each workbook still equals the plain build."""
    from dataclasses import replace

    from ita_xl.io.case import sample_case
    from ita_xl.workbook import layout as L

    case = sample_case()
    year = case.scores.year
    for text in (None, "ข้อเสนอที่แก้ไขแล้ว", None):
        snap, result = T.workbook_values("/tmp/ita_memo.xlsm", case, year, "ita_memo")
        if text is not None:
            rows = [list(r) for r in snap.sheets[L.LIBRARY.sheet]]
            rows[L.LIBRARY.first_row - 1][L.LIBRARY.n_cols - 1] = text
            snap = replace(snap, sheets={**snap.sheets, L.LIBRARY.sheet: rows})
        fast, plain = io.BytesIO(), io.BytesIO()
        T.write_xlsx(fast, snap, year, "desktop", result, fast=True)
        T.write_xlsx(plain, snap, year, "desktop", result, fast=False, preseed=True)
        assert _same(fast.getvalue(), plain.getvalue())
