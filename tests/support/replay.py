"""replay.py -- drive the *real* xlwings API on Linux, without Excel.

Hardened copy of shared/reference/xlwings/replay.py for ita_xl's tests. Changes:
* text forced with a leading apostrophe stays text even when it starts with "=" (openpyxl would
  otherwise store it as a formula); "TRUE"/"FALSE" and "1,234" are coerced as Excel does;
* ``apply_actions(..., strict=True)`` raises on any skipped or approximated action, so a test
  cannot pass while part of a command silently did not replay;
* ``run_book_function`` closes the book even when the payload cannot be built.

xlwings' "remote" engine (the one behind xlwings Server and xlwings Lite) does not
talk to Excel.  It takes a JSON snapshot of the workbook ("payload", built in
Excel by the Office.js client), lets Python code read that snapshot through the
normal ``xw.Book`` API, and records every write as a JSON "action"
(``book.json()["actions"]``) which the client then applies with Office.js.

This module stands in for the Office.js client, using openpyxl:

(a) ``build_payload(wb)``  -- openpyxl workbook -> payload dict, in the shape the
    Office.js client sends (book, names, sheets[values, tables, pictures, ...]).
(b) ``apply_actions(wb, actions)`` -- apply the returned actions back onto the
    openpyxl workbook.  Returns a ``ReplayReport`` listing what was applied,
    approximated, or skipped (never silently ignored).
(c) ``run_book_function(wb, fn, *args)`` -- payload -> ``xw.Book(json=...)`` ->
    ``fn(book, *args)`` -> ``book.json()`` -> ``apply_actions``.

Requires xlwings (PRO part; ``XLWINGS_LICENSE_KEY=noncommercial`` for
noncommercial use), openpyxl; Pillow only for pictures.
Tested with xlwings 0.37.8 / openpyxl 3.1.5.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
import re
import unicodedata
from copy import copy
from dataclasses import dataclass, field
from typing import Any, Callable

import openpyxl
from openpyxl.comments import Comment
from openpyxl.formatting.rule import (
    CellIsRule,
    ColorScaleRule,
    DataBarRule,
    FormulaRule,
    IconSetRule,
)
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname, range_boundaries
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

MAX_ROWS = 1048576
MAX_COLS = 16384
EXCEL_EPOCH = dt.datetime(1899, 12, 30)

# ----------------------------------------------------------------------------
# (a) payload
# ----------------------------------------------------------------------------


def _js_value(v: Any) -> Any:
    """openpyxl cell value -> what Office.js `range.values` (+ xlwings' date
    conversion via numberFormatCategories) would put in the payload."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, dt.datetime):
        return v.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day).isoformat(timespec="milliseconds") + "Z"
    if isinstance(v, dt.time):
        return dt.datetime.combine(EXCEL_EPOCH.date(), v).isoformat(timespec="milliseconds") + "Z"
    if isinstance(v, dt.timedelta):
        return (EXCEL_EPOCH + v).isoformat(timespec="milliseconds") + "Z"
    return str(v)


def _addr(min_col, min_row, max_col, max_row) -> str:
    a = f"{get_column_letter(min_col)}{min_row}"
    if (min_col, min_row) != (max_col, max_row):
        a += f":{get_column_letter(max_col)}{max_row}"
    return a


def _table_entry(t: Table, ws=None) -> dict:
    min_col, min_row, max_col, max_row = range_boundaries(t.ref)
    hdr = 0 if t.headerRowCount == 0 else 1
    columns = [c.name for c in t.tableColumns]
    if not columns and ws is not None:  # openpyxl fills tableColumns only on save
        columns = [str(ws.cell(min_row, c).value) if hdr else f"Column{c - min_col + 1}"
                   for c in range(min_col, max_col + 1)]
    tot = t.totalsRowCount or 0
    si = t.tableStyleInfo
    return {
        "name": t.displayName or t.name,
        "range_address": _addr(min_col, min_row, max_col, max_row),
        "header_row_range_address": _addr(min_col, min_row, max_col, min_row) if hdr else None,
        "data_body_range_address": _addr(min_col, min_row + hdr, max_col, max_row - tot),
        "total_row_range_address": _addr(min_col, max_row, max_col, max_row) if tot else None,
        "show_headers": bool(hdr),
        "show_totals": bool(tot),
        "table_style": si.name if si is not None and si.name else "",
        "show_autofilter": t.autoFilter is not None,
        "show_table_style_first_column": bool(si and si.showFirstColumn),
        "show_table_style_last_column": bool(si and si.showLastColumn),
        "show_table_style_row_stripes": bool(si and si.showRowStripes),
        "show_table_style_column_stripes": bool(si and si.showColumnStripes),
        "row_count": max_row - min_row + 1,
        "column_count": max_col - min_col + 1,
        "columns": columns,
    }


def _names_entries(wb) -> list[dict]:
    out = []
    titles = [ws.title for ws in wb.worksheets]

    def entry(dn: DefinedName, scope_ws=None):
        dests = list(dn.destinations) if dn.attr_text else []
        if len(dests) != 1:  # Office.js client only sends single-range names
            return None
        sheet, coord = dests[0]
        if sheet not in titles:
            return None
        return {
            "name": dn.name,
            "sheet_index": titles.index(sheet),
            "address": coord.replace("$", ""),
            "scope_sheet_name": scope_ws.title if scope_ws else None,
            "scope_sheet_index": titles.index(scope_ws.title) if scope_ws else None,
            "book_scope": scope_ws is None,
            "refers_to": "=" + dn.attr_text,
        }

    for dn in wb.defined_names.values():
        e = entry(dn)
        if e:
            out.append(e)
    for ws in wb.worksheets:
        for dn in ws.defined_names.values():
            e = entry(dn, ws)
            if e:
                out.append(e)
    return out


