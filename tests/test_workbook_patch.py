"""``import`` and ``fill`` patch the sheets they change in the package's XML and keep every other
part: workbooks saved by LibreOffice, openpyxl and ita-xl itself (desktop .xlsm, Lite .xlsx)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ita_xl.cli import main
from ita_xl.io import frameworks as F
from ita_xl.io.frameworks import analyze
from ita_xl.workbook import layout as L
from ita_xl.xlsx.fileio import apply_ops, snapshot_of
from ita_xl.workbook.ops import Clear, Write
from support.cells import normalize
from ita_xl.xlsx.patch import Book, Sheet
from ita_xl.xlsx.detect import read_workbook_case

ROOT = Path(__file__).resolve().parents[1]
STAFF = "บันทึกเจ้าหน้าที่"
NO_LO = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing")


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def scores_csv(path: Path, value: float, low: dict[str, float]) -> Path:
    fw = F.load(2566)
    rows = {c: value for c in fw.questions} | low
    path.write_text("code,score\n" + "".join(f"{c},{v}\n" for c, v in rows.items()), encoding="utf-8")
    return path


def lo_save(src: Path, out_dir: Path, profile: Path) -> Path:
    """``src`` opened and saved as .xlsx by LibreOffice (formulas recalculated as it loads them)."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out_dir), str(src)], check=True, capture_output=True, timeout=240)
    return out_dir / (src.stem + ".xlsx")


@pytest.fixture()
def book(tmp_path) -> Path:
    """A 2566 workbook with scores and a staff sheet and cell, saved by openpyxl."""
    p = tmp_path / "ita_staff.xlsm"
    assert main(["new", str(p), "--scores", str(scores_csv(tmp_path / "a.csv", 100.0, {"O1": 0.0})), "--year", "2566"]) == 0
    wb = openpyxl.load_workbook(p, keep_vba=True)
    ws = wb.create_sheet(STAFF)
    ws["A1"], ws["B2"], ws["B3"] = "หมายเหตุของเจ้าหน้าที่", 21, "=B2*2"
    wb[L.QUESTIONS.sheet]["Q2"] = "ตรวจแล้ว"  # beside the table: the staff's
    wb.save(p)
    return p


def refresh_and_check(book: Path, tmp_path: Path) -> dict[str, bytes]:
    """import + fill; only ita-xl's sheets (and workbook.xml's calcPr) differ; staff data kept."""
    before = parts(book)
    assert main(["import", str(book), str(scores_csv(tmp_path / "b.csv", 80.0, {"i5": 60.0, "e7": 75.5}))]) == 0
    assert main(["fill", str(book)]) == 0
    after = parts(book)
    ita = {Book(book).sheet_part[s.name] for s in L.SHEET_LIST}
    changed = {n for n in before if before[n] != after.get(n)}
    assert set(after) == set(before)
    assert changed - ita <= {"xl/workbook.xml"} and changed & ita
    assert b'fullCalcOnLoad="1"' in after["xl/workbook.xml"]
    snap = snapshot_of(book)
    assert snap.cell(STAFF, "A1") == "หมายเหตุของเจ้าหน้าที่" and snap.cell(STAFF, "B2") == 21
    assert snap.cell(L.QUESTIONS.sheet, "Q2") == "ตรวจแล้ว"
    return after


def lo_reads_what_python_wrote(book: Path, tmp_path: Path) -> None:
    """LibreOffice opens the result; it, calamine and openpyxl read the same filled values, and
    LibreOffice's indicator formulas equal the analysis."""
    lo = lo_save(book, tmp_path / "lo_out", tmp_path / "lo")
    seen = openpyxl.load_workbook(lo, data_only=True)
    plain = openpyxl.load_workbook(book)
    snap = snapshot_of(book)
    for table in (L.ANALYSIS, L.PLAN, L.FINDINGS):
        got = snap.rows(table.sheet, table.first_row, table.n_cols)
        assert got and got == [[c.value for c in r] for r in seen[table.sheet].iter_rows(
            min_row=table.first_row, max_row=table.first_row + len(got) - 1, max_col=table.n_cols)]
        assert got == [[c.value for c in r] for r in plain[table.sheet].iter_rows(
            min_row=table.first_row, max_row=table.first_row + len(got) - 1, max_col=table.n_cols)]
    result = analyze(read_workbook_case(book))
    ind = seen[L.INDICATORS.sheet]
    for k, i in enumerate(result.indicators):
        assert ind[L.INDICATORS.cell("computed", k)].value == pytest.approx(i.computed, abs=1e-9), i.no
    assert seen[STAFF]["B3"].value == 42


