"""Issue-by-issue analysis: tool groups, maintain/improve decisions, focus questions, paragraph."""

from __future__ import annotations

from dataclasses import dataclass, field

from .compute import IndicatorScore
from .framework import Framework, IssueSpec, Recommendation, topic_texts
from .model import AgencyCase
from .thai import digits, fmt_score

DEFAULT_MAINTAIN = "รักษามาตรฐานไว้และพัฒนาประสิทธิภาพของการทำงานให้เป็นไปอย่างต่อเนื่อง"
DEFAULT_IMPROVE = "พัฒนาและปรับปรุงการดำเนินงานให้ดีขึ้นจากเดิม"


@dataclass
class QuestionRow:
    code: str
    indicator: int | None  # the question's true indicator (None: unknown code)
    score: float | None  # None: no score given


@dataclass
class GroupResult:
    tool: str
    questions: list[QuestionRow]
    decision: str  # "maintain" or "improve"
    action_text: str  # the table's improve/maintain column


@dataclass
class IssueResult:
    no: int
    title: str
    groups: list[GroupResult]
    focus: list[str]
    analysis_th: str
    plan_topic: str = ""
    recommendations: list[Recommendation] = field(default_factory=list)
    urgent: list[str] = field(default_factory=list)  # OIT items below the threshold: a measure each

    @property
    def decision(self) -> str:
        return "improve" if any(g.decision == "improve" for g in self.groups) else "maintain"


def decide(scores: list[float | None], threshold: float) -> str:
    """``maintain`` when every score reaches the threshold (100 by default), else ``improve``.

    >>> decide([100, 100.0], 100), decide([100, 97.17], 100), decide([98.9], 95)
    ('maintain', 'improve', 'maintain')
    """
    present = [s for s in scores if s is not None]
    below = threshold - 1e-9
    return "maintain" if present and all(s >= below for s in present) else "improve"


def weakest(rows: list[QuestionRow], threshold: float, at_most: int = 2) -> list[str]:
    """The focus: the lowest-scoring question(s) below the threshold, ties kept, in order.

    >>> rows = [QuestionRow("i25", 5, 94.43), QuestionRow("i26", 5, 94.43), QuestionRow("i28", 5, 95.57)]
    >>> weakest(rows, 100)
    ['i25', 'i26']
    """
    below = threshold - 1e-9
    scored = [r for r in rows if r.score is not None and r.score < below]
    if not scored:
        return []
    low = min([r.score for r in scored])  # type: ignore[type-var]
    out: list[str] = []
    for r in scored:
        if abs(r.score - low) < 1e-9 and r.code not in out:  # type: ignore[operator]
            out.append(r.code)
    return out[:at_most]


def join_th(items: list[str]) -> str:
    """Join Thai clauses: ``a b และc``.

    >>> join_th(["ก"]), join_th(["ก", "ข", "ค"])
    ('ก', 'ก ข และค')
    """
    items = [i.strip() for i in items if i.strip()]
    if len(items) <= 1:
        return "".join(items)
    return " ".join(items[:-1]) + " และ" + items[-1]


def _recommendation(fw: Framework, case: AgencyCase, code: str) -> Recommendation | None:
    over = case.recommendations or {}
    if code in over:
        return over[code]
    q = fw.questions.get(code)
    if q and f"ind{q.indicator}" in over and code not in fw.recommendations:
        return over[f"ind{q.indicator}"]
    return fw.recommendation(code)


def _quote(fw: Framework, code: str, numerals: str) -> str:
    q = fw.questions.get(code)
    text = q.text if q and q.text else ""
    return f"{digits(code, numerals)} {text}".strip()


