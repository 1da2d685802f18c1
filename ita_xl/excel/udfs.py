"""Worksheet functions (UDFs): plain functions first, thin xlwings decorators last.

The plain functions take what a cell or a range gives (numbers, ``None`` for blanks, 2-D lists
for ranges) and are tested directly. The ``ita_*`` wrappers at the bottom carry the xlwings
decorators for desktop Excel (set *UDF Modules* to ``ita_xl.excel.udfs``); xlwings Lite's ``main.py``
(``ita_xl/excel/lite_main.py``) wraps the same plain functions with ``@func``, using the same
Thai descriptions from ``DOCS``. Off Windows and outside Lite the decorators are no-ops.
"""

from __future__ import annotations

from typing import Any

from ita_xl.core.analysis import QuestionRow, decide, weakest
from ita_xl.core.codes import parse_code
from ita_xl.core import compute
from ita_xl.core.compute import level_for, weighted_total
from ita_xl.io.frameworks import available_years, load
from ita_xl.core.thai import round_half_up, thai_digits

from ita_xl.workbook.layout import DECISIONS

STATUS_TEXT = {"th": DECISIONS, "en": {"maintain": "maintain", "improve": "improve"}}

# Descriptions shown in Excel's function wizard / Lite's autocomplete: one table for both runtimes.
DOCS = {
    "gap": "ช่องว่างจากคะแนนถึงค่าเป้าหมาย (ไม่ติดลบ) / gap from score to target (never negative)",
    "level": "ระดับผลการประเมิน ITA ตามเกณฑ์ของปีที่ระบุ / the ITA level under that year's rules",
    "total": "คะแนนรวมถ่วงน้ำหนัก IIT EIT OIT ตามปีที่ระบุ / weighted total of IIT, EIT, OIT",
    "tool": "คะแนนเครื่องมือ = ค่าเฉลี่ยของช่วงคะแนน (ข้ามช่องว่าง) / tool score: mean of a range",
    "thai": "แปลงตัวเลขเป็นเลขไทย กำหนดทศนิยมได้ / number or text in Thai numerals",
    "status": "รักษามาตรฐาน เมื่อทุกคะแนนถึงเกณฑ์ มิฉะนั้น พัฒนา/ปรับปรุง / maintain or improve",
    "weakest": "รหัสข้อที่คะแนนต่ำสุดที่ยังไม่ถึงเกณฑ์ / the lowest-scoring code(s) below the threshold",
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


# -- plain functions -------------------------------------------------------------------------


def _number(v: Any) -> float | None:
    """A cell value as a number; blanks, text and booleans are not numbers.

    >>> _number(85), _number(" 85.5 "), _number(""), _number(None), _number("ก")
    (85.0, 85.5, None, None, None)
    """
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v).strip().replace(",", ""))
    except ValueError:
        return None


def _flat(values: Any) -> list[Any]:
    """A scalar, a row, a column or a 2-D block as one flat list, row by row."""
    if isinstance(values, (list, tuple)):
        return [v for item in values for v in _flat(item)]
    return [values]


def _numbers(values: Any) -> list[float]:
    return [n for n in (_number(v) for v in _flat(values)) if n is not None]


def gap_to_target(score: Any, target: Any = 100.0) -> float | None:
    """How far a score is below its target, two decimals half up on the decimal values (as the
    indicator sheet's gap column); 0 when it is reached.

    >>> gap_to_target(72.5), gap_to_target(96, 95), gap_to_target(None), gap_to_target(33.335)
    (27.5, 0.0, None, 66.67)
    """
    s, t = _number(score), _number(target)
    if s is None:
        return None
    return compute.gap_to_target(s, 100.0 if t is None else t)


def _year(year: Any) -> int:
    y = _number(year)
    return int(y) if y is not None else available_years()[-1]


def level_of(total: Any, year: Any = None, iit: Any = None, eit: Any = None, oit: Any = None) -> str | None:
    """The level a total reaches in an assessment year (tool scores for the per-tool rules).

    >>> level_of(94.95, 2566, 97.0, 86.18, 100.0), level_of(96, 2566, 99, 84, 100), level_of(94.99, 2565)
    ('ผ่านดี', 'ผ่าน', 'A')
    """
    t = _number(total)
    if t is None:
        return None
    tools = {k: _number(v) for k, v in (("IIT", iit), ("EIT", eit), ("OIT", oit))}
    given = {k: v for k, v in tools.items() if v is not None}
    return level_for(load(_year(year)).levels, t, given or None)


def weighted_total_of(iit: Any, eit: Any, oit: Any, year: Any = None) -> float | None:
    """Σ weight·tool with the year's weights, two decimals; ``None`` when a tool is blank.

    >>> weighted_total_of(97.006, 86.17666666, 100, 2566)
    94.95
    """
    tools = {"IIT": _number(iit), "EIT": _number(eit), "OIT": _number(oit)}
    return weighted_total(tools, load(_year(year)).weights)


