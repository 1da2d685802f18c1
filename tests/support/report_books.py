"""The sample workbook as staff leave it during the plan year: an owner override, a row they added
by hand, status, progress, evidence (with links) and notes, and an obsolete row that must not be
printed. Used by the report tests and by ``scripts/regen_report_goldens.py``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ita_xl.cli import main
from ita_xl.io.case import sample_case
from ita_xl.io.frameworks import analyze
from ita_xl.report import build, build_progress, from_input, write_docx, write_progress_docx
from ita_xl.workbook import layout as L
from ita_xl.xlsx.fileio import apply_ops
from ita_xl.workbook.ops import Write

OVERRIDE = "งานตรวจสอบภายใน (ผู้รับผิดชอบใหม่)"
STAFF_TOPIC = "จัดทำคู่มือการสื่อสารสำหรับเจ้าหน้าที่ (เพิ่มโดยเจ้าหน้าที่)"
STAFF_MEASURE = "จัดทำคู่มือตอบข้อซักถามของประชาชนให้เจ้าหน้าที่ทุกกองใช้ร่วมกัน"
OBSOLETE_NOTE = "มาตรการเดิมที่เลิกใช้แล้ว"
LINK = "https://www.lampangpao.go.th/ita/o43-report.pdf"
DONE_TEXT = "จัดทำรายงานผลการดำเนินการและเผยแพร่บนเว็บไซต์ของหน่วยงานเมื่อวันที่ ๑๕ มีนาคม ๒๕๖๗"
RESULT_TEXT = "เผยแพร่ครบทุกรายการตามเป้าหมาย (๑ ฉบับ)"
PROBLEMS = "งบประมาณสำหรับจัดทำคู่มือได้รับจัดสรรล่าช้า"
NEXT_STEPS = "เร่งรัดมาตรการที่ล่าช้าให้แล้วเสร็จภายในรอบ ๑๒ เดือน"
AS_OF = date(2024, 3, 31)  # six months into the plan year 2567
SIGNED = date(2023, 11, 15)
GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"


def staffed_book(folder: Path) -> Path:
    book = folder / "ita_sample.xlsm"
    assert main(["new", str(book), "--sample"]) == 0
    T = L.PLAN
    n = len(analyze(sample_case()).plan)  # the generated rows

    def put(row: int, key: str, value: object) -> Write:
        return Write(T.sheet, T.cell(key, row), [[value]])

    ops = [
        put(0, "owner_override", OVERRIDE),
        put(0, "status", "เสร็จสิ้น"),
        put(0, "progress", 100),
        put(0, "evidence", f"รายงานผลการดำเนินการ {LINK}"),
        put(0, "notes", "ดำเนินการครบทุกขั้นตอนแล้ว"),
        put(0, "done", DONE_TEXT),
        put(0, "result", RESULT_TEXT),
        put(1, "done", "แต่งตั้งผู้รับผิดชอบแล้ว อยู่ระหว่างจัดทำแนวปฏิบัติ"),
        put(1, "status", "กำลังดำเนินการ"),
        put(1, "progress", 40),
        put(1, "evidence", "คำสั่งแต่งตั้งผู้รับผิดชอบ\nhttps://www.lampangpao.go.th/ita/order-12.pdf"),
        put(2, "status", "ล่าช้า"),
        put(2, "progress", 0.25),  # typed as 25 % in a percent-formatted cell
        put(2, "notes", "รอจัดสรรงบประมาณ"),
        # A row staff added by hand (no key) and an obsolete row (a key no measure has any more),
        # below the generated ones.
        put(n, "issue", 3), put(n, "topic", STAFF_TOPIC), put(n, "measures", STAFF_MEASURE),
        put(n, "owner", "กองยุทธศาสตร์และงบประมาณ"),
        put(n, "steps", "๑. รวบรวมคำถามที่พบบ่อย\n๒. จัดทำและเผยแพร่คู่มือ"),
        put(n, "period", "๑ มกราคม ๒๕๖๗ ถึง ๓๑ มีนาคม ๒๕๖๗"),
        put(n, "status", "ยังไม่เริ่ม"),
        put(n + 1, "key", "9:old"), put(n + 1, "issue", 9), put(n + 1, "topic", "มาตรการเดิม"),
        put(n + 1, "notes", OBSOLETE_NOTE), put(n + 1, "row_state", L.OBSOLETE),
    ]
    N = L.NOTES
    for i, (key, text) in enumerate((("problems", PROBLEMS), ("next_steps", NEXT_STEPS))):
        r = [k for k, _ in L.NOTE_KEYS].index(key)
        ops += [Write(N.sheet, N.cell("key", r), [[key]]), Write(N.sheet, N.cell("text", r), [[text]])]
    apply_ops(book, ops)
    return book


def unstaffed_book(folder: Path) -> Path:
    """The sample workbook as made: nothing typed in the plan's staff columns nor the texts."""
    book = folder / "ita_sample.xlsm"
    assert main(["new", str(book), "--sample"]) == 0
    return book


def write_goldens(out: Path) -> tuple[Path, Path]:
    """The sample's two documents from the staffed workbook: the report with a blank date line for
    signing, the progress report at six months, signed on ``SIGNED``."""
    import tempfile  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        (src,) = from_input(staffed_book(Path(tmp)))
        out.mkdir(parents=True, exist_ok=True)
        report = write_docx(build(src), out / "report_sample.docx")
        progress = write_progress_docx(build_progress(src, AS_OF, SIGNED), out / "progress_sample.docx")
    return report, progress


def book_failing_o5(tmp_path: Path) -> Path:
    """A new 2569 workbook whose OIT item O5 (its title unknown to the year's data) scored 0 and
    every other question 100, as staff would type the scores on the questions sheet."""
    import openpyxl  # noqa: PLC0415

    book = tmp_path / "b.xlsx"
    assert main(["new", str(book), "--year", "2569"]) == 0
    wb = openpyxl.load_workbook(book)
    for row in wb[L.SHEETS["questions"].name].iter_rows(min_row=4):
        if row[0].value:
            row[4].value = 0.0 if row[0].value == "O5" else 100.0
    wb.save(book)
    return book