def build_payload(
    wb,
    *,
    values_wb=None,
    book_name: str | None = None,
    selection: str | None = None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    version: str | None = None,
    warnings: list | None = None,
) -> dict:
    """Build the JSON payload that xlwings' Office.js client would send.

    values_wb: optional second copy of the workbook loaded with
        ``openpyxl.load_workbook(path, data_only=True)``; if given, cell values
        (cached formula results) are read from it -- like Office.js, which
        sends calculated values, never formulas.  Without it, formula cells are
        sent as "" and reported in ``warnings``.
    include/exclude: like the ``include``/``exclude`` options of @script --
        excluded sheets are sent with ``values=[[]]`` (no tables/pictures).
    """
    import xlwings as xw

    warnings = warnings if warnings is not None else []
    titles = [ws.title for ws in wb.worksheets]
    if include and exclude:
        raise ValueError("Either use 'include' or 'exclude', but not both!")
    excluded = set(exclude or [])
    if include:
        excluded |= {t for t in titles if t not in include}
    active_ix = wb.worksheets.index(wb.active) if wb.active in wb.worksheets else 0
    if selection is None:
        try:
            selection = wb.active.sheet_view.selection[0].sqref or "A1"
        except (IndexError, AttributeError):
            selection = "A1"
        selection = str(selection).split()[0]
    calc = getattr(getattr(wb, "calculation", None), "calcMode", None) or "auto"
    payload = {
        "client": "Office.js",
        "version": version or xw.__version__,
        "book": {
            "name": book_name or "Book1.xlsx",
            "active_sheet_index": active_ix,
            "selection": selection,
            "calculation": {"auto": "Automatic", "manual": "Manual",
                            "autoNoTable": "AutomaticExceptTables"}.get(calc, "Automatic"),
        },
        "names": _names_entries(wb),
        "sheets": [],
    }
    for ix, ws in enumerate(wb.worksheets):
        vws = values_wb.worksheets[ix] if values_wb is not None else None
        entry = {
            "name": ws.title,
            "visibility": {"visible": "Visible", "hidden": "Hidden",
                           "veryHidden": "VeryHidden"}.get(ws.sheet_state, "Visible"),
            "show_gridlines": ws.sheet_view.showGridLines is not False,
            "print_area": None,
            "notes_supported": True,
            "pivot_tables": [],
            "shapes": [],   # openpyxl drops shapes/form controls on load
            "charts": [],
        }
        if ws.print_area:
            pa = ws.print_area if isinstance(ws.print_area, str) else ws.print_area[0]
            entry["print_area"] = pa.split("!")[-1].replace("$", "")
        if ws.title in excluded:
            entry.update(values=[[]], tables=[], pictures=[], notes=[])
            payload["sheets"].append(entry)
            continue
        max_row, max_col = ws.max_row, ws.max_column
        values = []
        for r in range(1, max_row + 1):
            row = []
            for c in range(1, max_col + 1):
                v = ws.cell(r, c).value
                if vws is not None:
                    v = vws.cell(r, c).value
                elif isinstance(v, str) and v.startswith("=") or isinstance(v, ArrayFormula):
                    warnings.append(f"{ws.title}!{get_column_letter(c)}{r}: formula without cached value sent as ''")
                    v = None
                row.append(_js_value(v))
            values.append(row)
        entry["values"] = values
        dim = ws.calculate_dimension()
        entry["used_range_address"] = None if (max_row, max_col) == (1, 1) and ws.cell(1, 1).value is None else dim
        entry["tables"] = [_table_entry(t, ws) for t in ws.tables.values()]
        entry["pictures"] = [
            {"name": f"Picture {i + 1}", "width": img.width * 0.75, "height": img.height * 0.75,
             "left": 0, "top": 0, "lock_aspect_ratio": True}
            for i, img in enumerate(getattr(ws, "_images", []))
        ]
        entry["charts"] = [
            {"name": f"Chart {i + 1}", "chart_type": "ColumnClustered", "left": 0, "top": 0,
             "width": ch.width * 28.35, "height": ch.height * 28.35}
            for i, ch in enumerate(getattr(ws, "_charts", []))
        ]
        entry["notes"] = [
            {"address": c.coordinate} for row in ws.iter_rows() for c in row if c.comment
        ]
        payload["sheets"].append(entry)
    return payload


# ----------------------------------------------------------------------------
# (b) actions
# ----------------------------------------------------------------------------


@dataclass
class ReplayReport:
    applied: list[str] = field(default_factory=list)
    approximated: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)  # alert / runMacro / toPng

    def summary(self) -> str:
        return (f"applied={len(self.applied)} approximated={len(self.approximated)} "
                f"skipped={len(self.skipped)}")


class UnsupportedAction(Exception):
    pass


_NUM_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_TEXT = object()  # marker: the value was forced to text with a leading apostrophe
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?$")
_KEEP = object()


def coerce_input(v: Any):
    """Excel's "typed-in" semantics for values written through Office.js/COM:
    strings that look like numbers/dates become numbers/dates, '=' starts a
    formula, a leading apostrophe forces text.  None (JSON null) leaves the cell
    unchanged in Office.js.  Returns (value, number_format_or_None)."""
    if v is None:
        return _KEEP, None
    if v == "":
        return None, None
    if isinstance(v, (bool, int, float)):
        return v, None
    if isinstance(v, str):
        if v.startswith("'"):
            return v[1:], _TEXT
        if v.startswith("="):
            return v, None
        s = v.strip()
        if s.upper() in ("TRUE", "FALSE"):
            return s.upper() == "TRUE", None
        if _THOUSANDS_RE.match(s):
            f = float(s.replace(",", ""))
            return (int(f) if f.is_integer() and "." not in s else f), "#,##0"
        if _NUM_RE.match(s):
            f = float(s)
            return (int(f) if f.is_integer() and "." not in s and "e" not in s.lower() else f), None
        if s.endswith("%") and _NUM_RE.match(s[:-1]):
            return float(s[:-1]) / 100, "0%"
        if _DATE_RE.match(s):
            return dt.datetime.fromisoformat(s), "yyyy-mm-dd"
        if _DATETIME_RE.match(s):
            return dt.datetime.fromisoformat(s.rstrip("Z").replace(" ", "T")), "yyyy-mm-dd hh:mm:ss"
    return v, None


def _rgb(hex_color: str | None) -> str | None:
    if hex_color is None:
        return None
    h = hex_color.lstrip("#")
    return ("FF" + h).upper() if len(h) == 6 else h.upper()


_BORDER_STYLE = {
    ("continuous", "hairline"): "hair", ("continuous", "thin"): "thin",
    ("continuous", "medium"): "medium", ("continuous", "thick"): "thick",
    ("dash", "thin"): "dashed", ("dash", "medium"): "mediumDashed", ("dash", "thick"): "mediumDashed",
    ("dash", "hairline"): "dashed",
    ("dot", None): "dotted", ("dash_dot", "thin"): "dashDot", ("dash_dot", "medium"): "mediumDashDot",
    ("dash_dot_dot", "thin"): "dashDotDot", ("dash_dot_dot", "medium"): "mediumDashDotDot",
    ("double", None): "double", ("slant_dash_dot", None): "slantDashDot",
}
_STYLE_TO_LS_W = {
    "hair": ("continuous", "hairline"), "thin": ("continuous", "thin"),
    "medium": ("continuous", "medium"), "thick": ("continuous", "thick"),
    "dashed": ("dash", "thin"), "mediumDashed": ("dash", "medium"), "dotted": ("dot", "thin"),
    "dashDot": ("dash_dot", "thin"), "mediumDashDot": ("dash_dot", "medium"),
    "dashDotDot": ("dash_dot_dot", "thin"), "mediumDashDotDot": ("dash_dot_dot", "medium"),
    "double": ("double", "thick"), "slantDashDot": ("slant_dash_dot", "medium"),
}


def _border_style(line_style, weight):
    if line_style in (None, "none"):
        return None
    return (_BORDER_STYLE.get((line_style, weight)) or _BORDER_STYLE.get((line_style, None))
            or _BORDER_STYLE.get((line_style, "thin")) or "thin")


def _display_len(s: str) -> int:
    """Visual width of text: Thai combining vowels/tone marks take no space."""
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else
               (2 if unicodedata.east_asian_width(ch) in "WF" else 1) for ch in s)


