"""The workbook commands, pure: a :class:`~.ops.Snapshot` in, a list of ops out.

The same functions run behind the desktop buttons (xlwings), in Lite, and headless (``ita-xl
import`` / ``ita-xl fill`` through :mod:`ita_xl.xlsx.fileio`). They read settings, scores, grouping and library
from the snapshot, since the user may have edited any of them. No openpyxl or xlwings here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from ita_xl.core.codes import TOOLS, sort_key
from ita_xl.core.engine import Result
from ita_xl.core.framework import Framework, IssueSpec, Recommendation
from ita_xl.core.model import AgencyCase
from ita_xl.core.thai import be_year, digits, fmt_table_score
from ita_xl.errors import InputError, UnknownYear
from ita_xl.io.frameworks import KNOWN, Frameworks, analyze
from ita_xl.io.scores import AgencyScores, parse_pasted
from ita_xl.workbook import layout as L
from ita_xl.workbook.ops import Clear, ExportReport, Notice, Op, Snapshot, Write
from ita_xl.workbook.reader import (
    case_from_snapshot, framework_from_snapshot, own_framework, settings_year,
)

# ------------------------------------------------------------------------------------- helpers


def _table_ops(table: L.Table, rows: list[list[object]], old_rows: int = 0) -> list[Op]:
    """Write ``rows`` from the table's first data row and clear what an older, longer table left."""
    ops: list[Op] = []
    rows = rows[: table.max_rows]
    if rows:
        ops.append(Write(table.sheet, L.cell(table.first_row, 1), rows))
    end = max(old_rows, table.max_rows)
    if len(rows) < end:
        first = table.first_row + len(rows)
        ops.append(Clear(table.sheet, f"{L.cell(first, 1)}:{L.cell(table.first_row + end - 1, table.n_cols)}"))
    return ops


def _same(a: object, b: object) -> bool:
    """Two cell contents alike (``1 == True`` and ``"1" != 1``: a number is not a flag or a text)."""
    if a is None or a == "":
        return b is None or b == ""
    num = (int, float)
    return (type(a) is type(b) or (type(a) in num and type(b) in num)) and a == b


def _changed_ops(table: L.Table, rows: list[list[object]], snap: Snapshot) -> list[Op]:
    """Write ``rows`` from the table's first data row, only the cells whose content changes, and
    clear what an older, longer table left. A cell left as it was keeps what no adapter may be
    able to read back (a staff formula on the remote engine behind Lite); runs of changed cells
    that span the same columns in consecutive rows are one block."""
    rows = rows[: table.max_rows]
    old = snap.contents(table.sheet, table.first_row, table.n_cols)
    runs: list[tuple[int, int, list[object]]] = []  # (row index, first column index, values)
    for i, row in enumerate(rows):
        prev = old[i] if i < len(old) else []
        start = None
        for j, v in enumerate([*row, _END]):
            same = v is _END or _same(v, prev[j] if j < len(prev) else None)
            if start is None and not same:
                start = j
            elif start is not None and same:
                runs.append((i, start, row[start:j]))
                start = None
    ops: list[Op] = []
    for i, j, values in runs:
        last = ops[-1] if ops else None
        if (isinstance(last, Write) and L.parse_cell(last.cell) == (table.first_row + i - len(last.values), j + 1)
                and len(last.values[0]) == len(values)):
            last.values.append(values)
        else:
            ops.append(Write(table.sheet, L.cell(table.first_row + i, j + 1), [values]))
    end = max(len(old), table.max_rows)
    if len(rows) < end:
        first = table.first_row + len(rows)
        ops.append(Clear(table.sheet, f"{L.cell(first, 1)}:{L.cell(table.first_row + end - 1, table.n_cols)}"))
    return ops


_END = object()


def _lines(items: list[str] | tuple[str, ...], numerals: str, numbered: bool = True) -> str:
    if not numbered or len(items) <= 1:
        return "\n".join(items)
    return "\n".join(f"{digits(str(n), numerals)}. {t}" for n, t in enumerate(items, 1))


# ------------------------------------------------------------------------------------- table rows


def indicator_rows(fw: Framework) -> list[list[object]]:
    """Columns no, name, tool of the indicator table."""
    return [[ind.no, ind.name, ind.tool] for ind in fw.indicators]


