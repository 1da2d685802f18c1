"""The ITA framework of one assessment year: its types and what is derived from them, pure.

Nothing here knows any one year, nor reads a file: a year is a folder of data files, loaded by
:mod:`ita_xl.io.frameworks` (which also says where a year comes from). A framework carries the
:class:`Catalog` every year shares (OIT topics, unit names), so what is derived from it needs
nothing else.

A year without its own grouping or library gets one derived from the nearest year that has
them (:func:`derive_issues`, :func:`derive_library`): IIT/EIT questions by code where the code
keeps its indicator, OIT items by their topic (``topics.toml``), since OIT codes are renumbered
every year. Every question then sits in some issue.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from ita_xl.core.codes import TOOLS, sort_key


@dataclass(frozen=True)
class Indicator:
    no: int
    name: str
    tool: str


@dataclass(frozen=True)
class Question:
    code: str
    tool: str
    indicator: int
    text: str
    confidence: str  # "official", "seed", "unverified"
    source: str = ""
    note: str = ""
    subindicator: str = ""
    topic: str = ""  # a key of topics.toml (OIT items); what persists when codes are renumbered


@dataclass(frozen=True)
class SubIndicator:
    id: str
    indicator: int
    name: str
    items: tuple[str, ...]
    confidence: str = ""


@dataclass(frozen=True)
class Level:
    label: str
    min: float
    every_tool_min: float | None = None
    passed: bool = False
    confidence: str = "high"


@dataclass(frozen=True)
class IssueGroupSpec:
    tool: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class IssueSpec:
    no: int
    title: str
    groups: tuple[IssueGroupSpec, ...]
    plan_topic: str = ""

    @property
    def codes(self) -> list[str]:
        return [c for g in self.groups for c in g.codes]


@dataclass(frozen=True)
class Recommendation:
    key: str  # question code or "ind6"
    finding: str
    measures: tuple[str, ...]
    owner: str  # a unit role, resolved through the agency's units
    steps: tuple[str, ...]
    action_short: str = ""


@dataclass(frozen=True)
class Topic:
    key: str
    name: str  # what to publish, as a measure names it
    family: str = ""
    owner: str = "admin"
    due: int = 3  # month of the plan's fiscal year by whose end the item must be published
    patterns: tuple[str, ...] = ()
    kind: str = "publish"  # "system": a working system to provide (E-Service), not data to publish


@dataclass(frozen=True)
class Catalog:
    """What every year shares: the OIT topics by key, their texts (the urgent measure, the
    paragraph sentence) and families (``topics.toml``), and the units (``units.toml``)."""

    topics: dict[str, Topic] = field(default_factory=dict)
    texts: dict = field(default_factory=dict)
    families: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)

    def family(self, topic: str) -> str:
        t = self.topics.get(topic)
        return t.family if t else ""

    def topic_of(self, text: str) -> str:
        """The topic of an OIT item from its wording ("" when none fits)."""
        for key, t in self.topics.items():
            for pat in t.patterns:
                if re.search(pat, text, re.IGNORECASE):
                    return key
        return ""


@dataclass
class Framework:
    year: int
    level_scheme: str
    levels: tuple[Level, ...]
    weights: dict[str, float]
    indicators: tuple[Indicator, ...]
    questions: dict[str, Question]
    catalog: Catalog  # shared by every year (io.frameworks.catalog())
    subindicators: tuple[SubIndicator, ...] = ()
    issues: tuple[IssueSpec, ...] = ()
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # maintain/improve texts, paragraph templates
    complete: bool = True
    note: str = ""
    note_th: str = ""  # the note as a Thai finding gives it (``note`` when empty)
    origin: str = "shipped"  # "shipped", a folder path, or "workbook"
    derived_from: int | None = None  # the year the grouping/library were derived from
    # What is worked out from this framework once for every agency analysed under it
    # (:func:`ita_xl.core.analysis.grouping`). A framework is a value, never changed once made
    # (``dataclasses.replace`` makes a new one, with an empty memo); not compared, not in its repr.
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def indicator(self, no: int) -> Indicator:
        for ind in self.indicators:
            if ind.no == no:
                return ind
        raise KeyError(no)

    def questions_of(self, indicator: int) -> list[str]:
        return list(codes_by_indicator(self).get(indicator, ()))

    def recommendation(self, code: str) -> Recommendation | None:
        """The library entry for a question, else its indicator's fallback."""
        if code in self.recommendations:
            return self.recommendations[code]
        q = self.questions.get(code)
        return self.recommendations.get(f"ind{q.indicator}") if q else None


