"""Cell XML of SpreadsheetML (ECMA-376 Part 1 §18.3.1 ``sheetData``, §18.4 shared strings, §21.2 chart
caches), written from the file format itself: the one cell writer of the agency workbooks and the
batch summary.

A :class:`Cells` holds one worksheet's cells (value, style id, formula) and row heights, as the
public ``write_*``/``set_row`` calls of XlsxWriter would leave them; :meth:`Cells.sheet_data`
renders ``<sheetData>`` with the conventions XlsxWriter uses (numbers ``.16G``, row heights rounded
to whole pixels, control characters as ``_xHHHH_``). Style ids (``s="N"``) come from the caller,
who reads them from the template's own sheet XML (:mod:`.package`).

>>> c = Cells(20.0)
>>> c.put(0, 0, "a & b", 1); c.put(0, 1, 2.5, 2); c.formula(1, 0, "=A1+1", 3, 3.5)
>>> c.dimension()
'A1:B2'
>>> sst = Strings()
>>> c.sheet_data(sst)
'<sheetData><row r="1" ht="20.25" customHeight="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="2"><v>2.5</v></c></row><row r="2" ht="20.25" customHeight="1"><c r="A2" s="3"><f>A1+1</f><v>3.5</v></c></row></sheetData>'
>>> sst.xml()[-31:]
'<si><t>a &amp; b</t></si></sst>'
"""

from __future__ import annotations

import math
import numbers
import re
from functools import lru_cache

from ita_xl.io.address import cell as a1
from ita_xl.io.address import col_letter, parse_cell

STRMAX = 32767  # Excel's longest cell text
ERROR_CODES = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))
_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_LETTERS = [col_letter(j + 1) for j in range(256)]  # 0-based, for the hot path


def escape(s: str) -> str:
    """``&``, ``<`` and ``>`` escaped (element text)."""
    if "&" in s or "<" in s or ">" in s:
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s


def text(s: str) -> str:
    """The ``<t>`` element of a cell text: control characters as ``_xHHHH_`` (a literal ``_xHHHH_``
    escaped as ``_x005F_xHHHH_``), leading or trailing space preserved.

    >>> text(" a\\x01"), text("_x0041_")
    ('<t xml:space="preserve"> a_x0001_</t>', '<t>_x005F_x0041_</t>')
    """
    if "_x" in s:
        s = _ESCAPED.sub(r"_x005F\1", s)
    if _CONTROL.search(s):
        s = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", s)
    if "\ufffe" in s or "\uffff" in s:
        s = s.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    pre = ' xml:space="preserve"' if s[:1].isspace() or s[-1:].isspace() else ""
    return f"<t{pre}>{escape(s)}</t>"


def row_points(height: float, pixels: bool = True) -> str:
    """A row height as written: in whole pixels (4/3 per point) back in points, as XlsxWriter 3.3
    writes it, or (``pixels=False``, XlsxWriter before 3.3) as given."""
    return f"{int(height * 4.0 / 3.0 + 0.5) * 0.75 if pixels else height:.16g}"


@lru_cache(maxsize=1024)  # a few heights, row after row (formatting a float is not cheap)
def height_attrs(height: float, pixels: bool = True) -> str:
    """A row's height attributes (:func:`row_points`).

    >>> height_attrs(20.0)
    ' ht="20.25" customHeight="1"'
    """
    return f' ht="{row_points(height, pixels)}" customHeight="1"'


@lru_cache(maxsize=4096)  # a batch writes the same labels, questions and plan texts agency after agency
def shared_item(s: str) -> str:
    """The ``<si>`` element of a shared string."""
    return f"<si>{text(s)}</si>"


