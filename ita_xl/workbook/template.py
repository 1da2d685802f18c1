"""Build an agency workbook with XlsxWriter: every sheet, its look, formulas, charts and buttons.

The values come from :func:`.commands.new_snapshot` (and, when scores are given, from the same
``import_scores`` + ``fill`` ops the headless path applies), so ``ita-xl new --scores`` and
``new`` + ``import`` + ``fill`` give the same cells. Where a plain Excel formula can compute
something (indicator score, gap, tool scores, total, level, plan year) the workbook holds the
formula, so the numbers are right without Python.

Desktop workbooks (.xlsm) carry the VBA project of the installed xlwings' standalone quickstart
(read at build time, never stored in this repository) and one Form button per working sheet bound
to its ``SampleCall`` macro, which runs ``import <workbook stem>; <workbook stem>.main()``; a shim
module of that name is written beside the workbook.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import xlsxwriter

from ..core.engine import Result
from ..core.framework import available_years, load
from ..core.model import AgencyCase, Org, ScoreSet
from ..errors import InputError
from . import commands as C
from . import layout as L
from .package import PALETTE_ROW, CellBook, Package, format_key
from .fileio import atomic_save, check_not_open
from .ops import Snapshot, apply_to_snapshot

FONT = "TH Sarabun New"
FONT_SIZE = 16
RUNTIMES = ("desktop", "lite")
SHIM = '"""Called by the workbook\'s buttons (xlwings SampleCall imports a module named like the file)."""\nfrom ita_xl.desktop import main  # noqa: F401\n'
_SHIM_BYTES = SHIM.encode("utf-8")

# Colours: inputs pale yellow, staff columns pale blue, headers dark teal.
HEADER_BG, INPUT_BG, STAFF_BG = "#1F4E5F", "#FFF8DC", "#E8F1FB"
RED_BG, AMBER_BG, GREEN_BG = "#F8CBAD", "#FFE699", "#C6EFCE"


# ------------------------------------------------------------------------------------- VBA


@lru_cache(maxsize=1)
def xlwings_vba_project() -> bytes:
    """``xl/vbaProject.bin`` of the installed xlwings' ``quickstart_standalone.xlsm``."""
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.find_spec("xlwings")  # found, not imported: importing it takes seconds
    if spec is None or not spec.origin:
        raise InputError(
            "xlwings", "ต้องติดตั้ง xlwings เพื่อสร้างไฟล์ .xlsm", "xlwings must be installed to build a desktop .xlsm"
        )
    src = Path(spec.origin).parent / "quickstart_standalone.xlsm"
    with zipfile.ZipFile(src) as z:
        return z.read("xl/vbaProject.bin")


# Module names in that project: ThisWorkbook, Sheet1, Sheet2, Module1 (SampleCall), xlwings,
# Dictionary. Sheet1/Sheet2 belong to its two sheets, so ours take those code names.
VBA_SHEET_NAMES = {"settings": "Sheet1", L.CONF_SHEET: "Sheet2"}
MACRO = "SampleCall"


# ------------------------------------------------------------------------------------- formats


class _Formats:
    """The workbook's formats, made once per workbook and looked up by (kind, role)."""

    NUM = {"score": "0.00", "int": "0", "percent": "0", "formula": "0.00"}

    def __init__(self, wb):
        self.wb = wb
        self.made: dict[str, object] = {}  # format_key -> the format (every format of the workbook)
        base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "top"}
        self.base = base
        self.title = self.add({**base, "bold": True, "font_size": 20, "font_color": HEADER_BG, "valign": "vcenter"})
        self.header = self.add(
            {**base, "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_BG, "border": 1, "text_wrap": True,
             "align": "center", "valign": "vcenter"}
        )
        self.label = self.add({**base, "border": 1, "text_wrap": True})
        self.key = self.add({**base, "font_size": 11, "font_color": "#808080", "border": 1})
        self.banner = self.add({**base, "bold": True, "font_color": "#C00000", "text_wrap": True, "valign": "vcenter"})
        self.weight = self.add({**base, "border": 1, "num_format": "0%", "align": "center"})
        self.red = self.add({"bg_color": RED_BG})
        self.amber = self.add({"bg_color": AMBER_BG})
        self.green = self.add({"bg_color": GREEN_BG})
        self.alarm = self.add({"bg_color": "#C00000", "font_color": "#FFFFFF"})
        self.bold_cf = self.add({"bold": True})
        self.heading = self.add({"bold": True, "bg_color": "#DDEBF7"})  # analysis: issue heading rows
        self.done_row = self.add({"font_color": "#808080", "italic": True})  # plan: finished rows
        self._cells: dict[tuple[str, str], object] = {}
        kinds = {col.kind for t in L.TABLES.values() for col in t.columns} | {"score", "int", "text"}
        roles = {col.role for t in L.TABLES.values() for col in t.columns} | {"input", "formula"}
        for kind in sorted(kinds):  # made up front: a template holds every format a workbook can use
            for role in sorted(roles):
                self.cell(kind, role)

    def add(self, props: dict):
        f = self.made.get(key := format_key(props))
        if f is None:
            f = self.made[key] = self.wb.add_format(props)
        return f

    def cell(self, kind: str, role: str):
        key = (kind, role)
        f = self._cells.get(key)
        if f is None:
            props = {**self.base, "border": 1}
            if kind == "long":
                props["text_wrap"] = True
            if kind in self.NUM:
                props["num_format"] = self.NUM[kind]
                props["align"] = "center" if kind == "int" else "right"
            if kind in ("key", "text") and role != "staff":
                props["text_wrap"] = True
            if role == "input":
                props["bg_color"] = INPUT_BG
            elif role == "staff":
                props["bg_color"] = STAFF_BG
            elif role == "formula":
                props["bg_color"] = "#F2F2F2"
            f = self._cells[key] = self.add(props)
        return f


