"""The one reader of an xlsx file's cell values, for score files and workbooks alike.

python-calamine reads it where installed (about 20× openpyxl's read-only mode); openpyxl otherwise
(xlwings Lite has no calamine wheel). The caller guards the archive first
(:func:`~ita_xl.io.archive.check_zip`) and names the file in a reader's fault
(:func:`~ita_xl.io.archive.reading`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ita_xl.errors import InputError

Rows = list[list[object]]


def open_book(path: str | os.PathLike) -> tuple[list[str], Callable[[str], Rows]]:
    """The sheet names of an xlsx file and a reader of one sheet's rows from A1 (a formula's cached
    value for a formula; an empty cell as calamine or openpyxl gives it)."""
    try:
        from python_calamine import CalamineWorkbook  # noqa: PLC0415 - optional (the "fast" extra)
    except ImportError:
        return _openpyxl(Path(path))
    wb = CalamineWorkbook.from_path(str(path))
    return list(wb.sheet_names), lambda name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


def sheet_values(path: str | os.PathLike, names: Iterable[str] | None = None) -> dict[str, Rows]:
    """Each sheet's rows from A1, None for an empty cell: the sheets of ``names`` the file has
    (every sheet when None), in the file's order."""
    sheets, read = open_book(path)
    wanted = sheets if names is None else [n for n in sheets if n in set(names)]
    return {name: [[None if v == "" else v for v in row] for row in read(name)] for name in wanted}


def _openpyxl(path: Path) -> tuple[list[str], Callable[[str], Rows]]:
    import openpyxl  # noqa: PLC0415 - slow to import, and only where python-calamine is missing

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zipfile, XML and openpyxl errors alike
        raise InputError(str(path), "ไฟล์ Excel เสียหาย เปิดอ่านไม่ได้", f"corrupt workbook ({exc})") from None

    def read(name: str) -> Rows:
        return [list(row) for row in wb[name].iter_rows(values_only=True)]

    return list(wb.sheetnames), read
