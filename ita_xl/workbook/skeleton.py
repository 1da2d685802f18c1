"""Write many workbooks of one shape: XlsxWriter's output for the parts that do not depend on the
agency, computed once, around the parts that do.

A batch writes thousands of workbooks that differ only in their cells. Building each with
XlsxWriter repeats, per workbook, the same formats, validations, conditional formats, charts,
buttons, drawings, styles and relationships, and spends most of its time there. Here the same
build code runs against a :class:`Workbook` that *records* every structural call (everything but
cell writes) instead of executing it, while cells, row heights and the shared-string table are
real XlsxWriter state. The record is the workbook's shape: the first workbook of a shape is built
for real (every call executed) and its package is kept as a :class:`Skeleton`; the package's
parts are split where XlsxWriter writes cell-dependent XML (a sheet's ``<dimension>``,
``<sheetFormatPr>`` and ``<sheetData>``; a chart's cached values; ``sharedStrings.xml``;
``core.xml``). Every later workbook of that shape is the skeleton's bytes with those pieces
written by XlsxWriter's own methods from the new cells.

So the output is XlsxWriter's, byte for byte (``tests/test_workbook_fast.py`` compares every
part with a plain XlsxWriter build): what XlsxWriter writes from cell state is written by
XlsxWriter; what it writes from the recorded calls is reused only for the same calls (every
public worksheet and workbook method but the cell writers is recorded; arguments are compared so
that 0, 0.0 and False differ). What cell state changes elsewhere in the package is checked too:
the order in which formats were first used (their style indices), the type of each chart range's
data, whether there are shared strings, and the heights of the rows that place charts, pictures
and buttons. Cell features whose effects reach other parts (comments, hyperlinks, dynamic arrays,
embedded images, tables, autofit) are not templated: such a workbook is always built for real.
One process may write from several threads (per-thread scratch objects; shared caches are
replaced whole, never edited in place).
"""

from __future__ import annotations

import functools
import io
import threading
import zipfile
from collections import OrderedDict
from typing import Callable

import xlsxwriter
from xlsxwriter.chart_column import ChartColumn
from xlsxwriter.format import Format
from xlsxwriter.packager import Packager

from .fastzip import FastZipFile, deflate

# Worksheet methods are sorted by what they change. Cell-level ones (every ``write*`` and these)
# run in every build and are not recorded: their effects are the cell XML written per workbook.
CELL_LEVEL = frozenset({"set_row", "set_row_pixels", "put_row"})
# Recorded and always run: they change cells or row heights as well as the sheet's structure.
BOTH = ("set_default_row", "merge_range")
# Structure that depends on the cells, or cells with effects outside the sheet XML: run always; a
# workbook that uses them is always built for real.
UNTEMPLATABLE = frozenset({"autofit", "add_table", "embed_image"})
# Every other public worksheet method (column widths, validations, conditional formats, charts,
# images, buttons, print setup, panes, ...) is structural: recorded, and run only in a real build.
MAX_SKELETONS = 16  # shapes kept per process (a year x runtime each, in practice)
_SKELETONS: OrderedDict[tuple, Skeleton] = OrderedDict()
_LAST_HIT: list = [None]  # (shape, skeleton) of the last workbook written from a skeleton
LEVEL = FastZipFile.level
STATS = {"from_skeleton": 0, "built": 0}  # workbooks written each way in this process


class Recorder:
    """The structural calls of one build, in order, as hashable values."""

    def __init__(self, live: bool):
        self.live = live
        self.calls: list[tuple] = []
        self.formats = 0
        self.charts: list[ChartProxy] = []
        self.paused = 0  # inside a real build's @structural helper: its calls are not recorded
        self.untemplatable = False  # a call whose effects a skeleton cannot reproduce was made

    def add(self, *call) -> None:
        self.calls.append(_freeze(call))


_PLAIN = frozenset((str, int, type(None), bytes))  # hashable, and equal only when the same value


