"""Put ita_xl's own code parts back into a workbook another program saved.

LibreOffice keeps the cells but not always the code: saving the Lite ``.xlsx`` drops
``xl/webextensions/webextension1.xml`` (the part that holds ``main.py``), and saving the desktop
``.xlsm`` rewrites the xlwings VBA project (the ``Dictionary`` class loses its declaration, modules
are re-encoded). :func:`inspect` tells what a workbook's code is; :func:`repair` puts ita_xl's own
back, touching no other part (every staff cell stays). A VBA project holding macros of the staff's
own (any module beyond xlwings' quickstart project, or code in a sheet's module) is never
overwritten: the notice says so and what to do.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ita_xl.xlsx import lite
from ita_xl.io.safefile import atomic_save
from ita_xl.xlsx import buttons
from ita_xl.workbook import layout
from ita_xl.workbook.ops import Notice

VBA_PART = "xl/vbaProject.bin"
_VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_VBA_TYPE = "application/vnd.ms-office.vbaProject"
_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_DOC_MODULE = re.compile(r"^(ThisWorkbook|Sheet\d+)$")
_ATTR_LINE = re.compile(r"^\s*(Attribute\s|Option\s|VERSION\s|BEGIN\b|END\b|MultiUse\b)", re.IGNORECASE)

# What a VBA project is: xlwings' own as built; all modules xlwings' but the project differs
# (another program saved it); a part missing; macros of the staff's own; not readable here.
OURS, REWRITTEN, MISSING, STAFF, UNKNOWN = "ours", "rewritten", "missing", "staff", "unknown"


@dataclass
class State:
    """What a workbook's code parts are (``runtime``: "lite", "desktop" or "" when not ita_xl's)."""

    runtime: str
    lite_code: bool = False  # main.py present (Lite)
    lite_trace: bool = False  # the task-pane part Lite's code hangs from (LibreOffice keeps it)
    vba: str = ""  # one of OURS, REWRITTEN, MISSING, STAFF, UNKNOWN (desktop)
    staff_modules: list[str] = field(default_factory=list)

    @property
    def broken(self) -> bool:
        return (self.runtime == "lite" and not self.lite_code) or (self.runtime == "desktop" and self.vba in (REWRITTEN, MISSING))


def _names(z: zipfile.ZipFile) -> set[str]:
    return set(z.namelist())


def _is_ita(z: zipfile.ZipFile) -> bool:
    """An ita_xl workbook: its workbook part names the settings sheet."""
    try:
        xml = z.read("xl/workbook.xml").decode("utf-8", "replace")
    except KeyError:
        return False
    name = layout.SHEETS["settings"].name
    return f'name="{name}"' in xml or f"name='{name}'" in xml


def _code(source: str) -> str:
    """A module's code without its attribute and option lines, blank lines and line-end style."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(x.rstrip() for x in lines if x.strip() and not _ATTR_LINE.match(x))


def vba_modules(path: str | Path | None = None, data: bytes | None = None) -> dict[str, str] | None:
    """VBA module name -> source (olevba) of a workbook or project; None when oletools is not installed."""
    try:
        from oletools.olevba import VBA_Parser  # noqa: PLC0415 - optional: read only when a project is looked at
    except ImportError:
        return None
    parser = VBA_Parser(str(path or "vbaProject.bin"), data=data)
    try:
        if not parser.detect_vba_macros():
            return {}
        return {Path(name).stem: code for _f, _s, name, code in parser.extract_macros()}
    finally:
        parser.close()


def staff_modules(modules: dict[str, str], reference: dict[str, str]) -> list[str]:
    """The modules holding code that is not xlwings' quickstart project's (the staff's own macros).

    >>> ref = {"Module1": "Attribute VB_Name = \\"Module1\\"\\r\\nSub SampleCall()\\r\\nEnd Sub"}
    >>> staff_modules({"Module1": "Sub SampleCall()\\nEnd Sub", "Sheet3": "Attribute VB_Name = \\"Sheet3\\""}, ref)
    []
    >>> staff_modules({"Module2": "Sub Mine()\\nEnd Sub", "Sheet1": "Sub Worksheet_Change()\\nEnd Sub"}, ref)
    ['Module2', 'Sheet1']
    """
    out = []
    for name, source in modules.items():
        code = _code(source)
        if name in ("xlwings", "Dictionary"):  # xlwings' own library modules: put back as shipped
            continue
        if _DOC_MODULE.match(name) and not code:
            continue
        if name in reference and code == _code(reference[name]):
            continue
        out.append(name)
    return sorted(out)


def inspect(path: str | os.PathLike) -> State:
    """What the code parts of the workbook at ``path`` are."""
    path = Path(path)
    with zipfile.ZipFile(path) as z:
        if not _is_ita(z):
            return State("")
        names = _names(z)
        if path.suffix.lower() != ".xlsm":
            return State("lite", lite_code=lite.has_lite_code(path), lite_trace=lite.TASKPANES_PART in names)
        if VBA_PART not in names:
            return State("desktop", vba=MISSING)
        data = z.read(VBA_PART)
    pristine = buttons.xlwings_vba_project()
    if data == pristine:
        return State("desktop", vba=OURS)
    modules = vba_modules(path)
    if modules is None:
        return State("desktop", vba=UNKNOWN)
    staff = staff_modules(modules, vba_modules(data=pristine) or {})
    return State("desktop", vba=STAFF if staff else REWRITTEN, staff_modules=staff)


