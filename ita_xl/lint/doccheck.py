"""Checks only a document can fail: what its own tables, cells and headings say against each other."""

from __future__ import annotations

import re

from ita_xl.core.analysis import decide
from ita_xl.core.codes import CODE_IN_TEXT, parse_code
from ita_xl.core.thai import arabic_digits
from ita_xl.core.thai import fiscal_year_bounds, thai_date
from ita_xl.lint.document import LintFinding
from ita_xl.lint.document import snippet
from ita_xl.lint.patterns import action_kind, parse_period
from ita_xl.lint.records import Reading


def _f(r: Reading, severity: str, kind: str, th: str, en: str, loc, quote: str = "") -> LintFinding:
    return LintFinding(severity, kind, th, en, r.doc.where(loc) if loc is not None else r.doc.name, quote)


def score_conflicts(r: Reading) -> list[LintFinding]:
    """A question whose score in one table differs from its score in another."""
    out = []
    first = {}
    for cell in r.question_cells():
        if cell.score is None:
            continue
        ref = first.setdefault(cell.code, cell)
        if ref is not cell and abs(ref.score - cell.score) > 1e-9:
            out.append(_f(
                r, "error", "score_conflict",
                f"ข้อ {cell.code} มีคะแนน {cell.score:.2f} ที่นี่ (ประเด็นที่ {cell.issue}) แต่ {ref.score:.2f} "
                f"ที่ {ref.loc.label()} (ประเด็นที่ {ref.issue})",
                f"question {cell.code} scores {cell.score:.2f} here (issue {cell.issue}) but {ref.score:.2f} "
                f"at {ref.loc.label()} (issue {ref.issue})",
                cell.loc, cell.quote,
            ))
    return out


_QUESTION_VALUE = re.compile(r"(?:(?!ตัวชี้วัด)[^0-9]){0,60}?(?:ได้คะแนน|มีคะแนน|คะแนน|ได้|อยู่ที่)\s*([0-9]{1,3}(?:\.[0-9]{1,2})?)(?![0-9])")


def text_question_values(r: Reading) -> list[LintFinding]:
    """A paragraph that gives a question's score (``ข้อ i24 ได้คะแนน 55.57``) other than its table's."""
    scored = {}
    for cell in r.question_cells():
        if cell.score is not None:
            scored.setdefault(cell.code, cell)
    out = []
    for p in [p for i in r.issues for p in i.paragraphs] + r.intro:
        plain = arabic_digits(p.text)
        for m in CODE_IN_TEXT.finditer(plain):
            code = parse_code(m.group(1) + m.group(2))
            v = _QUESTION_VALUE.match(plain, m.end())
            if not code or code not in scored or not v:
                continue
            value = float(v.group(1))
            ref = scored[code]
            if abs(value - ref.score) > 0.005:
                out.append(_f(
                    r, "error", "text_question_value",
                    f"ข้อความให้ข้อ {code} ได้ {value:.2f} แต่ตารางมี {ref.score:.2f} ({ref.loc.label()})",
                    f"the text gives {code} as {value:.2f}; its table has {ref.score:.2f} ({ref.loc.label()})",
                    p.loc, snippet(p.text, p.text[m.start(): v.end()], 90),
                ))
    return out


def action_cells(r: Reading, threshold: float) -> list[LintFinding]:
    """A maintain/improve cell that contradicts its group's scores (maintain exactly when all reach the threshold)."""
    out = []
    for issue in r.issues:
        for g in issue.groups:
            scores = [c.score for c in g.cells if c.score is not None]
            if not scores:
                continue
            expected = decide(scores, threshold)
            loc = g.action_loc or g.cells[0].loc
            if not g.action:
                out.append(_f(
                    r, "warning", "action_missing",
                    f"กลุ่ม {g.tool} ของประเด็นที่ {issue.no} ไม่ได้ระบุว่ารักษาระดับหรือปรับปรุง",
                    f"the {g.tool} group of issue {issue.no} says neither maintain nor improve", loc, g.cells[0].quote,
                ))
                continue
            said = action_kind(g.action)
            if said is None:
                out.append(_f(
                    r, "info", "action_unclear",
                    f"อ่านไม่ได้ว่าช่องของกลุ่ม {g.tool} ประเด็นที่ {issue.no} หมายถึงรักษาระดับหรือปรับปรุง",
                    f"cannot tell whether the cell of the {g.tool} group of issue {issue.no} means maintain or improve",
                    loc, snippet(g.action),
                ))
                continue
            if said == expected:
                continue
            low = min(g.cells, key=lambda c: c.score if c.score is not None else 1e9)
            if said == "maintain":
                th = (f"กลุ่ม {g.tool} ของประเด็นที่ {issue.no} เขียนว่ารักษาระดับ แต่ข้อ {low.code} ได้ {low.score:.2f} "
                      f"ต่ำกว่า {threshold:g}")
                en = (f"the {g.tool} group of issue {issue.no} says maintain, but {low.code} scores {low.score:.2f}, "
                      f"below {threshold:g}")
            else:
                th = f"กลุ่ม {g.tool} ของประเด็นที่ {issue.no} เขียนว่าปรับปรุง แต่ทุกข้อได้ {threshold:g} ขึ้นไป"
                en = f"the {g.tool} group of issue {issue.no} says improve, but every score reaches {threshold:g}"
            out.append(_f(r, "error", "action_contradiction", th, en, loc, snippet(g.action)))
    return out


