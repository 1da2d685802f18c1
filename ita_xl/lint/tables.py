"""The tables of a document: issue tables (questions, scores, maintain/improve), the indicator
table and the plan table, each row kept with its place."""

from __future__ import annotations

import re

from ita_xl.core.codes import TOOLS, parse_code, tool_of
from ita_xl.core.framework import Framework
from ita_xl.core.thai import arabic_digits
from ita_xl.io.scores import parse_score
from ita_xl.lint.document import Table
from ita_xl.lint.patterns import small_int, compact, row_quote
from ita_xl.lint.records import GroupRead, IssueRead, PlanRowRead, QuestionCell, Reading, Stated

# --------------------------------------------------------------------------------------- tables

def table_kind(table: Table) -> str:
    head = compact(" ".join(table.rows[0])) if table.rows else ""
    if "ข้อคำถาม" in head or ("เครื่องมือ" in head and "คะแนน" in head):
        return "issue"
    if "ผู้รับผิดชอบ" in head or "ระยะเวลา" in head:
        return "plan"
    if "ตัวชี้วัด" in head and "คะแนน" in head:
        return "indicators"
    return "other"


def _columns(header: list[str], keys: dict[str, tuple[str, ...]]) -> dict[str, int]:
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        c = compact(cell)
        for key, words in keys.items():
            if key not in cols and any(c == w[1:] if w.startswith("=") else w in c for w in words):
                cols[key] = i
                break
    return cols


_ISSUE_COLS = {
    "no": ("ลำดับ", "=ที่"), "topic": ("หัวข้อ", "ประเด็น"), "tool": ("เครื่องมือ",), "code": ("ข้อคำถาม", "=ข้อ", "รหัส"),
    "score": ("คะแนน",), "action": ("ปรับปรุง", "รักษา", "แนวทาง"),
}
_PLAN_COLS = {
    "topic": ("หัวข้อ", "ประเด็น"), "measures": ("วิธีการนำ", "มาตรการ", "วิธีการ"), "owner": ("ผู้รับผิดชอบ",),
    "steps": ("ขั้นตอน",), "period": ("ระยะเวลา",),
}
_CODE_CELL = re.compile(r"^(?:ข้อ(?:ที่)?\s*)?[iIeEoO]\s*\.?\s*[0-9๐-๙]{1,3}$|^ข้อ(?:ที่)?\s*[0-9๐-๙]{1,3}$")


def _tool_cell(cell: str) -> str | None:
    s = compact(cell).upper()
    return s if s in TOOLS else None


def _cell(row: list[str], i: int | None) -> str:
    return row[i] if i is not None and i < len(row) else ""


_CODE_RANGE = re.compile(
    r"^(?:ข้อ(?:ที่)?)?([iIeEoO])\.?([0-9]{1,3})(?:-|–|—|ถึง)(?:ข้อ(?:ที่)?)?(?:([iIeEoO])\.?)?([0-9]{1,3})$"
)


_ONE_CODE = re.compile(r"^(?:ข้อ(?:ที่)?)?([iIeEoO])?\.?([0-9]{1,3})$")


def expand_range(text: str) -> list[str] | None:
    """The codes one score stands for in a cell of ranges (``ข้อ O๑ – O๓, O๕``: all at that score).

    >>> expand_range("ข้อ i๑ – i๓")
    ['ข้อ i1', 'ข้อ i2', 'ข้อ i3']
    >>> expand_range("ข้อ O๑ – O๒, O๕")
    ['ข้อ O1', 'ข้อ O2', 'ข้อ O5']
    >>> expand_range("ข้อ O๒๐") is None
    True
    """
    out: list[str] = []
    letter = ""
    for part in compact(text).split(","):
        m = _CODE_RANGE.match(part)
        if m:
            if m.group(3) and m.group(3).lower() != m.group(1).lower():
                return None
            a, b = int(m.group(2)), int(m.group(4))
            if not 0 < a < b <= a + 60:
                return None
            letter = m.group(1)
            out += [f"ข้อ {letter}{k}" for k in range(a, b + 1)]
            continue
        m = _ONE_CODE.match(part)
        if not m or not (m.group(1) or letter):
            return None
        letter = m.group(1) or letter
        out.append(f"ข้อ {letter}{int(m.group(2))}")
    return out if len(out) > 1 else None


