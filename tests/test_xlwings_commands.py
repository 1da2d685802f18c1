"""Every workbook command through xlwings' remote engine equals the headless path, cell for cell.

The remote engine is what xlwings Lite runs; desktop Excel runs the same ``xwio`` code through
COM. Needs ``XLWINGS_LICENSE_KEY=noncommercial`` (the ``xlwings_pro`` fixture), no Excel.
"""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest
import xlwings as xw
from support.workbooks import (
    diff,
    ensure_remote_engine,
    make_workbook,
    payload_of,
    run_headless,
    run_remote,
    values,
)

from ita_xl.io.case import sample_case
from ita_xl.workbook import actions as commands
from ita_xl.excel import book as xwio
from ita_xl.workbook import layout as L
from ita_xl.workbook.ops import Clear, Notice, Snapshot, Write
from support.cells import normalize


@pytest.fixture(autouse=True)
def remote_engine(xlwings_pro):
    ensure_remote_engine()


@pytest.fixture(scope="module", params=["desktop", "lite"])
def blank_book(request, tmp_path_factory):
    """A new agency workbook for the sample's year, no scores yet (desktop .xlsm and Lite .xlsx)."""
    suffix = ".xlsm" if request.param == "desktop" else ".xlsx"
    path = tmp_path_factory.mktemp("wb") / f"ita_sample{suffix}"
    return make_workbook(path, case=sample_case(), runtime=request.param)


@pytest.fixture()
def twins(blank_book, tmp_path):
    """Two copies of the same workbook, same name (findings quote it), one for each path."""
    a, b = tmp_path / "headless" / blank_book.name, tmp_path / "remote" / blank_book.name
    a.parent.mkdir()
    b.parent.mkdir()
    shutil.copy(blank_book, a)
    shutil.copy(blank_book, b)
    return a, b


def _staff_edit(path):
    """What a user does between runs: owner override, status and a note in the plan's staff columns."""
    wb = openpyxl.load_workbook(path, keep_vba=path.suffix == ".xlsm")
    ws = wb[L.PLAN.sheet]
    row = L.PLAN.first_row
    ws.cell(row, L.PLAN.col("owner_override"), "กองคลัง")
    ws.cell(row, L.PLAN.col("status"), "กำลังดำเนินการ")
    ws.cell(row, L.PLAN.col("notes"), "=ยังไม่ใช่สูตร")
    ws.cell(row, L.PLAN.col("notes")).data_type = "s"
    wb.save(path)


def test_every_command_gives_the_same_cells_both_ways(twins):
    headless, remote = twins
    scores = commands.scores_of(sample_case())
    steps = [
        ("import_scores", commands.import_scores, (scores,)),
        ("fill", commands.fill, ()),
        ("staff edit", None, ()),
        ("plan", commands.plan, ()),
        ("check", commands.check, ()),
        ("fill again", commands.fill, ()),
    ]
    for name, command, args in steps:
        if command is None:
            _staff_edit(headless)
            _staff_edit(remote)
            continue
        ops_h = run_headless(headless, command, *args)
        ops_r, actions, messages = run_remote(remote, command, *args)
        assert ops_r == ops_h, f"{name}: the command saw a different snapshot"
        assert diff(values(headless), values(remote)) == [], name
        notices = [op for op in ops_h if isinstance(op, Notice)]
        alerts = [m for m in messages if m["func"] == "alert"]
        assert len(alerts) == len(notices), name
        for op, alert in zip(notices, alerts, strict=True):
            assert op.message_th in alert["args"][0] and op.message_en in alert["args"][0]
    plan = values(remote)[L.PLAN.sheet]
    first = plan[L.PLAN.first_row - 1]
    assert first[L.PLAN.col("owner_override") - 1] == "กองคลัง"
    assert first[L.PLAN.col("notes") - 1] == "=ยังไม่ใช่สูตร"