def analyse_issue(
    fw: Framework,
    case: AgencyCase,
    spec: IssueSpec,
    indicators: dict[int, IndicatorScore],
    avoid: frozenset[str] | set[str] = frozenset(),
) -> IssueResult:
    st = case.settings
    texts = fw.texts
    questions, got = fw.questions, case.scores.questions
    groups = []
    for g in spec.groups:
        rows = [QuestionRow(c, questions[c].indicator if c in questions else None, got.get(c)) for c in g.codes]
        decision = decide([r.score for r in rows], st.threshold)
        if decision == "maintain":
            action = texts.get("maintain", DEFAULT_MAINTAIN)
        else:
            focus_g = weakest(rows, st.threshold, 1)
            rec = _recommendation(fw, case, focus_g[0]) if focus_g else None
            action = (rec.action_short if rec and rec.action_short else "") or texts.get("improve", DEFAULT_IMPROVE)
        groups.append(GroupResult(g.tool, rows, decision, action))

    all_rows = [r for g in groups for r in g.questions]
    # OIT items below the threshold (an item scores 100 or 0) are each a measure of their own,
    # urgent; the survey questions give the issue's focus as before. An item already taken up
    # by an earlier issue is not repeated.
    oit = {c for c, q in questions.items() if q.tool == "OIT"}
    below = st.threshold - 1e-9
    urgent = list(dict.fromkeys(
        r.code for r in all_rows if r.code in oit and r.score is not None and r.score < below and r.code not in avoid
    ))
    survey = [r for r in all_rows if r.code not in oit]
    # An issue whose weakest question was already the focus of an earlier issue takes its next
    # weakest one, so that two issues do not repeat the same paragraph.
    fresh = [r for r in survey if r.code not in avoid]
    focus = weakest(fresh, st.threshold) or weakest(survey, st.threshold)
    if not focus and not urgent:  # only OIT items below the threshold, all taken up before
        focus = weakest([r for r in all_rows if r.code not in avoid], st.threshold)
    recs = [r for c in focus if (r := _recommendation(fw, case, c)) is not None]
    org = case.org.name
    if focus:
        parts = []
        seen: set[int] = set()
        for c in focus:
            no = fw.questions[c].indicator
            if no in seen:
                continue
            seen.add(no)
            ind = indicators[no]
            parts.append((ind.name, fmt_score(ind.score, st.numerals)))
        indicator_text = " คะแนน และตัวชี้วัด".join(
            f"{name}อยู่ที่ {score}" if i < len(parts) - 1 else name for i, (name, score) in enumerate(parts)
        )
        template = texts.get(
            "paragraph_improve",
            "{org}ได้ศึกษาวิเคราะห์ประเด็น{issue} โดยพิจารณาจากข้อคำถาม {focus} ข้อเท็จจริงพบว่า"
            "{org}มีผลคะแนนในตัวชี้วัด{indicator}อยู่ที่ {score} คะแนน {finding} ดังนั้น {org}ควร{measures}",
        )
        measures = [m for r in recs for m in r.measures]
        paragraph = template.format(
            org=org,
            issue=spec.title,
            focus=" และ ".join(_quote(fw, c, st.numerals) for c in focus),
            indicator=indicator_text,
            score=parts[-1][1],
            finding=" ".join(r.finding.format(org=org) for r in recs[:1]).strip(),
            measures=join_th(list(dict.fromkeys(m.format(org=org) for m in measures))),
        )
    elif urgent:
        paragraph = ""
    else:
        template = texts.get(
            "paragraph_maintain",
            "{org}ได้ศึกษาวิเคราะห์ประเด็น{issue} พบว่าข้อคำถามทุกข้อในประเด็นนี้ได้คะแนนเต็ม "
            "ดังนั้น {org}ควรรักษามาตรฐานไว้และพัฒนาประสิทธิภาพของการทำงานให้เป็นไปอย่างต่อเนื่อง",
        )
        paragraph = template.format(
            org=org, issue=spec.title, focus="", indicator="", score="", finding="", measures=""
        )
    if urgent:
        paragraph = _oit_sentence(fw, org, spec.title, urgent, st.numerals, paragraph)
    paragraph = digits(" ".join(paragraph.split()), st.numerals)
    return IssueResult(
        spec.no, spec.title, groups, focus + urgent, paragraph, spec.plan_topic or spec.title, recs, urgent
    )


def _oit_sentence(fw: Framework, org: str, issue: str, urgent: list[str], numerals: str, paragraph: str) -> str:
    """The paragraph about OIT items below the threshold: added to the survey paragraph, or the
    whole paragraph when the issue has nothing else to improve."""
    texts = topic_texts()
    items = " และ ".join(_quote(fw, c, numerals) for c in urgent)
    if paragraph:
        template = texts.get("paragraph_oit_zero", "นอกจากนี้ {org}ยังไม่ได้เผยแพร่ข้อมูลตามข้อ {items}")
        return f"{paragraph} {template.format(org=org, issue=issue, items=items)}"
    template = texts.get("paragraph_oit_only", "{org}ได้ศึกษาวิเคราะห์ประเด็น{issue} พบว่ายังไม่ได้เผยแพร่ข้อมูลตามข้อ {items}")
    return template.format(org=org, issue=issue, items=items)