def _freeze(v):
    """A hashable stand-in for a call argument, equal only for arguments with the same effect
    (0 and 0.0 and False are told apart, and -0.0 from 0.0)."""
    c = v.__class__
    if c in _PLAIN:
        return v
    if c is float:
        return ("float", repr(v))
    if c is bool:
        return ("bool", v)
    if c is tuple or c is list:
        return tuple([x if x.__class__ in _PLAIN else _freeze(x) for x in v])
    if c is dict:
        return ("{}", *sorted([(k, x if x.__class__ in _PLAIN else _freeze(x)) for k, x in v.items()]))
    if isinstance(v, Format):
        return ("format", getattr(v, "_skel_id", id(v)))
    if c is ChartProxy:
        return ("chart", v.index)
    if isinstance(v, io.BytesIO):
        return ("bytes", v.getvalue())
    stand_in = getattr(v, "_skel_freeze", None)  # an object that says what it stands for
    if stand_in is not None:
        return stand_in
    params = getattr(v, "__dataclass_params__", None)
    if params is not None and params.frozen:  # compared by value (by identity first: fast)
        return (c.__name__, v)
    hash(v)  # anything else must be a plain value
    return (c.__name__, v)


class ChartProxy:
    """What ``add_chart`` returns: records the chart's calls, forwards them in a real build."""

    def __init__(self, rec: Recorder, index: int, real):
        self.rec, self.index, self.real = rec, index, real

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        target = getattr(self.real, name) if self.real is not None else None

        def call(*args, **kwargs):
            if not self.rec.paused:
                self.rec.add("chart", self.index, name, args, kwargs)
            return target(*args, **kwargs) if target is not None else None

        return call


def _unwrap(args: tuple) -> tuple:
    return tuple(a.real if a.__class__ is ChartProxy else a for a in args)


def _recording(base: type, name: str, always: bool):
    method = getattr(base, name)

    def recorded(self, *args, **kwargs):
        rec = self._skel_rec
        if rec is not None and not rec.paused:
            if kwargs or not all(a.__class__ in _PLAIN for a in args):
                rec.add(self.index, name, args, kwargs)
            else:  # the common case, already hashable
                rec.calls.append((self.index, name, args))
            if name in UNTEMPLATABLE:
                rec.untemplatable = True
            elif not (rec.live or always or (name.startswith("set_column") and _has_format(args, kwargs))):
                return 0
            rec.paused += 1  # what it calls in turn (set_column calls set_column_pixels) is part of it
            try:
                return method(self, *_unwrap(args), **kwargs)
            finally:
                rec.paused -= 1
        return method(self, *_unwrap(args), **kwargs)

    recorded.__name__ = name
    return recorded


def structural(fn: Callable) -> Callable:
    """Mark a helper whose only effects are structural calls made from its arguments (no cells,
    no new formats): a recorded build records the helper call instead of running it; a real build
    runs it, recording the same single entry."""

    @functools.wraps(fn)
    def helper(target, *args, **kwargs):
        rec = getattr(target, "_skel_rec", None)
        if rec is None or rec.paused:
            return fn(target, *args, **kwargs)
        rec.add("helper", fn.__qualname__, getattr(target, "index", None), args, kwargs)
        if not rec.live:
            return None
        formats = rec.formats
        rec.paused += 1
        try:
            return fn(target, *args, **kwargs)
        finally:
            rec.paused -= 1
            if rec.formats != formats:
                raise RuntimeError(f"{fn.__qualname__} made formats: it cannot be @structural")

    return helper


def _has_format(args: tuple, kwargs: dict) -> bool:
    return bool(kwargs) or (len(args) > 3 and any(a is not None for a in args[3:]))


_CLASSES: dict[type, type] = {}
_PROTOS: dict[tuple, Format] = {}  # frozen properties -> a Format made from them and never used


def worksheet_class(base: type) -> type:
    """``base`` (an XlsxWriter worksheet class) with its structural calls recorded."""
    cls = _CLASSES.get(base)
    if cls is None:
        ns = {"_skel_rec": None, "_skel_freeze": property(lambda self: ("sheet", self.index))}
        for name in dir(base):
            if name.startswith(("_", "write", "get_")) or name in CELL_LEVEL or not callable(getattr(base, name)):
                continue
            ns[name] = _recording(base, name, name in BOTH or name in UNTEMPLATABLE)
        cls = _CLASSES[base] = type("Skeletal" + base.__name__, (base,), ns)
    return cls


