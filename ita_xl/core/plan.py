"""The action plan: measures per issue, put into practice in the fiscal year after the assessment."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field

from ita_xl.core.analysis import IssueResult
from ita_xl.core.framework import Framework
from ita_xl.core.model import AgencyCase, Org
from ita_xl.core.oit_items import item_kind, item_title, one_bracket
from ita_xl.core.thai import MONTHS, ce_year, digits, fiscal_period


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
    urgent: bool = False  # an OIT item below the threshold: its own measure, ahead of the others
    due: str = ""  # the date by which it must be published (urgent rows)
    label: str = ""  # the number the plan prints before its topic ("" on an issue's later rows)


def row_labels(rows: list[tuple[int | None, bool]], urgent_word: str, numerals: str = "thai") -> list[str]:
    """The number each plan row prints, from ``(issue, urgent)`` per row: the urgent OIT part first,
    numbered on its own ("เร่งด่วน ๑", …), then each issue's number on its first row only, so that no
    number repeats (a later row of the same issue continues it, as a merged cell would).

    >>> row_labels([(2, True), (7, True), (1, False), (7, False), (7, False), (None, False)], "ด่วน", "arabic")
    ['ด่วน 1', 'ด่วน 2', '1', '7', '', '']
    """
    out: list[str] = []
    k, prev = 0, None
    for issue, urgent in rows:
        if urgent:
            k += 1
            out.append(digits(f"{urgent_word} {k}", numerals))
            prev = None
        elif issue is None or issue == prev:
            out.append("")
        else:
            out.append(digits(str(issue), numerals))
            prev = issue
    return out


def unit_name(role: str, org: Org, units: dict) -> str:
    """The agency's unit for a role: its own settings first, then the defaults of its type
    (``units``: ``units.toml``, as :attr:`Framework.catalog` carries it).

    >>> unit_name("hr", Org("x", units={"hr": "กองการเจ้าหน้าที่"}), {})
    'กองการเจ้าหน้าที่'
    """
    if role in org.units and org.units[role]:
        return org.units[role]
    types = units.get("org_types", {})
    for key in (org.org_type, "default"):
        named = types.get(key, {}).get("units", {})
        if role in named:
            return named[role]
    return units.get("roles", {}).get(role, role)


def plan_year(case: AgencyCase) -> int:
    """Measures run over the fiscal year after the assessment year."""
    return case.scores.year + 1




def due_date(fiscal_be: int, month: int, numerals: str = "thai") -> str:
    """The last day of ``month`` within fiscal year ``fiscal_be`` (1 Oct of the year before to 30 Sep).

    >>> due_date(2570, 12), due_date(2570, 3, "arabic")
    ('๓๑ ธันวาคม ๒๕๖๙', '31 มีนาคม 2570')
    """
    month = min(max(int(month), 1), 12)
    year = fiscal_be - 1 if month >= 10 else fiscal_be
    day = monthrange(ce_year(year), month)[1]
    return digits(f"{day} {MONTHS[month - 1]} {year}", numerals)


def urgent_month(month: int | None, texts: dict) -> int:
    """The month by whose end an urgent measure is due: ``urgent_due_month`` of the shared texts
    (``topics.toml``: March, the six-month round), or the item's own month when that comes later in
    the fiscal year (a six-month report cannot exist before April). One date for the urgent part,
    months after the results and the approval, rather than December for some items and March for
    others.

    >>> t = {"urgent_due_month": 3}
    >>> urgent_month(12, t), urgent_month(3, t), urgent_month(4, t), urgent_month(None, t)
    (3, 3, 4, 3)
    """
    floor = int(texts.get("urgent_due_month", 3))
    if month is None:
        return floor
    return max(floor, int(month), key=lambda m: (m - 10) % 12)  # in the fiscal year's order (Oct first)


def urgent_row(fw: Framework, case: AgencyCase, issue: IssueResult, code: str) -> PlanRow:
    """The measure of an OIT item below the threshold: what to publish (or, for a system such as
    E-Service, to provide), where, who, by when. The item is named by its title in the year's
    questions; an item whose title the data does not know gets a measure that says so."""
    numerals = case.settings.numerals
    q = fw.questions[code]
    topic = fw.catalog.topics.get(q.topic)
    texts = fw.catalog.texts
    owner_role = topic.owner if topic else "admin"
    over = (case.recommendations or {}).get(code)  # the agency's own library entry names the unit
    if over is not None and over.owner:
        owner_role = over.owner
    unit = unit_name(owner_role, case.org, fw.catalog.units)
    item = item_title(fw, code)
    what = topic.name if topic else (q.text or "ข้อมูล")  # the measure names the item "ตามข้อ {code}" itself
    due = due_date(plan_year(case), urgent_month(topic.due if topic else None, texts), numerals)
    try:
        indicator = fw.indicator(q.indicator).name
    except KeyError:
        indicator = ""
    fields = {"org": case.org.name, "code": digits(code, numerals), "item": item, "what": what, "unit": unit,
              "due": due, "score": "", "issue": digits(str(issue.no), numerals), "indicator": indicator}
    kind = item_kind(fw, code)
    suffix = "" if kind == "publish" else f"_{kind}"
    measures = [texts.get(f"urgent_measure{suffix}", texts.get("urgent_measure", "เผยแพร่{what}บนเว็บไซต์ของ{org}ตามข้อ {code}")),
                texts.get("urgent_measure_2", "")]
    steps = texts.get(f"urgent_steps{suffix}", texts.get("urgent_steps", ["เผยแพร่{what}บนเว็บไซต์ของหน่วยงาน ภายในวันที่ {due}"]))
    title = texts.get(f"urgent_topic{'_unknown' if kind == 'unknown' else ''}", "{item} (ข้อ {code})")
    return PlanRow(
        key=f"{issue.no}:{code}",
        issue=issue.no,
        topic=digits(one_bracket(title.format(**fields)), numerals),
        measures=[digits(" ".join(m.format(**fields).split()), numerals) for m in measures if m],
        owner=unit,
        steps=[digits(s.format(**fields), numerals) for s in steps],
        period=digits(texts.get("urgent_period", "ภายในวันที่ {due}").format(**fields), numerals),
        questions=[code],
        urgent=True,
        due=due,
    )


def first_measures(recs, twins: list, before: list[str] = ()) -> list[str]:
    """Each recommendation's first measure, once: a question asking what an earlier one (or one of
    ``before``, the keys of the issue's other rows) asks from the other side (``twin_questions`` of
    the library's texts, e.g. IIT i2 and EIT e2 on serving in turn) takes its next measure, so a
    cell never proposes a queue system twice in other words.

    >>> from ita_xl.core.framework import Recommendation as R
    >>> recs = [R("i2", "", ("คิว ก", "เท่าเทียม ก"), "admin", ()), R("e2", "", ("คิว ข", "เท่าเทียม ข"), "admin", ())]
    >>> first_measures(recs, ["i2 e2"]), first_measures(recs, [])
    (['คิว ก', 'เท่าเทียม ข'], ['คิว ก', 'คิว ข'])
    """
    pairs = {frozenset(p.split()) for p in twins if len(p.split()) == 2}
    seen, out = list(before), []
    for r in recs:
        twin = any(frozenset((r.key, k)) in pairs for k in seen)
        m = r.measures[1] if twin and len(r.measures) > 1 else r.measures[0]
        seen.append(r.key)
        if m not in out:
            out.append(m)
    return out


def shared_steps(recs, texts: dict, at_most: int = 3) -> list[str]:
    """The steps of the row the questions after the weakest share: the first step of each of their
    recommendations (up to ``at_most``), then the last step of the first (how it is followed up), or
    all the steps of the one recommendation when there is one:
    the row's own steps, not the same generic ones in every row. Without recommendations, the
    library's ``shared_steps``."""
    with_steps = [r for r in recs if r.steps]
    if len(with_steps) == 1:  # one question: its own steps, all of them
        return list(with_steps[0].steps)
    firsts = list(dict.fromkeys(r.steps[0] for r in with_steps))[:at_most]
    if not firsts:
        return list(texts.get("shared_steps", []) or ["ดำเนินการตามแนวทางที่กำหนด", "รายงานผลการดำเนินงานให้ผู้บริหารทราบ"])
    last = next((r.steps[-1] for r in recs if len(r.steps) > 1), "")
    return firsts + ([last] if last and last not in firsts else [])


