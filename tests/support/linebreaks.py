"""Where the lines of a rendered PDF end, checked against the text the DOCX was written with.

The DOCX carries its breaks (typeset.lay: U+200B between units, U+FEFF inside them, a space, a new
paragraph or line). The PDF's characters are read with pdfplumber in their content order, assigned to
the table cell they stand in (or to the page's body), and cut into lines by their baseline. Every
line end is then looked up in the DOCX's text: the join of a line's last characters and the next
line's first ones must stand there at a break the DOCX allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from ita_xl.report.typeset import NBSP, WJ, ZWNBSP, ZWSP

_THAI = re.compile("[\u0e01-\u0e5b]")  # letters, marks and digits
_MARK = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_URL = re.compile(r"https?://\S+")
_PAGE_NO = re.compile(r"^-\s*[0-9๐-๙]+\s*-$")
TAIL = 8  # characters each side of a line end that are looked up


@dataclass
class LineEnd:
    page: int
    before: str  # the end of a line
    after: str  # the start of the next line in the same cell or body
    where: str  # "cell" or "body"

    def __str__(self) -> str:
        return f"p.{self.page} {self.where}: …{self.before} | {self.after}…"


def _paragraph_text(p) -> str:
    out = []
    for el in p.iter():
        if el.tag == qn("w:t"):
            out.append(el.text or "")
        elif el.tag in (qn("w:br"), qn("w:cr")):
            out.append("\n")
        elif el.tag == qn("w:tab"):
            out.append(" ")
    return "".join(out)


class Source:
    """The DOCX's text without spaces, with where a line may break in it."""

    def __init__(self, docx: Path):
        body = Document(str(docx)).element.body
        paragraphs = [_paragraph_text(p) for p in body.iter(qn("w:p"))]
        self.paragraphs = [p for p in paragraphs if p.strip()]
        chars, allowed = [], []
        for text in self.paragraphs:
            gap = True  # a new paragraph: a line may end before it
            urls = {k for m in _URL.finditer(text) for k in range(m.start() + 1, m.end())}
            for i, ch in enumerate(text):
                if ch in (ZWSP,) or ch.isspace() and ch != NBSP:
                    gap = True
                    continue
                if ch in (ZWNBSP, WJ):
                    continue
                if ch == NBSP or _MARK.match(ch):
                    continue
                prev = chars[-1] if chars else ""
                # Latin and digits beside Latin (a URL, "E-Service"): the layout's own rules
                latin = (bool(prev) and not _THAI.match(prev) and not _THAI.match(ch)
                         and not prev.isdigit() and not ch.isdigit())
                chars.append(ch)
                allowed.append(gap or latin or i in urls)  # a URL wider than its cell breaks anywhere
                gap = False
        self.text = "".join(chars)
        self.allowed = allowed
        self.starts = {_squeeze(p)[:TAIL] for p in self.paragraphs}
        self.ends = {_squeeze(p)[-TAIL:] for p in self.paragraphs}

    def ok(self, before: str, after: str) -> bool | None:
        """True when the text holds ``before + after`` with a break allowed between them, False when
        it holds them only joined where no break is allowed, None when it does not hold them."""
        a, b = _squeeze(before)[-TAIL:], _squeeze(after)[:TAIL]
        found = False
        start = self.text.find(a + b)
        while start >= 0:
            found = True
            if self.allowed[start + len(a)]:
                return True
            start = self.text.find(a + b, start + 1)
        if any(e.endswith(a) for e in self.ends) and any(s.startswith(b) for s in self.starts):
            return True  # two paragraphs that a table or a page stands between
        return False if found else None


def _squeeze(text: str) -> str:
    # Marks above and below are left out: the PDF names some of their shifted glyphs wrongly ("อย่่"
    # for อยู่), and SARA AM's two glyphs as two letters ("ำา").
    text = re.sub(f"[\\s{ZWSP}{ZWNBSP}{WJ}{NBSP}\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", "", text)
    return text.replace("ำา", "ำ")


def line_ends(pdf: Path) -> list[LineEnd]:
    import pdfplumber

    out = []
    with pdfplumber.open(str(pdf)) as doc:
        for number, page in enumerate(doc.pages, 1):
            cells = [c for t in page.find_tables() for c in t.cells if c]
            lines: dict[tuple, list] = {}
            for ch in page.chars:
                cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
                inside = [c for c in cells if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]]
                region = min(inside, key=lambda c: (c[2] - c[0]) * (c[3] - c[1])) if inside else None
                lines.setdefault((region, round(ch["bottom"])), []).append(ch["text"])
            by_region: dict = {}
            for (region, y), chars in sorted(lines.items(), key=lambda kv: kv[0][1]):
                text = "".join(chars).strip()
                if text and not _PAGE_NO.match(text):
                    by_region.setdefault(region, []).append(text)
            for region, texts in by_region.items():
                for a, b in zip(texts, texts[1:]):
                    out.append(LineEnd(number, a, b, "cell" if region else "body"))
    return out


def split_words(pdf: Path, words: list[str]) -> list[tuple[LineEnd, str]]:
    """The line ends that fall inside one of ``words`` (a judge that does not ask the marked copy
    where a break may be: a wrong unit there passes :func:`bad_line_ends`)."""
    # words of fewer than four letters once marks are left out ("คู่มือ" is "คมอ", found across
    # "สังคม|ออนไลน์") are not looked for
    squeezed = sorted({_squeeze(w) for w in words if len(_squeeze(w)) >= 4}, key=len, reverse=True)
    out = []
    for end in line_ends(pdf):
        a, b = _squeeze(end.before), _squeeze(end.after)
        for w in squeezed:
            if any(a.endswith(w[:k]) and b.startswith(w[k:]) for k in range(1, len(w))):
                out.append((end, w))
                break
    return out


def url_breaks(pdf: Path) -> list[LineEnd]:
    """The line ends inside a web address anywhere but after a "/" or a "." ("www.nongbuatho|ng.go.th")."""
    return [end for end in line_ends(pdf)
            if re.search(r"(?:https?://|www\.)\S*$", end.before) and end.after[:1].strip()
            and not end.before.endswith(("/", "."))]


def bad_line_ends(pdf: Path, docx: Path) -> tuple[list[LineEnd], list[LineEnd]]:
    """The line ends inside a unit, and those whose text the DOCX does not hold (to look at)."""
    source = Source(docx)
    bad, unknown = [], []
    for end in line_ends(pdf):
        verdict = source.ok(end.before, end.after)
        if verdict is False:
            bad.append(end)
        elif verdict is None:
            unknown.append(end)
    return bad, unknown
