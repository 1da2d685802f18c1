"""The file adapter: read a workbook's values into a Snapshot, apply ops to the file in place.

Writing is careful because the file is the user's: Excel's lock file (``~$name``) and
LibreOffice's (``.~lock.name#``) stop us; ita-xl's own lock (:func:`~ita_xl.io.safefile.locked`) is held
from reading the workbook to replacing it (:func:`edit_workbook`), so two ita-xl commands on one
workbook never undo each other; the new file is written beside the old one and swapped in with
``os.replace``, and the old one is kept as ``<name>.bak``. The archive guard runs before any part is
read; a reader's fault on a damaged part is an InputError naming the file. Only the sheets the ops
change are rewritten (:mod:`.patch`); VBA, Lite code, pictures, charts, staff sheets stay as they were.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ita_xl.errors import InputError
from ita_xl.io.archive import check_xml, check_zip, reading
from ita_xl.io.sheets import sheet_values
from ita_xl.io.safefile import atomic_save, check_not_open, locked
from ita_xl.workbook import layout as L
from ita_xl.workbook.layout import parse_cell
from ita_xl.workbook.ops import (
    FORMULA_SHEETS, Clear, ExportReport, Layout, Notice, Op, Snapshot, Write, apply_to_snapshot,
)
from ita_xl.xlsx.patch import Book, Sheet, workbook_parts, xml_text


_TABLE_BY_SHEET = {t.sheet: t for t in L.TABLES.values()}
_FORMULA_OR_ERROR = re.compile(rb'<(?:\w+:)?f[\s>/]|\st="e"')
# What writes the report an :class:`~ita_xl.workbook.ops.ExportReport` asks for (the report room's
# ``ita_xl.report.export.fulfil``, passed in by the caller: the file format does not know the report).
Fulfil = Callable[[Snapshot, ExportReport], list[Notice]]


def snapshot_of(path: str | os.PathLike) -> Snapshot:
    """Cell values of every sheet (:func:`sheet_values`), and the formulas of the sheets whose
    cells commands carry (:data:`.ops.FORMULA_SHEETS`)."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "ไม่พบไฟล์", "file not found")
    check_zip(path)  # before any part is inflated
    with reading(path, "อ่านไฟล์ไม่ได้", "cannot read the workbook"):
        return _snapshot(path, sheet_values(path))


def _snapshot(path: Path, sheets: dict[str, list[list[object]]]) -> Snapshot:
    """The snapshot with the formulas of :data:`.ops.FORMULA_SHEETS` (and which of them have no
    computed value), their error cells' errors put in ``sheets`` (calamine gives an error as an
    empty cell, and a staff cell's ``#N/A`` is not a blank)."""
    formulas, uncomputed = {}, {}
    with zipfile.ZipFile(path) as z:
        parts = workbook_parts(z)[3]
        data = {n: z.read(parts[n]) for n in (L.SHEETS[k].name for k in FORMULA_SHEETS) if n in parts}
    for name, xml in data.items():
        if not _FORMULA_OR_ERROR.search(xml):  # the common case: nothing to parse the sheet for
            continue
        ws = Sheet(xml_text(xml))
        if f := ws.formulas():
            formulas[name], uncomputed[name] = f, ws.uncomputed()
        for (r, c), error in ws.errors().items():
            if r <= len(grid := sheets.get(name, [])) and c <= len(grid[r - 1]):
                grid[r - 1][c - 1] = error
    return Snapshot(str(path), sheets, formulas, uncomputed)


