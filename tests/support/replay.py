"""replay.py -- drive the *real* xlwings API on Linux, without Excel.

Hardened copy of shared/reference/xlwings/replay.py for ita_xl's tests. Changes:
* text forced with a leading apostrophe stays text even when it starts with "=" (openpyxl would
  otherwise store it as a formula); "TRUE"/"FALSE" and "1,234" are coerced as Excel does;
* ``apply_actions(..., strict=True)`` raises on any skipped action, so a test
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
    openpyxl workbook: only the three ita_xl's commands emit (``setValues``,
    ``rangeClearContents``, ``alert``); any other is reported as skipped (and fails
    ``strict=True``).
(c) ``run_book_function(wb, fn, *args)`` -- payload -> ``xw.Book(json=...)`` ->
    ``fn(book, *args)`` -> ``book.json()`` -> ``apply_actions``.

Requires xlwings (PRO part; ``XLWINGS_LICENSE_KEY=noncommercial`` for
noncommercial use), openpyxl.
Tested with xlwings 0.37.8 / openpyxl 3.1.5.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.table import Table

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
# Only the actions ita_xl's commands emit (xwio: values in blocks, clear contents, alerts); any
# other action makes ``apply_actions(strict=True)`` fail, so a command cannot start emitting one
# unnoticed. What xlwings records is asserted directly in tests/test_xwio_actions.py.


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


class Replayer:
    def __init__(self, wb):
        self.wb = wb
        self.report = ReplayReport()

    def ws(self, a):
        return self.wb.worksheets[a["sheet_position"]]

    @staticmethod
    def bounds(a):
        r0, c0 = a["start_row"] + 1, a["start_column"] + 1
        return r0, c0, r0 + a["row_count"] - 1, c0 + a["column_count"] - 1

    @staticmethod
    def _writable(cell):
        return not isinstance(cell, openpyxl.cell.cell.MergedCell)

    def apply(self, actions) -> ReplayReport:
        if isinstance(actions, dict):
            actions = actions["actions"]
        for a in actions:
            handler = getattr(self, "do_" + a["func"], None)
            if handler is None:
                self.report.skipped.append((a["func"], "not an action ita_xl's commands emit"))
                continue
            handler(a)
            self.report.applied.append(a["func"])
        return self.report

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

    def do_rangeClearContents(self, a):
        ws = self.ws(a)
        r0, c0, r1, c1 = self.bounds(a)
        r1, c1 = min(r1, max(ws.max_row, r0)), min(c1, max(ws.max_column, c0))  # whole columns: used part
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                cell = ws.cell(r, c)
                if self._writable(cell):
                    cell.value = None

    def do_alert(self, a):
        self.report.messages.append({"func": a["func"], "args": a["args"]})

    # The document sheets' layout (ita_xl.excel.book.lay_out): formats copied from a sample
    # cell, merges, row heights.
    def do_rangeUnmerge(self, a):
        ws = self.ws(a)
        r0, c0, r1, c1 = self.bounds(a)
        for m in list(ws.merged_cells.ranges):
            if m.min_row >= r0 and m.max_row <= r1 and m.min_col >= c0 and m.max_col <= c1:
                ws.unmerge_cells(str(m))

    def do_rangeMerge(self, a):
        r0, c0, r1, c1 = self.bounds(a)
        self.ws(a).merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)

    def do_copyFromRange(self, a):
        from copy import copy  # noqa: PLC0415

        sheet_index, address, copy_type = a["args"][0], a["args"][1], a["args"][2]
        assert copy_type == "formats", copy_type
        src = self.wb.worksheets[sheet_index][address.replace("$", "")]
        ws = self.ws(a)
        r0, c0, r1, c1 = self.bounds(a)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                cell = ws.cell(r, c)
                if self._writable(cell):
                    cell.font, cell.border, cell.fill = copy(src.font), copy(src.border), copy(src.fill)
                    cell.alignment, cell.number_format = copy(src.alignment), src.number_format

    def do_setRowHeight(self, a):
        ws = self.ws(a)
        r0, _, r1, _ = self.bounds(a)
        for r in range(r0, r1 + 1):
            ws.row_dimensions[r].height = float(a["args"][0] if isinstance(a["args"], list) else a["args"])


def supported_actions() -> list[str]:
    return sorted(n[3:] for n in dir(Replayer) if n.startswith("do_"))


class ReplayIncomplete(AssertionError):
    pass


def apply_actions(wb, actions, strict: bool = False) -> ReplayReport:
    """Apply xlwings JSON actions (list or {"actions": [...]}) to an openpyxl workbook.

    strict: raise ``ReplayIncomplete`` when an action was skipped.
    """
    rep = Replayer(wb)
    rep.apply(actions)
    if strict and rep.report.skipped:
        raise ReplayIncomplete(f"{rep.report.summary()}: {rep.report.skipped}")
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


def book_with(sheets: dict[str, list[list[Any]]]):
    """An openpyxl workbook of these sheets' rows, and the xlwings remote Book over its payload."""
    import xlwings as xw  # noqa: PLC0415

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    return wb, xw.Book(json=build_payload(wb))
