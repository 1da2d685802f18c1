"""The core records: an agency, its scores, its settings, and what the analysis produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ita_xl.core.framework import Framework, IssueSpec, Recommendation


@dataclass
class Org:
    name: str
    id: str = ""
    org_type: str = ""  # a key of units.toml: "อบจ.", "เทศบาล", "อบต.", "ส่วนราชการ", ...
    district: str = ""
    province: str = ""
    head_name: str = ""
    head_position: str = ""
    units: dict[str, str] = field(default_factory=dict)  # unit role -> unit name


@dataclass
class ScoreSet:
    """Scores of one agency for one assessment year, as given (nothing computed)."""

    year: int
    questions: dict[str, float] = field(default_factory=dict)  # "i24" -> 55.57
    indicators: dict[int, float] = field(default_factory=dict)  # stated, e.g. from ITAS
    tools: dict[str, float] = field(default_factory=dict)  # stated tool scores
    total: float | None = None  # stated total
    level: str | None = None  # stated level
    where: dict[str, str] = field(default_factory=dict)  # "q:i24", "ind:6", "total" -> location


@dataclass
class Settings:
    threshold: float = 100.0  # a tool group is "maintain" when every score >= threshold
    numerals: str = "thai"  # "thai" or "arabic"
    target: float = 100.0  # target for gaps
    fail_bands: list[tuple[str, float]] | None = None  # override of the year's bands below pass
    other_names_ok: tuple[str, ...] = ()  # agency names that may appear in texts
    progress_round: int | None = None  # 6 or 12: the progress report's round staff chose; None: from the date
    approval_date: date | None = None  # printed under the plan's signature; None: a blank line to fill at signing


@dataclass
class AgencyCase:
    """Everything the analysis needs about one agency and year."""

    org: Org
    scores: ScoreSet
    settings: Settings = field(default_factory=Settings)
    history: dict[int, dict[int, float]] = field(default_factory=dict)  # year -> indicator -> score
    issues: tuple[IssueSpec, ...] | None = None  # None: the year's default grouping
    recommendations: dict[str, Recommendation] | None = None  # overrides by key
    plan_year: int | None = None  # as stated in the document; None: assessment year + 1
    texts: dict[str, str] = field(default_factory=dict)  # free texts: "limitations", "analysis.3", ...
    texts_where: dict[str, str] = field(default_factory=dict)
    framework: Framework | None = None  # the framework it came with (a workbook's own copy); None: load(year)


@dataclass
class Finding:
    severity: str  # "error", "warning", "info"
    kind: str
    message_th: str
    message_en: str
    where: str = ""

    @property
    def message(self) -> str:
        return f"{self.message_th} / {self.message_en}"