# ------------------------------------------------------------------------------------- writing


def _write(ws, r: int, c: int, v: object, fmt) -> None:
    """Write one value; strings are always text, never formulas (0-based r, c)."""
    if v is None or v == "":
        ws.write_blank(r, c, None, fmt)
    elif isinstance(v, bool):
        ws.write_boolean(r, c, v, fmt)
    elif isinstance(v, (int, float)):
        ws.write_number(r, c, v, fmt)
    elif isinstance(v, str):
        ws.write_string(r, c, v, fmt)
    else:
        ws.write(r, c, v, fmt)


def _rows(snap: Snapshot, sheet: str, first_row: int, n_cols: int, at_least: int = 1) -> list[list[object]]:
    rows = snap.rows(sheet, first_row, n_cols)
    if len(rows) < at_least:
        rows = rows + [[None] * n_cols for _ in range(at_least - len(rows))]
    return rows


class _RowsOnce(Snapshot):
    """The snapshot a workbook is built from, with :meth:`rows` computed once per table (the
    static tables are read by the string preseeding, the sheet memo and the sheet). Its rows are
    shared: read them, do not change them."""

    def __init__(self, snap: Snapshot):
        super().__init__(snap.path, snap.sheets)
        self._rows: dict[tuple, list] = {}

    def rows(self, sheet: str, first_row: int, n_cols: int, first_col: int = 1) -> list[list[object]]:
        key = (sheet, first_row, n_cols, first_col)
        out = self._rows.get(key)
        if out is None:
            out = self._rows[key] = Snapshot.rows(self, sheet, first_row, n_cols, first_col)
        return out


def _print_setup(ws, header_row: int, n_cols: int) -> None:
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.repeat_rows(header_row - 1)
    ws.set_footer("&C&P / &N")


def _column_widths(ws, table: L.Table) -> None:
    for j, col in enumerate(table.columns):
        ws.set_column(j, j, col.width)


def _table(ws, fm: _Formats, snap: Snapshot, table: L.Table, title: str, at_least: int = 1,
           exactly: int | None = None) -> int:
    """Title, header, data rows with each column's look; returns the number of data rows written
    (``exactly``: that many rows, whatever the sheet holds below them)."""
    ws.set_row(0, 34)
    ws.set_row(1, 30)  # room for the sheet's button
    ws.write_string(0, 0, title, fm.title)
    h = table.header_row - 1
    ws.set_row(h, 40)
    _column_widths(ws, table)
    for j, col in enumerate(table.columns):
        ws.write_string(h, j, col.header, fm.header)
    rows = _rows(snap, table.sheet, table.first_row, table.n_cols, at_least if exactly is None else exactly)
    if exactly is not None:
        rows = rows[:exactly]
    fmts = [fm.cell(c.kind, c.role) for c in table.columns]
    for i, row in enumerate(rows):
        r = table.first_row - 1 + i
        for j, v in enumerate(row):
            _write(ws, r, j, v, fmts[j])
        height = L.row_height(table, row)
        if height:
            ws.set_row(r, height)
    ws.freeze_panes(table.header_row, 0)
    _print_setup(ws, table.header_row, table.n_cols)
    return len(rows)


def _score_cf(ws, fm: _Formats, first_row: int, col: int, last_row: int, last_col: int | None = None) -> None:
    """Below 85 red, below 100 amber, 100 green (numbers only; blanks stay plain)."""
    last_col = col if last_col is None else last_col
    a = L.cell(first_row, col + 1)
    rng = (first_row - 1, col, last_row - 1, last_col)
    for crit, f in ((f"AND(ISNUMBER({a}),{a}<85)", fm.red), (f"AND(ISNUMBER({a}),{a}>=85,{a}<100)", fm.amber),
                    (f"AND(ISNUMBER({a}),{a}>=100)", fm.green)):
        ws.conditional_format(*rng, {"type": "formula", "criteria": "=" + crit, "format": f})


def _list_dv(ws, table: L.Table, key: str, source, strict: bool = True) -> None:
    c = table.col(key) - 1
    opts = {"validate": "list", "source": source}
    if not strict:
        opts["error_type"] = "information"
    ws.data_validation(table.first_row - 1, c, table.last_row - 1, c, opts)


# ------------------------------------------------------------------------------------- sheets


def _settings_validations(ws, org_types: tuple, years: tuple) -> None:
    col = 1
    ws.data_validation(L.settings_row("org_type") - 1, col, L.settings_row("org_type") - 1, col,
                       {"validate": "list", "source": list(org_types), "error_type": "information"})
    ws.data_validation(L.settings_row("numerals") - 1, col, L.settings_row("numerals") - 1, col,
                       {"validate": "list", "source": list(L.NUMERALS)})
    ws.data_validation(L.settings_row("year") - 1, col, L.settings_row("year") - 1, col,
                       {"validate": "list", "source": list(years)})
    for key in ("threshold", "target"):
        ws.data_validation(L.settings_row(key) - 1, col, L.settings_row(key) - 1, col,
                           {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100})


