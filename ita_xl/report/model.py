"""The report's content, built once from a Result: every number and text comes from it, already
formatted with the case's numeral setting. The writers (DOCX, chart) only lay it out."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from ita_xl.core.checks import check_approval_date, foreign_agency_names
from ita_xl.core.engine import Result
from ita_xl.core.period import parse_period
from ita_xl.core.plan import row_labels
from ita_xl.core.thai import and_list, be_year, digits, fiscal_year_bounds, fmt_score, fmt_table_score, thai_date
from ita_xl.report.source import Source, from_result
from ita_xl.report.typeset import short_period
from ita_xl.workbook.layout import NOTE_KEYS, NOTES, SHEETS

HISTORY_SHOWN = 3  # earlier years the indicator table shows beside the assessed one (A4 portrait)
TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปี พ.ศ. {plan}"
EVALUATE = "ประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"  # after "การ" or "ดำเนินการ"
DOTS = "........................................"


@dataclass
class IndicatorRow:
    no: str
    name: str
    score: str
    past: tuple[str, ...] = ()  # the earlier years' scores, as the header's years (history)


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
    """The head's signature block; the date is written by hand at signing unless one is given."""

    sign: str
    name: str
    position: str
    date: str  # "วันที่ ........ เดือน .................... พ.ศ. ........" or "วันที่ ๑๕ พฤศจิกายน พ.ศ. ๒๕๖๖"


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
    warnings: list[str] = field(default_factory=list)  # what was corrected or left out, and why
    errors: list[str] = field(default_factory=list)  # error-level findings: where the checks disagree
    years: set[int] = field(default_factory=set)  # the years the data gives (BE)
    indicator_note: str = ""  # under the indicator table: which scores are estimates, not official

    def all_text(self) -> str:
        """Every text of the report, for checks (the chart's labels are its years and indicator names)."""
        parts = [self.title, self.agency, self.place, self.s1_heading, self.s1_intro, self.indicator_caption,
                 self.indicator_note,
                 *self.indicator_header, self.chart_caption, self.issues_lead, *self.issue_header,
                 self.s2_heading, self.s2_intro, *self.plan_header, self.s3_heading, *self.limitations,
                 self.suggestions_heading, *self.suggestions, self.approval.sign,
                 self.approval.name, self.approval.position, self.approval.date]
        for r in [*self.indicators, self.total]:
            parts += [r.no, r.name, r.score, *r.past]
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


def question_lines(questions, numerals: str) -> list[QuestionLine]:
    """A group's questions a line per score: consecutive codes with the same score share a line as a
    range ("ข้อ O๑ – O๘"), others with that score follow after a comma; every score stays exact.

    >>> from types import SimpleNamespace as Q
    >>> [(x.code, x.score) for x in question_lines([Q(code=c, score=s) for c, s in
    ...  [("i1", 100), ("i2", 100), ("i3", 100), ("i5", 100), ("i6", 97.5), ("i7", None)]], "arabic")]
    [('ข้อ i1 – i3, i5', '100'), ('ข้อ i6', '97.50'), ('ข้อ i7', '-')]
    """
    out: list[QuestionLine] = []
    runs: list[list[str]] = []
    last: tuple[str, str, int] | None = None  # (score text, prefix, number) of the previous code
    for q in questions:
        score = fmt_table_score(q.score, numerals)
        prefix, number = q.code.rstrip("0123456789"), q.code[len(q.code.rstrip("0123456789")):]
        n = int(number) if number else -1
        if last is not None and last[0] == score:
            if last[1] == prefix and last[2] + 1 == n and n >= 0:
                runs[-1].append(q.code)
            else:
                runs.append([q.code])
        else:
            if runs:
                out.append(_line(runs, last[0], numerals))
            runs = [[q.code]]
        last = (score, prefix, n)
    if runs and last is not None:
        out.append(_line(runs, last[0], numerals))
    return out