def question_rows(fw: Framework, scores: dict[str, float] | None = None) -> list[list[object]]:
    scores = scores or {}
    return [[q.code, q.tool, q.indicator, q.text, scores.get(q.code), q.subindicator or None] for q in fw.questions.values()]


def framework_rows(fw: Framework) -> list[list[object]]:
    """The framework sheet's question list."""
    return [[q.code, q.tool, q.indicator, q.subindicator or None, q.topic or None, q.text or None, q.confidence or None]
            for q in fw.questions.values()]


def framework_meta_rows(fw: Framework) -> list[list[object]]:
    """The framework sheet's keys (column J on): year, levels, weights, indicators, sub-indicators."""
    rows: list[list[object]] = [
        ["year", fw.year, None],
        ["level_scheme", fw.level_scheme, None],
        ["complete", "yes" if fw.complete else "no", None],
        ["note", fw.note or None, None],
        ["note_th", fw.note_th or None, None],
    ]
    rows += [[f"weight.{t}", w, None] for t, w in fw.weights.items()]
    rows += [[f"indicator.{i.no}", i.name, i.tool] for i in fw.indicators]
    rows += [[f"sub.{s.id}", s.name, f"{s.indicator}: {', '.join(s.items)}"] for s in fw.subindicators]
    for k, lv in enumerate(fw.levels, 1):
        rule = f"min={lv.min:g}" + (f"; every_tool_min={lv.every_tool_min:g}" if lv.every_tool_min is not None else "")
        rows.append([f"level.{k}", lv.label, rule + ("; pass=yes" if lv.passed else "")])
    return rows


def issue_rows(specs: tuple[IssueSpec, ...]) -> list[list[object]]:
    rows: list[list[object]] = []
    for spec in specs:
        for g in spec.groups:
            rows.append([spec.no, spec.title, spec.plan_topic or spec.title, g.tool, ", ".join(g.codes)])
    return rows


def library_rows(recs: dict[str, Recommendation]) -> list[list[object]]:
    def order(key: str) -> tuple:
        return (1, int(key[3:]), 0) if key.startswith("ind") else (0, *sort_key(key))

    return [
        [r.key, r.finding, "\n".join(r.measures), r.owner, "\n".join(r.steps), r.action_short]
        for r in (recs[k] for k in sorted(recs, key=order))
    ]


def analysis_rows(result: Result) -> list[list[object]]:
    n = result.case.settings.numerals
    rows: list[list[object]] = []
    for issue in result.issues:
        rows.append([issue.no, "ประเด็น", issue.title, L.DECISIONS[issue.decision], None])
        for g in issue.groups:
            qs = digits("\n".join(f"{q.code}  {fmt_table_score(q.score, 'arabic')}" for q in g.questions), n)
            rows.append([issue.no, g.tool, qs, L.DECISIONS[g.decision], g.action_text])
        rows.append([issue.no, "บทวิเคราะห์", issue.analysis_th, None, None])
    return rows


def finding_rows(result: Result) -> list[list[object]]:
    return [[L.SEVERITIES.get(f.severity, f.severity), f.kind, f.message_th, f.message_en, f.where] for f in result.findings]


def _issue_cell(p, numerals: str) -> object:
    """The plan sheet's issue column prints the plan's number (core.plan.row_labels): the issue as a
    number on its first row, the urgent part's own numbers as text, nothing on an issue's later rows."""
    if p.label and p.label == digits(str(p.issue), numerals):
        return p.issue
    return p.label or None


