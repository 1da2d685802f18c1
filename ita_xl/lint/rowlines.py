"""An issue's question rows written as lines, not as a table: a PDF printed from a Word document
whose "table" was tab-separated text (the tabs become gaps, sometimes none: "ข้อ e๗๘๕.๐๐"), or text
pasted without its tabs. Each line "[tool] ข้อ code score [measure]" becomes a row of an issue table,
read by the table reader like any other.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ita_xl.core.codes import parse_code, tool_of
from ita_xl.core.framework import Framework
from ita_xl.core.thai import arabic_digits
from ita_xl.lint.document import Loc, Table
from ita_xl.lint.patterns import compact, period_texts
from ita_xl.lint.records import IssueRead, PlanRowRead, Reading
from ita_xl.lint.tables import read_issue_table

_HEADER = ["เครื่องมือ", "ข้อคำถาม", "คะแนน", "การปรับปรุง/แก้ไข"]
_TOOL = re.compile(r"(?<![A-Za-z])(IIT|EIT|OIT)(?![A-Za-z])")
# a code and the digits after it, as the text layer gives them: "ข้อ e๗ ๘๕.๐๐", "ข้อ O๑๑๐๐", "i๒๓๙๘.๙๐"
_ROW = re.compile(
    r"(?:ข้อ\s*)?(?<![A-Za-z])([iIeEoO])\s*([0-9]+(?:\.[0-9]+)?)(?:[ \t]+([0-9]+(?:\.[0-9]+)?))?(?![0-9])"
)
_SCORE = re.compile(r"^(?:100(?:\.0{1,2})?|[1-9]?[0-9](?:\.[0-9]{1,2})?)$")
_JOINED = re.compile(r"^(?:100(?:\.0{1,2})?|[0-9]{1,2}\.[0-9]{1,2})$")
_LEAD = re.compile(r"^\s*([0-9]{1,3}(?:\.[0-9]{1,2})?)(?![0-9])")


def split_code_score(letter: str, run: str, after_gap: str | None, fw: Framework) -> tuple[str, str] | None:
    """The code and score of "code digits" run together with a score (a tab printed as no gap), read
    the one way the framework allows; ``None`` when none or several readings fit.

    >>> from ita_xl.io.frameworks import load
    >>> fw = load(2566)
    >>> split_code_score("O", "1100", None, fw), split_code_score("e", "785.00", None, fw)
    (('O1', '100'), ('e7', '85.00'))
    >>> split_code_score("i", "2398.90", None, fw), split_code_score("e", "1", "50.00", fw)
    (('i23', '98.90'), ('e1', '50.00'))
    >>> split_code_score("e", "1", None, fw), split_code_score("i", "19", None, fw)
    (('e1', ''), ('i19', ''))
    >>> split_code_score("e", "150.00", None, fw) is None  # e1 at 50.00 or e15 at 0.00
    True
    """
    if after_gap is not None:
        code = parse_code(letter + run)
        ok = "." not in run and code in fw.questions and _SCORE.match(after_gap)
        return (code, after_gap) if ok else None
    found = []
    for k in range(1, min(3, len(run)) + 1):
        digits, score = run[:k], run[k:]
        code = parse_code(letter + digits) if digits.isdigit() else None
        # run together, a score shows itself by its decimals (or is 100): "i19" is not i1 at 9
        if code and code in fw.questions and (score == "" or _JOINED.match(score)):
            found.append((code, score))
    return found[0] if len(found) == 1 else None


_LETTER = {"IIT": "i", "EIT": "e", "OIT": "O"}
_BARE = re.compile(r"^\s*ข้อ\s*([0-9]+(?:\.[0-9]+)?)(?:[ \t]+([0-9]+(?:\.[0-9]+)?))?(?![0-9])")


def _rows_of(text: str, fw: Framework, tool: str = "") -> list[tuple[str, str, str, int, int]]:
    """``(tool, code, score, start, end)`` of each question a paragraph lists with its score; a
    line's bare "ข้อ ๒๗" takes the letter of the tool it is listed under."""
    plain = arabic_digits(text)
    bare = _BARE.match(plain)
    if bare and tool in _LETTER:
        got = split_code_score(_LETTER[tool], bare.group(1), bare.group(2), fw)
        if got is not None:
            return [(tool, got[0], got[1], bare.start(1), bare.end())]
    out = []
    for m in _ROW.finditer(plain):
        got = split_code_score(m.group(1), m.group(2), m.group(3), fw)
        if got is None:
            continue
        code, score = got
        tools = _TOOL.findall(plain[: m.start()])
        out.append((tools[-1] if tools else "", code, score, m.start(), m.end()))
    return out


