"""Each sheet of the workbook with its look: formats, table layout, validations, conditional
formats, charts and print settings, written through XlsxWriter's public API (to a real workbook
for a template or a plain build, or to a :class:`.package.CellBook` for the cells alone).

The values come from :func:`ita_xl.workbook.actions.new_snapshot` (and, when scores are given, from the same
``import_scores`` + ``fill`` ops the headless path applies), so ``ita-xl new --scores`` and
``new`` + ``import`` + ``fill`` give the same cells. Where a plain Excel formula can compute
something (indicator score, gap, tool scores, total, level, plan year) the workbook holds the
formula, so the numbers are right without Python.
"""

from __future__ import annotations

import io
from itertools import chain

from ita_xl.core.compute import gap_to_target
from ita_xl.core.engine import Result
from ita_xl.core.thai import SNAP_PLACES
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.xlsx import buttons as B
from ita_xl.workbook import layout as L
from ita_xl.workbook.ops import Snapshot
from ita_xl.xlsx.package import CellSheet, format_key

FONT = "TH Sarabun New"
FONT_SIZE = 16
# Colours: inputs pale yellow, staff columns pale blue, headers dark teal.
HEADER_BG, INPUT_BG, STAFF_BG = "#1F4E5F", "#FFF8DC", "#E8F1FB"
RED_BG, AMBER_BG, GREEN_BG = "#F8CBAD", "#FFE699", "#C6EFCE"


# ------------------------------------------------------------------------------------- formats

# Conditional formats' looks, by the names the layout's marks use.
MARK_STYLES = {
    "red": {"bg_color": RED_BG},
    "amber": {"bg_color": AMBER_BG},
    "green": {"bg_color": GREEN_BG},
    "alarm": {"bg_color": "#C00000", "font_color": "#FFFFFF"},
    "heading": {"bold": True, "bg_color": "#DDEBF7"},  # analysis: issue heading rows
    "done_row": {"font_color": "#808080", "italic": True},  # plan: finished rows
}


class Formats:
    """The workbook's formats, made once per workbook: cell formats by (kind, role) of a column,
    the few named ones, and the conditional formats by name (:data:`MARK_STYLES`)."""

    NUM = {"score": "0.00", "int": "0", "percent": "0", "formula": "0.00"}

    def __init__(self, wb):
        self.wb = wb
        self.made: dict[str, object] = {}  # format_key -> the format (every format of the workbook)
        base = self.base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "top"}
        self.title = self.add({**base, "bold": True, "font_size": 20, "font_color": HEADER_BG, "valign": "vcenter"})
        self.header = self.add(
            {**base, "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_BG, "border": 1, "text_wrap": True,
             "align": "center", "valign": "vcenter"}
        )
        self.label = self.add({**base, "border": 1, "text_wrap": True})
        self.key = self.add({**base, "font_size": 11, "font_color": "#808080", "border": 1})
        self.banner = self.add({**base, "bold": True, "font_color": "#C00000", "text_wrap": True, "valign": "vcenter"})
        self.weight = self.add({**base, "border": 1, "num_format": "0%", "align": "center"})
        self.marks = {name: self.add(props) for name, props in MARK_STYLES.items()}
        self.looks = {name: self.add(look_props(name)) for name in L.DOC_LOOKS}
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
            if kind == "long" or (kind in ("key", "text") and role != "staff"):
                props["text_wrap"] = True
            if kind in self.NUM:
                props["num_format"] = self.NUM[kind]
                props["align"] = "center" if kind == "int" else "right"
            bg = {"input": INPUT_BG, "staff": STAFF_BG, "formula": "#F2F2F2"}.get(role)
            if bg:
                props["bg_color"] = bg
            f = self._cells[key] = self.add(props)
        return f


def look_props(name: str) -> dict:
    """A document look (:data:`.layout.DOC_LOOKS`) as XlsxWriter format properties."""
    size, bold, align, sides, shaded = L.DOC_LOOKS[name]
    props = {"font_name": L.DOC_FONT, "font_size": size, "bold": bold, "align": align, "text_wrap": True,
             "valign": "vcenter" if shaded else "top"}
    if sides == "lrtb":
        props["border"] = 1
    else:
        props |= {{"l": "left", "r": "right", "t": "top", "b": "bottom"}[s]: 1 for s in sides}
    if shaded:
        props["bg_color"] = "#D9D9D9"
    return props


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