def test_an_openpyxl_saved_workbook_keeps_every_other_part(book, tmp_path):
    vba = parts(book)["xl/vbaProject.bin"]
    after = refresh_and_check(book, tmp_path)
    assert after["xl/vbaProject.bin"] == vba
    if shutil.which("soffice"):
        lo_reads_what_python_wrote(book, tmp_path)


@NO_LO
def test_a_libreoffice_saved_workbook_keeps_every_other_part(book, tmp_path):
    lo = lo_save(book, tmp_path / "saved", tmp_path / "lo")
    assert b"LibreOffice" in parts(lo)["docProps/app.xml"]
    refresh_and_check(lo, tmp_path)
    lo_reads_what_python_wrote(lo, tmp_path)


def test_lite_code_parts_and_picture_links_stay_byte_identical(tmp_path):
    p = tmp_path / "ita_lite.xlsx"
    assert main(["new", str(p), "--sample", "--runtime", "lite"]) == 0
    before = parts(p)
    kept = [n for n in before if n.startswith(("xl/webextensions/", "xl/drawings/", "xl/media/")) or n.endswith(".rels")]
    assert any("webextension" in n for n in kept) and any("drawings/_rels" in n for n in kept)
    assert main(["fill", str(p)]) == 0
    after = parts(p)
    assert [n for n in kept if after.get(n) != before[n]] == []


SHEET = (
    '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><x:dimension ref="A1:C3"/>'
    '<x:sheetData><x:row r="1" spans="1:3" x14ac:dyDescent="0.25"><x:c r="A1" s="4" t="s"><x:v>0</x:v></x:c>'
    '<x:c s="5"><x:v>2</x:v></x:c><x:c t="str"><x:f>B1&amp;"x"</x:f><x:v>2x</x:v></x:c></x:row>'
    '<x:row><x:c r="A2" s="0"><x:f t="shared" ref="A2:A3" si="0">B1+1</x:f><x:v>3</x:v></x:c><x:c r="B2" s="7"><x:v>9</x:v></x:c></x:row>'
    '<x:row r="3"><x:c r="A3"><x:f t="shared" si="0"/><x:v>4</x:v></x:c></x:row></x:sheetData><x:pageMargins/></x:worksheet>'
)


def test_a_sheet_is_patched_cell_by_cell_in_its_own_dialect():
    ws = Sheet(SHEET)
    ws.write(2, 1, "=1+1")  # over a shared formula's master: text, the style of A1 above
    ws.write(4, 2, 5.5)  # a new row takes B2's style... B3 is missing, so none
    ws.write(3, 2, None)
    ws.clear("B2:B2")
    ws.height(2, 30.0)
    xml = ws.xml()
    assert '<x:c r="A2" s="4" t="inlineStr"><x:is><x:t>=1+1</x:t></x:is></x:c>' in xml
    assert '<x:c r="A3"><x:f>B2+1</x:f></x:c>' in xml  # the master's formula, moved down a row
    assert '<x:c r="B2" s="7"/>' in xml and '<x:row r="2" ht="30" customHeight="1">' in xml
    assert '<x:row r="4"><x:c r="B4"><x:v>5.5</x:v></x:c></x:row>' in xml
    assert '<x:dimension ref="A1:C4"/>' in xml
    # untouched row 1: as it was, but its formula's stale cached value dropped and cells in place
    assert '<x:row r="1" spans="1:3" x14ac:dyDescent="0.25"><x:c r="A1" s="4" t="s"><x:v>0</x:v></x:c><x:c s="5">' in xml
    assert '<x:f>B1&amp;"x"</x:f></x:c>' in xml and ws.formula_hit


