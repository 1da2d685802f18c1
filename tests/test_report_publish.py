"""publish: the DOCX staff get holds the text as it is, and the PDF is laid out from a copy with the
line-break marks that lives only while it is converted (issue 21)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ita_xl.report import build, build_progress
from ita_xl.report.pdf import PdfOutcome, publish

MARKS = re.compile("[\u200b\u2060\ufeff\u00a0]")


def _text(docx: Path) -> str:
    with zipfile.ZipFile(docx) as z:
        return z.read("word/document.xml").decode("utf-8")


class _Converter:
    """Stands in for LibreOffice: records what it was given to lay out, while it exists."""

    def __init__(self):
        self.given: list[tuple[Path, Path, str]] = []

    def convert(self, docx_path, pdf_path, numerals="thai", *, marked=None):
        self.given.append((Path(docx_path), Path(marked), _text(marked)))
        Path(pdf_path).write_bytes(b"%PDF-1.4\n")
        return PdfOutcome(Path(pdf_path))


def test_the_pdf_is_laid_out_from_a_marked_copy_removed_after(sample_result, tmp_path):
    conv = _Converter()
    for name, report in (("r", build(sample_result)), ("p", build_progress(sample_result))):
        docx = tmp_path / f"{name}.docx"
        outcome = publish(report, docx, tmp_path / f"{name}.pdf", converter=conv)
        assert outcome.ok and outcome.path == tmp_path / f"{name}.pdf"
        given, marked, marked_text = conv.given[-1]
        assert given == docx and marked.parent != tmp_path
        assert "\ufeff" in marked_text and "\u200b" in marked_text  # the PDF's breaks
        assert not MARKS.search(_text(docx))  # staff's DOCX
        assert MARKS.sub("", marked_text.replace("\u00a0", " ")).count("ตัวชี้วัด") == _text(docx).count("ตัวชี้วัด")
        assert not marked.exists() and not marked.parent.exists()  # removed after
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.docx", "p.pdf", "r.docx", "r.pdf"]


def test_without_a_pdf_only_the_docx_is_written(sample_result, tmp_path):
    assert publish(build(sample_result), tmp_path / "r.docx") is None
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"] and not MARKS.search(_text(tmp_path / "r.docx"))