class _CapturingPackager(Packager):
    def _create_package(self):
        files = super()._create_package()
        self.workbook._skel_files = list(files)
        return files


class Workbook(xlsxwriter.Workbook):
    """An XlsxWriter workbook whose structural calls go to a :class:`Recorder`.

    With ``rec.live`` every call is executed too (a real build, whose package becomes the
    skeleton); otherwise only cell state is built, and :meth:`close` writes the package from the
    skeleton of the recorded shape, or returns False when there is none yet.
    """

    def __init__(self, target, options: dict, rec: Recorder, worksheet_base: type):
        self._skel_rec = rec
        self._skel_target = target
        self._skel_sheet_class = worksheet_class(worksheet_base)
        self._skel_files = None
        rec.add("workbook", options)
        super().__init__(target, options)

    # --- recorded workbook calls
    def add_format(self, properties=None):
        rec = self._skel_rec
        merged = self.default_format_properties.copy()
        merged.update(properties or {})
        key = _freeze(merged)
        rec.calls.append(("add_format", key))
        if rec.live:
            f = super().add_format(properties)
        else:  # a copy of a never-used Format made from the same properties: no property parsing
            proto = _PROTOS.get(key)
            if proto is None:
                if len(_PROTOS) >= 1000:
                    _PROTOS.clear()
                proto = _PROTOS[key] = Format(merged)
                proto._get_format_key()  # a function of the properties: computed once, copied with them
            f = Format.__new__(Format)
            f.__dict__.update(proto.__dict__)
            f.xf_format_indices, f.dxf_format_indices = self.xf_format_indices, self.dxf_format_indices
            self.formats.append(f)
        f._skel_id = rec.formats
        rec.formats += 1
        return f

    def add_worksheet(self, name=None, worksheet_class=None):
        ws = super().add_worksheet(name, self._skel_sheet_class)
        ws._skel_rec = self._skel_rec
        self._skel_rec.add("add_worksheet", name, (worksheet_class or self.worksheet_class).__name__)
        return ws

    def add_chart(self, options):
        rec = self._skel_rec
        if not rec.paused:
            rec.add("add_chart", options)
        proxy = ChartProxy(rec, len(rec.charts), super().add_chart(options) if rec.live else None)
        rec.charts.append(proxy)
        return proxy

    def set_vba_name(self, name=None):
        self._skel_rec.add("set_vba_name", name)
        if self._skel_rec.live:
            super().set_vba_name(name)

    def add_vba_project(self, vba_project, is_stream=False):
        self._skel_rec.add("add_vba_project", vba_project, is_stream)
        if self._skel_rec.live:
            return super().add_vba_project(vba_project, is_stream)
        return 0

    def set_properties(self, properties):
        self._skel_rec.add("set_properties", properties)
        super().set_properties(properties)

    def _get_packager(self):
        return _CapturingPackager() if self._skel_rec.live else super()._get_packager()

    # --- closing
    def close(self) -> bool:
        if self._skel_rec.live:
            _watch(self)
            super().close()
            return True
        self.fileclosed = True  # nothing to clean up if this build is abandoned
        return _write_from_skeleton(self)


def _workbook_recording(name: str):
    method = getattr(xlsxwriter.Workbook, name)

    def recorded(self, *args, **kwargs):
        rec = self._skel_rec
        if rec.paused:
            return method(self, *args, **kwargs)
        rec.add("workbook", name, args, kwargs)
        rec.paused += 1  # workbook-level settings: cheap, run in every build
        try:
            return method(self, *args, **kwargs)
        finally:
            rec.paused -= 1

    recorded.__name__ = name
    return recorded


for _name in dir(xlsxwriter.Workbook):  # every other public Workbook method is recorded too
    if (not _name.startswith(("_", "get_")) and _name not in Workbook.__dict__ and _name != "worksheets"
            and callable(getattr(xlsxwriter.Workbook, _name))):
        setattr(Workbook, _name, _workbook_recording(_name))