def plan_rows(result: Result, snap: Snapshot) -> list[list[object]]:
    """Generated plan rows with the staff columns of the existing rows carried by key.

    A row whose key has vanished keeps its place at the bottom, marked obsolete, when staff wrote
    anything in it; rows without a key that hold anything are kept as they are (user rows).
    """
    T = L.PLAN
    n = result.case.settings.numerals
    gen_idx = [T.col(k) - 1 for k in L.PLAN_GENERATED]
    staff_idx = [T.col(k) - 1 for k in L.PLAN_STAFF]
    old = snap.contents(T.sheet, T.first_row, T.n_cols)[: T.max_rows]  # formulas as formulas
    by_key: dict[str, list[object]] = {}
    for r in old:
        key = r[T.col("key") - 1]
        if key not in (None, "") and str(key) not in by_key:
            by_key[str(key)] = r
    out: list[list[object]] = []
    new_keys = set()
    for p in result.plan:
        new_keys.add(p.key)
        prev = by_key.get(p.key)
        row: list[object] = [None] * T.n_cols
        for i, v in zip(gen_idx, (p.key, _issue_cell(p, n), p.topic, _lines(p.measures, n), p.owner, _lines(p.steps, n), p.period)):
            row[i] = v
        for i in staff_idx:
            row[i] = prev[i] if prev and i < len(prev) else None
        out.append(row)
    kept: list[list[object]] = []
    for r in old:
        key = r[T.col("key") - 1]
        has_staff = any(r[i] not in (None, "") for i in staff_idx)
        if key in (None, ""):
            if any(v not in (None, "") for v in r):
                kept.append(list(r))
        elif str(key) not in new_keys and has_staff:
            row = list(r)
            row[T.col("row_state") - 1] = L.OBSOLETE
            kept.append(row)
    assert len(gen_idx) + len(staff_idx) + 1 == T.n_cols
    return out + kept


def _plan_ops(result: Result, snap: Snapshot) -> list[Op]:
    """The plan's rows written where they change; where the adapter cannot read formulas (Lite),
    a warning when staff cells move to another row, since a formula among them is carried as its value."""
    T = L.PLAN
    rows = plan_rows(result, snap)
    ops = _changed_ops(T, rows, snap)
    if not snap.formulas_read:
        old = snap.rows(T.sheet, T.first_row, T.n_cols)
        staff = [T.col(k) - 1 for k in L.PLAN_STAFF]
        moved = sum(
            1 for i, row in enumerate(rows)
            if any(row[j] not in (None, "") for j in staff)
            and any(not _same(row[j], old[i][j] if i < len(old) else None) for j in staff)
        )
        if moved:
            ops.append(Notice(
                "warning",
                f"ช่องของเจ้าหน้าที่ในแผน {moved} แถวย้ายไปอยู่แถวใหม่ตามมาตรการ: Excel บนเว็บ/Lite อ่านสูตรไม่ได้ "
                "ช่องที่เป็นสูตร (เช่น HYPERLINK) จึงเหลือเพียงค่า โปรดตรวจสอบ",
                f"the staff cells of {moved} plan rows moved to their measures' new rows: Lite cannot read formulas, "
                "so a formula among them (a HYPERLINK) is now its value; check them",
            ))
    return ops


# ------------------------------------------------------------------------------------- commands


def _result(snap: Snapshot, frameworks: Frameworks = KNOWN) -> Result:
    return analyze(case_from_snapshot(snap, frameworks))  # the framework the reader chose: the case's own, else its year's


def _old_len(snap: Snapshot, table: L.Table) -> int:
    return snap.row_count(table.sheet, table.first_row, table.n_cols)


def _summary_notice(result: Result, what_th: str, what_en: str) -> Notice:
    errors = sum(f.severity == "error" for f in result.findings)
    total = f"{result.total:.2f}" if result.total is not None else "-"
    return Notice(
        "warning" if errors else "info",
        f"{what_th}: คะแนนรวม {digits(total, result.case.settings.numerals)} ระดับ {result.level or '-'}; "
        f"ข้อค้นพบ {len(result.findings)} รายการ (ข้อผิดพลาด {errors})",
        f"{what_en}: total {total}, level {result.level or '-'}; {len(result.findings)} findings ({errors} errors)",
    )


def _computed_ops(result: Result, snap: Snapshot) -> list[Op]:
    """The indicator rows' number, name and tool. Their computed scores are formulas over the
    question sheet (written with the workbook); a workbook made before it had a framework sheet
    holds plain values there, which are refreshed."""
    T = L.INDICATORS
    rows = [[i.no, i.name, i.tool] for i in result.indicators]
    ops: list[Op] = [Write(T.sheet, T.cell("no", 0), rows)]
    if not snap.has(L.FRAMEWORK.sheet):
        ops.append(Write(T.sheet, T.cell("computed", 0), [[i.computed] for i in result.indicators]))
    return ops