def plan_periods(r: Reading) -> list[LintFinding]:
    """Each plan period must lie in the fiscal year after the assessment (1 Oct N – 30 Sep N+1)."""
    out = []
    fiscal = r.assessment_year + 1
    start, end = fiscal_year_bounds(fiscal)
    want = f"{thai_date(start, 'arabic')} – {thai_date(end, 'arabic')}"
    for row in r.plan:
        text = " ".join(row.period.split())
        if not text:
            out.append(_f(
                r, "warning", "plan_period_missing", "แถวนี้ของแผนไม่ได้ระบุระยะเวลาดำเนินงาน",
                "this plan row gives no period", row.loc, snippet(row.topic or row.measures),
            ))
            continue
        got = parse_period(text)
        if got is None:
            out.append(_f(
                r, "warning", "plan_period_unread", f"อ่านระยะเวลาดำเนินงาน '{snippet(text, width=40)}' ไม่ได้",
                f"cannot read the period '{snippet(text, width=40)}'", row.loc, snippet(text),
            ))
            continue
        s, e = got
        if (s, e) == (start, end) or (s == e and start <= s <= end):  # the year, or a deadline in it
            continue
        if s < start or e > end or s > e:
            out.append(_f(
                r, "error", "plan_period",
                f"ระยะเวลา {thai_date(s, 'arabic')} – {thai_date(e, 'arabic')} ไม่อยู่ในปีงบประมาณ {fiscal} "
                f"({want}) ซึ่งเป็นปีถัดจากปีที่ประเมิน {r.assessment_year}",
                f"period {s:%Y-%m-%d} – {e:%Y-%m-%d} is not within fiscal year {fiscal} ({start} – {end}), "
                f"the year after the {r.assessment_year} assessment",
                row.loc, snippet(text),
            ))
        else:
            out.append(_f(
                r, "info", "plan_period_part",
                f"ระยะเวลา {thai_date(s, 'arabic')} – {thai_date(e, 'arabic')} เป็นส่วนหนึ่งของปีงบประมาณ {fiscal}",
                f"period {s} – {e} is part of fiscal year {fiscal}", row.loc, snippet(text),
            ))
    return out


def years(r: Reading) -> list[LintFinding]:
    """Years that contradict the assessment year or the plan year of the document."""
    out = []
    a, p = r.assessment_year, r.plan_year
    for m in r.years:
        if m.role == "assessment" and m.analysis and m.year == a + 1:
            # an analysis titled with the fiscal year it belongs to, above the result of the year before:
            # the convention of the O42 pages agencies publish, not an error
            out.append(_f(
                r, "info", "heading_fiscal_year",
                f"หัวข้อระบุปีงบประมาณ {m.year} ซึ่งเป็นปีของเอกสาร จึงถือว่าปีที่ประเมินคือ {a}",
                f"the heading names fiscal year {m.year}, the document's own year; {a} was taken as the assessment year",
                m.loc, m.quote,
            ))
        elif m.role == "assessment" and m.year != a:
            if m.heading:
                out.append(_f(
                    r, "error", "heading_year",
                    f"หัวข้อระบุปีของผลการประเมินเป็น {m.year} แต่เนื้อหาเป็นผลการประเมินปี {a}",
                    f"a heading gives the assessment year as {m.year}; the body is about the {a} assessment",
                    m.loc, m.quote,
                ))
            elif m.year > a:
                out.append(_f(
                    r, "error", "year_mixed",
                    f"ข้อความอ้างผลการประเมินปี {m.year} แต่เอกสารวิเคราะห์ผลการประเมินปี {a}",
                    f"the text cites the {m.year} assessment; the document analyses the {a} one",
                    m.loc, m.quote,
                ))
        elif m.role == "plan" and p is not None and m.year != p:
            out.append(_f(
                r, "error", "heading_year" if m.heading else "year_mixed",
                f"ระบุปีของมาตรการเป็น {m.year} แต่ส่วนอื่นของเอกสารเป็นปี {p}",
                f"gives the plan year as {m.year}; the rest of the document says {p}",
                m.loc, m.quote,
            ))
    history = [m for m in r.years if m.role == "history"]
    if history and max(m.year for m in history) != a:
        last = max(history, key=lambda m: m.year)
        out.append(_f(
            r, "warning", "history_year",
            f"ผลย้อนหลังสิ้นสุดที่ปี {last.year} แต่ปีที่ประเมินคือ {a}",
            f"the history ends in {last.year}, but the assessment year is {a}", last.loc, last.quote,
        ))
    return out


def plan_covers_issues(r: Reading, threshold: float) -> list[LintFinding]:
    """An issue to improve with no row in the plan (plan topics numbered as the issues)."""
    numbered = {row.issue for row in r.plan if row.issue is not None}
    if not numbered:
        return []
    out = []
    for issue in r.issues:
        scores = [c.score for g in issue.groups for c in g.cells if c.score is not None]
        if scores and decide(scores, threshold) == "improve" and issue.no not in numbered:
            out.append(_f(
                r, "warning", "plan_missing_issue",
                f"ประเด็นที่ {issue.no} ต้องปรับปรุง แต่ไม่มีในตารางมาตรการ",
                f"issue {issue.no} needs improving but has no row in the plan", issue.loc, snippet(issue.title),
            ))
    return out


def document_checks(r: Reading, threshold: float = 100.0) -> list[LintFinding]:
    return (
        score_conflicts(r) + text_question_values(r) + action_cells(r, threshold) + plan_periods(r) + years(r) + plan_covers_issues(r, threshold)
    )
