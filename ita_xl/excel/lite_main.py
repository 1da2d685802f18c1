"""ITA workbook commands and functions for xlwings Lite (this is the workbook's main.py).

The work is done by the ita_xl package, whose pure-Python part is bundled in this file (below the
docstring: Lite cannot install ita-xl from PyPI); the rest only wires it to Lite. Scripts appear in the task pane (App Mode) and run from the sheet buttons; functions are
available in cells as =ITA_GAP(...), =ITA_LEVEL(...), ...

ฟังก์ชันและคำสั่งของสมุดงาน ITA สำหรับ xlwings Lite: งานจริงอยู่ในแพ็กเกจ ita_xl ที่บรรจุไว้ในไฟล์นี้
"""

import xlwings as xw
from xlwings import script

from ita_xl.xlsx.lite import button_ref
from ita_xl.report.sheet import ACTIONS, BY_SHEET
from ita_xl.workbook import actions as commands, layout
from ita_xl.excel import book as xwio
from ita_xl.workbook.reader import settings_year

# The functions in cells, written once in ita_xl/excel/udfs.py (bundled above): Lite registers every
# @func among main.py's names, imported ones too (xlwings.server.custom_functions_meta walks them).
from ita_xl.excel.udfs import (  # noqa: F401
    ita_gap,
    ita_gaps,
    ita_level,
    ita_status,
    ita_thai,
    ita_tool,
    ita_total,
    ita_weakest,
    ita_weakest_list,
)

# -- scripts: App Mode buttons and sheet buttons ------------------------------------------------
# What staff do: paste the ITAS result pages into the paste sheet, click import, fill (analysis,
# plan and both documents), plan, check, report and progress; then print the report sheet or
# export it as PDF (File > Export): Lite cannot write a DOCX where the user's files are.


@script(name="นำเข้าคะแนน (import scores)")
def import_scores(book: xw.Book, scores_text: str, year: int = 0):
    """วางข้อความผลคะแนนจาก ITAS แล้วกดนำเข้า / paste the ITAS result text and import it."""

    def command(snap):
        return commands.import_pasted(snap, scores_text, year or settings_year(snap))

    xwio.run(book, command)


@script(name="นำเข้าคะแนนจากแผ่นงานวางผล (import)", button=button_ref("paste"), show_taskpane=True)
def import_pasted_sheet(book: xw.Book):
    """นำเข้าข้อความผล ITAS ที่วางไว้ในแผ่นงาน วางผล ITAS / import the ITAS text pasted into the paste sheet."""
    xwio.run(book, ACTIONS["import"])


@script(name="วิเคราะห์และจัดทำแผน (fill)", button=button_ref("settings"), show_taskpane=True)
def fill(book: xw.Book):
    """คำนวณ วิเคราะห์รายประเด็น จัดทำแผน ตรวจสอบ และจัดทำรายงาน / analyse, plan, check and lay out the report."""
    xwio.run(book, ACTIONS["fill"])


@script(name="สร้าง/ปรับปรุงแผน (plan)", button=button_ref("plan"), show_taskpane=True)
def plan(book: xw.Book):
    """ปรับปรุงแผนปฏิบัติการ คงข้อมูลที่เจ้าหน้าที่กรอกไว้ / regenerate the plan, keeping staff columns."""
    xwio.run(book, ACTIONS["plan"])


@script(name="ตรวจสอบ (check)", button=button_ref("questions"), show_taskpane=True)
def check(book: xw.Book):
    """ตรวจสอบคะแนนและข้อความ / check scores and texts."""
    xwio.run(book, ACTIONS["check"])


@script(name="จัดทำรายงาน (report)", button=button_ref("report"), show_taskpane=True)
def report(book: xw.Book):
    """จัดทำรายงานในแผ่นงาน รายงาน แล้วพิมพ์หรือส่งออกเป็น PDF / lay out the report sheet, then print or export it as PDF."""
    xwio.run(book, ACTIONS["report"])


@script(name="รายงานผลการดำเนินการ (progress)", button=button_ref("progress_report"), show_taskpane=True)
def progress(book: xw.Book):
    """รายงานผลการดำเนินการตามมาตรการในแผ่นงาน รายงานผล / lay out the progress report sheet."""
    xwio.run(book, ACTIONS["progress"])


@script(name="ส่งออก (export)", button=button_ref("notes"), show_taskpane=True)
def export(book: xw.Book):
    """ส่งออกรายงาน (ใน Lite: บอกวิธีส่งออกเป็น PDF) / export the report (in Lite: how to export a PDF)."""
    xwio.run(book, ACTIONS["export"])


# One script per remaining working sheet: a Lite button runs one script.
def _sheet_script(key: str):
    command = BY_SHEET[layout.SHEETS[key].name]

    def run_sheet(book: xw.Book):
        xwio.run(book, command)

    run_sheet.__name__ = run_sheet.__qualname__ = f"sheet_{key}"
    spec = layout.SHEETS[key]
    return script(name=f"{spec.button} ({spec.name})", button=button_ref(key), show_taskpane=True)(run_sheet)


_OWN = ("settings", "paste", "plan", "questions", "notes", "report", "progress_report")
for _spec in layout.working_sheets():
    if _spec.key not in _OWN:
        globals()[f"sheet_{_spec.key}"] = _sheet_script(_spec.key)


