"""The report on carrying the measures out (O43 up to 2566, O26 in 2569): at 6 and 12 months of the
plan's fiscal year, each measure's status, progress, evidence and notes as staff typed them, what was
done and the result against its target, the problems and obstacles met, and the next steps.

How a measure is counted (:func:`classify`, :func:`is_delayed`), from the plan sheet's staff columns
and the as-of date; the document states these rules under its summary:

- cancelled (ยกเลิก) when staff chose so;
- done when staff chose เสร็จสิ้น or the progress is 100 %;
- in progress when work is shown: a progress above 0 %, or กำลังดำเนินการ with no percent typed;
- otherwise not started, whatever the status says: a delayed measure at 0 % is not in progress;
- delayed (counted besides the above) when not done nor cancelled and staff chose ล่าช้า, or its
  period (the plan's ระยะเวลา) ended before the as-of date.

The round: 6 months up to 31 March, 12 months after, from the as-of date, unless staff chose one on
the settings sheet (``progress_round``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ita_xl.core.period import parse_period
from ita_xl.core.plan import row_labels
from ita_xl.core.thai import digits, fiscal_year_bounds, number_list, thai_date
from ita_xl.errors import InputError
from ita_xl.report.model import Approval, approval
from ita_xl.report.source import PlanEntry, Source, from_result
from ita_xl.workbook import layout as L

TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
DONE, DOING, NOT_STARTED, CANCELLED = "เสร็จสิ้น", "กำลังดำเนินการ", "ยังไม่เริ่ม", "ยกเลิก"
DELAYED = "ล่าช้า"
RULES = (
    "เกณฑ์การนับ: มาตรการที่ดำเนินการครบถ้วนแล้วหรือมีความคืบหน้าร้อยละ ๑๐๐ นับเป็นดำเนินการแล้วเสร็จ "
    "มาตรการที่เริ่มดำเนินการแล้วแต่ยังไม่แล้วเสร็จ นับเป็นอยู่ระหว่างดำเนินการ "
    "มาตรการที่ยังไม่ได้เริ่มดำเนินการ นับเป็นยังไม่ได้ดำเนินการ แม้จะล่าช้ากว่ากำหนดก็ตาม "
    "ส่วนมาตรการที่ล่าช้ากว่ากำหนด คือมาตรการที่ยังไม่แล้วเสร็จเมื่อพ้นระยะเวลาที่กำหนดในแผน "
    "หรือที่ผู้รับผิดชอบรายงานว่าล่าช้า ณ วันที่ข้อมูล"
)
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
    done: str = ""  # what was done (staff's text)
    result: str = ""  # the result against the target (staff's text)
    state: str = NOT_STARTED  # how it is counted (classify)
    delayed: bool = False
    target: str = ""  # "ดำเนินการแล้วเสร็จภายใน …": the plan's period
    urgent: bool = False  # an OIT item's urgent measure
    due: date | None = None  # the end of its period (None: none can be read)


@dataclass
class Detail:
    """One measure in the text part: its heading, labelled lines, and its evidence with links."""

    heading: str
    lines: list[tuple[str, str]]  # (label, text)
    evidence: list[list[Evidence]]


@dataclass
class Section:
    """Problems and obstacles, or suggestions and next steps: staff's text, else a draft from the
    plan's facts (``draft``: a warning names the cell to review or fill; the document itself carries
    no marker, it is what the official signs), else nothing (``paragraphs`` empty: left out)."""

    heading: str
    paragraphs: list[str]
    draft: bool = False


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
    rules: list[str] = field(default_factory=list)  # how the summary counts, and the delayed measures
    details_caption: str = ""
    details: list[Detail] = field(default_factory=list)
    problems: Section | None = None
    next_steps: Section | None = None
    months: int = 6

    def all_text(self) -> str:
        parts = [self.title, self.round, self.year_line, self.agency, self.place, self.period, self.intro,
                 self.summary_caption, *self.summary_header, self.table_caption, *self.header,
                 self.approval.sign, self.approval.name, self.approval.position, self.approval.date]
        for label, count in self.summary:
            parts += [label, count]
        parts += [*self.rules, self.details_caption]
        for det in self.details:
            parts += [det.heading, *(f"{a}: {b}" for a, b in det.lines)]
            parts += ["".join(e.text for e in ev) for ev in det.evidence]
        for sec in (self.problems, self.next_steps):
            if sec and sec.paragraphs:
                parts += [sec.heading, *sec.paragraphs]
        for line in self.lines:
            parts += [line.no, line.topic, *line.measures, line.owner, line.status, line.progress, line.notes]
            parts += ["".join(e.text for e in ev) for ev in line.evidence]
        return "\n".join(parts)


def round_of(as_of: date, plan_year: int, months: int | None = None) -> tuple[int, date, date]:
    """The round (6 or 12 months) an as-of date reports on, with the period it covers; ``months``:
    the round staff chose (the settings sheet), whatever the date.

    >>> round_of(date(2024, 6, 1), 2567, 6)
    (6, datetime.date(2023, 10, 1), datetime.date(2024, 3, 31))

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
    if months in (6, 12):
        return (6, start, half) if months == 6 else (12, start, end)
    if as_of <= half:
        return 6, start, half
    return 12, start, end


