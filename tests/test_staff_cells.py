"""What staff type in the plan's staff columns survives ``fill`` and reaches the progress report:
formulas stay formulas, percent cells are read one way, control characters never break a DOCX."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from support.staff_cells import formula_cells, put_cells

from ita_xl.cli import main
from ita_xl.errors import InputError
from ita_xl.report import build_progress, from_input
from ita_xl.report.typeset import plain
from ita_xl.workbook import layout as L
from ita_xl.xlsx.fileio import apply_ops, snapshot_of
from ita_xl.workbook.ops import Formula, Write
from ita_xl.workbook.staff import cell_text, percent

T = L.PLAN
AS_OF = date(2024, 3, 31)
HYPERLINK = 'HYPERLINK("https://www.lampangpao.go.th/ita/o43.pdf","หลักฐาน")'


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    book = tmp_path_factory.mktemp("staff") / "b.xlsx"
    assert main(["new", str(book), "--sample"]) == 0
    assert main(["fill", str(book)]) == 0
    return book


def _copy(book: Path, tmp_path: Path) -> Path:
    out = tmp_path / book.name
    out.write_bytes(book.read_bytes())
    return out


def _formula_cells(book: Path) -> dict[str, str]:
    return formula_cells(book, T.sheet)


def _staff_formulas(book: Path) -> None:
    put_cells(book, T.sheet, {
        T.cell("evidence", 0): Formula(f"={HYPERLINK}", "หลักฐาน"),
        T.cell("progress", 0): Formula("=0.5", 0.5),
        T.cell("status", 0): Formula('="เสร็จ"&"สิ้น"', "เสร็จสิ้น"),
    })


# ------------------------------------------------------------------------------------- 1. formulas


def test_fill_keeps_staff_formulas_as_formulas(filled, tmp_path):
    book = _copy(filled, tmp_path)
    _staff_formulas(book)
    for _ in range(2):
        assert main(["fill", str(book)]) == 0
        f = _formula_cells(book)
        assert f.get(T.cell("evidence", 0)) == HYPERLINK
        assert f.get(T.cell("progress", 0)) == "0.5"
        assert f.get(T.cell("status", 0)) == '"เสร็จ"&amp;"สิ้น"'
    # their values stay readable: the report prints them
    (src,) = from_input(book)
    first = src.plan[0]
    assert (first.status, first.progress, first.evidence) == ("เสร็จสิ้น", 50.0, "หลักฐาน")


def test_a_staff_formula_moves_with_its_measure(filled, tmp_path):
    """A row that moves (the analysis changed) takes its staff cells, formulas included, along."""
    book = _copy(filled, tmp_path)
    _staff_formulas(book)
    key0 = snapshot_of(book).cell(T.sheet, T.cell("key", 0))
    key1 = snapshot_of(book).cell(T.sheet, T.cell("key", 1))
    apply_ops(book, [Write(T.sheet, T.cell("key", 0), [[key1]]), Write(T.sheet, T.cell("key", 1), [[key0]])])
    assert main(["fill", str(book)]) == 0
    f = _formula_cells(book)
    assert f.get(T.cell("progress", 1)) == "0.5" and T.cell("progress", 0) not in f
    snap = snapshot_of(book)
    assert snap.cell(T.sheet, T.cell("key", 1)) == key1  # the formulas' measure, now in the second row


# ---- the same through xlwings: the remote engine (Lite) cannot read formulas, desktop Excel can


@pytest.fixture()
def remote_book(xlwings_pro, tmp_path):
    import xlwings as xw  # noqa: F401 - the remote engine, registered below
    from support.workbooks import ensure_remote_engine, make_workbook, run_remote

    from ita_xl.io.case import sample_case
    from ita_xl.workbook import actions as commands

    ensure_remote_engine()
    book = make_workbook(tmp_path / "ita_sample.xlsx", case=sample_case(), runtime="lite")
    run_remote(book, commands.import_scores, commands.scores_of(sample_case()))
    run_remote(book, commands.fill)
    return book


FORMULAS = {"evidence": f"={HYPERLINK}", "progress": "=0.5", "status": '="เสร็จ"&"สิ้น"'}


def test_remote_fill_leaves_staff_formulas_alone(remote_book):
    import openpyxl
    from support.workbooks import run_remote

    from ita_xl.workbook import actions as commands

    wb = openpyxl.load_workbook(remote_book)
    for key, f in FORMULAS.items():
        wb[T.sheet][T.cell(key, 0)] = f
    wb.save(remote_book)
    for _ in range(2):
        _, actions, _ = run_remote(remote_book, commands.fill)
        ws = openpyxl.load_workbook(remote_book)[T.sheet]
        assert {k: ws[T.cell(k, 0)].value for k in FORMULAS} == FORMULAS
    staff = {T.col(k) - 1 for k in L.PLAN_STAFF}
    plan = [a for a in actions if a["func"] == "setValues" and a["sheet_position"] == 6]
    assert not [a for a in plan if set(range(a["start_column"], a["start_column"] + a["column_count"])) & staff]


def test_a_formula_is_written_as_a_formula_by_xlwings(xlwings_pro):
    from support.replay import book_with
    from support.workbooks import ensure_remote_engine

    from ita_xl.excel import book as xwio
    from ita_xl.workbook.ops import Formula

    ensure_remote_engine()
    book = book_with({"ก": [["x"]]})[1]
    xwio.apply_to_book(book, [Write("ก", "A1", [[Formula("=0.5", 0.5), "=0.5"]])])
    (a,) = book.json()["actions"]
    assert a["values"] == [["=0.5", "'=0.5"]]  # a formula; a text that only looks like one


def test_desktop_reads_formulas_in_one_go():
    """Desktop Excel's ``Range.formula`` of a block: a tuple of rows, constants as their text."""
    from ita_xl.excel.book import sheet_formulas

    class Sheet:
        reads = 0

        def range(self, a, b):
            assert (a, b) == ((1, 1), (2, 3))
            Sheet.reads += 1
            return type("R", (), {"formula": (("x", "=0.5", ""), ("=A1", "'=text", "=not"))})()

    assert sheet_formulas(Sheet(), [["x", 0.5, None], [1, "=text", "=not"]]) == {(1, 2): "=0.5", (2, 1): "=A1"}
    assert Sheet.reads == 1