def _settings_sheet(wb, ws, fm: _Formats, snap: Snapshot, runtime: str, year: int) -> None:
    sheet = L.SHEETS["settings"].name
    ws.set_column(0, 0, 46)
    ws.set_column(1, 1, 46)
    ws.set_column(2, 2, 16)
    ws.set_row(0, 34)
    ws.write_string(0, 0, L.SHEETS["settings"].title, fm.title)
    h = L.SETTINGS_HEADER_ROW - 1
    for j, text in enumerate(("รายการ", "ค่า", "key")):
        ws.write_string(h, j, text, fm.header)
    inp = fm.cell("text", "input")
    formula_fmt = fm.cell("int", "formula")
    for i, f in enumerate(L.SETTINGS_FIELDS):
        r = L.SETTINGS_FIRST_ROW - 1 + i
        row = snap.rows(sheet, r + 1, 3)
        label, value, key = (row[0] if row else [f.label, None, f.key])
        ws.write_string(r, 0, str(label or f.label), fm.label)
        ws.write_string(r, 2, f.key, fm.key)
        if f.key == "plan_year" and value is None:
            y = L.settings_cell("year")
            ws.write_formula(r, 1, f'=IF(ISNUMBER({y}),{y}+1,"")', formula_fmt, year + 1)
        elif f.key == "module":
            _write(ws, r, 1, value, fm.key)
        else:
            _write(ws, r, 1, value, fm.cell("int", "input") if f.kind in ("int", "formula") else inp)
    _settings_validations(ws, tuple(L.org_types()), tuple(str(y) for y in available_years()))
    if runtime == "desktop":
        m = L.settings_cell("module")
        fn = 'CELL("filename",$A$1)'
        formula = (
            f'=IF({m}="","",IF(OR(ISNUMBER(SEARCH("["&{m}&".xls",{fn})),ISNUMBER(SEARCH("/"&{m}&".xls",{fn}))),"",'
            f'"ชื่อไฟล์ถูกเปลี่ยน ปุ่มจะทำงานไม่ได้: ตั้งชื่อไฟล์กลับเป็น "&{m}&".xlsm / '
            f'File renamed, buttons will fail: rename it back to "&{m}&".xlsm"))'
        )
        ws.set_row(1, 44)
        ws.merge_range(1, 0, 1, 2, "", fm.banner)
        ws.write_formula(1, 0, formula, fm.banner, "")
        ws.conditional_format(1, 0, 1, 2, {"type": "formula", "criteria": '=LEN($A$2)>0', "format": fm.alarm})
    ws.freeze_panes(L.SETTINGS_HEADER_ROW, 0)
    _print_setup(ws, L.SETTINGS_HEADER_ROW, 3)
    ws.fit_to_pages(1, 1)
    ws.activate()


def _level_formula(fw, total: str, tools: str) -> str:
    """Nested IFs over the year's levels, first match wins (as :func:`core.compute.level_for`)."""
    levels = fw.levels
    out = '""'
    for lv in reversed(levels):
        cond = f"{total}>={lv.min:g}"
        if lv.every_tool_min is not None:
            cond = f"AND({cond},MIN({tools})>={lv.every_tool_min:g})"
        out = f'IF({cond},"{lv.label}",{out})'
    return f'=IF(ISNUMBER({total}),{out},"")'


def _computed_formula(fw, ind, row: int) -> str:
    """An indicator's score from the question sheet: the mean of its questions (IIT/EIT, and OIT
    where its sub-indicators are unknown or an item lacks a score), else the mean of its
    sub-indicators' means (as :func:`core.compute.indicator_scores`)."""
    Q = L.QUESTIONS
    q = L.quote_sheet(Q.sheet)

    def rng(key: str) -> str:
        c = Q.letter(key)
        return f"{q}!${c}${Q.first_row}:${c}${Q.last_row}"

    score, ind_col, sub = rng("score"), rng("indicator"), rng("subindicator")
    a = f"$A{row}"
    flat = f'IFERROR(ROUND(AVERAGEIFS({score},{ind_col},{a}),2),"")'
    subs = [s for s in fw.subindicators if s.indicator == ind.no]
    if ind.tool != "OIT" or not subs:
        return "=" + flat
    means = ",".join(f'AVERAGEIFS({score},{sub},"{s.id}")' for s in subs)
    return f'=IF(COUNTIFS({ind_col},{a},{score},"")>0,{flat},IFERROR(ROUND(AVERAGE({means}),2),""))'


