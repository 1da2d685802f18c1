"""The publishable report: the analysis and action plan as DOCX and PDF in Thai official style.

Both documents are made from one :class:`Source` (the analysis and the plan as staff left it):
``build`` gives the measures report, ``build_progress`` the report on carrying them out (all text
formatted once); ``write_docx`` / ``write_progress_docx`` lay them out; ``to_pdf`` converts with
LibreOffice."""

from __future__ import annotations

from ita_xl.report.model import Report, build, years_in
from ita_xl.report.progress import ProgressReport, build_progress
from ita_xl.report.source import PlanEntry, Source, from_result, from_snapshot

__all__ = ["Report", "build", "years_in", "write_docx", "to_pdf", "ProgressReport", "build_progress",
           "write_progress_docx", "publish", "PlanEntry", "Source", "from_input", "from_result", "from_snapshot"]


# The writers and the file reader load when called: python-docx, matplotlib and LibreOffice's
# runner are slow to import and the xlwings Lite bundle does without them (the report sheet there
# needs only the model), nor has it the file format's readers.


def from_input(path, year: int | None = None, numerals: str | None = None, sheet: str | None = None, **kw):
    """The sources of every agency of an input path (:func:`ita_xl.report.inputs.from_input`)."""
    from ita_xl.report.inputs import from_input as _from_input  # noqa: PLC0415 - not in the Lite bundle

    return _from_input(path, year, numerals, sheet, **kw)


def write_docx(report, path, chart_png=None, **kw):
    from ita_xl.report.docx import write_docx as _write  # noqa: PLC0415 - python-docx: start-up, not in Lite

    return _write(report, path, chart_png, **kw)


def to_pdf(docx_path, pdf_path, timeout: float = 180, numerals: str = "thai", **kw):
    from ita_xl.report.pdf import to_pdf as _to_pdf  # noqa: PLC0415 - desktop only, not in the Lite bundle

    return _to_pdf(docx_path, pdf_path, timeout, numerals, **kw)


def write_progress_docx(report, path, **kw):
    from ita_xl.report.docx import write_progress_docx as _write  # noqa: PLC0415 - as write_docx

    return _write(report, path, **kw)


def publish(report, docx_path, pdf_path=None, **kw):
    """The user's plain DOCX and its PDF laid out from a marked copy (:func:`ita_xl.report.pdf.publish`)."""
    from ita_xl.report.pdf import publish as _publish  # noqa: PLC0415 - as to_pdf

    return _publish(report, docx_path, pdf_path, **kw)