def classify(entry: PlanEntry) -> str:
    """Done, in progress, not started or cancelled (the rules in the module's doc): work shown
    counts, a status alone does not, except กำลังดำเนินการ with no percent typed."""
    status = entry.status.strip()
    if status == CANCELLED:
        return CANCELLED
    if status == DONE or (entry.progress is not None and entry.progress >= 100):
        return DONE
    if entry.progress:
        return DOING
    if status == DOING and entry.progress is None:
        return DOING
    return NOT_STARTED


def is_delayed(entry: PlanEntry, state: str, as_of: date) -> bool:
    """Delayed: not done nor cancelled, and staff said so or the plan's period ended before ``as_of``."""
    if state in (DONE, CANCELLED):
        return False
    if entry.status.strip() == DELAYED:
        return True
    period = parse_period(entry.period)
    return period is not None and period[1] < as_of


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


def _cell(entry: PlanEntry, key: str) -> str:
    """The plan cell of ``key`` in the entry's row ("book.xlsm: แผน!P12"), or the column's name."""
    head, bang, row = entry.where.rpartition("!")
    if bang and row.isdigit():
        return f"{head}!{L.PLAN.letter(key)}{row}"
    header = next(c.header for c in L.PLAN.columns if c.key == key)
    return f"{L.PLAN.sheet}, column {L.PLAN.letter(key)} ({header})"