def test_the_remote_engine_gives_no_formulas(xlwings_pro):
    from support.replay import book_with
    from support.workbooks import ensure_remote_engine

    from ita_xl.excel.book import sheet_formulas

    ensure_remote_engine()
    book = book_with({"ก": [["x", 1]]})[1]
    assert sheet_formulas(book.sheets[0], [["x", 1]]) is None  # not "no formulas": unknown


def test_remote_fill_says_so_when_staff_cells_move(remote_book):
    """Lite cannot read formulas: staff cells carried to another row are their values, and fill says so."""
    import openpyxl
    from support.workbooks import run_remote

    from ita_xl.workbook import actions as commands

    wb = openpyxl.load_workbook(remote_book)
    ws = wb[T.sheet]
    ws[T.cell("evidence", 0)] = "หลักฐาน"  # what Lite's payload holds for a HYPERLINK: its value
    k0, k1 = ws[T.cell("key", 0)].value, ws[T.cell("key", 1)].value
    ws[T.cell("key", 0)], ws[T.cell("key", 1)] = k1, k0
    wb.save(remote_book)
    _, _, messages = run_remote(remote_book, commands.fill)
    assert any("cannot read formulas" in str(m) for m in messages)
    _, _, messages = run_remote(remote_book, commands.fill)  # nothing moves the second time
    assert not any("cannot read formulas" in str(m) for m in messages)


# ------------------------------------------------------------------------------------- 5. percent