def fill(snap: Snapshot, frameworks: Frameworks = KNOWN) -> list[Op]:
    """Analyse what the workbook holds; write computed indicators, analyses, plan and findings."""
    return fill_with_result(snap, frameworks)[0]


def fill_with_result(snap: Snapshot, frameworks: Frameworks = KNOWN) -> tuple[list[Op], Result]:
    """:func:`fill` and the analysis it wrote (the template uses it for cached formula values)."""
    result = _result(snap, frameworks)
    ops: list[Op] = _computed_ops(result, snap)
    ops += _table_ops(L.ANALYSIS, analysis_rows(result), _old_len(snap, L.ANALYSIS))
    ops += _plan_ops(result, snap)
    ops += _table_ops(L.FINDINGS, finding_rows(result), _old_len(snap, L.FINDINGS))
    ops.append(_summary_notice(result, "วิเคราะห์และจัดทำแผนแล้ว", "analysed and planned"))
    return ops, result


def plan(snap: Snapshot) -> list[Op]:
    """Regenerate the plan's generated columns only (staff columns kept by key)."""
    result = _result(snap)
    ops: list[Op] = _plan_ops(result, snap)
    ops.append(Notice("info", f"ปรับปรุงแผนแล้ว {len(result.plan)} มาตรการ", f"plan updated: {len(result.plan)} measures"))
    return ops


def export(snap: Snapshot) -> list[Op]:
    """Write the report (DOCX, and PDF where LibreOffice is installed) beside the saved workbook.

    Writes files, not cells: the op :class:`~.ops.ExportReport`, which the front end fulfils
    (:func:`ita_xl.report.export.fulfil`, from the same source as ``ita-xl export``). Where there is
    no file system of the user's (xlwings Lite) or the workbook has never been saved, it says what
    to do instead.

    >>> export(Snapshot("ita.xlsm"))[0].message_en
    'save the workbook before exporting the report'
    """
    return _export(snap, progress=False)


def progress(snap: Snapshot) -> list[Op]:
    """Write the report on carrying the measures out (รายงานผลการดำเนินการ), as of today."""
    return _export(snap, progress=True)


def _export(snap: Snapshot, progress: bool) -> list[Op]:
    book = Path(snap.path)
    if sys.platform == "emscripten":
        return [Notice(
            "info",
            f"Excel บนเว็บ/Lite เขียนไฟล์ Word ไม่ได้: เอกสารอยู่ในแผ่นงาน {L.SHEETS['report'].name} (ปุ่ม {L.SHEETS['report'].button})"
            " สั่งพิมพ์หรือบันทึกเป็น PDF (ไฟล์ > ส่งออก > PDF) จากแผ่นงานนั้น",
            f"Lite cannot write a Word file: the document is the sheet {L.SHEETS['report'].name} (its button"
            f" {L.SHEETS['report'].button}); print it or save it as PDF (File > Export > PDF) from there",
        )]
    if not book.is_absolute() or not book.parent.is_dir():
        return [Notice("warning", "โปรดบันทึกสมุดงานก่อนส่งออกรายงาน", "save the workbook before exporting the report")]
    return [ExportReport(progress)]


def check(snap: Snapshot) -> list[Op]:
    """Validate the inputs and list the findings."""
    result = _result(snap)
    ops: list[Op] = _table_ops(L.FINDINGS, finding_rows(result), _old_len(snap, L.FINDINGS))
    ops.append(_summary_notice(result, "ตรวจสอบแล้ว", "checked"))
    return ops


