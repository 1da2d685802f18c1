"""The action plan: measures per issue, put into practice in the fiscal year after the assessment."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from .analysis import IssueResult
from .framework import FRAMEWORKS, Framework
from .model import AgencyCase, Org
from .thai import digits, fiscal_period


@dataclass
class PlanRow:
    key: str  # stable across regenerations: "<issue>:<recommendation key>"; staff columns follow it
    issue: int
    topic: str
    measures: list[str]
    owner: str
    steps: list[str]
    period: str
    questions: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _units() -> dict:
    path = FRAMEWORKS / "units.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def unit_name(role: str, org: Org) -> str:
    """The agency's unit for a role: its own settings first, then the defaults of its type.

    >>> unit_name("hr", Org("x", units={"hr": "กองการเจ้าหน้าที่"}))
    'กองการเจ้าหน้าที่'
    """
    if role in org.units and org.units[role]:
        return org.units[role]
    types = _units().get("org_types", {})
    for key in (org.org_type, "default"):
        units = types.get(key, {}).get("units", {})
        if role in units:
            return units[role]
    return _units().get("roles", {}).get(role, role)


def plan_year(case: AgencyCase) -> int:
    """Measures run over the fiscal year after the assessment year."""
    return case.scores.year + 1


def build_plan(fw: Framework, case: AgencyCase, issues: list[IssueResult]) -> list[PlanRow]:
    numerals = case.settings.numerals
    period = fiscal_period(plan_year(case), numerals)
    org = case.org.name
    rows: list[PlanRow] = []
    for issue in issues:
        if issue.recommendations:
            for rec in issue.recommendations:
                rows.append(
                    PlanRow(
                        key=f"{issue.no}:{rec.key}",
                        issue=issue.no,
                        topic=issue.plan_topic,
                        measures=[digits(m.format(org=org), numerals) for m in rec.measures],
                        owner=unit_name(rec.owner, case.org),
                        steps=[digits(s.format(org=org), numerals) for s in rec.steps],
                        period=period,
                        questions=[c for c in issue.focus if rec.key in (c, f"ind{fw.questions[c].indicator}")],
                    )
                )
        else:
            texts = fw.texts
            rows.append(
                PlanRow(
                    key=f"{issue.no}:maintain",
                    issue=issue.no,
                    topic=issue.plan_topic,
                    measures=[digits(texts.get("maintain", "รักษามาตรฐานการดำเนินงาน"), numerals)],
                    owner=unit_name("admin", case.org),
                    steps=[
                        digits(s, numerals)
                        for s in texts.get("maintain_steps_list", [])
                        or [
                            "ติดตามผลการดำเนินงานในประเด็นนี้เป็นประจำ",
                            "รายงานผลการดำเนินงานให้ผู้บริหารทราบ",
                        ]
                    ],
                    period=period,
                )
            )
    return rows
