"""The ITA framework of one assessment year, loaded from data files shipped in the package.

Nothing here knows any one year: a new ITA year is a new folder under ``ita_xl/frameworks``.
Layout of a year folder (see ``ita_xl/frameworks/README.md``):

- ``framework.toml``: year, level scheme, tool weights, indicators, OIT sub-indicators, and
  optionally ``questions_from`` / ``issues_from`` / ``recommendations_from`` to reuse another year's file;
- ``questions.csv``: code, tool, indicator, subindicator, text_th, confidence, source;
- ``issues.toml``: the default grouping of questions into issues (ประเด็น);
- ``recommendations.toml``: finding, measures, owner role and steps per question code, with a
  fallback per indicator.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .codes import TOOLS, sort_key

FRAMEWORKS = Path(str(resources.files("ita_xl") / "frameworks"))


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


@dataclass
class Framework:
    year: int
    level_scheme: str
    levels: tuple[Level, ...]
    weights: dict[str, float]
    indicators: tuple[Indicator, ...]
    questions: dict[str, Question]
    subindicators: tuple[SubIndicator, ...] = ()
    issues: tuple[IssueSpec, ...] = ()
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # maintain/improve texts, paragraph templates
    complete: bool = True
    note: str = ""

    def indicator(self, no: int) -> Indicator:
        for ind in self.indicators:
            if ind.no == no:
                return ind
        raise KeyError(no)

    def indicators_of(self, tool: str) -> list[Indicator]:
        return [i for i in self.indicators if i.tool == tool]

    def questions_of(self, indicator: int) -> list[str]:
        return list(codes_by_indicator(self).get(indicator, ()))

    def recommendation(self, code: str) -> Recommendation | None:
        """The library entry for a question, else its indicator's fallback."""
        if code in self.recommendations:
            return self.recommendations[code]
        q = self.questions.get(code)
        return self.recommendations.get(f"ind{q.indicator}") if q else None


# Question codes by indicator, sorted, per framework object. The entry is checked against the
# framework's question dict (same keys and the same frozen Question objects, compared by
# identity, so a cheap look) and rebuilt when anything there changed.
_BY_INDICATOR: dict[int, tuple[Framework, list[str], list[Question], dict[int, tuple[str, ...]]]] = {}


def codes_by_indicator(fw: Framework) -> dict[int, tuple[str, ...]]:
    """``{indicator: codes}`` as :meth:`Framework.questions_of` gives them (do not change it)."""
    keys, values = list(fw.questions), list(fw.questions.values())
    hit = _BY_INDICATOR.get(id(fw))
    if hit is not None and hit[0] is fw and hit[1] == keys and hit[2] == values:
        return hit[3]
    by: dict[int, list[str]] = {}
    for c, q in fw.questions.items():
        by.setdefault(q.indicator, []).append(c)
    out = {no: tuple(sorted(codes, key=sort_key)) for no, codes in by.items()}
    if len(_BY_INDICATOR) >= 64:
        _BY_INDICATOR.clear()
    _BY_INDICATOR[id(fw)] = (fw, keys, values, out)
    return out


@lru_cache(maxsize=1)
def available_years() -> tuple[int, ...]:
    return tuple(sorted(int(p.name) for p in FRAMEWORKS.iterdir() if p.is_dir() and p.name.isdigit()))


def _read_toml(path: Path) -> dict:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _year_file(year: int, meta: dict, key: str, name: str) -> Path | None:
    src = meta.get(f"{key}_from", year)
    path = FRAMEWORKS / str(src) / name
    return path if path.exists() else None


def _confidence(text: str, given: str) -> str:
    if given:
        return given
    return "unverified" if text.upper().startswith(("UNVERIFIED", "UNKNOWN")) else "official"


def _load_questions(path: Path) -> dict[str, Question]:
    out: dict[str, Question] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].strip()
            out[code] = Question(
                code=code,
                tool=row["tool"].strip(),
                indicator=int(row["indicator"]),
                text=row["text_th"].strip(),
                confidence=_confidence(row["text_th"], row.get("confidence", "").strip()),
                source=row.get("source", "").strip(),
                note=row.get("note", "").strip(),
                subindicator=row.get("subindicator", "").strip(),
            )
    return dict(sorted(out.items(), key=lambda kv: sort_key(kv[0])))