def tool_score(scores: Any) -> float | None:
    """Mean of the numbers in a range, blanks skipped, unrounded (as the core computes tools).

    >>> tool_score([[100], [90], [None]]), tool_score([[None]]), tool_score([[69.22, 69.23]])
    (95.0, None, 69.225)
    """
    nums = _numbers(scores)
    return float(compute.mean(nums)) if nums else None


def thai_numerals(value: Any, decimals: Any = None) -> str:
    """A number (fixed decimals when given) or a text with Thai digits.

    >>> thai_numerals(94.955, 2), thai_numerals(2567), thai_numerals("ข้อ i24"), thai_numerals(None)
    ('๙๔.๙๖', '๒๕๖๗', 'ข้อ i๒๔', '')
    """
    if value is None:
        return ""
    d = _number(decimals)
    n = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if n is None:
        return thai_digits(str(value))
    if d is not None:
        places = int(d)
        return thai_digits(f"{round_half_up(n, places):.{places}f}")
    return thai_digits(str(int(n)) if float(n).is_integer() else repr(float(n)))


def thai_numerals_block(values: Any, decimals: Any = None) -> list[list[str]]:
    """`thai_numerals` cell by cell over a 2-D block (the result spills over the same shape).

    >>> thai_numerals_block([[1, 2.5], [None, "ก1"]], 1)
    [['๑.๐', '๒.๕'], ['', 'ก๑']]
    """
    rows = values if isinstance(values, list) and values and isinstance(values[0], list) else [_flat(values)]
    return [[thai_numerals(v, decimals) for v in row] for row in rows]


def thai_numerals_cells(values: Any, decimals: Any = None) -> str | list[list[str]]:
    """What ``ITA_THAI`` returns: one text for one cell, else a block of the range's shape.

    >>> thai_numerals_cells(94.95, 2), thai_numerals_cells([[1], [2]])
    ('๙๔.๙๕', [['๑'], ['๒']])
    """
    block = thai_numerals_block(values, decimals)
    return block[0][0] if len(block) == 1 and len(block[0]) == 1 else block


def gaps_of(scores: Any, target: Any = 100.0) -> list[list[float | None]]:
    """``ITA_GAPS``: the gap of every score of a 2-D range, same shape.

    >>> gaps_of([[72, 100], [None, 85.5]], 100)
    [[28.0, 0.0], [None, 14.5]]
    """
    return [[gap_to_target(v, target) for v in row] for row in scores]


def status_of(scores: Any, threshold: Any = 100.0, lang: str = "th") -> str:
    """Maintain when every score in the range reaches the threshold, else improve.

    >>> status_of([[100], [100]]), status_of([[100], [97.17]]), status_of([[98.9]], 95, "en")
    ('รักษามาตรฐาน', 'พัฒนา/ปรับปรุง', 'maintain')
    """
    t = _number(threshold)
    decision = decide(list(_numbers(scores)), 100.0 if t is None else t)
    return STATUS_TEXT.get(str(lang or "th").lower(), STATUS_TEXT["th"])[decision]


def weakest_codes(codes: Any, scores: Any, threshold: Any = 100.0) -> list[str]:
    """Codes of the lowest score below the threshold (ties kept, in range order).

    Codes are normalised (``ข้อ i๒๕`` → ``i25``); rows without a code or score are skipped.

    >>> weakest_codes([["i24"], ["ข้อ i๒๕"], ["i26"]], [[100], [94.43], [94.43]])
    ['i25', 'i26']
    """
    t = _number(threshold)
    rows = [
        QuestionRow(code, None, _number(s))
        for c, s in zip(_flat(codes), _flat(scores), strict=False)
        if (code := parse_code(c) if c is not None else None)
    ]
    return weakest(rows, 100.0 if t is None else t, at_most=len(rows) or 1)


def weakest_column(codes: Any, scores: Any, threshold: Any = 100.0) -> list[list[str]]:
    """``ITA_WEAKEST_LIST``: `weakest_codes` down one column (one empty cell when there are none).

    >>> weakest_column([["i24"], ["i25"]], [[90], [90]]), weakest_column([["i24"]], [[100]])
    ([['i24'], ['i25']], [['']])
    """
    return [[c] for c in weakest_codes(codes, scores, threshold)] or [[""]]


def weakest_code(codes: Any, scores: Any, threshold: Any = 100.0) -> str:
    """`weakest_codes` as one cell's text, ``""`` when every score reaches the threshold.

    >>> weakest_code([["i24"], ["i25"]], [[90], [90]]), weakest_code([["i24"]], [[100]])
    ('i24, i25', '')
    """
    return ", ".join(weakest_codes(codes, scores, threshold))