def test_fill_twice_changes_nothing_on_the_remote_path(twins):
    _, remote = twins
    run_remote(remote, commands.import_scores, commands.scores_of(sample_case()))
    run_remote(remote, commands.fill)
    once = values(remote)
    run_remote(remote, commands.fill)
    assert diff(once, values(remote)) == []


def test_remote_snapshot_equals_file_snapshot(twins):
    headless, _ = twins
    run_headless(headless, commands.import_scores, commands.scores_of(sample_case()))
    run_headless(headless, commands.fill)
    from ita_xl.xlsx import fileio

    book = xw.Book(json=payload_of(headless))
    remote = xwio.snapshot_from_book(book)
    local = fileio.snapshot_of(headless)
    assert list(remote.sheets) == list(local.sheets)
    for name in local.sheets:
        assert normalize(remote.sheets[name]) == normalize(local.sheets[name]), name


def _book_with(sheets: dict[str, list[list[object]]]):
    from support.replay import book_with

    return book_with(sheets)


def test_apply_to_book_writes_blocks_and_keeps_text_as_text():
    from support.replay import apply_actions

    wb, book = _book_with({"ก": [["x"]], "ข": [[1, 2], [3, 4]]})
    ops = [
        Write("ก", "B2", [["=SUM(A1)", "00123", "2567-09-30", "ไทย", 85.5, None, dt.date(2024, 9, 30)]]),
        Write("ก", "A5", [["+1", "-", "TRUE", "'quoted"]]),
        Clear("ข", "A1:B1"),
        Notice("error", "ผิด", "wrong"),
    ]
    xwio.apply_to_book(book, ops)
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["setValues", "setValues", "rangeClearContents", "alert"]
    assert actions[3]["args"][0] == "ผิด\n\nwrong" and actions[3]["args"][3] == "critical"
    report = apply_actions(wb, actions, strict=True)
    assert report.messages[0]["func"] == "alert"
    ws = wb["ก"]
    assert [c.value for c in ws[2]][1:6] == ["=SUM(A1)", "00123", "2567-09-30", "ไทย", 85.5]
    assert ws["B2"].data_type == "s"
    assert ws["H2"].value == dt.datetime(2024, 9, 30)
    assert [c.value for c in ws[5]][:4] == ["+1", "-", "TRUE", "'quoted"]
    assert [c.value for c in wb["ข"][1]] == [None, None] and wb["ข"]["A2"].value == 3


def test_snapshot_from_book_is_one_read_per_sheet_and_trimmed():
    _, book = _book_with({"ก": [[1, None, None], ["a", 2.0, None], [None, None, None]], "ว่าง": []})
    snap = xwio.snapshot_from_book(book)
    assert isinstance(snap, Snapshot)
    assert snap.sheets == {"ก": [[1, None], ["a", 2]], "ว่าง": []}


def test_run_returns_ops_and_records_only_portable_actions(twins):
    _, remote = twins
    ops, actions, _ = run_remote(remote, commands.import_scores, commands.scores_of(sample_case()))
    assert ops and {a["func"] for a in actions} <= {"setValues", "rangeClearContents", "alert"}


def test_ragged_writes_touch_only_their_cells_like_headless(tmp_path):
    from support.replay import apply_actions

    from ita_xl.xlsx import fileio

    rows = [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]]
    ops = [Write("ก", "A1", [["1", 2], [3], [], [None, 5, 6]])]
    wb_r, book = _book_with({"ก": rows})
    xwio.apply_to_book(book, ops)
    actions = book.json()["actions"]
    assert all(len({len(r) for r in a["values"]}) == 1 for a in actions)
    apply_actions(wb_r, actions, strict=True)
    wb_h, _ = _book_with({"ก": rows})
    wb_h.save(tmp_path / "h.xlsx")
    fileio.apply_ops(tmp_path / "h.xlsx", ops)
    got = [[c.value for c in r] for r in wb_r["ก"].iter_rows()]
    assert got == [[c.value for c in r] for r in openpyxl.load_workbook(tmp_path / "h.xlsx")["ก"].iter_rows()]
    assert got[1] == [3, "e", "f"]