def templatable(wb: xlsxwriter.Workbook) -> bool:
    """No cell feature whose effects reach beyond ``<sheetData>``."""
    if getattr(wb, "_skel_rec", None) is not None and wb._skel_rec.untemplatable:
        return False
    if getattr(wb, "embedded_images", None) is not None and wb.embedded_images.images:
        return False
    for ws in wb.worksheets():
        if ws.comments or ws.hyperlinks or ws.has_dynamic_arrays or ws.is_chartsheet or ws.constant_memory:
            return False
    return True


# ------------------------------------------------------------------------------------- capture

_DYNAMIC_SHEET_PARTS = ("_write_dimension", "_write_sheet_format_pr", "_write_sheet_data")
_CACHE_WRITERS = ("_write_num_cache", "_write_str_cache")


def _watch(wb: Workbook) -> None:
    """Note where each worksheet and chart writes cell-dependent XML in the real build."""
    for ws in wb.worksheets():
        ws._skel_spans = []
        for name in _DYNAMIC_SHEET_PARTS:
            _watch_method(ws, name, lambda obj, *a: None)
    for proxy in wb._skel_rec.charts:
        chart = proxy.real
        chart._skel_spans = []
        chart._skel_given = list(chart.formula_data)  # data given with a series, not read from cells
        for name in _CACHE_WRITERS:
            _watch_method(chart, name, _cache_source)


def _watch_method(obj, name: str, describe: Callable) -> None:
    method = getattr(obj, name)

    def watched(*args):
        start = obj.fh.tell()
        method(*args)
        obj._skel_spans.append((id(obj.fh), start, obj.fh.tell(), name, describe(obj, *args)))

    setattr(obj, name, watched)


def _cache_source(chart, data):
    """The range formula whose data this is (None when it cannot be told)."""
    if data is None:
        return None
    for formula, i in chart.formula_ids.items():
        if chart.formula_data[i] is data:
            return formula
    return None


def _rows_under_drawings(ws) -> int:
    """How many rows from the top decide where the sheet's drawings sit (all rows if unknown)."""
    last = -1
    try:
        drawing = getattr(ws, "drawing", None)
        for d in (drawing.drawings if drawing else ()):
            last = max(last, d._dimensions[5])  # (col_from, row_from, ..., col_to, row_to, ...)
        for b in ws.buttons_list:
            last = max(last, b.vertices[5])
    except (AttributeError, IndexError, TypeError):  # another XlsxWriter version: be safe
        return (ws.dim_rowmax or 0) + 1 if ws.dim_rowmax is not None else 0
    return last + 1


def _row_sizes(ws, n: int) -> tuple:
    sizes = ws.row_sizes
    return (n, ws.default_row_height, tuple(tuple(sizes[r]) if r in sizes else None for r in range(n)))


class Skeleton:
    """A real build's package, split where cells show through."""

    def __init__(self, wb: Workbook):
        self.parts: list[tuple] = []  # (name, kind, payload)
        self.infos: list[zipfile.ZipInfo] = []
        self.ranges: dict[str, tuple[str, tuple]] = {}
        self.types: dict[str, str] = {}
        sheets = {s[0]: ws for ws in wb.worksheets() for s in ws._skel_spans}
        charts = {s[0]: p.real for p in wb._skel_rec.charts for s in p.real._skel_spans}
        self.ok = not any(d is not None for p in wb._skel_rec.charts for d in p.real._skel_given)
        for fh, name, binary in wb._skel_files:
            if name in ("xl/sharedStrings.xml", "docProps/core.xml"):
                self.parts.append((name, name, None))
                continue
            sheet, chart = sheets.get(id(fh)), charts.get(id(fh))
            owner = sheet or chart
            data = fh.getvalue()
            if owner is None:
                raw = data if binary else data.encode("utf-8")
                crc, comp = deflate(name, raw, LEVEL)
                self.parts.append((name, "static", (len(raw), crc, comp)))
                continue
            segments, holes, at = [], [], 0
            for _, start, end, what, source in sorted(s for s in owner._skel_spans if s[0] == id(fh)):
                segments.append(data[at:start].encode("utf-8"))
                holes.append((what, source))
                at = end
            segments.append(data[at:].encode("utf-8"))
            if sheet is not None:
                if [what for what, _ in holes] != list(_DYNAMIC_SHEET_PARTS):
                    self.ok = False
                self.parts.append((name, "sheet", (sheet.index, segments)))
            else:
                for what, source in holes:
                    if source is None:
                        self.ok = False  # a cache this module cannot place
                    elif source not in self.ranges:
                        sheet, cells = wb._get_chart_range(source)
                        self.ranges[source] = (sheet, tuple(cells))
                self.parts.append((name, "chart", (segments, holes)))
        # Charts, pictures and buttons are placed from the sizes of the rows above and under them.
        self.row_sizes = {ws.index: _row_sizes(ws, _rows_under_drawings(ws)) for ws in wb.worksheets()}
        for name, _, _ in self.parts:  # as XlsxWriter makes them for in-memory packages
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            self.infos.append(info)


