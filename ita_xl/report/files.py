"""The workbook commands on a workbook *file* (the library's face; the CLI's ``fill`` is the same).
Not in the Lite bundle: Lite has the live book, not the file adapter."""

from __future__ import annotations

import os

from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.report.sheet import fill
from ita_xl.workbook.ops import Notice
from ita_xl.xlsx.fileio import edit_workbook


def fill_workbook(path: str | os.PathLike, frameworks: Frameworks = KNOWN) -> list[Notice]:
    """``ita-xl fill`` as a function: analyse the workbook file at ``path`` and write the analyses,
    plan, findings and both documents' sheets into it (staff columns kept), under its lock; the
    notices say what was done."""
    return edit_workbook(path, lambda snap: fill(snap, frameworks))