class Strings:
    """A shared-string table (``xl/sharedStrings.xml``): ``<si>`` elements in order, and a count of
    references. Seeded with a template's elements, so the template's indices stay valid."""

    __slots__ = ("index", "items", "count", "base")

    def __init__(self, items: list[str] | None = None, count: int = 0, index: dict[str, int] | None = None):
        self.items = list(items or ())
        self.index = dict(index) if index is not None else {x: i for i, x in enumerate(self.items)}
        self.count = count
        self.base = len(self.items)  # the seed's elements: their indices are the same in every table

    def add(self, s: str) -> int:
        si = shared_item(s)
        i = self.index.get(si)
        if i is None:
            i = self.index[si] = len(self.items)
            self.items.append(si)
        self.count += 1
        return i

    def head(self) -> str:
        """The part up to the first ``<si>`` (it holds the counts)."""
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns='
                f'"http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{self.count}" '
                f'uniqueCount="{len(self.items)}">')

    def xml(self) -> str:
        return f'{self.head()}{"".join(self.items)}</sst>'

    def tail(self) -> str:
        """The part after the seed's elements: the ones added since, and the end tag."""
        return f'{"".join(self.items[self.base:])}</sst>'


class Cells:
    """One worksheet's cells: ``rows[r][c] = (value, style, formula)`` (0-based; ``style`` an id or
    None; ``formula`` None for a constant, else the formula and ``value`` its cached result)."""

    __slots__ = ("rows", "heights", "default", "pixels")

    def __init__(self, default_height: float | None = None, pixels: bool = True):
        self.rows: dict[int, dict[int, tuple]] = {}
        self.heights: dict[int, float] = {}
        self.default = default_height
        self.pixels = pixels  # row heights rounded to whole pixels (see row_points)

    def put(self, r: int, c: int, value: object, style: int | None = None) -> None:
        """A constant (None or "" blank, bool, int, float, str); a blank without a style is nothing."""
        if value.__class__ is str and len(value) > STRMAX:
            value = value[:STRMAX]
        row = self.rows.get(r)
        if row is None:
            row = self.rows[r] = {}
        if (value is None or value == "") and style is None:
            row.pop(c, None)
            return
        row[c] = (value, style, None)

    def formula(self, r: int, c: int, formula: str, style: int | None, value: object = 0) -> None:
        f = formula[1:] if formula.startswith("=") else formula
        self.rows.setdefault(r, {})[c] = (0 if value is None else value, style, f)

    def height(self, r: int, points: float | None) -> None:
        if points is None:
            self.heights.pop(r, None)
        else:
            self.heights[r] = points

    def value(self, r: int, c: int) -> object:
        """What a chart's cache holds for a cell (XlsxWriter's rule): None when missing, a number's
        ``.16g`` text, a string, a formula's cached value, "" for a blank."""
        got = self.rows.get(r, {}).get(c)
        if got is None or got[2] is not None or got[0].__class__ is str:
            return None if got is None else got[0]
        v = got[0]
        return "" if v is None else f"{int(v) if v.__class__ is bool else v:.16g}"

    @staticmethod
    def ref(r: int, c: int) -> str:
        """A1 reference of 0-based (r, c)."""
        return f"{_LETTERS[c] if c < 256 else col_letter(c + 1)}{r + 1}"

    def dimension(self) -> str:
        rows = [r for r, row in self.rows.items() if row] + list(self.heights)
        if not rows:
            return "A1"
        cols = [c for row in self.rows.values() for c in row] or [0]
        a, b = a1(min(rows) + 1, min(cols) + 1), a1(max(rows) + 1, max(cols) + 1)
        return a if a == b else f"{a}:{b}"

    def sheet_data(self, sst: Strings | None, memo: dict | None = None) -> str:
        """``<sheetData>``; strings go to ``sst``, or inline when it is None.

        ``memo`` (kept by the caller from one workbook to the next of a template) maps a cell, by
        row, column and content, to its ``<c>`` and whether it is a string of ``sst``'s seed: the
        cells that are the same in every workbook of a year are rendered once. A string cell is
        kept only with its seed index (an index ``sst`` gave out itself differs per workbook). It
        keeps whole rows too, by their number, height and cells, and by their shape: the same
        cells but for their numbers, kept as the row's XML around holes where this workbook's
        numbers are written (with their own style and formula); a row holding a string of its
        own workbook is never kept."""
        if memo is not None and sst is not None:
            return self._sheet_data_memo(sst, memo)
        out = ["<sheetData>"]
        for rn, attrs, row in self._rows():
            if not row:
                out.append(f'<row r="{rn}"{attrs}/>')
                continue
            out.append(f'<row r="{rn}"{attrs}>')
            out += [cell(f"{_LETTERS[c] if c < 256 else col_letter(c + 1)}{rn}", *row[c], sst) for c in sorted(row)]
            out.append("</row>")
        if len(out) == 1:
            return "<sheetData/>"
        out.append("</sheetData>")
        return "".join(out)

    def _rows(self):
        """Each row to write, in order: its number (1-based), its height attributes, its cells."""
        rows, heights, px = self.rows, self.heights, self.pixels
        default = "" if self.default is None else height_attrs(self.default, px)
        for r in sorted(set(rows) | set(heights)):
            h = heights.get(r)
            yield r + 1, height_attrs(h, px) if h is not None else default, rows.get(r)

    def _sheet_data_memo(self, sst: Strings, memo: dict) -> str:
        out = ["<sheetData>"]
        get, room = memo.get, len(memo) < MEMO_CELLS
        for rn, attrs, row in self._rows():
            if not row:
                out.append(f'<row r="{rn}"{attrs}/>')
                continue
            items = tuple(row.items())
            whole = (rn, attrs, items)  # a row the same in every workbook: one look-up
            got = get(whole)
            if got is None:
                # its shape: the same but for its numbers (a question's score, a formula's cached
                # value), which are written anew into the row's pieces kept from an earlier workbook
                shape = tuple([x if x[1][0].__class__ in _KEPT else x[0] for x in items])
                if shape != items:
                    whole = (rn, attrs, shape)
                    got = get(whole)
            if got is not None:
                pieces, holes, n = got
                out.append(pieces[0])
                for (c, ref), piece in zip(holes, pieces[1:]):
                    out.append(cell(ref, *row[c]))
                    out.append(piece)
                sst.count += n
                continue
            start, n, fresh = len(out), sst.count, False
            out.append(f'<row r="{rn}"{attrs}>')
            pieces, holes = [], []
            for c in sorted(row):
                t = row[c]
                v = t[0]
                if v.__class__ not in _KEPT:  # numbers: cheap, and 1 == 1.0 == True, 0.0 == -0.0
                    ref = f"{_LETTERS[c] if c < 256 else col_letter(c + 1)}{rn}"
                    pieces.append("".join(out[start:]))
                    holes.append((c, ref))
                    out.append(cell(ref, *t))
                    start = len(out)
                    continue
                key = (rn, c, t)
                got = get(key)
                if got is None:
                    ref = f"{_LETTERS[c] if c < 256 else col_letter(c + 1)}{rn}"
                    if v.__class__ is str and t[2] is None and v != "":
                        i = sst.index.get(shared_item(v))
                        if i is None or i >= sst.base:  # this workbook's own string: not kept
                            out.append(cell(ref, *t, sst))
                            fresh = True
                            continue
                        got = (cell(ref, v, t[1], None, sst), True)
                    else:
                        got = (cell(ref, *t), False)
                    if room:
                        memo[key] = got
                    out.append(got[0])
                    continue
                out.append(got[0])
                if got[1]:
                    sst.count += 1
            out.append("</row>")
            if room and not fresh:
                pieces.append("".join(out[start:]))
                memo[whole] = (tuple(pieces), tuple(holes), sst.count - n)
        if len(out) == 1:
            return "<sheetData/>"
        out.append("</sheetData>")
        return "".join(out)


