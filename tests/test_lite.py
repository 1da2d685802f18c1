"""Embedding xlwings Lite code in an .xlsx and reading it back (structure only: no Excel here)."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from ita_xl.xlsx import lite
from ita_xl.workbook import layout as L


@pytest.fixture()
def xlsx(tmp_path):
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = L.SHEETS["settings"].name
    wb.active["A1"] = "ข้อมูลหน่วยงาน"
    wb.save(path)
    return path


def _parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_embed_extract_round_trip(xlsx):
    before = _parts(xlsx)
    lite.embed(xlsx)
    got = lite.extract(xlsx)
    assert got["main.py"] == lite.default_main_py()
    assert got["requirements.txt"] == lite.default_requirements()
    assert got[lite.AUTOSHOW] is True  # the add-in's task pane opens with the workbook
    assert b'visibility="1"' in _parts(xlsx)[lite.TASKPANES_PART]
    after = _parts(xlsx)
    for name, data in before.items():  # nothing else changed except the two registries
        if name not in ("[Content_Types].xml", "_rels/.rels"):
            assert after[name] == data, name
    assert {lite.WEBEXT_PART, lite.TASKPANES_PART, lite.TASKPANES_RELS} <= set(after)
    assert b"webextensiontaskpanes" in after["_rels/.rels"]
    ct = after["[Content_Types].xml"].decode()
    assert "/xl/webextensions/webextension1.xml" in ct and "/xl/webextensions/taskpanes.xml" in ct
    assert list(after)[0] == "[Content_Types].xml"
    assert openpyxl.load_workbook(xlsx)[L.SHEETS["settings"].name]["A1"].value == "ข้อมูลหน่วยงาน"


def test_code_with_quotes_newlines_and_thai_survives(xlsx):
    code = 'print("สวัสดี <&> \'x\'")\n\tif a < b and c > d:\n\r\n    pass\n'
    lite.embed(xlsx, main_py=code, requirements="xlwings==0.37.8\n")
    assert lite.extract(xlsx) == {"main.py": code, "requirements.txt": "xlwings==0.37.8\n", lite.AUTOSHOW: True}


def test_embed_twice_replaces_the_code(xlsx):
    lite.embed(xlsx, main_py="a = 1\n")
    lite.embed(xlsx, main_py="a = 2\n")
    assert lite.extract(xlsx)["main.py"] == "a = 2\n"
    parts = _parts(xlsx)
    assert parts["_rels/.rels"].count(b"webextensiontaskpanes") == 1
    assert parts["[Content_Types].xml"].count(b"webextension1.xml") == 1
    with zipfile.ZipFile(xlsx) as z:
        assert len(z.namelist()) == len(set(z.namelist()))


def test_embed_is_atomic_on_failure(xlsx, monkeypatch):
    before = xlsx.read_bytes()

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(lite.os, "replace", boom)
    with pytest.raises(OSError):
        lite.embed(xlsx)
    assert xlsx.read_bytes() == before
    assert [p.name for p in xlsx.parent.iterdir()] == [xlsx.name]


def test_buttons_sit_right_of_each_table_in_row_one():
    cells = lite.buttons()
    assert set(cells) == {s.key for s in L.working_sheets()}
    for key, cell in cells.items():
        row, col = L.parse_cell(cell)
        table = L.TABLES.get(key)
        assert row == L.TITLE_ROW and col > (table.n_cols if table else L.SETTINGS_KEY_COL)


def test_requirements_are_xlwings_only_and_the_package_is_bundled():
    import base64
    import io
    import re

    import ita_xl

    assert lite.default_requirements() == f"xlwings=={__import__('xlwings').__version__}\n"
    main = lite.default_main_py()
    data = re.search(r'_load_ita_xl\("""\n(.*?)\n"""', main, re.S).group(1)
    names = zipfile.ZipFile(io.BytesIO(base64.b64decode(data))).namelist()
    assert names == sorted(lite.bundle_files())
    assert "ita_xl/frameworks/2566/questions.csv" in names and "ita_xl/workbook/actions.py" in names
    assert "ita_xl/report/model.py" in names and "ita_xl/report/sheet.py" in names  # the report sheet's model
    assert {"ita_xl/excel/udfs.py", "ita_xl/workbook/functions.py"} <= set(names)  # main.py imports the UDFs
    assert not any(n.startswith(("ita_xl/excel/doctor", "ita_xl/excel/desktop")) for n in names)
    assert not any(n.startswith(("ita_xl/report/docx", "ita_xl/report/chart", "ita_xl/report/pdf", "ita_xl/batch/"))
                   or n.endswith("template.py") for n in names)
    assert f"ita_xl {ita_xl.__version__}, bundled" in main
    assert lite.default_main_py() == main  # deterministic: the same package, the same main.py


def test_packaged_main_py_compiles_and_only_uses_portable_imports():
    import ast

    tree = ast.parse(lite.default_main_py())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert {"xlwings", "ita_xl.excel.udfs", "ita_xl.workbook"} <= imported
    assert not any(m and m.startswith(("openpyxl", "xlsxwriter", "python_calamine")) for m in imported)
