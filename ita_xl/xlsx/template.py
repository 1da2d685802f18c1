"""Build agency workbooks: the entry points (``new``, the batch) and the template per shape.

Each sheet's look is in :mod:`.sheets`, the buttons and VBA in :mod:`.buttons`; a shape's
template is built once per process with XlsxWriter (:func:`template`) and each workbook written
from it with only its cells new (:mod:`.package`, :mod:`.cells`).

Desktop workbooks (.xlsm) carry the VBA project of the installed xlwings' standalone quickstart
(read at build time, never stored in this repository) and one Form button per working sheet bound
to its ``SampleCall`` macro, which runs ``import <workbook stem>; <workbook stem>.main()``; a shim
module of that name is written beside the workbook.
"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import xlsxwriter

from ita_xl.core.engine import Result
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.core.model import AgencyCase, Org, ScoreSet
from ita_xl.errors import InputError, UnknownYear
from ita_xl.xlsx import buttons as B
from ita_xl.xlsx import lite
from ita_xl.workbook import actions as C
from ita_xl.workbook import layout as L
from ita_xl.xlsx import sheets as S
from ita_xl.io.safefile import atomic_save, check_not_open
from ita_xl.workbook.ops import Snapshot, apply_to_snapshot
from ita_xl.xlsx.package import PALETTE_ROW, CellBook, Package

RUNTIMES = ("desktop", "lite")
SHIM = '"""Called by the workbook\'s buttons (xlwings SampleCall imports a module named like the file)."""\nfrom ita_xl.excel.desktop import main  # noqa: F401\n'
_SHIM_BYTES = SHIM.encode("utf-8")


def write_xlsx(target: Path | io.BytesIO, snap: Snapshot, year: int, runtime: str, result: Result | None,
               fast: bool = True, frameworks: Frameworks = KNOWN) -> None:
    """Write the workbook for ``snap`` to a path or a stream.

    ``fast=False`` builds it with XlsxWriter's public API, every part (the reference the
    template's equality test compares with). The fast path takes the shape's :func:`template`
    (built once per process the same way) and writes only the cells (:mod:`.package`).
    """
    if not fast:
        wb = xlsxwriter.Workbook(target, S.workbook_options())
        S.populate(wb, snap, year, runtime, result, frameworks=frameworks)
        wb.close()
        return
    tpl = template(year, runtime, frameworks)
    book = CellBook(tpl.styles, tpl.pixels, tpl.rows)
    written = S.populate(book, snap, year, runtime, result, keep=tpl.static, frameworks=frameworks,
                         formats=tpl.formats)[3]
    tpl.package.write(target, {name: ws.cells for name, ws in book.sheets.items() if name in written})


@dataclass(frozen=True)
class Template:
    """The blank workbook of a shape: its package, its style ids by format, its static sheets'
    rows, whether its row heights are whole pixels, and the table rows its workbooks share."""

    package: Package
    styles: dict
    static: dict
    pixels: bool
    rows: dict = field(default_factory=dict)  # table rows worked out once (CellSheet.put_row)
    formats: S.Formats | None = None  # the formats of its cell books, made once


@lru_cache(maxsize=16)  # a year x runtime each (x frameworks: a value compared by content)
def template(year: int, runtime: str, frameworks: Frameworks = KNOWN) -> Template:
    """Build the blank workbook of ``(year, runtime)`` with XlsxWriter, plus a palette: on the
    notes sheet (whose cells every workbook writes anew), one cell per format, to read the style
    ids from the package itself, and a row height that tells how XlsxWriter rounds them."""
    case = AgencyCase(org=Org(name=""), scores=ScoreSet(year=year))
    snap, _ = workbook_values("", case, year, "", frameworks)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, S.workbook_options())
    fm, sheets, static, _ = S.populate(wb, snap, year, runtime, None, frameworks=frameworks)
    keys = list(fm.made)
    palette = sheets["notes"]
    for j, key in enumerate(keys):
        palette.write_blank(PALETTE_ROW, j, None, fm.made[key])
    palette.set_row(PALETTE_ROW, 34)  # 33.75 where heights are whole pixels
    wb.close()
    package = Package(buf.getvalue())
    notes = L.SHEETS["notes"].name
    styles, pixels = package.styles(notes, PALETTE_ROW, keys), package.pixel_rows(notes, PALETTE_ROW, 34)
    return Template(package, styles, static, pixels, formats=S.Formats(CellBook(styles, pixels)))