def _note_cell(case, key: str) -> str:
    """Where the text ``key`` is typed: its cell on the texts sheet (or a case file's texts.key)."""
    if key in case.texts_where:
        return case.texts_where[key]
    row = L.NOTES.first_row + [k for k, _ in L.NOTE_KEYS].index(key)
    return f"{L.SHEETS['notes'].name}!{L.NOTES.letter('text')}{row} (texts.{key})"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def build_progress(source: Source, as_of: date | None = None, when: date | None = None) -> ProgressReport:
    """The progress report of a plan; ``as_of`` (default today, within the plan year) is the date of
    its data and picks the round, unless staff chose one on the settings sheet."""
    src = source if isinstance(source, Source) else from_result(source)
    result = src.result
    case, org = result.case, result.case.org
    n = case.settings.numerals
    py = result.plan_year
    end = fiscal_year_bounds(py)[1]
    as_of = as_of or min(date.today(), end)
    chosen = getattr(case.settings, "progress_round", None)
    months, first, last = round_of(as_of, py, chosen)
    as_of = min(as_of, end)
    warnings = list(src.notes)
    if chosen and as_of < last:
        warnings.append(f"the round chosen on the settings sheet ({chosen} months) ends {last.isoformat()}, after the data's "
                        f"date {as_of.isoformat()} / รอบที่เลือกในแผ่นงานตั้งค่าสิ้นสุดหลังวันที่ข้อมูล")

    def d(s: str) -> str:
        return digits(s, n)

    titles = {i.no: i.title for i in result.issues}
    # an urgent measure carries the plan's label ("เร่งด่วน ๔"), so that the measures document's row
    # is found by it (plan.row_labels, as report.model numbers the plan)
    labels = row_labels([(e.issue, e.urgent) for e in src.plan],
                        result.framework.catalog.texts.get("urgent_label", "เร่งด่วน"), n)
    counts = {DONE: 0, DOING: 0, NOT_STARTED: 0, CANCELLED: 0}
    lines, details = [], []
    for k, (e, label) in enumerate(zip(src.plan, labels), 1):
        state = classify(e)
        late = is_delayed(e, state, as_of)
        counts[state] += 1
        # an urgent measure by its OIT item (the plan's topic), the others by their issue
        topic = e.topic if e.staff_added or (e.urgent and e.topic) else titles.get(e.issue, e.topic)
        line = ProgressLine(
            no=d(str(k)),
            # an urgent one's topic names its issue itself ("… ประเด็นที่ ๒)")
            topic=d(f"{label}. {topic}" if e.urgent else f"{e.issue}. {topic}" if e.issue is not None else topic),
            measures=[d(f"- {m}") for m in e.measures[:1]],  # the table names it; its part has them all
            owner=d(e.owner),
            # as counted (the summary, the text): a delayed measure at 0 % shows it
            status=_STATE_TEXT[state] + (" (ล่าช้า)" if late else ""),
            progress=_percent(e.progress, n),
            evidence=_evidence(e.evidence),
            notes=e.notes,
            done=d(e.done), result=d(e.result), state=state, delayed=late,
            target=_target(e.period, d), urgent=e.urgent,
            due=(parse_period(e.period) or (None, None))[1],
        )
        lines.append(line)
        if not e.done and state in (DONE, DOING):
            warnings.append(f"{_cell(e, 'done')}: measure {k} is counted {'done' if state == DONE else 'in progress'} but "
                            f"what was done is empty: its part says only its status / มาตรการที่ {k} ไม่มีข้อความการดำเนินการที่ทำแล้ว")
        if late and not e.notes:
            warnings.append(f"{_cell(e, 'notes')}: measure {k} is delayed with no note on why / "
                            f"มาตรการที่ {k} ล่าช้าโดยไม่มีหมายเหตุเหตุผล")
        details.append(_detail(line, e, d))
    blank = [k for k, e in enumerate(src.plan, 1) if not (e.status or e.progress is not None or e.done)]
    if blank:
        cells = ", ".join(_cell(src.plan[k - 1], "status") for k in blank[:3]) + (" …" if len(blank) > 3 else "")
        warnings.append(f"{cells}: no status, progress or text of what was done for measure(s) "
                        f"{', '.join(map(str, blank))}: counted not started / ไม่มีสถานะ ความคืบหน้า หรือการดำเนินการ "
                        f"จึงนับเป็นยังไม่ได้ดำเนินการ")
    total = len(src.plan)
    summary = [
        ("ดำเนินการแล้วเสร็จ", d(str(counts[DONE]))),
        ("อยู่ระหว่างดำเนินการ", d(str(counts[DOING]))),
        ("ยังไม่ได้ดำเนินการ", d(str(counts[NOT_STARTED]))),
    ]
    if counts[CANCELLED]:
        summary.append(("ยกเลิก", d(str(counts[CANCELLED]))))
    summary.append(("รวม", d(str(total))))
    delayed = [ln for ln in lines if ln.delayed]
    rules = [RULES]
    if delayed:
        rules.append(d(f"ในจำนวนนี้ มีมาตรการที่ล่าช้ากว่ากำหนด {len(delayed)} มาตรการ ได้แก่ มาตรการที่ "
                       + number_list([ln.no for ln in delayed])))
    round_text = d(f"รอบ {months} เดือน")
    place = " ".join(
        p for p in (f"อำเภอ{org.district}" if org.district else "", f"จังหวัด{org.province}" if org.province else "") if p
    )
    problems = _problems(case, lines, d, warnings, as_of, n)
    next_steps = _next_steps(case, lines, as_of, py, end, d, warnings)
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
        table_caption="สถานะการดำเนินการรายมาตรการ",
        header=("ที่", "หัวข้อ/มาตรการ", "ผู้รับผิดชอบ", "สถานะ", "ร้อยละ", "หลักฐาน", "หมายเหตุ"),
        lines=lines,
        approval=approval(org, when, n),
        warnings=warnings,
        rules=rules,
        details_caption="ผลการดำเนินการรายมาตรการ",
        details=details,
        problems=problems,
        next_steps=next_steps,
        months=months,
    )


def _target(period: str, d) -> str:
    """The measure's target as the plan states it: done within its period (a deadline as written).

    >>> _target("ภายในวันที่ ๓๑ ธ.ค. ๒๕๖๙", str), _target("๑ ต.ค. ๒๕๖๘ ถึง ๓๐ ก.ย. ๒๕๖๙", str), _target("", str)
    ('ดำเนินการแล้วเสร็จภายในวันที่ ๓๑ ธ.ค. ๒๕๖๙', 'ดำเนินการแล้วเสร็จภายในระยะเวลา ๑ ต.ค. ๒๕๖๘ ถึง ๓๐ ก.ย. ๒๕๖๙', '')

    An urgent row's label before its deadline is not part of the target:

    >>> _target("เร่งด่วน ภายในวันที่ ๓๑ มี.ค. ๒๕๗๐", str)
    'ดำเนินการแล้วเสร็จภายในวันที่ ๓๑ มี.ค. ๒๕๗๐'
    """
    period = " ".join(period.split())
    if not period:
        return ""
    if "ภายใน" in period:
        return d(f"ดำเนินการแล้วเสร็จ{period[period.index('ภายใน'):]}")
    return d(f"ดำเนินการแล้วเสร็จภายในระยะเวลา {period}")


