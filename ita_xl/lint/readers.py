"""Readers at the edge: a DOCX, a PDF's text layer or a text export, to a :class:`Document`.

- ``.docx``: python-docx's public API — body paragraphs and real tables in document order
  (``Document.iter_inner_content``), a table's grid through ``_Row.cells`` and
  ``grid_cols_before`` (a horizontally merged cell is given once, its other grid columns empty; a
  vertically merged one repeats its text, which the extraction reads as one cell). Page numbers
  where Word saved its rendered page breaks.
- ``.pdf``: the text layer — words from poppler's ``pdftotext -bbox`` (right Thai), tables from
  pdfplumber's ruling-line finder (one cell per cell however its Thai text wraps); see
  ``pdftext.py``. A PDF without a text layer (a scan) is refused: run OCR first.
- ``.txt``: a document pasted as text — a line is a paragraph, a run of lines holding tabs a
  table (tab-separated cells), HTML left over from a web page stripped.

Every problem is an :class:`~ita_xl.errors.InputError` naming the file (exit 2, no traceback).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

from ita_xl.errors import InputError
from ita_xl.io.archive import check_zip
from ita_xl.lint.document import Document, Loc, Paragraph, Table
from ita_xl.lint.pdftext import pdf_blocks

MAX_BYTES = 64 * 1024 * 1024  # an analysis document is a few MB at most

_BREAK = re.compile(r"</p>\s*<p\b[^>]*>|<br\s*/?>|</li>\s*<li\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,400}>")


# Zero-width characters a document carries from a web page or from print typesetting (ita-xl's own
# report joins a unit's words with U+2060): zero width space, word joiner, zero width no-break space
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")


def clean_cell(text: str) -> str:
    """Text of a cell or line, HTML left over from a web page removed.

    >>> clean_cell('<p>๑. จัดทำ</p> <p>๒. แจ้งเวียน</p>')
    '๑. จัดทำ\\n๒. แจ้งเวียน'
    >>> clean_cell('  a&amp;b\\u200b '), clean_cell('๘\\u2060๘.\\ufeff๒๘')
    ('a&b', '๘๘.๒๘')
    """
    text = _BREAK.sub("\n", text)
    text = _TAG.sub("", text)
    text = _INVISIBLE.sub("", html.unescape(text)).replace("\xa0", " ")
    return "\n".join(" ".join(part.split()) for part in text.split("\n")).strip()


class _TabLines:
    """Consecutive lines holding tabs, gathered into one table of the document (as ``parse_text`` does)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.rows: list[list[str]] = []
        self.locs: list[Loc] = []

    def add(self, cells: list[str], loc: Loc) -> None:
        self.rows.append(cells)
        self.locs.append(loc)

    def close(self) -> None:
        if self.rows:
            no = len(self.doc.tables) + 1
            locs = [replace(loc, table=no, row=i + 1) for i, loc in enumerate(self.locs)]
            self.doc.blocks.append(Table(no, list(self.rows), locs))
            self.rows.clear()
            self.locs.clear()


def parse_text(text: str, name: str) -> Document:
    """A text export: lines are paragraphs; consecutive lines with tabs are a table's rows.

    >>> d = parse_text("หัวเรื่อง\\n\\nก\\tข\\n๑\\t๒\\nจบ", "x.txt")
    >>> [type(b).__name__ for b in d.blocks], d.tables[0].rows, d.tables[0].locs[1].label()
    (['Paragraph', 'Table', 'Paragraph'], [['ก', 'ข'], ['๑', '๒']], 'table 1, row 2 (line 4)')
    """
    doc = Document(name, "txt")
    lines = _TabLines(doc)
    for no, line in enumerate(text.splitlines(), start=1):
        if "\t" in line and line.strip():
            lines.add([clean_cell(c) for c in line.split("\t")], Loc(line=no))
            continue
        lines.close()
        clean = clean_cell(line)
        if clean:
            doc.blocks.append(Paragraph(clean, Loc(line=no)))
    lines.close()
    return doc


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(str(path), "ไม่พบไฟล์", "file not found")
    if path.is_dir():
        raise InputError(str(path), "เป็นโฟลเดอร์ ไม่ใช่ไฟล์เอกสาร", "a folder, not a document")
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "ไฟล์ว่างเปล่า", "the file is empty")
    if size > MAX_BYTES:
        raise InputError(str(path), "ไฟล์ใหญ่เกินกว่าจะเป็นเอกสารวิเคราะห์ผล", f"file too large ({size} bytes)")


