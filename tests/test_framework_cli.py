"""Frameworks from outside the package: `ita-xl framework`, --framework, ITA_XL_FRAMEWORKS, and the
workbook's own copy (its framework sheet)."""

from __future__ import annotations

import csv
import json
from statistics import fmean

import openpyxl
import pytest

from ita_xl.cli import main
from ita_xl.io import frameworks as F
from ita_xl.workbook import layout as L

# An invented 2570: other question counts per indicator than 2566 (4/5/3/6/7 IIT, 4/6/5 EIT, 12/8 OIT).
IIT = ((1, 4), (2, 5), (3, 3), (4, 6), (5, 7))
EIT = ((6, 4), (7, 6), (8, 5))
OIT = [
    "โครงสร้างและอำนาจหน้าที่", "ข้อมูลผู้บริหาร", "ข้อมูลการติดต่อ", "ข่าวประชาสัมพันธ์",
    "คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่", "ระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service)",
    "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ", "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน",
    "แผนการบริหารและพัฒนาทรัพยากรบุคคล", "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    "ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "ผลการเปิดโอกาสให้มีส่วนร่วมในการดำเนินงาน",
    "ประกาศเจตนารมณ์นโยบาย No Gift Policy", "การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ",
    "แผนปฏิบัติการป้องกันการทุจริต", "รายงานผลการดำเนินการป้องกันการทุจริต", "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ",
    "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร", "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "ระบบเปิดเผยข้อมูลงบประมาณแบบเปิด",
]


def _question_list() -> list[tuple[str, str, int, str]]:
    rows = []
    for tool, letter, spec in (("IIT", "i", IIT), ("EIT", "e", EIT)):
        n = 0
        for ind, k in spec:
            for _ in range(k):
                n += 1
                rows.append((f"{letter}{n}", tool, ind, f"ข้อคำถาม {tool} ที่ {n} ของตัวชี้วัด {ind}"))
    rows += [(f"O{i}", "OIT", 9 if i <= 12 else 10, t) for i, t in enumerate(OIT, 1)]
    return rows


@pytest.fixture()
def files(tmp_path):
    rows = _question_list()
    q = tmp_path / "q.csv"
    with q.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "tool", "indicator", "text"])
        w.writerows(rows)
    scores = {r[0]: 100.0 for r in rows}
    scores.update({"i5": 60.0, "O7": 0.0, "e3": 80.0})
    s = tmp_path / "s.csv"
    with s.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "score"])
        w.writerows(scores.items())

    def ind(no):  # indicators are rounded to two decimals before the tools are averaged
        return round(fmean(scores[c] for c, _, i, _ in rows if i == no), 2)

    tools = {"IIT": fmean(ind(n) for n in range(1, 6)), "EIT": fmean(ind(n) for n in (6, 7, 8)),
             "OIT": fmean(ind(n) for n in (9, 10))}
    total = round(0.3 * tools["IIT"] + 0.3 * tools["EIT"] + 0.4 * tools["OIT"] + 1e-9, 2)
    return q, s, total, tools