_STATE_TEXT = {DONE: "ดำเนินการแล้วเสร็จ", DOING: "อยู่ระหว่างดำเนินการ", NOT_STARTED: "ยังไม่ได้ดำเนินการ",
               CANCELLED: "ยกเลิก"}


def _detail(line: ProgressLine, e: PlanEntry, d) -> Detail:
    """A measure's part: the measures, owner, target, what was done, the result against the target
    (staff's words, then the status and percent as counted), notes and evidence. A text staff left
    empty is left out, never replaced by a sentence saying it is missing."""
    out: list[tuple[str, str]] = []
    if e.measures:
        out.append(("มาตรการ", d(" ".join(e.measures))))
    if line.owner:
        out.append(("ผู้รับผิดชอบ", line.owner))
    if line.target:
        out.append(("เป้าหมาย", line.target))
    if line.done:
        out.append(("การดำเนินการ", line.done))
    status = _STATE_TEXT[line.state]
    if e.progress is not None and line.state != CANCELLED:
        status += f" ความคืบหน้าร้อยละ {line.progress}"
    if line.delayed:
        status += " (ล่าช้ากว่ากำหนด)"
    out.append(("ผลการดำเนินการเทียบกับเป้าหมาย", f"{line.result} ({status})" if line.result else status))
    if line.notes:
        out.append(("หมายเหตุ", d(line.notes)))
    return Detail(heading=f"มาตรการที่ {line.no} {_bare(line.topic)}",
                  lines=out, evidence=line.evidence)


def _problems(case, lines: list[ProgressLine], d, warnings: list[str], as_of: date, n: str) -> Section:
    """Staff's text; else the plan's delayed measures and staff's notes on them, and the measures at
    their deadline on the data's date and not done; else what the plan's data say: no measure
    delayed and no obstacle reported by the date of the data (the O26 report has this part, so it
    is never left out). Both drafts are marked by a finding naming the cell."""
    heading = "ปัญหาและอุปสรรคในการดำเนินการ"
    text = case.texts.get("problems", "").strip()
    if text:
        return Section(heading, [d(x) for x in _paragraphs(text)])
    where = _note_cell(case, "problems")
    open_ = [ln for ln in lines if ln.state not in (DONE, CANCELLED)]
    facts = [ln for ln in open_ if ln.delayed or ln.notes]
    # due on the data's date itself (the 12-month round's date is the plan year's end): not late
    # by the count, yet not done by its deadline
    due: dict[date, list[str]] = {}
    for ln in open_:
        if ln not in facts and ln.due is not None and ln.due <= as_of:
            due.setdefault(ln.due, []).append(ln.no)
    if not facts and not due:
        warnings.append(f"{where}: no problems and obstacles text: the plan's data (no measure delayed, no note) is "
                        f"printed: review it before signing, or write the agency's own in that cell / "
                        f"ไม่มีข้อความปัญหาอุปสรรค จึงพิมพ์ตามข้อมูลในแผน (ไม่มีมาตรการล่าช้า) "
                        f"โปรดทบทวนก่อนลงนามหรือกรอกข้อความของหน่วยงานเองในช่องนี้")
        return Section(heading, [d(f"ณ วันที่ {thai_date(as_of, n)} ไม่มีมาตรการใดล่าช้ากว่ากำหนด และผู้รับผิดชอบมาตรการ"
                                   f"ไม่ได้รายงานปัญหาหรืออุปสรรคที่กระทบต่อการดำเนินการตามแผน")], draft=True)
    warnings.append(f"{where}: no problems and obstacles text: a draft from the plan's delayed measures and their "
                    f"notes is printed: review it before signing, or write the agency's own in that cell / "
                    f"ไม่มีข้อความปัญหาอุปสรรค จึงพิมพ์ร่างจากข้อมูลในแผน โปรดทบทวนก่อนลงนามหรือกรอกข้อความของหน่วยงานเองในช่องนี้")
    paras = []
    for ln in facts:
        what = "ล่าช้ากว่ากำหนด" if ln.delayed else _STATE_TEXT[ln.state]
        # staff's note as it is when it gives its own reason ("เนื่องจาก…", "เพราะ…"), else after one
        why = "" if not ln.notes else f" {ln.notes}" if re.match(r"\s*(เนื่องจาก|เพราะ|ด้วย)", ln.notes) else f" เนื่องจาก{ln.notes}"
        paras.append(d(f"มาตรการที่ {ln.no} {_bare(ln.topic)} {what}{why}"))
    for when, nos in sorted(due.items()):
        paras.append(d(f"มาตรการที่ {number_list(nos)} ยังดำเนินการไม่แล้วเสร็จตามกำหนดวันที่ {thai_date(when, n)}"))
    return Section(heading, paras, draft=True)


