"""The evidence links of the progress report are live in its PDF, as in its DOCX: a ``/Link`` with
the link's ``/URI`` over each line of the link's text, by both ways to the PDF (one LibreOffice for
one document, and the one kept running that ``regenerate --reports`` and ``export`` of many use)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ita_xl.cli import main
from ita_xl.report.pdf import Converter, to_pdf, uno_python
from ita_xl.report.pdflinks import Link, add_links, docx_links
from support.report_books import AS_OF, LINK, staffed_book

pdfplumber = pytest.importorskip("pdfplumber")

HAS_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice not installed")
needs_uno = pytest.mark.skipif(not HAS_SOFFICE or uno_python() is None,
                               reason="no Python with LibreOffice's uno (Debian: python3-uno)")
ORDER = "https://www.lampangpao.go.th/ita/order-12.pdf"  # the second row's evidence (support.report_books)


@pytest.fixture(scope="module")
def progress_docx(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("links")
    book = staffed_book(folder)
    out = folder / "progress.docx"
    assert main(["export", str(book), "--progress", "--as-of", AS_OF.isoformat(), "--docx", str(out),
                 "--no-pdf"]) == 1  # written; the sample's errors make it exit 1
    return out


def link_text_boxes(pdf: Path, url: str) -> list[tuple[int, tuple[float, float, float, float]]]:
    """Where the PDF shows ``url`` as text: (page, box of each line it takes), found from its chars."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for k, page in enumerate(doc.pages):
            chars = [c for c in page.chars if c["text"].strip()]
            text = "".join(c["text"] for c in chars)
            pos = text.find(url)
            while pos >= 0:
                lines: dict[int, list] = {}
                for c in chars[pos:pos + len(url)]:
                    lines.setdefault(round(c["top"]), []).append(c)
                for line in lines.values():
                    out.append((k, (min(c["x0"] for c in line), min(c["top"] for c in line),
                                    max(c["x1"] for c in line), max(c["bottom"] for c in line))))
                pos = text.find(url, pos + 1)
    return out


def links_of(pdf: Path) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    with pdfplumber.open(pdf) as doc:
        return [(k, a["uri"], (a["x0"], a["top"], a["x1"], a["bottom"]))
                for k, page in enumerate(doc.pages) for a in page.hyperlinks]


def assert_live(pdf: Path, url: str) -> None:
    boxes = link_text_boxes(pdf, url)
    assert boxes, f"{url} is not in the PDF's text"
    links = links_of(pdf)
    for page, (x0, top, x1, bottom) in boxes:
        over = [box for k, uri, box in links if k == page and uri == url]
        assert any(b[0] <= x0 + 0.5 and b[1] <= top + 0.5 and x1 - 0.5 <= b[2] and bottom - 0.5 <= b[3]
                   for b in over), f"no /Link to {url} over its text on page {page + 1}: {links}"


def test_the_docx_links_are_read_in_document_order(progress_docx):
    # each twice: in the status table and in the measure's own part (issue 21)
    assert docx_links(progress_docx) == [Link(LINK, LINK), Link(ORDER, ORDER)] * 2


@needs_soffice
def test_the_progress_pdf_has_its_evidence_links(progress_docx, tmp_path):
    pdf = tmp_path / "progress.pdf"
    book = staffed_book(tmp_path)
    assert main(["export", str(book), "--progress", "--as-of", AS_OF.isoformat(),
                 "--docx", str(tmp_path / "progress.docx"), "--pdf", str(pdf)]) == 1
    assert_live(pdf, LINK)
    assert_live(pdf, ORDER)


@needs_uno
def test_the_converter_kept_running_carries_the_links_too(progress_docx, tmp_path):
    """The converter of ``regenerate --reports`` and of ``export`` of many agencies."""
    pdf = tmp_path / "kept.pdf"
    with Converter() as conv:
        assert conv.kept_running
        assert conv.convert(progress_docx, pdf).ok
    assert_live(pdf, LINK)
    assert_live(pdf, ORDER)


@needs_soffice
def test_a_link_already_there_is_not_doubled_and_a_missing_text_is_left(progress_docx, tmp_path):
    pdf = tmp_path / "progress.pdf"
    with Converter() as conv:
        assert conv.convert(progress_docx, pdf).ok
    before = links_of(pdf)
    assert add_links(pdf, [Link(LINK, LINK), Link("not in the document", "https://example.org/")]) == 0
    assert links_of(pdf) == before


def thai_links_docx(path: Path) -> list[Link]:
    """A DOCX whose link texts are Thai (marks pdfminer reads out of order) and twice the same text
    with two targets."""
    links = [Link("หลักฐานการดำเนินงานลำดับที่ ๑ ผู้รับผิดชอบ", "https://example.org/a"),
             Link("หลักฐาน", "https://example.org/b"), Link("หลักฐาน", "https://example.org/c")]
    doc = Document()
    for link in links:
        p = doc.add_paragraph("ดูที่ ")
        h = OxmlElement("w:hyperlink")
        h.set(qn("r:id"), doc.part.relate_to(link.url, RT.HYPERLINK, is_external=True))
        r, t = OxmlElement("w:r"), OxmlElement("w:t")
        t.text = link.text
        r.append(t)
        h.append(r)
        p._p.append(h)
    doc.save(path)
    return links


@needs_soffice
def test_thai_link_texts_and_one_text_with_two_targets(tmp_path):
    links = thai_links_docx(tmp_path / "thai.docx")
    assert docx_links(tmp_path / "thai.docx") == links
    assert to_pdf(tmp_path / "thai.docx", tmp_path / "thai.pdf").ok
    found = links_of(tmp_path / "thai.pdf")
    assert [uri for _, uri, _ in found] == [link.url for link in links]  # each its own, in order
    with pdfplumber.open(tmp_path / "thai.pdf") as doc:
        chars = doc.pages[0].chars
    for (_, _, (x0, top, x1, bottom)), link in zip(found, links):
        under = "".join(c["text"] for c in chars
                        if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom)
        assert consonants(under) == consonants(link.text)  # the link lies over its text, and only that


def consonants(text: str) -> str:
    """Thai consonants and digits: what pdfminer reads in the right order whatever it does with the marks."""
    return re.sub(r"[^\u0e01-\u0e2e\u0e50-\u0e59]", "", text)
