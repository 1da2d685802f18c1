"""The file adapter: read a workbook's values into a Snapshot, apply ops to the file in place.

Writing is careful because the file is the user's: Excel's lock file (``~$name``) and
LibreOffice's (``.~lock.name#``) stop us; ita-xl's own lock (:func:`~ita_xl.safefile.locked`) is held
from reading the workbook to replacing it (:func:`edit_workbook`), so two ita-xl commands on one
workbook never undo each other; the new file is written beside the old one and swapped in with
``os.replace``, and the old one is kept as ``<name>.bak``. The archive guard runs before any part is
read, and any fault of a reader on a damaged part is an InputError naming the file. openpyxl keeps VBA (``keep_vba``), Form buttons, charts, validation and
conditional formats; Lite code parts, which openpyxl drops, are written back afterwards.
"""

from __future__ import annotations

import os
import warnings
from copy import copy
from pathlib import Path

from ..errors import InputError
from ..io.archive import check_xml, check_zip, reading
from ..safefile import atomic_save, backup_path, locked  # noqa: F401 - re-exported
from . import layout as L
from . import piclinks
from .layout import parse_cell, parse_range
from .ops import Clear, Notice, Op, Snapshot, Write


_TABLE_BY_SHEET = {t.sheet: t for t in L.TABLES.values()}


def lock_file(path: Path) -> Path:
    """Excel's owner file for an open workbook: ``~$`` + the name (Excel trims long names to fit)."""
    return path.with_name("~$" + path.name)


def libreoffice_lock_file(path: Path) -> Path:
    """LibreOffice's lock file for an open document: ``.~lock.`` + the name + ``#``."""
    return path.with_name(f".~lock.{path.name}#")


def _locked(path: Path) -> Path | None:
    """The lock file of an office program that has ``path`` open, if any."""
    candidates = [lock_file(path), libreoffice_lock_file(path)]
    if len(path.name) > 2:  # Excel writes ~$ + the name minus its first two characters when it is long
        candidates.append(path.with_name("~$" + path.name[2:]))
    return next((c for c in candidates if c.exists()), None)


def check_not_open(path: Path) -> None:
    found = _locked(path)
    if found is None:
        return
    app_th, app_en = ("LibreOffice", "LibreOffice") if found.name.startswith(".~lock.") else ("Excel", "Excel")
    raise InputError(
        str(path),
        f"ไฟล์นี้เปิดอยู่ใน {app_th} (พบไฟล์ล็อก {found.name}) กรุณาปิดไฟล์ก่อนแล้วลองใหม่",
        f"the workbook is open in {app_en} (lock file {found.name} exists); close it and try again",
    )


def _cell_value(v: object) -> object:
    if v == "" or v is None:
        return None
    return v


