"""What the reading of a document holds: each value with the place it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from ita_xl.lint.document import Document, LintFinding, Loc, Paragraph, Table



@dataclass
class Stated:
    """A value the document states, where, and the text it was read from."""

    value: object
    loc: Loc
    quote: str = ""


@dataclass
class QuestionCell:
    code: str
    score: float | None
    tool: str
    loc: Loc
    quote: str
    issue: int


@dataclass
class GroupRead:
    tool: str
    cells: list[QuestionCell] = field(default_factory=list)
    action: str = ""
    action_loc: Loc | None = None
    inherited: bool = False  # no cell of its own: the one above was read (a merged cell)


@dataclass
class IssueRead:
    no: int
    title: str
    loc: Loc  # its heading, else its table
    table: Table | None = None
    groups: list[GroupRead] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class PlanRowRead:
    topic: str
    issue: int | None
    measures: str
    owner: str
    steps: str
    period: str
    loc: Loc


@dataclass
class YearMention:
    year: int
    role: str  # "assessment", "plan", "history", "compare", "other"
    heading: bool
    loc: Loc
    quote: str
    analysis: bool = False  # in an analysis heading, which names the fiscal year of the document (N+1)
    with_result: bool = False  # the year named just before a result the sentence states


@dataclass
class Reading:
    doc: Document
    org_name: str = ""
    org_loc: Loc | None = None
    district: str = ""
    province: str = ""
    org_type: str = ""
    years: list[YearMention] = field(default_factory=list)
    assessment_year: int | None = None
    plan_year: int | None = None
    plan_year_loc: Loc | None = None
    total: Stated | None = None
    level: Stated | None = None
    indicators: dict[int, Stated] = field(default_factory=dict)
    indicator_names: dict[int, str] = field(default_factory=dict)
    issues: list[IssueRead] = field(default_factory=list)
    plan: list[PlanRowRead] = field(default_factory=list)
    intro: list[Paragraph] = field(default_factory=list)
    limitations: list[Paragraph] = field(default_factory=list)
    suggestions: list[Paragraph] = field(default_factory=list)
    headings: list[Paragraph] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)
    notes: list[LintFinding] = field(default_factory=list)
    tools: dict[str, Stated] = field(default_factory=dict)  # tool scores the text states
    questions: dict[str, Stated] = field(default_factory=dict)  # question scores only a sentence states
    pass_word: Stated | None = None  # "(ผ่าน)", "ไม่ผ่านเกณฑ์"
    results: list = field(default_factory=list)  # every total the text states (statements.ResultStated)
    tables_read: set[int] = field(default_factory=set)  # tables a table reader took

    def note(self, severity: str, kind: str, th: str, en: str, loc: Loc | None, quote: str = "") -> None:
        where = self.doc.where(loc) if loc is not None else self.doc.name
        self.notes.append(LintFinding(severity, kind, th, en, where, quote))

    def add_indicator(self, no: int, value: float, loc: Loc, quote: str) -> bool:
        """Take indicator ``no``'s stated score; ``False`` when one was taken already (an error
        noted where the two differ)."""
        first = self.indicators.get(no)
        if first is None:
            self.indicators[no] = Stated(value, loc, quote)
            return True
        if abs(first.value - value) > 1e-9:
            self.note(
                "error", "indicator_conflict",
                f"ตัวชี้วัดที่ {no} มีคะแนน {value:.2f} ที่นี่ แต่ {first.value:.2f} ที่ {first.loc.label()}",
                f"indicator {no} is {value:.2f} here but {first.value:.2f} at {first.loc.label()}",
                loc, quote,
            )
        return False

    def question_cells(self) -> list[QuestionCell]:
        return [c for i in self.issues for g in i.groups for c in g.cells]