# ------------------------------------------------------------------------------------- writing

_SCRATCH = threading.local()  # a chart object per thread to write cached values with


def _scratch_chart():
    chart = getattr(_SCRATCH, "chart", None)
    if chart is None:
        chart = _SCRATCH.chart = ChartColumn()
    return chart


_CACHES: dict[tuple, bytes] = {}  # (writer, data) -> a chart's cached-values XML


def _cache_xml(chart, what: str, data: list) -> bytes:
    """``chart.<what>(data)``'s XML; memoized, since categories and series names repeat."""
    key = (what, *map(repr, data))  # repr: -0.0 and 0.0, 1 and True and "1" are different points
    out = _CACHES.get(key)
    if out is None:
        if len(_CACHES) >= 1000:
            _CACHES.clear()
        out = _CACHES[key] = _xml(chart, what, data).encode()
    return out


def _xml(obj, method: str, *args) -> str:
    fh = io.StringIO()
    obj.fh = fh
    getattr(obj, method)(*args)
    return fh.getvalue()


def _cell_xml(wb: Workbook) -> list[list[str]] | None:
    """Every sheet's cell-dependent XML, sheet by sheet as a real build writes it (style indices
    are given to formats on first use, so their order is the real build's). None when a sheet
    restored from a :class:`SheetMemo` cannot be placed."""
    out = []
    for ws in wb.worksheets():
        memo = ws.__dict__.get("_skel_memo")
        if memo is None:
            out.append([_xml(ws, m) for m in _DYNAMIC_SHEET_PARTS])
            continue
        before = tuple(wb.xf_format_indices)
        if memo.xml is None:  # being recorded: this sheet's cells were built
            out.append([_xml(ws, m) for m in _DYNAMIC_SHEET_PARTS])
            memo.finish(before, tuple(wb.xf_format_indices)[len(before):], out[-1])
        elif before != memo.xf_before:
            return None
        else:
            indices = wb.xf_format_indices
            for key in memo.xf_new:  # the first uses its cell XML would have made
                indices[key] = 1 + len(indices)
            out.append(memo.xml)
    return out


def _shape_key(wb: Workbook, xf_order: tuple) -> tuple:
    return (tuple(wb._skel_rec.calls), xf_order, bool(wb.str_table.count))


