"""Desktop entry points: ``main()`` (the shim's) and ``on_button`` run through ``xw.Book.caller()``.

``xw.Book(json=payload).set_mock_caller()`` makes ``xw.Book.caller()`` return a remote-engine book,
so the same code RunPython calls runs here; the active sheet comes from the payload.
"""

from __future__ import annotations

import shutil

import pytest
import xlwings as xw
from support.workbooks import ensure_remote_engine, make_workbook, payload_of, run_headless

from ita_xl.excel import desktop
from ita_xl.io.case import sample_case
from ita_xl.report.sheet import ACTIONS, BY_SHEET
from ita_xl.workbook import actions as commands
from ita_xl.workbook import layout as L


@pytest.fixture(autouse=True)
def remote_engine(xlwings_pro):
    ensure_remote_engine()


@pytest.fixture(scope="module")
def scored_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("desk") / "ita_desk.xlsm"
    make_workbook(path, case=sample_case(), runtime="desktop")
    run_headless(path, commands.import_scores, commands.scores_of(sample_case()))
    return path


def _caller_actions(path, active: str, call) -> list[dict]:
    book = xw.Book(json=payload_of(path, active=active))
    book.set_mock_caller()
    try:
        call()
        return book.json()["actions"]
    finally:
        del xw.Book._mock_caller
        book.close()


def _direct_actions(path, active: str, command) -> list[dict]:
    book = xw.Book(json=payload_of(path, active=active))
    try:
        from ita_xl.excel import book as xwio

        xwio.run(book, command)
        return book.json()["actions"]
    finally:
        book.close()


@pytest.mark.parametrize("sheet", list(BY_SHEET))
def test_main_runs_the_active_sheets_command(scored_book, sheet):
    got = _caller_actions(scored_book, sheet, desktop.main)
    assert got == _direct_actions(scored_book, sheet, BY_SHEET[sheet])
    if BY_SHEET[sheet] is commands.export:  # writes files, not cells; an unsaved book is told so
        assert [a["func"] for a in got] == ["alert"] and "save the workbook" in got[0]["args"][0]
    elif BY_SHEET[sheet] is ACTIONS["import"]:  # nothing pasted yet: it says where to paste
        assert [a["func"] for a in got] == ["alert"] and L.PASTE.sheet in got[0]["args"][0]
    elif BY_SHEET[sheet] is commands.plan:  # the template's plan is this one: no cell changes
        assert [a["func"] for a in got] == ["rangeClearContents", "alert"] and "plan updated" in got[1]["args"][0]
    else:
        assert any(a["func"] == "setValues" for a in got)


@pytest.mark.parametrize("sheet", [s.name for s in L.SHEET_LIST if not s.command] + [L.CONF_SHEET])
def test_main_on_a_sheet_without_command_says_so(scored_book, sheet):
    got = _caller_actions(scored_book, sheet, desktop.main)
    assert [a["func"] for a in got] == ["alert"]
    text = got[0]["args"][0]
    assert f"“{sheet}”" in text and "ไม่มีคำสั่ง" in text and "has no command" in text


@pytest.mark.parametrize("button", ["btn_fill", "btn_plan", "btn_check", "fill", "btn_report", "btn_progress"])
def test_on_button_runs_its_command_whatever_sheet_is_active(scored_book, button):
    command = ACTIONS[button.removeprefix("btn_")]
    got = _caller_actions(scored_book, L.CONF_SHEET, lambda: desktop.on_button(button))
    assert got == _direct_actions(scored_book, L.CONF_SHEET, command)


def test_on_button_unknown_name_alerts(scored_book):
    got = _caller_actions(scored_book, L.SHEETS["plan"].name, lambda: desktop.on_button("btn_nope"))
    assert [a["func"] for a in got] == ["alert"] and "btn_nope" in got[0]["args"][0]


def test_bad_input_becomes_a_thai_english_alert_not_a_traceback(scored_book, tmp_path):
    broken = tmp_path / scored_book.name
    shutil.copy(scored_book, broken)
    import openpyxl

    wb = openpyxl.load_workbook(broken, keep_vba=True)
    wb[L.SHEETS["settings"].name][L.settings_cell("year")] = 2400  # no framework for that year
    wb.save(broken)
    got = _caller_actions(broken, L.SHEETS["plan"].name, desktop.main)
    assert [a["func"] for a in got] == ["alert"]
    assert got[0]["args"][3] == "critical"


def test_main_result_replays_like_headless(scored_book, tmp_path):
    """The shim path changes the file exactly as ``ita-xl fill`` does."""
    a, b = tmp_path / "a" / scored_book.name, tmp_path / "b" / scored_book.name
    for p in (a, b):
        p.parent.mkdir()
        shutil.copy(scored_book, p)
    run_headless(a, ACTIONS["fill"])
    from support.workbooks import diff, replay_onto, values

    replay_onto(b, _caller_actions(b, L.SHEETS["settings"].name, desktop.main))
    assert diff(values(a), values(b)) == []


def test_udfs_are_reexported_for_udf_modules():
    from ita_xl.excel import udfs

    for f in udfs.UDFS:
        assert getattr(desktop, f.__name__) is f


def test_the_templates_shim_runs_main_like_samplecall(scored_book):
    """SampleCall runs ``import <stem>; <stem>.main()``: do the same with the shim beside the file."""
    import importlib.util

    shim = scored_book.with_suffix(".py")
    assert shim.exists(), "the template writes <stem>.py beside a desktop workbook"
    spec = importlib.util.spec_from_file_location(scored_book.stem, shim)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sheet = L.SHEETS["plan"].name
    assert _caller_actions(scored_book, sheet, module.main) == _direct_actions(scored_book, sheet, commands.plan)
