"""Turn any supported input path into agency cases: a case file, a score file, or a workbook."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ita_xl.core.model import AgencyCase
from ita_xl.errors import InputError
from ita_xl.io.case import read_case
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.io.scores import iter_scores
from ita_xl.xlsx.detect import is_ita_workbook, read_workbook_case

UNNAMED = "หน่วยงาน"
SCORE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm"}


def iter_cases(path: str | Path, year: int | None = None, sheet: str | None = None,
               frameworks: Frameworks = KNOWN) -> Iterator[AgencyCase]:
    """Agency cases from a case file, an ita_xl workbook, a score file (CSV, XLSX, Excel's "Unicode
    Text") or text pasted from ITAS saved as ``.txt``; ``sheet`` picks the sheet of a score workbook;
    ``frameworks``: those given (``--framework``) before the known years'."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "ไม่พบไฟล์", "file not found")
    suffix = path.suffix.lower()
    if suffix == ".toml":
        yield read_case(path, frameworks)
        return
    if suffix in {".xlsx", ".xlsm"}:
        if is_ita_workbook(path):
            yield read_workbook_case(path, frameworks)
            return
    if suffix not in SCORE_SUFFIXES:
        raise InputError(str(path), f"ไม่รู้จักชนิดไฟล์ {suffix}", f"unsupported file type {suffix!r}")
    for found in iter_scores(path, year, sheet, frameworks=frameworks):
        if not found.org.name:  # a one-agency score file names no agency: Thai texts say "the agency"
            found.org.name = UNNAMED
        yield AgencyCase(org=found.org, scores=found.scores)