# ------------------------------------------------------------------------------------- public API


def default_year(frameworks: Frameworks = KNOWN) -> int:
    """The latest year with a framework that has its grouping (else the latest known)."""
    years = [y for y in frameworks.years() if frameworks.load(y).issues] or frameworks.years()
    return years[-1]


def _has_scores(case: AgencyCase | None) -> bool:
    return bool(case and (case.scores.questions or case.scores.indicators))


def workbook_values(path: str, case: AgencyCase | None, year: int, module: str = "",
                    frameworks: Frameworks = KNOWN) -> tuple[Snapshot, Result | None]:
    """The cell values of a new workbook: the template's, then (with scores) import + fill (the
    new snapshot is this function's alone: the ops change it in place)."""
    snap = C.new_snapshot(path, year, case, module, frameworks)
    if not _has_scores(case):
        return snap, None
    snap = apply_to_snapshot(snap, C.import_scores(snap, C.scores_of(case), frameworks), copy=False)
    ops, result = C.fill_with_result(snap, frameworks)
    return apply_to_snapshot(snap, ops, copy=False), result


def check_target(path: Path, runtime: str) -> str:
    """The module name for a desktop workbook (its stem); refuses names SampleCall cannot import."""
    if runtime not in RUNTIMES:
        raise InputError(str(path), f"runtime ต้องเป็น {' หรือ '.join(RUNTIMES)}", f"runtime must be one of {RUNTIMES}")
    want = ".xlsm" if runtime == "desktop" else ".xlsx"
    if path.suffix.lower() != want:
        raise InputError(str(path), f"ไฟล์สำหรับ {runtime} ต้องลงท้ายด้วย {want}", f"a {runtime} workbook must end in {want}")
    if runtime == "desktop" and not L.is_valid_module_name(path.stem):
        good = L.suggest_module_name(path.stem)
        raise InputError(
            str(path),
            f"ชื่อไฟล์ต้องเป็นอักษรอังกฤษ ตัวเลข หรือ _ และไม่ขึ้นต้นด้วยตัวเลข (ปุ่มของ xlwings นำเข้าโมดูลชื่อเดียวกับไฟล์) เช่น {good}{want}",
            f"the file name must be a Python identifier (xlwings' button imports a module named after the file); try {good}{want}",
        )
    if runtime == "desktop" and (taken := shadowed_module(path.stem, path.parent)):
        good = f"ita_{path.stem}"
        raise InputError(
            str(path),
            f"ชื่อไฟล์ {path.stem} ซ้ำกับโมดูล Python ที่มีอยู่แล้ว ({taken}) ปุ่มของ xlwings จะนำเข้าผิดตัว ใช้ชื่ออื่น เช่น {good}{want}",
            f"the name {path.stem!r} is already an importable Python module ({taken}): the buttons' "
            f"`import {path.stem}` would load that instead of the workbook's module; use another name, e.g. {good}{want}",
        )
    return path.stem if runtime == "desktop" else ""


# What the button's `import <stem>` runs beside: a module of one of these names (or any importable
# one) would be shadowed by the shim, or would shadow it.
_BUTTON_PATH_MODULES = ("ita_xl", "xlwings", "pandas", "numpy", "openpyxl", "pywintypes", "pythoncom",
                        "win32com", "win32api", "appscript", "psutil", "aem", "main")


@lru_cache(maxsize=1)
def _stdlib_lower() -> frozenset[str]:
    """The standard library's module names in lower case (made once: a batch asks per workbook)."""
    return frozenset(m.lower() for m in sys.stdlib_module_names)