def test_overwriting_a_formula_drops_the_calc_chain(book, tmp_path):
    src = tmp_path / "chain.xlsm"
    with zipfile.ZipFile(book) as z, zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>')
            out.writestr(info, data)
        out.writestr("xl/calcChain.xml", '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
    apply_ops(src, [Write(STAFF, "C9", [["x"]])])  # no formula overwritten: the chain stays
    assert "xl/calcChain.xml" in parts(src)
    apply_ops(src, [Write(STAFF, "B3", [[7]]), Clear(STAFF, "A1:A1")])
    got = parts(src)
    assert "xl/calcChain.xml" not in got and b"calcChain" not in got["[Content_Types].xml"] + got["xl/_rels/workbook.xml.rels"]
    assert normalize(snapshot_of(src).sheets[STAFF]) == [[None, None, None], [None, 21, None], [None, 7, None],
                                                         *[[None] * 3] * 5, [None, None, "x"]]
    assert openpyxl.load_workbook(src)[STAFF]["A1"].value is None


_PRIVATE = re.compile(r"(\b\w+|[)\]])\._[a-z]\w*")


def test_no_module_touches_openpyxl_private_names():
    """openpyxl through its public API only: in a module that uses it, no ``x._name`` of any
    object but the module's own (``self``/``cls``), and no private submodule."""
    for path in (ROOT / "ita_xl").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "openpyxl" not in text:
            continue
        bad = [m.group(0) for m in _PRIVATE.finditer(text) if m.group(1) not in ("self", "cls")]
        assert not bad and not re.search(r"openpyxl(?:\.\w+)*\._", text), (path.name, bad)


def test_a_sheet_declared_in_another_encoding_is_read_as_declared_and_saved_as_utf8(tmp_path):
    """XML 1.0 lets a part declare ISO-8859-1 or UTF-16: Thai text written into such a sheet must
    not turn into mojibake (UTF-8 bytes under a Latin-1 declaration)."""
    wb = openpyxl.Workbook()
    wb.active.title, wb.active["A1"] = "S", "é"
    wb.save(tmp_path / "a.xlsx")
    got = parts(tmp_path / "a.xlsx")
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", got["xl/worksheets/sheet1.xml"]).decode("utf-8")
    for name, data in [("latin1.xlsx", ('<?xml version="1.0" encoding="ISO-8859-1"?>' + body).encode("latin-1")),
                       ("utf16.xlsx", ('<?xml version="1.0" encoding="UTF-16"?>' + body).encode("utf-16"))]:
        src = tmp_path / name
        with zipfile.ZipFile(src, "w") as z:
            for n, d in got.items():
                z.writestr(n, data if n == "xl/worksheets/sheet1.xml" else d)
        apply_ops(src, [Write("S", "A2", [["ไทย é"]])])
        ws = openpyxl.load_workbook(src)["S"]
        assert (ws["A1"].value, ws["A2"].value) == ("é", "ไทย é"), name


def test_a_date_the_staff_typed_in_a_plan_row_survives_fill(book):
    """Excel turns "15/3/2567" typed in a notes cell into a date; fill carries the staff columns
    back by key, so that date is written again: as a date serial, not ``<v>.16G</v>`` (a
    workbook Excel and openpyxl call damaged)."""
    import datetime  # noqa: PLC0415

    assert main(["fill", str(book)]) == 0
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws, r = wb[L.PLAN.sheet], L.PLAN.first_row
    assert ws.cell(r, 1).value  # a plan row to annotate
    ws.cell(r, L.PLAN.col("notes")).value = datetime.datetime(2024, 3, 15)
    ws.cell(r, L.PLAN.col("notes")).number_format = "d/m/yyyy"
    wb.save(book)
    assert main(["fill", str(book)]) == 0
    assert openpyxl.load_workbook(book)[L.PLAN.sheet].cell(r, L.PLAN.col("notes")).value == datetime.datetime(2024, 3, 15)
    assert str(snapshot_of(book).value(L.PLAN.sheet, r, L.PLAN.col("notes")))[:10] == "2024-03-15"  # calamine: a date


def test_dates_follow_the_workbooks_date_system():
    ws = Sheet('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
               date1904=True)
    import datetime  # noqa: PLC0415

    ws.write(1, 1, datetime.date(1904, 1, 2))
    ws.write(1, 2, datetime.time(12, 0))
    assert '<c r="A1"><v>1</v></c><c r="B1"><v>0.5</v></c>' in ws.xml()