def _expand_ranges(codes: list[str], scores: list[str]) -> tuple[list[str], list[str]]:
    """Each code line that is a range becomes its codes, its score line repeated for each (a line
    that ends in a comma or a dash goes on in the next: a narrow cell wraps the list)."""
    joined: list[str] = []
    for c in codes:
        if joined and re.search(r"[,\-–—]\s*$", joined[-1]):
            joined[-1] = f"{joined[-1]} {c.strip()}"
        else:
            joined.append(c)
    codes = joined
    if len(codes) != len(scores) or not any(expand_range(c) for c in codes):
        return codes, scores
    out_c: list[str] = []
    out_s: list[str] = []
    for c, sc in zip(codes, scores):
        many = expand_range(c) or [c]
        out_c += many
        out_s += [sc] * len(many)
    return out_c, out_s


def _one_question_per_row(r: Reading, table: Table, cols: dict[str, int]):
    """Rows with one question each: a group written as one row, its codes and scores one per line
    of a cell (as the project's own report and many agencies write it), is split into its lines;
    a range of codes with one score (``ข้อ i๑ – i๖ | ๑๐๐``) into its codes."""
    c_i, s_i = cols.get("code"), cols.get("score")
    for row, loc in zip(table.rows[1:], table.locs[1:]):
        codes = [x for x in _cell(row, c_i).split("\n") if x.strip()]
        scores = [x for x in _cell(row, s_i).split("\n") if x.strip()]
        codes, scores = _expand_ranges(codes, scores)
        if len(codes) <= 1:
            yield row, loc
            continue
        if len(scores) != len(codes):
            r.note(
                "warning", "unread_row",
                f"แถวนี้มีข้อคำถาม {len(codes)} ข้อแต่มีคะแนน {len(scores)} ค่า จับคู่ไม่ได้",
                f"this row lists {len(codes)} questions but {len(scores)} scores; they cannot be paired",
                loc, row_quote(row),
            )
            scores = scores + [""] * (len(codes) - len(scores))
        for k, (code, score) in enumerate(zip(codes, scores)):
            sub = list(row) if k == 0 else [""] * len(row)
            sub[c_i], sub[s_i] = code.strip(), score.strip()
            yield sub, loc


def read_issue_table(r: Reading, table: Table, issue: IssueRead | None, no_hint: int) -> IssueRead:
    cols = _columns(table.rows[0], _ISSUE_COLS)
    issue = issue or IssueRead(no_hint, "", table.loc)
    issue.table = table
    tool: str | None = None
    group: GroupRead | None = None
    shifted = False
    for row, loc in _one_question_per_row(r, table, cols):
        if not any(c.strip() for c in row):
            continue
        if not issue.title and _cell(row, cols.get("topic")).strip():
            issue.title = " ".join(_cell(row, cols.get("topic")).split())
        no = small_int(_cell(row, cols.get("no")))
        if no is not None and no != issue.no:
            r.note(
                "warning", "issue_number",
                f"ตารางของประเด็นที่ {issue.no} ระบุลำดับ {no}",
                f"the table of issue {issue.no} numbers itself {no}", loc, row_quote(row),
            )
        t = _tool_cell(_cell(row, cols.get("tool"))) or next((x for c in row if (x := _tool_cell(c))), None)
        if t and (group is None or t != group.tool):
            tool = t
            group = GroupRead(t)
            issue.groups.append(group)
        code_i = cols.get("code")
        raw = compact(_cell(row, code_i))
        code = parse_code(raw, tool) if _CODE_CELL.match(raw) or raw.isdigit() and len(raw) <= 2 else None
        if code is None:
            for i, c in enumerate(row):
                if i != code_i and _CODE_CELL.match(compact(c)) and (code := parse_code(c, tool)):
                    code_i, shifted = i, True
                    break
        if code is None:
            if any(parse_score(c) is not None for c in row[(cols.get("score") or 0):]) and not t:
                r.note(
                    "warning", "unread_row",
                    f"อ่านรหัสข้อคำถามในแถวนี้ของประเด็นที่ {issue.no} ไม่ได้",
                    f"cannot read a question code in this row of issue {issue.no}", loc, row_quote(row),
                )
            _take_action(r, issue, group, row, cols, loc, None)
            continue
        if group is None:
            group = GroupRead(tool_of(code))
            issue.groups.append(group)
        score_i = cols.get("score")
        score = parse_score(_cell(row, score_i).strip()) if score_i is not None and score_i != code_i else None
        if score is None:
            for i in range(code_i + 1, len(row)):
                if (score := parse_score(row[i].strip())) is not None:
                    score_i, shifted = i, shifted or i != cols.get("score")
                    break
        written = _cell(row, cols.get("score")).strip()
        if score is not None and not 0 <= score <= 100 or score is None and written:
            # an empty cell is the project's "cites a question with no score"; here: text or a bad number
            r.note(
                "warning", "unread_score",
                f"ข้อ {code} ในประเด็นที่ {issue.no} ไม่มีคะแนนที่อ่านได้",
                f"question {code} in issue {issue.no} has no readable score", loc, row_quote(row),
            )
        if score is not None and not 0 <= score <= 100:
            score = None
        group.cells.append(QuestionCell(code, score, group.tool, loc, row_quote(row), issue.no))
        _take_action(r, issue, group, row, cols, loc, score_i)
    if shifted:
        r.note(
            "info", "table_layout",
            f"บางแถวในตารางของประเด็นที่ {issue.no} ไม่ตรงกับหัวคอลัมน์ อ่านตามเนื้อหาแทน",
            f"some rows of the table of issue {issue.no} are not under their headers; read by content",
            table.loc,
        )
    prev: GroupRead | None = None
    for g in issue.groups:
        if not g.action and prev is not None and prev.action:
            g.action, g.action_loc, g.inherited = prev.action, prev.action_loc, True
        prev = g
    return issue