def _bare(topic: str) -> str:
    """A topic without its issue number ("๓. จัดทำ…" -> "จัดทำ…")."""
    head, dot, rest = topic.partition(". ")
    return rest if dot and head.strip("0123456789๐๑๒๓๔๕๖๗๘๙") == "" else topic


def _next_steps(case, lines: list[ProgressLine], as_of: date, py: int, end: date, d,
                warnings: list[str]) -> Section:
    """Staff's text, else a draft from the unfinished measures, each by its own deadline and
    status: late ones (its deadline passed, or staff said so) to be expedited, with the deadline;
    the others to go on as planned by their deadline; after the year's end, carried to the next
    year's measures. Measures with the same next step share one sentence."""
    heading = "ข้อเสนอแนะและแนวทางการดำเนินการต่อไป"
    text = case.texts.get("next_steps", "").strip()
    if text:
        return Section(heading, [d(x) for x in _paragraphs(text)])
    where = _note_cell(case, "next_steps")
    open_ = [ln for ln in lines if ln.state in (DOING, NOT_STARTED)]
    if not open_:
        warnings.append(f"{where}: no suggestions and next steps text: the part is left out "
                        f"/ ไม่มีข้อความข้อเสนอแนะและแนวทางการดำเนินการต่อไป จึงไม่พิมพ์หัวข้อนี้")
        return Section(heading, [])
    warnings.append(f"{where}: no suggestions and next steps text: a draft from the unfinished measures is printed: "
                    f"review it before signing, or write the agency's own in that cell / ไม่มีข้อความข้อเสนอแนะ "
                    f"จึงพิมพ์ร่างจากมาตรการที่ยังไม่แล้วเสร็จ โปรดทบทวนก่อนลงนามหรือกรอกข้อความของหน่วยงานเองในช่องนี้")
    n = case.settings.numerals
    over = as_of >= end  # the plan's year is over: what is left goes into next year's measures
    groups: dict[tuple[str, date | None], list[str]] = {}
    for ln in open_:
        due = ln.due or end
        kind = ("late_past" if ln.delayed and due < as_of else "late" if ln.delayed else "carry" if over
                else "due" if due <= as_of else "on")
        groups.setdefault((kind, None if kind == "carry" else due), []).append(ln.no)
    order = {"late_past": 0, "late": 1, "due": 2, "on": 3, "carry": 4}
    paras = []
    for (kind, due), nos in sorted(groups.items(), key=lambda g: (order[g[0][0]], g[0][1] or end)):
        which = f"มาตรการทั้ง {len(nos)} มาตรการ" if len(nos) == len(lines) > 1 else f"มาตรการที่ {number_list(nos)}"
        by = thai_date(due, n) if due else ""
        if kind == "late_past":
            next_ = (f"โดยบรรจุไว้ในมาตรการของปีงบประมาณ พ.ศ. {py + 1}" if over
                     else "และรายงานผลให้ผู้บริหารทราบ")
            paras.append(f"{which} ล่าช้ากว่ากำหนด (กำหนดแล้วเสร็จภายในวันที่ {by}) "
                         f"ควรเร่งรัดการดำเนินการให้แล้วเสร็จโดยเร็ว {next_}")
        elif kind == "late":
            paras.append(f"{which} ดำเนินการล่าช้ากว่าแผน ควรเร่งรัดการดำเนินการให้แล้วเสร็จภายในวันที่ {by}")
        elif kind == "due":  # due on the data's date itself, not done
            paras.append(f"{which} ครบกำหนดแล้วเสร็จในวันที่ {by} แต่ยังไม่แล้วเสร็จ "
                         f"ควรเร่งรัดการดำเนินการให้แล้วเสร็จโดยเร็ว")
        elif kind == "on":
            paras.append(f"{which} ควรดำเนินการต่อตามแผนให้แล้วเสร็จภายในวันที่ {by}")
        else:
            paras.append(f"{which} ยังไม่แล้วเสร็จ ควรดำเนินการต่อเนื่องในปีงบประมาณ พ.ศ. {py + 1} "
                         f"โดยบรรจุไว้ในมาตรการของปีถัดไป")
    return Section(heading, [d(p) for p in paras], draft=True)
