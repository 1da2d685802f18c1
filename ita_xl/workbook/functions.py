"""The worksheet functions' work, pure: what ``=ITA_GAP(...)``, ``=ITA_LEVEL(...)``, ... compute.

Each takes what a cell or a range gives (numbers, ``None`` for blanks, text, 2-D lists for
ranges) and returns what the cell shows. No xlwings here (xlwings' ``examples/fibonacci``: the pure
function, then a thin wrapper): :mod:`ita_xl.excel.udfs` puts one ``@func`` wrapper on each, which
desktop Excel (*UDF Modules*) and xlwings Lite (``main.py`` imports them) both register.
"""

from __future__ import annotations

from typing import Any

from ita_xl.core import compute
from ita_xl.core.analysis import QuestionRow, decide, weakest
from ita_xl.core.codes import parse_code
from ita_xl.core.compute import level_for, weighted_total
from ita_xl.core.thai import round_half_up, thai_digits
from ita_xl.io.frameworks import available_years, load
from ita_xl.workbook.layout import DECISIONS

STATUS_TEXT = {"th": DECISIONS, "en": {"maintain": "maintain", "improve": "improve"}}



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