def _put_vba(path: Path) -> None:
    """``xl/vbaProject.bin`` as xlwings ships it, with its relationship and content types."""
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        parts = {i.filename: z.read(i.filename) for i in infos}
    parts[VBA_PART] = buttons.xlwings_vba_project()
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = parts[rels_name].decode("utf-8")
    if _VBA_REL not in rels:
        ids = {int(i) for i in re.findall(r'Id="rId(\d+)"', rels)}
        rel = f'<Relationship Id="rId{max(ids | {0}) + 1}" Type="{_VBA_REL}" Target="vbaProject.bin"/>'
        parts[rels_name] = rels.replace("</Relationships>", rel + "</Relationships>").encode("utf-8")
    ct = parts["[Content_Types].xml"].decode("utf-8")
    if 'PartName="/xl/vbaProject.bin"' not in ct:
        ct = ct.replace("</Types>", f'<Override PartName="/xl/vbaProject.bin" ContentType="{_VBA_TYPE}"/></Types>')
    ct = re.sub(r'(<Override PartName="/xl/workbook.xml" ContentType=")[^"]*(")', rf"\g<1>{_MACRO_MAIN}\g<2>", ct)
    parts["[Content_Types].xml"] = ct.encode("utf-8")
    order = [i.filename for i in infos] + ([VBA_PART] if VBA_PART not in {i.filename for i in infos} else [])

    def save(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for name in order:
                out.writestr(name, parts[name])

    atomic_save(path, save, backup=False)  # the code part of the same workbook: no .bak of it


def repair(path: str | os.PathLike, *, force: bool = False) -> list[Notice]:
    """Put ita_xl's code parts back where another program removed or rewrote them; say what was done.

    Nothing is written when the parts are whole; a VBA project with the staff's own macros is left
    as it is, with a warning saying what to do. An .xlsx gets Lite's code back where Lite's task pane
    is still there (a Lite workbook another program saved), or when ``force`` (``doctor --fix``)."""
    path = Path(path)
    state = inspect(path)
    if state.runtime == "lite" and not state.lite_code and (state.lite_trace or force):
        lite.embed(path)
        return [Notice(
            "warning",
            f"{path.name}: โค้ดของ xlwings Lite (main.py) หายไป (เช่น บันทึกด้วย LibreOffice) ใส่คืนให้แล้ว "
            "ข้อมูลในเซลล์ไม่เปลี่ยน",
            f"{path.name}: its xlwings Lite code (main.py, xl/webextensions/webextension1.xml) was missing "
            "(another program, e.g. LibreOffice, saved it without it); put back, cells unchanged",
        )]
    if state.runtime == "desktop" and state.vba in (REWRITTEN, MISSING):
        _put_vba(path)
        what = "was missing" if state.vba == MISSING else "was rewritten by another program (e.g. LibreOffice)"
        return [Notice(
            "warning",
            f"{path.name}: โปรเจกต์ VBA ของ xlwings {'หายไป' if state.vba == MISSING else 'ถูกโปรแกรมอื่นเขียนใหม่ (เช่น LibreOffice)'} "
            "ใส่ของเดิมคืนให้แล้ว ข้อมูลในเซลล์ไม่เปลี่ยน",
            f"{path.name}: its xlwings VBA project {what}; xlwings' own put back, cells unchanged",
        )]
    if state.runtime == "desktop" and state.vba == UNKNOWN:
        return [Notice(
            "warning",
            f"{path.name}: โปรเจกต์ VBA ต่างจากของ xlwings (อาจถูกโปรแกรมอื่นบันทึกทับ) ติดตั้ง oletools "
            "(pip install oletools) เพื่อให้ ita-xl ตรวจและใส่คืนได้",
            f"{path.name}: its VBA project differs from xlwings' (another program may have saved it); install "
            "oletools (pip install oletools) so that ita-xl can check it for macros of your own and put it back",
        )]
    if state.runtime == "desktop" and state.vba == STAFF:
        mods = ", ".join(state.staff_modules)
        return [Notice(
            "warning",
            f"{path.name}: โปรเจกต์ VBA มีมาโครของเจ้าหน้าที่เอง ({mods}) จึงไม่เขียนทับ ถ้าปุ่มทำงานไม่ได้ "
            "ให้ส่งออกโมดูลเหล่านั้นใน Excel (Alt+F11 > File > Export) สร้างสมุดงานใหม่ด้วย ita-xl new แล้วนำเข้าโมดูลกลับ",
            f"{path.name}: the VBA project holds macros of your own ({mods}), so it is not overwritten; if the "
            "buttons fail, export those modules in Excel (Alt+F11 > File > Export), make a new workbook with "
            "`ita-xl new` and import them into it",
        )]
    return []