def codes_by_indicator(fw: Framework) -> dict[int, tuple[str, ...]]:
    """``{indicator: codes}`` as :meth:`Framework.questions_of` gives them (do not change it)."""
    by: dict[int, list[str]] = {}
    for c, q in fw.questions.items():
        by.setdefault(q.indicator, []).append(c)
    return {no: tuple(sorted(codes, key=sort_key)) for no, codes in by.items()}


def unknown_code_message(fw: Framework, code: str) -> tuple[str, str]:
    """Thai and English text for a question code the framework does not know; in a year whose
    data is incomplete it says how to add the code instead of stopping there."""
    th = f"ไม่มีข้อคำถาม {code} ในกรอบการประเมินปี {fw.year}"
    en = f"question {code} does not exist in the {fw.year} framework"
    if not fw.complete:
        th += (f" (ข้อมูลปี {fw.year} ยังไม่ครบ: เพิ่มข้อ {code} พร้อมเครื่องมือ ตัวชี้วัด และข้อความจากระบบ ITAS "
               f"ในแผ่นงาน 'กรอบการประเมิน' ของสมุดงาน หรือสร้างกรอบของปีนี้ด้วย "
               f"ita-xl framework new {fw.year} --from รายการข้อ.csv --out โฟลเดอร์ แล้วใช้ --framework โฟลเดอร์)")
        en += (f" (the {fw.year} data is incomplete: add {code} with its tool, indicator and ITAS wording in the "
               f"workbook's framework sheet, or make this year's framework with "
               f"`ita-xl framework new {fw.year} --from items.csv --out DIR` and pass `--framework DIR`)")
    return th, en


# ------------------------------------------------------------------------------------- deriving


def _matches(fw: Framework, src: Framework, code: str) -> list[str]:
    """The codes of ``fw`` that carry what ``code`` of ``src`` asked."""
    sq = src.questions.get(code)
    if sq is None:
        return []
    if sq.tool != "OIT":
        q = fw.questions.get(code)
        if q is not None and q.tool == sq.tool and q.indicator == sq.indicator:
            return [code]
        if not sq.topic:
            return []
    if not sq.topic:
        return []
    return [c for c, q in fw.questions.items() if q.tool == sq.tool and q.topic == sq.topic]


def place_uncovered(
    fw: Framework, specs: tuple[IssueSpec, ...], codes: list[str], new_title: str = ""
) -> tuple[tuple[IssueSpec, ...], dict[str, int]]:
    """Put each code that no issue cites into the issue where it belongs best.

    The issue that holds the most questions of the same topic family (OIT), else of the same
    indicator, else of the same tool; a code that fits nowhere goes into a new last issue.
    Returns the grouping and ``{code: issue no}`` of what was placed.
    """
    issues = [[s.no, s.title, s.plan_topic, [[g.tool, list(g.codes)] for g in s.groups]] for s in specs]
    cited = {c for s in specs for c in s.codes}
    placed: dict[str, int] = {}
    for code in codes:
        if code in cited or code not in fw.questions:
            continue
        q = fw.questions[code]
        fam = fw.catalog.family(q.topic) if q.tool == "OIT" else ""

        def score(issue, pred) -> int:
            return sum(1 for _, cs in issue[3] for c in cs if c in fw.questions and pred(fw.questions[c]))

        related = set(fw.catalog.families.get(fam, ())) if fam else set()
        target = None
        for pred in (
            (lambda o: fam and o.tool == "OIT" and fw.catalog.family(o.topic) == fam),
            (lambda o: o.tool != "OIT" and o.indicator in related),
            (lambda o: o.indicator == q.indicator),
            (lambda o: o.tool == q.tool),
        ):
            best = max(issues, key=lambda it: score(it, pred), default=None)
            if best is not None and score(best, pred) > 0:
                target = best
                break
        if target is None:
            title = new_title or fw.catalog.texts.get("unplaced_issue", "ข้อคำถามที่ยังไม่ได้จัดเข้าประเด็น")
            target = [max((it[0] for it in issues), default=0) + 1, title, title, []]
            issues.append(target)
        group = next((g for g in target[3] if g[0] == q.tool), None)
        if group is None:
            group = [q.tool, []]
            target[3].append(group)
            target[3].sort(key=lambda g: TOOLS.index(g[0]) if g[0] in TOOLS else 9)
        group[1].append(code)
        group[1].sort(key=sort_key)
        cited.add(code)
        placed[code] = target[0]
    out = tuple(
        IssueSpec(no, title, tuple(IssueGroupSpec(t, tuple(cs)) for t, cs in groups if cs), topic)
        for no, title, topic, groups in issues
    )
    return out, placed