def snapshot_of(path: str | os.PathLike) -> Snapshot:
    """Cell values of every sheet (cached values of formulas), read with python-calamine."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "ไม่พบไฟล์", "file not found")
    check_zip(path)  # before any part is inflated
    try:
        from python_calamine import CalamineWorkbook  # noqa: PLC0415
    except ImportError:  # pragma: no cover - calamine is a dependency; openpyxl as a fallback
        with reading(path):
            return _snapshot_openpyxl(path)
    with reading(path, "อ่านไฟล์ไม่ได้", "cannot read the workbook"):
        wb = CalamineWorkbook.from_path(str(path))
        sheets = {}
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets[name] = [[_cell_value(v) for v in r] for r in rows]
        return Snapshot(str(path), sheets)


def _snapshot_openpyxl(path: Path) -> Snapshot:
    import openpyxl  # noqa: PLC0415

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return Snapshot(
            str(path), {ws.title: [[_cell_value(v) for v in r] for r in ws.iter_rows(values_only=True)] for ws in wb}
        )
    finally:
        wb.close()


def _set(ws, row: int, col: int, value: object) -> None:
    c = ws.cell(row=row, column=col)
    if value == "":
        value = None
    c.value = value
    if isinstance(value, str) and value.startswith("="):
        c.data_type = "s"  # data that looks like a formula stays text
    if not c.has_style and row > 1:
        above = ws._cells.get((row - 1, col))  # new rows take the look of the row above
        if above is not None and above.has_style:
            c._style = copy(above._style)


def _clear(ws, ref: str) -> None:
    r1, c1, r2, c2 = parse_range(ref)
    for (r, c), cell in list(ws._cells.items()):
        if r1 <= r <= r2 and c1 <= c <= c2 and cell.value is not None:
            cell.value = None


def apply_ops_to_workbook(wb, ops: list[Op], path: str = "") -> list[Notice]:
    """Apply ops to an open openpyxl workbook; returns the notices."""
    notices = []
    touched: dict[str, set[int]] = {}
    for op in ops:
        if isinstance(op, Notice):
            notices.append(op)
            continue
        if op.sheet not in wb.sheetnames:
            raise InputError(path, f"ไม่พบแผ่นงาน {op.sheet}", f"sheet {op.sheet!r} is missing", sheet=op.sheet)
        ws = wb[op.sheet]
        if isinstance(op, Write):
            r0, c0 = parse_cell(op.cell)
            for i, row in enumerate(op.values):
                for j, v in enumerate(row):
                    _set(ws, r0 + i, c0 + j, v)
            touched.setdefault(op.sheet, set()).update(range(r0, r0 + len(op.values)))
        elif isinstance(op, Clear):
            r1, _, r2, _ = parse_range(op.range)
            _clear(ws, op.range)
            rows = touched.setdefault(op.sheet, set())
            rows.update(r for r in range(r1, r2 + 1) if r in ws.row_dimensions)
    _fit_rows(wb, touched)
    return notices


def _fit_rows(wb, touched: dict[str, set[int]]) -> None:
    """Row heights for rewritten table rows (Excel does not refit rows that have a height)."""
    for sheet, rows in touched.items():
        table = _TABLE_BY_SHEET.get(sheet)
        if table is None:
            continue
        ws = wb[sheet]
        for r in rows:
            if r < table.first_row:
                continue
            values = [ws._cells[(r, c)].value if (r, c) in ws._cells else None for c in range(1, table.n_cols + 1)]
            ws.row_dimensions[r].height = L.row_height(table, values)


def apply_ops(path: str | os.PathLike, ops: list[Op], out: str | os.PathLike | None = None) -> list[Notice]:
    """Apply ops to the workbook file at ``path`` (or write the result to ``out``), atomically."""
    import openpyxl  # noqa: PLC0415

    path = Path(path)
    target = Path(out) if out else path
    if not path.exists():
        raise InputError(str(path), "ไม่พบไฟล์", "file not found")
    check_not_open(path)
    if target != path:
        check_not_open(target)
    check_zip(path)  # before any part is inflated
    check_xml(path)  # openpyxl would drop a part it cannot read, and save the workbook without it
    with reading(path, "เปิดไฟล์ไม่ได้", "cannot open the workbook"):
        lite_props = _lite_props(path)
        pic_links = piclinks.links_by_sheet(path)  # openpyxl drops them (Lite's sheet buttons)
        with warnings.catch_warnings():  # openpyxl warns about extensions it does not keep
            warnings.simplefilter("ignore", UserWarning)
            wb = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", keep_links=True)
    notices = apply_ops_to_workbook(wb, ops, str(path))
    wb.calculation.fullCalcOnLoad = True  # openpyxl writes formulas without cached values

    def save(tmp: Path) -> None:
        wb.save(tmp)
        piclinks.restore(tmp, pic_links)
        if lite_props:
            _restore_lite(tmp, lite_props)

    try:
        with reading(path, "บันทึกไฟล์ไม่ได้ (ส่วนประกอบของไฟล์เสียหาย)", "cannot save the workbook (a damaged part)"):
            atomic_save(target, save)
    finally:
        vba = getattr(wb, "vba_archive", None)
        if vba is not None:  # openpyxl's in-memory copy of the VBA parts: closed while its buffer is open
            vba.close()
    return notices


def edit_workbook(path: str | os.PathLike, make_ops, out: str | os.PathLike | None = None) -> list[Notice]:
    """Read the workbook, compute ``make_ops(snapshot)`` and apply them, all under ita-xl's lock of
    the target, so a concurrent ita-xl command waits instead of overwriting this one's result."""
    path = Path(path)
    target = Path(out) if out else path
    with locked(target):
        check_not_open(path)
        ops = make_ops(snapshot_of(path))
        return apply_ops(path, ops, out=out)


def _lite_props(path: Path) -> dict[str, str]:
    if path.suffix.lower() != ".xlsx":
        return {}
    try:
        from .. import lite  # noqa: PLC0415
    except ImportError:  # pragma: no cover - the Lite layer is optional
        return {}
    return lite.extract(path)


def _restore_lite(path: Path, props: dict[str, str]) -> None:
    from .. import lite  # noqa: PLC0415

    rest = {k: v for k, v in props.items() if k not in ("main.py", "requirements.txt")}
    lite.embed(path, props.get("main.py"), props.get("requirements.txt"), extra=rest or None)
