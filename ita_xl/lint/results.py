"""Checks on the result a document states: its pass word against the year's scheme, and the years
named in the sentence that states it."""

from __future__ import annotations

from ita_xl.core.framework import Framework
from ita_xl.core.thai import fmt_score, round_half_up
from ita_xl.lint.document import LintFinding
from ita_xl.lint.records import Reading


def _f(r: Reading, severity: str, kind: str, th: str, en: str, loc, quote: str = "") -> LintFinding:
    return LintFinding(severity, kind, th, en, r.doc.where(loc) if loc is not None else r.doc.name, quote)


def pass_word(r: Reading, fw: Framework) -> list[LintFinding]:
    """"(ผ่าน)" or "ไม่ผ่านเกณฑ์" against the stated level, else the stated total."""
    if r.pass_word is None:
        return []
    said = r.pass_word.value == "ผ่าน"
    passing = [lv for lv in fw.levels if lv.passed]
    by_label = {lv.label: lv for lv in fw.levels}
    level = by_label.get(r.level.value) if r.level is not None else None
    if r.total is not None and passing:  # the figure first; the label may be the error itself
        passes = r.total.value + 1e-9 >= min(lv.min for lv in passing)
        why_th, why_en = f"คะแนนรวม {r.total.value:.2f}", f"a total of {r.total.value:.2f}"
    elif level is not None:
        passes = level.passed
        why_th, why_en = f"ระดับ {level.label} ที่ระบุ", f"the stated level {level.label}"
    else:
        return []
    if passes == said:
        return []
    verdict_th, verdict_en = ("ผ่าน", "passes") if passes else ("ไม่ผ่าน", "does not pass")
    return [_f(
        r, "error", "pass_word",
        f"เอกสารเขียนว่า '{r.pass_word.value}' แต่{why_th}{verdict_th}ตามเกณฑ์ปี {fw.year}",
        f"the document says '{r.pass_word.value}', but {why_en} {verdict_en} in the {fw.year} scheme",
        r.pass_word.loc, r.pass_word.quote,
    )]


def result_year(r: Reading) -> list[LintFinding]:
    """The sentence stating the result names an earlier assessment year than the one taken (a later
    one is found with the other years)."""
    a = r.assessment_year
    at = {res.loc for res in r.results if not res.comparison}
    out = []
    for m in r.years:
        if m.role == "assessment" and not m.heading and m.loc in at and m.year < a:
            out.append(_f(
                r, "error", "year_mixed",
                f"ประโยคที่ระบุผลการประเมินอ้างปี {m.year} แต่ผลนี้เป็นผลการประเมินปี {a}",
                f"the sentence stating the result names {m.year}; the result is the {a} assessment's",
                m.loc, m.quote,
            ))
    return out


def tool_values(r: Reading, computed: dict[str, float | None]) -> list[LintFinding]:
    """A tool score the text states against the mean of its indicators, where all are known, both
    at two decimals half up (a stated 69.22 for a mean of 69.225 is wrong: the mean is 69.23).

    >>> from ita_xl.lint.document import Document, Loc
    >>> from ita_xl.lint.records import Stated
    >>> r = Reading(Document("d", "txt"))
    >>> r.tools["IIT"] = Stated(69.22, Loc(para=1), "IIT ได้ 69.22")
    >>> [f.message_en for f in tool_values(r, {"IIT": 69.225})]
    ['the text gives IIT as 69.22; the mean of its indicators is 69.23']
    >>> r.tools["IIT"] = Stated(69.23, Loc(para=1), "IIT ได้ 69.23")
    >>> tool_values(r, {"IIT": 69.225})
    []
    """
    out = []
    for tool, st in r.tools.items():
        want = computed.get(tool)
        if want is None:
            continue
        want = round_half_up(want, 2)
        if round_half_up(float(st.value), 2) != want:
            said = fmt_score(float(st.value), "arabic")
            mean = fmt_score(want, "arabic")
            out.append(_f(
                r, "error", "tool_mismatch",
                f"ข้อความให้ {tool} ได้ {said} แต่ค่าเฉลี่ยของตัวชี้วัดของ {tool} คือ {mean}",
                f"the text gives {tool} as {said}; the mean of its indicators is {mean}",
                st.loc, st.quote,
            ))
    return out


def result_checks(r: Reading, fw: Framework, tools: dict[str, float | None]) -> list[LintFinding]:
    """``tools``: each tool's score from the indicators (None where one is unknown)."""
    return pass_word(r, fw) + result_year(r) + tool_values(r, tools)