def _line(runs: list[list[str]], score: str, numerals: str) -> QuestionLine:
    parts = [r[0] if len(r) == 1 else f"{r[0]} – {r[-1]}" for r in runs]
    return QuestionLine(digits("ข้อ " + ", ".join(parts), numerals), score)


@lru_cache(maxsize=1)
def _limitations_file() -> dict:
    return tomllib.loads(resources.files("ita_xl.frameworks").joinpath("limitations.toml").read_text("utf-8"))


def _limitations() -> tuple[dict, ...]:
    return tuple(_limitations_file()["limitations"])


def _matches(entry: dict, org) -> bool:
    return any(p and org.name.startswith(p) for p in entry.get("prefix", [])) or bool(
        org.org_type and org.org_type in entry.get("org_types", []))


def budget_act(org) -> str:
    """What the agency's annual budget is enacted as (``limitations.toml`` [[budget_acts]]): a
    เทศบาล's เทศบัญญัติ, an อบต.'s or อบจ.'s ข้อบัญญัติ; "" for an agency of another type.

    >>> from ita_xl.core.model import Org
    >>> budget_act(Org("เทศบาลตำบลหนองบัวทอง")), budget_act(Org("องค์การบริหารส่วนตำบลบ้านเป้า", org_type="อบต."))
    ('เทศบัญญัติงบประมาณรายจ่าย', 'ข้อบัญญัติงบประมาณรายจ่าย')
    """
    return next((e["name"] for e in _limitations_file().get("budget_acts", []) if _matches(e, org)), "")


def typical_limitations(org) -> dict:
    """The limitations agencies of ``org``'s type typically meet, with how to handle each
    (``frameworks/limitations.toml``): the first entry whose prefix starts the agency's name or
    whose types hold its type, else the entry for any agency.

    >>> from ita_xl.core.model import Org
    >>> "ส่วนราชการ" in typical_limitations(Org("กรมส่งเสริมการปกครองท้องถิ่น"))["intro"]
    True
    >>> len(typical_limitations(Org("สถาบันทดสอบ"))["items"])
    2
    """
    entries = _limitations()
    found = next((e for e in entries if _matches(e, org)), None) or next(e for e in entries if "" in e.get("prefix", []))
    act = budget_act(org)  # {budget_act}: the agency type's own budget enactment
    return found | {"items": [{k: v.replace("{budget_act}", act) for k, v in item.items()} for item in found["items"]]}


def _heads() -> list[dict]:
    return tomllib.loads(resources.files("ita_xl.frameworks").joinpath("heads.toml").read_text("utf-8"))["heads"]


def _head_position(org) -> str:
    """The head's title when not given (the workbook's ตำแหน่งผู้บริหาร), from the agency's name by
    ``frameworks/heads.toml``; else a line to fill.

    >>> from types import SimpleNamespace as O
    >>> [_head_position(O(head_position="", name=n)) for n in ("กรมส่งเสริมการเกษตร", "เทศบาลตำบลหนองบัวทอง")]
    ['อธิบดีกรมส่งเสริมการเกษตร', 'นายกเทศมนตรีตำบลหนองบัวทอง']
    """
    if org.head_position:
        return org.head_position
    for head in _heads():
        if org.name.startswith(head["prefix"]):
            return head["position"].format(name=org.name, rest=org.name[len(head["prefix"]):])
    return f"หัวหน้าส่วนราชการ {DOTS}"


BLANK_DATE = "วันที่ ........ เดือน .................... พ.ศ. ........"


def approval(org, when: date | None, numerals: str) -> Approval:
    """The head of agency's signature block: name and position, and the date (a line to fill at signing)."""
    return Approval(
        sign=f"(ลงชื่อ) {DOTS}",
        name=f"({org.head_name})" if org.head_name else f"({DOTS})",
        position=_head_position(org),
        date=approval_date(when, numerals),
    )


def approval_date(when: date | None, numerals: str) -> str:
    """The date line of the approval block: blank, to be filled at signing, unless a date is given.

    >>> approval_date(None, "thai") == BLANK_DATE
    True
    >>> approval_date(date(2023, 11, 15), "thai")
    'วันที่ ๑๕ พฤศจิกายน พ.ศ. ๒๕๖๖'
    """
    if when is None:
        return BLANK_DATE
    return "วันที่ {} พ.ศ. {}".format(*thai_date(when, numerals).rsplit(" ", 1))


