"""The export button's files: :class:`~ita_xl.workbook.ops.ExportReport` fulfilled by a front end.

The workbook's commands are pure (a snapshot in, ops out), so the export button's command asks for
the report with an op; the front ends that have the user's file system (the desktop's xlwings
adapter :mod:`ita_xl.excel.book`, and the file adapter when a caller passes ``fulfil``) call
:func:`fulfil`, which writes the DOCX (and the PDF where LibreOffice is installed) beside the saved
workbook from the same :class:`~.source.Source` as ``ita-xl export``, and says what it wrote.
"""

from __future__ import annotations

from pathlib import Path

from ita_xl.extras import pip_line
from ita_xl.report import build, build_progress, publish
from ita_xl.report.source import from_snapshot
from ita_xl.workbook.ops import ExportReport, Notice, Snapshot


def report_path(snap: Snapshot, op: ExportReport) -> Path:
    """Where the report of the workbook at ``snap.path`` goes: beside it, named after it.

    >>> report_path(Snapshot("/tmp/ita_lampang.xlsm"), ExportReport(progress=True)).name
    'ita_lampang-progress.docx'
    """
    book = Path(snap.path)
    return book.with_name(f"{book.stem}-{'progress' if op.progress else 'report'}.docx")


def fulfil(snap: Snapshot, op: ExportReport) -> list[Notice]:
    """Write the report ``op`` asks for beside the workbook; the notice says what was written, and
    lists the checks' errors and the report's warnings."""
    src = from_snapshot(snap)
    report = build_progress(src) if op.progress else build(src)
    docx = report_path(snap, op)
    try:
        pdf = publish(report, docx, docx.with_suffix(".pdf"))  # the PDF from a copy with the line-break marks
    except ImportError as exc:  # python-docx or matplotlib missing from this install
        return [Notice("warning", f"ต้องติดตั้งแพ็กเกจที่รายงานใช้: {pip_line(exc.name)}",
                       f"the report needs a package: {pip_line(exc.name)} ({exc.name} missing)")]
    errors = [f"{f.where}: {f.message_th}" for f in src.result.findings if f.severity == "error"]
    notes = "".join(f"\n- {w}" for w in report.warnings)
    if errors:
        notes += f"\nข้อผิดพลาด {len(errors)} รายการ / {len(errors)} errors:" + "".join(f"\n- {e}" for e in errors)
    if pdf.ok and pdf.message:  # made, with a note (laid out again without the word-break marks)
        notes = f"\n- {pdf.message}" + notes
    level = "warning" if errors or not pdf.ok else "info"
    if pdf.ok:
        return [Notice(level, f"เขียนรายงาน {docx.name} และ {pdf.path.name} แล้ว{notes}",
                       f"wrote {docx.name} and {pdf.path.name}{notes}")]
    return [Notice("warning", f"เขียนรายงาน {docx.name} แล้ว แต่ยังไม่มี PDF{notes}",
                   f"wrote {docx.name}; {pdf.message}{notes}")]
