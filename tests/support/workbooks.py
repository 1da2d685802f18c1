"""Test helpers: an agency workbook on disk, and the two ways to run a command on it.

* ``run_headless(path, command, *args)``: what ``ita-xl fill``/``import`` do (calamine snapshot,
  the sheets patched through ``fileio.apply_ops``);
* ``run_remote(path, command, *args)``: xlwings' remote engine, the one behind Lite: the file's
  values become the Office.js payload, ``xwio.run`` drives a real ``xw.Book(json=...)``, and the
  recorded actions are replayed onto the file with openpyxl (tests/support/replay.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl

from ita_xl.workbook import actions as commands
from ita_xl.xlsx import fileio
from ita_xl.workbook import layout as L
from support.cells import normalize

from .replay import apply_actions, build_payload


def make_workbook(path: Path, case=None, runtime: str = "desktop") -> Path:
    """The template's workbook when the template builder exists, else the same cells via openpyxl."""
    try:
        from ita_xl.xlsx.template import build_workbook
    except ImportError:
        build_workbook = None
    if build_workbook is not None:
        build_workbook(path, case=case, runtime=runtime)
        return path
    year = case.scores.year if case else 2567
    snap = commands.new_snapshot(str(path), year, case, module=path.stem)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in snap.sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is not None:
                    ws.cell(r, c, v)
    conf = wb.create_sheet(L.CONF_SHEET)
    conf.append(["UDF Modules", "ita_xl.excel.udfs"])
    wb.save(path)
    return path


def load_pair(path: Path):
    """The workbook for writing (VBA kept) and a values-only copy (cached formula results)."""
    keep_vba = path.suffix.lower() == ".xlsm"
    return openpyxl.load_workbook(path, keep_vba=keep_vba), openpyxl.load_workbook(path, data_only=True)


def payload_of(path: Path, active: str | None = None) -> dict:
    wb, values = load_pair(path)
    if active is not None:
        wb.active = wb.sheetnames.index(active)
    return build_payload(wb, values_wb=values, book_name=path.name)


def replay_onto(path: Path, actions) -> list[dict]:
    """Apply recorded actions to the file (strictly: nothing may be skipped); returns alert/etc."""
    wb, _ = load_pair(path)
    report = apply_actions(wb, actions, strict=True)
    wb.save(path)
    return report.messages


def run_remote(path: Path, command, *args, active: str | None = None):
    """Run ``command`` through ``xwio.run`` on the remote engine, replay onto ``path``."""
    import xlwings as xw

    from ita_xl.excel import book as xwio

    book = xw.Book(json=payload_of(path, active))
    try:
        ops = xwio.run(book, command, *args)
        actions = book.json()["actions"]
    finally:
        book.close()
    return ops, actions, replay_onto(path, actions)


def run_headless(path: Path, command, *args):
    ops = command(fileio.snapshot_of(path), *args)
    fileio.apply_ops(path, ops)
    return ops


def values(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's values, normalised for comparison (floats vs ints compare equal)."""
    return {name: normalize(rows) for name, rows in fileio.snapshot_of(path).sheets.items()}


def diff(a: dict, b: dict, limit: int = 20) -> list[str]:
    """Readable cell differences between two ``values`` results."""
    out = []
    for sheet in sorted(set(a) | set(b)):
        ra, rb = a.get(sheet, []), b.get(sheet, [])
        for r in range(max(len(ra), len(rb))):
            xa = ra[r] if r < len(ra) else []
            xb = rb[r] if r < len(rb) else []
            for c in range(max(len(xa), len(xb))):
                va = xa[c] if c < len(xa) else None
                vb = xb[c] if c < len(xb) else None
                if va != vb:
                    out.append(f"{sheet}!{L.cell(r + 1, c + 1)}: {va!r} != {vb!r}")
                    if len(out) >= limit:
                        return out
    return out


def ensure_remote_engine() -> None:
    """Register xlwings' remote engine if xlwings was imported before the licence key was set.

    xlwings decides its engines at import time; in a test session another module may import it
    first. Call this after the ``xlwings_pro`` fixture has set ``XLWINGS_LICENSE_KEY``.
    """
    import xlwings as xw

    if "remote" in [e.name for e in xw.engines]:
        return
    from xlwings.pro import _xlofficejs, _xlremote  # validates the key, raises LicenseError without

    xw.engines.add(xw.Engine(impl=_xlremote.engine))
    xw.engines.add(xw.Engine(impl=_xlofficejs.engine))
    xw.__pro__ = True


def license_env() -> dict[str, str]:
    return {**os.environ, "XLWINGS_LICENSE_KEY": os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial")}