def import_scores(snap: Snapshot, agency_scores: AgencyScores, frameworks: Frameworks = KNOWN) -> list[Op]:
    """Put one agency's scores into the workbook: questions, stated indicators, tools, total, level.

    The question table is rewritten for the scores' year. When that year differs from the
    workbook's, the grouping and library sheets are reset to that year's defaults too.
    """
    scores = agency_scores.scores
    fw = workbook_framework(snap, scores.year, frameworks)
    sheet = L.SHEETS["settings"].name
    old_year = settings_year(snap)
    ops: list[Op] = [Write(sheet, L.settings_cell("year"), [[scores.year]])]
    org = agency_scores.org
    for key, value in (
        ("org_name", org.name), ("org_id", org.id), ("org_type", org.org_type),
        ("district", org.district), ("province", org.province),
    ):
        if value:
            ops.append(Write(sheet, L.settings_cell(key), [[value]]))
    T = L.INDICATORS
    ops.append(Write(T.sheet, T.cell("no", 0), indicator_rows(fw)))
    ops.append(Write(T.sheet, T.cell("stated", 0), [[scores.indicators.get(i.no)] for i in fw.indicators]))
    ind_sheet = L.SHEETS["indicators"].name
    n = len(fw.indicators)
    for key in TOOLS:
        ops.append(Write(ind_sheet, L.summary_cell(key, "stated", n), [[scores.tools.get(key)]]))
    ops.append(Write(ind_sheet, L.summary_cell("total", "stated", n), [[scores.total]]))
    ops.append(Write(ind_sheet, L.summary_cell("level", "stated", n), [[scores.level]]))
    ops += _table_ops(L.QUESTIONS, question_rows(fw, scores.questions), _old_len(snap, L.QUESTIONS))
    if old_year != scores.year:
        ops += _table_ops(L.ISSUES, issue_rows(fw.issues), _old_len(snap, L.ISSUES))
        ops += _table_ops(L.LIBRARY, library_rows(fw.recommendations), _old_len(snap, L.LIBRARY))
        ops += framework_ops(fw, snap)
        if old_year is not None:  # a workbook of another year: what staff edited there is replaced
            reset = ", ".join(L.SHEETS[k].name for k in ("questions", "issues", "library", "framework"))
            ops.append(Notice(
                "warning",
                f"สมุดงานนี้เป็นของปีที่ประเมิน {old_year} เปลี่ยนเป็นปี {scores.year} แล้ว "
                f"แผ่นงาน {reset} ถูกตั้งค่าใหม่ตามปี {scores.year}",
                f"the workbook was for assessment year {old_year}, now {scores.year}: its sheets "
                f"{reset} are reset to {scores.year}'s (check --year if that was not meant)",
            ))
    n_q = len(scores.questions)
    ops.append(
        Notice(
            "info",
            f"นำเข้าคะแนนปี {scores.year}: {n_q} ข้อ, {len(scores.indicators)} ตัวชี้วัด",
            f"imported {scores.year} scores: {n_q} questions, {len(scores.indicators)} indicators",
        )
    )
    return ops


def import_pasted(snap: Snapshot, text: str, year: int | None) -> list[Op]:
    """:func:`import_scores` of text pasted from ITAS, its codes read by the workbook's framework."""
    return import_scores(snap, parse_pasted(text, year, frameworks=KNOWN.with_own(framework_from_snapshot(snap))))


def pasted_text(snap: Snapshot) -> str:
    """The text staff pasted into the paste sheet: a line per row, the cells of a row joined by tabs
    (as Excel split them); numbers Excel made of score text written back plainly.

    >>> snap = Snapshot("x", {L.PASTE.sheet: [["t"], [], ["h"], ["ข้อ i1 การปฏิบัติงาน", 100], [None], ["o2", 95.5]]})
    >>> pasted_text(snap)
    'ข้อ i1 การปฏิบัติงาน\\t100\\n\\no2\\t95.5'
    """
    T = L.PASTE
    rows = snap.rows(T.sheet, T.first_row, T.n_cols) if snap.has(T.sheet) else []

    def text(v: object) -> str:
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    return "\n".join("\t".join(text(v) for v in r if v not in (None, "")) for r in rows)


def import_paste_sheet(snap: Snapshot) -> list[Op]:
    """The import button: :func:`import_pasted` of what staff pasted into the paste sheet, for the
    workbook's year unless the text says another."""
    text = pasted_text(snap)
    if not text.strip():
        cell = f"{L.PASTE.sheet}!{L.PASTE.cell('text', 0)}"
        return [Notice("warning", f"ยังไม่มีข้อความในแผ่นงาน {L.PASTE.sheet}: คัดลอกหน้าผลคะแนนจากระบบ ITAS แล้ววางที่เซลล์ {cell}",
                       f"nothing pasted yet: copy the ITAS result page and paste it at {cell}")]
    return import_pasted(snap, text, settings_year(snap))


