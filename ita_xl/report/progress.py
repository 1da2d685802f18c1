"""The report on carrying the measures out (O43 up to 2566, O26 in 2569): at 6 and 12 months of the
plan's fiscal year, each measure's status, progress, evidence and notes as staff typed them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ita_xl.core.thai import digits, fiscal_year_bounds, thai_date
from ita_xl.errors import InputError
from ita_xl.report.model import Approval, approval
from ita_xl.report.source import PlanEntry, Source, from_result

TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
DONE, DOING, NOT_STARTED, CANCELLED = "เสร็จสิ้น", "กำลังดำเนินการ", "ยังไม่เริ่ม", "ยกเลิก"
_DOING = {DOING, "ล่าช้า"}
_URL = re.compile(r"https?://[^\s<>\"“”]+")


@dataclass
class Evidence:
    text: str
    url: str | None = None  # a link stays a link in the document


@dataclass
class ProgressLine:
    no: str
    topic: str
    measures: list[str]
    owner: str
    status: str
    progress: str
    evidence: list[list[Evidence]]  # lines, each of text and links
    notes: str


@dataclass
class ProgressReport:
    numerals: str
    title: str
    round: str  # "รอบ ๖ เดือน"
    year_line: str
    agency: str
    place: str
    period: str
    intro: str
    summary_caption: str
    summary_header: tuple[str, str]
    summary: list[tuple[str, str]]
    table_caption: str
    header: tuple[str, ...]
    lines: list[ProgressLine]
    approval: Approval
    warnings: list[str] = field(default_factory=list)

    def all_text(self) -> str:
        parts = [self.title, self.round, self.year_line, self.agency, self.place, self.period, self.intro,
                 self.summary_caption, *self.summary_header, self.table_caption, *self.header,
                 self.approval.sign, self.approval.name, self.approval.position, self.approval.date]
        for label, count in self.summary:
            parts += [label, count]
        for line in self.lines:
            parts += [line.no, line.topic, *line.measures, line.owner, line.status, line.progress, line.notes]
            parts += ["".join(e.text for e in ev) for ev in line.evidence]
        return "\n".join(parts)


def round_of(as_of: date, plan_year: int) -> tuple[int, date, date]:
    """The round (6 or 12 months) an as-of date reports on, with the period it covers.

    >>> round_of(date(2024, 3, 31), 2567)
    (6, datetime.date(2023, 10, 1), datetime.date(2024, 3, 31))
    >>> round_of(date(2024, 4, 1), 2567)[0], round_of(date(2025, 1, 1), 2567)[2]
    (12, datetime.date(2024, 9, 30))
    """
    start, end = fiscal_year_bounds(plan_year)
    if as_of < start:
        raise InputError(
            "--as-of", f"วันที่ {as_of.isoformat()} อยู่ก่อนปีงบประมาณ พ.ศ. {plan_year} (เริ่ม {start.isoformat()})",
            f"{as_of.isoformat()} is before the plan's fiscal year {plan_year} (it starts {start.isoformat()})",
        )
    half = date(start.year + 1, 4, 1) - timedelta(days=1)  # 31 March: six months from 1 October
    if as_of <= half:
        return 6, start, half
    return 12, start, end


def classify(entry: PlanEntry) -> str:
    """Done, in progress, not started (or cancelled), from the status staff chose, else their percent."""
    status = entry.status.strip()
    if status == DONE:
        return DONE
    if status in _DOING:
        return DOING
    if status == CANCELLED:
        return CANCELLED
    if status == NOT_STARTED:
        return NOT_STARTED
    if entry.progress is not None and entry.progress >= 100:
        return DONE
    if entry.progress:
        return DOING
    return NOT_STARTED


def _evidence(text: str) -> list[list[Evidence]]:
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts, pos = [], 0
        for m in _URL.finditer(line):
            if m.start() > pos:
                parts.append(Evidence(line[pos:m.start()]))
            parts.append(Evidence(m.group(0), m.group(0)))
            pos = m.end()
        if pos < len(line):
            parts.append(Evidence(line[pos:]))
        out.append(parts)
    return out


def _percent(value: float | None, n: str) -> str:
    if value is None:
        return "-"
    text = f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.1f}"
    return digits(text, n)


def build_progress(source: Source, as_of: date | None = None, when: date | None = None) -> ProgressReport:
    """The progress report of a plan; ``as_of`` (default today, within the plan year) picks the round."""
    src = source if isinstance(source, Source) else from_result(source)
    result = src.result
    case, org = result.case, result.case.org
    n = case.settings.numerals
    py = result.plan_year
    start, end = fiscal_year_bounds(py)
    as_of = as_of or min(date.today(), end)
    months, first, last = round_of(as_of, py)
    as_of = min(as_of, end)

    def d(s: str) -> str:
        return digits(s, n)

    titles = {i.no: i.title for i in result.issues}
    counts = {DONE: 0, DOING: 0, NOT_STARTED: 0, CANCELLED: 0}
    lines = []
    for k, e in enumerate(src.plan, 1):
        counts[classify(e)] += 1
        topic = e.topic if e.staff_added else titles.get(e.issue, e.topic)
        lines.append(ProgressLine(
            no=d(str(k)),
            topic=d(f"{e.issue}. {topic}") if e.issue is not None else d(topic),
            measures=[d(f"- {m}") for m in e.measures],
            owner=d(e.owner),
            status=e.status or "-",
            progress=_percent(e.progress, n),
            evidence=_evidence(e.evidence),
            notes=e.notes,
        ))
    total = len(src.plan)
    summary = [
        ("ดำเนินการแล้วเสร็จ", d(str(counts[DONE]))),
        ("อยู่ระหว่างดำเนินการ", d(str(counts[DOING]))),
        ("ยังไม่ได้ดำเนินการ", d(str(counts[NOT_STARTED]))),
    ]
    if counts[CANCELLED]:
        summary.append(("ยกเลิก", d(str(counts[CANCELLED]))))
    summary.append(("รวม", d(str(total))))
    round_text = d(f"รอบ {months} เดือน")
    place = " ".join(
        p for p in (f"อำเภอ{org.district}" if org.district else "", f"จังหวัด{org.province}" if org.province else "") if p
    )
    return ProgressReport(
        numerals=n,
        title=TITLE,
        round=round_text,
        year_line=d(f"ประจำปีงบประมาณ พ.ศ. {py} ({round_text})"),
        agency=org.name,
        place=place,
        period=d(f"ระหว่างวันที่ {thai_date(first, n)} ถึง {thai_date(last, n)}\nข้อมูล ณ วันที่ {thai_date(as_of, n)}"),
        intro=d(
            f"ตามที่{org.name}ได้กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {py} "
            f"จากผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. "
            f"{result.assessment_year} จำนวน {total} มาตรการ บัดนี้{org.name}ขอรายงานผลการดำเนินการ{round_text} ดังนี้"
        ),
        summary_caption="สรุปผลการดำเนินการ",
        summary_header=("ผลการดำเนินการ", "จำนวนมาตรการ"),
        summary=summary,
        table_caption="ผลการดำเนินการรายมาตรการ",
        header=("ที่", "หัวข้อ/มาตรการ", "ผู้รับผิดชอบ", "สถานะ", "ร้อยละ", "หลักฐาน", "หมายเหตุ"),
        lines=lines,
        approval=approval(org, when, n),
        warnings=list(src.notes),
    )
