"""Scores in: every accepted spelling, every bad input with its location, and property tests."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_xl.cli import main
from ita_xl.core.codes import parse_code
from ita_xl.io.frameworks import load
from ita_xl.core.thai import thai_digits
from ita_xl.errors import InputError
from ita_xl.io.scores import iter_scores, parse_pasted, parse_score, read_scores

FW = load(2566)


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def xlsx(tmp_path: Path, rows: list[list], name: str = "scores.xlsx", sheet: str = "Sheet1") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    p = tmp_path / name
    wb.save(p)
    return p


def test_one_agency_csv_with_real_spellings(tmp_path):
    p = write(
        tmp_path, "s.csv",
        "code,score\ni24,55.57\nข้อ I๒๕,๙๔.๔๓\nE1,100\ne๑๑,\"97,17\"\nO๓๔,100\nind6,88.28\nIIT,97.01\ntotal,94.96\nlevel,ผ่านดี\n",
    )
    [a] = read_scores(p, 2566)
    s = a.scores
    assert s.questions == {"i24": 55.57, "i25": 94.43, "e1": 100.0, "e11": 97.17, "O34": 100.0}
    assert s.indicators == {6: 88.28} and s.tools == {"IIT": 97.01}
    assert (s.total, s.level) == (94.96, "ผ่านดี")
    assert s.where["q:i25"] == "s.csv: row 3"


def test_thai_headers_and_cp874_encoding(tmp_path):
    p = tmp_path / "thai.csv"
    p.write_bytes("ข้อ,คะแนน\ni1,100\ni2,๙๐\n".encode("cp874"))
    [a] = read_scores(p, 2566)
    assert a.scores.questions == {"i1": 100.0, "i2": 90.0}


def test_long_csv_many_agencies(tmp_path):
    p = write(
        tmp_path, "long.csv",
        "org_id,org_name,org_type,year,code,score,province\n"
        "1,อบต.หนึ่ง,อบต.,2566,i1,100,ลำปาง\n1,อบต.หนึ่ง,อบต.,2566,e1,90,ลำปาง\n"
        "2,เทศบาลตำบลสอง,เทศบาล,2023,i1,80,ลำพูน\n",
    )
    found = read_scores(p)
    assert [(a.org.id, a.org.name, a.scores.year, a.org.province) for a in found] == [
        ("1", "อบต.หนึ่ง", 2566, "ลำปาง"), ("2", "เทศบาลตำบลสอง", 2566, "ลำพูน"),  # CE 2023 → BE 2566
    ]
    assert found[0].scores.questions == {"i1": 100.0, "e1": 90.0}


def test_xlsx_one_agency_and_sheet_cell_in_errors(tmp_path):
    p = xlsx(tmp_path, [["code", "score"], ["i1", 100], ["i2", 99.5]])
    [a] = read_scores(p, 2566)
    assert a.scores.questions == {"i1": 100.0, "i2": 99.5}
    assert a.scores.where["q:i2"] == "scores.xlsx: Sheet1!B3"
    bad = xlsx(tmp_path, [["code", "score"], ["i1", 100], ["i2", 140]], name="bad.xlsx", sheet="คะแนน")
    with pytest.raises(InputError) as e:
        read_scores(bad, 2566)
    assert (e.value.sheet, e.value.cell) == ("คะแนน", "B3") and "0–100" in e.value.message_en


@pytest.mark.parametrize(
    "body, row, text",
    [
        ("code,score\ni1,100\ni2,101\n", 3, "outside 0–100"),
        ("code,score\ni1,-1\n", 2, "outside 0–100"),
        ("code,score\ni1,100\ni99,50\n", 3, "does not exist in the 2566 framework"),
        ("code,score\nx7,50\n", 2, "unknown code"),
        ("code,score\ni1,100\nI1,90\n", 3, "conflicting duplicate"),
        ("code,score\ni1,abc\n", 2, "not a number"),
        ("code,score\ni1,\n", 2, "no score"),
        ("code,score\nind11,80\n", 2, "no indicator 11"),
    ],
)
def test_bad_rows_are_located(tmp_path, body, row, text):
    p = write(tmp_path, "bad.csv", body)
    with pytest.raises(InputError) as e:
        read_scores(p, 2566)
    assert e.value.row == row and text in e.value.message_en and e.value.file.endswith("bad.csv")


def test_identical_duplicates_are_fine(tmp_path):
    p = write(tmp_path, "dup.csv", "code,score\ni1,100\nข้อ i๑,100.00\n")
    assert read_scores(p, 2566)[0].scores.questions == {"i1": 100.0}


@pytest.mark.parametrize(
    "content, text",
    [
        (b"", "empty"),
        (b"\n\n", "no scores"),
        (b"code,score\n", "no question or indicator scores"),
        (b"name,value\nfoo,1\n", "no header"),
        (b"\x00\x01\x02binary", "not a text CSV"),
    ],
)
def test_empty_and_corrupt_csv(tmp_path, content, text):
    p = tmp_path / "f.csv"
    p.write_bytes(content)
    with pytest.raises(InputError) as e:
        read_scores(p, 2566)
    assert text in e.value.message_en


def test_corrupt_xlsx(tmp_path):
    p = tmp_path / "broken.xlsx"
    p.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(InputError, match="corrupt"):
        read_scores(p, 2566)


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    p = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB of zeros, ~300 KB on disk
                fh.write(chunk)
    assert p.stat().st_size < 2_000_000
    with pytest.raises(InputError, match="zip bomb"):
        read_scores(p, 2566)


def test_long_file_errors(tmp_path):
    # rows of one agency apart from each other are gathered, not refused (nor half-read)
    p = write(tmp_path, "l.csv", "org_id,org_name,year,code,score\n1,ก,2566,i1,100\n2,ข,2566,i1,100\n1,ก,2566,i2,90\n")
    got = {a.org.id: a.scores.questions for a in read_scores(p)}
    assert got == {"1": {"i1": 100.0, "i2": 90.0}, "2": {"i1": 100.0}}
    p = write(tmp_path, "y.csv", "org_id,org_name,year,code,score\n1,ก,2540,i1,100\n")
    with pytest.raises(InputError, match="no ITA framework for 2540"):
        read_scores(p)
    p = write(tmp_path, "n.csv", "org_id,org_name,year,code,score\n1,ก,2566,i1,100\n1,ข,2566,i2,100\n")
    with pytest.raises(InputError, match="two names"):
        read_scores(p)


def test_long_file_collects_bad_agencies_when_asked(tmp_path):
    p = write(
        tmp_path, "l.csv",
        "org_id,org_name,year,code,score\n1,ก,2566,i1,100\n2,ข,2566,i1,900\n2,ข,2566,i2,90\n3,ค,2566,i1,80\n",
    )
    errors: list = []
    good = [a.org.id for a in iter_scores(p, errors=errors)]
    assert good == ["1", "3"]
    assert [(o.id, e.row) for o, e in errors] == [("2", 3)]


def test_one_agency_file_needs_a_year(tmp_path):
    p = write(tmp_path, "s.csv", "code,score\ni1,100\n")
    with pytest.raises(InputError, match="--year"):
        read_scores(p)


def test_pasted_itas_text(tmp_path):
    text = (
        "ผลการประเมิน ITA 2566\n"
        "i1\tหน่วยงานปฏิบัติงาน/ให้บริการแก่ท่าน ตามขั้นตอนและระยะเวลาที่กำหนด มากน้อยเพียงใด\t100.00\n"
        "ข้อ e๑๔ หน่วยงานเปิดโอกาสให้ท่านมีส่วนร่วม ... ๙๕.๕๐\n"
        "ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน 88.28\n"
    )
    p = write(tmp_path, "paste.txt", text)
    [a] = read_scores(p, 2566)
    assert a.scores.questions == {"i1": 100.0, "e14": 95.5}
    assert a.scores.indicators == {6: 88.28}
    with pytest.raises(InputError) as e:
        parse_pasted("i1 หน่วยงาน 100\ni2 ไม่มีคะแนน\n", 2566)
    assert e.value.row == 2


def test_cli_bad_input_exit_2_without_traceback(tmp_path, capsys):
    p = write(tmp_path, "bad.csv", "code,score\ni1,100\ni2,101\n")
    assert main(["analyze", str(p), "--year", "2566"]) == 2
    err = capsys.readouterr().err
    assert "bad.csv: row 3" in err and "Traceback" not in err


# ------------------------------------------------------------------------------ properties

CODES = sorted(FW.questions)


@given(st.sampled_from(CODES), st.booleans(), st.booleans(), st.sampled_from(["", "ข้อ ", "ข้อที่ "]))
def test_code_spellings_round_trip(code, upper, thai, prefix):
    text = code.upper() if upper else code.lower()
    if thai:
        text = text[0] + thai_digits(text[1:])
    assert parse_code(prefix + text) == code


@given(st.decimals(min_value=0, max_value=100, places=2), st.booleans())
def test_parse_score_round_trip(value, thai):
    text = f"{value:.2f}"
    assert parse_score(thai_digits(text) if thai else text) == pytest.approx(float(value))


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from(CODES), st.decimals(min_value=0, max_value=100, places=2), min_size=1))
def test_written_scores_read_back(tmp_path_factory, scores):
    p = tmp_path_factory.mktemp("h") / "s.csv"
    buf = io.StringIO()
    buf.write("code,score\n")
    for c, v in scores.items():
        buf.write(f"{c},{v}\n")
    p.write_text(buf.getvalue(), encoding="utf-8")
    [a] = read_scores(p, 2566)
    assert a.scores.questions == {c: pytest.approx(float(v)) for c, v in scores.items()}


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(tmp_path_factory, text):
    p = tmp_path_factory.mktemp("f") / "s.csv"
    p.write_text(text, encoding="utf-8")
    try:
        read_scores(p, 2566)
    except InputError:
        pass


def test_xlsx_without_calamine_reads_the_same(tmp_path, monkeypatch):
    """python-calamine is optional (xlwings Lite cannot install it): openpyxl reads the same."""
    import sys

    p = xlsx(tmp_path, [["code", "score"], ["i1", 100], ["ข้อ i๒", "๙๙.๕"]])
    with_calamine = read_scores(p, 2566)[0].scores
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    assert read_scores(p, 2566)[0].scores == with_calamine
    bad = xlsx(tmp_path, [["code", "score"], ["i1", 100], ["i2", 140]], name="bad.xlsx")
    with pytest.raises(InputError) as e:
        read_scores(bad, 2566)
    assert e.value.cell == "B3"


# The package's own floors, lowest first: a module imports only those below it, so the record reader
# (text) knows nothing of scores and the builder nothing of files.
SCORES_FLOORS = ["text", "table", "builder", ("long", "pasted"), "read"]


def test_the_scores_modules_import_downward_only():
    import ast

    import ita_xl.io.scores as pkg

    floor = {m: i for i, f in enumerate(SCORES_FLOORS) for m in ((f,) if isinstance(f, str) else f)}
    folder = Path(pkg.__file__).parent
    assert {p.stem for p in folder.glob("*.py")} - {"__init__"} == set(floor)
    against = []
    for name, level in floor.items():
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ita_xl.io.scores"):
                other = (node.module or "").rpartition(".")[2]
                if other not in floor or floor[other] >= level:
                    against.append(f"{name}:{node.lineno} → {node.module}")
    assert against == []
