"""The one reader of xlsx values (``ita_xl.io.sheets``) with python-calamine and with openpyxl."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import openpyxl
import pytest

from ita_xl.io.sheets import open_book, sheet_values


@pytest.fixture()
def book(tmp_path) -> Path:
    path = tmp_path / "b.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "one"
    wb.active.append(["code", "score"])
    wb.active.append(["i1", 90.5])
    wb.create_sheet("two").append(["", None, "x"])
    wb.save(path)
    return path


def _open_fds(path: Path) -> list[str]:
    folder = Path("/proc/self/fd")
    out = []
    for fd in folder.iterdir():
        try:
            if os.readlink(fd) == str(path):
                out.append(fd.name)
        except OSError:
            continue
    return out


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
def test_values_and_the_file_is_closed_after(book, engine, monkeypatch):
    if engine == "openpyxl":
        monkeypatch.setitem(sys.modules, "python_calamine", None)  # as where it is not installed (Lite)
    import gc

    gc.disable()  # openpyxl's workbook holds a cycle: only an explicit close frees the file at once
    try:
        values = sheet_values(book)
        assert values["one"][:2] == [["code", "score"], ["i1", 90.5]]
        assert values["two"][0][:3] == [None, None, "x"]  # empty cells are None from either engine
        assert list(sheet_values(book, ["two", "nope"])) == ["two"]
        with open_book(book) as (names, _read):
            assert names == ["one", "two"]
        if Path("/proc/self/fd").is_dir():
            assert _open_fds(book) == []
    finally:
        gc.enable()