def _print_setup(ws, header_row: int, side_margin: float = 0.4) -> None:
    """A4 landscape, one page wide, the header rows on every page, page numbers at the foot."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=side_margin, right=side_margin, top=0.5, bottom=0.6)
    ws.repeat_rows(header_row - 1)
    ws.set_footer("&C&P / &N")


def _validate(ws, r0: int, c: int, r1: int, check: L.Check) -> None:
    """A :class:`.layout.Check` over rows ``r0``..``r1`` of column ``c`` (0-based)."""
    if check.source is None:
        opts = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100}
    else:  # XlsxWriter takes a list of choices as a list, a range as a formula string
        src = check.source
        opts = {"validate": "list", "source": list(src) if isinstance(src, tuple) else src}
    if not check.strict:
        opts["error_type"] = "information"
    ws.data_validation(r0, c, r1, c, opts)


def _scores(ws, fm: Formats, first_row: int, c0: int, last_row: int, c1: int) -> None:
    """Below 85 red, below 100 amber, 100 green (numbers only; blanks stay plain); 1-based rows."""
    a = L.cell(first_row, c0 + 1)
    for crit, style in ((f"AND(ISNUMBER({a}),{a}<85)", "red"), (f"AND(ISNUMBER({a}),{a}>=85,{a}<100)", "amber"),
                        (f"AND(ISNUMBER({a}),{a}>=100)", "green")):
        ws.conditional_format(first_row - 1, c0, last_row - 1, c1,
                              {"type": "formula", "criteria": "=" + crit, "format": fm.marks[style]})


def _mark(ws, fm: Formats, table: L.Table, mark: L.Mark, last_row: int) -> None:
    """A :class:`.layout.Mark` over the table's data rows down to ``last_row`` (1-based)."""
    T = table
    c0, c1 = (0, T.n_cols - 1) if mark.first is None else (T.col(mark.first) - 1, T.col(mark.last or mark.first) - 1)
    if mark.kind == "scores":
        return _scores(ws, fm, T.first_row, c0, last_row, c1)
    if mark.kind == "bar":
        opts = {"type": "data_bar", "bar_color": mark.style, "data_bar_2010": False}
        if mark.scale:
            opts |= {"min_type": "num", "min_value": mark.scale[0], "max_type": "num", "max_value": mark.scale[1]}
    else:
        x = f"${T.letter(mark.when)}{T.first_row}"
        test = f'{x}<>""' if mark.value is None else f'{x}="{mark.value}"'
        opts = {"type": "formula", "criteria": "=" + test, "format": fm.marks[mark.style]}
    ws.conditional_format(T.first_row - 1, c0, last_row - 1, c1, opts)


def _table(ws, fm: Formats, table: L.Table, rows: list[list], min_rows: int | None = None,
           mark_rows: int | None = None) -> None:
    """A table sheet from its declaration: title, header, the data ``rows`` with each column's
    look, widths, frozen header, print setup, validations and conditional formats (``mark_rows``:
    the rows these reach, default ``max_rows``)."""
    T = table
    ws.set_row(0, 34)
    ws.set_row(1, 30)  # room for the sheet's button
    ws.write_string(0, 0, L.SHEETS[T.sheet_key].title, fm.title)
    h = T.header_row - 1
    ws.set_row(h, 40)
    for j, col in enumerate(T.columns):
        ws.set_column(j, j, col.width)
        ws.write_string(h, j, col.header, fm.header)
    at_least = T.min_rows if min_rows is None else min_rows
    if len(rows) < at_least:
        rows = rows + [[None] * T.n_cols for _ in range(at_least - len(rows))]
    fmts = [fm.cell(c.kind, c.role) for c in T.columns]
    cells_only = isinstance(ws, CellSheet)
    for i, row in enumerate(rows):
        r = T.first_row - 1 + i
        if cells_only:
            height = ws.put_row(r, row, fmts, lambda row=row: L.row_height(T, row))
        else:
            for j, v in enumerate(row):
                _write(ws, r, j, v, fmts[j])
            height = L.row_height(T, row)
        if height:
            ws.set_row(r, height)
    ws.freeze_panes(T.header_row, T.freeze_cols)
    _print_setup(ws, T.header_row, T.side_margin)
    if T.print_cols:
        ws.print_area(0, 0, T.last_row - 1, T.print_cols - 1)
    for check in T.checks:
        _validate(ws, T.first_row - 1, T.col(check.key) - 1, T.last_row - 1, check)
    last = T.first_row + (T.max_rows if mark_rows is None else mark_rows) - 1
    for mark in T.marks:
        _mark(ws, fm, T, mark, last)


