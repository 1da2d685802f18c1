"""Both documents' sources from an input path (``ita-xl export INPUT``): a workbook through its
snapshot, so the report carries what staff typed in it (:func:`~.source.from_snapshot`), else the
agency cases of a case or score file. Reads files, so it stays out of the Lite bundle
(:mod:`ita_xl.xlsx.lite`), where :mod:`.source` is the report sheet's."""

from __future__ import annotations

from pathlib import Path

from ita_xl.errors import UnknownYear
from ita_xl.io.frameworks import KNOWN, Frameworks, analyze
from ita_xl.report.source import Source, from_result, from_snapshot
from ita_xl.workbook import layout as L
from ita_xl.xlsx.detect import is_ita_workbook
from ita_xl.xlsx.fileio import snapshot_of
from ita_xl.xlsx.inputs import iter_cases


def from_input(path, year: int | None = None, numerals: str | None = None, sheet: str | None = None,
               frameworks: Frameworks = KNOWN) -> list[Source]:
    """Every agency of an input path: a workbook through its snapshot (staff edits), else its cases."""
    path = Path(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"} and path.exists():
        if is_ita_workbook(path):
            snap = snapshot_of(path)
            if numerals:
                _set_numerals(snap, numerals)
            return [from_snapshot(snap, frameworks)]
    out = []
    for case in iter_cases(path, year, sheet, frameworks):
        if numerals:
            case.settings.numerals = numerals
        try:
            out.append(from_result(analyze(case, frameworks=frameworks)))
        except UnknownYear as exc:
            raise exc.at(str(path)) from None
    return out


def _set_numerals(snap, numerals: str) -> None:
    """``--numerals`` over a workbook: the settings cell, in the snapshot only (the file is not touched)."""
    sheet = L.SHEETS["settings"].name
    row, c = L.parse_cell(L.settings_cell("numerals"))
    rows = snap.sheets.get(sheet)
    if rows is None:
        return
    while len(rows) < row:
        rows.append([])
    line = rows[row - 1]
    while len(line) < c:
        line.append(None)
    line[c - 1] = numerals
