"""Indicator, tool and total scores and the level, from question scores and stated values."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ita_xl.core.codes import TOOLS
from ita_xl.core.framework import Framework, Level, codes_by_indicator
from ita_xl.core.model import ScoreSet
from ita_xl.core.thai import round_half_up


@dataclass
class IndicatorScore:
    no: int
    name: str
    tool: str
    stated: float | None  # as given (e.g. from ITAS)
    computed: float | None  # from its questions; None when none is given
    missing: list[str] = field(default_factory=list)  # question codes with no score
    estimate: bool = False  # OIT computed from items where sub-indicators are unknown or partial

    @property
    def score(self) -> float | None:
        """The value that counts: the stated one when given, else the computed one."""
        return self.stated if self.stated is not None else self.computed


def exact(value: float) -> Decimal:
    """A number as the decimal it was given as (its shortest text), for arithmetic without the
    binary float's error: 0.1 + 0.2 is 0.3.

    >>> exact(0.1) + exact(0.2) == exact(0.3), exact(84.995)
    (True, Decimal('84.995'))
    """
    return Decimal(repr(float(value)))


def mean(values: Iterable[float | Decimal]) -> Decimal:
    """The mean of scores in decimal arithmetic (a half stays a half: 78.80 and 78.81 give 78.805).

    >>> mean([78.8, 78.81]), mean([100, 90, 80])
    (Decimal('78.805'), Decimal('90.0'))
    """
    vals = [v if isinstance(v, Decimal) else exact(v) for v in values]
    return sum(vals, Decimal(0)) / len(vals)


def gap_to_target(score: float, target: float = 100.0) -> float:
    """How far a score is below its target, two decimals; 0 when it is reached (never negative).

    >>> gap_to_target(33.335), gap_to_target(96, 95), gap_to_target(72.5)
    (66.67, 0.0, 27.5)
    """
    if not (math.isfinite(score) and math.isfinite(target)):
        return round_half_up(max(0.0, target - score), 2)
    return round_half_up(max(Decimal(0), exact(target) - exact(score)), 2)


def indicator_scores(fw: Framework, scores: ScoreSet) -> list[IndicatorScore]:
    out = []
    by_indicator = codes_by_indicator(fw)
    for ind in fw.indicators:
        codes = by_indicator.get(ind.no, ())  # fw.questions_of(ind.no)
        present = {c: scores.questions[c] for c in codes if c in scores.questions}
        missing = [c for c in codes if c not in scores.questions]
        computed: Decimal | float | None = None
        estimate = False
        if present:
            subs = [s for s in fw.subindicators if s.indicator == ind.no]
            if ind.tool == "OIT" and subs and not missing:
                computed = mean(mean(present[c] for c in s.items) for s in subs)
            else:
                computed = mean(present.values())
                estimate = ind.tool == "OIT"
            computed = round_half_up(computed, 2)
        out.append(
            IndicatorScore(
                no=ind.no,
                name=ind.name,
                tool=ind.tool,
                stated=scores.indicators.get(ind.no),
                computed=computed,
                missing=missing,
                estimate=estimate,
            )
        )
    return out


def tool_scores(indicators: list[IndicatorScore]) -> dict[str, float | None]:
    """Tool score = mean of its indicators' scores in decimal arithmetic (unrounded; the float
    nearest the decimal mean, so 69.22 and 69.23 give 69.225; None when one is unknown).

    >>> inds = [IndicatorScore(9, "", "OIT", 100.0, None), IndicatorScore(10, "", "OIT", None, 90.0)]
    >>> tool_scores(inds)["OIT"], tool_scores([IndicatorScore(9, "", "OIT", 69.22, None),
    ...                                         IndicatorScore(10, "", "OIT", 69.23, None)])["OIT"]
    (95.0, 69.225)
    """
    out: dict[str, float | None] = {}
    for tool in TOOLS:
        vals = [i.score for i in indicators if i.tool == tool]
        out[tool] = float(mean(vals)) if vals and all(v is not None for v in vals) else None  # type: ignore[arg-type]
    return out


def weighted_total(tools: dict[str, float | None], weights: dict[str, float]) -> float | None:
    """Total = Σ weight·tool in decimal arithmetic, two decimals half up (0.30·IIT + 0.30·EIT +
    0.40·OIT): a total of exactly 90.455 is 90.46, though the same sum in binary is 90.45499999999998.

    >>> weighted_total({"IIT": 97.006, "EIT": 86.17666666, "OIT": 100.0}, {"IIT": .3, "EIT": .3, "OIT": .4})
    94.95
    >>> weighted_total({"IIT": 91.33, "EIT": 88.83333333333333, "OIT": 91.015}, {"IIT": .3, "EIT": .3, "OIT": .4})
    90.46
    """
    if any(tools.get(t) is None for t in weights):
        return None
    terms = [(weights[t], tools[t]) for t in weights]
    if not all(math.isfinite(w) and math.isfinite(v) for w, v in terms):  # type: ignore[arg-type]
        return round_half_up(sum(w * v for w, v in terms), 2)  # type: ignore[operator]
    return round_half_up(sum((exact(w) * exact(v) for w, v in terms), Decimal(0)), 2)  # type: ignore[arg-type]


def published(score: float | None) -> float | None:
    """A score as NACC publishes it, two decimals half up (``None``, NaN and infinities as they are).

    >>> published(84.995), published(None)
    (85.0, None)
    """
    return score if score is None or not math.isfinite(score) else round_half_up(score, 2)


def level_for(
    levels: tuple[Level, ...] | list[Level], total: float | None, tools: dict[str, float | None] | None = None
) -> str | None:
    """The level label: the first level whose minimum the total reaches and whose per-tool rule holds.

    >>> from ita_xl.io.frameworks import load
    >>> lv = load(2566).levels
    >>> level_for(lv, 94.95, {"IIT": 97.0, "EIT": 86.18, "OIT": 100.0})
    'ผ่านดี'
    >>> level_for(lv, 96.0, {"IIT": 99.0, "EIT": 84.0, "OIT": 100.0})
    'ผ่าน'
    >>> level_for(load(2565).levels, 94.99)
    'A'

    A score stated with more decimals counts as it is published, two decimals half up (84.995 is
    85.00, a pass), the same rule as every computed score:

    >>> level_for(lv, 84.995), level_for(load(2564).levels, 84.995)
    ('ผ่าน', 'A')
    """
    if total is None:
        return None
    total = published(total)
    for lv in levels:
        if total + 1e-9 < lv.min:
            continue
        if lv.every_tool_min is not None:
            vals = [published(v) for v in (tools or {}).values()]
            if not vals or any(v is None or v + 1e-9 < lv.every_tool_min for v in vals):
                continue
        return lv.label
    return levels[-1].label if levels else None


def levels_with_bands(levels: tuple[Level, ...], bands: list[tuple[str, float]] | None) -> tuple[Level, ...]:
    """Replace the failing bands of a scheme by an agency's own (they are low-confidence from 2566).

    >>> from ita_xl.io.frameworks import load
    >>> [l.label for l in levels_with_bands(load(2566).levels, [("ไม่ผ่าน", 0.0)])]
    ['ผ่านดีเยี่ยม', 'ผ่านดี', 'ผ่าน', 'ไม่ผ่าน']
    """
    if not bands:
        return levels
    passing = tuple(lv for lv in levels if lv.passed)
    return passing + tuple(Level(label, float(mn)) for label, mn in sorted(bands, key=lambda b: -b[1]))