# ------------------------------------------------------------------------------------- sheets


def _settings_sheet(wb, ws, fm: Formats, snap: Snapshot, runtime: str, year: int, frameworks: Frameworks = KNOWN) -> None:
    """A form, not a table: label | value | key per setting, its checks, the renamed-file banner."""
    sheet = L.SHEETS["settings"].name
    for j, width in enumerate((46, 46, 16)):
        ws.set_column(j, j, width)
    ws.set_row(0, 34)
    ws.write_string(0, 0, L.SHEETS["settings"].title, fm.title)
    for j, text in enumerate(("รายการ", "ค่า", "key")):
        ws.write_string(L.SETTINGS_HEADER_ROW - 1, j, text, fm.header)
    inp, num = fm.cell("text", "input"), fm.cell("int", "input")
    for i, f in enumerate(L.SETTINGS_FIELDS):
        r = L.SETTINGS_FIRST_ROW - 1 + i
        label, value = snap.value(sheet, r + 1, 1), snap.value(sheet, r + 1, 2)
        ws.write_string(r, 0, str(label or f.label), fm.label)
        ws.write_string(r, 2, f.key, fm.key)
        if f.key == "plan_year" and value is None:
            y = L.settings_cell("year")
            ws.write_formula(r, 1, f'=IF(ISNUMBER({y}),{y}+1,"")', fm.cell("int", "formula"), year + 1)
        else:
            _write(ws, r, 1, value, fm.key if f.key == "module" else num if f.kind in ("int", "formula") else inp)
    for check in (L.Check("org_type", tuple(L.org_types()), strict=False), L.Check("numerals", L.NUMERALS),
                  L.Check("year", tuple(str(y) for y in frameworks.years())), L.Check("threshold"), L.Check("target"),
                  L.Check("progress_round", L.PROGRESS_ROUNDS)):
        r = L.settings_row(check.key) - 1
        _validate(ws, r, L.SETTINGS_VALUE_COL - 1, r, check)
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
        ws.conditional_format(1, 0, 1, 2, {"type": "formula", "criteria": '=LEN($A$2)>0', "format": fm.marks["alarm"]})
    ws.freeze_panes(L.SETTINGS_HEADER_ROW, 0)
    _print_setup(ws, L.SETTINGS_HEADER_ROW)
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


def _round2(x: str) -> str:
    """``x`` to two decimals half up as the core rounds (:func:`core.thai.round_half_up`): first to
    nine decimals, so a mean or weighted sum that is exactly a half but lands a binary hair below it
    (84.99499999999999) goes up. Of 8,000 half-cent means, totals and gaps a bare ROUND(x,2) put
    1,589 off the exact value in Gnumeric and 2 in LibreOffice; this, none
    (``scripts/measure_rounding.py --formulas``)."""
    return f"ROUND(ROUND({x},{SNAP_PLACES}),2)"


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
    flat = f'IFERROR({_round2(f"AVERAGEIFS({score},{ind_col},{a})")},"")'
    subs = [s for s in fw.subindicators if s.indicator == ind.no]
    if ind.tool != "OIT" or not subs:
        return "=" + flat
    means = ",".join(f'AVERAGEIFS({score},{sub},"{s.id}")' for s in subs)
    return f'=IF(COUNTIFS({ind_col},{a},{score},"")>0,{flat},IFERROR({_round2(f"AVERAGE({means})")},""))'


