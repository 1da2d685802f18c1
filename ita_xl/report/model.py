"""The report's content, built once from a Result: every number and text comes from it, already
formatted with the case's numeral setting. The writers (DOCX, chart) only lay it out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..core.checks import foreign_agency_names
from ..core.engine import Result
from ..core.thai import digits, fiscal_year_bounds, fiscal_year_of, fmt_score, fmt_table_score, thai_date

TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปี พ.ศ. {plan}"
EVALUATE = "ประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"  # after "การ" or "ดำเนินการ"
DOTS = "........................................"


@dataclass
class IndicatorRow:
    no: str
    name: str
    score: str


@dataclass
class QuestionLine:
    code: str  # "ข้อ i๒๔"
    score: str


@dataclass
class GroupBlock:
    tool: str
    questions: list[QuestionLine]
    action: str


@dataclass
class IssueBlock:
    heading: str
    title: str
    groups: list[GroupBlock]
    paragraphs: list[str]


@dataclass
class PlanLine:
    topic: str
    measures: list[str]
    owner: str
    steps: list[str]  # numbered: "๑. ..."
    period: str


@dataclass
class ChartData:
    """Indicator scores by year: the history plus the assessment year (raw numbers, BE years)."""

    indicators: list[tuple[int, str]]  # (no, name)
    years: list[int]
    scores: dict[int, dict[int, float]]  # year -> indicator -> score
    numerals: str


@dataclass
class Approval:
    announce: str  # "ประกาศ ณ วันที่ ..."
    sign: str
    name: str
    position: str


@dataclass
class Report:
    numerals: str
    title: str
    agency: str
    place: str
    s1_heading: str
    s1_intro: str
    indicator_caption: str
    indicator_header: tuple[str, str, str]
    indicators: list[IndicatorRow]
    total: IndicatorRow
    chart_caption: str
    chart: ChartData
    issues_lead: str
    issue_header: tuple[str, str, str, str]
    issues: list[IssueBlock]
    s2_heading: str
    s2_intro: str
    plan_header: tuple[str, str, str, str, str]
    plan: list[PlanLine]
    s3_heading: str
    limitations: list[str]
    suggestions_heading: str
    suggestions: list[str]
    approval: Approval
    warnings: list[str] = field(default_factory=list)  # what was left out and why
    years: set[int] = field(default_factory=set)  # the years the data gives (BE)

    def all_text(self) -> str:
        """Every text of the report, for checks (the chart's labels are its years and indicator names)."""
        parts = [self.title, self.agency, self.place, self.s1_heading, self.s1_intro, self.indicator_caption,
                 *self.indicator_header, self.chart_caption, self.issues_lead, *self.issue_header,
                 self.s2_heading, self.s2_intro, *self.plan_header, self.s3_heading, *self.limitations,
                 self.suggestions_heading, *self.suggestions, self.approval.announce, self.approval.sign,
                 self.approval.name, self.approval.position]
        for r in [*self.indicators, self.total]:
            parts += [r.no, r.name, r.score]
        for i in self.issues:
            parts += [i.heading, *i.paragraphs]
            for g in i.groups:
                parts += [g.tool, g.action] + [f"{q.code} {q.score}" for q in g.questions]
        for p in self.plan:
            parts += [p.topic, *p.measures, p.owner, *p.steps, p.period]
        return "\n".join(parts)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def _code(code: str, numerals: str) -> str:
    return digits(f"ข้อ {code}", numerals)


def _head_position(org) -> str:
    """The head's title when not given: local agencies' heads are titled by law after the agency."""
    if org.head_position:
        return org.head_position
    if org.name.startswith("องค์การบริหารส่วน"):
        return f"นายก{org.name}"
    if org.name.startswith("เทศบาล"):
        return f"นายกเทศมนตรี{org.name[len('เทศบาล'):]}"
    return f"หัวหน้าส่วนราชการ {DOTS}"


def announce_date(plan_year: int, today: date | None = None) -> date:
    """The approval date: today when it falls in the plan's fiscal year, else the year's first day
    (a report dated outside its plan year would name a year that is not the data's)."""
    today = today or date.today()
    if fiscal_year_of(today) == plan_year:
        return today
    return fiscal_year_bounds(plan_year)[0]


class _Texts:
    """Free texts from the case, kept only when they name no other agency."""

    def __init__(self, result: Result, warnings: list[str]):
        self.result = result
        self.warnings = warnings

    def clean(self, key: str, text: str) -> str | None:
        org = self.result.case.org
        foreign = foreign_agency_names(text, org.name, self.result.case.settings.other_names_ok)
        if foreign:
            self.warnings.append(
                f"left out text '{key}': it names another agency ({', '.join(sorted(set(foreign)))}); "
                f"write it for {org.name} / ไม่ได้ใส่ข้อความ '{key}' เพราะกล่าวถึงหน่วยงานอื่น"
            )
            return None
        return text


def build(result: Result, when: date | None = None) -> Report:
    case = result.case
    org = case.org
    n = case.settings.numerals
    ay, py = result.assessment_year, result.plan_year
    start, end = fiscal_year_bounds(py)
    warnings: list[str] = []
    texts = _Texts(result, warnings)

    def d(s: str) -> str:
        return digits(s, n)

    place = " ".join(
        p for p in (f"อำเภอ{org.district}" if org.district else "", f"จังหวัด{org.province}" if org.province else "") if p
    )
    total = fmt_score(result.total, n)
    level = result.level or "-"
    s1_intro = d(
        f"ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) ได้ดำเนินการ{EVALUATE} "
        f"(Integrity and Transparency Assessment: ITA) ประจำปีงบประมาณ พ.ศ. {ay} "
        f"ผลการประเมินของ{org.name} มีคะแนน {total} คะแนน อยู่ในระดับ{level} โดยมีรายละเอียดต่อไปนี้"
    )

    issues = []
    for i in result.issues:
        groups = [
            GroupBlock(g.tool, [QuestionLine(_code(q.code, n), fmt_table_score(q.score, n)) for q in g.questions],
                       d(g.action_text))
            for g in i.groups
        ]
        paragraph = texts.clean(f"issue {i.no} analysis", i.analysis_th)
        issues.append(IssueBlock(d(f"ประเด็นที่ {i.no}. {i.title}"), i.title, groups,
                                 [d(p) for p in _lines(paragraph)] if paragraph else []))

    plan = []
    for p in result.plan:
        parts = [texts.clean(f"plan {p.key}", t) for t in (p.topic, *p.measures, *p.steps)]
        if any(t is None for t in parts):
            continue
        plan.append(PlanLine(
            topic=d(f"{p.issue}. {p.topic}"),
            measures=[d(f"- {m}") for m in p.measures],
            owner=d(p.owner),
            steps=[d(f"{k}. {s}") for k, s in enumerate(p.steps, 1)],
            period=d(p.period),
        ))

    lim_text = case.texts.get("limitations", "").strip()
    lim = texts.clean("limitations", lim_text) if lim_text else None
    sug_text = case.texts.get("suggestions", "").strip()
    sug = texts.clean("suggestions", sug_text) if sug_text else None
    if lim:
        limitations = [d(x) for x in _lines(lim)]
    else:
        if not lim_text:
            warnings.append("no limitations text in the case (texts.limitations); a neutral sentence is written "
                            "/ ไม่มีข้อความข้อจำกัด")
        limitations = [d(f"ในการดำเนินการ{EVALUATE} ประจำปีงบประมาณ พ.ศ. {ay} "
                         f"{org.name}ไม่ได้ระบุข้อจำกัดในการดำเนินงานไว้")]
    suggestions = [d(x) for x in _lines(sug)] if sug else []

    when = announce_date(py, when)
    history = {y: dict(v) for y, v in case.history.items() if y < ay}
    current = {i.no: i.score for i in result.indicators if i.score is not None}
    chart = ChartData(
        indicators=[(i.no, i.name) for i in result.indicators],
        years=sorted(history) + [ay],
        scores=history | {ay: current},
        numerals=n,
    )
    return Report(
        numerals=n,
        title=d(TITLE.format(plan=py)),
        agency=org.name,
        place=place,
        s1_heading=d(f"๑. การวิเคราะห์ผลการประเมิน ITA ของ{org.name} ประจำปีงบประมาณ พ.ศ. {ay}"),
        s1_intro=s1_intro,
        indicator_caption=d(f"สรุปผลการประเมินรายตัวชี้วัด ประจำปีงบประมาณ พ.ศ. {ay}"),
        indicator_header=("ตัวชี้วัดที่", "รายละเอียดตัวชี้วัด", "คะแนน"),
        indicators=[IndicatorRow(d(str(i.no)), i.name, fmt_score(i.score, n)) for i in result.indicators],
        total=IndicatorRow("", f"คะแนนรวม (ระดับ{level})", total),
        chart_caption=d("ผลการประเมินรายตัวชี้วัด " + ", ".join(f"ปี {y}" for y in chart.years)),
        chart=chart,
        issues_lead="โดยสามารถวิเคราะห์ผลการประเมินแต่ละประเด็นได้ดังนี้",
        issue_header=("เครื่องมือการประเมิน", "ข้อคำถาม", "คะแนน", "การปรับปรุง/แก้ไข รักษาระดับ"),
        issues=issues,
        s2_heading=d(
            "๒. กำหนดแนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติหรือมาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรม"
            f"และความโปร่งใสในหน่วยงานให้ดีขึ้นในปีงบประมาณ พ.ศ. {py}"
        ),
        s2_intro=d(
            f"จากผลการวิเคราะห์ผลการประเมิน ITA ของ{org.name} ประจำปีงบประมาณ พ.ศ. {ay} ข้างต้น "
            f"{org.name}กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสในปีงบประมาณ พ.ศ. {py} ดังนี้"
        ),
        plan_header=("หัวข้อ", "วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ", "ผู้รับผิดชอบ", "ขั้นตอน/วิธีการปฏิบัติ",
                     "ระยะเวลาดำเนินงาน"),
        plan=plan,
        s3_heading=d(f"๓. ข้อจำกัดของหน่วยงานในการดำเนินการ{EVALUATE}"),
        limitations=limitations,
        suggestions_heading="ข้อเสนอแนะ/แนวทางในการจัดการกับข้อจำกัด",
        suggestions=suggestions,
        approval=Approval(
            announce="ประกาศ ณ วันที่ {} พ.ศ. {}".format(*thai_date(when, n).rsplit(" ", 1)),
            sign=f"(ลงชื่อ) {DOTS}",
            name=f"({org.head_name})" if org.head_name else f"({DOTS})",
            position=_head_position(org),
        ),
        warnings=warnings,
        years={ay, py, start.year + 543, end.year + 543, *history},
    )


_YEAR = re.compile(r"(?<![0-9.])[0-9]{4}(?![0-9])")


def years_in(text: str) -> set[int]:
    """Four-digit numbers in a text, Thai or Arabic digits.

    >>> sorted(years_in("ปี ๒๕๖๗ และ 2566, คะแนน ๑๐๐.๐๐"))
    [2566, 2567]
    """
    return {int(m) for m in _YEAR.findall(digits(text, "arabic"))}