def workbook_framework(snap: Snapshot, year: int, frameworks: Frameworks = KNOWN) -> Framework:
    """The framework a workbook's commands use for ``year``: the one given (``--framework``) first,
    then the workbook's own copy (its framework sheet, when it is of that year), then its year's."""
    own = own_framework(snap, year, frameworks)
    if own is not None:
        return own
    try:
        return frameworks.load(year)
    except UnknownYear as exc:
        raise exc.at(snap.path, hint_en=" (use --framework DIR)") from None


def framework_ops(fw: Framework, snap: Snapshot | None = None) -> list[Op]:
    """Write ``fw`` into the framework sheet (questions, and the keys beside them)."""
    T = L.FRAMEWORK
    ops = _table_ops(T, framework_rows(fw), _old_len(snap, T) if snap is not None else 0)
    meta = framework_meta_rows(fw)
    c = L.FRAMEWORK_META_COL
    ops.append(Write(T.sheet, L.cell(T.first_row, c), meta))
    ops.append(Clear(T.sheet, f"{L.cell(T.first_row + len(meta), c)}:{L.cell(T.first_row + T.max_rows - 1, c + 2)}"))
    return ops


# ------------------------------------------------------------------------------------- new workbooks


def _sheet_values(title: str, table: L.Table | None) -> list[list[object]]:
    rows: list[list[object]] = [[title]]
    if table is not None:
        while len(rows) < table.header_row - 1:
            rows.append([])
        rows.append([c.header for c in table.columns])
    return rows


def _year_rows(fw: Framework, make: Callable[[Framework], list[list[object]]], name: str) -> list[list[object]]:
    """``make(fw)``: rows the same in every new workbook of a framework, made once (kept in
    ``fw.memo`` under ``name``) and copied each time (a new snapshot's rows are changed in place)."""
    kept = fw.memo.setdefault("new_snapshot", {})
    got = kept.get(name)
    if got is None:
        got = kept[name] = tuple(tuple(r) for r in make(fw))
    return [list(r) for r in got]


