"""Every number of the document against the agency's own ITAS scores (``--scores``)."""

from __future__ import annotations

from ita_xl.core.compute import indicator_scores, level_for, tool_scores, weighted_total
from ita_xl.core.framework import Framework
from ita_xl.core.model import ScoreSet
from ita_xl.lint.document import LintFinding
from ita_xl.lint.document import snippet
from ita_xl.lint.extract import quoted_figures
from ita_xl.lint.records import Reading

TOLERANCE = 0.005  # the document prints two decimals


def _f(r: Reading, severity: str, kind: str, th: str, en: str, loc, quote: str = "") -> LintFinding:
    return LintFinding(severity, kind, th, en, r.doc.where(loc) if loc is not None else r.doc.name, quote)


def source_values(fw: Framework, src: ScoreSet) -> tuple[dict[int, float], float | None, str | None]:
    """Indicator scores, total and level of the source: as stated there, else computed from its questions."""
    inds = indicator_scores(fw, src)
    by_no = {i.no: i.score for i in inds if i.score is not None}
    total = src.total if src.total is not None else weighted_total(tool_scores(inds), fw.weights)
    level = src.level or level_for(fw.levels, total, tool_scores(inds))
    return by_no, total, level


def source_checks(r: Reading, fw: Framework, source) -> list[LintFinding]:
    src: ScoreSet = source.scores
    name = getattr(source, "org", None) and source.org.name
    out: list[LintFinding] = []
    if src.year != r.assessment_year:
        out.append(_f(
            r, "error", "source_year", f"ไฟล์คะแนนเป็นปี {src.year} แต่เอกสารเป็นผลการประเมินปี {r.assessment_year}",
            f"the score file is for {src.year}; the document for {r.assessment_year}", None,
        ))
        return out
    if name and r.org_name and name != r.org_name:
        out.append(_f(
            r, "warning", "source_org", f"ไฟล์คะแนนเป็นของ {name} แต่เอกสารเป็นของ {r.org_name}",
            f"the score file is {name}'s; the document is {r.org_name}'s", r.org_loc,
        ))
    seen: set[str] = set()
    for cell in r.question_cells():
        seen.add(cell.code)
        want = src.questions.get(cell.code)
        if want is None:
            out.append(_f(
                r, "warning", "source_missing", f"ข้อ {cell.code} ไม่มีในไฟล์คะแนน ITAS",
                f"question {cell.code} is not in the ITAS scores", cell.loc, cell.quote,
            ))
        elif cell.score is not None and abs(cell.score - want) > TOLERANCE:
            out.append(_f(
                r, "error", "source_mismatch", f"ข้อ {cell.code} ในเอกสารได้ {cell.score:.2f} แต่ ITAS ให้ {want:.2f}",
                f"question {cell.code} is {cell.score:.2f} in the document but {want:.2f} in ITAS", cell.loc, cell.quote,
            ))
    absent = [c for c in src.questions if c not in seen]
    if absent:
        out.append(_f(
            r, "info", "source_not_shown", f"คะแนนใน ITAS ที่เอกสารไม่ได้แสดง: {', '.join(absent)}",
            f"ITAS scores the document does not show: {', '.join(absent)}", None,
        ))
    inds, total, level = source_values(fw, src)
    for no, st in r.indicators.items():
        want = inds.get(no)
        if want is not None and abs(float(st.value) - want) > TOLERANCE:
            out.append(_f(
                r, "error", "source_mismatch", f"ตัวชี้วัดที่ {no} ในเอกสารได้ {st.value:.2f} แต่ ITAS ให้ {want:.2f}",
                f"indicator {no} is {st.value:.2f} in the document but {want:.2f} in ITAS", st.loc, st.quote,
            ))
    if r.total is not None and total is not None and abs(float(r.total.value) - total) > 0.011:
        out.append(_f(
            r, "error", "source_mismatch", f"คะแนนรวมในเอกสาร {r.total.value:.2f} แต่ ITAS ให้ {total:.2f}",
            f"the total is {r.total.value:.2f} in the document but {total:.2f} in ITAS", r.total.loc, r.total.quote,
        ))
    if r.level is not None and level and r.level.value != level:
        out.append(_f(
            r, "error", "source_mismatch", f"ระดับในเอกสารคือ {r.level.value} แต่ ITAS ให้ {level}",
            f"the level is {r.level.value} in the document but {level} in ITAS", r.level.loc, r.level.quote,
        ))
    for p in r.intro + [p for i in r.issues for p in i.paragraphs]:
        for no, value, words in quoted_figures(p.text, fw):
            want = inds.get(no)
            if want is not None and abs(value - want) > TOLERANCE:
                out.append(_f(
                    r, "error", "source_text_value",
                    f"ข้อความให้ตัวชี้วัดที่ {no} เป็น {value:.2f} แต่ ITAS ให้ {want:.2f}",
                    f"the text gives indicator {no} as {value:.2f}; ITAS has {want:.2f}", p.loc, snippet(words, width=90),
                ))
    return out
