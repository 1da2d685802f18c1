"""A workbook package kept as a template, written again with only its cell parts new.

A batch writes thousands of workbooks of one shape (framework year, runtime) that differ only in
their cells. The template is built once per process with XlsxWriter's public API (every format,
validation, conditional format, chart, button and print setting) and kept as a :class:`Package`:
its parts, each deflated once. Writing an agency's workbook renders only what depends on cells —
the ``<dimension>`` and ``<sheetData>`` of the sheets that carry agency data, the caches of the
charts that read them, ``sharedStrings.xml`` and ``docProps/core.xml`` — with :mod:`.cells`, and
copies every other part's deflated bytes. Style ids are read from the template's own sheet XML
(:class:`Palette`), never from XlsxWriter's objects.

:class:`CellBook` is what the build code writes to when only the cells are wanted: it takes the
same public calls as an XlsxWriter workbook and worksheet, keeps cell values and row heights, and
ignores every structural call (those are in the template already).
"""

from __future__ import annotations

import io
import re
import time
import zipfile

from ita_xl.xlsx.cells import ChartCaches, Cells, Strings
from ita_xl.xlsx.fastzip import FastZipFile, crc32, deflate, deflate_piece

_DIM = re.compile(r'<dimension ref="[^"]*"/>')
_DATA = re.compile(r"<sheetData/>|<sheetData>.*</sheetData>", re.S)
_SHEET = re.compile(r'<sheet name="([^"]*)" sheetId="\d+"(?: state="\w+")? r:id="(rId\d+)"/>')
_REL = re.compile(r'<Relationship Id="(rId\d+)" Type="[^"]*/worksheet" Target="([^"]*)"/>')
_SI = re.compile(r"<si>.*?</si>", re.S)
_SST_COUNT = re.compile(r'<sst [^>]*count="(\d+)"')
_DATES = re.compile(r'(<dcterms:(?:created|modified) xsi:type="dcterms:W3CDTF">)[^<]*(<)')
PALETTE_ROW = 999  # where a template's palette sheet holds one cell per format (0-based; its cells are all
# written anew per workbook, so the palette never ships; a low row: XlsxWriter walks every row up to it)


