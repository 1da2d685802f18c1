"""What the document states, read from its paragraphs and tables (pure functions, no I/O).

The reading keeps every value with the place it came from, and says where it is unsure (a note,
an info or warning finding) instead of guessing: an unreadable row, a maintain/improve cell that
says neither, a year it cannot place.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..core.checks import AGENCY_PREFIXES, GENERIC
from ..core.codes import TOOLS, parse_code, tool_of
from ..core.framework import Framework
from ..core.thai import MONTHS, arabic_digits, ce_year, fiscal_year_bounds
from ..io.scores import parse_score
from .document import Document, LintFinding, Loc, Paragraph, Table, snippet

# --------------------------------------------------------------------------------------- records


@dataclass
class Stated:
    """A value the document states, where, and the text it was read from."""

    value: object
    loc: Loc
    quote: str = ""


@dataclass
class QuestionCell:
    code: str
    score: float | None
    tool: str
    loc: Loc
    quote: str
    issue: int


@dataclass
class GroupRead:
    tool: str
    cells: list[QuestionCell] = field(default_factory=list)
    action: str = ""
    action_loc: Loc | None = None
    inherited: bool = False  # no cell of its own: the one above was read (a merged cell)


@dataclass
class IssueRead:
    no: int
    title: str
    loc: Loc  # its heading, else its table
    table: Table | None = None
    groups: list[GroupRead] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class PlanRowRead:
    topic: str
    issue: int | None
    measures: str
    owner: str
    steps: str
    period: str
    loc: Loc


@dataclass
class YearMention:
    year: int
    role: str  # "assessment", "plan", "history", "other"
    heading: bool
    loc: Loc
    quote: str


@dataclass
class Reading:
    doc: Document
    org_name: str = ""
    org_loc: Loc | None = None
    district: str = ""
    province: str = ""
    org_type: str = ""
    years: list[YearMention] = field(default_factory=list)
    assessment_year: int | None = None
    plan_year: int | None = None
    plan_year_loc: Loc | None = None
    total: Stated | None = None
    level: Stated | None = None
    indicators: dict[int, Stated] = field(default_factory=dict)
    indicator_names: dict[int, str] = field(default_factory=dict)
    issues: list[IssueRead] = field(default_factory=list)
    plan: list[PlanRowRead] = field(default_factory=list)
    intro: list[Paragraph] = field(default_factory=list)
    limitations: list[Paragraph] = field(default_factory=list)
    suggestions: list[Paragraph] = field(default_factory=list)
    headings: list[Paragraph] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)
    notes: list[LintFinding] = field(default_factory=list)

    def note(self, severity: str, kind: str, th: str, en: str, loc: Loc | None, quote: str = "") -> None:
        where = self.doc.where(loc) if loc is not None else self.doc.name
        self.notes.append(LintFinding(severity, kind, th, en, where, quote))

    def question_cells(self) -> list[QuestionCell]:
        return [c for i in self.issues for g in i.groups for c in g.cells]


# --------------------------------------------------------------------------------------- text helpers

_SPACES = re.compile(r"\s+")


def compact(text: str) -> str:
    """Text without spaces and with Arabic digits, for matching words a PDF may split.

    >>> compact("ตัวชีว ้ ัดที่ ๑")
    'ตัวชี้วัดที่1'
    """
    # a PDF's text layer may move a tone mark past the next letter (ชีว้ัด) or before its vowel
    s = _SPACES.sub("", arabic_digits(text)).replace("ีว้ั", "ี้วั")
    return re.sub(r"([\u0e48-\u0e4b])([\u0e31\u0e34-\u0e37\u0e47])", r"\2\1", s)


def _int(text: str) -> int | None:
    s = arabic_digits(text).strip().rstrip(".").strip()
    return int(s) if s.isdigit() and len(s) <= 3 else None


def row_quote(row: list[str]) -> str:
    return snippet(" | ".join(c for c in row if c.strip()), width=90)


# --------------------------------------------------------------------------------------- years

_YEAR = re.compile(r"(?<![0-9])(2[45][0-9]{2})(?![0-9])")
_ASSESS = ("ผลการประเมิน", "ผลประเมิน", "การประเมิน", "ประเมินฯ", "ITA", "ไอทีเอ")
_PLAN = ("มาตรการ", "ขับเคลื่อน", "ในปี", "แผนปฏิบัติ", "ดำเนินงานในปี")
_LEGAL = ("พระราชบัญญัติ", "พ.ร.บ.", "ระเบียบ", "รัฐธรรมนูญ", "พระราชกฤษฎีกา", "ยุทธศาสตร์ชาติ", "กฎกระทรวง")
_MONTH_WORDS = MONTHS + ("ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.")


def year_role(before: str) -> str:
    """What a year refers to, from the text just before it (nearest keyword wins).

    >>> year_role("๑.การวิเคราะห์ผลการประเมิน ITA ขององค์การบริหารส่วนจังหวัดลำปาง ประจำปีงบประมาณ ")
    'assessment'
    >>> year_role("มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปี พ.ศ."), year_role("ปี ")
    ('plan', 'history')
    >>> year_role("พระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. ")
    'other'
    """
    window = before[-130:]
    tail = window.rstrip()
    if any(tail.endswith(m) for m in _MONTH_WORDS):
        return "other"  # a date: periods are read with the plan
    best, role = -1, "other"
    for words, r in ((_ASSESS, "assessment"), (_PLAN, "plan"), (_LEGAL, "other")):
        for w in words:
            at = window.rfind(w)
            if at >= 0 and at + len(w) > best:
                best, role = at + len(w), r
    if role == "other" and best < 0 and re.fullmatch(r"\s*(?:ปี|พ\.ศ\.)\s*(?:พ\.ศ\.)?\s*", window):
        return "history"
    return role


def find_years(text: str) -> list[tuple[int, str, int]]:
    """BE years in a text: (year, role, position).

    >>> find_years("ผลการประเมินประจำปี ๒๕๖๖ เพื่อกำหนดมาตรการในปี พ.ศ.๒๕๖๗")
    [(2566, 'assessment', 20), (2567, 'plan', 51)]
    """
    plain = arabic_digits(text)
    return [(int(m.group(1)), year_role(plain[: m.start()]), m.start()) for m in _YEAR.finditer(plain)]


# --------------------------------------------------------------------------------------- agency

_NAME_STOP = re.compile(
    r"\s|[,.;:()\"'“”]|อำเภอ|มีข้อ|มีการ|มีผล|มีคะแนน|ได้|และ|ควร|จึง|ซึ่ง|ที่|ใน|เป็น|ของ|ให้|จะ|ยัง|โดย|ต้อง|พบว่า|หรือ|ก็|ประจำ"
)
ORG_TYPES = (
    ("องค์การบริหารส่วนจังหวัด", "อบจ."), ("องค์การบริหารส่วนตำบล", "อบต."), ("เทศบาล", "เทศบาล"),
    ("อบจ.", "อบจ."), ("อบต.", "อบต."),
)


def agency_names(text: str) -> list[tuple[str, int]]:
    """Full names of local agencies in running text, with their positions.

    >>> agency_names("องค์การบริหารส่วนจังหวัดลำปางได้ศึกษา และองค์การบริหารส่วนตำบลวัดจันทร์มีข้อจำกัด")
    [('องค์การบริหารส่วนจังหวัดลำปาง', 0), ('องค์การบริหารส่วนตำบลวัดจันทร์', 41)]
    """
    out = []
    for prefix in AGENCY_PREFIXES:
        for m in re.finditer(re.escape(prefix), text):
            if any(p != prefix and p.startswith(prefix) and text.startswith(p, m.start()) for p in AGENCY_PREFIXES):
                continue  # "เทศบาล" inside "เทศบาลตำบล" is read by the longer prefix
            rest = text[m.end():]
            if not rest or not ("\u0e01" <= rest[0] <= "\u0e2e" or "\u0e40" <= rest[0] <= "\u0e44"):
                continue
            if rest.startswith(GENERIC):
                continue
            end = _NAME_STOP.search(rest, 1)
            place = rest[: end.start() if end else 30][:30]
            out.append((prefix + place, m.start()))
    return sorted(out, key=lambda t: t[1])


def org_type_of(name: str) -> str:
    for prefix, t in ORG_TYPES:
        if name.startswith(prefix):
            return t
    return ""


_UNIT_ROLES = (
    ("สำนักปลัด", "admin"), ("กองยุทธ", "strategy"), ("กองพัสดุ", "procurement"), ("งานพัสดุ", "procurement"),
    ("กองการเจ้าหน้าที่", "hr"), ("งานการเจ้าหน้าที่", "hr"), ("กองคลัง", "finance"),
    ("ทุกส่วนราชการ", "all"), ("ทุกกอง", "all"), ("ทุกหน่วย", "all"), ("ตรวจสอบภายใน", "audit"),
)


# --------------------------------------------------------------------------------------- maintain/improve

_IMPROVE_WORDS = ("ปรับปรุง", "แก้ไข", "ยกระดับ", "จัดให้มี", "จัดทำ", "เพิ่ม", "ส่งเสริม", "กำหนด", "ฝึกอบรม", "เร่ง")
_MAINTAIN_WORDS = ("รักษามาตรฐาน", "รักษาระดับ", "คงไว้", "รักษาไว้")


def action_kind(text: str) -> str | None:
    """``maintain``, ``improve`` or ``None`` (unsure) for a table's maintain/improve cell.

    >>> action_kind("รักษามาตรฐานไว้และ พัฒนาประสิทธิภาพของ การทำงานให้เป็นไปอย่าง ต่อเนื่อง")
    'maintain'
    >>> action_kind("พัฒนาและปรับปรุงให้ดีขึ้น"), action_kind("กำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ"), action_kind("-")
    ('improve', 'improve', None)
    """
    s = compact(text)
    improve = any(w in s for w in _IMPROVE_WORDS)
    maintain = any(w in s for w in _MAINTAIN_WORDS)
    if improve:
        return "improve"
    if maintain:
        return "maintain"
    # any other measure ("กำกับดูแลและตรวจสอบ…") is something to do: improve; a dash says nothing
    return "improve" if len(re.findall(r"[\u0e01-\u0e2e]", s)) >= 10 else None


# --------------------------------------------------------------------------------------- periods

_MONTH_NO = {m: i + 1 for i, m in enumerate(MONTHS)} | {
    a: i + 1 for i, a in enumerate(("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."))
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTH_NO), key=len, reverse=True))


def _date_re(n: int) -> str:
    return rf"(?:(?P<d{n}>[0-9]{{1,2}})\s*\.?\s*)?(?P<m{n}>{_MONTH_RE})\s*(?:พ\.ศ\.)?\s*(?P<y{n}>[0-9]{{4}})"


_PERIOD = re.compile(_date_re(1) + r"\s*(?:ถึง|-|–|—)\s*(?:วันที่\s*)?" + _date_re(2))
_FISCAL = re.compile(r"ปีงบประมาณ\s*(?:พ\.ศ\.)?\s*([0-9]{4})")


def parse_period(text: str) -> tuple[date, date] | None:
    """A plan period as a pair of dates (CE), or ``None`` when none can be read.

    >>> parse_period("๑. ตุลาคม ๒๕๖๖ ถึง ๓๐ กันยายน ๒๕๖๗")
    (datetime.date(2023, 10, 1), datetime.date(2024, 9, 30))
    >>> parse_period("ต.ค. 2566 - มี.ค. 2567")
    (datetime.date(2023, 10, 1), datetime.date(2024, 3, 31))
    >>> parse_period("ตลอดปีงบประมาณ พ.ศ. ๒๕๖๗")
    (datetime.date(2023, 10, 1), datetime.date(2024, 9, 30))
    """
    plain = arabic_digits(text)
    m = _PERIOD.search(plain)
    if m:
        try:
            y1, y2 = ce_year(int(m["y1"])), ce_year(int(m["y2"]))
            m1, m2 = _MONTH_NO[m["m1"]], _MONTH_NO[m["m2"]]
            d1 = int(m["d1"]) if m["d1"] else 1
            d2 = int(m["d2"]) if m["d2"] else monthrange(y2, m2)[1]
            return date(y1, m1, d1), date(y2, m2, d2)
        except ValueError:
            return None
    f = _FISCAL.search(plain)
    if f:
        return fiscal_year_bounds(int(f.group(1)))
    return None


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
        no = _int(_cell(row, cols.get("no")))
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
        no = _int(cells[0])
        value = parse_score(cells[-1]) if len(cells) > 1 else None
        if no is None or no not in numbers or value is None:
            r.note(
                "warning", "unread_row", "อ่านแถวนี้ของตารางตัวชี้วัดไม่ได้", "cannot read this row of the indicator table",
                loc, row_quote(row),
            )
            continue
        if no in r.indicators:
            if abs(r.indicators[no].value - value) > 1e-9:
                r.note(
                    "error", "indicator_conflict",
                    f"ตัวชี้วัดที่ {no} มีคะแนน {value:.2f} ที่นี่ แต่ {r.indicators[no].value:.2f} ที่ {r.indicators[no].loc.label()}",
                    f"indicator {no} is {value:.2f} here but {r.indicators[no].value:.2f} at {r.indicators[no].loc.label()}",
                    loc, row_quote(row),
                )
            continue
        r.indicators[no] = Stated(value, loc, row_quote(row))
        if len(cells) > 2:
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
            issue_no = int(m.group(1)) if m else None
        r.plan.append(PlanRowRead(
            topic, issue_no,
            _cell(row, cols.get("measures")), _cell(row, cols.get("owner")), _cell(row, cols.get("steps")),
            _cell(row, cols.get("period", len(row) - 1)), loc,
        ))


# --------------------------------------------------------------------------------------- the document

_ISSUE_HEAD = re.compile(r"^\s*ประเด็น(?:ที่)?\s*([0-9]{1,2})\s*[.:)]?\s*(.*)$")
_SECTION = re.compile(r"^\s*([0-9])\s*[.)]\s*(.*)$")
_TOTAL = re.compile(r"(?:ผลคะแนน|คะแนนรวม|ได้คะแนน|มีคะแนน)\s*(?:เท่ากับ|อยู่ที่|รวม|ได้)?\s*([0-9]{1,3}(?:\.[0-9]{1,2})?)\s*คะแนน")


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
        if head:
            issue = IssueRead(int(head.group(1)), " ".join(head.group(2).split()), block.loc)
            r.issues.append(issue)
            r.headings.append(block)
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
        heading = is_heading(block) or not heading_done and len(block.text) < 200
        if len(block.text) >= 200:
            heading_done = True
        for y, role, at in find_years(block.text):
            quote = snippet(block.text, block.text[at: at + 4], 80)  # the year as the document writes it
            r.years.append(YearMention(y, role, heading, block.loc, quote))
    plan = Counter(m.year for m in r.years if m.role == "plan")
    if plan:
        r.plan_year = plan.most_common(1)[0][0]
        r.plan_year_loc = next(m.loc for m in r.years if m.role == "plan" and m.year == r.plan_year)
    if year is not None:
        r.assessment_year = year
        return
    votes: Counter[int] = Counter()
    for m in r.years:
        if m.role == "assessment":
            votes[m.year] += 0.5 if m.heading else 1.0
    for y, n in plan.items():
        votes[y - 1] += 0.75 * n
    if not votes:
        return
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return  # a tie: the caller asks for --year
    r.assessment_year = ranked[0][0]


def _read_total_level(r: Reading, fw: Framework) -> None:
    labels = sorted({lv.label for lv in fw.levels}, key=len, reverse=True)
    level_re = re.compile(r"ระดับ\s*(?:ผลการประเมิน)?\s*(?:คือ|เป็น)?\s*(" + "|".join(map(re.escape, labels)) + ")") if labels else None
    for p in r.intro + [h for h in r.headings]:
        plain = arabic_digits(p.text)
        if r.total is None or r.total.loc == p.loc:
            m = _TOTAL.search(plain)
            if m and r.total is None and "ตัวชี้วัด" not in plain[max(0, m.start() - 40): m.start()]:
                r.total = Stated(float(m.group(1)), p.loc, snippet(plain, m.group(0), 80))
        if level_re is not None and r.level is None:
            lm = level_re.search(plain)
            if lm:
                r.level = Stated(lm.group(1), p.loc, snippet(plain, lm.group(0), 80))
    if r.total is None:
        r.note(
            "info", "total_not_stated", "ไม่พบคะแนนรวมในเอกสาร", "the document states no overall score", None,
        )


def _read_units(r: Reading) -> None:
    seen: dict[str, Counter[str]] = {}
    for row in r.plan:
        owner = " ".join(row.owner.split())
        for word, role in _UNIT_ROLES:
            if owner.startswith(word) or (word.startswith("ทุก") and word in owner):
                seen.setdefault(role, Counter())[owner] += 1
                break
    r.units = {role: c.most_common(1)[0][0] for role, c in seen.items()}


def _check_reading(r: Reading, fw: Framework) -> None:
    if not r.indicators:
        r.note("warning", "no_indicator_table", "ไม่พบตารางคะแนนรายตัวชี้วัด", "no indicator table found", None)
    if not r.issues:
        r.note("warning", "no_issue_tables", "ไม่พบตารางของประเด็นการวิเคราะห์", "no issue tables found", None)
    if not r.plan:
        r.note("warning", "no_plan_table", "ไม่พบตารางมาตรการ (แผนปฏิบัติ)", "no action-plan table found", None)
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