def _indicators_sheet(wb, ws, fm: _Formats, snap: Snapshot, year: int, result: Result | None) -> None:
    T = L.INDICATORS
    fw = result.framework if result is not None else load(year)
    n_ind = len(fw.indicators)
    _table(ws, fm, snap, T, L.SHEETS["indicators"].title, at_least=n_ind)  # rows under them too: staff notes
    n = n_ind
    last = L.indicators_last_row(n_ind)
    ws.freeze_panes(T.header_row, 2)
    yref = L.settings_ref("year")
    tref = L.settings_ref("target")
    hdr = fm.header
    for k in range(1, L.HISTORY_YEARS + 1):
        c = T.col(f"hist{k}") - 1
        ws.write_formula(T.header_row - 1, c, f'=IF(ISNUMBER({yref}),"ปี "&({yref}-{k}),"ปีก่อน {k}")', hdr, f"ปี {year - k}")
    c = T.col("score") - 1
    ws.write_formula(T.header_row - 1, c, f'=IF(ISNUMBER({yref}),"ปี "&{yref},"คะแนนที่ใช้")', hdr, f"ปี {year}")
    by_no = {i.no: i for i in result.indicators} if result else {}
    ffmt = fm.cell("score", "formula")
    for i in range(n):
        r = T.first_row + i
        d, e, f, g = (T.letter(k) + str(r) for k in ("stated", "computed", "score", "target"))
        no = snap.value(T.sheet, r, 1)
        ind = by_no.get(int(no)) if isinstance(no, (int, float)) else None
        score = ind.score if ind and ind.score is not None else ""
        target = result.case.settings.target if result and score != "" else ""
        gap = round(target - score, 2) if score != "" else ""
        fwi = next((x for x in fw.indicators if x.no == int(no)), None) if isinstance(no, (int, float)) else None
        if fwi is not None:
            computed = ind.computed if ind and ind.computed is not None else ""
            ws.write_formula(r - 1, T.col("computed") - 1, _computed_formula(fw, fwi, r), ffmt, computed)
        ws.write_formula(r - 1, T.col("score") - 1, f'=IF(ISNUMBER({d}),{d},IF(ISNUMBER({e}),{e},""))', ffmt, score)
        ws.write_formula(r - 1, T.col("target") - 1, f'=IF({f}="","",{tref})', ffmt, target)
        ws.write_formula(r - 1, T.col("gap") - 1, f'=IF({f}="","",ROUND({g}-{f},2))', ffmt, gap)
    _score_cf(ws, fm, T.first_row, T.col("stated") - 1, last, T.col("score") - 1)
    _score_cf(ws, fm, T.first_row, T.col("hist4") - 1, last, T.col("hist1") - 1)
    ws.conditional_format(T.first_row - 1, T.col("gap") - 1, last - 1, T.col("gap") - 1,
                          {"type": "data_bar", "bar_color": "#F4B183", "data_bar_2010": False})
    # Tool scores, total and level.
    hr = L.summary_header_row(n_ind) - 1
    c0 = L.SUMMARY_FIRST_COL - 1
    for j, col in enumerate(L.SUMMARY_COLUMNS):
        ws.write_string(hr, c0 + j, col.header, fm.header)
    comp, wcol = L.col_letter(L.summary_col("computed")), L.col_letter(L.summary_col("weight"))
    tools_rng = f"${comp}${L.summary_row('IIT', n_ind)}:${comp}${L.summary_row('OIT', n_ind)}"
    ind_tool = f"$C${T.first_row}:$C${last}"
    ind_score = f"$F${T.first_row}:$F${last}"
    for key in L.SUMMARY_ROWS:
        r = L.summary_row(key, n_ind) - 1
        row = snap.rows(T.sheet, r + 1, 4, first_col=c0 + 1)
        label, weight, stated, _ = row[0] if row else [L.SUMMARY_LABELS[key], None, None, None]
        ws.write_string(r, c0, str(label), fm.label)
        _write(ws, r, c0 + 1, weight, fm.weight)
        _write(ws, r, c0 + 2, stated, fm.cell("score" if key != "level" else "text", "input"))
        if key in L.TOOLS_LIST:
            formula = (f'=IFERROR(IF(COUNTIFS({ind_tool},"{key}",{ind_score},"")>0,"",'
                       f'AVERAGEIF({ind_tool},"{key}",{ind_score})),"")')
            cached = result.tools.get(key) if result else None
        elif key == "total":
            formula = (f'=IF(COUNT({tools_rng})<3,"",ROUND(SUMPRODUCT(${wcol}${L.summary_row("IIT", n_ind)}:'
                       f'${wcol}${L.summary_row("OIT", n_ind)},{tools_rng}),2))')
            cached = result.total if result else None
        else:
            formula = _level_formula(fw, f"${comp}${L.summary_row('total', n_ind)}", tools_rng)
            cached = result.level if result else None
        fmt = fm.cell("score" if key != "level" else "text", "formula")
        ws.write_formula(r, c0 + 3, formula, fmt, "" if cached is None else cached)
    _score_cf(ws, fm, L.summary_row("IIT", n_ind), c0 + 2, L.summary_row("total", n_ind), c0 + 3)
    _indicator_charts(wb, ws, n_ind)