def _write_from_skeleton(wb: Workbook) -> bool:
    if not templatable(wb):
        return False
    wb._prepare_sst_string_data()
    pieces = _cell_xml(wb)
    if pieces is None:
        return False
    key = _shape_key(wb, tuple(wb.xf_format_indices))
    last = _LAST_HIT[0]
    if last is not None and last[0] == key:  # one comparison instead of hashing the whole shape
        sk = last[1]
    else:
        sk = _SKELETONS.get(key)
        if sk is None:
            return False
        try:
            _SKELETONS.move_to_end(key)
        except KeyError:  # dropped by another thread meanwhile
            pass
        _LAST_HIT[0] = (key, sk)
    for ws in wb.worksheets():
        want = sk.row_sizes.get(ws.index)
        if want is not None and want[0] and _row_sizes(ws, want[0]) != want:
            return False  # rows under a drawing have other heights: a real build places it
    sheets = {ws.name: ws for ws in wb.worksheets()}
    data: dict[str, list] = {}
    chart = _scratch_chart()
    for formula, (sheet, cells) in sk.ranges.items():
        if sheets[sheet].__dict__.get("_skel_memo") is not None:
            return False  # its cells were not built
        values = sheets[sheet]._get_range_data(*cells)
        data[formula] = values
        if chart._get_data_type(values) != sk.types[formula]:
            return False
    packager = Packager()
    packager._add_workbook(wb)
    packager._set_in_memory(True)
    sst = xlsxwriter.packager.SharedStrings()  # the class the packager would use
    fast_sst = hasattr(sst, "xml_bytes")  # one that writes bytes straight away
    if not fast_sst:
        packager._write_shared_strings_file()
    packager._write_core_file()
    extra = {name: fh.getvalue().encode("utf-8") for fh, name, _ in packager.filenames}
    if fast_sst and wb.str_table.count:
        extra["xl/sharedStrings.xml"] = sst.xml_bytes(wb.str_table)
    z = FastZipFile(wb._skel_target, "w")
    try:
        for (name, kind, payload), info in zip(sk.parts, sk.infos):
            if kind == "static":
                z.write_deflated(info, *payload)
            elif kind == "sheet":
                index, seg = payload
                dim, fmt, rows = pieces[index]
                z.writestr(info, b"".join((seg[0], dim.encode(), seg[1], fmt.encode(), seg[2], rows.encode(), seg[3])))
            elif kind == "chart":
                segments, holes = payload
                out = [segments[0]]
                for (what, formula), seg in zip(holes, segments[1:]):
                    out += (_cache_xml(chart, what, data[formula]), seg)
                z.writestr(info, b"".join(out))
            elif name in extra:
                z.writestr(info, extra[name])
    finally:
        z.close()
    return True


# ------------------------------------------------------------------------------------- static sheets


class SheetMemo:
    """What building one sheet did, to redo without building it: the structural calls it made,
    the strings it put in the shared-string table (their indices) and, once written, its cell XML
    and the formats that XML used first.

    Valid for another workbook when the sheet's inputs are equal (the caller's ``inputs``: what its
    cells are a function of), the strings get the same indices there, and the formats used before
    it are the same (checked when the XML is placed)."""

    def __init__(self, inputs, calls: list, refs: list[str], sst: dict[str, int]):
        self.inputs = inputs
        self.calls = calls
        self.strings = list(dict.fromkeys(refs))  # first-reference order
        self.indices = [sst[x] for x in self.strings]
        self.count = len(refs)
        self.xml: list[str] | None = None
        self.xf_before: tuple = ()
        self.xf_new: tuple = ()

    def finish(self, xf_before: tuple, xf_new: tuple, xml: list[str]) -> None:
        self.xf_before, self.xf_new, self.xml = xf_before, xf_new, xml

    def fits(self, sst) -> bool:
        """Would the strings get the same indices in this table?"""
        table, nxt = sst.string_table, sst.unique_count
        for x, want in zip(self.strings, self.indices):
            got = table.get(x)
            if got is None:
                got, nxt = nxt, nxt + 1
            if got != want:
                return False
        return True

    def replay(self, sst) -> None:
        """The shared-string table as if the sheet's strings had been written (same order, counts)."""
        table = sst.string_table
        for x in self.strings:
            if x not in table:
                table[x] = sst.unique_count
                sst.unique_count += 1
        sst.count += self.count


def same_values(a, b) -> bool:
    """Equal, and of the same types all the way down: 1 is not True, -0.0 is not 0.0 (a cell
    writes them differently). Identical objects are taken without looking further."""
    if a is b:
        return True
    c = a.__class__
    if c is not b.__class__:
        return False
    if c is list or c is tuple:
        return len(a) == len(b) and all(x is y or same_values(x, y) for x, y in zip(a, b))
    if c is float:
        return repr(a) == repr(b)
    return a == b


_MEMOS: dict[str, list[SheetMemo]] = {}
MEMOS_PER_SHEET = 4