@pytest.mark.parametrize("typed, read", [
    (0.5, 50.0), (0.25, 25.0), (1.0, 100.0), (1, 100.0), (0, 0.0), (0.0, 0.0),  # a percent typed with its sign
    (40, 40.0), (100, 100.0), (2, 2.0), (99.5, 99.5),  # percent points, as the template's column holds them
    ("40", 40.0), ("40%", 40.0), ("๔๐ %", 40.0), ("100%", 100.0), ("0.5", 50.0), (None, None), ("  ", None),
])
def test_one_reader_of_percent_cells(typed, read):
    assert percent(typed, "K4") == (read, "")


@pytest.mark.parametrize("typed", [1.5, 150, "150%", 2.5e9])
def test_over_100_percent_is_read_as_100_with_a_note_naming_the_cell(typed):
    value, note = percent(typed, "b.xlsx: แผนปฏิบัติการ!J4")
    assert value == 100.0 and note.startswith("b.xlsx: แผนปฏิบัติการ!J4: progress ") and "over 100 %" in note


@pytest.mark.parametrize("typed", [-0.1, -5, "abc", True, date(2024, 1, 1), float("nan"), "#N/A"])
def test_a_percent_that_is_none_is_refused_with_its_cell(typed):
    with pytest.raises(InputError) as e:
        percent(typed, "b.xlsx: แผนปฏิบัติการ!J4")
    assert e.value.file == "b.xlsx: แผนปฏิบัติการ!J4"


def test_progress_report_reads_percent_cells_as_typed(filled, tmp_path):
    book = _copy(filled, tmp_path)
    apply_ops(book, [Write(T.sheet, T.cell("progress", 0), [[1.0], [1.5], [0.5], [50]])])
    (src,) = from_input(book)
    rep = build_progress(src, AS_OF)
    assert [line.progress for line in rep.lines[:4]] == ["๑๐๐", "๑๐๐", "๕๐", "๕๐"]
    over = [w for w in rep.warnings if "over 100 %" in w]
    assert len(over) == 1 and f"{T.sheet}!{T.cell('progress', 1)}" in over[0]


# ------------------------------------------------------------------------------------- 6. control characters


def test_cell_text_keeps_what_xml_can_hold():
    assert cell_text("ก\x0bข\x0cค") == "ก\nข\nค"
    assert cell_text("a\x00b\x08c\x1bd\x7fe\ufffe") == "abcde"
    assert cell_text("ก\tข\nค") == "ก\tข\nค"


def test_a_vertical_tab_in_a_staff_note_exports(filled, tmp_path, capsys):
    book = _copy(filled, tmp_path)
    apply_ops(book, [Write(T.sheet, T.cell("notes", 0), [["บรรทัดแรก\x0bบรรทัดสอง\x01"]]),
                     Write(T.sheet, T.cell("evidence", 0), [["ดู\x0chttps://a.go.th/x.pdf"]])])
    assert main(["fill", str(book)]) == 0  # carried through fill as typed
    assert snapshot_of(book).cell(T.sheet, T.cell("notes", 0)) == "บรรทัดแรก\x0bบรรทัดสอง\x01"
    out = tmp_path / "p.docx"
    code = main(["export", str(book), "--progress", "--as-of", AS_OF.isoformat(), "--docx", str(out), "--no-pdf"])
    assert code == 1 and "internal error" not in capsys.readouterr().err  # 1: the sample's own errors
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode()
    text = plain(re.sub(r"<[^>]+>", "", re.sub(r"<w:br/>|</w:p>", "\n", xml)))  # without the line-break marks
    assert "บรรทัดแรก\nบรรทัดสอง" in text and "\x01" not in xml


# ------------------------------------------------------------------------------------- a formula without its value


