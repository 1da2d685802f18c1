"""The workbook's pure parts: layout, ops on snapshots, reader and commands (no files)."""

from __future__ import annotations

import pytest

from ita_xl.errors import InputError
from ita_xl.io.case import sample_case
from ita_xl.workbook import actions as C
from ita_xl.workbook import layout as L
from ita_xl.workbook.ops import Clear, Notice, Snapshot, Write, apply_to_snapshot
from support.cells import normalize, writes_to_cells
from ita_xl.workbook.reader import case_from_snapshot


def filled(case=None) -> Snapshot:
    case = case or sample_case()
    snap = C.new_snapshot("book.xlsm", case.scores.year, case, "book")
    snap = apply_to_snapshot(snap, C.import_scores(snap, C.scores_of(case)))
    return apply_to_snapshot(snap, C.fill(snap))


def test_sheet_names_are_one_table():
    names = [s.name for s in L.SHEET_LIST]
    assert len(set(names)) == len(names) == 13
    assert L.SHEETS["plan"].name == "แผนปฏิบัติการ"
    assert set(C.COMMANDS) == {s.name for s in L.working_sheets() if s.key not in L.DOCS}
    from ita_xl.report.sheet import BY_SHEET  # noqa: PLC0415 - the buttons' table, one room up

    assert set(BY_SHEET) == {s.name for s in L.working_sheets()}


def test_ops_on_snapshot_keep_formula_text_as_data():
    snap = Snapshot("x", {"S": [[1, 2], [3, 4]]})
    out = apply_to_snapshot(snap, [Write("S", "B2", [["=HYPERLINK(\"x\")"]]), Clear("S", "A1:A2"), Notice("info", "", "")])
    assert out.sheets["S"] == [[None, 2], [None, '=HYPERLINK("x")']]
    assert snap.sheets["S"] == [[1, 2], [3, 4]]
    assert writes_to_cells([Clear("S", "A1:B1")]) == {("S", "A1"): None, ("S", "B1"): None}


def test_reader_round_trips_the_sample():
    case = sample_case()
    back = case_from_snapshot(filled(case))
    assert back.org.name == case.org.name and back.org.units == case.org.units
    assert back.scores.questions == case.scores.questions
    assert back.scores.indicators == case.scores.indicators
    assert back.scores.total == case.scores.total and back.scores.level == case.scores.level
    assert back.texts["limitations"] == case.texts["limitations"].strip()
    assert back.settings.numerals == "thai"


def test_fill_twice_changes_nothing():
    once = filled()
    twice = apply_to_snapshot(once, C.fill(once))
    assert {k: normalize(v) for k, v in once.sheets.items()} == {k: normalize(v) for k, v in twice.sheets.items()}


def test_plan_staff_columns_follow_the_key_and_obsolete_rows_stay():
    snap = filled()
    T = L.PLAN
    rows = snap.rows(T.sheet, T.first_row, T.n_cols)
    keys = [r[0] for r in rows]
    gone = next(k for k in keys if k.startswith("7:"))
    # staff notes on two rows, one of which will vanish when issue 7 is removed from the grouping
    kept = keys[0]
    ops = [
        Write(T.sheet, T.cell("notes", keys.index(kept)), [["=HYPERLINK(\"http://x\")"]]),
        Write(T.sheet, T.cell("progress", keys.index(gone)), [[50]]),
    ]
    snap = apply_to_snapshot(snap, ops)
    I = L.ISSUES
    issue_rows = snap.rows(I.sheet, I.first_row, I.n_cols)
    rest = [r for r in issue_rows if r[0] != 7]
    snap = apply_to_snapshot(snap, [Write(I.sheet, L.cell(I.first_row, 1), rest),
                                    Clear(I.sheet, f"{L.cell(I.first_row + len(rest), 1)}:{L.cell(I.last_row, I.n_cols)}")])
    snap2 = apply_to_snapshot(snap, C.fill(snap))
    rows2 = snap2.rows(T.sheet, T.first_row, T.n_cols)
    by_key = {r[0]: r for r in rows2}
    assert by_key[kept][T.col("notes") - 1] == '=HYPERLINK("http://x")'
    assert rows2[-1][0] == gone and rows2[-1][T.col("progress") - 1] == 50
    assert rows2[-1][T.col("row_state") - 1] == L.OBSOLETE
    assert not any(r[0].startswith("7:") for r in rows2[:-1])
    # and again: stable
    snap3 = apply_to_snapshot(snap2, C.fill(snap2))
    assert normalize(snap3.sheets[T.sheet]) == normalize(snap2.sheets[T.sheet])


def test_bad_score_names_sheet_and_cell():
    snap = filled()
    T = L.QUESTIONS
    snap = apply_to_snapshot(snap, [Write(T.sheet, T.cell("score", 2), [["abc"]])])
    with pytest.raises(InputError) as e:
        C.fill(snap)
    assert e.value.sheet == T.sheet and e.value.cell == T.cell("score", 2)
    assert "not a number" in str(e.value)


def test_bad_year_and_numerals():
    snap = filled()
    sheet = L.SHEETS["settings"].name
    with pytest.raises(InputError) as e:
        C.fill(apply_to_snapshot(snap, [Write(sheet, L.settings_cell("year"), [[1999]])]))
    assert e.value.cell == L.settings_cell("year")
    with pytest.raises(InputError) as e:
        C.fill(apply_to_snapshot(snap, [Write(sheet, L.settings_cell("numerals"), [["roman"]])]))
    assert e.value.cell == L.settings_cell("numerals")


def test_edited_library_text_reaches_the_plan():
    snap = filled()
    T = L.LIBRARY
    rows = snap.rows(T.sheet, T.first_row, T.n_cols)
    P = L.PLAN
    plan_keys = [r[0] for r in snap.rows(P.sheet, P.first_row, P.n_cols)]
    rec_key = plan_keys[0].split(":", 1)[1]
    i = [r[0] for r in rows].index(rec_key)
    snap = apply_to_snapshot(snap, [Write(T.sheet, T.cell("measures", i), [["มาตรการที่แก้ไขเอง"]])])
    snap = apply_to_snapshot(snap, C.fill(snap))
    first = snap.rows(P.sheet, P.first_row, P.n_cols)[0]
    assert "มาตรการที่แก้ไขเอง" in first[P.col("measures") - 1]


def test_module_names():
    assert L.is_valid_module_name("ita_2566")
    assert not L.is_valid_module_name("ita-2566") and not L.is_valid_module_name("class")
    assert L.is_valid_module_name(L.suggest_module_name("แผน ITA 2566"))


def test_history_goes_to_its_columns_and_back():
    case = sample_case()
    case.history = {2565: {1: 95.5, 6: 80.25}, 2562: {10: 70.0}}
    snap = filled(case)
    T = L.INDICATORS
    assert snap.cell(T.sheet, T.cell("hist1", 0)) == 95.5  # hist1 = the year before
    assert snap.cell(T.sheet, T.cell("hist4", 9)) == 70.0
    assert case_from_snapshot(snap).history == {2562: {10: 70.0}, 2565: {1: 95.5, 6: 80.25}}