def read_issue_lines(r: Reading, issue: IssueRead, fw: Framework) -> None:
    """An issue without a table: its paragraphs that list questions with scores become its table."""
    rows: list[list[str]] = [list(_HEADER)]
    locs: list[Loc] = [issue.loc]
    used: set[int] = set()
    paras = issue.paragraphs
    tool = ""
    for k, p in enumerate(paras):
        plain = arabic_digits(p.text)
        found = _rows_of(p.text, fw, tool)
        nxt = _LEAD.match(arabic_digits(paras[k + 1].text)) if k + 1 < len(paras) else None
        wrapped = bool(found and not found[-1][2] and not plain[found[-1][4]:].strip() and nxt and _SCORE.match(nxt.group(1)))
        if not any(f[2] for f in found) and not wrapped:
            continue  # prose that cites a question ("ข้อคำถาม E๑ หน่วยงาน…") is not a row
        starts_row = bool(re.match(r"^\s*(?:(?:IIT|EIT|OIT)\s*)?(?:ข้อ\s*)?[iIeEoO]?\s*[0-9]", plain)
                          or re.search(r"(?:IIT|EIT|OIT)\s*ข้อ\s*[iIeEoO]\s*[0-9]", plain))
        if not (starts_row or re.search(r"ข้อคำถาม|คะแนน", plain[: found[0][3]])):
            continue
        used.add(k)
        for n, (t, code, score, _, end) in enumerate(found):
            after = plain[end: found[n + 1][3] if n + 1 < len(found) else len(plain)].strip()
            if not score and n == len(found) - 1 and wrapped:  # the score went on to the next line
                score, after = nxt.group(1), arabic_digits(paras[k + 1].text)[nxt.end():].strip()
                used.add(k + 1)
            if not score:
                continue
            new_tool = (t or tool_of(code)) != tool
            tool = t or tool_of(code)
            action = after if len(re.findall(r"[\u0e01-\u0e2e]", after)) >= 6 else ""
            rows.append([tool if new_tool else "", f"ข้อ {code}", score, action])
            locs.append(p.loc)
    if len(rows) == 1:
        return
    read_issue_table(r, Table(0, rows, locs), issue, issue.no)
    issue.paragraphs = [p for k, p in enumerate(paras) if k not in used]


def read_row_lines(r: Reading, fw: Framework) -> None:
    for issue in r.issues:
        if issue.table is None:
            read_issue_lines(r, issue, fw)


_PLAN_ROW = re.compile(r"^\s*([0-9]{1,2})\s*\.\s*(\S.*)$", re.DOTALL)


def read_plan_lines(r: Reading) -> None:
    """A plan table printed without lines: after its header, a row starts at an issue's number and
    title ("๓. ช่องทางและรูปแบบ…") and ends with its period; the measures and steps are its text."""
    if r.plan or not r.issues:
        return
    titles = {i.no: compact(i.title) for i in r.issues if len(compact(i.title)) >= 6}
    rows: list[tuple[int, str, Loc, list[str]]] = []
    inside = False
    for p in r.doc.paragraphs:
        head = compact(p.text)
        if "ผู้รับผิดชอบ" in head and "ระยะเวลา" in head:
            inside = True
            continue
        if not inside:
            continue
        if "ข้อจำกัด" in head[:60]:
            break
        m = _PLAN_ROW.match(arabic_digits(p.text))
        no = int(m.group(1)) if m else None
        start = compact(m.group(2))[: len(titles[no])] if m and no in titles else ""
        # the next issue's number, and its title as the plan words it (a word may differ)
        if start and (not rows or no == rows[-1][0] + 1) and SequenceMatcher(None, start, titles[no]).ratio() >= 0.45:
            rows.append((no, m.group(2), p.loc, [p.text]))
        elif rows:
            rows[-1][3].append(p.text)
    for no, text, loc, parts in rows:
        periods = period_texts(" ".join(parts))
        topic = next(i.title for i in r.issues if i.no == no)
        r.plan.append(PlanRowRead(f"{no}. {topic}", no, " ".join(parts), "", "", periods[-1] if periods else "", loc))