def shadowed_module(stem: str, folder: Path | None = None) -> str | None:
    """What a workbook called ``<stem>.xlsm`` would collide with, or ``None``.

    A standard-library module, a package the button path imports, or any module importable here
    (its own shim in ``folder`` excepted); compared without case (Windows' file names have none).

    >>> shadowed_module("statistics"), shadowed_module("ita_xl"), shadowed_module("ita_lampang_2566")
    ('standard library module statistics', 'module ita_xl', None)
    """
    import importlib.util  # noqa: PLC0415

    low = stem.lower()
    if low in _stdlib_lower():
        return f"standard library module {low}"
    if low in _BUTTON_PATH_MODULES:
        return f"module {low}"
    for name in {stem, low}:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None:
            continue
        origin = Path(spec.origin) if spec.origin and spec.origin not in ("built-in", "frozen") else None
        if folder is not None and origin is not None and origin.parent.resolve() == Path(folder).resolve():
            continue  # the workbook's own shim from an earlier build
        return f"module {name}" + (f" ({origin})" if origin else "")
    return None


def build_workbook(
    path: str | os.PathLike,
    case: AgencyCase | None = None,
    runtime: str = "desktop",
    history: dict[int, dict[int, float]] | None = None,
    *,
    year: int | None = None,
    org: Org | None = None,
    shim: bool = True,
    backup: bool = True,
    frameworks: Frameworks = KNOWN,
) -> Path:
    """Build a new workbook at ``path`` (atomically; an existing file is kept as ``.bak``).

    With a ``case`` that has scores, the analyses, plan and findings are filled in right away.
    ``frameworks``: those given (``--framework``) before the known years'.
    """
    return _build(path, case, runtime, history, year=year, org=org, shim=shim, backup=backup, frameworks=frameworks)[0]


def _build(path, case, runtime, history, *, year, org, shim, backup, atomic=True,
           frameworks: Frameworks = KNOWN) -> tuple[Path, Result | None]:
    path = Path(path)
    module = check_target(path, runtime)
    if path.exists():
        check_not_open(path)
    if case is None:
        y = year or default_year(frameworks)
        case = AgencyCase(org=org or Org(name=""), scores=ScoreSet(year=y))
    elif org is not None:
        case = replace(case, org=org)
    if history:
        case = replace(case, history={**case.history, **history})
    y = case.scores.year
    if y not in frameworks.years():
        raise UnknownYear(y, frameworks.years(), str(path))
    snap, result = workbook_values(str(path), case, y, module, frameworks)
    if atomic:
        atomic_save(path, lambda tmp: write_xlsx(tmp, snap, y, runtime, result, frameworks=frameworks), backup=backup)
    else:
        write_xlsx(path, snap, y, runtime, result, frameworks=frameworks)
    if runtime == "desktop" and shim:
        shim_path = path.with_name(module + ".py")
        if not (atomic and shim_path.exists() and shim_path.read_text(encoding="utf-8") == SHIM):
            shim_path.write_bytes(_SHIM_BYTES)
    elif runtime == "lite":
        lite.embed(path)
    return path, result


def write_agency_workbook(case: AgencyCase, out_path: str | os.PathLike, runtime: str = "desktop", *,
                          atomic: bool = True, frameworks: Frameworks = KNOWN) -> Result | None:
    """A complete, filled workbook for one agency (the batch entry point).

    Written atomically unless ``atomic=False``: for a caller that writes into a folder of its own
    and moves finished files into place itself (the batch's staging folder), the temp file and
    the extra rename are one file creation too many per agency.
    Returns the analysis written into it (None without scores), so a caller need not redo it.
    """
    return _build(out_path, case, runtime, None, year=None, org=None, shim=True, backup=False, atomic=atomic,
                  frameworks=frameworks)[1]


def _prepare(runtime: str = "desktop") -> None:
    """Load what writing workbooks needs (xlwings' VBA project for desktop ones) ahead of a batch."""
    if runtime == "desktop":
        B.xlwings_vba_project()


write_agency_workbook.prepare = _prepare
