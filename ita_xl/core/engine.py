"""From an agency's case to the whole result: scores, level, issues, plan, findings."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ita_xl.core import checks
from ita_xl.core.analysis import IssueResult, analyse_issue, grouping
from ita_xl.core.compute import IndicatorScore, indicator_scores, level_for, levels_with_bands, tool_scores, weighted_total
from ita_xl.core.framework import Framework
from ita_xl.core.model import AgencyCase, Finding
from ita_xl.core.plan import PlanRow, build_plan, plan_year
from ita_xl.core.thai import round_half_up

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Result:
    case: AgencyCase
    framework: Framework
    indicators: list[IndicatorScore]
    tools: dict[str, float | None]
    total: float | None
    level: str | None
    issues: list[IssueResult]
    plan: list[PlanRow]
    findings: list[Finding]

    @property
    def assessment_year(self) -> int:
        return self.case.scores.year

    @property
    def plan_year(self) -> int:
        return plan_year(self.case)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def to_dict(self) -> dict:
        """The JSON shape of ``ita-xl analyze --json``."""
        org = self.case.org
        return {
            "org": {
                "id": org.id, "name": org.name, "type": org.org_type,
                "district": org.district, "province": org.province,
            },
            "assessment_year": self.assessment_year,
            "plan_year": self.plan_year,
            "indicators": [
                {
                    "no": i.no, "name": i.name, "tool": i.tool, "score": i.score,
                    "stated": i.stated, "computed": i.computed, "missing": i.missing, "estimate": i.estimate,
                }
                for i in self.indicators
            ],
            "tools": {t: (round_half_up(v, 2) if v is not None else None) for t, v in self.tools.items()},
            "total": {"stated": self.case.scores.total, "computed": self.total},
            "level": self.level,
            "issues": [
                {
                    "no": i.no,
                    "title": i.title,
                    "groups": [
                        {
                            "tool": g.tool,
                            "questions": [asdict(q) for q in g.questions],
                            "decision": g.decision,
                            "action": g.action_text,
                        }
                        for g in i.groups
                    ],
                    "decision": i.decision,
                    "focus": i.focus,
                    "analysis_th": i.analysis_th,
                }
                for i in self.issues
            ],
            "plan": [asdict(p) for p in self.plan],
            "findings": [
                {
                    "severity": f.severity, "kind": f.kind, "message": f.message,
                    "message_th": f.message_th, "message_en": f.message_en, "where": f.where,
                }
                for f in self.findings
            ],
        }


def analyze(case: AgencyCase, fw: Framework) -> Result:
    """The whole result of ``case`` under ``fw`` (its year's framework, or the workbook's own copy;
    :func:`ita_xl.io.frameworks.analyze` finds it)."""
    indicators = indicator_scores(fw, case.scores)
    tools = tool_scores(indicators)
    total = weighted_total(tools, fw.weights)
    levels = levels_with_bands(fw.levels, case.settings.fail_bands)
    level = level_for(levels, total, tools)
    s = case.scores
    total_only = not s.questions and not s.indicators
    if total is None and s.total is not None:
        # Only the total (and perhaps tool scores) is known: the level follows from what is stated.
        stated_tools = {t: s.tools.get(t) for t in fw.weights} if s.tools else None
        if stated_tools and None not in stated_tools.values():
            level = level_for(levels, s.total, stated_tools)
        else:  # the total alone fixes the level where no per-tool rule can change it (AA–F, or below them)
            possible = checks.possible_levels(levels, s.total)
            level = possible[0] if len(possible) == 1 else None
    specs = case.issues if case.issues is not None else fw.issues
    # Every question below the threshold lands in an issue, even where the grouping left it out.
    below = case.settings.threshold - 1e-9
    low = [c for c, v in s.questions.items() if v < below and c in fw.questions]
    shared = grouping(fw, tuple(specs), low)  # the same for every agency of the year: made once
    specs, placed = shared.specs, dict(shared.placed)
    by_no = {i.no: i for i in indicators}
    issues: list[IssueResult] = []
    used: set[str] = set()
    home, said = shared.home, {}
    if not total_only:
        for spec in specs:
            issues.append(analyse_issue(fw, case, spec, by_no, used, home, said, shared))
            used.update(issues[-1].focus)
    plan = build_plan(fw, case, issues)
    findings = (
        ([] if total_only else checks.check_indicators(case, indicators))
        + checks.check_total_and_level(case, total, level, levels)
        + checks.check_total_only(case, total_only)
        + ([] if total_only else checks.check_grouping(fw, case, specs))
        + checks.check_placed(fw, case, placed)
        + checks.check_plan_year(case)
        + checks.check_texts(fw, case, indicators)
        + checks.check_framework(fw, case, issues)
    )
    findings.sort(key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
    return Result(case, fw, indicators, tools, total, level, issues, plan, findings)