def derive_issues(fw: Framework, src: Framework) -> tuple[IssueSpec, ...]:
    """The grouping of ``src`` carried to ``fw`` by code+indicator (IIT/EIT) and topic (OIT);
    every question of ``fw`` ends up in an issue."""
    specs = []
    for spec in src.issues:
        groups = []
        for g in spec.groups:
            codes: list[str] = []
            for c in g.codes:
                for m in _matches(fw, src, c):
                    if m not in codes and fw.questions[m].tool == g.tool:
                        codes.append(m)
            if codes:
                groups.append(IssueGroupSpec(g.tool, tuple(sorted(codes, key=sort_key))))
        specs.append(IssueSpec(spec.no, spec.title, tuple(groups), spec.plan_topic))
    out, _ = place_uncovered(fw, tuple(specs), list(fw.questions))
    return tuple(s for s in out if s.groups)


def derive_library(fw: Framework, src: Framework) -> dict[str, Recommendation]:
    """The library of ``src`` for the questions of ``fw``: by code where it keeps its indicator
    (IIT/EIT), by topic (OIT), and the per-indicator fallbacks where the indicator is the same."""
    out: dict[str, Recommendation] = {}
    by_topic: dict[tuple[str, str], Recommendation] = {}
    for code, rec in src.recommendations.items():
        q = src.questions.get(code)
        if q is not None and q.topic:
            by_topic.setdefault((q.tool, q.topic), rec)
    for code, q in fw.questions.items():
        sq = src.questions.get(code)
        rec = None
        if q.tool != "OIT" and sq is not None and sq.tool == q.tool and sq.indicator == q.indicator:
            rec = src.recommendations.get(code)
        if rec is None and q.topic:
            rec = by_topic.get((q.tool, q.topic))
        if rec is not None:
            out[code] = replace(rec, key=code)
    for ind in fw.indicators:
        key = f"ind{ind.no}"
        if key in src.recommendations:
            try:
                same = src.indicator(ind.no).tool == ind.tool
            except KeyError:
                same = False
            if same:
                out[key] = src.recommendations[key]
    return out


# ------------------------------------------------------------------------------------- validating


@dataclass(frozen=True)
class Problem:
    """Something wrong with a framework: ``key`` says where (``weights.OIT``, ``levels[2]``,
    ``indicators.5``, ``questions.O12``, ``oit_subindicators.9.1``, ``issues.3``), as its file spells it."""

    severity: str  # "error": the framework is not used; "warning", "info": it is
    key: str
    message: str