MEMO_CELLS = 2000  # entries (cells, rows, row shapes) kept per sheet of a template: a year's fixed ones come first
_KEPT = frozenset((str, type(None)))


def cell(ref: str, v: object, s: int | str | None, f: str | None = None, sst: Strings | None = None) -> str:
    """One ``<c>``: a constant (None or "" a blank; a string is text, whatever it starts with), or
    formula ``f`` (no ``=``) with cached value ``v``; style id ``s``; strings to ``sst``, else inline.

    >>> cell("B2", "=1", 3), cell("C2", None, 4), cell("A1", True, None, "B1>0")
    ('<c r="B2" s="3" t="inlineStr"><is><t>=1</t></is></c>', '<c r="C2" s="4"/>', '<c r="A1" t="b"><f>B1&gt;0</f><v>1</v></c>')

    A value no cell can hold is refused, never written as text that is not a number:

    >>> import datetime; cell("D4", datetime.date(2024, 3, 15), None)
    Traceback (most recent call last):
    TypeError: D4: a date is no cell value (a date is written as its serial number)
    >>> cell("D5", float("nan"), None)
    Traceback (most recent call last):
    ValueError: D5: nan is no number a cell can hold
    """
    st = "" if s is None else f' s="{s}"'
    cls = v.__class__
    if f is not None:
        if cls is bool:
            t, v = ' t="b"', int(v)
        elif cls is str:
            t = "" if v == "" else ' t="e"' if v in ERROR_CODES else ' t="str"'
            v = escape(v)
        else:
            t = ""
        return f'<c r="{ref}"{st}{t}><f>{escape(f)}</f><v>{v}</v></c>'
    if v is None or v == "":
        return f'<c r="{ref}"{st}/>'
    if cls is str:
        if sst is None:
            return f'<c r="{ref}"{st} t="inlineStr"><is>{text(v)}</is></c>'
        return f'<c r="{ref}"{st} t="s"><v>{sst.add(v)}</v></c>'
    if cls is bool:
        return f'<c r="{ref}"{st} t="b"><v>{int(v)}</v></c>'
    if cls is not float and cls is not int and not isinstance(v, numbers.Real):
        raise TypeError(f"{ref}: a {cls.__name__} is no cell value (a date is written as its serial number)")
    if v != v or v in (math.inf, -math.inf):
        raise ValueError(f"{ref}: {v} is no number a cell can hold")
    return f'<c r="{ref}"{st}><v>{v:.16G}</v></c>'


