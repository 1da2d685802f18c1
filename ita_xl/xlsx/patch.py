"""A workbook with the cells of some sheets patched in their XML and every other part copied.

:class:`Sheet` reads a worksheet as ECMA-376 §18.3.1 allows and Excel, LibreOffice and openpyxl
write it (rows and cells with or without ``r``, any namespace prefix, other namespaces' attributes
kept); untouched rows keep their XML. Written cells come from the one cell writer
(:func:`.cells.cell`) with inline strings, so ``sharedStrings.xml`` stays as it was. A patched
sheet's formulas lose their cached values, which may be stale (Excel and LibreOffice compute them,
calamine reads them as empty), except a formula of constants alone (``=HYPERLINK("https://…","หลักฐาน")``,
``=0.5``), whose value cannot be stale; the workbook gets ``fullCalcOnLoad``, and ``calcChain.xml``
goes once a formula cell is overwritten (Excel calls the file damaged otherwise). A
:class:`~.ops.Formula` is written as a formula; :meth:`Sheet.formulas` reads them back.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import zipfile
from pathlib import Path

from defusedxml import ElementTree as ET

from ita_xl.xlsx.cells import STRMAX, cell, escape
from ita_xl.workbook.ops import Formula
from ita_xl.xlsx.fastzip import FastZipFile, read_deflated
from ita_xl.workbook.layout import cell as a1
from ita_xl.workbook.layout import parse_cell, parse_range

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R = re.compile(r'\sr="([A-Z]*)(\d+)"')
# what a formula of constants alone may hold besides string literals: numbers, operators, TRUE/FALSE
# and functions other than the volatile ones (a reference, a name or a sheet is anything else)
_STRINGS = re.compile(r'"(?:[^"]|"")*"')
_TOKEN = re.compile(r"\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|([A-Za-z_\\][\w.]*)(\s*\()?|([!$'\[#:])")
_VOLATILE = frozenset(("NOW", "TODAY", "RAND", "RANDBETWEEN", "RANDARRAY", "OFFSET", "INDIRECT", "INFO", "CELL"))


def constant_formula(text: str) -> bool:
    """True when a formula (without ``=``, as in ``<f>``) refers to no cell, name or sheet and calls
    no volatile function, so the value computed for it cannot go stale.

    >>> [constant_formula(f) for f in ('HYPERLINK("https://a.go.th/x","A1")', "0.5", '"เสร็จ"&"สิ้น"', "1E3+TRUE")]
    [True, True, True, True]
    >>> [constant_formula(f) for f in ("A1", "SUM(B2:B4)", "TODAY()", "'ผล'!B2", "UNITS", "$A$1")]
    [False, False, False, False, False, False]
    """
    for m in _TOKEN.finditer(_STRINGS.sub("", html.unescape(text))):
        name, call, mark = m.groups()
        if mark or (name and (name.upper() in _VOLATILE if call else name.upper() not in ("TRUE", "FALSE"))):
            return False
    return True


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part) of ``part`` ("" for the package)."""
    folder, name = posixpath.split(part)
    rels, out = posixpath.join(folder, "_rels", name + ".rels"), {}
    for r in ET.fromstring(z.read(rels)).iter(_REL) if rels in z.namelist() else ():
        t = r.get("Target", "")
        out[r.get("Id")] = (r.get("Type", ""), t[1:] if t.startswith("/") else posixpath.normpath(posixpath.join(folder, t)))
    return out