def _finite(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def problems(fw: Framework) -> list[Problem]:
    """Everything wrong with a framework, errors first where they are found: the one validation
    every framework goes through, wherever it is loaded from (shipped, ``--framework``,
    ``ITA_XL_FRAMEWORKS``, a workbook's framework sheet) and in ``ita-xl framework check``.

    >>> fw = Framework(2570, "custom", (Level("ผ่าน", 85.0), Level("", 0.0)), {"IIT": 0.5, "OIT": 0.4},
    ...                (Indicator(1, "การปฏิบัติหน้าที่", "IIT"),), {}, Catalog())
    >>> [(p.key, p.message) for p in problems(fw) if p.severity == "error"][:2]
    [('weights', 'tool weights sum to 0.9, not 1'), ('levels[2]', 'a level needs a label')]
    """
    out: list[Problem] = []

    def error(key: str, message: str) -> None:
        out.append(Problem("error", key, message))

    for tool, w in fw.weights.items():
        if tool not in TOOLS:
            error(f"weights.{tool}", f"{tool} is not a tool ({', '.join(TOOLS)})")
        elif not _finite(w) or not 0 <= w <= 1:
            error(f"weights.{tool}", f"weight {w!r} must be a number within 0–1")
    if all(_finite(w) for w in fw.weights.values()) and abs(sum(fw.weights.values()) - 1.0) > 1e-6:
        error("weights", f"tool weights sum to {sum(fw.weights.values()):g}, not 1")
    if not fw.levels:
        error("levels", "no levels")
    for n, lv in enumerate(fw.levels, 1):
        if not isinstance(lv.label, str) or not lv.label.strip():
            error(f"levels[{n}]", "a level needs a label")
        if not _finite(lv.min) or not 0 <= lv.min <= 100:
            error(f"levels[{n}]", f"min {lv.min!r} must be a number within 0–100")
        if lv.every_tool_min is not None and (not _finite(lv.every_tool_min) or not 0 <= lv.every_tool_min <= 100):
            error(f"levels[{n}]", f"every_tool_min {lv.every_tool_min!r} must be a number within 0–100")
    mins = [lv.min for lv in fw.levels if _finite(lv.min)]
    if any(a < b for a, b in zip(mins, mins[1:])):
        error("levels", "levels are tried in order: list them highest first (min from high to low)")
    seen: set[int] = set()
    for ind in fw.indicators:
        if ind.no in seen:
            error(f"indicators.{ind.no}", f"indicator {ind.no} is listed twice")
        seen.add(ind.no)
        if ind.tool not in TOOLS:
            error(f"indicators.{ind.no}", f"indicator {ind.no}: tool {ind.tool!r} is not one of {', '.join(TOOLS)}")
        elif ind.tool not in fw.weights:
            error(f"indicators.{ind.no}", f"indicator {ind.no} belongs to {ind.tool}, which has no weight")
    by_no = {i.no: i for i in fw.indicators}
    for c, q in fw.questions.items():
        if q.indicator not in by_no:
            error(f"questions.{c}", f"indicator {q.indicator} is not in the framework's indicators")
        elif by_no[q.indicator].tool != q.tool:
            error(f"questions.{c}", f"{c} is {q.tool} but indicator {q.indicator} is {by_no[q.indicator].tool}")
    with_questions = {q.indicator for q in fw.questions.values()}
    for ind in fw.indicators:
        if ind.no not in with_questions:
            out.append(Problem(
                "error" if fw.complete else "warning", f"indicators.{ind.no}",
                f"indicator {ind.no} {ind.name} has no questions" + ("" if fw.complete else " (the year is incomplete)"),
            ))
    for s in fw.subindicators:
        for c in s.items:
            if c not in fw.questions:
                error(f"oit_subindicators.{s.id}", f"{c} is not a question of {fw.year}")
    for spec in fw.issues:
        for g in spec.groups:
            for c in g.codes:
                if c not in fw.questions:
                    error(f"issues.{spec.no}", f"cites {c}, which is not a question of {fw.year}")
                elif fw.questions[c].tool != g.tool:
                    error(f"issues.{spec.no}", f"puts {c} under {g.tool}")
    for c, q in fw.questions.items():
        if q.topic and fw.catalog.topics and q.topic not in fw.catalog.topics:
            out.append(Problem("warning", f"questions.{c}",
                               f"topic {q.topic!r} is not in topics.toml (grouping and library will not follow it)"))
        if q.tool == "OIT" and not q.topic:
            out.append(Problem("info", f"questions.{c}", "OIT item without a topic: its measure uses the indicator's fallback"))
    return out
