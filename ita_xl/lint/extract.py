"""What the document states, read from its paragraphs and tables (pure functions, no I/O).

The reading keeps every value with the place it came from, and says where it is unsure (a note,
an info or warning finding) instead of guessing: an unreadable row, a maintain/improve cell that
says neither, a year it cannot place.
"""


from __future__ import annotations

import re
from collections import Counter

from ita_xl.core.checks import AGENCY_PREFIXES
from ita_xl.core.framework import Framework
from ita_xl.core.thai import arabic_digits
from ita_xl.lint.document import Document, Loc, Paragraph, Table, snippet
from ita_xl.lint.patterns import UNIT_ROLES, agency_names, central_title, compact, find_years, org_type_of
from ita_xl.lint.records import IssueRead, Reading, YearMention
from ita_xl.lint.rowlines import read_plan_lines, read_row_lines
from ita_xl.lint.statements import read_indicator_lines, read_question_sentences, read_results, results_in
from ita_xl.lint.tables import read_indicator_table, read_issue_table, read_plan_table, table_kind

# --------------------------------------------------------------------------------------- the document

_ISSUE_HEAD = re.compile(r"^\s*ประเด็น(?:ที่)?\s*([0-9]{1,2})\s*[.:)]?\s*(.*)$")
_HEAD_RUN_ON = re.compile(r"^(\s*ประเด็น(?:ที่)?\s*[0-9]{1,2}\s*[.:)]?[^\n]{0,200}?)(?=ลำดับ|ข้อคำถาม|เครื่องมือ)")
_SECTION = re.compile(r"^\s*([0-9])\s*[.)]\s*(.*)$")


def is_heading(p: Paragraph) -> bool:
    plain = arabic_digits(p.text)
    return len(plain) <= 200 and bool(_SECTION.match(plain) or _ISSUE_HEAD.match(plain))


def read_document(doc: Document, fw_for, year: int | None = None) -> Reading:
    """The reading of a document. ``fw_for(year)`` gives the framework of an assessment year."""
    r = Reading(doc)
    _read_years(r, year)
    if r.assessment_year is None:
        return r
    fw = fw_for(r.assessment_year)
    section = "title"
    issue: IssueRead | None = None
    for block in doc.blocks:
        if isinstance(block, Table):
            kind = table_kind(block)
            if kind != "other":
                r.tables_read.add(block.no)
            if kind == "issue":
                no = issue.no if issue is not None and issue.table is None else len(r.issues) + 1
                got = read_issue_table(r, block, issue if issue is not None and issue.table is None else None, no)
                if got is not issue:
                    r.issues.append(got)
                issue = got
                section = "issue"
            elif kind == "indicators":
                read_indicator_table(r, block, fw)
            elif kind == "plan":
                read_plan_table(r, block)
                section = "plan"
            continue
        text = arabic_digits(block.text)
        head = _ISSUE_HEAD.match(text) if len(text) <= 200 else None
        sec = _SECTION.match(text) if len(text) <= 400 else None
        rest = None
        if head is None and (run_on := _HEAD_RUN_ON.match(text)):
            # a PDF's text layer may run an issue heading on into the rows printed under it
            head, rest = _ISSUE_HEAD.match(run_on.group(1)), Paragraph(text[run_on.end(1):], block.loc)
        if head:
            issue = IssueRead(int(head.group(1)), " ".join(head.group(2).split()), block.loc)
            r.issues.append(issue)
            r.headings.append(block)
            if rest is not None:
                issue.paragraphs.append(rest)
            section = "issue"
            continue
        if "ข้อจำกัด" in compact(text)[:60] and (sec or section in ("plan", "issue")):
            section = "limitations"
            r.limitations.append(block)  # the heading often runs on into the first sentence
            continue
        if section == "limitations" and compact(text).startswith(("ข้อเสนอแนะ", "แนวทางในการจัดการ")) and len(text) < 120:
            section = "suggestions"
            r.headings.append(block)
            continue
        if sec and section in ("title", "intro", "issue") and ("มาตรการ" in text or "แนวทาง" in text) and not text.startswith("1"):
            section = "plan"
            r.headings.append(block)
            continue
        if sec and section == "title":
            section = "intro"
            r.headings.append(block)
            continue
        if section == "title":
            r.headings.append(block)
            if not r.org_name:
                _read_title_org(r, block)
        elif section == "intro":
            if is_heading(block) or len(text) < 60:
                r.headings.append(block)
            else:
                r.intro.append(block)
        elif section == "issue" and issue is not None:
            issue.paragraphs.append(block)
        elif section == "plan":
            (r.intro if len(text) >= 60 else r.headings).append(block)
        elif section == "limitations":
            r.limitations.append(block)
        elif section == "suggestions":
            r.suggestions.append(block)
    _read_org_fallback(r)
    read_row_lines(r, fw)
    read_plan_lines(r)
    _read_total_level(r, fw)
    _read_units(r)
    _check_reading(r, fw)
    return r


