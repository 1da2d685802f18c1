"""The DOCX's web links made live in its PDF.

LibreOffice 7.4 as packaged here writes no link annotations into the PDF at all, whatever the
source (a ``w:hyperlink``, a ``HYPERLINK`` field, an ODT or an HTML link) and whatever
``writer_pdf_Export`` options it is given: the link text is there, blue and underlined, but not
clickable. So after the conversion each external link of the DOCX (its text and its target, in
document order) is looked up in the PDF's text, and a ``/Link`` annotation with a ``/URI`` action is
put over it: one rectangle for each line the text takes. A link whose text is not found (it should
not happen) is left as text. A PDF that already has a link over the text (a LibreOffice that does
write them) is left as it is.

Used by both ways to the PDF (:func:`ita_xl.report.pdf.to_pdf` and
:class:`ita_xl.report.pdf.Converter`), on the temporary file before it takes the PDF's name.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree  # the DOCX read is the one ita_xl has just written

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# spaces, soft hyphens, the typesetting marks; Thai vowels and marks above and below, า and ำ (see _compared)
_SKIP = re.compile(r"[\s\u00ad\u200b\u200c\u200d\u2060\ufeff\u0e31-\u0e3a\u0e47-\u0e4e]")
_WEB = re.compile(r"(?i)(https?|mailto|ftp):")


@dataclass(frozen=True)
class Link:
    text: str  # as shown
    url: str


def docx_links(docx_path: str | Path) -> list[Link]:
    """The external links of the DOCX's body, in document order (its text and target).

    >>> import tempfile
    >>> from docx import Document
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = Path(d) / "a.docx"
    ...     Document().save(path)
    ...     docx_links(path)
    []
    """
    with zipfile.ZipFile(docx_path) as z:
        names = set(z.namelist())
        if "word/_rels/document.xml.rels" not in names:
            return []
        rels = ElementTree.fromstring(z.read("word/_rels/document.xml.rels"))
        body = ElementTree.fromstring(z.read("word/document.xml"))
    targets = {
        r.get("Id"): r.get("Target") for r in rels.iter(f"{REL}Relationship")
        if r.get("TargetMode") == "External" and _WEB.match(r.get("Target") or "")
    }
    out = []
    for h in body.iter(f"{W}hyperlink"):
        url = targets.get(h.get(f"{R}id"))
        text = "".join(t.text or "" for t in h.iter(f"{W}t"))
        if url and _compared(text):
            out.append(Link(text, url))
    return out


def add_links(pdf_path: str | Path, links: list[Link]) -> int:
    """Put a ``/Link`` with a ``/URI`` action over each link's text in the PDF (rewritten in place);
    how many links were placed. Each link is looked for after the one before it (document order),
    so the same text with two targets gets each its own."""
    if not links:
        return 0
    # Here, not at the top: only a document with links needs them (start-up time of every command).
    import pdfplumber  # noqa: PLC0415
    from pypdf import PdfWriter  # noqa: PLC0415
    from pypdf.annotations import Link as LinkAnnotation  # noqa: PLC0415

    pdf_path = Path(pdf_path)
    data = pdf_path.read_bytes()
    pages = []  # per page: its chars, the text compared, the char of each of its positions, its links
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            chars, text, where = page.chars, [], []
            for k, ch in enumerate(chars):
                kept = _compared(ch["text"])
                text.append(kept)
                where += [k] * len(kept)
            pages.append((chars, "".join(text), where, page.hyperlinks))
    placed: list[tuple[int, list[tuple[float, float, float, float]], str]] = []
    at = (0, 0)
    for link in links:
        needle = _compared(link.text)
        found = _find(pages, needle, at) or _find(pages, needle, (0, 0))
        if found is None:
            continue
        page_no, start = found
        at = (page_no, start + len(needle))
        chars, _, where, hyperlinks = pages[page_no]
        first, last = where[start], where[start + len(needle) - 1]
        while last + 1 < len(chars) and chars[last + 1]["text"].strip() and not _compared(chars[last + 1]["text"]):
            last += 1  # a mark or vowel that ends the text (not compared) is still under the link
        shown = [c for c in chars[first:last + 1] if c["text"].strip()]
        if any(_covered(shown[0], h) for h in hyperlinks if h.get("uri") == link.url):
            continue  # LibreOffice made this one
        placed.append((page_no, _line_rects(shown), link.url))
    if not placed:
        return 0
    writer = PdfWriter(clone_from=io.BytesIO(data))
    for page_no, rects, url in placed:
        box = writer.pages[page_no].mediabox
        for x0, y0, x1, y1 in rects:
            writer.add_annotation(page_no, LinkAnnotation(
                rect=(box.left + x0, box.bottom + y0, box.left + x1, box.bottom + y1), url=url,
                border=[0, 0, 0],  # no frame drawn: the text is blue and underlined already
            ))
    out = io.BytesIO()
    writer.write(out)
    pdf_path.write_bytes(out.getvalue())
    return len(placed)


def carry_links(docx_path: str | Path, pdf_path: str | Path) -> int:
    """The DOCX's links made live in its PDF (see :func:`add_links`)."""
    return add_links(pdf_path, docx_links(docx_path))


def _compared(text: str) -> str:
    """What of a text is compared between the DOCX and the PDF: not spaces nor the typesetting marks,
    and of Thai the consonants, the leading vowels and the digits only, because pdfminer reads the
    PDF's Thai marks in another order or as other marks ("ดำาเนิน" for ดำเนิน, "ผููรับ" for ผู้รับ).

    >>> _compared("ผู้รับ ดำเนิน\u200b") == _compared("ผููรับดำาเนิน")
    True
    """
    return _SKIP.sub("", text)


def _find(pages, needle: str, at: tuple[int, int]) -> tuple[int, int] | None:
    page_no, start = at
    for k in range(page_no, len(pages)):
        pos = pages[k][1].find(needle, start if k == page_no else 0)
        if pos >= 0:
            return k, pos
    return None


def _line_rects(chars) -> list[tuple[float, float, float, float]]:
    """One rectangle (PDF coordinates from the page's lower left) for each line the chars take."""
    lines: list[list] = []
    for ch in chars:
        last = lines[-1][-1] if lines else None
        same_line = last is not None and abs(ch["top"] - last["top"]) < 0.5 * (last["bottom"] - last["top"]) \
            and ch["x0"] >= last["x0"] - 0.5
        if same_line:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return [(min(c["x0"] for c in line), min(c["y0"] for c in line),
             max(c["x1"] for c in line), max(c["y1"] for c in line)) for line in lines]


def _covered(ch, hyperlink) -> bool:
    """Does a link already in the PDF lie over this char (both in pdfplumber's top-down space)?"""
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return hyperlink["x0"] <= cx <= hyperlink["x1"] and hyperlink["top"] <= cy <= hyperlink["bottom"]