def test_a_staff_formula_without_a_value_is_refused_with_its_cell(filled, tmp_path, capsys):
    book = _copy(filled, tmp_path)
    put_cells(book, T.sheet, {T.cell("notes", 0): Formula(f'={T.cell("status", 0)}&"!"')})
    code = main(["export", str(book), "--progress", "--as-of", AS_OF.isoformat(), "--docx", str(tmp_path / "p.docx"),
                 "--no-pdf"])
    err = capsys.readouterr().err
    assert code == 2 and T.cell("notes", 0) in err and "internal error" not in err
    assert not (tmp_path / "p.docx").exists()
    assert main(["fill", str(book)]) == 0  # fill carries it all the same
    assert _formula_cells(book)[T.cell("notes", 0)] == f"{T.cell('status', 0)}&amp;\"!\""


def test_an_error_in_a_staff_cell_is_read_as_its_error_not_a_blank(filled, tmp_path, capsys):
    book = _copy(filled, tmp_path)
    put_cells(book, T.sheet, {T.cell("notes", 0): "#N/A", T.cell("progress", 0): "#DIV/0!",
                              T.cell("evidence", 0): Formula("=NA()", "#N/A")})
    snap = snapshot_of(book)
    assert snap.cell(T.sheet, T.cell("notes", 0)) == "#N/A"
    assert snap.content(T.sheet, *L.parse_cell(T.cell("evidence", 0))) == Formula("=NA()", "#N/A")
    code = main(["export", str(book), "--progress", "--as-of", AS_OF.isoformat(), "--no-pdf",
                 "--docx", str(tmp_path / "p.docx")])
    assert code == 2 and f"{T.sheet}!{T.cell('progress', 0)}" in capsys.readouterr().err  # not a blank progress


def test_a_staff_date_moves_as_a_date(filled, tmp_path):
    """Carried to another row, a date keeps a date format (it was written as a bare serial number)."""
    import datetime as dt

    book = _copy(filled, tmp_path)
    when = dt.datetime(2024, 3, 15, 13, 30)
    put_cells(book, T.sheet, {T.cell("notes", 0): when, T.cell("status", 0): dt.date(2024, 1, 2)})
    snap = snapshot_of(book)
    keys = [snap.cell(T.sheet, T.cell("key", i)) for i in (0, 1)]
    apply_ops(book, [Write(T.sheet, T.cell("key", 0), [[keys[1]], [keys[0]]])])
    assert main(["fill", str(book)]) == 0
    after = snapshot_of(book)
    assert after.cell(T.sheet, T.cell("key", 1)) == keys[1]
    assert after.cell(T.sheet, T.cell("notes", 1)) == when
    assert after.cell(T.sheet, T.cell("status", 1)) == snap.cell(T.sheet, T.cell("status", 0)) == dt.date(2024, 1, 2)
    assert main(["fill", str(book)]) == 0 and snapshot_of(book).cell(T.sheet, T.cell("notes", 1)) == when


# ------------------------------------------------------------------------------------- the fuzz, a slice of it


@pytest.mark.parametrize("col", ["evidence", "progress"])
def test_hostile_staff_values_survive_import_fill_fill_export(filled, tmp_path, col):
    """Seven hostile values per batch, every measure moved to another row (``scripts/fuzz_staff.py``
    runs all of them in every staff column, in place and moved)."""
    from support.staff_cells import HOSTILE, batch

    labels = ["formula HYPERLINK", "formula =0.5", "formula with a reference", "vertical tab", "error #N/A",
              "date and time", "one and a half"]
    got = batch(filled, tmp_path, [(lb, col, HOSTILE[lb]) for lb in labels], move=True)
    assert got["defects"] == [] and got["codes"] == [0, 0, 0]
    assert got["lost"] == [] and len(got["held"]) == len(labels)
    refused = {ref for ref, _ in got["refused"]}
    # the formula with a reference (item 2, moved to row n - 1 - 2 of the sample's n measures) has no
    # value after fill: refused by its cell; in the progress column so are the words, the error and the date
    moved = T.cell(col, len(from_input(filled)[0].plan) - 1 - 2)
    assert moved in refused and (col == "progress" or refused == {moved})