# Editing residue no official wording has: an ellipsis, a bracketed insertion, "(ท่าน)".
RESIDUE = re.compile(r"\.\.\.|…|\[|\]|\(ท่าน\)")


def quotable(question, confirmed: str | None) -> str | None:
    """The wording the report may quote for a question: staff-confirmed, else verified; else None."""
    for text, ok in ((confirmed, True), (question.text, question.confidence == "official")):
        if text and ok and not RESIDUE.search(text):
            return " ".join(text.split())
    return None


def question_topic(fw, code: str, numerals: str) -> str:
    """What a question is about, in the words of its (sub-)indicator: printed instead of a quotation."""
    q = fw.questions[code]
    sub = next((s for s in fw.subindicators if s.id == q.subindicator), None) if q.subindicator else None
    if sub is not None and sub.name:
        return digits(f"ตัวชี้วัดย่อย{sub.name}", numerals)
    ind = next((i for i in fw.indicators if i.no == q.indicator), None)
    return digits(f"ตัวชี้วัด{ind.name}" if ind else f"ตัวชี้วัดที่ {q.indicator}", numerals)


class _Texts:
    """Free texts from the case: another agency's name pasted in is put right, with a warning."""

    def __init__(self, result: Result, warnings: list[str]):
        self.result = result
        self.warnings = warnings

    def correct(self, key: str, text: str) -> str:
        org = self.result.case.org
        foreign = foreign_agency_names(text, org.name, self.result.case.settings.other_names_ok)
        for name in sorted(set(foreign), key=len, reverse=True):
            text = text.replace(name, org.name)
        if foreign:
            self.warnings.append(
                f"corrected text '{key}': it named another agency ({', '.join(sorted(set(foreign)))}), "
                f"now {org.name}; correct it in the workbook too "
                f"/ แก้ชื่อหน่วยงานอื่นในข้อความ '{key}' เป็น {org.name} แล้ว โปรดแก้ในสมุดงานด้วย"
            )
        return text


def _requote(paragraph: str, focus: list[str], src: Source, n: str, unquoted: list[str]) -> str:
    """Quote a question only in wording that is verified or staff-confirmed; else its code and topic."""
    fw = src.result.framework
    for code in focus:
        q = fw.questions.get(code)
        if q is None or not q.text or q.tool == "OIT":  # an OIT item's text is its title (oit_items), not a quotation
            continue
        library = digits(" ".join(q.text.split()), n)
        if library not in paragraph:
            continue
        wording = quotable(q, src.confirmed.get(code))
        if wording is not None:
            paragraph = paragraph.replace(library, f"“{digits(wording, n)}”", 1)
            continue
        unquoted.append(code)
        topic = question_topic(fw, code, n)
        # The topic without brackets: after a code, LibreOffice 7.4 broke "i๒๔ (ตั|วชี้วัด…" inside the
        # bracketed word whatever marks held it (typeset.lay). None where the sentence names that
        # indicator anyway ("…โดยตัวชี้วัด…อยู่ที่"), which would say it twice.
        at = paragraph.index(library)
        named = topic in paragraph[at + len(library):].split("\n")[0]
        if named and paragraph[at - 1:at] == " ":
            paragraph = paragraph[:at - 1] + paragraph[at + len(library):]
        else:
            paragraph = paragraph.replace(library, "" if named else f"ใน{topic}", 1)
    return paragraph


