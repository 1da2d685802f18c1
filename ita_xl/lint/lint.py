"""From a document's reading to the project's case, the project's checks, and the document's own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ita_xl.core import checks
from ita_xl.core.codes import codes_in_text
from ita_xl.core.compute import indicator_scores, tool_scores
from ita_xl.core.engine import SEVERITY_ORDER, Result, analyze
from ita_xl.core.framework import Framework, IssueGroupSpec, IssueSpec
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.core.model import AgencyCase, Finding, Org, ScoreSet
from ita_xl.core.thai import arabic_digits
from ita_xl.lint.doccheck import document_checks
from ita_xl.lint.document import Document, LintFinding, snippet
from ita_xl.lint.extract import quoted_figures, read_document
from ita_xl.lint.records import Reading
from ita_xl.lint.results import result_checks
from ita_xl.lint.source import source_checks
from ita_xl.lint.statements import scheme_labels


@dataclass
class LintResult:
    reading: Reading
    case: AgencyCase | None
    result: Result | None
    findings: list[LintFinding] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def counts(self) -> dict[str, int]:
        return {s: sum(f.severity == s for f in self.findings) for s in ("error", "warning", "info")}

    def to_dict(self) -> dict:
        r = self.reading
        fw = self.result.framework if self.result else None
        return {
            "document": r.doc.name,
            "org": r.org_name,
            "org_type": r.org_type,
            "district": r.district,
            "province": r.province,
            "assessment_year": r.assessment_year,
            "plan_year": r.plan_year,
            "findings": [f.to_dict() for f in self.findings],
            "counts": self.counts(),
            "read": {
                "total": r.total.value if r.total else None,
                "level": r.level.value if r.level else None,
                "pass_word": r.pass_word.value if r.pass_word else None,
                "tools": {t: st.value for t, st in r.tools.items()},
                "indicators": {str(n): s.value for n, s in sorted(r.indicators.items())},
                "issues": [
                    {
                        "no": i.no, "title": i.title, "where": r.doc.where(i.loc),
                        "groups": [
                            {
                                "tool": g.tool, "action": g.action,
                                "questions": [{"code": c.code, "score": c.score, "where": r.doc.where(c.loc)} for c in g.cells],
                            }
                            for g in i.groups
                        ],
                        "cited": list(dict.fromkeys(c for p in i.paragraphs for c in _cited(p.text))),
                        "quoted": [
                            {"indicator": no, "value": v, "where": r.doc.where(p.loc)}
                            for p in i.paragraphs for no, v, _ in (quoted_figures(p.text, fw) if fw else ())
                        ],
                    }
                    for i in r.issues
                ],
                "plan": [
                    {"topic": p.topic, "issue": p.issue, "owner": p.owner, "period": p.period, "where": r.doc.where(p.loc)}
                    for p in r.plan
                ],
                "units": r.units,
                "limitations": [p.text for p in r.limitations],
                "suggestions": [p.text for p in r.suggestions],
            },
        }


def _cited(text: str) -> list[str]:
    return codes_in_text(text)


@dataclass
class CaseParts:
    case: AgencyCase
    quotes: dict[str, str]  # where -> a quote of what sits there
    texts: dict[str, str]  # where -> the whole text there (to quote around a needle)
    extra_texts: dict[str, str]  # plan cells and headings: checked for other agencies' names only
    paras: dict[str, list] = field(default_factory=dict)  # where of a text -> its paragraphs


def build_case(r: Reading, fw: Framework) -> CaseParts:
    """The project's case model from what the document states."""
    doc = r.doc
    quotes: dict[str, str] = {}
    scores = ScoreSet(year=r.assessment_year)
    for cell in r.question_cells():
        if cell.score is None or cell.code in scores.questions or cell.code not in fw.questions:
            continue
        scores.questions[cell.code] = cell.score
        scores.where[f"q:{cell.code}"] = w = doc.where(cell.loc)
        quotes[w] = cell.quote
    for code, st in r.questions.items():
        if code not in scores.questions:
            scores.questions[code] = float(st.value)
            scores.where[f"q:{code}"] = w = doc.where(st.loc)
            quotes[w] = st.quote
    for no, st in r.indicators.items():
        scores.indicators[no] = float(st.value)
        scores.where[f"ind:{no}"] = w = doc.where(st.loc)
        quotes[w] = st.quote
    for tool, st in r.tools.items():
        scores.tools[tool] = float(st.value)
        scores.where[f"tool:{tool}"] = w = doc.where(st.loc)
        quotes.setdefault(w, st.quote)
    for key, st in (("total", r.total), ("level", r.level)):
        if st is not None:
            setattr(scores, key, st.value)
            scores.where[key] = w = doc.where(st.loc)
            quotes.setdefault(w, st.quote)
    org = Org(
        name=r.org_name, org_type=r.org_type, district=r.district, province=r.province, units=dict(r.units),
    )
    texts: dict[str, str] = {}
    texts_where: dict[str, str] = {}

    paras: dict[str, list] = {}

    def add(key: str, ps: list) -> None:
        # one text per part (an issue's analysis, the limitations), as a PDF may break a paragraph
        # in lines: a question cited in one and an indicator quoted in the next still meet
        if ps:
            texts[key] = "\n".join(p.text for p in ps)
            texts_where[key] = doc.where(ps[0].loc)
            paras[texts_where[key]] = ps

    for k, p in enumerate(r.intro, start=1):
        add(f"intro.{k}", [p])
    for issue in r.issues:
        add(f"analysis.{issue.no}", issue.paragraphs)
        texts_where[f"issue.{issue.no}"] = w = doc.where(issue.table.loc if issue.table else issue.loc)
        quotes.setdefault(w, snippet(issue.title))
    add("limitations", r.limitations)
    add("suggestions", r.suggestions)
    if r.plan_year_loc is not None:
        texts_where["plan_year"] = w = doc.where(r.plan_year_loc)
        quotes.setdefault(w, next((m.quote for m in r.years if m.loc == r.plan_year_loc and m.role == "plan"), ""))
    issues = tuple(
        IssueSpec(
            no=i.no, title=i.title,
            groups=tuple(IssueGroupSpec(g.tool, tuple(dict.fromkeys(c.code for c in g.cells))) for g in i.groups if g.cells),
        )
        for i in r.issues if i.groups
    )
    case = AgencyCase(
        org=org, scores=scores, issues=issues, plan_year=r.plan_year, texts=texts, texts_where=texts_where,
    )
    extra = {doc.where(row.loc): " ".join((row.topic, row.measures, row.owner, row.steps)) for row in r.plan}
    extra |= {doc.where(p.loc): p.text for p in r.headings}
    return CaseParts(case, quotes, {texts_where[k]: t for k, t in texts.items()}, extra, paras)