def _load_levels(scheme: str) -> tuple[Level, ...]:
    data = _read_toml(FRAMEWORKS / "levels.toml")["schemes"][scheme]
    return tuple(
        Level(
            label=lv["label"],
            min=float(lv["min"]),
            every_tool_min=lv.get("every_tool_min"),
            passed=bool(lv.get("pass", False)),
            confidence=lv.get("confidence", "high"),
        )
        for lv in data["levels"]
    )


def _load_issues(path: Path | None) -> tuple[IssueSpec, ...]:
    if path is None:
        return ()
    return tuple(
        IssueSpec(
            no=int(it["no"]),
            title=it["title"],
            plan_topic=it.get("plan_topic", ""),
            groups=tuple(IssueGroupSpec(g["tool"], tuple(g["codes"])) for g in it["groups"]),
        )
        for it in _read_toml(path)["issues"]
    )


def _load_recommendations(path: Path | None) -> tuple[dict[str, Recommendation], dict]:
    if path is None:
        return {}, {}
    data = _read_toml(path)
    recs = {}
    for key, r in data.get("recommendations", {}).items():
        recs[key] = Recommendation(
            key=key,
            finding=r.get("finding", ""),
            measures=tuple(r.get("measures", ())),
            owner=r.get("owner", "admin"),
            steps=tuple(r.get("steps", ())),
            action_short=r.get("action_short", ""),
        )
    return recs, data.get("texts", {})


@lru_cache(maxsize=None)
def load(year: int) -> Framework:
    """The framework of an assessment year (BE).

    >>> fw = load(2566)
    >>> fw.indicator(4).name, fw.questions["i24"].indicator, len(fw.questions)
    ('การใช้ทรัพย์สินของราชการ', 4, 88)
    """
    folder = FRAMEWORKS / str(year)
    if not (folder / "framework.toml").exists():
        raise KeyError(f"no ITA framework for year {year}; have {available_years()}")
    meta = _read_toml(folder / "framework.toml")
    qpath = _year_file(year, meta, "questions", "questions.csv")
    questions = _load_questions(qpath) if qpath else {}
    recs, texts = _load_recommendations(_year_file(year, meta, "recommendations", "recommendations.toml"))
    # OIT items are renumbered every year, so a file reused from another year keeps only the
    # IIT/EIT codes (stable since 2562) and the per-indicator fallbacks.
    def keep(code: str, key: str) -> bool:
        reused = meta.get(f"{key}_from", year) != year
        return code in questions and not (reused and code.startswith("O"))

    recs = {k: v for k, v in recs.items() if k.startswith("ind") or keep(k, "recommendations")}
    issues = tuple(
        IssueSpec(
            no=i.no,
            title=i.title,
            plan_topic=i.plan_topic,
            groups=tuple(
                g2
                for g in i.groups
                if (g2 := IssueGroupSpec(g.tool, tuple(c for c in g.codes if keep(c, "issues")))).codes
            ),
        )
        for i in _load_issues(_year_file(year, meta, "issues", "issues.toml"))
    )
    return Framework(
        year=year,
        level_scheme=meta["level_scheme"],
        levels=_load_levels(meta["level_scheme"]),
        weights={t: float(meta["weights"][t]) for t in TOOLS},
        indicators=tuple(Indicator(int(i["no"]), i["name"], i["tool"]) for i in meta["indicators"]),
        questions=questions,
        subindicators=tuple(
            SubIndicator(s["id"], int(s["indicator"]), s["name"], tuple(s["items"]), s.get("confidence", ""))
            for s in meta.get("oit_subindicators", ())
        ),
        issues=issues,
        recommendations=recs,
        texts=texts,
        complete=bool(meta.get("complete", True)),
        note=meta.get("note", ""),
    )
