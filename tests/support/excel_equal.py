"""One normaliser for comparing two builds of a workbook (the ``assertExcelEqual`` idea of
XlsxWriter's tests): :func:`normalise` maps a package to what it holds; the differences it allows
are written down once, in :data:`ALLOWED`; :func:`diff` lists what differs."""

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


def _style(c) -> tuple:
    return (repr(c.font), repr(c.fill), repr(c.border), repr(c.alignment), c.number_format, repr(c.protection))


def normalise(data: bytes) -> dict:
    """Everything a workbook holds, in a form two builds of the same workbook share."""
    out: dict = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(z.namelist()):
            if any(name == k or (k.endswith("/") and name.startswith(k)) for k in ALLOWED):
                if name == "docProps/core.xml":
                    out[name] = re.sub(rb"<dcterms:(created|modified)[^<]*<", b"", z.read(name))
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