def memo_sheet(wb, ws, inputs, build: Callable[[], None]) -> None:
    """Build a sheet whose cells are a function of ``inputs`` (comparable values), or, when an
    earlier workbook of this process built it from equal inputs, redo only its effects.

    Only in a recorded build (a real build always builds); a build that makes formats is not
    memoized (format numbering must stay the same)."""
    rec = getattr(ws, "_skel_rec", None)
    if rec is None or rec.live or ws.dim_rowmin is not None or ws.__dict__.get("_skel_memo") is not None:
        build()
        return
    key = ws.name
    sst = wb.str_table
    for memo in _MEMOS.get(key, ()):
        if memo.xml is not None and same_values(memo.inputs, inputs) and memo.fits(sst):
            rec.calls.extend(memo.calls)
            memo.replay(sst)
            ws.row_sizes.update(memo.row_sizes)  # drawings are placed from them
            ws._skel_memo = memo
            return
    n_calls, n_formats = len(rec.calls), rec.formats
    refs: list[str] = []
    index = sst._get_shared_string_index

    def noted(x):
        refs.append(x)
        return index(x)

    sst._get_shared_string_index = noted  # this workbook's table only
    try:
        build()
    finally:
        del sst._get_shared_string_index
    if rec.formats != n_formats:
        return
    memo = SheetMemo(inputs, rec.calls[n_calls:], refs, sst.string_table)
    memo.row_sizes = {r: list(v) for r, v in ws.row_sizes.items()}
    ws._skel_memo = memo  # its XML is added when written
    memos = _MEMOS.setdefault(key, [])
    memos.insert(0, memo)
    del memos[MEMOS_PER_SHEET:]


def remember(wb: Workbook) -> None:
    """Keep the package of a real build as the skeleton of its shape (after ``close``)."""
    if not templatable(wb) or wb._skel_files is None:
        return
    sk = Skeleton(wb)
    if not sk.ok:
        return
    chart = _scratch_chart()  # the type of each range's data decides how a chart writes it
    sheets = {ws.name: ws for ws in wb.worksheets()}
    sk.types = {f: chart._get_data_type(sheets[s]._get_range_data(*c)) for f, (s, c) in sk.ranges.items()}
    key = _shape_key(wb, tuple(wb.xf_format_indices))
    _SKELETONS[key] = sk
    while len(_SKELETONS) > MAX_SKELETONS:
        _SKELETONS.popitem(last=False)


def build(target, options: Callable[[], dict], worksheet_base: type, populate: Callable[[Workbook], None]) -> None:
    """Write the workbook ``populate`` builds to ``target``: from the skeleton of its shape when
    this process has one, else for real (keeping the result as that shape's skeleton).
    ``options()`` gives the XlsxWriter workbook options (fresh each time: XlsxWriter changes them)."""
    buf = target if isinstance(target, io.BytesIO) else io.BytesIO()
    start = buf.tell()
    wb = Workbook(buf, options(), Recorder(live=False), worksheet_base)
    populate(wb)
    done = wb.close()
    _dispose(wb)
    if done:
        STATS["from_skeleton"] += 1
    else:
        STATS["built"] += 1
        buf.seek(start)
        buf.truncate()
        wb = Workbook(buf, options(), Recorder(live=True), worksheet_base)
        populate(wb)
        wb.close()
        remember(wb)
        _dispose(wb)
    if buf is not target:
        with open(target, "wb") as fh:
            fh.write(buf.getbuffer())


def _dispose(wb: Workbook) -> None:
    """Break the workbook's reference cycles (each worksheet holds a method of the workbook), so
    its ~10^4 objects go when the last reference does instead of waiting for the collector."""
    for ws in wb.worksheets_objs:
        ws.__dict__.clear()
    rec = wb._skel_rec
    for proxy in rec.charts:
        if proxy.real is not None:
            proxy.real.__dict__.clear()
        proxy.__dict__.clear()
    rec.__dict__.clear()
    wb.__dict__.clear()


def clear() -> None:
    """Forget every skeleton and sheet memo (tests; a long-lived process after a framework reload)."""
    _SKELETONS.clear()
    _MEMOS.clear()
    _LAST_HIT[0] = None