# the engine's own paragraphs are not the document's; an indicator the document does not state is said
# once by the reading (indicators_not_read), not once per indicator as an error
_ENGINE_ONLY = {"unverified_wording", "indicator_missing"}
# a document shows the questions of its issues, seldom every question of an indicator: a stated
# indicator whose questions are not all shown cannot be checked, which is worth a note, not a warning
_NOTE_ONLY = {"indicator_incomplete"}
_NAME_IN = re.compile(r"'([^']+)…'")
_VALUE_IN = re.compile(r"(?: as|stated) (\d+(?:\.\d+)?)[;: ]")
_CODE_IN = re.compile(r"(?:question|cites) ([iIeEO]\d+)")


def _needle(f: Finding, text: str) -> str:
    """The words of ``text`` a finding is about, to quote around them."""
    plain = arabic_digits(text)
    for pat in (_NAME_IN, _VALUE_IN, _CODE_IN):
        m = pat.search(f.message_en)
        if not m:
            continue
        want = m.group(1)
        if pat is _CODE_IN:
            hit = re.search(rf"{want[0]}\s?{want[1:]}(?![0-9])", plain, re.IGNORECASE)
        else:
            at = plain.find(want)
            if at < 0 and pat is _VALUE_IN and want.endswith("0"):
                at = plain.find(want.rstrip("0").rstrip("."))
            hit = None if at < 0 else re.compile(re.escape(plain[at: at + len(want)])).search(plain, at)
        if hit:
            return text[hit.start(): hit.end()]
    return ""