def _read_title_org(r: Reading, p: Paragraph) -> None:
    text = " ".join(p.text.split())
    for prefix in AGENCY_PREFIXES:
        if text.startswith(prefix) and not text.startswith(prefix + "ของ"):
            m = re.match(r"^(\S+(?:\s+\S+)??)(?=\s+(?:อำเภอ|จังหวัด|ตำบล|$)|$)", text)
            name = m.group(1) if m else text.split()[0]
            if prefix in ("องค์การบริหารส่วนจังหวัด",) and " " in name:
                name = name.split()[0]
            r.org_name, r.org_loc = name, p.loc
            d = re.search(r"อำเภอ\s*(\S+)", text[len(name):])
            pv = re.search(r"จังหวัด\s*(\S+)", text[len(name):])
            r.district = d.group(1) if d else ""
            r.province = pv.group(1) if pv else (name[len(prefix):] if prefix == "องค์การบริหารส่วนจังหวัด" else "")
            r.org_type = org_type_of(name)
            return
    name = central_title(text)
    if name is not None:
        r.org_name, r.org_loc = name, p.loc


def _read_org_fallback(r: Reading) -> None:
    if r.org_name:
        return
    counts: Counter[str] = Counter()
    first: dict[str, Loc] = {}
    for p in r.doc.paragraphs:
        for name, _ in agency_names(p.text):
            counts[name] += 1
            first.setdefault(name, p.loc)
    if not counts:
        r.note(
            "warning", "org_unknown", "ไม่พบชื่อหน่วยงานในเอกสาร จึงตรวจชื่อหน่วยงานอื่นไม่ได้",
            "no agency name found in the document; names of other agencies cannot be checked", None,
        )
        return
    (name, n), *rest = counts.most_common()
    r.org_name, r.org_loc, r.org_type = name, first[name], org_type_of(name)
    r.note(
        "info", "org_guess",
        f"ไม่มีชื่อหน่วยงานในหัวเอกสาร ใช้ชื่อที่พบบ่อยที่สุด: {name} ({n} ครั้ง)",
        f"no agency name in the title; using the most frequent one: {name} ({n} times)", first[name],
    )


def _read_years(r: Reading, year: int | None) -> None:
    heading_done = False
    for block in r.doc.blocks:
        if isinstance(block, Table):
            continue
        # a short paragraph above the body is a heading, unless it states a result (an announcement's line)
        results = [at for _, comparison, at in results_in(block.text) if not comparison]
        heading = (is_heading(block) or not heading_done and len(block.text) < 200) and not results
        if len(block.text) >= 200 or results:  # the body has begun
            heading_done = True
        analysis = heading and "วิเคราะห์" in compact(block.text)
        found = find_years(block.text)
        # the year nearest before a stated result is that result's ("ITA ประจำปี 2567 จำนวน 91.25 คะแนน")
        own = {max((at for _, _, at in found if at < res), default=-1) for res in results}
        for y, role, at in found:
            quote = snippet(block.text, block.text[at: at + 4], 80)  # the year as the document writes it
            r.years.append(YearMention(y, role, heading, block.loc, quote, analysis, at in own))
    plan = Counter(m.year for m in r.years if m.role == "plan")
    if plan:
        r.plan_year = plan.most_common(1)[0][0]
        r.plan_year_loc = next(m.loc for m in r.years if m.role == "plan" and m.year == r.plan_year)
    if year is not None:
        r.assessment_year = year
        return
    votes: Counter[int] = Counter()
    for m in r.years:
        # an analysis heading may name the result's year or the document's (N+1): it does not vote;
        # the title of an announcement ("ผลการประเมิน ITA ประจำปี 2566") names the result's, above the body
        if m.role == "assessment" and not m.analysis:
            votes[m.year] += 2.0 if m.with_result else 1.5 if m.heading else 1.0
        elif m.role == "assessment":
            votes[m.year - 1] += 0.25  # the common convention, as a tie-breaker only
    for y, n in plan.items():
        votes[y - 1] += 0.75 * n
    if not votes:
        return
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return  # a tie: the caller asks for --year
    r.assessment_year = ranked[0][0]


