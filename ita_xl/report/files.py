"""The workbook commands on a workbook *file* (the library's face; the CLI's ``fill`` is the same).
Not in the Lite bundle: Lite has the live book, not the file adapter."""

from __future__ import annotations

import os

from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.report.sheet import fill
from ita_xl.workbook.ops import Notice
from ita_xl.workbook.reader import require_workbook, settings_year
from ita_xl.xlsx.fileio import edit_workbook
from ita_xl.xlsx.repair import repair


def fill_workbook(path: str | os.PathLike, frameworks: Frameworks = KNOWN) -> list[Notice]:
    """``ita-xl fill`` as a function: analyse the workbook file at ``path`` and write the analyses,
    plan, findings and both documents' sheets into it (staff columns kept), under its lock, and put
    back ita_xl's code parts another program's save removed; the notices say what was done."""

    def ops(snap):
        require_workbook(snap, str(path))
        year = settings_year(snap)
        if year is not None:  # before any change: a framework of another year would go unused
            frameworks.check_input(year, str(path))
        return fill(snap, frameworks)

    return edit_workbook(path, ops) + repair(path)
