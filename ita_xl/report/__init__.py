"""The publishable report: the analysis and action plan as DOCX and PDF in Thai official style.

Both documents are made from one :class:`Source` (the analysis and the plan as staff left it):
``build`` gives the measures report, ``build_progress`` the report on carrying them out (all text
formatted once); ``write_docx`` / ``write_progress_docx`` lay them out; ``to_pdf`` converts with
LibreOffice."""

from __future__ import annotations

from ita_xl.report.model import Report, build, years_in
from ita_xl.report.progress import ProgressReport, build_progress
from ita_xl.report.source import PlanEntry, Source, from_input, from_result, from_snapshot

__all__ = ["Report", "build", "years_in", "write_docx", "to_pdf", "ProgressReport", "build_progress",
           "write_progress_docx", "PlanEntry", "Source", "from_input", "from_result", "from_snapshot"]


def write_docx(report, path, chart_png=None):
    from ita_xl.report.docx import write_docx as _write  # noqa: PLC0415 (python-docx is optional)

    return _write(report, path, chart_png)


def to_pdf(docx_path, pdf_path, timeout: float = 180, numerals: str = "thai"):
    from ita_xl.report.pdf import to_pdf as _to_pdf  # noqa: PLC0415

    return _to_pdf(docx_path, pdf_path, timeout, numerals)


def write_progress_docx(report, path):
    from ita_xl.report.docx import write_progress_docx as _write  # noqa: PLC0415

    return _write(report, path)
