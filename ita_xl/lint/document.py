"""What a reader gives the lint: a document as paragraphs and tables in order, each with its place.

Readers (``readers.py``) make these from DOCX, PDF or text; everything after them is pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ita_xl.core.model import Finding


@dataclass(frozen=True)
class Loc:
    """Where something sits, in the terms the document's reader can give.

    >>> Loc(line=57, table=3, row=5).label()
    'table 3, row 5 (line 57)'
    >>> Loc(page=2, para=14).label(), Loc(para=9).label()
    ('page 2, paragraph 14', 'paragraph 9')
    """

    page: int | None = None
    para: int | None = None  # paragraph number, counting the non-empty ones (DOCX, PDF)
    line: int | None = None  # line of a text file
    table: int | None = None  # 1-based, in document order
    row: int | None = None  # 1-based, the header row being row 1

    def label(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.table is not None:
            parts.append(f"table {self.table}" + (f", row {self.row}" if self.row is not None else ""))
        elif self.para is not None:
            parts.append(f"paragraph {self.para}")
        text = ", ".join(parts)
        if self.line is not None:
            text = f"{text} (line {self.line})" if text else f"line {self.line}"
        return text or "document"


@dataclass
class Paragraph:
    text: str
    loc: Loc


@dataclass
class Table:
    no: int
    rows: list[list[str]]
    locs: list[Loc]  # one per row
    last_page: int | None = None  # a PDF's: the page it ends on (a row's continuation adds no row)

    @property
    def loc(self) -> Loc:
        return self.locs[0] if self.locs else Loc(table=self.no)


Block = Paragraph | Table


@dataclass
class Document:
    name: str  # the file name, as findings name it
    kind: str  # "txt", "docx", "pdf"
    blocks: list[Block] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def where(self, loc: Loc) -> str:
        return f"{self.name}: {loc.label()}"


@dataclass
class LintFinding(Finding):
    """A check's finding, placed in the document: ``where`` a page/paragraph/table row, and a short quote."""

    quote: str = ""

    def to_dict(self) -> dict:
        return {
            "severity": self.severity, "kind": self.kind, "message": self.message,
            "message_th": self.message_th, "message_en": self.message_en,
            "where": self.where, "quote": self.quote,
        }


def snippet(text: str, needle: str = "", width: int = 70) -> str:
    """A short quote of ``text`` around ``needle`` (its start when absent), on one line.

    >>> snippet("ก" * 100 + "X" + "ข" * 100, "X", 10)
    '…กกกกXขขขขข…'
    >>> snippet("สั้น ๆ")
    'สั้น ๆ'
    """
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    at = flat.find(needle) if needle else -1
    if at < 0:
        return flat[:width].rstrip() + "…"
    start = max(0, at - (width - len(needle)) // 2)
    end = min(len(flat), start + width)
    start = max(0, end - width)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")