def apply_ops(path: str | os.PathLike, ops: list[Op], out: str | os.PathLike | None = None,
              snap: Snapshot | None = None, fulfil: Fulfil | None = None) -> list[Notice]:
    """Apply ops to the workbook file at ``path`` (or write the result to ``out``), atomically: the
    sheets they change are patched in the package's XML (:mod:`.patch`), every other part is kept.
    ``snap``: the workbook's values as read before (else read here), for the rows' refit.
    ``fulfil`` writes the report of an :class:`~ita_xl.workbook.ops.ExportReport`, from the saved
    workbook's values, after the workbook is saved (without it such an op is an error)."""
    path = Path(path)
    target = Path(out) if out else path
    if not path.exists():
        raise InputError(str(path), "ไม่พบไฟล์", "file not found")
    exports = [op for op in ops if isinstance(op, ExportReport)]
    if exports and fulfil is None:
        raise TypeError("an ExportReport op needs a fulfil callback (ita_xl.report.export.fulfil)")
    check_not_open(path)
    if target != path:
        check_not_open(target)
    check_zip(path)  # before any part is inflated
    check_xml(path)  # every part parses, and declares no entities
    snap = snapshot_of(path) if snap is None else snap
    notices, touched = [], {}
    with reading(path, "เปิดไฟล์ไม่ได้", "cannot open the workbook"):
        book = Book(path)
        for op in ops:
            if isinstance(op, Notice):
                notices.append(op)
            elif isinstance(op, ExportReport):
                continue  # fulfilled once the workbook is saved
            elif (ws := book.sheet(op.sheet)) is None:
                raise InputError(str(path), f"ไม่พบแผ่นงาน {op.sheet}", f"sheet {op.sheet!r} is missing", sheet=op.sheet)
            elif isinstance(op, Write):
                r0, c0 = parse_cell(op.cell)
                for i, row in enumerate(op.values):
                    for j, v in enumerate(row):
                        ws.write(r0 + i, c0 + j, v)
                touched.setdefault(op.sheet, set()).update(range(r0, r0 + len(op.values)))
            elif isinstance(op, Clear):
                touched.setdefault(op.sheet, set()).update(ws.clear(op.range))
            elif isinstance(op, Layout):
                _lay_out(ws, op)
        post = apply_to_snapshot(snap, ops)
        for sheet, rows in touched.items():  # rewritten table rows refitted (Excel keeps a row's height)
            if (t := _TABLE_BY_SHEET.get(sheet)) is not None:
                for r in sorted(x for x in rows if x >= t.first_row):
                    values = [post.value(sheet, r, c) for c in range(1, t.n_cols + 1)]
                    book.sheet(sheet).height(r, L.row_height(t, values))
    with reading(path, "บันทึกไฟล์ไม่ได้ (ส่วนประกอบของไฟล์เสียหาย)", "cannot save the workbook (a damaged part)"):
        atomic_save(target, book.save)
    for op in exports:
        notices += fulfil(replace(post, path=str(target)), op)
    return notices


def _lay_out(ws, op: Layout) -> None:
    """A :class:`.ops.Layout` on a patched sheet: each cell takes the style of its look's sample
    cell (the document sheet's hidden column, a look a row), then merges, heights and page breaks."""
    doc = next(d for d in L.DOCS.values() if d.sheet == op.sheet)
    styles = {look: ws.style_of(i, doc.sample_col) for i, look in enumerate(L.DOC_LOOKS, 1)}
    for i, r in enumerate(range(op.first_row, op.last_row + 1)):
        looks = op.looks[i] if i < len(op.looks) else ("blank",) * doc.n_cols
        for c, look in enumerate(looks, 1):
            ws.restyle(r, c, styles[look])
        ws.height(r, op.heights[i] if i < len(op.heights) else None)
    ws.set_merges(op.first_row, op.last_row, op.merges)
    ws.set_row_breaks(op.breaks)


def edit_workbook(path: str | os.PathLike, make_ops, out: str | os.PathLike | None = None,
                  fulfil: Fulfil | None = None) -> list[Notice]:
    """Read the workbook, compute ``make_ops(snapshot)`` and apply them, all under ita-xl's lock of
    the target, so a concurrent ita-xl command waits instead of overwriting this one's result.
    ``fulfil``: as :func:`apply_ops`'s."""
    path = Path(path)
    target = Path(out) if out else path
    with locked(target):
        check_not_open(path)
        snap = snapshot_of(path)
        return apply_ops(path, make_ops(snap), out=out, snap=snap, fulfil=fulfil)