class Replayer:
    def __init__(self, wb):
        self.wb = wb
        self.report = ReplayReport()

    # -- helpers ---------------------------------------------------------------
    def ws(self, a, key="sheet_position"):
        return self.wb.worksheets[a[key]]

    @staticmethod
    def bounds(a):
        r0, c0 = a["start_row"] + 1, a["start_column"] + 1
        return r0, c0, r0 + a["row_count"] - 1, c0 + a["column_count"] - 1

    def cells(self, a, limit_to_used=True):
        ws = self.ws(a)
        r0, c0, r1, c1 = self.bounds(a)
        if limit_to_used:  # whole-column/row ranges: don't materialise 1M cells
            r1, c1 = min(r1, max(ws.max_row, r0)), min(c1, max(ws.max_column, c0))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                yield ws.cell(r, c)

    def ref(self, a):
        return _addr(*(lambda r0, c0, r1, c1: (c0, r0, c1, r1))(*self.bounds(a)))

    @staticmethod
    def _writable(cell):
        return not isinstance(cell, openpyxl.cell.cell.MergedCell)

    def _approx(self, func, why):
        self.report.approximated.append((func, why))

    def _table(self, a):
        ws = self.ws(a)
        return ws, list(ws.tables.values())[int(a["args"][0])]

    def _sheet_range(self, sheet_ix, address):
        ws = self.wb.worksheets[int(sheet_ix)]
        min_col, min_row, max_col, max_row = range_boundaries(address.replace("$", ""))
        return ws, min_row, min_col, max_row, max_col

    # -- dispatcher ------------------------------------------------------------
    def apply(self, actions) -> ReplayReport:
        if isinstance(actions, dict):
            actions = actions["actions"]
        for a in actions:
            func = a["func"]
            handler = getattr(self, "do_" + func, None)
            if handler is None:
                self.report.skipped.append((func, "no openpyxl equivalent implemented"))
                continue
            try:
                handler(a)
                self.report.applied.append(func)
            except UnsupportedAction as e:
                self.report.skipped.append((func, str(e)))
        return self.report

    # -- values ------------------------------------------------------------------
    def do_setValues(self, a):
        ws = self.ws(a)
        r0, c0, _, _ = self.bounds(a)
        for i, row in enumerate(a["values"]):
            for j, v in enumerate(row):
                val, fmt = coerce_input(v)
                if val is _KEEP:
                    continue
                cell = ws.cell(r0 + i, c0 + j)
                if not self._writable(cell):
                    continue
                cell.value = val
                if fmt is _TEXT:
                    if isinstance(val, str):
                        cell.data_type = "s"  # "'=1+1" is the text "=1+1", not a formula
                elif fmt and cell.number_format == "General":
                    cell.number_format = fmt

    def do_setFormula(self, a):
        ws = self.ws(a)
        r0, c0, r1, c1 = self.bounds(a)
        vals = a["values"]
        if not isinstance(vals, list):  # scalar for a bigger range: Excel fills/adjusts refs
            self._approx("setFormula", "scalar formula copied verbatim (no relative-ref adjust)")
            vals = [[vals] * (c1 - c0 + 1)] * (r1 - r0 + 1)
        for i, row in enumerate(vals):
            for j, v in enumerate(row):
                ws.cell(r0 + i, c0 + j).value = v

    def do_setFormulaArray(self, a):
        ws = self.ws(a)
        ref = self.ref(a)
        ws[ref.split(":")[0]] = ArrayFormula(ref, a["args"][0])

    def do_rangeClearContents(self, a):
        for cell in self.cells(a):
            if self._writable(cell):
                cell.value = None

    def _clear_formats(self, a):
        ws = self.ws(a)
        target = CellRange(self.ref(a))
        for mr in list(ws.merged_cells.ranges):
            if target.issuperset(mr):
                ws.unmerge_cells(str(mr))
        for cell in self.cells(a):
            cell.font, cell.fill, cell.border = Font(), PatternFill(), Border()
            cell.alignment, cell.number_format = Alignment(), "General"

    def do_rangeClearFormats(self, a):
        self._clear_formats(a)

    def do_rangeClear(self, a):
        self._clear_formats(a)
        self.do_rangeClearContents(a)

    def do_rangeReplaceAll(self, a):
        old, new, whole, match_case = a["args"]
        flags = 0 if match_case else re.IGNORECASE
        pat = re.compile(("^%s$" if whole else "%s") % re.escape(old), flags)
        for cell in self.cells(a):
            if isinstance(cell.value, str) and self._writable(cell):
                cell.value = pat.sub(new.replace("\\", "\\\\"), cell.value)

    def _read_block(self, ws, r0, c0, r1, c1):
        return [[ws.cell(r, c) for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)]

    def do_rangeSort(self, a):
        keys, ascending, has_headers = a["args"]
        keys = [keys] if isinstance(keys, int) else keys
        asc = ascending if isinstance(ascending, list) else [ascending] * len(keys)
        ws = self.ws(a)
        r0, c0, r1, c1 = self.bounds(a)
        if has_headers:
            r0 += 1
        rows = [[(ws.cell(r, c).value, copy(ws.cell(r, c)._style)) for c in range(c0, c1 + 1)]
                for r in range(r0, r1 + 1)]

        def sort_key(k, up):
            def f(row):
                v = row[k - 1][0]
                empty = v is None
                isnum = isinstance(v, (int, float)) and not isinstance(v, bool)
                # Excel: numbers < text < booleans, blanks always last
                return (empty, 0 if isnum else 1, v if isnum else str(v).casefold() if not empty else "")
            return f
        for k, up in reversed(list(zip(keys, asc))):
            blanks = [r for r in rows if r[k - 1][0] is None]
            filled = [r for r in rows if r[k - 1][0] is not None]
            filled.sort(key=sort_key(k, up), reverse=not up)
            rows = filled + blanks
        for i, row in enumerate(rows):
            for j, (v, st) in enumerate(row):
                cell = ws.cell(r0 + i, c0 + j)
                cell.value, cell._style = v, st

    def do_rangeRemoveDuplicates(self, a):
        cols, has_headers = a["args"]
        ws = self.ws(a)
        r0, c0, r1, c1 = self.bounds(a)
        first = r0 + (1 if has_headers else 0)
        rows = [[ws.cell(r, c).value for c in range(c0, c1 + 1)] for r in range(first, r1 + 1)]
        seen, keep = set(), []
        for row in rows:
            k = tuple(str(row[c - 1]).casefold() if row[c - 1] is not None else None for c in cols)
            if k not in seen:
                seen.add(k)
                keep.append(row)
        keep += [[None] * (c1 - c0 + 1)] * (len(rows) - len(keep))
        for i, row in enumerate(keep):
            for j, v in enumerate(row):
                ws.cell(first + i, c0 + j).value = v

    def _copy_block(self, src_ws, r0, c0, r1, c1, dst_ws, dr, dc, values=True, formats=True,
                    skip_blanks=False, transpose=False):
        block = [[(src_ws.cell(r, c).value, copy(src_ws.cell(r, c)._style))
                  for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)]
        if transpose:
            block = [list(x) for x in zip(*block)]
        for i, row in enumerate(block):
            for j, (v, st) in enumerate(row):
                cell = dst_ws.cell(dr + i, dc + j)
                if not self._writable(cell):
                    continue
                if values and not (skip_blanks and v is None):
                    cell.value = v
                if formats:
                    cell._style = st
        if (r0, c0) != (dr, dc) and any(isinstance(v, str) and v.startswith("=")
                                        for row in block for v, _ in row):
            self._approx("copy", "formulas copied verbatim (relative references not shifted)")

    def do_copyRange(self, a):
        dst_ws, dr, dc, _, _ = self._sheet_range(a["args"][0], a["args"][1])
        r0, c0, r1, c1 = self.bounds(a)
        self._copy_block(self.ws(a), r0, c0, r1, c1, dst_ws, dr, dc)

    def do_copyFromRange(self, a):
        src_ix, src_addr, copy_type, skip_blanks, transpose = a["args"]
        src_ws, r0, c0, r1, c1 = self._sheet_range(src_ix, src_addr)
        dr, dc = a["start_row"] + 1, a["start_column"] + 1
        ct = (copy_type or "all").lower()
        self._copy_block(src_ws, r0, c0, r1, c1, self.ws(a), dr, dc,
                         values=ct in ("all", "values", "formulas"), formats=ct in ("all", "formats"),
                         skip_blanks=bool(skip_blanks), transpose=bool(transpose))

    def do_moveRange(self, a):
        self.do_copyRange(a)
        dst_ws, dr, dc, _, _ = self._sheet_range(a["args"][0], a["args"][1])
        r0, c0, r1, c1 = self.bounds(a)
        for cell in self.cells(a):
            if not (dst_ws is self.ws(a) and dr <= cell.row <= dr + r1 - r0 and dc <= cell.column <= dc + c1 - c0):
                cell.value, cell._style = None, StyleArray()

    def _shift(self, a, direction):
        ws = self.ws(a)
        r0, c0, r1, c1 = self.bounds(a)
        n_rows, n_cols = r1 - r0 + 1, c1 - c0 + 1
        full_rows, full_cols = n_cols >= MAX_COLS, n_rows >= MAX_ROWS
        if direction == "up":
            if full_rows:
                return ws.delete_rows(r0, n_rows)
            ws.move_range(_addr(c0, r1 + 1, c1, max(ws.max_row, r1 + 1)), rows=-n_rows)
        elif direction == "left":
            if full_cols:
                return ws.delete_cols(c0, n_cols)
            ws.move_range(_addr(c1 + 1, r0, max(ws.max_column, c1 + 1), r1), cols=-n_cols)
        elif direction == "down":
            if full_rows:
                return ws.insert_rows(r0, n_rows)
            ws.move_range(_addr(c0, r0, c1, max(ws.max_row, r0)), rows=n_rows)
        elif direction == "right":
            if full_cols:
                return ws.insert_cols(c0, n_cols)
            ws.move_range(_addr(c0, r0, max(ws.max_column, c0), r1), cols=n_cols)
        self._approx("rangeInsert/Delete", "partial shift: merged cells/tables/CF not adjusted")

    def do_rangeInsert(self, a):
        self._shift(a, a["args"][0])

    def do_rangeDelete(self, a):
        self._shift(a, a["args"][0])

    def do_rangeAutofill(self, a):
        dest, kind = a["args"]
        ws = self.ws(a)
        r0, c0, r1, c1 = self.bounds(a)
        dmin_col, dmin_row, dmax_col, dmax_row = range_boundaries(dest.replace("$", ""))
        vertical = dmax_row > r1
        n = (r1 - r0 + 1) if vertical else (c1 - c0 + 1)
        total = (dmax_row - dmin_row + 1) if vertical else (dmax_col - dmin_col + 1)
        for t in range((c1 - c0 + 1) if vertical else (r1 - r0 + 1)):
            seq = ([ws.cell(r0 + i, c0 + t).value for i in range(n)] if vertical
                   else [ws.cell(r0 + t, c0 + i).value for i in range(n)])
            numeric = len(seq) >= 2 and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in seq)
            for k in range(n, total):
                if kind in ("FillDefault", "FillSeries", "LinearTrend") and numeric:
                    v = seq[-1] + (k - n + 1) * (seq[-1] - seq[-2])
                else:
                    v = seq[k % n]
                cell = ws.cell(dmin_row + k, c0 + t) if vertical else ws.cell(r0 + t, dmin_col + k)
                cell.value = v
        self._approx("rangeAutofill", "linear numeric series or repeat only")

    def do_addHyperlink(self, a):
        address, text, tip = a["args"]
        for cell in self.cells(a):
            if address.startswith("#"):
                cell.hyperlink = openpyxl.worksheet.hyperlink.Hyperlink(
                    ref=cell.coordinate, location=address[1:], tooltip=tip or None, display=text)
            else:
                cell.hyperlink = address
                if tip:
                    cell.hyperlink.tooltip = tip
            if text:
                cell.value = text
            cell.style = "Hyperlink"

    # -- formatting --------------------------------------------------------------
    def _style(self, a, attr, **kw):
        for cell in self.cells(a):
            obj = copy(getattr(cell, attr))
            for k, v in kw.items():
                setattr(obj, k, v)
            setattr(cell, attr, obj)

    def do_setRangeColor(self, a):
        color = _rgb(a["args"][0])
        fill = PatternFill(fill_type="solid", fgColor=color) if color else PatternFill()
        for cell in self.cells(a):
            cell.fill = fill

    def do_setRangeColors(self, a):
        ws = self.ws(a)
        r0, c0, _, _ = self.bounds(a)
        for i, row in enumerate(a["args"][0]):
            for j, col in enumerate(row):
                if col == "keep":
                    continue
                ws.cell(r0 + i, c0 + j).fill = (PatternFill(fill_type="solid", fgColor=_rgb(col))
                                                if col else PatternFill())

    def do_setFontProperty(self, a):
        prop, value = a["args"]
        if prop == "color":
            value = _rgb(value)
        elif prop == "bold" or prop == "italic":
            value = bool(value)
        self._style(a, "font", **{{"bold": "b", "italic": "i", "size": "sz", "name": "name",
                                   "color": "color"}.get(prop, prop): value})

    def do_setNumberFormat(self, a):
        for cell in self.cells(a):
            cell.number_format = a["args"][0]

    _HALIGN = {"General": "general", "Left": "left", "Center": "center", "Right": "right",
               "Fill": "fill", "Justify": "justify", "CenterAcrossSelection": "centerContinuous",
               "Distributed": "distributed"}

    def do_setHorizontalAlignment(self, a):
        self._style(a, "alignment", horizontal=self._HALIGN[a["args"][0]])

    def do_setVerticalAlignment(self, a):
        self._style(a, "alignment", vertical=a["args"][0].lower())

    def do_setWrapText(self, a):
        self._style(a, "alignment", wrap_text=bool(a["args"][0]))

    def do_rangeAdjustIndent(self, a):
        for cell in self.cells(a):
            al = copy(cell.alignment)
            al.indent = max(0, (al.indent or 0) + int(a["args"][0]))
            if al.horizontal in (None, "general"):
                al.horizontal = "left"
            cell.alignment = al

    def do_setBorderProperty(self, a):
        side, attr, value = a["args"]
        ws = self.ws(a)
        r0, c0, r1, c1 = self.bounds(a)
        r1, c1 = min(r1, max(ws.max_row, r0)), min(c1, max(ws.max_column, c0))
        targets = []  # (cell, openpyxl side attribute)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if side == "edge_top" and r == r0: targets.append((r, c, "top"))
                if side == "edge_bottom" and r == r1: targets.append((r, c, "bottom"))
                if side == "edge_left" and c == c0: targets.append((r, c, "left"))
                if side == "edge_right" and c == c1: targets.append((r, c, "right"))
                if side == "inside_horizontal" and r < r1: targets.append((r, c, "bottom"))
                if side == "inside_horizontal" and r > r0: targets.append((r, c, "top"))
                if side == "inside_vertical" and c < c1: targets.append((r, c, "right"))
                if side == "inside_vertical" and c > c0: targets.append((r, c, "left"))
                if side in ("diagonal_down", "diagonal_up"): targets.append((r, c, "diagonal"))
        for r, c, s in targets:
            cell = ws.cell(r, c)
            b = copy(cell.border)
            cur = getattr(b, s)
            ls, w = _STYLE_TO_LS_W.get(cur.style, ("continuous", "thin")) if cur and cur.style else ("continuous", "thin")
            color = cur.color if cur is not None else None
            if attr == "line_style":
                if value in (None, "none"):
                    setattr(b, s, Side())
                    cell.border = b
                    continue
                ls = value
            elif attr == "weight":
                w = value
            elif attr == "color":
                color = _rgb(value)
            setattr(b, s, Side(style=_border_style(ls, w), color=color))
            if s == "diagonal":
                b.diagonalDown = b.diagonalDown or side == "diagonal_down"
                b.diagonalUp = b.diagonalUp or side == "diagonal_up"
            cell.border = b

    @staticmethod
    def _points_to_chars(points: float) -> float:
        px = points * 96 / 72
        return max(0.0, round((px - 5) / 7, 2))

    def do_setColumnWidth(self, a):
        _, c0, _, c1 = self.bounds(a)
        ws = self.ws(a)
        for c in range(c0, c1 + 1):
            ws.column_dimensions[get_column_letter(c)].width = self._points_to_chars(float(a["args"][0]))

    def do_setRowHeight(self, a):
        r0, _, r1, _ = self.bounds(a)
        ws = self.ws(a)
        for r in range(r0, min(r1, max(ws.max_row, r0)) + 1):
            ws.row_dimensions[r].height = float(a["args"][0])

    def do_setRowHidden(self, a):
        r0, _, r1, _ = self.bounds(a)
        for r in range(r0, r1 + 1):
            self.ws(a).row_dimensions[r].hidden = bool(a["args"][0])

    def do_setColumnHidden(self, a):
        _, c0, _, c1 = self.bounds(a)
        for c in range(c0, c1 + 1):
            self.ws(a).column_dimensions[get_column_letter(c)].hidden = bool(a["args"][0])

    def _autofit(self, ws, r0, c0, r1, c1, axis):
        if axis == "columns":
            for c in range(c0, c1 + 1):
                lens = [_display_len(str(ws.cell(r, c).value)) for r in range(r0, r1 + 1)
                        if ws.cell(r, c).value is not None]
                if lens:
                    ws.column_dimensions[get_column_letter(c)].width = min(255, max(lens) * 1.15 + 2)
        self._approx("autofit", "column width estimated from text length (no font metrics); rows left to Excel")

    def do_setAutofit(self, a):
        r0, c0, r1, c1 = self.bounds(a)
        ws = self.ws(a)
        self._autofit(ws, r0, c0, min(r1, ws.max_row), min(c1, ws.max_column), a["args"][0])

    def do_setSheetAutofit(self, a):
        ws = self.ws(a)
        self._autofit(ws, 1, 1, ws.max_row, ws.max_column, a["args"][0])

    def do_rangeMerge(self, a):
        ws = self.ws(a)
        r0, c0, r1, c1 = self.bounds(a)
        rows = [(r, r) for r in range(r0, r1 + 1)] if a["args"][0] else [(r0, r1)]
        for ra, rb in rows:
            if (ra, c0) != (rb, c1):
                ws.merge_cells(start_row=ra, start_column=c0, end_row=rb, end_column=c1)

    def do_rangeUnmerge(self, a):
        ws = self.ws(a)
        target = CellRange(self.ref(a))
        for mr in list(ws.merged_cells.ranges):
            if not target.isdisjoint(mr):
                ws.unmerge_cells(str(mr))

    def _group(self, a, level_delta):
        ws = self.ws(a)
        r0, c0, r1, c1 = self.bounds(a)
        if a["args"][0] == "rows":
            for r in range(r0, r1 + 1):
                d = ws.row_dimensions[r]
                d.outline_level = max(0, (d.outline_level or 0) + level_delta)
        else:
            for c in range(c0, c1 + 1):
                d = ws.column_dimensions[get_column_letter(c)]
                d.outline_level = max(0, (d.outline_level or 0) + level_delta)

    def do_rangeGroup(self, a):
        self._group(a, +1)

    def do_rangeUngroup(self, a):
        self._group(a, -1)

    def do_rangeSelect(self, a):
        ws = self.ws(a)
        ws.sheet_view.selection[0].activeCell = self.ref(a).split(":")[0]
        ws.sheet_view.selection[0].sqref = self.ref(a)
        self.wb.active = self.wb.worksheets.index(ws)

    # -- sheets ---------------------------------------------------------------------
    def do_addSheet(self, a):
        ix, name = a["args"][0], a["args"][1] if len(a["args"]) > 1 else None
        self.wb.create_sheet(title=name, index=int(ix))
        self.wb.active = int(ix)

    def do_setSheetName(self, a):
        self.ws(a).title = a["args"][0]

    def do_sheetDelete(self, a):
        self.wb.remove(self.ws(a))

    def _whole_sheet(self, a):
        ws = self.ws(a)
        return {"sheet_position": a["sheet_position"], "start_row": 0, "start_column": 0,
                "row_count": ws.max_row, "column_count": ws.max_column}

    def do_sheetClear(self, a):
        self.do_rangeClear(self._whole_sheet(a))

    def do_sheetClearContents(self, a):
        self.do_rangeClearContents(self._whole_sheet(a))

    def do_sheetClearFormats(self, a):
        self.do_rangeClearFormats(self._whole_sheet(a))

    def do_activateSheet(self, a):
        ix = int(a["args"][0])
        for i, ws in enumerate(self.wb.worksheets):
            ws.sheet_view.tabSelected = i == ix
        self.wb.active = ix

    def do_setSheetPosition(self, a):
        ws = self.ws(a)
        self.wb.move_sheet(ws, offset=int(a["args"][0]) - self.wb.worksheets.index(ws))

    def do_copySheet(self, a):
        position, target_ix, name = a["args"]
        src = self.ws(a)
        new = self.wb.copy_worksheet(src)
        new.title = name
        new_ix = int(target_ix) if position == "Before" else int(target_ix) + 1
        self.wb.move_sheet(new, offset=new_ix - self.wb.worksheets.index(new))
        self._approx("copySheet", "openpyxl copy_worksheet drops tables, images, charts, DV")

    def do_setSheetVisibility(self, a):
        self.ws(a).sheet_state = {"Visible": "visible", "Hidden": "hidden",
                                  "VeryHidden": "veryHidden"}[a["args"][0]]

    def do_setShowGridlines(self, a):
        self.ws(a).sheet_view.showGridLines = bool(a["args"][0])

    def do_setPrintArea(self, a):
        ws = self.ws(a)
        if a["args"][0]:
            ws.print_area = a["args"][0]
        else:
            ws._print_area = None

    def do_freezePaneAtRange(self, a):
        ws = self.ws(a)
        ref = a["args"][0].replace("$", "")
        if re.fullmatch(r"\d+:\d+", ref):  # rows
            ws.freeze_panes = f"A{int(ref.split(':')[1]) + 1}"
        elif re.fullmatch(r"[A-Za-z]+:[A-Za-z]+", ref):  # columns
            ws.freeze_panes = f"{get_column_letter(range_boundaries(ref.split(':')[1] + '1')[0] + 1)}1"
        else:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            ws.freeze_panes = f"{get_column_letter(max_col + 1)}{max_row + 1}"

    def do_freezePaneUnfreeze(self, a):
        self.ws(a).freeze_panes = None

    # -- names ------------------------------------------------------------------------
    def do_setRangeName(self, a):
        ws = self.ws(a)
        min_col, min_row, max_col, max_row = range_boundaries(self.ref(a))
        ref = f"{quote_sheetname(ws.title)}!${get_column_letter(min_col)}${min_row}"
        if (min_col, min_row) != (max_col, max_row):
            ref += f":${get_column_letter(max_col)}${max_row}"
        self.wb.defined_names[a["args"][0]] = DefinedName(a["args"][0], attr_text=ref)

    def do_namesAdd(self, a):
        name, refers_to = a["args"][0], a["args"][1]
        dn = DefinedName(name, attr_text=refers_to.lstrip("="))
        if a.get("sheet_position") is None:
            self.wb.defined_names[name] = dn
        else:
            self.ws(a).defined_names[name] = dn

    def do_nameDelete(self, a):
        _, _, name, _, book_scope, scope_ix = a["args"][:6]
        if book_scope:
            del self.wb.defined_names[name]
        else:
            del self.wb.worksheets[int(scope_ix)].defined_names[name]

    def do_setNameRefersTo(self, a):
        name, book_scope, scope_ix, value = a["args"]
        names = self.wb.defined_names if book_scope else self.wb.worksheets[int(scope_ix)].defined_names
        names[name] = DefinedName(name, attr_text=value.lstrip("="))

    # -- notes / comments --------------------------------------------------------------
    def do_addNote(self, a):
        self.ws(a)[a["args"][0].replace("$", "")].comment = Comment(a["args"][1], "ita_xl")

    def do_setNoteText(self, a):
        self.do_addNote(a)

    def do_deleteNote(self, a):
        self.ws(a)[a["args"][0].replace("$", "")].comment = None

    def do_addComment(self, a):
        self.do_addNote(a)
        self._approx("addComment", "threaded comment written as legacy note")

    # -- data validation ---------------------------------------------------------------
    def _remove_dv(self, ws, ref):
        target = CellRange(ref)
        for dv in list(ws.data_validations.dataValidation):
            keep = [r for r in dv.sqref.ranges if target.isdisjoint(r) or not target.issuperset(r)]
            if len(keep) != len(dv.sqref.ranges):
                if keep:
                    dv.sqref = openpyxl.worksheet.cell_range.MultiCellRange(keep)
                else:
                    ws.data_validations.dataValidation.remove(dv)

    def do_setDataValidationList(self, a):
        source, dropdown = a["args"]
        ws = self.ws(a)
        if source["type"] == "literal":
            f1 = '"' + ",".join(str(v) for v in source["values"]) + '"'
        elif source["type"] == "range":
            src = self.wb.worksheets[source["sheet_position"]]
            r0, c0 = source["start_row"] + 1, source["start_column"] + 1
            r1, c1 = r0 + source["row_count"] - 1, c0 + source["column_count"] - 1
            f1 = f"{quote_sheetname(src.title)}!${get_column_letter(c0)}${r0}:${get_column_letter(c1)}${r1}"
        else:
            f1 = source["name"]
        self._remove_dv(ws, self.ref(a))
        dv = DataValidation(type="list", formula1=f1, allow_blank=True,
                            showDropDown=not dropdown)  # OOXML flag is inverted
        dv.add(self.ref(a))
        ws.add_data_validation(dv)

    _DV_TYPE = {"whole_number": "whole", "decimal": "decimal", "date": "date", "time": "time",
                "text_length": "textLength", "custom": "custom"}
    _DV_OP = {"between": "between", "not_between": "notBetween", "equal_to": "equal",
              "not_equal_to": "notEqual", "greater_than": "greaterThan", "less_than": "lessThan",
              "greater_than_or_equal": "greaterThanOrEqual", "less_than_or_equal": "lessThanOrEqual"}

    def do_setDataValidationRule(self, a):
        spec = a["args"][0]
        ws = self.ws(a)
        self._remove_dv(ws, self.ref(a))
        f = lambda x: None if x is None else str(x).lstrip("=")  # noqa: E731
        dv = DataValidation(type=self._DV_TYPE.get(spec["type"], spec["type"]),
                            operator=self._DV_OP.get(spec.get("operator")),
                            formula1=f(spec.get("formula1") or spec.get("formula")),
                            formula2=f(spec.get("formula2")), allow_blank=True)
        dv.add(self.ref(a))
        ws.add_data_validation(dv)

    def do_deleteDataValidation(self, a):
        self._remove_dv(self.ws(a), self.ref(a))

    # -- conditional formatting ------------------------------------------------------------
    _CF_OP = {"Between": "between", "NotBetween": "notBetween", "EqualTo": "equal",
              "NotEqualTo": "notEqual", "GreaterThan": "greaterThan", "LessThan": "lessThan",
              "GreaterThanOrEqual": "greaterThanOrEqual", "LessThanOrEqual": "lessThanOrEqual"}
    _CF_T = {"LowestValue": "min", "HighestValue": "max", "Number": "num", "Percent": "percent",
             "Percentile": "percentile", "Formula": "formula", "Automatic": None}
    _ICONS = {"ThreeArrows": "3Arrows", "ThreeArrowsGray": "3ArrowsGray", "ThreeFlags": "3Flags",
              "ThreeTrafficLights1": "3TrafficLights1", "ThreeTrafficLights2": "3TrafficLights2",
              "ThreeSigns": "3Signs", "ThreeSymbols": "3Symbols", "ThreeSymbols2": "3Symbols2",
              "FourArrows": "4Arrows", "FourArrowsGray": "4ArrowsGray", "FourRedToBlack": "4RedToBlack",
              "FourRating": "4Rating", "FourTrafficLights": "4TrafficLights", "FiveArrows": "5Arrows",
              "FiveArrowsGray": "5ArrowsGray", "FiveRating": "5Rating", "FiveQuarters": "5Quarters"}

    def do_addConditionalFormat(self, a):
        e = a["args"][0]
        ws, ref = self.ws(a), self.ref(a)
        font = None
        if e.get("font_color") or e.get("font_bold") is not None or e.get("font_italic") is not None:
            font = Font(color=_rgb(e.get("font_color")), b=e.get("font_bold"), i=e.get("font_italic"))
        fill = PatternFill(bgColor=_rgb(e["fill_color"]), fill_type="solid") if e.get("fill_color") else None
        t = e["type"]
        if t == "CellValue":
            formula = [str(e["formula1"]).lstrip("=")]
            if e.get("formula2") is not None:
                formula.append(str(e["formula2"]).lstrip("="))
            rule = CellIsRule(operator=self._CF_OP[e["operator"]], formula=formula, font=font,
                              fill=fill, stopIfTrue=e.get("stop_if_true") or None)
        elif t == "Custom":
            rule = FormulaRule(formula=[e["formula"].lstrip("=")], font=font, fill=fill,
                               stopIfTrue=e.get("stop_if_true") or None)
        elif t == "ColorScale":
            ts, vs, cs = e["threshold_types"], e["thresholds"], [_rgb(c) for c in e["colors"]]
            kw = dict(start_type=self._CF_T[ts[0]], start_value=vs[0], start_color=cs[0],
                      end_type=self._CF_T[ts[-1]], end_value=vs[-1], end_color=cs[-1])
            if len(cs) == 3:
                kw.update(mid_type=self._CF_T[ts[1]], mid_value=vs[1], mid_color=cs[1])
            rule = ColorScaleRule(**kw)
        elif t == "DataBar":
            ts, vs = e["threshold_types"], e["thresholds"]
            rule = DataBarRule(start_type=self._CF_T[ts[0]] or "min", start_value=vs[0],
                               end_type=self._CF_T[ts[1]] or "max", end_value=vs[1],
                               color=_rgb(e["bar_color"]), showValue=e.get("show_value", True))
            if e.get("gradient") is False:
                self._approx("addConditionalFormat", "solid data bar needs x14 extension; written as gradient")
        elif t == "IconSet":
            icon = self._ICONS.get(e["icon_set"])
            if icon is None:
                raise UnsupportedAction(f"icon set {e['icon_set']} is x14-only")
            n = int(icon[0])
            vals = [0] + list(e["thresholds"])
            rule = IconSetRule(icon, "num" if e["threshold_types"][0] == "Number" else
                               self._CF_T[e["threshold_types"][0]], vals, showValue=e.get("show_value"),
                               reverse=e.get("reverse_order"))
            assert len(vals) == n
        else:
            raise UnsupportedAction(f"conditional format type {t}")
        ws.conditional_formatting.add(ref, rule)

    def do_clearConditionalFormats(self, a):
        ws, target = self.ws(a), CellRange(self.ref(a))
        cf = ws.conditional_formatting
        for rng in list(cf._cf_rules):
            if all(target.issuperset(r) for r in rng.sqref.ranges):
                del cf._cf_rules[rng]
            elif any(not target.isdisjoint(r) for r in rng.sqref.ranges):
                self._approx("clearConditionalFormats", "partially overlapping rule left in place")

    # -- tables -------------------------------------------------------------------------------
    def _unique_table_name(self, name):
        existing = {t for ws in self.wb.worksheets for t in ws.tables}
        if name and name not in existing:
            return name
        i = 1
        while f"Table{i}" in existing:
            i += 1
        return f"Table{i}"

    def do_addTable(self, a):
        address, has_headers, style, name = (a["args"] + [None] * 4)[:4]
        ws = self.ws(a)
        ref = address.replace("$", "")
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if not has_headers:
            ws.insert_rows(min_row)
            for i, c in enumerate(range(min_col, max_col + 1)):
                ws.cell(min_row, c).value = f"Column{i + 1}"
            max_row += 1
            self._approx("addTable", "has_headers=False: header row inserted above (whole row)")
        headers, seen = [], set()
        for c in range(min_col, max_col + 1):  # Excel makes header cells unique text
            h = ws.cell(min_row, c).value
            h = f"Column{c - min_col + 1}" if h in (None, "") else str(h)
            base, k = h, 2
            while h.casefold() in seen:
                h, k = f"{base}{k}", k + 1
            seen.add(h.casefold())
            ws.cell(min_row, c).value = h
            headers.append(h)
        t = Table(displayName=self._unique_table_name(name), ref=_addr(min_col, min_row, max_col, max_row))
        t.tableStyleInfo = TableStyleInfo(name=style or "TableStyleMedium2", showRowStripes=True)
        t._initialise_columns()
        for col, h in zip(t.tableColumns, headers):
            col.name = h
        ws.add_table(t)

    def do_setTableName(self, a):
        ws, t = self._table(a)
        old = t.displayName
        t.displayName = t.name = a["args"][1]
        ws.tables[t.displayName] = ws.tables.pop(old)

    def do_setTableStyle(self, a):
        _, t = self._table(a)
        t.tableStyleInfo.name = a["args"][1]

    def do_showAutofilterTable(self, a):
        _, t = self._table(a)
        if a["args"][1]:
            t.autoFilter = openpyxl.worksheet.filters.AutoFilter(ref=t.ref)
        else:
            t.autoFilter = None

    def _table_flag(self, attr):
        def f(a):
            _, t = self._table(a)
            setattr(t.tableStyleInfo, attr, bool(a["args"][1]))
        return f

    do_showTableStyleFirstColumn = property(lambda self: self._table_flag("showFirstColumn"))
    do_showTableStyleLastColumn = property(lambda self: self._table_flag("showLastColumn"))
    do_showTableStyleRowStripes = property(lambda self: self._table_flag("showRowStripes"))
    do_showTableStyleColumnStripes = property(lambda self: self._table_flag("showColumnStripes"))

    def do_showTotalsTable(self, a):
        ws, t = self._table(a)
        min_col, min_row, max_col, max_row = range_boundaries(t.ref)
        on = bool(a["args"][1])
        if on and not t.totalsRowCount:
            t.totalsRowCount = 1
            t.ref = _addr(min_col, min_row, max_col, max_row + 1)
            ws.cell(max_row + 1, min_col).value = "Total"
        elif not on and t.totalsRowCount:
            t.totalsRowCount = None
            t.ref = _addr(min_col, min_row, max_col, max_row - 1)
        t.autoFilter = openpyxl.worksheet.filters.AutoFilter(ref=_addr(min_col, min_row, max_col, max_row)) if t.autoFilter else None
        self._approx("showTotalsTable", "totals row added without SUBTOTAL formulas")

    def do_showHeadersTable(self, a):
        _, t = self._table(a)
        t.headerRowCount = 1 if a["args"][1] else 0
        if not a["args"][1]:
            t.autoFilter = None
        self._approx("showHeadersTable", "header flag toggled; cells not shifted")

    def do_resizeTable(self, a):
        _, t = self._table(a)
        ref = a["args"][1].replace("$", "")
        t.ref = ref
        if t.autoFilter is not None:
            t.autoFilter.ref = ref
        ncols = range_boundaries(ref)[2] - range_boundaries(ref)[0] + 1
        while len(t.tableColumns) < ncols:
            t.tableColumns.append(TableColumn(id=len(t.tableColumns) + 1, name=f"Column{len(t.tableColumns) + 1}"))
        del t.tableColumns[ncols:]

    def do_addTableRow(self, a):
        ws, t = self._table(a)
        _, index, values = a["args"]
        min_col, min_row, max_col, max_row = range_boundaries(t.ref)
        body_start = min_row + (0 if t.headerRowCount == 0 else 1)
        body_end = max_row - (t.totalsRowCount or 0)
        target = body_start + int(index)
        if target <= body_end or t.totalsRowCount:
            ws.move_range(_addr(min_col, target, max_col, max_row), rows=1)
        for j, v in enumerate(values or []):
            val, _ = coerce_input(v)
            ws.cell(target, min_col + j).value = None if val is _KEEP else val
        self.do_resizeTable({**a, "args": [a["args"][0], _addr(min_col, min_row, max_col, max_row + 1)]})
        self.report.applied.append("resizeTable(implicit)")

    def do_deleteTableRow(self, a):
        ws, t = self._table(a)
        min_col, min_row, max_col, max_row = range_boundaries(t.ref)
        row = min_row + (0 if t.headerRowCount == 0 else 1) + int(a["args"][1])
        ws.move_range(_addr(min_col, row + 1, max_col, max_row), rows=-1)
        for c in range(min_col, max_col + 1):
            ws.cell(max_row, c).value = None
        self.do_resizeTable({**a, "args": [a["args"][0], _addr(min_col, min_row, max_col, max_row - 1)]})

    @staticmethod
    def _ensure_columns(ws, t):
        """openpyxl only creates tableColumns on save; make them now from the header."""
        if not t.tableColumns:
            min_col, min_row, max_col, _ = range_boundaries(t.ref)
            t._initialise_columns()
            for tc, c in zip(t.tableColumns, range(min_col, max_col + 1)):
                tc.name = str(ws.cell(min_row, c).value)

    def do_addTableColumn(self, a):
        ws, t = self._table(a)
        self._ensure_columns(ws, t)
        _, index, name = a["args"][:3]
        min_col, min_row, max_col, max_row = range_boundaries(t.ref)
        col = min_col + int(index)
        if col <= max_col:
            ws.move_range(_addr(col, min_row, max_col, max_row), cols=1)
        ws.cell(min_row, col).value = name or f"Column{max_col - min_col + 2}"
        t.ref = _addr(min_col, min_row, max_col + 1, max_row)
        if t.autoFilter is not None:
            t.autoFilter.ref = t.ref
        t.tableColumns.insert(int(index), TableColumn(id=0, name=ws.cell(min_row, col).value))
        for i, tc in enumerate(t.tableColumns):
            tc.id = i + 1

    def do_deleteTableColumn(self, a):
        ws, t = self._table(a)
        name = a["args"][1]
        min_col, min_row, max_col, max_row = range_boundaries(t.ref)
        self._ensure_columns(ws, t)
        idx = [tc.name for tc in t.tableColumns].index(name)
        col = min_col + idx
        ws.move_range(_addr(col + 1, min_row, max_col, max_row), cols=-1) if col < max_col else None
        for r in range(min_row, max_row + 1):
            ws.cell(r, max_col).value = None
        del t.tableColumns[idx]
        for i, tc in enumerate(t.tableColumns):
            tc.id = i + 1
        t.ref = _addr(min_col, min_row, max_col - 1, max_row)
        if t.autoFilter is not None:
            t.autoFilter.ref = t.ref

    def do_tableSort(self, a):
        ws, t = self._table(a)
        min_col, min_row, max_col, max_row = range_boundaries(t.ref)
        hdr = 0 if t.headerRowCount == 0 else 1
        self.do_rangeSort({"sheet_position": a["sheet_position"], "start_row": min_row - 1 + hdr,
                           "start_column": min_col - 1,
                           "row_count": max_row - min_row + 1 - hdr - (t.totalsRowCount or 0),
                           "column_count": max_col - min_col + 1,
                           "args": [a["args"][1], a["args"][2], False]})

    # -- pictures / charts ------------------------------------------------------------------
    def do_addPicture(self, a):
        from openpyxl.drawing.image import Image  # needs Pillow
        b64, col_ix, row_ix, left, top = a["args"][:5]
        img = Image(io.BytesIO(base64.b64decode(b64)))
        self.ws(a).add_image(img, f"{get_column_letter(int(col_ix) + 1)}{int(row_ix) + 1}")
        if left or top:
            self._approx("addPicture", "left/top offsets ignored; anchored to cell")

    def _picture(self, a):
        imgs = self.ws(a)._images
        ix = int(a["args"][0])
        if ix >= len(imgs):
            raise UnsupportedAction("picture index beyond images openpyxl knows")
        return imgs[ix]

    def do_deletePicture(self, a):
        self.ws(a)._images.remove(self._picture(a))

    def do_setPictureWidth(self, a):
        self._picture(a).width = float(a["args"][1]) / 0.75

    def do_setPictureHeight(self, a):
        self._picture(a).height = float(a["args"][1]) / 0.75

    def do_updatePicture(self, a):
        from openpyxl.drawing.image import Image
        old = self.ws(a)._images[int(a["args"][1])]
        new = Image(io.BytesIO(base64.b64decode(a["args"][0])))
        new.anchor, new.width, new.height = old.anchor, old.width, old.height
        self.ws(a)._images[int(a["args"][1])] = new

    def do_setPictureName(self, a):
        self._picture(a)
        self._approx("setPictureName", "openpyxl cannot name pictures")

    _CHARTS = {"ColumnClustered": ("bar", "col", "clustered"), "ColumnStacked": ("bar", "col", "stacked"),
               "ColumnStacked100": ("bar", "col", "percentStacked"), "BarClustered": ("bar", "bar", "clustered"),
               "BarStacked": ("bar", "bar", "stacked"), "Line": ("line", None, "standard"),
               "LineMarkers": ("line", None, "standard"), "Pie": ("pie", None, None),
               "Doughnut": ("doughnut", None, None), "Area": ("area", None, "standard"),
               "XYScatter": ("scatter", None, None), "Radar": ("radar", None, None)}

    def _make_chart(self, ctype):
        from openpyxl import chart as C
        kind, direction, grouping = self._CHARTS.get(ctype, (None, None, None))
        if kind is None:
            raise UnsupportedAction(f"chart type {ctype}")
        ch = {"bar": C.BarChart, "line": C.LineChart, "pie": C.PieChart, "doughnut": C.DoughnutChart,
              "area": C.AreaChart, "scatter": C.ScatterChart, "radar": C.RadarChart}[kind]()
        if direction:
            ch.type = direction
        if grouping and hasattr(ch, "grouping"):
            ch.grouping = grouping
            if grouping != "clustered" and kind == "bar":
                ch.overlap = 100
        return ch

    def do_addChart(self, a):
        from openpyxl.chart import Reference
        name, ctype, sheet_name, address, left, top, width, height = a["args"][:8]
        ws = self.ws(a)
        src = self.wb[sheet_name]
        min_col, min_row, max_col, max_row = range_boundaries(address.replace("$", ""))
        ch = self._make_chart(ctype)
        data = Reference(src, min_col=min_col + 1, min_row=min_row, max_col=max_col, max_row=max_row)
        ch.add_data(data, titles_from_data=True)
        ch.set_categories(Reference(src, min_col=min_col, min_row=min_row + 1, max_row=max_row))
        ch.width, ch.height = float(width) / 28.35, float(height) / 28.35  # points -> cm
        col = max(1, int(float(left) / 48) + 1)   # ~48pt per default column
        row = max(1, int(float(top) / 15) + 1)    # 15pt per default row
        ws.add_chart(ch, f"{get_column_letter(col)}{row}")
        self._approx("addChart", "position from points->cell estimate; plot_by/style ignored")

    def do_setChartType(self, a):
        ws = self.ws(a)
        old = ws._charts[int(a["args"][0])]
        new = self._make_chart(a["args"][1])
        new.series, new.anchor, new.width, new.height = old.series, old.anchor, old.width, old.height
        ws._charts[int(a["args"][0])] = new

    def do_setChartName(self, a):
        self._approx("setChartName", "openpyxl cannot name charts")

    # -- app-level: recorded only ---------------------------------------------------------------
    def _record(self, a):
        self.report.messages.append({"func": a["func"], "args": a.get("args")})

    def do_alert(self, a):
        self._record(a)

    def do_runMacro(self, a):
        self._record(a)

    def do_save(self, a):
        self._record(a)

    def do_calculate(self, a):
        self._record(a)
        self.wb.calculation.fullCalcOnLoad = True

    def do_setCalculation(self, a):
        self.wb.calculation.calcMode = {"Automatic": "auto", "Manual": "manual",
                                        "AutomaticExceptTables": "autoNoTable"}[a["args"][0]]

    def do_setScreenUpdating(self, a):
        self._record(a)


