"""The publishable report: the analysis and action plan as DOCX and PDF in Thai official style.

``build`` turns a Result into a Report (all text formatted once); ``write_docx`` lays it out;
``to_pdf`` converts the DOCX with LibreOffice."""

from __future__ import annotations

from .model import Report, build, years_in

__all__ = ["Report", "build", "years_in", "write_docx", "to_pdf"]


def write_docx(report, path, chart_png=None):
    from .docx import write_docx as _write  # noqa: PLC0415 (python-docx is optional)

    return _write(report, path, chart_png)


def to_pdf(docx_path, pdf_path, timeout: float = 180):
    from .pdf import to_pdf as _to_pdf  # noqa: PLC0415

    return _to_pdf(docx_path, pdf_path, timeout)
