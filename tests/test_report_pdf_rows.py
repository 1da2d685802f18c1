"""A PDF never loses table rows of its DOCX (:mod:`ita_xl.report.pdfcheck`): LibreOffice 7.4 dropped
the rows of i26-i30 of the synthetic agency 6100010 (2566) from page 7 when the report's word-break
marks were in the DOCX it was laid out from; that PDF is now made again without them, through both
converters."""

from __future__ import annotations

import pytest

from support.synth import write_synthetic_csv
from ita_xl.report import build, from_input
from ita_xl.report.docx import write_docx
from ita_xl.report.pdf import Converter, soffice, to_pdf
from ita_xl.report.pdfcheck import NOTE, codes, lost_codes

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")


@pytest.fixture(scope="module")
def docx(tmp_path_factory):
    """The DOCX and its copy with the line-break marks, the PDF's input."""
    folder = tmp_path_factory.mktemp("rows")
    for source in from_input(write_synthetic_csv(folder / "s.csv", 10)):
        if source.case.org.id == "6100010":
            return write_docx(build(source), folder / "a10.docx", marked=folder / "marked" / "a10.docx"), \
                folder / "marked" / "a10.docx"
    raise AssertionError("no agency 6100010 in the synthetic file")


def test_the_one_off_pdf_shows_every_question_code_of_its_docx(docx, tmp_path):
    docx, marked = docx
    out = to_pdf(docx, tmp_path / "a10.pdf", marked=marked)
    assert out.ok and lost_codes(docx, out.path) == []
    assert {"i๒๖", "i๒๙", "i๓๐"} <= codes(__import__("subprocess").run(
        ["pdftotext", str(out.path), "-"], capture_output=True, text=True).stdout)
    assert out.message == NOTE  # said, since it was laid out again


def test_the_converter_kept_running_does_the_same(docx, tmp_path):
    docx, marked = docx
    with Converter() as conv:
        out = conv.convert(docx, tmp_path / "a10.pdf", marked=marked)
    assert out.ok and lost_codes(docx, out.path) == [] and out.message == NOTE