_CACHE = re.compile(r"<c:f>([^<]*)</c:f><c:(num|str)Cache>.*?</c:\2Cache>", re.S)
_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$")


def chart_caches(xml: str, sheets: dict[str, Cells]) -> str:
    """``xml`` (a chart part) with the cached values of every range on one of ``sheets`` (by
    name) written from those cells, as XlsxWriter writes them (a number cache writes what is not a
    number as 0 and leaves missing cells out)."""
    return ChartCaches(xml).render(sheets)


class ChartCaches:
    """A chart part split once around its caches (a template's charts are the same in every
    workbook but for them): :meth:`render` writes only the caches of the ranges on the sheets given."""

    def __init__(self, xml: str):
        self.xml = xml
        self.pieces: list[str] = []  # the text before each cache, then the text after the last
        self.caches: list[tuple] = []  # (its text as it stands, ref, kind, sheet, r0, c0, r1, c1)
        pos = 0
        for m in _CACHE.finditer(xml):
            self.pieces.append(xml[pos:m.start()])
            pos = m.end()
            ref, kind = m.group(1), m.group(2)
            p = _REF.match(ref.replace("&apos;", "'"))
            if p is None:
                self.caches.append((m.group(0), ref, kind, None, 0, 0, 0, 0))
                continue
            name = (p.group(1) or "").replace("''", "'") or p.group(2)
            r0, c0 = (x - 1 for x in parse_cell(p.group(3) + p.group(4)))
            r1, c1 = (x - 1 for x in parse_cell(p.group(5) + p.group(6))) if p.group(5) else (r0, c0)
            self.caches.append((m.group(0), ref, kind, name, r0, c0, r1, c1))
        self.pieces.append(xml[pos:])

    def render(self, sheets: dict[str, Cells]) -> str:
        out = []
        for piece, (whole, ref, kind, name, r0, c0, r1, c1) in zip(self.pieces, self.caches):
            out.append(piece)
            cells = sheets.get(name) if name is not None else None
            if cells is None:
                out.append(whole)
                continue
            data = [cells.value(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
            pts = []
            for i, v in enumerate(data):
                if v is None:
                    continue
                if kind == "num":
                    try:
                        float(v)
                    except (TypeError, ValueError):
                        v = 0
                pts.append(f'<c:pt idx="{i}"><c:v>{escape(str(v))}</c:v></c:pt>')
            head = "<c:formatCode>General</c:formatCode>" if kind == "num" else ""
            out.append(f"<c:f>{ref}</c:f><c:{kind}Cache>{head}<c:ptCount val=\"{len(data)}\"/>"
                       f"{''.join(pts)}</c:{kind}Cache>")
        out.append(self.pieces[-1])
        return "".join(out)
