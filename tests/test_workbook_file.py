"""Workbook files: the template (XlsxWriter), in-place import/fill (openpyxl), the CLI."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from ita_xl.cli import main
from ita_xl.errors import InputError
from ita_xl.io.case import SAMPLE
from ita_xl.workbook import actions as C
from ita_xl.workbook import layout as L
from ita_xl.xlsx.fileio import apply_ops, snapshot_of
from ita_xl.workbook.ops import Write
from ita_xl.xlsx.detect import is_ita_workbook, read_workbook_case

SCORES = SAMPLE.with_name("lampang_pao_2566.csv")


def values(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's cells as openpyxl reads them (formulas as their text), trailing blanks dropped."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        while rows and all(v is None for v in rows[-1]):
            rows.pop()
        out[ws.title] = [[v for v in r] for r in rows]
    return out


def vba(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/vbaProject.bin")


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("sample")
    assert main(["new", str(d / "ita_sample.xlsm"), "--sample"]) == 0
    return d / "ita_sample.xlsm"


@pytest.fixture()
def book(sample_book, tmp_path) -> Path:
    p = tmp_path / sample_book.name
    shutil.copy(sample_book, p)
    return p


def test_new_sample_opens_everywhere_with_every_sheet(sample_book):
    names = [s.name for s in L.SHEET_LIST] + [L.CONF_SHEET]
    assert openpyxl.load_workbook(sample_book, keep_vba=True).sheetnames == names
    assert CalamineWorkbook.from_path(str(sample_book)).sheet_names == names
    assert sample_book.with_name("ita_sample.py").read_text(encoding="utf-8").count("from ita_xl.excel.desktop import main") == 1
    assert is_ita_workbook(sample_book)
    case = read_workbook_case(sample_book)
    assert case.org.name == "องค์การบริหารส่วนจังหวัดลำปาง" and case.scores.year == 2566


def test_vba_and_buttons(sample_book):
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(sample_book))
    modules = {name: code for (_, _, name, code) in parser.extract_macros()}
    parser.close()
    assert "xlwings.bas" in modules and "Sub SampleCall" in modules["Module1.bas"]
    with zipfile.ZipFile(sample_book) as z:
        vml = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/drawings/vmlDrawing")]
        wbxml = z.read("xl/workbook.xml").decode("utf-8")
    assert len(vml) == len(L.working_sheets())
    for doc in vml:
        assert doc.count('ObjectType="Button"') == 1
        assert "<x:FmlaMacro>[0]!SampleCall</x:FmlaMacro>" in doc
    assert 'codeName="ThisWorkbook"' in wbxml


def test_charts_validation_conditional_formats(sample_book):
    with zipfile.ZipFile(sample_book) as z:
        names = z.namelist()
        sheets = {n: z.read(n).decode("utf-8") for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)}
        charts = [z.read(n).decode("utf-8") for n in names if n.startswith("xl/charts/chart")]
    assert len(charts) == 2
    assert any("<c:barChart>" in c and '<c:barDir val="col"/>' in c for c in charts)
    assert any('<c:barDir val="bar"/>' in c for c in charts)
    assert sum("<dataValidation " in x for x in sheets.values()) >= 5
    assert sum("<conditionalFormatting" in x for x in sheets.values()) >= 5
    ind = next(x for x in sheets.values() if "AVERAGEIF" in x)
    assert "ROUND(SUMPRODUCT(" in ind and "ผ่านดีเยี่ยม" in ind
    from ita_xl.xlsx.patch import Book  # noqa: PLC0415

    part = Book(sample_book).sheet_part
    docs = {part[d.sheet] for d in L.DOCS.values() if not d.landscape}  # A4 portrait, as the DOCX's first pages
    setups = {n: re.search(r"<pageSetup [^>]*>", x) for n, x in sheets.items() if n != part[L.CONF_SHEET]}
    assert all(m and 'paperSize="9"' in m.group() for m in setups.values())
    assert all(('orientation="portrait"' if n in docs else 'orientation="landscape"') in m.group() for n, m in setups.items())


def test_fill_twice_is_identical_and_keeps_user_work(book):
    wb = openpyxl.load_workbook(book, keep_vba=True)
    wb.create_sheet("บันทึกของฉัน")["A1"] = "ของผู้ใช้"
    ws = wb[L.PLAN.sheet]
    ws[L.PLAN.cell("notes", 0)] = "ติดตามทุกเดือน"
    ws[L.PLAN.cell("progress", 1)] = 40
    wb.save(book)
    before_vba = vba(book)
    with zipfile.ZipFile(book) as z:  # openpyxl (this test's save) keeps vmlDrawing1-9 only
        vml_before = [n for n in z.namelist() if n.startswith("xl/drawings/vmlDrawing")]
    assert main(["fill", str(book)]) == 0
    once = values(book)
    assert main(["fill", str(book)]) == 0
    assert values(book) == once
    assert once["บันทึกของฉัน"] == [["ของผู้ใช้"]]
    plan = once[L.PLAN.sheet]
    assert plan[L.PLAN.first_row - 1][L.PLAN.col("notes") - 1] == "ติดตามทุกเดือน"
    assert plan[L.PLAN.first_row][L.PLAN.col("progress") - 1] == 40
    assert vba(book) == before_vba
    assert book.with_name(book.name + ".bak").exists()
    with zipfile.ZipFile(book) as z:
        vml = [n for n in z.namelist() if n.startswith("xl/drawings/vmlDrawing")]
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert sorted(vml) == sorted(vml_before) and len(charts) == 2  # fill keeps every part it does not write


def test_formula_looking_text_stays_text(book):
    note = '=HYPERLINK("http://evil.example","x")'
    apply_ops(book, [Write(L.PLAN.sheet, L.PLAN.cell("notes", 0), [[note]])])
    apply_ops(book, C.fill(snapshot_of(book)))
    cell = openpyxl.load_workbook(book)[L.PLAN.sheet][L.PLAN.cell("notes", 0)]
    assert cell.value == note and cell.data_type == "s"
    assert snapshot_of(book).cell(L.PLAN.sheet, L.PLAN.cell("notes", 0)) == note
    with zipfile.ZipFile(book) as z:
        assert "HYPERLINK" not in "".join(
            m for n in z.namelist() if n.startswith("xl/worksheets/") for m in re.findall(r"<f>[^<]*</f>", z.read(n).decode())
        )


def test_lock_file_refuses_and_leaves_the_file(book, capsys):
    lock = book.with_name("~$" + book.name)
    lock.write_bytes(b"x")
    before = book.read_bytes()
    with pytest.raises(InputError) as e:
        apply_ops(book, C.fill(snapshot_of(book)))
    assert "open in Excel" in str(e.value) and "ปิดไฟล์" in str(e.value)
    assert main(["fill", str(book)]) == 2
    assert "open in Excel" in capsys.readouterr().err
    assert book.read_bytes() == before


def test_new_scores_equals_new_import_fill(tmp_path):
    a, b = tmp_path / "a" / "ita_x.xlsm", tmp_path / "b" / "ita_x.xlsm"
    a.parent.mkdir()
    b.parent.mkdir()
    common = ["--org", "อบต.ทดสอบ", "--org-type", "อบต.", "--year", "2566"]
    assert main(["new", str(a), "--scores", str(SCORES), *common]) == 0
    assert main(["new", str(b), *common]) == 0
    assert main(["import", str(b), str(SCORES)]) == 0
    assert main(["fill", str(b)]) == 0
    va, vb = values(a), values(b)
    assert va.keys() == vb.keys()
    for sheet in va:
        assert va[sheet] == vb[sheet], sheet


def test_cli_refuses_bad_input_and_writes_nothing(tmp_path, capsys):
    assert main(["new", str(tmp_path / "ita-ลำปาง.xlsm")]) == 2
    assert "Python identifier" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
    out = tmp_path / "ok.xlsm"
    assert main(["new", str(out), "--year", "2566"]) == 0
    assert main(["new", str(out)]) == 2
    assert main(["new", str(out), "--force", "--year", "2566"]) == 0
    assert out.with_name("ok.xlsm.bak").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("code,score\ni1,abc\n", encoding="utf-8")
    before = out.read_bytes()
    assert main(["import", str(out), str(bad), "--year", "2566"]) == 2
    assert out.read_bytes() == before
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    assert main(["fill", str(plain)]) == 2


def test_bad_cell_in_workbook_is_located(book, capsys):
    wb = openpyxl.load_workbook(book, keep_vba=True)
    wb[L.QUESTIONS.sheet][L.QUESTIONS.cell("score", 0)] = "เก้าสิบ"
    wb.save(book)
    assert main(["fill", str(book)]) == 2
    err = capsys.readouterr().err
    assert f"{L.QUESTIONS.sheet}!{L.QUESTIONS.cell('score', 0)}" in err


def test_lite_workbook(tmp_path):
    from ita_xl.xlsx import lite

    out = tmp_path / "ita_lite.xlsx"
    assert main(["new", str(out), "--sample", "--runtime", "lite"]) == 0
    assert "xl/vbaProject.bin" not in zipfile.ZipFile(out).namelist()
    if hasattr(lite, "extract"):
        code = lite.extract(out)
        assert "main.py" in code
        assert main(["fill", str(out)]) == 0
        assert lite.extract(out) == code