# -- desktop Excel (classic xlwings) wrappers --------------------------------------------------
# Array results are returned as 2-D lists and spill natively (Excel 365, Lite). No
# ``@ret(expand="table")``: in xlwings 0.37.8 that is the *legacy* dynamic-array emulation, which
# rewrites the formula as a resized CSE array and overwrites neighbouring cells (udfs.call_udf).

try:  # xlwings is the optional "excel" extra; the plain functions above do not need it
    from xlwings import arg, func
except ImportError:  # pragma: no cover - exercised only without the extra

    def func(f=None, **_):  # type: ignore[no-redef]
        return f if f is not None else (lambda g: g)

    def arg(*_, **__):  # type: ignore[no-redef]
        return lambda g: g


@func
@arg("score", doc=DOCS["score"])
@arg("target", doc=DOCS["target"])
def ita_gap(score: float, target: float = 100.0):  # no return hint: xlwings would take it as a converter
    """ช่องว่างจากคะแนนถึงค่าเป้าหมาย / gap from score to target"""
    return gap_to_target(score, target)


@func
@arg("total", doc="คะแนนรวม / total")
@arg("year", doc=DOCS["year"])
@arg("iit", doc="คะแนน IIT (ไม่บังคับ) / IIT score (optional)")
@arg("eit", doc="คะแนน EIT (ไม่บังคับ) / EIT score (optional)")
@arg("oit", doc="คะแนน OIT (ไม่บังคับ) / OIT score (optional)")
def ita_level(total: float, year: int = None, iit: float = None, eit: float = None, oit: float = None):  # noqa: RUF013
    """ระดับผลการประเมิน ITA / ITA level"""
    return level_of(total, year, iit, eit, oit)


@func
@arg("iit", doc="คะแนน IIT / IIT score")
@arg("eit", doc="คะแนน EIT / EIT score")
@arg("oit", doc="คะแนน OIT / OIT score")
@arg("year", doc=DOCS["year"])
def ita_total(iit: float, eit: float, oit: float, year: int = None):  # noqa: RUF013
    """คะแนนรวมถ่วงน้ำหนัก / weighted total"""
    return weighted_total_of(iit, eit, oit, year)


@func
@arg("scores", ndim=2, doc=DOCS["scores"])
def ita_tool(scores):
    """คะแนนเครื่องมือ (ค่าเฉลี่ย) / tool score (mean)"""
    return tool_score(scores)


@func
@arg("value", ndim=2, doc=DOCS["value"])
@arg("decimals", doc=DOCS["decimals"])
def ita_thai(value, decimals: int = None):  # noqa: RUF013
    """เลขไทย (ช่วงเซลล์ได้ผลเป็นช่วงเท่ากัน) / Thai numerals (a range spills the same shape)"""
    return thai_numerals_cells(value, decimals)


@func
@arg("scores", ndim=2, doc=DOCS["scores"])
@arg("threshold", doc=DOCS["threshold"])
@arg("lang", doc=DOCS["lang"])
def ita_status(scores, threshold: float = 100.0, lang: str = "th"):
    """รักษามาตรฐาน หรือ พัฒนา/ปรับปรุง / maintain or improve"""
    return status_of(scores, threshold, lang)


@func
@arg("codes", ndim=2, doc=DOCS["codes"])
@arg("scores", ndim=2, doc=DOCS["scores"])
@arg("threshold", doc=DOCS["threshold"])
def ita_weakest(codes, scores, threshold: float = 100.0):
    """รหัสข้อที่คะแนนต่ำสุด / weakest question code(s)"""
    return weakest_code(codes, scores, threshold)


@func
@arg("codes", ndim=2, doc=DOCS["codes"])
@arg("scores", ndim=2, doc=DOCS["scores"])
@arg("threshold", doc=DOCS["threshold"])
def ita_weakest_list(codes, scores, threshold: float = 100.0):
    """รหัสข้อที่คะแนนต่ำสุด เรียงลงเป็นคอลัมน์ / weakest code(s), spilled down a column"""
    return weakest_column(codes, scores, threshold)


@func
@arg("scores", ndim=2, doc=DOCS["scores"])
@arg("target", doc=DOCS["target"])
def ita_gaps(scores, target: float = 100.0):
    """ช่องว่างของทุกคะแนนในช่วง (ผลเป็นช่วงเท่ากัน) / gap of every score in a range (spills)"""
    return gaps_of(scores, target)


UDFS = (ita_gap, ita_level, ita_total, ita_tool, ita_thai, ita_status, ita_weakest, ita_weakest_list, ita_gaps)