def _take_action(r, issue, group, row, cols, loc, score_i) -> None:
    if group is None:
        return
    a_i = cols.get("action")
    text = _cell(row, a_i).strip()
    if not text:
        start = (score_i + 1) if score_i is not None else (a_i or len(row))
        for c in row[start:]:
            if c.strip() and parse_score(c.strip()) is None and _tool_cell(c) is None and len(compact(c)) >= 6:
                text = c.strip()
                break
    if not text or text == group.action or parse_score(text) is not None:
        return
    before = issue.groups[-2].action if len(issue.groups) > 1 and issue.groups[-1] is group else ""
    if text == before:
        return  # the cell above, merged down into this group (Word repeats its text): read at the end
    if group.action:  # a second cell in one group: one merged cell split in two, or a note
        group.action = f"{group.action} {text}"
    else:
        group.action, group.action_loc = text, loc


_NO_SCORE = ("-", "–", "—", "ไม่มีการประเมิน")


def read_indicator_table(r: Reading, table: Table, fw: Framework) -> None:
    numbers = {i.no for i in fw.indicators}
    for row, loc in zip(table.rows[1:], table.locs[1:]):
        cells = [c for c in row if c.strip()]
        if not cells:
            continue
        first = compact(cells[0])
        if first.startswith(("คะแนนรวม", "รวม", "คะแนนเฉลี่ย")) or (len(cells) > 1 and compact(cells[1]).startswith("คะแนนรวม")):
            value = next((v for c in reversed(cells) if (v := parse_score(c)) is not None), None)
            if value is not None and r.total is None:
                r.total = Stated(value, loc, row_quote(row))
            continue
        no = small_int(cells[0])
        value = parse_score(cells[-1]) if len(cells) > 1 else None
        if no in numbers and len(cells) > 1 and cells[-1].strip() in _NO_SCORE:
            continue  # an indicator the year does not score ("-"), as the report prints it
        if no is None or no not in numbers or value is None:
            r.note(
                "warning", "unread_row", "อ่านแถวนี้ของตารางตัวชี้วัดไม่ได้", "cannot read this row of the indicator table",
                loc, row_quote(row),
            )
            continue
        if r.add_indicator(no, value, loc, row_quote(row)) and len(cells) > 2:
            r.indicator_names[no] = " ".join(cells[1].split())


def read_plan_table(r: Reading, table: Table) -> None:
    cols = _columns(table.rows[0], _PLAN_COLS)
    topic, issue_no = "", None
    for row, loc in zip(table.rows[1:], table.locs[1:]):
        if not any(c.strip() for c in row):
            continue
        t = _cell(row, cols.get("topic", 0)).strip()
        if t:
            topic = " ".join(t.split())
            m = re.match(r"^\s*([0-9]{1,2})\s*[.)]", arabic_digits(topic))
            m = m or re.search(r"ประเด็นที่\s*([0-9]{1,2})\b", arabic_digits(topic))  # an urgent OIT row's issue
            issue_no = int(m.group(1)) if m else None
        r.plan.append(PlanRowRead(
            topic, issue_no,
            _cell(row, cols.get("measures")), _cell(row, cols.get("owner")), _cell(row, cols.get("steps")),
            _cell(row, cols.get("period", len(row) - 1)), loc,
        ))