def _read_total_level(r: Reading, fw: Framework) -> None:
    read_results(r, fw)
    read_indicator_lines(r, fw)
    read_question_sentences(r, fw)
    if r.total is None:
        r.note(
            "info", "total_not_stated", "ไม่พบคะแนนรวมในเอกสาร", "the document states no overall score", None,
        )


def _read_units(r: Reading) -> None:
    seen: dict[str, Counter[str]] = {}
    for row in r.plan:
        owner = " ".join(row.owner.split())
        for word, role in UNIT_ROLES:
            if owner.startswith(word) or (word.startswith("ทุก") and word in owner):
                seen.setdefault(role, Counter())[owner] += 1
                break
    r.units = {role: c.most_common(1)[0][0] for role, c in seen.items()}


def _check_reading(r: Reading, fw: Framework) -> None:
    # what the document does not state is what lint cannot check: said once each, as notes (an
    # announcement states a result only; an O42 page its indicators and comments, no issue tables)
    missing = [no for no in (i.no for i in fw.indicators) if no not in r.indicators]
    if not r.indicators:
        r.note("info", "no_indicators", "ไม่พบคะแนนรายตัวชี้วัด จึงตรวจคะแนนรวมกับตัวชี้วัดไม่ได้",
               "no indicator scores found: the total cannot be checked against them", None)
    elif missing:
        r.note(
            "info", "indicators_not_read",
            f"อ่านคะแนนตัวชี้วัดที่ {', '.join(map(str, missing))} ไม่ได้ จึงตรวจคะแนนรวมกับตัวชี้วัดไม่ได้",
            f"indicators {', '.join(map(str, missing))} were not read: the total cannot be checked against the indicators",
            None,
        )
    if not r.issues:
        r.note("info", "no_issue_tables", "ไม่พบตารางของประเด็นการวิเคราะห์ จึงตรวจคะแนนรายข้อและการจัดกลุ่มไม่ได้",
               "no issue tables found: question scores and their grouping are not checked", None)
    if not r.plan:
        r.note("info", "no_plan_table", "ไม่พบตารางมาตรการ (แผนปฏิบัติ) จึงตรวจระยะเวลาดำเนินงานไม่ได้",
               "no action-plan table found: plan periods are not checked", None)
    for i in r.issues:
        if i.table is None:
            r.note(
                "warning", "issue_without_table", f"ประเด็นที่ {i.no} ไม่มีตารางคะแนน", f"issue {i.no} has no score table", i.loc,
            )
        for g in i.groups:
            if g.inherited:
                r.note(
                    "info", "action_merged",
                    f"กลุ่ม {g.tool} ของประเด็นที่ {i.no} ไม่มีช่องรักษาระดับ/ปรับปรุงของตนเอง อ่านจากช่องด้านบน (เซลล์ผสาน)",
                    f"the {g.tool} group of issue {i.no} has no maintain/improve cell of its own; read the one above (a merged cell)",
                    g.cells[0].loc if g.cells else i.loc,
                )
    for no, name in r.indicator_names.items():
        want = fw.indicator(no).name
        if compact(name) not in {compact(want), compact(want).replace("ของราชการ", "ของทางราชการ"),
                                 compact(want).replace("การปรับปรุง", "การปรับปรุงระบบ")}:
            r.note(
                "info", "indicator_name",
                f"ชื่อตัวชี้วัดที่ {no} เขียนว่า '{name}' ชื่อในกรอบการประเมินคือ '{want}'",
                f"indicator {no} is named '{name}'; the framework calls it '{want}'",
                r.indicators[no].loc, r.indicators[no].quote,
            )


def quoted_figures(text: str, fw: Framework) -> list[tuple[int, float, str]]:
    """Indicator scores a paragraph quotes: (indicator, value, the words quoted).

    >>> from ita_xl.io.frameworks import load
    >>> quoted_figures("มีผลคะแนนในตัวชี้วัดคุณภาพการดำเนินงานอยู่ที่ ๘๖.๔๗ คะแนน", load(2566))
    [(6, 86.47, 'คุณภาพการดำเนินงานอยู่ที่ ๘๖.๔๗')]
    """
    plain = arabic_digits(text)
    out = []
    for ind in fw.indicators:
        pat = re.escape(ind.name).replace("ของราชการ", "ของ(?:ทาง)?ราชการ").replace("การปรับปรุง", "การปรับปรุง(?:ระบบ)?")
        for m in re.finditer(pat, plain):
            num = re.compile(r"(?<![A-Za-z0-9.])\d{1,3}(?:\.\d{1,2})?(?![0-9])").search(plain, m.end(), m.end() + 40)
            if num:
                out.append((ind.no, float(num.group()), text[m.start(): num.end()]))  # same length
    return out