def _indicator_charts(wb, ws, n_ind: int) -> None:
    """Indicators across years, and gaps to target (charts read the sheet's cells)."""
    T = L.INDICATORS
    sheet = T.sheet
    last = L.indicators_last_row(n_ind)
    cats = [sheet, T.first_row - 1, 1, last - 1, 1]
    ch = wb.add_chart({"type": "column"})
    palette = ["#BDD7EE", "#9DC3E6", "#5B9BD5", "#2E75B6", "#C55A11"]
    keys = [f"hist{k}" for k in range(L.HISTORY_YEARS, 0, -1)] + ["score"]
    for key, colour in zip(keys, palette):
        c = T.col(key) - 1
        ch.add_series({
            "name": [sheet, T.header_row - 1, c],
            "categories": cats,
            "values": [sheet, T.first_row - 1, c, last - 1, c],
            "fill": {"color": colour},
            "gap": 80,
        })
    font = {"name": FONT, "size": 12}
    ch.set_title({"name": "คะแนนรายตัวชี้วัดเทียบรายปี", "name_font": {"name": FONT, "size": 16, "bold": True}})
    ch.set_y_axis({"min": 0, "max": 100, "num_font": font, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    ch.set_x_axis({"num_font": {**font, "rotation": -45}})
    ch.set_legend({"position": "bottom", "font": font})
    left, right = _chart_columns(T)
    height = 380
    ch.set_size({"width": _cols_px(T, *left) - 8, "height": height})
    anchor = L.chart_anchor_row(n_ind)
    ws.insert_chart(anchor, left[0], ch, {"x_offset": 4, "y_offset": 8, "object_position": 1})
    gap = wb.add_chart({"type": "bar"})
    c = T.col("gap") - 1
    gap.add_series({
        "name": "ส่วนต่างจากเป้าหมาย",
        "categories": cats,
        "values": [sheet, T.first_row - 1, c, last - 1, c],
        "fill": {"color": "#F4B183"},
    })
    gap.set_title({"name": "ส่วนต่างจากค่าเป้าหมาย", "name_font": {"name": FONT, "size": 16, "bold": True}})
    gap.set_y_axis({"reverse": True, "num_font": font})
    gap.set_x_axis({"num_font": font, "min": 0})
    gap.set_legend({"none": True})
    gap.set_size({"width": _cols_px(T, *right) - 8, "height": height})
    ws.insert_chart(anchor, right[0], gap, {"x_offset": 4, "y_offset": 8, "object_position": 1})
    # Side by side, each within its own columns, and the print area down to below both.
    rows = -(-(height + 16) // round(L.ROW_PT * 4 / 3))
    ws.print_area(0, 0, anchor + rows, T.n_cols - 1)


def _col_px(width: float) -> int:
    """A column's width in pixels as XlsxWriter places drawings (its own width → pixel rule)."""
    return 0 if width <= 0 else int(width * 7 + 0.5) + 5


def _cols_px(table: L.Table, first: int, last: int) -> int:
    return sum(_col_px(col.width) for col in table.columns[first : last + 1])


def _chart_columns(table: L.Table) -> tuple[tuple[int, int], tuple[int, int]]:
    """The table's columns split in two runs of about equal width: one chart over each.

    >>> _chart_columns(L.INDICATORS)
    ((0, 4), (5, 11))
    """
    total = _cols_px(table, 0, table.n_cols - 1)
    best = min(range(1, table.n_cols), key=lambda k: abs(_cols_px(table, 0, k - 1) - total / 2))
    return (0, best - 1), (best, table.n_cols - 1)


def _questions_sheet(wb, ws, fm, snap) -> None:
    T = L.QUESTIONS
    _table(ws, fm, snap, T, L.SHEETS["questions"].title)
    _list_dv(ws, T, "tool", list(L.TOOLS_LIST))
    c = T.col("score") - 1
    ws.data_validation(T.first_row - 1, c, T.last_row - 1, c,
                       {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100})
    _score_cf(ws, fm, T.first_row, c, T.last_row)


def _issues_sheet(wb, ws, fm, snap) -> None:
    _table(ws, fm, snap, L.ISSUES, L.SHEETS["issues"].title)
    _list_dv(ws, L.ISSUES, "tool", list(L.TOOLS_LIST))


def _library_sheet(wb, ws, fm, snap) -> None:
    _table(ws, fm, snap, L.LIBRARY, L.SHEETS["library"].title)
    _list_dv(ws, L.LIBRARY, "owner", list(L.unit_roles()), strict=False)


def _analysis_sheet(wb, ws, fm, snap) -> None:
    _table(ws, fm, snap, L.ANALYSIS, L.SHEETS["analysis"].title)
    _analysis_look(ws, fm)


def _analysis_look(ws, fm) -> None:
    """Issue heading rows bold and shaded; decisions coloured."""
    T = L.ANALYSIS
    b = T.letter("part")
    ws.conditional_format(T.first_row - 1, 0, T.last_row - 1, T.n_cols - 1, {
        "type": "formula", "criteria": f'=${b}{T.first_row}="ประเด็น"', "format": fm.heading})
    d = T.letter("decision")
    rng = (T.first_row - 1, T.col("decision") - 1, T.last_row - 1, T.col("decision") - 1)
    ws.conditional_format(*rng, {"type": "formula", "criteria": f'=${d}{T.first_row}="{L.DECISIONS["improve"]}"', "format": fm.amber})
    ws.conditional_format(*rng, {"type": "formula", "criteria": f'=${d}{T.first_row}="{L.DECISIONS["maintain"]}"', "format": fm.green})


def _plan_sheet(wb, ws, fm, snap) -> None:
    T = L.PLAN
    _table(ws, fm, snap, T, L.SHEETS["plan"].title)
    ws.freeze_panes(T.header_row, 2)
    _plan_look(ws, fm, tuple(L.unit_roles()))
    _plan_print(ws)


def published_plan_columns() -> int:
    """How many of the plan's first columns are published (the staff columns and state follow)."""
    n = 0
    for col in L.PLAN.columns:
        if col.role != "generated" or col.key == "row_state":
            break
        n += 1
    return n


def _plan_print(ws) -> None:
    """The plan prints its published columns only, one page wide (A4 landscape): the staff
    columns (owner override, status, progress, evidence, notes) are working columns, kept out of
    the print area. All 13 columns on one width printed 16 pt at about 7.7 pt."""
    T = L.PLAN
    ws.print_area(0, 0, T.last_row - 1, published_plan_columns() - 1)
    ws.set_margins(left=0.3, right=0.3, top=0.5, bottom=0.6)


def _plan_look(ws, fm, roles: tuple) -> None:
    """Owner and status lists, progress bars, status colours, finished rows in grey."""
    T = L.PLAN
    units = f"={L.quote_sheet(L.SHEETS['settings'].name)}!$B${L.settings_row('unit.' + roles[0])}:$B${L.settings_row('unit.' + roles[-1])}"
    _list_dv(ws, T, "owner_override", units, strict=False)
    _list_dv(ws, T, "status", list(L.PLAN_STATUSES))
    c = T.col("progress") - 1
    ws.data_validation(T.first_row - 1, c, T.last_row - 1, c,
                       {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100})
    ws.conditional_format(T.first_row - 1, c, T.last_row - 1, c,
                          {"type": "data_bar", "bar_color": "#70AD47", "min_type": "num", "min_value": 0,
                           "max_type": "num", "max_value": 100, "data_bar_2010": False})
    s = T.letter("status")
    ws.conditional_format(T.first_row - 1, T.col("status") - 1, T.last_row - 1, T.col("status") - 1, {
        "type": "formula", "criteria": f'=${s}{T.first_row}="{L.PLAN_STATUSES[2]}"', "format": fm.green})
    ws.conditional_format(T.first_row - 1, T.col("status") - 1, T.last_row - 1, T.col("status") - 1, {
        "type": "formula", "criteria": f'=${s}{T.first_row}="{L.PLAN_STATUSES[3]}"', "format": fm.red})
    st = T.letter("row_state")
    ws.conditional_format(T.first_row - 1, 0, T.last_row - 1, T.n_cols - 1, {
        "type": "formula", "criteria": f'=${st}{T.first_row}<>""', "format": fm.done_row})


def _notes_sheet(wb, ws, fm, snap) -> None:
    _table(ws, fm, snap, L.NOTES, L.SHEETS["notes"].title, at_least=len(L.NOTE_KEYS))


def _findings_sheet(wb, ws, fm, snap) -> None:
    T = L.FINDINGS
    _table(ws, fm, snap, T, L.SHEETS["findings"].title)
    a = T.letter("severity")
    rng = (T.first_row - 1, 0, T.last_row - 1, 0)
    ws.conditional_format(*rng, {"type": "formula", "criteria": f'=${a}{T.first_row}="{L.SEVERITIES["error"]}"', "format": fm.red})
    ws.conditional_format(*rng, {"type": "formula", "criteria": f'=${a}{T.first_row}="{L.SEVERITIES["warning"]}"', "format": fm.amber})


# The workbook's xlwings.conf sheet. Only keys with a value: in xlwings' VBA (GetConfig) a key
# present on the sheet wins even when blank, so a blank Interpreter_Win would hide the user's
# own ~/.xlwings/xlwings.conf (written by `ita-xl doctor --fix`) and run PATH's bare `python`.
CONF_ROWS = (
    ("UDF Modules", "ita_xl.udfs"),
    ("Use UDF Server", "False"),
    ("Show Console", "False"),
    ("ADD_WORKBOOK_TO_PYTHONPATH", "True"),
)


def _conf_sheet(ws, fm) -> None:
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 50)
    for i, (k, v) in enumerate(CONF_ROWS):
        assert v, k  # a blank value would override the user's config
        ws.write_string(i, 0, k)
        ws.write_string(i, 1, v)


def _framework_sheet(wb, ws, fm, snap) -> None:
    """The workbook's own framework: its question list (a table) and, from column J, its keys."""
    T = L.FRAMEWORK
    _table(ws, fm, snap, T, L.SHEETS["framework"].title)
    _list_dv(ws, T, "tool", list(L.TOOLS_LIST))
    c0 = L.FRAMEWORK_META_COL - 1
    for j, width in enumerate(L.FRAMEWORK_META_WIDTHS):
        ws.set_column(c0 + j, c0 + j, width)
    for j, text in enumerate(L.FRAMEWORK_META_HEADER):
        ws.write_string(T.header_row - 1, c0 + j, text, fm.header)
    meta = snap.rows(T.sheet, T.first_row, 3, first_col=c0 + 1)
    for i, row in enumerate(meta):
        r = T.first_row - 1 + i
        _write(ws, r, c0, row[0], fm.key)
        _write(ws, r, c0 + 1, row[1], fm.label)
        _write(ws, r, c0 + 2, row[2], fm.label)


_STATIC_SHEETS = ("issues", "library", "framework")  # their cells are a function of their table's rows
_SHEET_WRITERS = {
    "questions": _questions_sheet, "issues": _issues_sheet, "library": _library_sheet,
    "analysis": _analysis_sheet, "plan": _plan_sheet, "notes": _notes_sheet, "findings": _findings_sheet,
    "framework": _framework_sheet,
}


def _button(ws, spec: L.SheetSpec) -> None:
    row, col = (0, 3) if spec.key == "settings" else (1, 1)
    ws.insert_button(row, col, {
        "macro": MACRO,
        "caption": spec.button,
        "description": f"ita_xl command {spec.command} on sheet {spec.key}",
        "width": 190, "height": 34, "x_offset": 4, "y_offset": 2,
    })


BUTTON_PX = (380, 68)  # drawn at twice the size it shows (190 × 34 pt-ish): sharp on HiDPI screens


@lru_cache(maxsize=32)
def lite_button_png(caption: str, latin: str = "") -> bytes:
    """A button-like picture with its caption (Lite has no form buttons: REPORT §3.3), drawn with Pillow.

    The caption is set in the report's Thai font (Sarabun ships with the package; Thai marks are
    shaped with Raqm where Pillow has it). Should no Thai font be found, ``latin`` (the command's
    English name) is drawn in Pillow's own font instead, so buttons stay distinct and readable.
    """
    from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415

    from ..report.fonts import thai_font  # noqa: PLC0415

    font_file = None
    try:
        found = thai_font()
        font_file = found.bold or found.regular
    except Exception:  # noqa: BLE001 - no font machinery at all: the Latin fallback below
        font_file = None
    w, h = BUTTON_PX
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((1, 1, w - 2, h - 2), radius=14, fill="#1F4E79", outline="#163A5A", width=3)
    if font_file is not None:
        font, text = ImageFont.truetype(str(font_file), 34), caption
    else:
        font, text = ImageFont.load_default(26), latin or caption
    while draw.textlength(text, font=font) > w - 24 and font.size > 14:
        font = font.font_variant(size=font.size - 2)
    draw.text((w / 2, h / 2), text, font=font, fill="white", anchor="mm")
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _lite_button(ws, spec: L.SheetSpec) -> None:
    """A picture over the cell Lite's ``@script(button=...)`` names, hyperlinked to that cell."""
    from ..lite import button_cell  # noqa: PLC0415

    cell = button_cell(spec.key)
    ws.insert_image(cell, f"button_{spec.key}.png", {
        "image_data": io.BytesIO(lite_button_png(spec.button, spec.command)),
        "x_scale": 0.5, "y_scale": 0.5,
        "url": f"internal:'{spec.name}'!{cell}",
        "tip": f"{spec.button} (xlwings Lite)",
        "description": f"ita_xl command {spec.command} on sheet {spec.key}",
        "object_position": 3,
    })


def write_xlsx(target: Path | io.BytesIO, snap: Snapshot, year: int, runtime: str, result: Result | None,
               fast: bool = True) -> None:
    """Write the workbook for ``snap`` to a path or a stream.

    ``fast=False`` builds it with XlsxWriter's public API, every part (the reference the
    template's equality test compares with). The fast path takes the shape's :func:`template`
    (built once per process the same way) and writes only the cells (:mod:`.package`).
    """
    if not fast:
        wb = xlsxwriter.Workbook(target, _workbook_options())
        _populate(wb, snap, year, runtime, result)
        wb.close()
        return
    tpl = template(year, runtime)
    book = CellBook(tpl.styles, tpl.pixels)
    written = _populate(book, snap, year, runtime, result, keep=tpl.static)[3]
    tpl.package.write(target, {name: ws.cells for name, ws in book.sheets.items() if name in written})


class Template:
    """The blank workbook of a shape, its package, its style ids by format and its static sheets."""

    def __init__(self, package: Package, styles: dict, static: dict, pixels: bool):
        self.package, self.styles, self.static, self.pixels = package, styles, static, pixels


@lru_cache(maxsize=16)  # a year x runtime each
def template(year: int, runtime: str) -> Template:
    """Build the blank workbook of ``(year, runtime)`` with XlsxWriter, plus a palette: on the
    notes sheet (whose cells every workbook writes anew), one cell per format, to read the style
    ids from the package itself, and a row height that tells how XlsxWriter rounds them."""
    case = AgencyCase(org=Org(name=""), scores=ScoreSet(year=year))
    snap, _ = workbook_values("", case, year, "")
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, _workbook_options())
    fm, sheets, static, _ = _populate(wb, snap, year, runtime, None)
    keys = list(fm.made)
    palette = sheets["notes"]
    for j, key in enumerate(keys):
        palette.write_blank(PALETTE_ROW, j, None, fm.made[key])
    palette.set_row(PALETTE_ROW, 34)  # 33.75 where heights are whole pixels
    wb.close()
    package = Package(buf.getvalue())
    notes = L.SHEETS["notes"].name
    return Template(package, package.styles(notes, PALETTE_ROW, keys), static, package.pixel_rows(notes, PALETTE_ROW, 34))


def _workbook_options() -> dict:
    """A fresh dict each time: XlsxWriter writes into the default format properties it is given."""
    return {
        "default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE},
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
        "in_memory": True,
    }


def _populate(wb, snap: Snapshot, year: int, runtime: str, result: Result | None, keep: dict | None = None):
    """Every sheet, format, formula, chart and button of the workbook (all but closing it).

    ``wb`` is an XlsxWriter workbook or a :class:`.package.CellBook`. ``keep``: the static
    tables' rows in the template; a sheet whose rows are the same is not written (its template
    part stands). Returns the formats, the sheets, the static tables' rows and the names of the
    sheets whose cells were written (all but xlwings.conf and the static sheets kept)."""
    snap = _RowsOnce(snap)
    fm = _Formats(wb)
    sheets = {}
    for spec in L.SHEET_LIST:
        sheets[spec.key] = ws = wb.add_worksheet(spec.name)
        ws.hide_gridlines(2 if spec.key in ("analysis", "plan", "notes", "findings") else 1)
        ws.set_default_row(L.ROW_PT)
    if runtime == "desktop":
        wb.set_vba_name("ThisWorkbook")
        n = 3
        for spec in L.SHEET_LIST:
            name = VBA_SHEET_NAMES.get(spec.key)
            if name is None:
                name, n = f"Sheet{n}", n + 1
            sheets[spec.key].set_vba_name(name)
        conf = wb.add_worksheet(L.CONF_SHEET)
        conf.set_vba_name(VBA_SHEET_NAMES[L.CONF_SHEET])
        _conf_sheet(conf, fm)
        conf.hide()  # xlwings reads it hidden too; kept out of prints
        wb.add_vba_project(io.BytesIO(xlwings_vba_project()), is_stream=True)
    _settings_sheet(wb, sheets["settings"], fm, snap, runtime, year)
    _indicators_sheet(wb, sheets["indicators"], fm, snap, year, result)
    static = {}
    written = {spec.name for spec in L.SHEET_LIST if spec.key not in _STATIC_SHEETS}
    for key, writer in _SHEET_WRITERS.items():
        if key in _STATIC_SHEETS:  # the same in every workbook of a year: the template's stand
            table = L.TABLES[key]
            rows = snap.rows(table.sheet, table.first_row, table.n_cols)
            if key == "framework":  # and its keys beside the question list
                rows = (rows, snap.rows(table.sheet, table.first_row, 3, first_col=L.FRAMEWORK_META_COL))
            static[key] = rows
            if keep is not None and keep.get(key) == rows:
                continue
        writer(wb, sheets[key], fm, snap)
        written.add(L.SHEETS[key].name)
    for spec in L.working_sheets():
        (_button if runtime == "desktop" else _lite_button)(sheets[spec.key], spec)
    wb.set_properties({"title": "ITA", "subject": "ITA integrity assessment analysis", "creator": "ita_xl"})
    return fm, sheets, static, written


# ------------------------------------------------------------------------------------- public API


def default_year() -> int:
    years = [y for y in available_years() if load(y).issues] or available_years()
    return years[-1]


def _has_scores(case: AgencyCase | None) -> bool:
    return bool(case and (case.scores.questions or case.scores.indicators))


def workbook_values(path: str, case: AgencyCase | None, year: int, module: str = "") -> tuple[Snapshot, Result | None]:
    """The cell values of a new workbook: the template's, then (with scores) import + fill."""
    snap = C.new_snapshot(path, year, case, module)
    if not _has_scores(case):
        return snap, None
    snap = apply_to_snapshot(snap, C.import_scores(snap, C.scores_of(case)))
    ops, result = C.fill_with_result(snap)
    return apply_to_snapshot(snap, ops), result


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


def shadowed_module(stem: str, folder: Path | None = None) -> str | None:
    """What a workbook called ``<stem>.xlsm`` would collide with, or ``None``.

    A standard-library module, a package the button path imports, or any module importable here
    (its own shim in ``folder`` excepted); compared without case (Windows' file names have none).

    >>> shadowed_module("statistics"), shadowed_module("ita_xl"), shadowed_module("ita_lampang_2566")
    ('standard library module statistics', 'module ita_xl', None)
    """
    import importlib.util  # noqa: PLC0415
    import sys  # noqa: PLC0415

    low = stem.lower()
    stdlib = {m.lower() for m in sys.stdlib_module_names}
    if low in stdlib:
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
) -> Path:
    """Build a new workbook at ``path`` (atomically; an existing file is kept as ``.bak``).

    With a ``case`` that has scores, the analyses, plan and findings are filled in right away.
    """
    return _build(path, case, runtime, history, year=year, org=org, shim=shim, backup=backup)[0]


