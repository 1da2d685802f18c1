"""xlwings Lite code inside an .xlsx: write and read ``main.py`` and ``requirements.txt``.

Lite keeps its code in the Office add-in settings, which Excel stores as a web-extension part
(``xl/webextensions/webextension1.xml``, each setting a JSON string in an XML attribute), tied to
the package by a task-pane part, a root relationship and two content-type overrides. This layout
was read from workbooks saved by Excel + Lite (add-in ``wa200008175``); whether Lite accepts a file
written here is unverified without Excel (shared/reference/xlwings/REPORT.md §3.2). ``fill`` and
``import`` patch only the sheets they change (:mod:`.patch`), so these parts stay as written.
"""

from __future__ import annotations

import html
import json
import os
import re
import uuid
import zipfile
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from xml.sax.saxutils import escape

from ita_xl import __version__
from ita_xl.io.safefile import atomic_save
from ita_xl.workbook import layout

LITE_ADDIN_ID = "wa200008175"
AUTOSHOW = "Office.AutoShowTaskpaneWithDocument"
WEBEXT_PART = "xl/webextensions/webextension1.xml"
TASKPANES_PART = "xl/webextensions/taskpanes.xml"
TASKPANES_RELS = "xl/webextensions/_rels/taskpanes.xml.rels"
_NS_WE = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
_NS_WETP = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL_TASKPANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
_REL_WEBEXT = "http://schemas.microsoft.com/office/2011/relationships/webextension"
_CONTENT_TYPES = {
    "/" + TASKPANES_PART: "application/vnd.ms-office.webextensiontaskpanes+xml",
    "/" + WEBEXT_PART: "application/vnd.ms-office.webextension+xml",
}
_PROPERTY = re.compile(r'<we:property name="([^"]*)" value="([^"]*)"\s*/>')


def button_cell(sheet_key: str) -> str:
    """The cell a Lite sheet button covers: row 1, one column right of the sheet's table.

    Lite buttons are a picture (or shape) whose hyperlink points at the cell it covers; selecting
    that cell runs the script whose ``button=`` names it (REPORT §3.3). The template places the
    picture here, ``main.py`` names the same cell through :func:`button_ref`.

    >>> button_cell("settings"), button_cell("plan")
    ('E1', 'Q1')
    """
    table = layout.TABLES.get(sheet_key) or layout.DOCS.get(sheet_key)
    width = table.n_cols if table is not None else layout.SETTINGS_KEY_COL
    return layout.cell(layout.TITLE_ROW, width + 2)


def button_ref(sheet_key: str) -> str:
    """``button=`` of ``@script``: ``"แผนปฏิบัติการ!O1"`` (no ``[name]``: XlsxWriter cannot name pictures).

    >>> button_ref("plan")
    'แผนปฏิบัติการ!Q1'
    """
    return f"{layout.SHEETS[sheet_key].name}!{button_cell(sheet_key)}"


def buttons() -> dict[str, str]:
    """Sheet key -> button cell, for every sheet with a command (what the template draws)."""
    return {s.key: button_cell(s.key) for s in layout.working_sheets()}


# -- the bundle: ita_xl's pure code inside main.py ------------------------------------------------
# Lite runs one main.py and installs requirements.txt with micropip from PyPI, where ita-xl is not
# published. So main.py carries what the scripts and functions import: every module of the package
# except the parts that need compiled or desktop-only libraries, and the framework data, as a zip
# (base64) that main.py unpacks into Pyodide's in-memory file system and puts first on sys.path.
# requirements.txt then needs xlwings only. tests/test_lite_pyodide.py runs it in Pyodide.
_NOT_BUNDLED = (
    "batch/", "cli/", "__main__.py", "desktop.py", "udfs.py",
    "excel/desktop.py", "excel/doctor/", "excel/lite_main.py",
    "report/docx.py", "report/docxml.py", "report/chart.py", "report/pdf.py", "report/pdflinks.py", "report/pdfcheck.py",
    "report/uno_convert.py", "report/pdftext.py", "report/pdfstream.py", "report/inputs.py", "report/templates/", "samples/", "io/fonts.py", "io/case.py",
    "xlsx/template.py", "xlsx/fastzip.py", "xlsx/cells.py", "xlsx/package.py", "xlsx/patch.py",
    "xlsx/fileio.py", "xlsx/detect.py", "xlsx/inputs.py", "xlsx/buttons.py", "xlsx/sheets.py", "xlsx/repair.py",
    "lint/", "report/files.py",
)
_BUNDLE_DATE = (2024, 1, 1, 0, 0, 0)  # fixed: the same package gives the same main.py