def read_txt(path: Path) -> Document:
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise InputError(str(path), "ไฟล์นี้ไม่ใช่ไฟล์ข้อความ", "not a text file (binary content)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp874", errors="replace")  # Thai Windows
    return parse_text(text, path.name)


def read_docx(path: Path) -> Document:
    try:
        import docx  # noqa: PLC0415
        from docx.text.paragraph import Paragraph as DocxParagraph  # noqa: PLC0415
    except ImportError:
        raise InputError(
            str(path), "ต้องติดตั้ง python-docx เพื่ออ่านไฟล์ .docx: pip install python-docx",
            "reading .docx needs python-docx: pip install python-docx",
        ) from None
    check_zip(path, ".docx")  # before python-docx inflates any part
    try:
        d = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - zip, XML and python-docx errors alike
        raise InputError(str(path), "ไฟล์ Word เสียหายหรือไม่ใช่ .docx", f"corrupt or not a .docx file ({exc})") from None
    doc = Document(path.name, "docx")
    page = 1
    has_pages = _has_rendered_breaks(d)
    para = 0
    lines = _TabLines(doc)
    for block in d.iter_inner_content():
        if isinstance(block, DocxParagraph):
            page += len(block.rendered_page_breaks) if has_pages else 0
            if "\t" in block.text and block.text.strip():
                # a table pasted as text (LibreOffice saves a text file's tab lines so): read as the text reader does
                para += 1
                lines.add([clean_cell(c) for c in block.text.split("\t")], Loc(page=page if has_pages else None, para=para))
                continue
            lines.close()
            text = clean_cell(block.text)
            if text:
                para += 1
                doc.blocks.append(Paragraph(text, Loc(page=page if has_pages else None, para=para)))
            continue
        lines.close()
        no = len(doc.tables) + 1
        rows, locs = [], []
        for r, row in enumerate(block.rows, start=1):
            cells: list[str] = [""] * row.grid_cols_before
            prev = None
            for cell in row.cells:
                # a horizontally merged cell comes once per grid column: keep its text once
                cells.append("" if cell is prev else clean_cell(cell.text))
                prev = cell
                if has_pages:
                    page += sum(len(p.rendered_page_breaks) for p in cell.paragraphs)
            rows.append(cells)
            locs.append(Loc(page=page if has_pages else None, table=no, row=r))
        doc.blocks.append(Table(no, rows, locs))
    lines.close()
    return doc


def _has_rendered_breaks(d) -> bool:
    return any(p.rendered_page_breaks for p in d.paragraphs[:400])


def read_pdf(path: Path) -> Document:
    try:
        import pdfplumber  # noqa: PLC0415
    except ImportError:
        raise InputError(
            str(path), "ต้องติดตั้ง pdfplumber เพื่ออ่านไฟล์ PDF: pip install pdfplumber",
            "reading a PDF needs pdfplumber: pip install pdfplumber",
        ) from None
    try:
        with pdfplumber.open(str(path)) as pdf:
            doc = pdf_blocks(pdf, path.name, path)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for a damaged file
        raise InputError(str(path), "ไฟล์ PDF เสียหาย อ่านไม่ได้", f"corrupt or unreadable PDF ({exc})") from None
    if not any(b.text.strip() for b in doc.paragraphs) and not doc.tables:
        raise InputError(
            str(path), "PDF นี้ไม่มีชั้นข้อความ (เป็นภาพสแกน) โปรดทำ OCR หรือใช้ไฟล์ Word ต้นฉบับ",
            "this PDF has no text layer (a scan): run OCR first or lint the Word original",
        )
    return doc


READERS = {".txt": read_txt, ".text": read_txt, ".docx": read_docx, ".pdf": read_pdf}


def read_document(path: str | Path) -> Document:
    """The document at ``path``, by its extension: ``.docx``, ``.pdf`` or ``.txt``."""
    path = Path(path)
    _check_file(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        hint = " (save it as .docx in Word)" if path.suffix.lower() == ".doc" else ""
        raise InputError(
            str(path), f"ไม่รู้จักชนิดไฟล์ {path.suffix} (ใช้ .docx .pdf หรือ .txt)",
            f"unsupported document type {path.suffix!r}: use .docx, .pdf or .txt{hint}",
        )
    try:
        return reader(path)
    except PermissionError:
        raise InputError(str(path), "ไม่มีสิทธิ์อ่านไฟล์", "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), f"อ่านไฟล์ไม่ได้: {exc.strerror or exc}", f"cannot read the file: {exc}") from None