def _indicators_sheet(wb, ws, fm: Formats, snap: Snapshot, year: int, result: Result | None,
                      frameworks: Frameworks = KNOWN) -> None:
    T = L.INDICATORS
    fw = result.framework if result is not None else frameworks.load(year)
    n = n_ind = len(fw.indicators)
    rows = snap.rows(T.sheet, T.first_row, T.n_cols)
    _table(ws, fm, T, rows, min_rows=n_ind, mark_rows=n_ind)  # rows under them too: staff notes
    last = L.indicators_last_row(n_ind)
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
        gap = gap_to_target(score, target) if score != "" else ""
        fwi = next((x for x in fw.indicators if x.no == int(no)), None) if isinstance(no, (int, float)) else None
        if fwi is not None:
            computed = ind.computed if ind and ind.computed is not None else ""
            ws.write_formula(r - 1, T.col("computed") - 1, _computed_formula(fw, fwi, r), ffmt, computed)
        ws.write_formula(r - 1, T.col("score") - 1, f'=IF(ISNUMBER({d}),{d},IF(ISNUMBER({e}),{e},""))', ffmt, score)
        ws.write_formula(r - 1, T.col("target") - 1, f'=IF({f}="","",{tref})', ffmt, target)
        ws.write_formula(r - 1, T.col("gap") - 1, f'=IF({f}="","",MAX(0,{_round2(f"{g}-{f}")}))', ffmt, gap)
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
        label, weight, stated = (snap.value(T.sheet, r + 1, c0 + 1 + j) for j in range(3))
        ws.write_string(r, c0, str(label or L.SUMMARY_LABELS[key]), fm.label)
        _write(ws, r, c0 + 1, weight, fm.weight)
        _write(ws, r, c0 + 2, stated, fm.cell("score" if key != "level" else "text", "input"))
        if key in L.TOOLS_LIST:
            formula = (f'=IFERROR(IF(COUNTIFS({ind_tool},"{key}",{ind_score},"")>0,"",'
                       f'AVERAGEIF({ind_tool},"{key}",{ind_score})),"")')
            cached = result.tools.get(key) if result else None
        elif key == "total":
            weights = f'${wcol}${L.summary_row("IIT", n_ind)}:${wcol}${L.summary_row("OIT", n_ind)}'
            formula = f'=IF(COUNT({tools_rng})<3,"",{_round2(f"SUMPRODUCT({weights},{tools_rng})")})'
            cached = result.total if result else None
        else:
            formula = _level_formula(fw, f"${comp}${L.summary_row('total', n_ind)}", tools_rng)
            cached = result.level if result else None
        fmt = fm.cell("score" if key != "level" else "text", "formula")
        ws.write_formula(r, c0 + 3, formula, fmt, "" if cached is None else cached)
    _scores(ws, fm, L.summary_row("IIT", n_ind), c0 + 2, L.summary_row("total", n_ind), c0 + 3)
    _indicator_charts(wb, ws, n_ind)


