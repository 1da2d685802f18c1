"""One normaliser for comparing two builds of a workbook (the ``assertExcelEqual`` idea of
XlsxWriter's tests): :func:`normalise` maps a package to what it holds; the differences it allows
are written down once, in :data:`ALLOWED` (and, against a golden workbook made earlier, in
:data:`GOLDEN_ALLOWED`); :func:`diff` lists what differs.

The golden workbooks (``tests/data/golden/workbook_*.xlsx``, :data:`GOLDENS`) are made only by
``scripts/regen_workbook_goldens.py``; a test never writes them."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl

# What may differ between a plain build and a patched one, and how it is compared instead:
ALLOWED = {
    "xl/styles.xml": "the template holds every format of the shape (style ids differ): cells are "
                     "compared by their resolved font, fill, border, alignment, number format, protection",
    "xl/sharedStrings.xml": "string order and unused template strings: cells are compared by value",
    "xl/worksheets/": "cell XML (style ids, string indices, row spans): compared cell by cell through openpyxl",
    "docProps/core.xml": "the creation time",
}


# What may differ between a build today and a golden workbook made earlier, on top of ALLOWED:
GOLDEN_ALLOWED = {
    "Lite's main.py": "the package's own code and data, bundled at build time (stored as a "
                      "placeholder in the golden; tests/test_lite_pyodide.py runs the real one)",
    "Lite's requirements.txt": "the pinned xlwings version",
    "xl/webextensions/": "the add-in instance's id, a new GUID per build",
    "xl/media/": "the button pictures, drawn by Pillow with the fonts installed: compared by pixel size",
    "XlsxWriter's version": "from 3.3 it rounds row heights to whole pixels and names fonts' scheme "
                            "(minor): heights compared in whole pixels, fonts without their scheme",
}
# What may differ between a ready workbook in workbook/ (scripts/build_workbooks.py) and the same
# file built now, on top of ALLOWED; Lite's main.py and requirements.txt are compared whole (a
# ready workbook must carry the package's code as it is now):
READY_ALLOWED = {
    "xl/webextensions/": "the add-in instance's id, a new GUID per build",
    "xl/media/": "the button pictures, drawn by Pillow with the fonts installed: compared by pixel size",
}
_SCHEME = re.compile(r"scheme=(?:'\w+'|None)")
_LITE_PROPERTY = re.compile(rb'(<we:property name="(?:main\.py|requirements\.txt)" value=")[^"]*(")')
PLACEHOLDER = b"(bundled at build time)"
_GUID = re.compile(rb"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}")

# name -> the `ita-xl new` arguments that build it (the workbook path follows them)
GOLDENS = {
    "workbook_blank_2569.xlsx": ["new", "--runtime", "lite", "--year", "2569"],
    "workbook_sample_2566.xlsx": ["new", "--runtime", "lite", "--sample"],
}


def strip_lite_code(data: bytes) -> bytes:
    """The package with Lite's bundled main.py and requirements.txt replaced by a placeholder."""
    src, buf = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            part = src.read(info)
            if info.filename.startswith("xl/webextensions/webextension"):
                part = _LITE_PROPERTY.sub(lambda m: m.group(1) + PLACEHOLDER + m.group(2), part)
            out.writestr(info, part)
    return buf.getvalue()


def build_golden(name: str, folder) -> bytes:
    """The golden workbook ``name`` built now (through the CLI), its Lite code stripped."""
    from pathlib import Path  # noqa: PLC0415

    from ita_xl.cli import main  # noqa: PLC0415

    path = Path(folder) / name
    assert main([*GOLDENS[name], str(path)]) == 0, name
    return strip_lite_code(path.read_bytes())


def _png_size(data: bytes) -> tuple:
    return ("png", int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big"))


def _style(c) -> tuple:
    return (repr(c.font), repr(c.fill), repr(c.border), repr(c.alignment), c.number_format, repr(c.protection))


def normalise(data: bytes, golden: bool = False, ready: bool = False) -> dict:
    """Everything a workbook holds, in a form two builds of the same workbook share (``golden``:
    and a build today shares with a golden one, :data:`GOLDEN_ALLOWED`; ``ready``: and a ready
    workbook shares with a build today, :data:`READY_ALLOWED`)."""
    out: dict = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(z.namelist()):
            if any(name == k or (k.endswith("/") and name.startswith(k)) for k in ALLOWED):
                if name == "docProps/core.xml":
                    out[name] = re.sub(rb"<dcterms:(created|modified)[^<]*<", b"", z.read(name))
                continue
            if (golden or ready) and name.startswith("xl/media/"):
                out[name] = _png_size(z.read(name))
                continue
            if (golden or ready) and name.startswith("xl/webextensions/"):
                part = z.read(name)
                if golden:
                    part = _LITE_PROPERTY.sub(lambda m: m.group(1) + PLACEHOLDER + m.group(2), part)
                out[name] = _GUID.sub(b"{GUID}", part)
                continue
            out[name] = z.read(name)  # every other part (charts with their caches, drawings,
            # VBA, workbook.xml with its defined names, relationships, content types): as is
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        sheet = out[f"sheet {ws.title}"] = {}
        sheet["cells"] = {(c.coordinate): (c.value, c.data_type, _style(c))
                          for row in ws.iter_rows() for c in row if c.value is not None or c.has_style}
        sheet["rows"] = {r: (d.height, d.customHeight) for r, d in ws.row_dimensions.items() if d.height}
        sheet["cols"] = {k: (d.width, d.min, d.max) for k, d in ws.column_dimensions.items()}
        sheet["merged"] = sorted(str(m) for m in ws.merged_cells.ranges)
        sheet["validations"] = sorted(repr((str(v.sqref), v.type, v.formula1, v.formula2, v.operator, v.errorStyle))
                                      for v in ws.data_validations.dataValidation)
        sheet["conditional"] = sorted(repr((str(cf.sqref), [(r.type, r.formula, r.priority, repr(r.dxf), repr(r.dataBar))
                                                             for r in cf.rules]))
                                      for cf in ws.conditional_formatting)
        sheet["view"] = (ws.freeze_panes, ws.sheet_state, ws.print_area, ws.print_title_rows,
                         repr(ws.page_setup), repr(ws.page_margins), ws.oddFooter.center.text)
    if golden:
        for sheet in (v for k, v in out.items() if k.startswith("sheet ")):
            sheet["rows"] = {r: (int(h * 4 / 3 + 0.5) * 0.75, c) for r, (h, c) in sheet["rows"].items()}
            sheet["cells"] = {k: (v, t, (_SCHEME.sub("scheme=?", st[0]), *st[1:]))
                              for k, (v, t, st) in sheet["cells"].items()}
    out["defined names"] = sorted(repr((n, d.attr_text)) for n, d in wb.defined_names.items())
    return out


def diff(a: dict, b: dict) -> list[str]:
    out = []
    for k in sorted(set(a) | set(b), key=str):
        if a.get(k) != b.get(k):
            if isinstance(a.get(k), dict) and isinstance(b.get(k), dict):
                for j in sorted(set(a[k]) | set(b[k])):
                    x, y = a[k].get(j), b[k].get(j)
                    if x != y:
                        if isinstance(x, dict) and isinstance(y, dict):
                            bad = [c for c in sorted(set(x) | set(y), key=str) if x.get(c) != y.get(c)]
                            out.append(f"{k} {j}: {[(c, x.get(c), y.get(c)) for c in bad[:3]]}")
                        else:
                            out.append(f"{k} {j}: {str(x)[:200]} != {str(y)[:200]}")
            else:
                out.append(f"{k}: differs")
    return out


