"""Every line of both documents ends between two words, for the sample and for agencies of other
years and types, as LibreOffice lays them out; and the PDF's text is the document's text.

Slow (ten LibreOffice runs): the documents are rendered once per module."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from docx import Document

from ita_xl.report import build, build_progress, from_input
from ita_xl.report.docx import write_docx, write_progress_docx
from ita_xl.report.pdf import publish
from ita_xl.report.typeset import CHUNK, plain, proper_names, width

from support.linebreaks import Source, bad_line_ends, line_ends, split_words, url_breaks
from support.report_books import AS_OF, SIGNED, staffed_book
from support.report_cases import AGENCIES, as_of, write_case
from support.unsplit import NEVER_SPLIT

needs_pdf = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                               reason="LibreOffice or poppler-utils not installed")
KEYS = ["sample"] + [a.key for a in AGENCIES]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[Path, Path, Path]]:
    """Both documents of every agency as ``export`` writes them (publish: the DOCX, and the PDF from
    a temporary copy with the line-break marks), and that copy written again to check the PDF's
    lines against: {name: (docx, pdf, marked copy)}."""
    out = tmp_path_factory.mktemp("linebreaks")
    sources = {"sample": (from_input(staffed_book(out))[0], AS_OF)}
    for a in AGENCIES:
        sources[a.key] = (from_input(write_case(a, out / "cases"))[0], as_of(a))
    docs = {}
    for key, (src, when) in sources.items():
        for name, report, write in ((key, build(src), write_docx),
                                    (f"{key}-progress", build_progress(src, when, SIGNED), write_progress_docx)):
            docx = out / f"{name}.docx"
            outcome = publish(report, docx, docx.with_suffix(".pdf"))
            assert outcome.ok, outcome.message
            marked = out / "marked" / docx.name
            write(report, out / "again" / docx.name, marked=marked)
            docs[name] = (docx, docx.with_suffix(".pdf"), marked)
    return docs


@needs_pdf
@pytest.mark.parametrize("key", [k + s for k in KEYS for s in ("", "-progress")])
def test_every_line_ends_between_two_words(rendered, key):
    docx, pdf, marked = rendered[key]
    assert not re.search("[\u200b\u2060\ufeff]", "".join(Source(docx).paragraphs))  # staff's DOCX: the text as it is
    ends = line_ends(pdf)
    bad, unknown = bad_line_ends(pdf, marked)
    assert len(ends) > 50  # the check read the document's lines
    assert bad == [], "\n".join(map(str, bad))
    assert unknown == [], "\n".join(map(str, unknown))


@needs_pdf
@pytest.mark.parametrize("key", [k + s for k in KEYS for s in ("", "-progress")])
def test_no_line_ends_inside_a_word_whatever_the_marked_copy_says(rendered, key):
    """Judged without the marked copy (where a wrong unit, "องค์|การบริหาร", is a break allowed):
    words the readers found split and the office terms, the agency's proper name, web addresses."""
    docx, pdf, _ = rendered[key]
    from docx import Document

    agency = plain(Document(str(docx)).paragraphs[1].text)  # the line under the title
    names = [n for n in proper_names([agency]) if width(n) <= CHUNK]
    split = split_words(pdf, NEVER_SPLIT + names)
    assert split == [], "\n".join(f"{end} ({word})" for end, word in split)
    assert url_breaks(pdf) == [], "\n".join(map(str, url_breaks(pdf)))


@needs_pdf
@pytest.mark.parametrize("key", KEYS)
def test_the_pdf_text_has_no_marks_and_keeps_the_words(rendered, key):
    docx, pdf, _ = rendered[key]
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert not re.search("[\u200b\u2060\ufeff]", text)
    flat = re.sub(r"\s+", "", text)
    from docx import Document

    agency = plain(Document(str(docx)).paragraphs[1].text)  # the line under the title
    for word in ("ตัวชี้วัด", "ปีงบประมาณ", "ข้อเท็จจริง", re.sub(r"\s+", "", agency)):
        assert word in flat, word