def build(source: Source | Result, when: date | None = None) -> Report:
    """The report's content. ``when``: the approval date (``--date``); None takes the workbook's
    settings cell ``approval_date``, and without one leaves the date line blank for signing."""
    src = source if isinstance(source, Source) else from_result(source)
    result = src.result
    case = result.case
    org = case.org
    n = case.settings.numerals
    ay, py = result.assessment_year, result.plan_year
    start, end = fiscal_year_bounds(py)
    warnings: list[str] = list(src.notes)
    texts = _Texts(result, warnings)
    where = "--date"
    if when is None and case.settings.approval_date is not None:  # the workbook's settings cell
        when = case.settings.approval_date
        where = case.texts_where.get("approval_date", "approval_date")
    if when is not None:  # a date the document cannot carry: before the results, after the plan's year
        warnings += [f"{f.where}: {f.message_en} / {f.message_th}"
                     for f in check_approval_date(result.framework, ay, when, where)]
        # the urgent measures need time after the approval (topics.toml urgent_min_days)
        span = int(result.framework.catalog.texts.get("urgent_min_days", 30))
        dues = [p[1] for e in src.plan if e.urgent and (p := parse_period(e.period))]
        if dues and min(dues) < when + timedelta(days=span):
            warnings.append(
                f"{where}: the earliest urgent deadline {min(dues).isoformat()} is fewer than {span} days after the "
                f"approval date {when.isoformat()}: approve earlier or set a later month (topics.toml "
                f"urgent_due_month) / กำหนดเสร็จของมาตรการเร่งด่วน ({thai_date(min(dues))}) ห่างจากวันที่อนุมัติ"
                f"ไม่ถึง {span} วัน")

    def d(s: str) -> str:
        return digits(s, n)

    place = " ".join(
        p for p in (f"อำเภอ{org.district}" if org.district else "", f"จังหวัด{org.province}" if org.province else "") if p
    )
    # Numbers as published: the stated (official) total and level where the input gives them.
    stated_total = case.scores.total
    total_value = stated_total if stated_total is not None else result.total
    total = fmt_score(total_value, n)
    level = case.scores.level or result.level or "-"
    s1_intro = d(
        f"ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) ได้ดำเนินการ{EVALUATE} "
        f"(Integrity and Transparency Assessment: ITA) ประจำปีงบประมาณ พ.ศ. {ay} "
        f"ผลการประเมินของ{org.name} มีคะแนน {total} คะแนน อยู่ในระดับ{level} โดยมีรายละเอียดต่อไปนี้"
    )

    issues = []
    unquoted: list[str] = []
    titles: dict[int, str] = {}
    for i in result.issues:
        groups = [
            GroupBlock(g.tool, question_lines(g.questions, n), d(g.action_text))
            for g in i.groups
        ]
        paragraph = texts.correct(f"issue {i.no} analysis", i.analysis_th)
        paragraph = _requote(paragraph, i.focus, src, n, unquoted)
        titles[i.no] = i.title
        issues.append(IssueBlock(d(f"ประเด็นที่ {i.no}. {i.title}"), i.title, groups,
                                 [d(p) for p in _lines(paragraph)]))

    unknown = [f for f in result.findings if f.kind == "unknown_item"]
    if unknown:  # the document names them by code and indicator: staff type the titles where named
        codes = ", ".join(f.message_en.split()[0] for f in unknown)
        rows = [re.fullmatch(r"(.*): row (\S+), column (\S+)", f.where) for f in unknown]
        if all(rows) and len({(m[1], m[3]) for m in rows}) == 1:  # one file: its rows named once
            cells = f"{rows[0][1]}: rows {', '.join(m[2] for m in rows)}, column {rows[0][3]}"
        else:
            cells = "; ".join(f"{f.message_en.split()[0]}: {f.where}" for f in unknown)
        warnings.append(
            f"{codes} scored 0 but the framework has no title for them: the document names them by code and "
            f"indicator only; type each one's title from ITAS at {cells} "
            f"/ ข้อ {codes} ไม่มีชื่อรายการในกรอบการประเมิน เอกสารจึงระบุเพียงรหัสข้อและตัวชี้วัด "
            f"โปรดกรอกชื่อรายการตามระบบ ITAS ที่ {cells}")
    if unquoted:
        codes = ", ".join(dict.fromkeys(unquoted))
        warnings.append(
            f"not quoted, their wording is not verified: {codes}; the report names each one's topic instead. "
            f"Paste the official wording on the questions sheet to quote it "
            f"/ ถ้อยคำข้อ {codes} ยังไม่ได้ตรวจสอบ รายงานจึงระบุหัวข้อแทนการยกคำถาม"
        )

    plan = []
    # The urgent OIT part first, numbered on its own; then each issue's number once (plan.row_labels).
    labels = row_labels([(p.issue, p.urgent) for p in src.plan],
                        result.framework.catalog.texts.get("urgent_label", "เร่งด่วน"), n)
    for p, label in zip(src.plan, labels):
        where = f"plan {p.key or p.where or 'row'}"
        # The same issue is named the same in sections 1 and 2: its title, not a second wording;
        # an urgent row is named by its OIT item.
        generated = not p.staff_added or not p.topic
        topic = titles.get(p.issue, p.topic) if generated and not p.urgent else p.topic
        topic = texts.correct(where, topic)
        if not label and p.issue is not None and (generated or topic == titles.get(p.issue)):
            topic = ""  # a later row of the issue above: the topic is not repeated
        plan.append(PlanLine(
            topic=d(f"{label}. {topic}") if label else d(topic),
            measures=[d(f"- {texts.correct(where, m)}") for m in p.measures],
            owner=d(texts.correct(where, p.owner)),
            steps=[d(f"{k}. {texts.correct(where, s)}") for k, s in enumerate(p.steps, 1)],
            period=d(short_period(p.period, split=not p.staff_added)),  # staff's own words kept
        ))

    lim_text = case.texts.get("limitations", "").strip()
    sug_text = case.texts.get("suggestions", "").strip()
    typical_handling: list[str] = []
    if lim_text:
        limitations = [d(x) for x in _lines(texts.correct("limitations", lim_text))]
    else:
        # Staff left it empty: the limitations agencies of its type typically meet, with how to
        # handle each, for staff to review (the finding names the cell to fill).
        at = f"{SHEETS['notes'].name}!{NOTES.cell('text', [k for k, _ in NOTE_KEYS].index('limitations'))}"
        typical = typical_limitations(org)
        warnings.append(
            f"no limitations given ({at}, or a case file's texts.limitations): the limitations typical of "
            f"the agency's type are written, with how to handle each; review them and write the agency's own "
            f"in {at} / ไม่มีข้อความข้อจำกัด ({at}) รายงานจึงใช้ข้อจำกัดที่หน่วยงานลักษณะเดียวกันมักพบ "
            f"พร้อมแนวทางจัดการ โปรดทบทวนและกรอกข้อจำกัดของหน่วยงานเองที่ {at}")
        fields = {"org": org.name, "year": ay}
        limitations = [d(typical["intro"].format(**fields))] + [
            d(f"{k}) {item['limitation']}") for k, item in enumerate(typical["items"], 1)]
        typical_handling = [d(typical["suggestions_intro"].format(**fields))] + [
            d(f"{k}) {item['handling']}") for k, item in enumerate(typical["items"], 1)]
    suggestions = [d(x) for x in _lines(texts.correct("suggestions", sug_text))] if sug_text else typical_handling

    # OIT indicators computed from items (sub-indicators unknown): estimates, marked and explained.
    estimated = [i.no for i in result.indicators if i.estimate and i.stated is None and i.score is not None]
    mark = "*" if estimated else ""
    indicator_note = ""
    if estimated:
        note = result.framework.catalog.texts.get(
            "estimate_note", "{mark} คะแนนตัวชี้วัดที่ {nos} เป็นค่าประมาณการจากคะแนนรายข้อ")
        indicator_note = d(note.format(mark=mark, nos=and_list([str(x) for x in estimated])))
    history = {y: dict(v) for y, v in case.history.items() if y < ay}
    current = {i.no: i.score for i in result.indicators if i.score is not None}
    shown = sorted(history)[-HISTORY_SHOWN:]  # the table's earlier years (the chart has them all)
    chart = ChartData(
        indicators=[(i.no, i.name) for i in result.indicators],
        years=sorted(history) + [ay],
        scores=history | {ay: current},
        numerals=n,
    )
    errors = [f"{f.where}: {f.message_en} / {f.message_th}" if f.where else f.message
              for f in result.findings if f.severity == "error"]
    return Report(
        numerals=n,
        title=d(TITLE.format(plan=py)),
        agency=org.name,
        place=place,
        s1_heading=d(f"๑. การวิเคราะห์ผลการประเมิน ITA ของ{org.name} ประจำปีงบประมาณ พ.ศ. {ay}"),
        s1_intro=s1_intro,
        indicator_caption=d(f"สรุปผลการประเมินรายตัวชี้วัด ประจำปีงบประมาณ พ.ศ. {ay}"),
        # Earlier years beside this one when the input has them (the workbook's history columns).
        indicator_header=("ที่" if shown else "ตัวชี้วัดที่", "รายละเอียดตัวชี้วัด",
                          *((*(d(f"ปี {y}") for y in shown), d(f"ปี {ay}")) if shown else ("คะแนน",))),
        indicators=[IndicatorRow(d(str(i.no)), i.name + (f" {mark}" if i.no in estimated else ""),
                                 fmt_score(i.score, n), tuple(fmt_score(history[y].get(i.no), n) for y in shown))
                    for i in result.indicators],
        total=IndicatorRow("", f"คะแนนรวม (ระดับ{level})" + (f" {mark}" if mark and stated_total is None else ""),
                           total, tuple("" for _ in shown)),
        indicator_note=indicator_note,
        chart_caption=d("ผลการประเมินรายตัวชี้วัด " + ", ".join(f"ปี {y}" for y in chart.years)),
        chart=chart,
        issues_lead=issues_lead(case.settings.threshold, result.framework.catalog.texts, n),
        issue_header=("เครื่องมือ", "ข้อคำถาม", "คะแนน", "การปรับปรุง/แก้ไข รักษาระดับ"),
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
        approval=approval(org, when, n),
        warnings=warnings,
        errors=errors,
        years={ay, py, be_year(start.year), be_year(end.year), *history},
    )


