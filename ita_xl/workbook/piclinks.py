"""Keep picture hyperlinks through an openpyxl save.

openpyxl keeps a picture's ``<a:hlinkClick r:id=…>`` but drops the relationship it names, so the
link dangles (or points at the image). xlwings Lite's sheet buttons are exactly such pictures
(REPORT §3.3). :func:`links_by_sheet` reads the targets from the package before the save;
:func:`restore` writes them back into the saved package, sheet by sheet, picture by picture.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from defusedxml import ElementTree as ET

from ..safefile import atomic_save

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_HLINK = "{http://schemas.openxmlformats.org/drawingml/2006/main}hlinkClick"
_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in z.namelist():
        return {}
    out = {}
    for r in ET.fromstring(z.read(rels)).iter(_REL):
        target = r.get("Target", "")
        if not target.startswith("#") and r.get("TargetMode") != "External":
            target = posixpath.normpath(posixpath.join(folder, target)) if not target.startswith("/") else target[1:]
        out[r.get("Id")] = (r.get("Type"), target)
    return out


def _drawings(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its drawing part."""
    wb_rels = _rels(z, "xl/workbook.xml")
    out = {}
    for sheet in ET.fromstring(z.read("xl/workbook.xml")).iter(_SHEET):
        part = wb_rels.get(sheet.get(_R_ID), ("", ""))[1]
        for kind, target in _rels(z, part).values():
            if kind == DRAWING:
                out[sheet.get("name")] = target
    return out


def links_by_sheet(path: str | Path) -> dict[str, list[str | None]]:
    """For each sheet, the hyperlink targets of its drawing's pictures, in document order."""
    with zipfile.ZipFile(path) as z:
        out = {}
        for sheet, drawing in _drawings(z).items():
            rels = _rels(z, drawing)
            targets = [rels.get(h.get(_R_ID), ("", None))[1] for h in ET.fromstring(z.read(drawing)).iter(_HLINK)]
            if any(t for t in targets):
                out[sheet] = targets
    return out


def restore(path: str | Path, links: dict[str, list[str | None]]) -> None:
    """Point every ``hlinkClick`` of the saved package at its original target again (rewrites ``path``)."""
    if not links:
        return
    path = Path(path)
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
        drawings = _drawings(z)
    for sheet, targets in links.items():
        drawing = drawings.get(sheet)
        if drawing is None:
            continue
        folder, name = posixpath.split(drawing)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        xml = parts[drawing].decode("utf-8")
        rels = parts.get(rels_name, b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>').decode("utf-8")
        n = iter(range(len(targets)))

        def relink(m: re.Match) -> str:
            i = next(n)
            return m.group(1) + f"rIdPicLink{i + 1}" + m.group(3) if i < len(targets) and targets[i] else m.group(0)

        xml = re.sub(r'(<(?:\w+:)?hlinkClick\b[^>]*?\br:id=")([^"]*)(")', relink, xml)
        added = "".join(
            f'<Relationship Id="rIdPicLink{i + 1}" Type="{HYPERLINK}" Target="{_escape(t)}"/>'
            for i, t in enumerate(targets) if t
        )
        rels = re.sub(r'<Relationship [^>]*Id="rIdPicLink\d+"[^>]*/>', "", rels).replace("</Relationships>", added + "</Relationships>")
        parts[drawing] = xml.encode("utf-8")
        parts[rels_name] = rels.encode("utf-8")

    def save(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for name, data in parts.items():
                out.writestr(name, data)

    atomic_save(path, save, backup=False)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