# Actions that openpyxl fundamentally cannot replay, with the reason.
NOT_REPLAYABLE = {
    "rangeToPng": "needs Excel's renderer", "chartToPng": "needs Excel's renderer",
    "setShapeName": "openpyxl drops shapes on load", "setShapeText": "openpyxl drops shapes",
    "setShapeLeft": "openpyxl drops shapes", "setShapeTop": "openpyxl drops shapes",
    "setShapeWidth": "openpyxl drops shapes", "setShapeHeight": "openpyxl drops shapes",
    "deleteShape": "openpyxl drops shapes", "scaleShape": "openpyxl drops shapes",
    "setShapeFontProperty": "openpyxl drops shapes",
    "setPictureLeft": "openpyxl images are cell-anchored", "setPictureTop": "openpyxl images are cell-anchored",
    "setPictureLockAspectRatio": "no openpyxl equivalent",
    "addPivotTable": "openpyxl cannot create pivots", "deletePivotTable": "no pivots",
    "refreshPivotTable": "no pivots", "addPivotField": "no pivots", "removePivotField": "no pivots",
    "addPivotValueField": "no pivots", "removePivotValueField": "no pivots",
    "setPivotValueField": "no pivots", "setPivotLayout": "no pivots", "setPivotTableName": "no pivots",
    "applyAutoFilterRange": "filter state needs Excel to hide rows", "applyAutoFilterTable": "filter state needs Excel",
    "clearAutoFilterRange": "filter state", "clearAutoFilterTable": "filter state",
    "addCommentReply": "threaded comments", "deleteComment": "threaded comments",
    "setCommentText": "threaded comments", "setCommentResolved": "threaded comments",
    "setChartSourceData": "not implemented", "setChartSeries": "not implemented",
    "setChartAxis": "not implemented", "setChartPlotBy": "not implemented",
    "setChartPosition": "not implemented", "setChartXAxisValues": "not implemented",
    "setChartTitle": "not implemented", "setChartLegend": "not implemented",
    "setChartStyle": "not implemented", "deleteChart": "not implemented",
    "setConditionalFormat": "not implemented", "deleteConditionalFormat": "not implemented",
}


