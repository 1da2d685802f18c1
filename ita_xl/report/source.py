"""What both documents are made from, the same for every front end (CLI, desktop button, Lite).

A :class:`Source` is the analysis plus the plan as staff left it: owner overrides applied, rows staff
added by hand included, obsolete rows left out, and the status, progress, evidence and notes they
typed. The CLI (``ita-xl export WORKBOOK``) and the export button both call :func:`from_snapshot`,
so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ita_xl.core.engine import Result
from ita_xl.io.frameworks import KNOWN, Frameworks, analyze
from ita_xl.core.thai import arabic_digits, digits
from ita_xl.errors import UnknownYear
from ita_xl.workbook import layout as L
from ita_xl.workbook.reader import case_from_snapshot
from ita_xl.workbook.staff import cell_text, staff_row


@dataclass
class PlanEntry:
    """One measure of the plan, as the report prints it (texts as staff typed them)."""

    key: str  # "" for a row staff added by hand
    issue: int | None
    topic: str
    measures: list[str]
    owner: str
    steps: list[str]
    period: str
    status: str = ""
    progress: float | None = None  # percent, 0-100
    evidence: str = ""
    notes: str = ""
    done: str = ""  # what was done, as staff wrote it
    result: str = ""  # the result against the target, as staff wrote it
    staff_added: bool = False
    where: str = ""  # sheet!row, for messages
    urgent: bool = False  # an OIT item's urgent measure: the plan's first part, named by the item


@dataclass
class Source:
    result: Result
    plan: list[PlanEntry]
    confirmed: dict[str, str] = field(default_factory=dict)  # question code -> wording staff confirmed
    notes: list[str] = field(default_factory=list)  # what was read from the plan sheet, and how

    @property
    def case(self):
        return self.result.case


def from_result(result: Result) -> Source:
    """The plan exactly as generated (inputs without a plan sheet: case and score files)."""
    plan = [
        PlanEntry(p.key, p.issue, p.topic, list(p.measures), p.owner, list(p.steps), p.period, urgent=p.urgent)
        for p in result.plan
    ]
    return Source(result, plan)


_text = cell_text  # the workbook reader's: control characters a DOCX cannot hold are gone


def _lines(v: object) -> list[str]:
    return [line.strip() for line in _text(v).splitlines() if line.strip()]


def _strip_number(line: str) -> str:
    """``"๒. ทำ..."`` -> ``"ทำ..."``: the sheet numbers multi-line cells; the report numbers them itself."""
    head, dot, rest = line.partition(". ")
    if dot and arabic_digits(head).isdigit() and len(head) <= 3:
        return rest.strip()
    return line


def from_snapshot(snap, frameworks: Frameworks = KNOWN) -> Source:
    """The analysis of a workbook snapshot and its plan sheet as staff left it."""
    case = case_from_snapshot(snap, frameworks)
    try:
        result = analyze(case, frameworks=frameworks)
    except UnknownYear as exc:
        raise exc.at(snap.path) from None
    n = case.settings.numerals
    T = L.PLAN
    rows = snap.rows(T.sheet, T.first_row, T.n_cols)[: T.max_rows] if snap.has(T.sheet) else []

    def col(r: list[object], key: str) -> object:
        return r[T.col(key) - 1]

    by_key = {}
    for i, r in enumerate(rows):
        key = _text(col(r, "key"))
        if key and key not in by_key:
            by_key[key] = (i, r)
    src = from_result(result)
    notes: list[str] = []
    for entry in src.plan:
        hit = by_key.get(entry.key)
        if hit is None:
            continue
        i, r = hit
        _staff_columns(entry, staff_row(snap, i), notes, f"{snap.path}: {T.sheet}!{T.first_row + i}")
    generated = {e.key for e in src.plan}
    for i, r in enumerate(rows):
        key = _text(col(r, "key"))
        where = f"{snap.path}: {T.sheet}!{T.first_row + i}"
        if key:
            if key not in generated or _text(col(r, "row_state")) == L.OBSOLETE:
                notes.append(f"left out obsolete plan row {T.first_row + i} ({key}) / ไม่รวมแถวที่เลิกใช้")
            continue
        if all(_text(v) == "" for v in r):
            continue
        issue_raw = arabic_digits(_text(col(r, "issue")))
        entry = PlanEntry(
            key="",
            issue=int(float(issue_raw)) if issue_raw.replace(".", "", 1).isdigit() else None,
            topic=_text(col(r, "topic")),
            measures=[digits(_strip_number(m), n) for m in _lines(col(r, "measures"))],
            owner=_text(col(r, "owner")),
            steps=[digits(_strip_number(s), n) for s in _lines(col(r, "steps"))],
            period=_text(col(r, "period")) or (src.plan[0].period if src.plan else ""),
            staff_added=True,
        )
        _staff_columns(entry, staff_row(snap, i), notes, where)
        if not (entry.topic or entry.measures or entry.steps):
            notes.append(f"plan row {T.first_row + i} has no topic, measure or step: left out "
                         "/ แถวแผนไม่มีหัวข้อ มาตรการ หรือขั้นตอน จึงไม่รวมในรายงาน")
            continue
        src.plan.append(entry)
        notes.append(f"included the plan row staff added, row {T.first_row + i} / รวมแถวที่เจ้าหน้าที่เพิ่มเอง")
    src.notes = notes
    src.confirmed = _confirmed_wording(snap, result)
    return src


def _staff_columns(entry: PlanEntry, staff, notes: list[str], where: str) -> None:
    if staff.owner_override:
        entry.owner = staff.owner_override
    entry.status, entry.progress = staff.status, staff.progress
    entry.evidence, entry.notes, entry.where = staff.evidence, staff.notes, where
    entry.done, entry.result = staff.done, staff.result
    if staff.note:
        notes.append(staff.note)


def _confirmed_wording(snap, result: Result) -> dict[str, str]:
    """Question wording staff pasted over the library's (from ITAS): theirs is the one to quote."""
    T = L.QUESTIONS
    if not snap.has(T.sheet):
        return {}
    out = {}
    fw = result.framework
    for r in snap.rows(T.sheet, T.first_row, T.n_cols):
        code, text = _text(r[T.col("code") - 1]), _text(r[T.col("text") - 1])
        q = fw.questions.get(code)
        if q and text and " ".join(text.split()) != " ".join(q.text.split()):
            out[code] = " ".join(text.split())
    return out
