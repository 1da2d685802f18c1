"""A PDF's text layer as paragraphs and tables.

Two tools, each for what it does well. The words, with their boxes, come from poppler's
``pdftotext -bbox``: it follows the PDF's ``/ActualText``, so Thai comes out in logical order with
its vowels and tone marks where they belong (pdfminer, under pdfplumber, reads the glyphs one by
one and gives ``ลำาดับ`` for ``ลำดับ``, ``ส่อื`` for ``สื่อ``). The tables come from pdfplumber's
ruling-line finder: each cell's box, so a cell whose Thai text wraps over five lines is still one
cell (``pdftotext -layout`` prints it as five rows of columns). Without poppler, pdfplumber's own
words are used and the commonest Thai artefacts repaired.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ita_xl.lint.document import Document, Loc, Paragraph, Table
from ita_xl.lint.patterns import parse_period
from ita_xl.lint.tables import table_kind

_MARK = re.compile(r"^[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_THAI = re.compile(r"[\u0e01-\u0e5b]")


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def poppler_words(path: Path, timeout: float = 120) -> list[list[Word]] | None:
    """Words per page from ``pdftotext -bbox``; ``None`` when poppler is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    proc = subprocess.run([exe, "-bbox", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=timeout)
    if proc.returncode != 0:
        return None
    pages: list[list[Word]] = []
    text = proc.stdout.decode("utf-8", errors="replace")
    text = re.sub(r"<!DOCTYPE[^>]*>", "", text)
    root = ET.fromstring(text)
    for page in root.iter():
        if not page.tag.endswith("page"):
            continue
        words = []
        for w in page:
            if w.tag.endswith("word") and (w.text or "").strip():
                words.append(Word(w.text, float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax"))))
        pages.append(words)
    return pages


def _fix_pdfminer(text: str) -> str:
    """Repair pdfminer's Thai: sara am split in two, a tone mark read before its vowel."""
    text = text.replace("ำา", "ำ")
    return re.sub(r"([\u0e48-\u0e4b])([\u0e31\u0e34-\u0e37\u0e47])", r"\2\1", text)


def _plumber_words(page) -> list[Word]:
    return [
        Word(_fix_pdfminer(w["text"]), w["x0"], w["top"], w["x1"], w["bottom"])
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=True)
    ]


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines (by vertical overlap), each sorted left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (round(w.top), w.x0)):
        for line in lines:
            ref = line[0]
            overlap = min(ref.bottom, w.bottom) - max(ref.top, w.top)
            if overlap > 0.5 * min(ref.bottom - ref.top, w.bottom - w.top):
                line.append(w)
                break
        else:
            lines.append([w])
    for k, line in enumerate(lines):
        line.sort(key=lambda w: w.x0)
        lines[k] = _place_marks(line)
    lines.sort(key=lambda line: min(w.top for w in line))
    return lines


_MARKS_ONLY = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+")


def _place_marks(line: list[Word]) -> list[Word]:
    """A Thai mark poppler gives as a word of its own goes after the word it sits on: the one whose
    end is nearest (a tone mark drawn over the end of "ชี" starts inside the next word "ว", and
    sorted by its left edge would be read "ชีว้ัด" for "ชี้วัด", "โพธิจ์ันทร์" for "โพธิ์จันทร์").

    >>> w = [Word("ชี", 337.9, 0, 347.6, 20), Word("ว", 347.6, 0, 355.7, 20), Word("้", 348.3, 0, 348.3, 20), Word("ัด", 356.3, 0, 365.7, 20)]
    >>> "".join(x.text for x in _place_marks(w))
    'ชี้วัด'
    >>> w = [Word("โพธิ", 100, 0, 130, 20), Word("จ", 130, 0, 138, 20), Word("์", 130.6, 0, 130.6, 20), Word("ันทร์", 138.2, 0, 160, 20)]
    >>> "".join(x.text for x in _place_marks(w))
    'โพธิ์จันทร์'
    """
    marks = [w for w in line if _MARKS_ONLY.fullmatch(w.text)]
    if not marks:
        return line
    out = [w for w in line if not _MARKS_ONLY.fullmatch(w.text)]
    for m in marks:
        if not out:
            out.append(m)
            continue
        k = min(range(len(out)), key=lambda i: abs(out[i].x1 - m.x0))
        out.insert(k + 1, m)
    return out


_DIGIT = "0123456789๐๑๒๓๔๕๖๗๘๙"


def _number_split(left: str, right: str) -> bool:
    """``left`` and ``right`` are two pieces of one decimal number ("๙๗" ".๒๐", "๙๗." "๒๐").

    >>> _number_split("๙๗", ".๒๐"), _number_split("97.", "20"), _number_split("97", "20"), _number_split("ข้อ", ".๒")
    (True, True, False, False)
    """
    if not left or not right:
        return False
    if left[-1] in _DIGIT and right[0] == "." and right[1:2] and right[1] in _DIGIT:
        return True
    return left[-1] == "." and left[-2:-1] != "" and left[-2] in _DIGIT and right[0] in _DIGIT


def _join_line(line: list[Word]) -> str:
    out = ""
    prev: Word | None = None
    for w in line:
        if prev is None:
            out = w.text
        elif (_MARK.match(w.text) or _MARK.fullmatch(prev.text) or w.x0 - prev.x1 < 0.2 * (prev.bottom - prev.top)
              or _number_split(prev.text, w.text)):
            # poppler splits a Thai word where its marks overhang (gaps under 0.1 of the line's
            # height); a space is about a quarter of it. A justified line spreads LibreOffice's
            # glyphs apart, a number's too ("๙๗ .๒๐"): a number is one word.
            out += w.text
        else:
            out += " " + w.text
        prev = w
    return out


_ITEM_LINE = re.compile(r"^\s*(?:ข้อ(?![\u0e01-\u0e4e])|[iIeEoO]\s?[0-9๐-๙]|[0-9๐-๙.,%]+\s*$|-|•|[0-9๐-๙]{1,2}\s*[.)])")


def _join_lines(texts: list[str]) -> str:
    """Lines of a cell or paragraph as one text: a wrapped Thai line goes on with no space, an item
    of a list (a question code, a score, a numbered step) keeps its own line.

    >>> _join_lines(["กระบวนการปฏิบัติงาน", "ที่โปร่งใส"]), _join_lines(["ข้อ i๑", "ข้อ i๒"])
    ('กระบวนการปฏิบัติงานที่โปร่งใส', 'ข้อ i๑\\nข้อ i๒')
    """
    out = ""
    for t in texts:
        if out and _ITEM_LINE.match(t):
            out += "\n"
        elif out and not (_THAI.search(out[-1]) and _THAI.match(t)):
            out += " "
        out += t  # Thai wraps between words with no space: joined as one
    return out


def _in(w: Word, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 - 1 <= w.cx <= x1 + 1 and top - 1 <= w.cy <= bottom + 1


_PAGE_NO = re.compile(r"[-–]\s*[0-9๐-๙]{1,3}\s*[-–]")


def pdf_blocks(pdf, name: str, path: Path | None = None) -> Document:
    doc = Document(name, "pdf")
    pages = poppler_words(path) if path is not None else None
    para_no = 0
    for p_i, page in enumerate(pdf.pages, start=1):
        words = pages[p_i - 1] if pages is not None and p_i - 1 < len(pages) else _plumber_words(page)
        found = sorted(page.find_tables(), key=lambda t: t.bbox[1])
        placed: list[tuple[float, object]] = []
        used: set[int] = set()
        for t in found:
            rows = []
            for row in t.rows:
                cells = []
                for box in row.cells:
                    if box is None:
                        cells.append("")
                        continue
                    mine = [w for i, w in enumerate(words) if i not in used and _in(w, box)]
                    used.update(i for i, w in enumerate(words) if _in(w, box))
                    cells.append(_join_lines([_join_line(line) for line in _lines(mine)]))
                rows.append(cells)
            placed.append((t.bbox[1], rows))
        rest = [w for i, w in enumerate(words) if i not in used]
        # the page number of an official document ("- ๒ -", top centre) is no part of the text
        body = [ln for ln in _lines(rest) if not _PAGE_NO.fullmatch(_join_line(ln).strip())]
        for line in _paragraphs(body):
            placed.append((line[0], line[1]))
        for top, item in sorted(placed, key=lambda x: x[0]):
            if isinstance(item, str):
                para_no += 1
                doc.blocks.append(Paragraph(item, Loc(page=p_i, para=para_no)))
            elif item:
                _add_table(doc, item, p_i)
    return doc


def _paragraphs(lines: list[list[Word]]) -> list[tuple[float, str]]:
    """Lines joined into paragraphs: a new one after a gap, at an indent, or at a numbered heading."""
    out: list[tuple[float, list[str]]] = []
    prev: list[Word] | None = None
    left = min((line[0].x0 for line in lines), default=0)
    bottoms = [max(w.bottom for w in line) for line in lines]
    pitches = sorted(b - a for a, b in zip(bottoms, bottoms[1:]) if b > a)
    # Thai lines vary in height with their marks: a paragraph ends at a gap well over the usual pitch
    pitch = pitches[len(pitches) // 2] if pitches else 0
    right = max((line[-1].x1 for line in lines), default=0)
    for line, bottom in zip(lines, bottoms):
        text = _join_line(line)
        top = min(w.top for w in line)
        new = prev is None
        if prev is not None:
            step = bottom - max(w.bottom for w in prev)
            indent = line[0].x0 - left > 15
            numbered = re.match(r"^\s*(?:[0-9๐-๙]{1,2}\s*\.|ประเด็นที่|-\s)", text)
            short = prev[-1].x1 < left + 0.8 * (right - left)  # Thai wraps within a word of the edge
            new = step > 1.3 * pitch or indent or bool(numbered) or short
        if new:
            out.append((top, [text]))
        else:
            out[-1][1].append(text)
        prev = line
    return [(top, _join_lines(texts)) for top, texts in out]


_ITEM = re.compile(r"^\s*(?:-|•|[0-9๐-๙]{1,2}\s*[.)]|ข้อ(?![\u0e01-\u0e4e]))")


def _continues(above: list[str], row: list[str]) -> bool:
    """A row broken by a page break: it only adds text to cells that have some, not starting an item.

    >>> _continues(["๑. ก", "- ข", "x"], ["", "ต่อ", ""]), _continues(["๑. ก", "- ข", "x"], ["", "- ใหม่", "y"])
    (True, False)

    A word that begins as an item does ("ข้อมูล…", unlike "ข้อ O๑๐"):

    >>> _continues(["๓. ช่องทาง", "- ก", "x", "เร่งด่วน"], ["ข้อมูลข่าวสารภาครัฐ", "ต่อ", "", ""])
    True
    """
    filled = [(a, b) for a, b in zip(above, row) if b.strip()]
    if not filled or any(not a.strip() for a, _ in filled):
        return False
    if any(re.fullmatch(r"[0-9๐-๙.,%\s]+", b) for _, b in filled):
        return False  # a number of its own (a score, a row number) starts a row
    return not _ITEM.match(filled[0][1])


def _plan_continues(above: list[str], row: list[str]) -> bool:
    """A plan row broken by a page break: no topic of its own, and either no period (its topic and
    period stay above) or the rest of a period broken within ("… ๓๑ ธ.ค. ๒" / "๕๖๖").

    >>> _plan_continues(["๑. ก", "- ข", "", "๑. ค", "เร่งด่วน ภายในวันที่ ๓๑ ธ.ค. ๒๕๖๖"], ["", "- ง", "", "๔. จ", ""])
    True
    >>> _plan_continues(["๑. ก", "- ข", "", "x", "เร่งด่วน ภายในวันที่ ๓๑ ธ.ค. ๒"], ["", "", "", "", "๕๖๖"])
    True
    >>> _plan_continues(["๑. ก", "- ข", "", "x", "๑ ต.ค. ๒๕๖๖ - ๓๐ ก.ย. ๒๕๖๗"], ["", "- ง", "", "y", "๑ ต.ค. ๒๕๖๖ - ๓๐ ก.ย. ๒๕๖๗"])
    False
    >>> _plan_continues(["", "- ข (ต่อ)", "", "x", ""], ["", "- ค", "", "", ""])  # the third page of a row
    True
    """
    if row[0].strip() or not any(c.strip() for c in row):
        return False
    if not row[-1].strip():  # every plan row has a period: a row without one goes on from above (a row
        return True  # split over three pages has a middle part without one too)
    return parse_period(above[-1]) is None and parse_period(_join_lines([above[-1], row[-1]])) is not None


def _add_table(doc: Document, rows: list[list[str]], page: int) -> None:
    """A table; one that goes on from the previous page (no header of its own, or the same header
    repeated) is joined to it."""
    last = doc.blocks[-1] if doc.blocks else None
    ends = last.last_page or last.locs[-1].page if isinstance(last, Table) and last.locs else None
    if isinstance(last, Table) and last.rows and len(last.rows[0]) == len(rows[0]) and ends == page - 1:
        probe = Table(0, [rows[0]], [Loc()])
        if table_kind(probe) == "other" or rows[0] == last.rows[0]:
            body = rows[1:] if rows[0] == last.rows[0] else rows
            if body and len(last.rows) > 1 and (
                _continues(last.rows[-1], body[0])
                or table_kind(last) == "plan" and _plan_continues(last.rows[-1], body[0])
            ):
                last.rows[-1] = [_join_lines([a, b]) if b else a for a, b in zip(last.rows[-1], body[0])]
                body = body[1:]
            for r in body:
                last.rows.append(r)
                last.locs.append(Loc(page=page, table=last.no, row=len(last.rows)))
            last.last_page = page
            return
    no = len(doc.tables) + 1
    doc.blocks.append(Table(no, rows, [Loc(page=page, table=no, row=i + 1) for i in range(len(rows))]))