@needs_pdf
@pytest.mark.parametrize("key", [k + s for k in KEYS for s in ("", "-progress")])
def test_a_reader_s_search_finds_the_words_as_often_as_the_docx_holds_them(rendered, key):
    """``pdftotext`` in its default mode (by the glyphs' places, as poppler's search in a viewer):
    LibreOffice draws a tone mark past the next letter, so "ตัวชี้วัด" read "ตัวชีว้ ัด" and was never
    found until each Thai run carried its text (report/pdftext.py)."""
    docx, pdf, _ = rendered[key]
    text, raw = (subprocess.run(["pdftotext", *mode, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
                 for mode in ((), ("-raw",)))
    source = "\n".join(Source(docx).paragraphs)
    # no space inside a number or an abbreviation where justification drew a gap ("๙๑ .๐๖", "พ .ศ.")
    assert re.findall(r"[0-9๐-๙] \.[0-9๐-๙]|[ก-ฮ] \.[ก-ฮ]\.", text) == []
    for word in ("ตัวชี้วัด", "ขั้นตอน", "ทั้งนี้"):  # table heads repeated on each page: more than in the DOCX
        assert text.count(word) == raw.count(word) >= source.count(word), (word, text.count(word), raw.count(word))
    from docx import Document

    # the agency's name in content order (``-raw``), also where a line breaks between its parts (the
    # lines joined), never cut where a justified line spread its gaps ("องค์การบริหาร ส่วนตำบล
    # หนองบัวทอง": 6 of 29 found before). The measures documents only: a progress report's table
    # row split over two pages puts the next page's cells inside the name (issue 21, rows).
    if not key.endswith("-progress"):
        name = plain(Document(str(docx)).paragraphs[1].text).strip()
        joined = raw.replace("\n", "")
        assert " " not in name and joined.count(name) == source.count(name) > 0, (name, joined.count(name))


def test_the_line_end_check_finds_a_break_inside_a_word(tmp_path):
    """The check itself: a line end between "ตัวชี้" and "วัด" is found against a DOCX that marks
    the word whole, and a break at a marked boundary passes."""
    from docx import Document

    from ita_xl.report.typeset import lay

    d = Document()
    d.add_paragraph(lay("ผลคะแนนในตัวชี้วัดการใช้อำนาจอยู่ที่ ๙๘.๙๐ คะแนน"))
    d.save(tmp_path / "one.docx")
    source = Source(tmp_path / "one.docx")
    assert source.ok("ผลคะแนนในตัวชี้", "วัดการใช้อำนาจ") is False
    assert source.ok("ผลคะแนนใน", "ตัวชี้วัดการใช้อำนาจ") is True
    assert source.ok("อยู่ที่ ๙๘.", "๙๐ คะแนน") is False
    assert source.ok("ไม่มีในเอกสาร", "เลย") is None


def _right_edges(docx: Path) -> dict[bool, float]:
    """The right edge of the text area in points, for portrait (False) and landscape (True) pages."""
    return {s.page_width > s.page_height: s.page_width.pt - s.right_margin.pt for s in Document(str(docx)).sections}


@needs_pdf
@pytest.mark.parametrize("key", [k + s for k in KEYS for s in ("", "-progress")])
def test_no_glyph_stands_beyond_the_right_margin(rendered, key):
    """LibreOffice 7.4 drew the vowel and tone mark of a justified line's last word ("มี", "ที่")
    far into the right margin, even off the page (the line's spare width went after its last base
    character, and the marks after that). Every glyph stays inside the text area."""
    docx, pdf, _ = rendered[key]
    edges = _right_edges(docx)
    out = []
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            edge = edges[page.width > page.height] + 1.0  # a point for rounding
            out += [(n, c["text"], round(c["x1"], 1), round(c["top"])) for c in page.chars if c["x1"] > edge]
    assert out == [], out[:10]


@needs_pdf
@pytest.mark.parametrize("key", [k + s for k in KEYS for s in ("", "-progress")])
def test_the_landscape_table_fills_its_pages_but_the_last(rendered, key):
    """The plan's (and the progress report's) landscape table: a tall row that cannot split would
    leave the page above it mostly empty. Every landscape page but the table's last is filled to
    60 % of its text area at least (its lowest glyph)."""
    docx, pdf, _ = rendered[key]
    land = next(s for s in Document(str(docx)).sections if s.page_width > s.page_height)
    top, bottom = land.top_margin.pt, land.bottom_margin.pt
    fills = []
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            if page.width > page.height:
                low = max((c["bottom"] for c in page.chars if c["top"] >= top - 1), default=top)
                fills.append((n, round((low - top) / (page.height - top - bottom), 2)))
    assert len(fills) > 1  # the table goes over pages
    assert [f for f in fills[:-1] if f[1] < 0.6] == [], fills


@needs_pdf
@pytest.mark.parametrize("key", [k + s for k in KEYS for s in ("", "-progress")])
def test_no_page_holds_only_the_last_line_or_two_of_a_row(rendered, key):
    """Readers found a page holding one word of a plan row ("ได้") and status cells split "ยังไม่ได้" |
    "ดำเนินการ": a row of a few lines is kept on one page (docx.ROW_KEEP_LINES), so every page but
    the last carries more than a few lines (the page number aside)."""
    _, pdf, _ = rendered[key]
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                                  text=True).stdout).group(1))
    for page in range(1, pages):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                              capture_output=True, text=True).stdout
        lines = [ln for ln in text.splitlines() if ln.strip() and not re.fullmatch(r"\s*-\s*\S+\s*-\s*", ln)]
        assert len(lines) > 4, f"page {page}: {lines}"