def test_a_staff_formula_giving_empty_text_is_not_refused(filled, tmp_path):
    """``=IF(…,"เสร็จ","")`` saved by Excel with its empty result: a value, not a missing one."""
    book = _copy(filled, tmp_path)
    put_cells(book, T.sheet, {T.cell("notes", 0): Formula('=IF(1>2,"เสร็จ","")', "")})
    (src,) = from_input(book)
    assert src.plan[0].notes == ""


# ------------------------------------------------------------------------------------- properties


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@given(st.text())
def test_cell_text_is_always_xml_and_settles(s):
    out = cell_text(s)
    assert not _XML_ILLEGAL.search(out) and cell_text(out) == out


@given(st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**6, 10**6)))
def test_a_percent_number_is_refused_or_read_within_0_to_100(x):
    try:
        value, note = percent(x, "K4")
    except InputError:
        assert x < 0
    else:
        assert 0 <= value <= 100 and bool(note) == (x * (100 if x < 2 else 1) > 100)


def test_a_vertical_tab_in_the_notes_sheet_and_the_agency_name_exports_the_report(filled, tmp_path, capsys):
    """The same reader serves the whole workbook: the report (not only the progress report) is written."""
    book = _copy(filled, tmp_path)
    N = L.NOTES
    apply_ops(book, [Write(N.sheet, N.cell("text", 0), [["ข้อจำกัดแรก\x0bข้อจำกัดสอง"]]),
                     Write(L.SHEETS["settings"].name, L.settings_cell("org_name"), [["องค์การ\x0bบริหาร\x01ส่วนจังหวัดลำปาง"]])])
    out = tmp_path / "r.docx"
    code = main(["export", str(book), "--docx", str(out), "--no-pdf"])
    err = capsys.readouterr().err
    assert code in (0, 1) and "internal error" not in err and out.exists()
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode()
    assert "ข้อจำกัดสอง" in plain(xml) and "\x0b" not in xml and "\x01" not in xml


def test_a_filled_down_staff_formula_survives_its_rows_moving(filled, tmp_path):
    """Excel saves a formula filled down as a shared formula: a master cell and cells pointing at it."""
    from support.staff_cells import put_raw

    book = _copy(filled, tmp_path)
    k4, k5 = T.cell("evidence", 0), T.cell("evidence", 1)
    put_raw(book, T.sheet, {
        k4: f'<c r="{k4}" t="str"><f t="shared" ref="{k4}:{k5}" si="0">HYPERLINK("https://a.go.th/"&amp;A4,"ดู")</f><v>ดู</v></c>',
        k5: f'<c r="{k5}" t="str"><f t="shared" si="0"/><v>ดู</v></c>',
    })
    snap = snapshot_of(book)
    assert snap.formulas[T.sheet][L.parse_cell(k5)] == '=HYPERLINK("https://a.go.th/"&A5,"ดู")'
    keys = [snap.cell(T.sheet, T.cell("key", i)) for i in (0, 1, 2)]
    apply_ops(book, [Write(T.sheet, T.cell("key", 0), [[keys[2]], [keys[0]], [keys[1]]])])  # every row moves
    assert main(["fill", str(book)]) == 0
    # each measure's cell is carried whole, its text as it read (not shifted, as with cut and paste)
    f = snapshot_of(book).formulas[T.sheet]
    k6 = T.cell("evidence", 2)
    assert f[L.parse_cell(k4)] == '=HYPERLINK("https://a.go.th/"&A5,"ดู")'  # key 0's, from row 5
    assert L.parse_cell(k5) not in f  # key 1 had none
    assert f[L.parse_cell(k6)] == '=HYPERLINK("https://a.go.th/"&A4,"ดู")'  # key 2's, from row 4
    assert main(["fill", str(book)]) == 0 and snapshot_of(book).formulas[T.sheet] == f