def issues_lead(threshold: float, texts: dict, numerals: str = "thai") -> str:
    """What opens the issues, saying the threshold ("เกณฑ์") the paragraphs measure questions against
    (``topics.toml`` [texts] ``issues_lead``, ``threshold_full`` at 100).

    >>> issues_lead(100, {}, "arabic")
    'ทั้งนี้ ข้อคำถามที่ได้คะแนนต่ำกว่า 100 คะแนน (คะแนนเต็ม) ถือว่ายังไม่ถึงเกณฑ์ที่กำหนด และนำมาวิเคราะห์เพื่อกำหนดแนวทางปรับปรุง โดยสามารถวิเคราะห์ผลการประเมินแต่ละประเด็นได้ดังนี้'
    """
    value = f"{threshold:.2f}".rstrip("0").rstrip(".")
    full = texts.get("threshold_full", " (คะแนนเต็ม)") if threshold >= 100 - 1e-9 else ""
    template = texts.get("issues_lead", "ทั้งนี้ ข้อคำถามที่ได้คะแนนต่ำกว่า {threshold} คะแนน{full} ถือว่ายังไม่ถึงเกณฑ์ที่กำหนด "
                                        "และนำมาวิเคราะห์เพื่อกำหนดแนวทางปรับปรุง โดยสามารถวิเคราะห์ผลการประเมินแต่ละประเด็นได้ดังนี้")
    return digits(template.format(threshold=value, full=full), numerals)


_YEAR = re.compile(r"(?<![0-9.])[0-9]{4}(?![0-9])")


def years_in(text: str) -> set[int]:
    """Four-digit numbers in a text, Thai or Arabic digits.

    >>> sorted(years_in("ปี ๒๕๖๗ และ 2566, คะแนน ๑๐๐.๐๐"))
    [2566, 2567]
    """
    return {int(m) for m in _YEAR.findall(digits(text, "arabic"))}