def new_snapshot(
    path: str,
    year: int,
    case: AgencyCase | None = None,
    module: str = "",
    frameworks: Frameworks = KNOWN,
) -> Snapshot:
    """The cell values of a new, empty-scored workbook for ``year`` (formula cells left empty).

    ``case`` supplies the organisation, settings, history, grouping, library and texts; its scores
    are not used (they go in through :func:`import_scores`).
    """
    fw = frameworks.load(year)
    if len(fw.questions) > L.QUESTIONS.max_rows or len(fw.indicators) > L.INDICATORS.max_rows:
        raise InputError(path, f"กรอบการประเมินปี {year} มีข้อคำถามหรือตัวชี้วัดเกินกว่าที่สมุดงานรองรับ",
                         f"the {year} framework has {len(fw.questions)} questions and {len(fw.indicators)} indicators; "
                         f"a workbook holds {L.QUESTIONS.max_rows} and {L.INDICATORS.max_rows}")
    org = case.org if case else None
    st = case.settings if case else None
    sheets: dict[str, list[list[object]]] = {}

    s = _sheet_values(L.SHEETS["settings"].title, None)
    s.append([])
    s.append(["รายการ", "ค่า", "key"])
    values = {
        "org_name": org.name if org else "",
        "org_id": org.id if org else "",
        "org_type": org.org_type if org else "",
        "district": org.district if org else "",
        "province": org.province if org else "",
        "head_name": org.head_name if org else "",
        "head_position": org.head_position if org else "",
        "year": year,
        "plan_year": case.plan_year if case and case.plan_year not in (None, year + 1) else None,
        "threshold": st.threshold if st else 100.0,
        "numerals": st.numerals if st else "thai",
        "target": st.target if st else 100.0,
        "module": module,
        "progress_round": st.progress_round if st and st.progress_round else None,
        # as staff type it (D/M/YYYY, Buddhist era): a workbook rebuilt from its case keeps the date
        "approval_date": (f"{st.approval_date.day}/{st.approval_date.month}/{be_year(st.approval_date.year)}"
                          if st and st.approval_date else None),
    }
    for f in L.SETTINGS_FIELDS:
        if f.key.startswith("unit."):
            v = (org.units.get(f.key[5:], "") if org else "")
        else:
            v = values.get(f.key)
        s.append([f.label, v if v != "" else None, f.key])
    sheets[L.SHEETS["settings"].name] = s

    T = L.INDICATORS
    s = _sheet_values(L.SHEETS["indicators"].title, T)
    hist = case.history if case else {}
    for ind in fw.indicators:
        row: list[object] = [None] * T.n_cols
        row[T.col("no") - 1], row[T.col("name") - 1], row[T.col("tool") - 1] = ind.no, ind.name, ind.tool
        for k in range(L.HISTORY_YEARS, 0, -1):
            row[T.col(f"hist{k}") - 1] = hist.get(year - k, {}).get(ind.no)
        s.append(row)
    while len(s) < L.summary_header_row(len(fw.indicators)) - 1:
        s.append([])
    pad = [None] * (L.SUMMARY_FIRST_COL - 1)
    s.append(pad + [c.header for c in L.SUMMARY_COLUMNS])
    for key in L.SUMMARY_ROWS:
        s.append(pad + [L.SUMMARY_LABELS[key], fw.weights.get(key), None, None])
    sheets[T.sheet] = s

    s = _sheet_values(L.SHEETS["questions"].title, L.QUESTIONS)
    s += _year_rows(fw, question_rows, "question")
    sheets[L.QUESTIONS.sheet] = s

    s = _sheet_values(L.SHEETS["issues"].title, L.ISSUES)
    if case and case.issues is not None:
        s += issue_rows(case.issues)
    else:
        s += _year_rows(fw, lambda fw: issue_rows(fw.issues), "issues")
    sheets[L.ISSUES.sheet] = s

    s = _sheet_values(L.SHEETS["library"].title, L.LIBRARY)
    if case and case.recommendations:
        s += library_rows({**fw.recommendations, **case.recommendations})
    else:
        s += _year_rows(fw, lambda fw: library_rows(fw.recommendations), "library")
    sheets[L.LIBRARY.sheet] = s

    for key in ("paste", "analysis", "plan", "findings"):
        sheets[L.SHEETS[key].name] = _sheet_values(L.SHEETS[key].title, L.TABLES[key])
    for doc in L.DOCS.values():
        sheets[doc.sheet] = _sheet_values(L.SHEETS[doc.sheet_key].title, None)

    T = L.FRAMEWORK
    s = _sheet_values(L.SHEETS["framework"].title, T)
    s += _year_rows(fw, framework_rows, "framework")
    c0 = L.FRAMEWORK_META_COL - 1
    meta = [list(L.FRAMEWORK_META_HEADER)] + _year_rows(fw, framework_meta_rows, "framework_meta")
    for k, m in enumerate(meta):
        r = T.header_row - 1 + k
        while len(s) <= r:
            s.append([])
        row = s[r] = list(s[r]) + [None] * max(0, c0 - len(s[r]))
        row[c0:c0 + 3] = m
    sheets[T.sheet] = s

    s = _sheet_values(L.SHEETS["notes"].title, L.NOTES)
    texts = case.texts if case else {}
    for key, label in L.NOTE_KEYS:
        s.append([key, label, texts.get(key)])
    sheets[L.NOTES.sheet] = s
    return Snapshot(path, sheets)


def scores_of(case: AgencyCase) -> AgencyScores:
    return AgencyScores(case.org, case.scores)


# Active-sheet dispatch for the desktop and Lite buttons: sheet name -> command.
_BY_NAME: dict[str, Callable[[Snapshot], list[Op]]] = {
    "fill": fill, "plan": plan, "check": check, "export": export, "progress": progress, "import": import_paste_sheet,
}
# Commands a button names, whatever sheet it is on (``desktop.on_button("btn_progress")``, Lite scripts).
NAMED: dict[str, Callable[[Snapshot], list[Op]]] = dict(_BY_NAME)
COMMANDS: dict[str, Callable[[Snapshot], list[Op]]] = {
    s.name: _BY_NAME[s.command] for s in L.SHEET_LIST if s.command and s.key not in L.DOCS
}  # the documents' sheets' commands are ita_xl.report.sheet's (the buttons run its ACTIONS)