def _analyze_json(capsys, *argv) -> dict:
    capsys.readouterr()
    assert main(["analyze", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_new_2570_like_2569_then_analyze_with_framework(tmp_path, files, capsys):
    q, s, total, tools = files
    fw_dir = tmp_path / "fw"
    assert main(["framework", "new", "2570", "--from", str(q), "--like", "2569", "--out", str(fw_dir)]) == 0
    assert main(["framework", "check", str(fw_dir)]) == 0
    assert main(["analyze", str(s), "--year", "2570"]) == 2  # unknown without it
    data = _analyze_json(capsys, str(s), "--year", "2570", "--framework", str(fw_dir))
    assert data["total"]["computed"] == total == 97.35
    assert data["level"] == "ผ่านดีเยี่ยม"  # total >= 95 and every tool >= 95 (2569's levels)
    assert data["tools"]["OIT"] == round(tools["OIT"] + 1e-9, 2) == 95.84
    urgent = [p for p in data["plan"] if p["urgent"]]
    assert [p["questions"] for p in urgent] == [["O7"]] and data["plan"][0]["urgent"]
    assert "แผนการจัดซื้อจัดจ้าง" in urgent[0]["measures"][0]  # its topic, inferred from the wording
    focus = {c for i in data["issues"] for c in i["focus"]}
    assert {"i5", "O7", "e3"} <= focus


def test_env_folders_and_framework_list_show(tmp_path, files, capsys, monkeypatch):
    q, s, total, _ = files
    fw_dir = tmp_path / "frameworks" / "2570"
    assert main(["framework", "new", "2570", "--from", str(q), "--like", "2569", "--out", str(fw_dir)]) == 0
    monkeypatch.setenv("ITA_XL_FRAMEWORKS", str(tmp_path / "nowhere") + ":" + str(tmp_path / "frameworks"))
    assert _analyze_json(capsys, str(s), "--year", "2570")["total"]["computed"] == total
    capsys.readouterr()
    assert main(["framework", "list", "--json"]) == 0
    years = {r["year"]: r for r in json.loads(capsys.readouterr().out)}
    assert years[2570]["questions"] == {"IIT": 25, "EIT": 15, "OIT": 20}
    assert years[2569]["complete"] is False and years[2566]["complete"] is True
    assert main(["framework", "show", "2570", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["year"] == 2570 and len(shown["questions"]) == 60
    assert shown["questions"][0] == {"code": "i1", "tool": "IIT", "indicator": 1, "subindicator": "",
                                     "topic": "", "text": "ข้อคำถาม IIT ที่ 1 ของตัวชี้วัด 1", "confidence": "official"}


def test_workbook_made_with_framework_works_without_it(tmp_path, files, capsys):
    q, s, total, _ = files
    fw_dir = tmp_path / "fw"
    assert main(["framework", "new", "2570", "--from", str(q), "--like", "2569", "--out", str(fw_dir)]) == 0
    book = tmp_path / "ita_2570.xlsm"
    assert main(["new", str(book), "--year", "2570", "--framework", str(fw_dir), "--org", "เทศบาลตำบลบ้านกลาง"]) == 0
    assert main(["import", str(book), str(s)]) == 0
    assert main(["fill", str(book)]) == 0
    data = _analyze_json(capsys, str(book))
    assert data["total"]["computed"] == total and data["level"] == "ผ่านดีเยี่ยม"
    assert main(["export", str(book), "--no-pdf"]) == 0
    assert (tmp_path / "ita_2570-report.docx").stat().st_size > 10_000
    wb = openpyxl.load_workbook(book)
    ws = wb[L.SHEETS["indicators"].name]
    # 10 indicators: the summary sits under them; computed cells are formulas over the question sheet
    assert ws[L.INDICATORS.cell("computed", 0)].value.startswith("=IFERROR(ROUND(ROUND(AVERAGEIFS(")
    assert ws[L.summary_cell("total", "computed", 10)].value.startswith("=IF(COUNT(")
    plan = wb[L.PLAN.sheet]
    assert plan[L.PLAN.cell("key", 0)].value.endswith(":O7")


def test_staff_add_a_missing_item_in_the_framework_sheet(tmp_path, capsys):
    """2567 knows 5 OIT items: O5 is refused with a way out; added in the sheet, it is analysed."""
    book = tmp_path / "ita_2567.xlsm"
    assert main(["new", str(book), "--year", "2567", "--org", "อบต.ทดสอบ"]) == 0
    s = tmp_path / "s.csv"
    s.write_text("code,score\nO5,0\ni1,90\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(book), str(s)]) == 2
    err = capsys.readouterr().err
    assert "framework sheet" in err and "ita-xl framework new 2567" in err
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb[L.FRAMEWORK.sheet]
    r = L.FRAMEWORK.first_row + ws.max_row  # a row well below the list
    for key, v in (("code", "O5"), ("tool", "OIT"), ("indicator", 9), ("text", "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ")):
        ws.cell(r, L.FRAMEWORK.col(key)).value = v
    wb.save(book)
    assert main(["import", str(book), str(s)]) == 0
    assert main(["fill", str(book)]) == 0
    data = _analyze_json(capsys, str(book))
    urgent = [p for p in data["plan"] if p["urgent"]]
    assert [p["questions"] for p in urgent] == [["O5"]]
    assert "จัดซื้อจัดจ้าง" in urgent[0]["measures"][0]


def test_framework_check_reports_located_problems(tmp_path, files, capsys):
    q, _, _, _ = files
    fw_dir = tmp_path / "fw"
    assert main(["framework", "new", "2570", "--from", str(q), "--like", "2569", "--out", str(fw_dir)]) == 0
    meta = fw_dir / "framework.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("OIT = 0.4", "OIT = 0.5"), encoding="utf-8")
    issues = fw_dir / "issues.toml"
    issues.write_text(issues.read_text(encoding="utf-8").replace('"O1"', '"O99"', 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["framework", "check", str(fw_dir)]) == 1
    out = capsys.readouterr().out
    assert "weights sum to 1.1" in out and f"{issues}: issue" in out and "O99" in out
    qcsv = fw_dir / "questions.csv"
    qcsv.write_text(qcsv.read_text(encoding="utf-8") + "O3,OIT,9,,,ซ้ำ,official,,\n", encoding="utf-8")
    assert main(["framework", "check", str(fw_dir)]) == 1
    out = capsys.readouterr().out
    assert f"{qcsv}: row 62" in out and "O3 appears twice" in out


def test_framework_new_from_pasted_itas_text(tmp_path, capsys):
    txt = tmp_path / "items.txt"
    txt.write_text(
        "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล\nO1 โครงสร้างและอำนาจหน้าที่\nO2 แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ\n"
        "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต\nO3 การประเมินความเสี่ยงการทุจริต\n", encoding="utf-8")
    out = tmp_path / "fw"
    main(["framework", "new", "2571", "--from", str(txt), "--like", "2569", "--out", str(out)])
    with pytest.raises(F.FrameworkError, match="weights sum to 0.4"):  # OIT alone: its weights are to edit
        F.load_folder(out)
    fw = F.load_folder(out, validate_it=False)
    assert [(q.code, q.indicator, q.topic) for q in fw.questions.values()] == [
        ("O1", 9, "structure"), ("O2", 9, "procurement_plan"), ("O3", 10, "risk_assessment")]


def test_regenerate_with_framework(tmp_path, files):
    q, s, total, _ = files
    fw_dir = tmp_path / "fw"
    assert main(["framework", "new", "2570", "--from", str(q), "--like", "2569", "--out", str(fw_dir)]) == 0
    rows = list(csv.reader(s.open(encoding="utf-8")))[1:]
    long = tmp_path / "long.csv"
    with long.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["org_id", "org_name", "org_type", "year", "code", "score"])
        for oid in ("a1", "a2"):
            w.writerows([oid, f"เทศบาลตำบล{oid}", "เทศบาล", 2570, c, v] for c, v in rows)
    # 2570 unknown: each agency fails alone (listed in the summary), the run goes on: exit 1
    assert main(["regenerate", str(long), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    assert main(["regenerate", str(long), "--out", str(tmp_path / "out"), "--quiet", "--framework", str(fw_dir)]) == 0
    from ita_xl.xlsx.detect import read_workbook_case
    from ita_xl.io.frameworks import analyze
    assert analyze(read_workbook_case(tmp_path / "out" / "ita_a2.xlsm")).total == total


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice missing")
def test_indicator_formulas_recalculate_as_python_computes(tmp_path, capsys):
    """Staff type a score: LibreOffice's recalculation of the indicator sheet equals the analysis."""
    import subprocess

    fw = F.load(2566)
    scores = {c: 100.0 for c in fw.questions}
    scores.update({"O1": 0.0, "O20": 0.0, "O40": 0.0, "i5": 60.0, "e7": 75.5})
    s = tmp_path / "s.csv"
    s.write_text("code,score\n" + "".join(f"{c},{v}\n" for c, v in scores.items()), encoding="utf-8")
    book = tmp_path / "ita_calc.xlsm"
    assert main(["new", str(book), "--scores", str(s), "--year", "2566"]) == 0
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb[L.QUESTIONS.sheet]
    for r in range(L.QUESTIONS.first_row, L.QUESTIONS.first_row + len(fw.questions)):
        if ws.cell(r, L.QUESTIONS.col("code")).value == "O2":
            ws.cell(r, L.QUESTIONS.col("score")).value = 0  # typed by staff, no command run
    wb.save(book)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(tmp_path / "calc"), str(book)], check=True, capture_output=True, timeout=240)
    calc = openpyxl.load_workbook(tmp_path / "calc" / "ita_calc.xlsx", data_only=True)[L.SHEETS["indicators"].name]
    data = _analyze_json(capsys, str(book))
    n = len(fw.indicators)
    for k, ind in enumerate(data["indicators"]):
        assert calc[L.INDICATORS.cell("computed", k)].value == pytest.approx(ind["computed"], abs=1e-9), ind["no"]
    assert calc[L.summary_cell("total", "computed", n)].value == pytest.approx(data["total"]["computed"])
    assert calc[L.summary_cell("level", "computed", n)].value == data["level"]
    assert data["indicators"][8]["computed"] == 91.0  # mean of 9.1 at 80 (O1, O2 of ten), 9.3 at 75 (O20), 100, 100, 100


def test_framework_new_from_xlsx_with_topic_column_and_default_like(tmp_path, capsys):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ข้อ", "เครื่องมือ", "ตัวชี้วัด", "ข้อคำถาม", "topic"])
    ws.append(["i1", "IIT", 1, "ข้อคำถามที่หนึ่ง", None])
    ws.append(["e1", "EIT", 2, "ข้อคำถามผู้รับบริการ", None])
    ws.append(["O1", "OIT", 3, "รายการที่ผู้ใช้ตั้งชื่อเอง", "eservice"])
    src = tmp_path / "q.xlsx"
    wb.save(src)
    out = tmp_path / "fw"
    assert main(["framework", "new", "2571", "--from", str(src), "--out", str(out)]) == 0
    fw = F.load_folder(out)
    assert [(i.no, i.tool) for i in fw.indicators] == [(1, "IIT"), (2, "EIT"), (3, "OIT")]
    assert fw.questions["O1"].topic == "eservice" and fw.year == 2571
    assert fw.levels == F.load(max(y for y in F.available_years() if y != 2571)).levels
    assert main(["framework", "new", "2571", "--from", str(src), "--out", str(out)]) == 2  # exists: --force
    bad = tmp_path / "bad.csv"
    bad.write_text("code,tool,indicator\ni1,IIT,1\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["framework", "new", "2571", "--from", str(bad), "--out", str(tmp_path / "x")]) == 2
    assert "missing: text" in capsys.readouterr().err


def test_pasted_scores_use_the_workbook_framework(tmp_path, files):
    """The Lite import (text pasted from ITAS) reads codes by the workbook's own framework."""
    from ita_xl.workbook import actions as C
    from ita_xl.workbook.ops import apply_to_snapshot

    q, _, _, _ = files
    fw_dir = tmp_path / "fw"
    assert main(["framework", "new", "2570", "--from", str(q), "--like", "2569", "--out", str(fw_dir)]) == 0
    snap = C.new_snapshot("ita_x.xlsx", 2570, frameworks=F.Frameworks((F.load_folder(fw_dir),)))
    with pytest.raises(F.UnknownYear, match="no ITA framework for 2570"):  # given to that call alone
        F.load(2570)
    snap = apply_to_snapshot(snap, C.import_pasted(snap, "O20 0\ni25 80\n", 2570))  # O20, i25: 2570's own codes
    result = C.fill_with_result(snap)[1]
    assert result.case.scores.questions == {"O20": 0.0, "i25": 80.0}
    assert [p.questions for p in result.plan if p.urgent] == [["O20"]]


def test_framework_new_from_a_thai_windows_csv_like_excel_saves_it(tmp_path, capsys):
    """The question list through the score readers' guards: cp874 (Excel's Thai "CSV"), semicolons,
    a title row above the header, a quoted wording that spans lines."""
    src = tmp_path / "q.csv"
    src.write_bytes(
        "รายการข้อคำถาม ITA 2571;;;\n"
        "ข้อ;เครื่องมือ;ตัวชี้วัด;ข้อคำถาม\n"
        "i1;IIT;1;\"บุคลากรปฏิบัติงาน; ตามหน้าที่\nอย่างเต็มที่\"\n"
        "e1;EIT;2;เจ้าหน้าที่ให้บริการอย่างเท่าเทียม\n"
        "O1;OIT;3;แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ\n".encode("cp874"))
    out = tmp_path / "fw"
    assert main(["framework", "new", "2571", "--from", str(src), "--like", "2569", "--out", str(out)]) == 0
    fw = F.load_folder(out)
    assert fw.questions["i1"].text == "บุคลากรปฏิบัติงาน; ตามหน้าที่ อย่างเต็มที่"
    assert (fw.questions["O1"].indicator, fw.questions["O1"].topic) == (3, "procurement_plan")


def test_framework_new_from_a_broken_workbook_names_it(tmp_path, capsys):
    bad = tmp_path / "q.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    capsys.readouterr()
    assert main(["framework", "new", "2571", "--from", str(bad), "--out", str(tmp_path / "fw")]) == 2
    err = capsys.readouterr().err
    assert "q.xlsx" in err and "Traceback" not in err


def test_a_framework_folder_changed_between_two_commands_in_one_process_is_read_anew(tmp_path, files, capsys,
                                                                                   monkeypatch):
    """The xlwings desktop server runs many commands in one process: a year put into
    ``ITA_XL_FRAMEWORKS`` after a first command, and a question list edited after a second, are
    what the next command sees (no cache of the folder as it was)."""
    q, s, total, _ = files
    root = tmp_path / "frameworks"
    root.mkdir()
    monkeypatch.setenv("ITA_XL_FRAMEWORKS", str(root))
    assert main(["analyze", str(s), "--year", "2570"]) == 2  # not there yet
    assert main(["framework", "new", "2570", "--from", str(q), "--like", "2569", "--out", str(root / "2570")]) == 0
    assert _analyze_json(capsys, str(s), "--year", "2570")["total"]["computed"] == total
    assert main(["framework", "show", "2570", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["questions"][0]["text"] == "ข้อคำถาม IIT ที่ 1 ของตัวชี้วัด 1"
    qcsv = root / "2570" / "questions.csv"
    qcsv.write_text(qcsv.read_text(encoding="utf-8").replace("ข้อคำถาม IIT ที่ 1 ของ", "ข้อแก้ไขแล้ว ของ"),
                    encoding="utf-8")
    assert main(["framework", "show", "2570", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["questions"][0]["text"] == "ข้อแก้ไขแล้ว ของตัวชี้วัด 1"


# ----------------------------------------------------------------- --framework of another year (finding 13)


def test_a_framework_of_another_year_than_the_input_is_refused_naming_both(tmp_path, files, capsys):
    """A --framework the input never uses was silently ignored; now it is exit 2, naming the folder
    and both years, and nothing is written."""
    q, s, _, _ = files
    fw_dir = tmp_path / "fw"
    assert main(["framework", "new", "2570", "--from", str(q), "--like", "2569", "--out", str(fw_dir)]) == 0
    one = tmp_path / "one.csv"
    one.write_text("code,score\ni1,90\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["analyze", str(one), "--year", "2566", "--framework", str(fw_dir)]) == 2
    err = capsys.readouterr().err
    assert str(fw_dir) in err and "2570" in err and "2566" in err and "Traceback" not in err, err
    book = tmp_path / "ita_x.xlsm"
    assert main(["new", str(book), "--year", "2566", "--framework", str(fw_dir)]) == 2
    assert str(fw_dir) in capsys.readouterr().err and not book.exists()
    assert main(["new", str(book), "--framework", str(fw_dir)]) == 0  # no --year: the framework's year
    assert main(["import", str(book), str(one), "--year", "2566", "--framework", str(fw_dir)]) == 2
    assert "2566" in capsys.readouterr().err
    assert main(["import", str(book), str(s), "--framework", str(fw_dir)]) == 0  # 2570, the book's year
    assert main(["fill", str(book), "--framework", str(fw_dir)]) == 0
    shipped = tmp_path / "fw2567"
    shipped.mkdir()
    for part in (F.FRAMEWORKS / "2567").iterdir():
        (shipped / part.name).write_bytes(part.read_bytes())
    before = book.read_bytes()
    assert main(["fill", str(book), "--framework", str(shipped)]) == 2  # the book is of 2570
    assert "2570" in capsys.readouterr().err and book.read_bytes() == before


def test_the_framework_travels_as_a_value_and_nothing_is_left_in_the_process(tmp_path, files):
    """No process-wide registry: a framework given to one call is unknown to the next."""
    q, _, _, _ = files
    fw_dir = tmp_path / "fw"
    assert main(["framework", "new", "2570", "--from", str(q), "--like", "2569", "--out", str(fw_dir)]) == 0
    given = F.Frameworks((F.load_folder(fw_dir),))
    assert given.load(2570).origin == str(fw_dir) and 2570 in given.years() and 2570 not in F.KNOWN.years()
    with pytest.raises(F.UnknownYear) as caught:
        F.KNOWN.load(2570)
    assert caught.value.year == 2570 and 2566 in caught.value.known
    assert not any(hasattr(F, name) for name in ("use", "forget", "using", "explicit"))