def bundle_files() -> dict[str, bytes]:
    """Archive name (``ita_xl/...``) -> bytes of what main.py carries."""
    root = resources.files("ita_xl")
    out: dict[str, bytes] = {}

    def walk(node, rel: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            name = rel + child.name
            if child.name == "__pycache__" or any(name == x or name.startswith(x) for x in _NOT_BUNDLED):
                continue
            if child.is_dir():
                walk(child, name + "/")
            elif name.endswith((".py", ".toml", ".csv")):
                out["ita_xl/" + name] = child.read_bytes()

    walk(root, "")
    return out


@lru_cache(maxsize=1)
def bundle_zip() -> bytes:
    """The bundle as a deterministic zip (made once per process: a batch of Lite workbooks shares it)."""
    import io  # noqa: PLC0415

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in bundle_files().items():
            info = zipfile.ZipInfo(name, _BUNDLE_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


_LOADER = '''# -- ita_xl {version}, bundled ------------------------------------------------------------------
# The package's pure-Python code and framework data (a zip, base64), written by `ita-xl new`: Lite
# needs no package index for it (requirements.txt has xlwings only). The workbook's commands and
# functions follow the bundle (search for "ITA commands").
def _load_ita_xl(data, tag):
    import base64, io, os, sys, tempfile, zipfile

    root = os.path.join(tempfile.gettempdir(), "ita_xl_bundle_" + tag)
    if not os.path.exists(os.path.join(root, "ita_xl", "__init__.py")):
        zipfile.ZipFile(io.BytesIO(base64.b64decode(data))).extractall(root)
    if sys.path[:1] != [root]:
        sys.path.insert(0, root)
    for name in [m for m in sys.modules if m == "ita_xl" or m.startswith("ita_xl.")]:
        if not (getattr(sys.modules[name], "__file__", "") or "").startswith(root):
            del sys.modules[name]  # another copy was imported before: use the bundled one


_load_ita_xl("""
{data}
""", "{tag}")
del _load_ita_xl

# -- ITA commands -----------------------------------------------------------------------------------
'''


def bundle_tag(data: bytes | None = None) -> str:
    import hashlib  # noqa: PLC0415

    return f"{__version__}_{hashlib.sha256(bundle_zip() if data is None else data).hexdigest()[:12]}"


def default_main_py() -> str:
    """The workbook's ``main.py``: the bundle loader, then ``ita_xl/excel/lite_main.py``."""
    import base64  # noqa: PLC0415
    import textwrap  # noqa: PLC0415

    data = bundle_zip()
    encoded = "\n".join(textwrap.wrap(base64.b64encode(data).decode("ascii"), 100))
    body = resources.files("ita_xl").joinpath("excel/lite_main.py").read_text(encoding="utf-8")
    doc = ""
    if body.startswith('"""'):  # the module docstring stays first
        end = body.index('"""', 3) + 3
        doc, body = body[:end] + "\n\n", body[end:].lstrip("\n")
    return doc + _LOADER.format(version=__version__, data=encoded, tag=bundle_tag(data)) + body


def default_requirements() -> str:
    """What Lite installs with micropip: xlwings, pinned to the version this package was tested with.

    >>> default_requirements().splitlines()[0]
    'xlwings==0.37.8'
    """
    try:
        xlwings_version = metadata.version("xlwings")
    except metadata.PackageNotFoundError:  # pragma: no cover
        xlwings_version = "0.37.8"
    return f"xlwings=={xlwings_version}\n"


def _attr(value: str) -> str:
    return '"' + escape(value, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}) + '"'


def _property(name: str, value: str | bool) -> str:
    # Office stores each setting JSON-encoded: code as a JSON string, switches as true/false
    return f"<we:property name={_attr(name)} value={_attr(json.dumps(value, ensure_ascii=False))}/>"


def _webextension_xml(props: dict[str, str]) -> str:
    body = "".join(_property(k, v) for k, v in props.items())
    ref = f'<we:reference id="{LITE_ADDIN_ID}" version="1.0.0.0" store="en-US" storeType="OMEX"/>'
    alt = (
        f'<we:alternateReferences><we:reference id="{LITE_ADDIN_ID.upper()}" version="1.0.0.0" '
        f'store="{LITE_ADDIN_ID.upper()}" storeType="OMEX"/></we:alternateReferences>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<we:webextension xmlns:we="{_NS_WE}" id="{{{str(uuid.uuid4()).upper()}}}">'
        f"{ref}{alt}<we:properties>{body}</we:properties><we:bindings/>"
        f'<we:snapshot xmlns:r="{_NS_R}"/></we:webextension>'
    )


def _taskpanes_xml() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<wetp:taskpanes xmlns:wetp="{_NS_WETP}"><wetp:taskpane dockstate="right" visibility="1" '
        f'width="438" row="1"><wetp:webextensionref xmlns:r="{_NS_R}" r:id="rId1"/>'
        "</wetp:taskpane></wetp:taskpanes>"
    )


