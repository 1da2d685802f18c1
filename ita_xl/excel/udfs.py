"""Worksheet functions (UDFs): one thin xlwings wrapper per function, written once.

As xlwings' ``examples/udf/udf.py``: decorators stacked on a short function whose work is an
ordinary function of :mod:`ita_xl.workbook.functions` (tested directly, bundled for Lite). Desktop
Excel finds these through *UDF Modules* (``ita_xl.excel.udfs``); xlwings Lite's ``main.py``
(``ita_xl/excel/lite_main.py``) imports them, and Lite registers every ``@func`` in main.py's
namespace (``xlwings.server.custom_functions_meta`` walks the module's members). Off Windows and
outside Lite the decorators change nothing.

Array results are returned as 2-D lists and spill natively (Excel 365, Lite). No
``@ret(expand="table")``: in xlwings 0.37.8 that is the *legacy* dynamic-array emulation, which
rewrites the formula as a resized CSE array and overwrites neighbouring cells (``udfs.call_udf``).
No return annotations either: xlwings would take one as a converter.
"""

from __future__ import annotations

from xlwings import arg, func

from ita_xl.workbook import functions as fn

__all__ = ["DOCS", "UDFS", "ita_gap", "ita_gaps", "ita_level", "ita_status", "ita_thai", "ita_tool", "ita_total",
           "ita_weakest", "ita_weakest_list"]

# Argument descriptions shown in Excel's function wizard and Lite's autocomplete.
DOCS = {
    "score": "คะแนน / score",
    "scores": "ช่วงคะแนน / range of scores",
    "codes": "ช่วงรหัสข้อคำถาม เช่น i24 / range of question codes such as i24",
    "target": "ค่าเป้าหมาย (ค่าเริ่มต้น 100) / target (default 100)",
    "threshold": "เกณฑ์ (ค่าเริ่มต้น 100) / threshold (default 100)",
    "year": "ปีที่ประเมิน พ.ศ. เช่น 2567 / assessment year (BE)",
    "value": "ตัวเลขหรือข้อความ / number or text",
    "decimals": "จำนวนทศนิยม (เว้นว่าง = ตามเดิม) / decimal places (blank: as is)",
    "lang": "ภาษา th หรือ en / language th or en",
}


@func
@arg("score", doc=DOCS["score"])
@arg("target", doc=DOCS["target"])
def ita_gap(score: float, target: float = 100.0):  # no return hint: xlwings would take it as a converter
    """ช่องว่างจากคะแนนถึงค่าเป้าหมาย / gap from score to target"""
    return fn.gap_to_target(score, target)


@func
@arg("total", doc="คะแนนรวม / total")
@arg("year", doc=DOCS["year"])
@arg("iit", doc="คะแนน IIT (ไม่บังคับ) / IIT score (optional)")
@arg("eit", doc="คะแนน EIT (ไม่บังคับ) / EIT score (optional)")
@arg("oit", doc="คะแนน OIT (ไม่บังคับ) / OIT score (optional)")
def ita_level(total: float, year: int = None, iit: float = None, eit: float = None, oit: float = None):  # noqa: RUF013
    """ระดับผลการประเมิน ITA / ITA level"""
    return fn.level_of(total, year, iit, eit, oit)


@func
@arg("iit", doc="คะแนน IIT / IIT score")
@arg("eit", doc="คะแนน EIT / EIT score")
@arg("oit", doc="คะแนน OIT / OIT score")
@arg("year", doc=DOCS["year"])
def ita_total(iit: float, eit: float, oit: float, year: int = None):  # noqa: RUF013
    """คะแนนรวมถ่วงน้ำหนัก / weighted total"""
    return fn.weighted_total_of(iit, eit, oit, year)


@func
@arg("scores", ndim=2, doc=DOCS["scores"])
def ita_tool(scores):
    """คะแนนเครื่องมือ (ค่าเฉลี่ย) / tool score (mean)"""
    return fn.tool_score(scores)


@func
@arg("value", ndim=2, doc=DOCS["value"])
@arg("decimals", doc=DOCS["decimals"])
def ita_thai(value, decimals: int = None):  # noqa: RUF013
    """เลขไทย (ช่วงเซลล์ได้ผลเป็นช่วงเท่ากัน) / Thai numerals (a range spills the same shape)"""
    return fn.thai_numerals_cells(value, decimals)


@func
@arg("scores", ndim=2, doc=DOCS["scores"])
@arg("threshold", doc=DOCS["threshold"])
@arg("lang", doc=DOCS["lang"])
def ita_status(scores, threshold: float = 100.0, lang: str = "th"):
    """รักษามาตรฐาน หรือ พัฒนา/ปรับปรุง / maintain or improve"""
    return fn.status_of(scores, threshold, lang)


@func
@arg("codes", ndim=2, doc=DOCS["codes"])
@arg("scores", ndim=2, doc=DOCS["scores"])
@arg("threshold", doc=DOCS["threshold"])
def ita_weakest(codes, scores, threshold: float = 100.0):
    """รหัสข้อที่คะแนนต่ำสุด / weakest question code(s)"""
    return fn.weakest_code(codes, scores, threshold)


@func
@arg("codes", ndim=2, doc=DOCS["codes"])
@arg("scores", ndim=2, doc=DOCS["scores"])
@arg("threshold", doc=DOCS["threshold"])
def ita_weakest_list(codes, scores, threshold: float = 100.0):
    """รหัสข้อที่คะแนนต่ำสุด เรียงลงเป็นคอลัมน์ / weakest code(s), spilled down a column"""
    return fn.weakest_column(codes, scores, threshold)


@func
@arg("scores", ndim=2, doc=DOCS["scores"])
@arg("target", doc=DOCS["target"])
def ita_gaps(scores, target: float = 100.0):
    """ช่องว่างของทุกคะแนนในช่วง (ผลเป็นช่วงเท่ากัน) / gap of every score in a range (spills)"""
    return fn.gaps_of(scores, target)


UDFS = (ita_gap, ita_level, ita_total, ita_tool, ita_thai, ita_status, ita_weakest, ita_weakest_list, ita_gaps)
