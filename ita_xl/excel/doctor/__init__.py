"""``ita-xl doctor [WORKBOOK]``: diagnose the desktop xlwings set-up a workbook needs.

Each line is OK, WARN or FAIL with a Thai and English fix (:mod:`.check`); the exit status is 1
when any line fails. Two jobs: this machine and the Python Excel runs (:mod:`.python`), and the
workbook itself (:mod:`.workbook`). The command line is :mod:`ita_xl.cli.doctor`.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

from ita_xl.excel.doctor.check import FAIL, OK, WARN, Check
from ita_xl.excel.doctor.python import environment, excel_python, fix, license_key
from ita_xl.excel.doctor.workbook import fix_workbook, lite_checks, read_conf_sheet, workbook_checks

__all__ = ["FAIL", "OK", "WARN", "Check", "diagnose", "fix", "fix_workbook"]


def diagnose(workbook: str | os.PathLike | None = None, *, system: str | None = None) -> list[Check]:
    """All checks; ``system`` ("Windows", "Darwin", "Linux") defaults to this machine's."""
    system = system or platform.system()
    checks = [*environment(system)]
    sheet_conf = None
    folder = None
    if workbook is not None and Path(workbook).suffix.lower() == ".xlsx":
        desktop_only = ("xlwings add-in", "Excel trust settings")  # Lite runs in Excel's own Pyodide
        return [c for c in checks if c.what not in desktop_only] + lite_checks(Path(workbook))
    if workbook is not None:
        checks += workbook_checks(Path(workbook), system)
        folder = Path(workbook).parent
        try:
            sheet_conf = read_conf_sheet(Path(workbook)) if Path(workbook).exists() else None
        except Exception:  # noqa: BLE001 - reported by workbook_checks
            sheet_conf = None
    checks += excel_python(system, sheet_conf, folder)
    checks.append(license_key())
    return checks