def _with_root_relationship(rels: str) -> str:
    if _REL_TASKPANES in rels:
        return rels
    ids = {int(i) for i in re.findall(r'Id="rId(\d+)"', rels)}
    rid = f"rId{max(ids | {0}) + 1}"
    rel = f'<Relationship Id="{rid}" Type="{_REL_TASKPANES}" Target="{TASKPANES_PART}"/>'
    return rels.replace("</Relationships>", rel + "</Relationships>")


def _with_content_types(ct: str) -> str:
    """The two parts' overrides, added or set right (LibreOffice keeps the task-pane part as
    ``application/xml``)."""
    for part, ctype in _CONTENT_TYPES.items():
        if f'PartName="{part}"' not in ct:
            ct = ct.replace("</Types>", f'<Override PartName="{part}" ContentType="{ctype}"/></Types>')
        else:
            ct = re.sub(rf'(<Override PartName="{re.escape(part)}" ContentType=")[^"]*(")', rf"\g<1>{ctype}\g<2>", ct)
    return ct


def embed(path: str | os.PathLike, main_py: str | None = None, requirements: str | None = None) -> Path:
    """Write (or replace) the Lite code parts inside the workbook at ``path``, atomically."""
    path = Path(path)
    props = {
        "main.py": default_main_py() if main_py is None else main_py,
        "requirements.txt": default_requirements() if requirements is None else requirements,
        # Office's documented switch for "open this add-in's task pane with the document"
        # (with the task pane part's visibility="1"): Lite starts when the workbook opens.
        AUTOSHOW: True,
    }
    with zipfile.ZipFile(path) as zin:
        infos = zin.infolist()
        parts = {i.filename: zin.read(i.filename) for i in infos}
    parts[WEBEXT_PART] = _webextension_xml(props).encode("utf-8")
    parts.setdefault(TASKPANES_PART, _taskpanes_xml().encode("utf-8"))
    parts.setdefault(
        TASKPANES_RELS,
        (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL_WEBEXT}" Target="webextension1.xml"/></Relationships>'
        ).encode("utf-8"),
    )
    parts["_rels/.rels"] = _with_root_relationship(parts["_rels/.rels"].decode("utf-8")).encode("utf-8")
    parts["[Content_Types].xml"] = _with_content_types(parts["[Content_Types].xml"].decode("utf-8")).encode("utf-8")

    order = ["[Content_Types].xml"] + [i.filename for i in infos if i.filename != "[Content_Types].xml"]
    order += [n for n in parts if n not in order]

    def save(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
            for name in order:
                zout.writestr(name, parts[name])

    atomic_save(path, save, backup=False)  # the code part of the same workbook: no .bak of it
    return path


def extract(path: str | os.PathLike) -> dict[str, str]:
    """The Lite settings stored in a workbook (``main.py``, ``requirements.txt``, ...); ``{}`` if none."""
    out: dict[str, str] = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not re.fullmatch(r"xl/webextensions/webextension\d+\.xml", name):
                continue
            xml = z.read(name).decode("utf-8")
            if LITE_ADDIN_ID not in xml.lower():
                continue
            for key, value in _PROPERTY.findall(xml):
                out[html.unescape(key)] = json.loads(html.unescape(value))
    return out


def has_lite_code(path: str | os.PathLike) -> bool:
    return "main.py" in extract(path)