def _unescape_attr(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def format_key(props: dict) -> str:
    """What names a format: its properties."""
    return repr(sorted(props.items()))


class Package:
    """An xlsx/xlsm package: its parts in order, deflated once, and where its cells go."""

    def __init__(self, data: bytes):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.infos = z.infolist()
            self.parts = {i.filename: z.read(i.filename) for i in self.infos}
        level = FastZipFile.level
        self.deflated = {name: deflate(name, body, level) for name, body in self.parts.items()}
        wb = self.parts["xl/workbook.xml"].decode("utf-8")
        rels = dict(_REL.findall(self.parts["xl/_rels/workbook.xml.rels"].decode("utf-8")))
        self.sheet_part = {_unescape_attr(name): "xl/" + rels[rid].lstrip("/").removeprefix("xl/")
                           for name, rid in _SHEET.findall(wb)}
        sst = self.parts.get("xl/sharedStrings.xml")
        self.sst_items = _SI.findall(sst.decode("utf-8")) if sst is not None else None
        self.sst_index = {x: i for i, x in enumerate(self.sst_items or ())}
        self.sst_count = int(_SST_COUNT.search(sst.decode("utf-8")).group(1)) if sst is not None else 0
        self.charts = {n: ChartCaches(self.parts[n].decode("utf-8")) for n in self.parts
                       if n.startswith("xl/charts/chart") and n.endswith(".xml")}
        self._split: dict[str, tuple[str, str, str, int]] = {}
        self._memo: dict[str, dict] = {}  # sheet name -> its cells rendered (Cells.sheet_data)
        self._sst_seed: tuple[bytes, int, bytes] | None = None

    def _sst_part(self, sst: Strings, level: int) -> tuple[int, int, bytes]:
        """Size, CRC-32 and deflated bytes of ``sst``'s part. The template's elements (most of
        the part: the year's fixed texts) are encoded and deflated once; per workbook only the
        head (its counts) and the elements after them, each deflated apart and joined (a deflate
        stream is blocks one after another, RFC 1951 §3.2.3)."""
        if self._sst_seed is None:
            seed = "".join(self.sst_items).encode("utf-8")
            self._sst_seed = (seed, len(seed), deflate_piece(seed, level, final=False))
        seed, n, seed_comp = self._sst_seed
        head, tail = sst.head().encode("utf-8"), sst.tail().encode("utf-8")
        crc = crc32(tail, crc32(seed, crc32(head)))
        comp = deflate_piece(head, level, final=False) + seed_comp + deflate_piece(tail, level, final=True)
        return len(head) + n + len(tail), crc, comp

    def _sheet_split(self, name: str) -> tuple[str, str, str, int]:
        """A sheet's XML around its ``<dimension>`` and ``<sheetData>``, and its string references."""
        out = self._split.get(name)
        if out is None:
            xml = self.sheet_xml(name)
            d, c = _DIM.search(xml), _DATA.search(xml)
            out = self._split[name] = (xml[:d.start()], xml[d.end():c.start()], xml[c.end():], xml.count(' t="s"'))
        return out

    def sheet_xml(self, name: str) -> str:
        return self.parts[self.sheet_part[name]].decode("utf-8")

    def pixel_rows(self, name: str, row: int, points: float) -> bool:
        """Whether the template rounds row heights to whole pixels: row ``row`` (0-based) of sheet
        ``name`` was given ``points`` (not a whole number of pixels)."""
        m = re.search(rf'<row r="{row + 1}"[^>]* ht="([^"]*)"', self.sheet_xml(name))
        return m is not None and float(m.group(1)) != points

    def styles(self, name: str, row: int, keys: list[str]) -> dict[str, int | None]:
        """Style ids of the cells of row ``row`` (0-based) of sheet ``name``, column by column for
        ``keys``: the palette a template build wrote with one cell per format."""
        xml = self.sheet_xml(name)
        out = {}
        for j, key in enumerate(keys):
            m = re.search(rf'<c r="{Cells.ref(row, j)}"(?: s="(\d+)")?', xml)
            if m is None:
                raise ValueError(f"the template has no palette cell for {key} on {name!r}")
            out[key] = int(m.group(1)) if m.group(1) else None
        return out

    def write(self, target, sheets: dict[str, Cells], once: bool = False) -> None:
        """The package with the cells of ``sheets`` (by sheet name) in place of the template's.
        ``once``: the only workbook of this package (a batch's summary): its cells are not kept
        for the next one (:meth:`.Cells.sheet_data`'s memo), since none comes."""
        parts = {}
        sst = None
        if self.sst_items is not None:
            sst = Strings(self.sst_items, self.sst_count - sum(self._sheet_split(n)[3] for n in sheets), self.sst_index)
        for name, cells in sheets.items():
            head, mid, tail, _ = self._sheet_split(name)
            memo = self._memo.setdefault(name, {}) if sst is not None and not once else None
            parts[self.sheet_part[name]] = "".join(
                (head, f'<dimension ref="{cells.dimension()}"/>', mid, cells.sheet_data(sst, memo), tail)).encode("utf-8")
        for chart, caches in self.charts.items():
            new = caches.render(sheets)
            if new != caches.xml:
                parts[chart] = new.encode("utf-8")
        level = FastZipFile.level
        sst_part = self._sst_part(sst, level) if sst is not None else None
        core = self.parts.get("docProps/core.xml")
        if core is not None:
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            parts["docProps/core.xml"] = _DATES.sub(lambda m: m.group(1) + now + m.group(2), core.decode("utf-8")).encode("utf-8")
        with FastZipFile(target, "w") as z:
            for info in self.infos:
                data = parts.get(info.filename)
                if info.filename == "xl/sharedStrings.xml" and sst_part is not None:
                    z.write_deflated(info, *sst_part)
                elif data is None:
                    crc, comp = self.deflated[info.filename]
                    z.write_deflated(info, len(self.parts[info.filename]), crc, comp)
                else:
                    z.writestr(info, data)


_SCALARS = frozenset((str, int, float, bool, type(None)))
MEMO_ROWS = 2000  # table rows a template keeps (CellSheet.put_row): the fixed ones of its first
# workbooks, and those workbooks' own rows until full (~1.5 kB each)


class _Ignoring:
    """Every call not defined here is ignored, and returns an object that ignores calls too (a
    chart's own calls)."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return _ignore


_NULL = _Ignoring()


def _ignore(*args, **kwargs) -> _Ignoring:
    return _NULL


class CellSheet(_Ignoring):
    """A worksheet that keeps cells and row heights; every structural call is ignored."""

    def __init__(self, book: CellBook, name: str):
        # the book's styles and memo, not the book: no reference cycle, so a workbook's cells are
        # freed as soon as it is written, without a garbage collection
        self.styles, self.memo, self.name, self.cells = book.styles, book.memo, name, Cells(pixels=book.pixels)

    def style(self, fmt) -> int | None:
        return None if fmt is None else self.styles[fmt]

    def set_default_row(self, height=None, hide_unused_rows=False) -> None:
        self.cells.default = height

    def set_row(self, row, height=None, cell_format=None, options=None) -> None:
        self.cells.height(row, height)

    def write_string(self, row, col, value, cell_format=None) -> None:
        self.cells.put(row, col, value, self.style(cell_format))

    write_number = write_boolean = write_blank = write_string

    def put_row(self, row: int, values: list, formats: list, height=None) -> float | None:
        """``values`` from column A, each in its column's format: what writing them one by one
        with ``sheets._write`` leaves (a value of another type is ignored, as ``write`` is).

        Returns ``height()`` (the row's height, worked out by the caller). A row the same in
        every workbook of a template (the year's questions, indicators, labels) is worked out
        once: the book's ``memo`` keeps its cells and height by sheet, row, values and their
        types (1, 1.0 and True are equal but not written alike)."""
        rows, memo = self.cells.rows, self.memo
        key = None
        if memo is not None and row not in rows:
            try:
                key = (self.name, row, tuple(values), tuple(map(type, values)))
                got = memo.get(key)
            except TypeError:  # a value no cell holds, and unhashable: written (ignored) as below
                key = got = None
            if got is not None:
                rows[row] = dict(got[0])
                return got[1]
        put, styles = self.cells.put, self.styles
        for c, v in enumerate(values):
            if v.__class__ in _SCALARS:
                f = formats[c]
                put(row, c, None if v == "" else v, None if f is None else styles[f])
        h = height() if height is not None else None
        if key is not None and len(memo) < MEMO_ROWS:
            memo[key] = (dict(rows.get(row, {})), h)
        return h

    def write_formula(self, row, col, formula, cell_format=None, value=0) -> None:
        self.cells.formula(row, col, formula, self.style(cell_format), value)

    def merge_range(self, first_row, first_col, last_row, last_col, data, cell_format=None) -> None:
        s = self.style(cell_format)
        for r in range(first_row, last_row + 1):
            for c in range(first_col, last_col + 1):
                self.cells.put(r, c, None, s)
        self.cells.put(first_row, first_col, data, s)


class CellBook(_Ignoring):
    """A workbook that keeps its sheets' cells (:class:`CellSheet`); formats are their
    :func:`format_key`, turned into the template's style ids by ``styles``."""

    def __init__(self, styles: dict[str, int | None], pixels: bool = True, memo: dict | None = None):
        self.styles, self.pixels = styles, pixels
        self.memo = memo  # kept by the caller from one workbook of a template to the next (put_row)
        self.sheets: dict[str, CellSheet] = {}

    def add_format(self, props: dict | None = None) -> str:
        return format_key(props or {})

    def add_worksheet(self, name: str | None = None, worksheet_class=None) -> CellSheet:
        self.sheets[name] = CellSheet(self, name)
        return self.sheets[name]