def build_plan(fw: Framework, case: AgencyCase, issues: list[IssueResult]) -> list[PlanRow]:
    numerals = case.settings.numerals
    period = fiscal_period(plan_year(case), numerals)
    org = case.org.name
    # OIT items below the threshold first, one urgent measure each, in issue order.
    rows: list[PlanRow] = [urgent_row(fw, case, issue, c) for issue in issues for c in issue.urgent]
    for issue in issues:
        if issue.urgent and not issue.recommendations and not issue.shared:
            continue  # the issue's measures are its urgent rows
        if issue.recommendations:
            for rec in issue.recommendations:
                rows.append(
                    PlanRow(
                        key=f"{issue.no}:{rec.key}",
                        issue=issue.no,
                        topic=issue.plan_topic,
                        measures=[digits(m.format(org=org), numerals) for m in rec.measures],
                        owner=unit_name(rec.owner, case.org, fw.catalog.units),
                        steps=[digits(s.format(org=org), numerals) for s in rec.steps],
                        period=period,
                        questions=[c for c in issue.focus if c not in issue.shared and c not in issue.urgent
                                   and rec.key in (c, f"ind{fw.questions[c].indicator}")],
                    )
                )
        if issue.shared:  # the other questions below the threshold share a row: each one's first action
            texts = fw.texts
            recs = [r for r in issue.shared_recommendations if r.measures]
            firsts = first_measures(recs, texts.get("twin_questions", []), [r.key for r in issue.recommendations])
            owner = issue.shared_recommendations[0].owner if issue.shared_recommendations else "admin"
            rows.append(
                PlanRow(
                    key=f"{issue.no}:others",
                    issue=issue.no,
                    topic=issue.plan_topic,
                    measures=[digits(m.format(org=org), numerals) for m in dict.fromkeys(firsts)],
                    owner=unit_name(owner, case.org, fw.catalog.units),
                    steps=[digits(s.format(org=org), numerals) for s in shared_steps(recs, texts)],
                    period=period,
                    questions=list(issue.shared),
                )
            )
        if not issue.recommendations and not issue.shared:
            texts = fw.texts
            rows.append(
                PlanRow(
                    key=f"{issue.no}:maintain",
                    issue=issue.no,
                    topic=issue.plan_topic,
                    measures=[digits(texts.get("maintain", "รักษามาตรฐานการดำเนินงาน"), numerals)],
                    owner=unit_name("admin", case.org, fw.catalog.units),
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
    word = fw.catalog.texts.get("urgent_label", "เร่งด่วน")
    for row, label in zip(rows, row_labels([(r.issue, r.urgent) for r in rows], word, numerals)):
        row.label = label
    return rows