def _indicator_charts(wb, ws, n_ind: int) -> None:
    """Indicators across years, and gaps to target (charts read the sheet's cells), side by side,
    each over its own columns; the print area reaches below both."""
    T = L.INDICATORS
    sheet, last = T.sheet, L.indicators_last_row(n_ind)
    cats = [sheet, T.first_row - 1, 1, last - 1, 1]
    font = {"name": FONT, "size": 12}
    height, anchor = 380, L.chart_anchor_row(n_ind)

    def values(key: str) -> list:
        c = T.col(key) - 1
        return [sheet, T.first_row - 1, c, last - 1, c]

    def place(chart, title: str, columns: tuple[int, int]) -> None:
        chart.set_title({"name": title, "name_font": {"name": FONT, "size": 16, "bold": True}})
        chart.set_size({"width": _cols_px(T, *columns) - 8, "height": height})
        ws.insert_chart(anchor, columns[0], chart, {"x_offset": 4, "y_offset": 8, "object_position": 1})

    left, right = _chart_columns(T)
    years = wb.add_chart({"type": "column"})
    keys = [f"hist{k}" for k in range(L.HISTORY_YEARS, 0, -1)] + ["score"]
    for key, colour in zip(keys, ["#BDD7EE", "#9DC3E6", "#5B9BD5", "#2E75B6", "#C55A11"]):
        years.add_series({"name": [sheet, T.header_row - 1, T.col(key) - 1], "categories": cats,
                          "values": values(key), "fill": {"color": colour}, "gap": 80})
    years.set_y_axis({"min": 0, "max": 100, "num_font": font,
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    years.set_x_axis({"num_font": {**font, "rotation": -45}})
    years.set_legend({"position": "bottom", "font": font})
    place(years, "คะแนนรายตัวชี้วัดเทียบรายปี", left)
    gap = wb.add_chart({"type": "bar"})
    gap.add_series({"name": "ส่วนต่างจากเป้าหมาย", "categories": cats, "values": values("gap"),
                    "fill": {"color": "#F4B183"}})
    gap.set_y_axis({"reverse": True, "num_font": font})
    gap.set_x_axis({"num_font": font, "min": 0})
    gap.set_legend({"none": True})
    place(gap, "ส่วนต่างจากค่าเป้าหมาย", right)
    rows = -(-(height + 16) // round(L.ROW_PT * 4 / 3))
    ws.print_area(0, 0, anchor + rows, T.n_cols - 1)


def _doc_sheet(ws, fm: Formats, doc: L.DocSheet) -> None:
    """A document sheet: its grid, the looks' sample cells (hidden), A4 (portrait or landscape, as
    the DOCX's pages) with the DOCX's margins, one page wide, the print area under the title and
    button rows."""
    spec = L.SHEETS[doc.sheet_key]
    for j, width in enumerate(doc.widths):
        ws.set_column(j, j, width)
    ws.set_column(doc.n_cols, doc.n_cols, 4)
    ws.set_row(0, 34)
    ws.set_row(1, 30)  # room for the sheet's button
    ws.write_string(0, 0, spec.title, fm.title)
    c = doc.sample_col - 1
    ws.set_column(c, c, 8, None, {"hidden": True})
    for i, look in enumerate(L.DOC_LOOKS):
        ws.write_string(i, c, look, fm.looks[look])
    ws.set_paper(9)
    if doc.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    left, right, top, bottom = (x / 2.54 for x in doc.margins)
    ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    ws.fit_to_pages(1, 0)  # never wider than a page, whatever the font's metrics where it prints
    ws.center_horizontally()
    ws.print_area(doc.first_row - 1, 0, doc.last_row - 1, doc.n_cols - 1)
    ws.set_footer("&C&P / &N")


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


# The workbook's xlwings.conf sheet. Only keys with a value: in xlwings' VBA (GetConfig) a key
# present on the sheet wins even when blank, so a blank Interpreter_Win would hide the user's
# own ~/.xlwings/xlwings.conf (written by `ita-xl doctor --fix`) and run PATH's bare `python`.
CONF_ROWS = (
    ("UDF Modules", "ita_xl.excel.udfs"),
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


def _framework_meta(ws, fm, rows: list[list]) -> None:
    """Beside the framework's question list, from column J: its keys (key | value | detail)."""
    T = L.FRAMEWORK
    c0 = L.FRAMEWORK_META_COL - 1
    for j, (width, text) in enumerate(zip(L.FRAMEWORK_META_WIDTHS, L.FRAMEWORK_META_HEADER)):
        ws.set_column(c0 + j, c0 + j, width)
        ws.write_string(T.header_row - 1, c0 + j, text, fm.header)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            _write(ws, T.first_row - 1 + i, c0 + j, v, fm.key if j == 0 else fm.label)


# A table sheet's cells are a function of its rows: where they are the template's, its part stands
# (the year's issues, library and framework; a new workbook's empty paste sheet). The notes sheet
# holds the template's palette row, so it is always written anew.
_WRITTEN_ALWAYS = ("notes",)


def _same_cells(kept: tuple | None, now: tuple) -> bool:
    """Are a table's rows (and framework meta rows) those the template holds, cell for cell: equal
    values of the same types (``True == 1`` in Python, not in a cell)?

    >>> _same_cells(([[1, "a"]], None), ([[1, "a"]], None)), _same_cells(([[1, "a"]], None), ([[True, "a"]], None))
    (True, False)
    """
    if kept != now:
        return False
    return all(old is None or _types(old) == _types(new) for old, new in zip(kept, now))


def _types(rows: list[list]) -> tuple[type, ...]:
    return tuple(map(type, chain.from_iterable(rows)))  # one pass in C over every cell


def workbook_options() -> dict:
    """A fresh dict each time: XlsxWriter writes into the default format properties it is given."""
    return {
        "default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE},
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
        "in_memory": True,
    }


def populate(wb, snap: Snapshot, year: int, runtime: str, result: Result | None, keep: dict | None = None,
             frameworks: Frameworks = KNOWN, formats: Formats | None = None):
    """Every sheet, format, formula, chart and button of the workbook (all but closing it).

    ``wb`` is an XlsxWriter workbook or a :class:`.package.CellBook`. ``keep``: the tables' rows
    in the template; a table sheet whose rows are the same is not written, nor is a document sheet
    (the template's part stands). Returns the formats, the sheets, the tables' rows and the names of
    the sheets whose cells were written (all but xlwings.conf and the sheets kept). ``frameworks``:
    those given (``--framework``) before the known years'. ``formats``: the :class:`Formats` made
    once for a template's cell books (a :class:`.package.CellBook` names a format by its properties
    alone, so one serves them all), else made for ``wb``."""
    fm = formats or Formats(wb)
    sheets = {}
    for spec in L.SHEET_LIST:
        sheets[spec.key] = ws = wb.add_worksheet(spec.name)
        table = L.TABLES.get(spec.key)
        grid = table.grid if table is not None else spec.key not in L.DOCS
        ws.hide_gridlines(1 if grid else 2)  # 1: not printed, 2: nor on screen
        ws.set_default_row(L.ROW_PT)
    if runtime == "desktop":
        wb.set_vba_name("ThisWorkbook")
        n = 3
        for spec in L.SHEET_LIST:
            name = B.VBA_SHEET_NAMES.get(spec.key)
            if name is None:
                name, n = f"Sheet{n}", n + 1
            sheets[spec.key].set_vba_name(name)
        conf = wb.add_worksheet(L.CONF_SHEET)
        conf.set_vba_name(B.VBA_SHEET_NAMES[L.CONF_SHEET])
        _conf_sheet(conf, fm)
        conf.hide()  # xlwings reads it hidden too; kept out of prints
        wb.add_vba_project(io.BytesIO(B.xlwings_vba_project()), is_stream=True)
    _settings_sheet(wb, sheets["settings"], fm, snap, runtime, year, frameworks)
    _indicators_sheet(wb, sheets["indicators"], fm, snap, year, result, frameworks)
    static = {}
    written = {L.SHEETS[key].name for key in ("settings", "indicators")}
    for key in (s.key for s in L.SHEET_LIST if s.key in L.TABLES and s.key != "indicators"):
        T = L.TABLES[key]
        rows = snap.rows(T.sheet, T.first_row, T.n_cols)
        meta = snap.rows(T.sheet, T.first_row, 3, first_col=L.FRAMEWORK_META_COL) if key == "framework" else None
        if key not in _WRITTEN_ALWAYS:  # the template's part stands where the rows are the template's
            static[key] = (rows, meta)
            if keep is not None and _same_cells(keep.get(key), (rows, meta)):
                continue
        _table(sheets[key], fm, T, rows)
        if meta is not None:
            _framework_meta(sheets[key], fm, meta)
        written.add(T.sheet)
    for doc in L.DOCS.values():
        if keep is None:  # a document sheet is the same in every workbook: the template's stands
            _doc_sheet(sheets[doc.sheet_key], fm, doc)
            written.add(L.SHEETS[doc.sheet_key].name)
    for spec in L.working_sheets():
        (B.form_button if runtime == "desktop" else B.picture_button)(sheets[spec.key], spec)
    wb.set_properties({"title": "ITA", "subject": "ITA integrity assessment analysis", "creator": "ita_xl"})
    return fm, sheets, static, written
