"""Whether a file is an ita_xl workbook, and the agency case it holds (``ita-xl analyze BOOK``)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ita_xl.core.model import AgencyCase
from ita_xl.io.archive import check_zip
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.workbook import layout as L
from ita_xl.workbook.reader import case_from_snapshot
from ita_xl.xlsx.fileio import snapshot_of


def is_ita_workbook(path: str | Path) -> bool:
    """True when the workbook has the settings and question-score sheets of the layout.

    False for a file that is not a zip archive at all (it may be a score file named .xlsx, whose
    reader then says what is wrong); a zip bomb is refused (InputError) before any part is read.
    """
    if not zipfile.is_zipfile(path):
        return False
    check_zip(path)
    try:
        with zipfile.ZipFile(path) as z:
            xml = z.read("xl/workbook.xml").decode("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, EOFError):
        return False
    need = (L.SHEETS["settings"].name, L.SHEETS["questions"].name)
    return all(f'name="{name}"' in xml for name in need)


def read_workbook_case(path: str | Path, frameworks: Frameworks = KNOWN) -> AgencyCase:
    """The agency case of an ita_xl workbook; ``frameworks``: those given (``--framework``) before
    the workbook's own copy and the known years'."""
    return case_from_snapshot(snapshot_of(path), frameworks)