def _from_core(f: Finding, parts: CaseParts, doc: Document) -> LintFinding:
    if f.kind in _NOTE_ONLY:
        f = Finding("info", f.kind, f.message_th, f.message_en, f.where)
    if f.kind == "level_unknown" and parts.case.scores.level in scheme_labels():
        years = scheme_labels()[parts.case.scores.level]  # say whose label it is
        f = Finding(
            f.severity, f.kind, f"{f.message_th}; '{parts.case.scores.level}' เป็นระดับของปี {years}",
            f"{f.message_en}; '{parts.case.scores.level}' is a level of {years}", f.where,
        )
    text = parts.texts.get(f.where)
    where = f.where if f.where.startswith(doc.name + ":") else f"{doc.name} ({f.where})"
    if not text:
        return LintFinding(f.severity, f.kind, f.message_th, f.message_en, where, parts.quotes.get(f.where, ""))
    needle = _needle(f, text)
    for p in parts.paras.get(f.where, ()):
        if needle and needle in p.text:  # the paragraph the finding is about
            return LintFinding(f.severity, f.kind, f.message_th, f.message_en, doc.where(p.loc), snippet(p.text, needle, 90))
    quote = snippet(text, needle, 90)
    return LintFinding(f.severity, f.kind, f.message_th, f.message_en, where, quote)


def lint_reading(r: Reading, fw: Framework, source=None) -> LintResult:
    """Every finding on a document already read: the project's checks on its case, the document's own
    checks, and with ``source`` (an agency's ITAS scores) every number against it."""
    parts = build_case(r, fw)
    result = analyze(parts.case, fw)
    findings = list(r.notes)
    # the engine's own paragraphs are not the document's: what it says of their wording is left out
    findings += [_from_core(f, parts, r.doc) for f in result.findings if f.kind not in _ENGINE_ONLY]
    # plan cells and headings are checked for other agencies' names (their numbers are not scores)
    extra_case = AgencyCase(
        org=parts.case.org, scores=parts.case.scores, texts={w: t for w, t in parts.extra_texts.items()},
        texts_where={w: w for w in parts.extra_texts},
    )
    inds = indicator_scores(fw, parts.case.scores)
    for f in checks.check_texts(fw, extra_case, inds):
        if f.kind == "foreign_agency":
            findings.append(LintFinding(
                f.severity, f.kind, f.message_th, f.message_en, f.where,
                snippet(parts.extra_texts[f.where], _needle(f, parts.extra_texts[f.where]), 90),
            ))
    findings += document_checks(r, parts.case.settings.threshold)
    findings += result_checks(r, fw, tool_scores(inds))
    if source is not None:
        findings += source_checks(r, fw, source)
    order = _doc_order(r.doc)
    findings.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), order.get(f.where, len(order))))
    return LintResult(r, parts.case, result, findings)


def _doc_order(doc: Document) -> dict[str, int]:
    order: dict[str, int] = {}
    for b in doc.blocks:
        for loc in getattr(b, "locs", None) or [b.loc]:
            order.setdefault(doc.where(loc), len(order))
    return order


def lint_document(doc: Document, year: int | None = None, source=None, frameworks: Frameworks = KNOWN) -> LintResult:
    """Read a document and lint it. Raises :class:`~ita_xl.errors.UnknownYear` for a year with no framework and
    ``ValueError`` when the assessment year cannot be read (the caller asks for ``--year``)."""
    r = read_document(doc, frameworks.load, year)
    if r.assessment_year is None:
        raise ValueError("assessment year not found")
    return lint_reading(r, frameworks.load(r.assessment_year), source)


_SECTION_HEAD = re.compile(r"^\s*[0-9๐-๙]\s*\.\s*ข้อจำกัด[^\n]{0,200}?(?:ภาครัฐ|ดังนี้)\s+")


def workbook_case(res: LintResult) -> AgencyCase:
    """The case a workbook is made from: the document's scores, agency, year, grouping, its own
    analysis texts and its limitations and suggestions (the section heading taken off)."""
    case = res.case
    texts = {k: v for k, v in case.texts.items() if k.startswith(("analysis.", "limitations", "suggestions"))}
    if "limitations" in texts:
        texts["limitations"] = _SECTION_HEAD.sub("", texts["limitations"], count=1)
    return AgencyCase(
        org=case.org, scores=case.scores, settings=case.settings, issues=case.issues,
        plan_year=case.plan_year, texts=texts,
    )