_DECL = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def xml_text(data: bytes) -> str:
    """A part's XML as text, decoded as its BOM or declaration says (XML 1.0 §4.3.3: UTF-16 and
    other encodings are allowed), with the declaration saying UTF-8, the encoding it is saved in."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        enc = "utf-16"
    elif data[:3] == b"\xef\xbb\xbf":
        enc = "utf-8-sig"
    else:
        m = _DECL.match(data)
        enc = m.group(1).decode("ascii") if m else "utf-8"
    xml = data.decode(enc)
    m = re.match(r"""<\?xml[^>]*?\sencoding\s*=\s*(["'])([^"']*)\1""", xml)
    return xml if m is None else xml[:m.start(2)] + "UTF-8" + xml[m.end(2):]


def _prefix(xml: str, root: str) -> str:
    m = re.search(rf"<(?:(\w+):)?{root}[\s>]", xml)
    return f"{m.group(1)}:" if m and m.group(1) else ""


class Sheet:
    """One worksheet's XML: rows by number (1-based) as their XML, parsed into cells when touched."""

    def __init__(self, xml: str, date1904: bool = False):
        self.date1904 = date1904  # the workbook's date system (dates are written as its serial numbers)
        self.date_style = None  # style id -> the same style with a date format (set by Book)
        self.p = p = _prefix(xml, "worksheet")
        d = re.search(rf"<{p}sheetData\s*/>|<{p}sheetData\b[^>]*>(.*?)</{p}sheetData>", xml, re.S)
        self.head, self.tail = xml[:d.start()], xml[d.end():]
        self.rows: dict[int, list] = {}  # r -> [start-tag attributes, XML of the row, cells or None]
        self.changed = self.formula_hit = False
        self.orphans: dict[str, tuple[str, str]] = {}  # shared formula si -> (text, ref) of a removed master
        self.bounds: list[tuple[int, int]] = []
        n = 0
        for m in re.finditer(rf"<{p}row\b([^>]*?)(/>|>(.*?)</{p}row>)", d.group(1) or "", re.S):
            attrs, raw = m.group(1), m.group(0)
            r = _R.search(attrs)
            n = int(r.group(2)) if r else n + 1
            if r is None:  # a row without its number: given one, so rows inserted before it cannot move it
                attrs, raw = f' r="{n}"{attrs}', f'<{p}row r="{n}"' + raw[len(p) + 4:]
            self.rows[n] = [attrs, raw, None]

    def cells(self, r: int, create: bool = False) -> dict[int, str]:
        """Column (1-based) -> XML of each cell of row ``r`` (every one with its ``r``)."""
        if r not in self.rows and not create:
            return {}
        row, c, p = self.rows.setdefault(r, [f' r="{r}"', "", None]), 0, self.p
        if row[2] is None:
            row[2] = {}
            for m in re.finditer(rf"<{p}c\b([^>]*?)(?:/>|>.*?</{p}c>)", row[1], re.S):
                ref = _R.search(m.group(1))
                c = parse_cell(ref.group(1) + ref.group(2))[1] if ref else c + 1
                row[2][c] = m.group(0) if ref else f'<{p}c r="{a1(r, c)}"' + m.group(0)[len(p) + 2:]
        return row[2]

    def _touch(self, r: int, c: int, old: str | None) -> None:
        self.changed, row = True, self.rows[r]
        row[0], row[1] = re.sub(r'\sspans="[^"]*"', "", row[0]), None  # rendered from its cells; spans: hints
        self.bounds.append((r, c))
        self.formula_hit |= f"<{self.p}f" in (old or "")
        f = re.search(rf"<{self.p}f\b([^>]*)>([^<]*)<", old or "")  # a shared formula's master?
        if f is not None and 't="shared"' in f.group(1) and " ref=" in f.group(1):
            self.orphans[re.search(r'si="(\d+)"', f.group(1)).group(1)] = (f.group(2), a1(r, c))

    def _put(self, r: int, c: int, value: object, style: str | None) -> None:
        cells = self.cells(r, create=True)
        self._touch(r, c, cells.pop(c, None))
        if type(value) is Formula:
            v = self._serial(value.value)
            v = None if v.__class__ is str and not v.isprintable() and re.search(r"[\x00-\x08\x0b-\x1f]", v) else v
            xml = cell(a1(r, c), "" if v is None else v[:STRMAX] if v.__class__ is str else v, style, value.text[1:])
            xml = xml.replace("<v></v>", "") if v is None or v == "" else xml
        elif value is not None or style is not None:
            xml = cell(a1(r, c), value, style)
        else:
            return
        cells[c] = re.sub(r"<(/?)(?=\w)", rf"<\1{self.p}", xml) if self.p else xml

    def _serial(self, value: object) -> object:
        """A date or time as its serial number in the workbook's date system; any other value as is."""
        if isinstance(value, (dt.date, dt.time, dt.timedelta)):
            from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, to_excel  # noqa: PLC0415 - public API

            return to_excel(value, MAC_EPOCH if self.date1904 else WINDOWS_EPOCH)
        return value

    def write(self, r: int, c: int, value: object) -> None:
        """A constant (text is text, even one starting with ``=``) or a :class:`~.ops.Formula`. A
        cell without a style takes the style of the cell above (new rows look like the rows above
        them). A date or time (as the reader gives a staff's date cell back) is its serial number
        in the workbook's date system."""
        date = isinstance(value, (dt.date, dt.time, dt.timedelta))
        value = self._serial(value)
        style = _style(self.cells(r).get(c))
        if style in (None, "0") and (up := _style(self.cells(r - 1).get(c))) not in (None, "0"):
            style = up
        if date and self.date_style is not None:  # a date stays a date where it lands
            style = self.date_style(style)
        self._put(r, c, None if value == "" else value[:STRMAX] if value.__class__ is str else value, style)

    def clear(self, ref: str) -> list[int]:
        """Blank the cells of ``ref`` that hold a value or formula, styles kept; returns its rows."""
        r1, c1, r2, c2 = parse_range(ref)
        rows = [r for r in self.rows if r1 <= r <= r2]
        for r in rows:
            for c, raw in list(self.cells(r).items()):
                if c1 <= c <= c2 and re.search(rf"<{self.p}(?:v|f|is)\b", raw):
                    self._put(r, c, None, _style(raw))
        return rows

    def formulas(self) -> dict[tuple[int, int], str]:
        """(row, column) -> formula text with its ``=``, of every cell holding one; a cell of a
        shared formula gets its master's formula as it reads from that cell."""
        p, out, shared, masters = self.p, {}, [], {}
        for r, row in self.rows.items():
            if f"<{p}f" not in (row[1] if row[1] is not None else "<" + p + "f"):
                continue
            for c, raw in self.cells(r).items():
                m = re.search(rf"<{p}f\b([^>]*?)(?:/>|>([^<]*)</{p}f>)", raw)
                if m is None:
                    continue
                attrs, text = m.group(1), html.unescape(m.group(2) or "")
                si = re.search(r'\bsi="(\d+)"', attrs) if 't="shared"' in attrs else None
                if si is not None and not text:
                    shared.append((r, c, si.group(1)))
                    continue
                if si is not None:
                    masters[si.group(1)] = (text, a1(r, c))
                out[(r, c)] = "=" + text
        if shared:
            from openpyxl.formula.translate import Translator  # noqa: PLC0415 - public API, rarely needed

            for r, c, si in shared:
                if si in masters:
                    text, origin = masters[si]
                    out[(r, c)] = Translator("=" + text, origin=origin).translate_formula(a1(r, c))
        return out

    def uncomputed(self) -> set[tuple[int, int]]:
        """(row, column) of the formula cells without a computed value (no ``<v>``: written by
        ita_xl or openpyxl since Excel or LibreOffice last saved the workbook)."""
        p = self.p
        return {(r, c) for r, row in self.rows.items() if row[1] is None or f"<{p}f" in row[1]
                for c, raw in self.cells(r).items() if f"<{p}f" in raw and not re.search(rf"<{p}v\b", raw)}

    def errors(self) -> dict[tuple[int, int], str]:
        """(row, column) -> the error (``#N/A``, ``#REF!``, ...) of every cell holding one, constant
        or computed (python-calamine reads an error as an empty cell)."""
        p, out = self.p, {}
        for r, row in self.rows.items():
            if row[1] is not None and 't="e"' not in row[1]:
                continue
            for c, raw in self.cells(r).items():
                if re.match(r'<[^>]*\st="e"', raw) and (v := re.search(rf"<{p}v>([^<]*)</{p}v>", raw)):
                    out[(r, c)] = html.unescape(v.group(1))
        return out

    def height(self, r: int, points: float | None) -> None:
        """Row ``r`` given ``points`` of height (None: the default height)."""
        if r in self.rows or points is not None:
            self.cells(r, create=True)  # parsed: the row is rendered from its cells
            row = self.rows[r]
            attrs = re.sub(r'\s(?:ht|customHeight)="[^"]*"', "", row[0]) + ("" if points is None else f' ht="{points:.16g}" customHeight="1"')
            if attrs != row[0]:
                row[0], row[1], self.changed = attrs, None, True

    def style_of(self, r: int, c: int) -> str | None:
        """The style id of a cell (None: none given)."""
        return _style(self.cells(r).get(c))

    def restyle(self, r: int, c: int, style: str | None) -> None:
        """Give a cell the style ``style`` (an id of the workbook's cellXfs), its value kept."""
        cells = self.cells(r, create=True)
        raw = cells.get(c)
        if _style(raw) == style and raw is not None:
            return
        self.changed, row = True, self.rows[r]
        row[0], row[1] = re.sub(r'\sspans="[^"]*"', "", row[0]), None
        self.bounds.append((r, c))
        if raw is None:
            cells[c] = f'<{self.p}c r="{a1(r, c)}"' + (f' s="{style}"' if style else "") + "/>"
            return
        head = re.match(r"<[^>]*?(?=/?>)", raw).group(0)
        new = re.sub(r'\ss="\d+"', "", head) + (f' s="{style}"' if style else "")
        cells[c] = new + raw[len(head):]

    def set_merges(self, first_row: int, last_row: int, ranges: tuple[str, ...]) -> None:
        """The merged ranges of rows ``first_row``..``last_row`` are ``ranges`` (others kept)."""
        p = self.p
        m = re.search(rf"<{p}mergeCells\b[^>]*?(?:/>|>(.*?)</{p}mergeCells>)", self.tail, re.S)
        old = re.findall(rf'<{p}mergeCell\b[^>]*\bref="([^"]+)"', m.group(1) or "") if m else []
        keep = [x for x in old if not (first_row <= parse_range(x)[0] <= last_row or first_row <= parse_range(x)[2] <= last_row)]
        refs = keep + list(ranges)
        xml = (f'<{p}mergeCells count="{len(refs)}">' + "".join(f'<{p}mergeCell ref="{x}"/>' for x in refs)
               + f"</{p}mergeCells>") if refs else ""
        self.tail = _place(self.tail, m, xml, p, _AFTER_MERGES)
        self.changed = True

    def set_row_breaks(self, rows: tuple[int, ...]) -> None:
        """Manual page breaks before each of ``rows`` (the sheet's row breaks replaced)."""
        p = self.p
        m = re.search(rf"<{p}rowBreaks\b[^>]*?(?:/>|>.*?</{p}rowBreaks>)", self.tail, re.S)
        brk = "".join(f'<{p}brk id="{r - 1}" max="16383" man="1"/>' for r in sorted(set(rows)))
        xml = f'<{p}rowBreaks count="{len(set(rows))}" manualBreakCount="{len(set(rows))}">{brk}</{p}rowBreaks>' if rows else ""
        self.tail = _place(self.tail, m, xml, p, _AFTER_BREAKS)
        self.changed = True

    def _unshare(self) -> None:
        """Every cell of a shared formula whose master was overwritten gets the formula in full."""
        from openpyxl.formula.translate import Translator  # noqa: PLC0415 - public API, rarely needed

        p = self.p
        for si, (text, origin) in self.orphans.items():
            pat = re.compile(rf'<{p}f\b[^>]*\bt="shared"[^>]*\bsi="{si}"[^>]*/>|<{p}f\b[^>]*\bsi="{si}"[^>]*\bt="shared"[^>]*/>')
            for r in [r for r, row in self.rows.items() if row[1] is None or f'si="{si}"' in row[1]]:
                for c, raw in list(self.cells(r).items()):
                    if pat.search(raw):
                        f = Translator("=" + html.unescape(text), origin=origin).translate_formula(a1(r, c))
                        self.cells(r)[c] = pat.sub(f"<{p}f>{escape(f[1:])}</{p}f>", raw)
                        self.rows[r][1] = None

    def xml(self) -> str:
        self._unshare()
        p, out = self.p, []
        for r in sorted(self.rows):
            attrs, raw, cells = self.rows[r]
            if raw is None:
                body = "".join(cells[c] for c in sorted(cells))
                raw = f"<{p}row{attrs}>{body}</{p}row>" if body else f"<{p}row{attrs}/>"
            out.append(raw)
        data = re.sub(rf"(<{p}f\b([^>]*)>([^<]*)</{p}f>|<{p}f\b[^>]*/>)\s*(?:<{p}v>[^<]*</{p}v>|<{p}v/>)",
                      _stale, "".join(out))
        head = self.head
        dim = re.search(rf'(<{p}dimension ref=")([^"]*)"', head)
        if dim is not None and self.bounds:  # what it covered and what was written
            r1, c1, r2, c2 = parse_range(dim.group(2) or "A1")
            rows, cols = [r for r, _ in self.bounds] + [r1, r2], [c for _, c in self.bounds] + [c1, c2]
            head = head[:dim.start(2)] + f"{a1(min(rows), min(cols))}:{a1(max(rows), max(cols))}" + head[dim.end(2):]
        return head + (f"<{p}sheetData>{data}</{p}sheetData>" if data else f"<{p}sheetData/>") + self.tail


# What follows mergeCells and rowBreaks in a worksheet (ECMA-376 CT_Worksheet), where a new one goes.
_AFTER_MERGES = ("phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
                 "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches",
                 "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "picture",
                 "oleObjects", "controls", "webPublishItems", "tableParts", "extLst")
_AFTER_BREAKS = _AFTER_MERGES[_AFTER_MERGES.index("colBreaks"):]


def _place(tail: str, old: re.Match | None, xml: str, p: str, after: tuple[str, ...]) -> str:
    """``tail`` with the element ``old`` replaced by ``xml``, or ``xml`` put before the first of ``after``."""
    if old is not None:
        return tail[:old.start()] + xml + tail[old.end():]
    if not xml:
        return tail
    m = re.search(rf"<{p}(?:{'|'.join(after)})\b|</{p}worksheet>", tail)
    return tail[:m.start()] + xml + tail[m.start():]


def _stale(m: re.Match) -> str:
    """A formula and its cached value: the value dropped unless the formula's constants alone give it."""
    attrs, text = m.group(2), m.group(3)
    keep = text is not None and "shared" not in attrs and "array" not in attrs and constant_formula(text)
    return m.group(0) if keep else m.group(1)


def _style(raw: str | None) -> str | None:
    m = re.match(r'<[^>]*?\ss="(\d+)"', raw or "")  # in the start tag
    return m.group(1) if m else None


def workbook_parts(z: zipfile.ZipFile) -> tuple[str, dict[str, tuple[str, str]], bool, dict[str, str]]:
    """An open package's workbook part, its relationships, whether it counts dates from 1904, and
    each worksheet's part by the sheet's name."""
    wb_part = next(t for k, t in _rels(z, "").values() if k.endswith("/officeDocument"))
    wb_rels = _rels(z, wb_part)
    root = ET.fromstring(z.read(wb_part))
    pr = root.find(_MAIN + "workbookPr")
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    return wb_part, wb_rels, date1904, {s.get("name"): wb_rels[s.get(_R_ID)][1] for s in root.iter(_MAIN + "sheet")}


class Book:
    """A workbook package on disk: its worksheets by name, patched in memory, written by :meth:`save`."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        with zipfile.ZipFile(self.path) as z:
            self.infos = z.infolist()
            self.wb_part, self.wb_rels, self.date1904, self.sheet_part = workbook_parts(z)
            self.styles_part = next((t for k, t in self.wb_rels.values() if k.endswith("/styles")), None)
        self.sheets: dict[str, Sheet] = {}
        self._xfs: list[str] | None = None  # styles.xml's cell formats, with those added
        self._date_xf: dict[str | None, str] = {}  # style id -> its copy with a date format

    def sheet(self, name: str) -> Sheet | None:
        """The worksheet ``name`` (None when the workbook has none of that name)."""
        if name not in self.sheets and name in self.sheet_part:
            with zipfile.ZipFile(self.path) as z:
                self.sheets[name] = ws = Sheet(xml_text(z.read(self.sheet_part[name])), self.date1904)
            ws.date_style = self.date_style
        return self.sheets.get(name)

    def date_style(self, style: str | None) -> str | None:
        """A cell format like ``style`` that shows a date: itself when it does, else a copy of it
        with Excel's short date (number format 14), added to ``styles.xml`` when saved."""
        if self.styles_part is None:
            return style
        if self._xfs is None:
            with zipfile.ZipFile(self.path) as z:
                xml = xml_text(z.read(self.styles_part))
            p = _prefix(xml, "styleSheet")
            xfs = re.search(rf"<{p}cellXfs\b[^>]*>(.*?)</{p}cellXfs>", xml, re.S)
            self._xfs = re.findall(rf"<{p}xf\b[^>]*?(?:/>|>.*?</{p}xf>)", xfs.group(1) if xfs else "", re.S)
            self._codes = {m.group(1): html.unescape(m.group(2))
                           for m in re.finditer(rf'<{p}numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"', xml)}
        if style in self._date_xf:
            return self._date_xf[style]
        i = int(style or 0)
        if i >= len(self._xfs):
            return style
        fmt = re.search(r'numFmtId="(\d+)"', self._xfs[i])
        if fmt is not None and _is_date_format(fmt.group(1), self._codes):
            return style
        xf = re.sub(r'\snumFmtId="\d+"', "", self._xfs[i])
        xf = re.sub(r'\sapplyNumberFormat="[^"]*"', "", xf)
        xf = re.sub(r"<(\w+:)?xf\b", r'<\1xf numFmtId="14" applyNumberFormat="1"', xf, count=1)
        self._xfs.append(xf)
        self._date_xf[style] = str(len(self._xfs) - 1)
        return self._date_xf[style]

    def _styles(self, xml: str) -> str:
        """``styles.xml`` with the cell formats :meth:`date_style` added."""
        p = _prefix(xml, "styleSheet")
        m = re.search(rf"<{p}cellXfs\b[^>]*>(.*?)</{p}cellXfs>", xml, re.S)
        return xml[:m.start()] + f'<{p}cellXfs count="{len(self._xfs)}">' + "".join(self._xfs) + f"</{p}cellXfs>" + xml[m.end():]

    def save(self, target: str | Path) -> None:
        """The package with the patched sheets; every other part's compressed bytes copied."""
        new = {self.sheet_part[n]: s.xml().encode("utf-8") for n, s in self.sheets.items() if s.changed}
        chain = [t for k, t in self.wb_rels.values() if k.endswith("/calcChain")]
        chain = chain if chain and any(s.formula_hit for s in self.sheets.values()) else []
        with zipfile.ZipFile(self.path) as z, open(self.path, "rb") as f, FastZipFile(target, "w") as out:
            edit = {self.wb_part: _full_calc} if new else {}
            if self._date_xf:
                edit[self.styles_part] = self._styles
            if chain:  # the part, its relationship and its content type
                rels = posixpath.join(posixpath.dirname(self.wb_part), "_rels", posixpath.basename(self.wb_part) + ".rels")
                edit[rels] = lambda x: re.sub(r'<Relationship\b[^>]*/calcChain"[^>]*/>', "", x)
                edit["[Content_Types].xml"] = lambda x: re.sub(rf'<Override\b[^>]*PartName="/{re.escape(chain[0])}"[^>]*/>', "", x)
            new |= {n: e(xml_text(z.read(n))).encode("utf-8") for n, e in edit.items()}
            for info in [i for i in self.infos if i.filename not in chain]:
                data = new.get(info.filename)
                info.extra = b""  # no ZIP64 or other extra fields: sizes are in the headers
                if data is None and info.compress_type == zipfile.ZIP_DEFLATED:
                    out.write_deflated(info, info.file_size, info.CRC, read_deflated(f, info))
                else:
                    info.compress_type = zipfile.ZIP_DEFLATED
                    out.writestr(info, z.read(info.filename) if data is None else data)


def _is_date_format(fmt_id: str, codes: dict[str, str]) -> bool:
    """Whether number format ``fmt_id`` shows a date or time (built-in 14-22 and 45-47, or a code
    with d, m, y, h or s outside its quoted text and brackets).

    >>> _is_date_format("14", {}), _is_date_format("1", {}), _is_date_format("164", {"164": 'd mmm yyyy'})
    (True, False, True)
    >>> _is_date_format("165", {"165": '0.00" days"'}), _is_date_format("166", {"166": "[Red]0%"})
    (False, False)
    """
    if fmt_id in codes:
        bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", codes[fmt_id])
        return re.search(r"[dmyhsDMYHS]", bare) is not None
    return 14 <= int(fmt_id) <= 22 or 45 <= int(fmt_id) <= 47


def _full_calc(xml: str) -> str:
    """``workbook.xml`` with ``<calcPr fullCalcOnLoad="1"/>`` (cached formula values may be stale)."""
    p = _prefix(xml, "workbook")
    m = re.search(rf"<{p}calcPr\b[^>]*>", xml)
    if m is None:  # its place in CT_Workbook: before these
        m = re.search(rf"<{p}(?:oleSize|customWorkbookViews|pivotCaches|smartTag|webPublish|fileRecoveryPr|extLst)\b|</{p}workbook>", xml)
        return xml[:m.start()] + f'<{p}calcPr fullCalcOnLoad="1"/>' + xml[m.start():]
    tag = re.sub(r'\sfullCalcOnLoad="[^"]*"', "", m.group(0)).replace(f"<{p}calcPr", f'<{p}calcPr fullCalcOnLoad="1"', 1)
    return xml if 'fullCalcOnLoad="1"' in m.group(0) else xml[:m.start()] + tag + xml[m.end():]
