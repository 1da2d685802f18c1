"""The reader's per-rows cache of grouping and library never serves what the user has changed."""

from __future__ import annotations

import pytest

from ita_xl.errors import InputError
from ita_xl.workbook import actions as C
from ita_xl.workbook import layout as L
from ita_xl.workbook.reader import case_from_snapshot


def _snap(path="a.xlsx"):
    return C.new_snapshot(path, 2566)


def test_edited_library_and_grouping_rows_are_read_afresh():
    snap = _snap()
    first = case_from_snapshot(snap)
    T, G = L.LIBRARY, L.ISSUES
    lib = snap.sheets[T.sheet][T.first_row - 1]
    lib[T.col("finding") - 1] = "แก้โดยเจ้าหน้าที่"
    grp = snap.sheets[G.sheet][G.first_row - 1]
    grp[G.col("title") - 1] = "ประเด็นที่แก้ไข"
    second = case_from_snapshot(snap)
    key = str(lib[T.col("key") - 1])
    assert second.recommendations[key].finding == "แก้โดยเจ้าหน้าที่" != first.recommendations[key].finding
    assert second.issues[0].title == "ประเด็นที่แก้ไข" != first.issues[0].title
    second.recommendations.clear()  # the case's dict is its own
    assert case_from_snapshot(snap).recommendations[key].finding == "แก้โดยเจ้าหน้าที่"


def test_a_bad_library_row_is_reported_every_time_with_its_own_file():
    for name in ("one.xlsx", "two.xlsx"):
        snap = _snap(name)
        T = L.LIBRARY
        snap.sheets[T.sheet][T.first_row - 1][T.col("key") - 1] = "not a code"
        with pytest.raises(InputError) as exc:
            case_from_snapshot(snap)
        assert name in str(exc.value)