def supported_actions() -> list[str]:
    return sorted(n[3:] for n in dir(Replayer) if n.startswith("do_") and getattr(Replayer, n) is not None)


class ReplayIncomplete(AssertionError):
    pass


def apply_actions(wb, actions, strict: bool = False) -> ReplayReport:
    """Apply xlwings JSON actions (list or {"actions": [...]}) to an openpyxl workbook.

    strict: raise ``ReplayIncomplete`` when an action was skipped or only approximated.
    """
    rep = Replayer(wb)
    rep.apply(actions)
    for i, (func, why) in enumerate(rep.report.skipped):
        if func in NOT_REPLAYABLE and why == "no openpyxl equivalent implemented":
            rep.report.skipped[i] = (func, NOT_REPLAYABLE[func])
    if strict and (rep.report.skipped or rep.report.approximated):
        raise ReplayIncomplete(f"{rep.report.summary()}: {rep.report.skipped + rep.report.approximated}")
    return rep.report


# ----------------------------------------------------------------------------
# (c) one-call driver
# ----------------------------------------------------------------------------


def run_book_function(wb, fn: Callable, *args, values_wb=None, **payload_kw):
    """payload(wb) -> xw.Book(json=payload) -> fn(book, *args) -> apply actions to wb.

    Returns (fn_result, actions, ReplayReport).  `fn` is any function that takes an
    xw.Book -- the same function you'd call from RunPython (via
    xw.Book.caller()) or from an xlwings Lite @script.
    """
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings as xw

    strict = payload_kw.pop("strict", False)
    book = xw.Book(json=build_payload(wb, values_wb=values_wb, **payload_kw))
    try:
        result = fn(book, *args)
        actions = book.json()["actions"]
    finally:
        book.close()
    return result, actions, apply_actions(wb, actions, strict=strict)