def _build(path, case, runtime, history, *, year, org, shim, backup, atomic=True) -> tuple[Path, Result | None]:
    path = Path(path)
    module = check_target(path, runtime)
    if path.exists():
        check_not_open(path)
    if case is None:
        y = year or default_year()
        case = AgencyCase(org=org or Org(name=""), scores=ScoreSet(year=y))
    elif org is not None:
        case = replace(case, org=org)
    if history:
        case = replace(case, history={**case.history, **history})
    y = case.scores.year
    if y not in available_years():
        raise InputError(str(path), f"ไม่มีกรอบการประเมินปี {y}", f"no ITA framework for {y}; have {available_years()}")
    snap, result = workbook_values(str(path), case, y, module)
    if atomic:
        atomic_save(path, lambda tmp: write_xlsx(tmp, snap, y, runtime, result), backup=backup)
    else:
        write_xlsx(path, snap, y, runtime, result)
    if runtime == "desktop" and shim:
        shim_path = path.with_name(module + ".py")
        if atomic and shim_path.exists() and shim_path.read_text(encoding="utf-8") == SHIM:
            pass
        else:
            shim_path.write_bytes(_SHIM_BYTES)
    elif runtime == "lite":
        _embed_lite(path)
    return path, result


def _embed_lite(path: Path) -> None:
    try:
        from .. import lite  # noqa: PLC0415
    except ImportError:
        return
    embed = getattr(lite, "embed", None)
    if embed is not None:
        embed(path)


def write_agency_workbook(case: AgencyCase, out_path: str | os.PathLike, runtime: str = "desktop", *,
                          atomic: bool = True) -> Result | None:
    """A complete, filled workbook for one agency (the batch entry point).

    Written atomically unless ``atomic=False``: for a caller that writes into a folder of its own
    and moves finished files into place itself (the batch's staging folder), the temp file and
    the extra rename are one file creation too many per agency.
    Returns the analysis written into it (None without scores), so a caller need not redo it.
    """
    return _build(out_path, case, runtime, None, year=None, org=None, shim=True, backup=False, atomic=atomic)[1]


def _prepare(runtime: str = "desktop") -> None:
    """Load what writing workbooks needs (xlwings' VBA project for desktop ones) ahead of a batch."""
    if runtime == "desktop":
        xlwings_vba_project()


write_agency_workbook.prepare = _prepare
