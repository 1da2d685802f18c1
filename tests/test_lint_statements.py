"""``ita-xl lint`` on what agencies publish besides a full analysis: results announcements and O42
pages without issue tables (documents under ``tests/data/lint/``, made up for these tests)."""

from pathlib import Path

import pytest

from ita_xl.cli import main
from ita_xl.io.frameworks import load
from ita_xl.lint.lint import lint_document
from ita_xl.lint.readers import parse_text
from ita_xl.lint.statements import indicator_line, indicator_of, results_in

DATA = Path(__file__).resolve().parent / "data" / "lint"
AA_2566 = DATA / "announce_huai_nam_yen_2566.txt"
B_2565 = DATA / "announce_tha_sai_thong_2566.txt"
GOOD_2567 = DATA / "announce_don_kaeo_ngam_2567.txt"
O42 = DATA / "o42_nong_bua_thong_2566.txt"


def lint_file(path: Path, text: str | None = None):
    return lint_document(parse_text(text if text is not None else path.read_text(encoding="utf-8"), path.name))


def kinds(res, severity="error"):
    return sorted(f.kind for f in res.findings if f.severity == severity)


def edited(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


# --------------------------------------------------------------------------------------- announcements

def test_a_label_of_another_scheme_is_an_error_naming_its_years():
    res = lint_file(AA_2566)
    r = res.reading
    assert (r.org_name, r.assessment_year, r.total.value, r.level.value, r.pass_word.value) == (
        "องค์การบริหารส่วนตำบลห้วยน้ำเย็น", 2566, 96.30, "AA", "ผ่าน")
    assert kinds(res) == ["level_unknown"]
    f = next(f for f in res.findings if f.kind == "level_unknown")
    assert "2562-2565" in f.message_en and f.where == f"{AA_2566.name}: line 3" and "AA" in f.quote
    assert not kinds(res, "warning")


def test_a_result_announced_with_another_years_label_and_year():
    """77.70 for 2566 (the title) announced as "ระดับ B … ประจำปีงบประมาณ พ.ศ. 2565": both are errors."""
    res = lint_file(B_2565)
    assert res.reading.assessment_year == 2566
    assert kinds(res) == ["level_unknown", "year_mixed"]
    year = next(f for f in res.findings if f.kind == "year_mixed")
    assert "2565" in year.quote and year.where == f"{B_2565.name}: line 2"


def test_the_same_announcement_with_the_year_and_label_right_is_clean():
    text = edited(B_2565, "อยู่ในระดับ B ตามประกาศผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. 2565",
                  "อยู่ในระดับ ต้องปรับปรุง ตามประกาศผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. 2566")
    res = lint_file(B_2565, text)
    assert kinds(res) == [] and not kinds(res, "warning")


def test_an_announcement_with_tools_and_last_years_result_is_read_and_clean():
    res = lint_file(GOOD_2567)
    r = res.reading
    assert (r.assessment_year, r.total.value, r.level.value) == (2567, 91.26, "ผ่าน")
    assert {t: s.value for t, s in r.tools.items()} == {"IIT": 95.50, "EIT": 83.90, "OIT": 93.60}
    assert [(x.total, x.comparison) for x in r.results] == [(91.26, False), (88.10, True)]
    assert kinds(res) == [] and not kinds(res, "warning")


def test_a_pass_label_with_a_tool_below_85_is_an_error():
    res = lint_file(GOOD_2567, edited(GOOD_2567, "อยู่ในระดับ ผ่าน เพิ่มขึ้น", "อยู่ในระดับ ผ่านดี เพิ่มขึ้น"))
    assert kinds(res) == ["level_mismatch"]
    assert "ผ่านดี" in next(f.quote for f in res.findings if f.kind == "level_mismatch")


def test_a_level_the_total_cannot_have_and_a_pass_word_below_the_pass_mark():
    text = edited(GOOD_2567, "จำนวน 91.26 คะแนน อยู่ในระดับ ผ่าน", "จำนวน 80.50 คะแนน (ผ่าน) อยู่ในระดับ ผ่าน")
    res = lint_file(GOOD_2567, text)
    assert "level_mismatch" in kinds(res) and "pass_word" in kinds(res)


def test_a_plain_web_page_with_a_year_but_no_figure_is_refused(tmp_path, capsys):
    page = tmp_path / "news.txt"
    page.write_text("ข่าวกิจกรรม\nเทศบาลตำบลตัวอย่างจัดอบรมคุณธรรมให้บุคลากร ประจำปีงบประมาณ พ.ศ. 2567\n", encoding="utf-8")
    assert main(["lint", str(page), "--year", "2567"]) == 2
    assert "states no ITA figure" in capsys.readouterr().err


def test_cli_exit_status_on_announcements(capsys):
    assert main(["lint", str(AA_2566)]) == 1
    assert "level_unknown" in capsys.readouterr().out
    assert main(["lint", str(GOOD_2567)]) == 0


# --------------------------------------------------------------------------------------- O42 pages

def test_an_o42_page_without_issue_tables_is_read():
    res = lint_file(O42)
    r = res.reading
    assert (r.org_name, r.assessment_year, r.total.value, r.level.value) == ("เทศบาลตำบลหนองบัวทอง", 2566, 92.71, "ผ่านดี")
    assert {no: s.value for no, s in r.indicators.items()} == {
        1: 95.12, 2: 91.40, 3: 93.85, 4: 90.20, 5: 94.66, 6: 89.37, 7: 87.52, 8: 86.10, 9: 100.0, 10: 92.50,
    }
    assert r.indicators[1].loc.line == 7  # the name's line; its score is on the next
    assert kinds(res) == [] and not kinds(res, "warning")
    notes = {f.kind for f in res.findings if f.severity == "info"}
    # the heading names the document's fiscal year (2567) above the 2566 result: a note, not an error
    assert {"heading_fiscal_year", "no_issue_tables", "no_plan_table"} <= notes
    # the misspelt names are read, and named
    misspelt = {f.where for f in res.findings if f.kind == "indicator_name"}
    assert misspelt == {f"{O42.name}: line 11", f"{O42.name}: line 20"}


def test_o42_total_checked_against_all_ten_indicators():
    res = lint_file(O42, edited(O42, "มีผลคะแนน 92.71 คะแนน", "มีผลคะแนน 93.40 คะแนน"))
    assert kinds(res) == ["total_mismatch"]
    assert next(f.where for f in res.findings if f.kind == "total_mismatch") == f"{O42.name}: line 4"


def test_o42_level_against_the_scheme():
    res = lint_file(O42, edited(O42, "อยู่ในระดับ ผ่านดี", "อยู่ในระดับ ผ่านดีเยี่ยม"))
    assert kinds(res) == ["level_mismatch"]


def test_o42_with_an_indicator_missing_says_what_it_could_not_read():
    text = edited(O42, "10. การป้องกันการทุจริต\n92.50 คะแนน\n", "")
    res = lint_file(O42, text)
    assert len(res.reading.indicators) == 9
    assert kinds(res) == [] and not kinds(res, "warning")
    note = next(f for f in res.findings if f.kind == "indicators_not_read")
    assert "10" in note.message_en and "total cannot be checked" in note.message_en


def test_o42_scores_in_the_next_cell():
    """The same page pasted from a web table: name and score in two cells of one row."""
    text = O42.read_text(encoding="utf-8").replace("การปฏิบัติหน้าที่\n95.12 คะแนน", "การปฏิบัติหน้าที่\t95.12 คะแนน")
    text = text.replace("การใช้งบประมาณ\n91.40 คะแนน", "การใช้งบประมาณ\t91.40 คะแนน")
    res = lint_file(O42, text)
    assert res.reading.indicators[1].value == 95.12 and res.reading.indicators[2].value == 91.40
    assert res.reading.indicators[1].loc.table == 1
    assert kinds(res) == []


def test_the_heading_convention_does_not_excuse_citing_the_wrong_announcement():
    text = edited(O42, "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ของ",
                  "ตามประกาศผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ของ")
    res = lint_file(O42, text)
    assert res.reading.assessment_year == 2566
    assert kinds(res) == ["year_mixed"]


# --------------------------------------------------------------------------------------- the matching


@pytest.mark.parametrize("written, no", [
    ("การปฏิบติัหน้าที่", 1), ("การใช้อำนจาา", 3), ("การใช้ทรัพยากรของราชการ", 4),
    ("การใช้ทรัพย์สินของทางราชการ", 4), ("คุณภาพการดำเนนิงาน", 6), ("การปรับปรุงระบบการทำงาน", 8),
    ("การป้องกนัการทุจริต", 10), ("การดำเนินงาน", None), ("การทุจริต", None), ("ผลการประเมิน", None),
])
def test_indicator_names_are_matched_tolerantly_but_not_loosely(written, no):
    assert indicator_of(written, load(2566)) == no


def test_a_sentence_is_not_an_indicator_line():
    fw = load(2566)
    assert indicator_line("IIT จากการวิเคราะห์ผลคะแนน พบว่า การปฏิบัติหน้าที่ได้ 95.12 คะแนน", fw) is None
    assert indicator_line("การปฏิบัติหน้าที่ : 95.12", fw) == (1, 95.12, "การปฏิบัติหน้าที่")


def test_differences_are_not_results():
    assert results_in("คะแนนเพิ่มขึ้น 3.16 คะแนน") == []
    assert [v for v, _, _ in results_in("ได้คะแนนรวม ๙๑.๒๖ คะแนน")] == [91.26]


# --------------------------------------------------------------------------------------- tab lines

def o42_with_tab_lines() -> str:
    """The O42 page as pasted from a web page into Word: each indicator a line of tab-separated cells."""
    import re

    text = O42.read_text(encoding="utf-8")
    return re.sub(r"^([0-9]{1,2})\. (\S+)\n?\s*([0-9.]+) คะแนน$", r"\1\t\2\t\3", text, flags=re.MULTILINE)


def test_an_o42_page_as_a_tab_line_docx_and_its_pdf_read_like_its_text(tmp_path):
    from ita_xl.lint.readers import read_document
    from ita_xl.report.pdf import soffice
    from support.lintdocs import write_pdf, write_tab_docx

    text = o42_with_tab_lines()
    assert text.count("\t") == 20
    base = lint_file(O42, text)
    want = {no: s.value for no, s in base.reading.indicators.items()}
    assert len(want) == 10 and base.reading.indicators[3].loc.table == 1
    docx_path = write_tab_docx(parse_text(text, O42.name), tmp_path / "o42.docx")
    paths = [docx_path]
    if soffice() is not None and (pdf := write_pdf(docx_path, tmp_path / "o42.pdf")) is not None:
        pytest.importorskip("pdfplumber")
        paths.append(pdf)
    for path in paths:
        res = lint_document(read_document(path))
        r = res.reading
        assert {no: s.value for no, s in r.indicators.items()} == want, path.name
        assert (r.assessment_year, r.total.value, r.level.value) == (2566, 92.71, "ผ่านดี"), path.name
        assert kinds(res) == [] and not kinds(res, "warning"), path.name


from hypothesis import given, strategies as st  # noqa: E402

from ita_xl.lint.rowlines import split_code_score  # noqa: E402

FW_2566 = load(2566)
CODES = sorted(FW_2566.questions)


@given(st.sampled_from(CODES), st.one_of(st.just("100"), st.decimals(min_value=0, max_value="99.99", places=2).map(str)))
def test_a_code_run_together_with_its_score_is_split_right_or_not_at_all(code, score):
    """Printed with no gap, "e7" and "85.00" become "e785.00": read back as e7 at 85.00, or left unread
    where another code and score fit too; never another question or score."""
    got = split_code_score(code[0], code[1:] + score, None, FW_2566)
    assert got in (None, (code, score))
    if "." in score and len(score.split(".")[0]) == 2 and code + score[0] not in FW_2566.questions:
        assert got == (code, score)  # no longer code takes the score's first digit: nothing else fits


def test_a_news_line_with_a_short_year_and_the_score_after_the_word():
    text = "ข่าวท้องถิ่น\nอบต.ห้วยน้ำเย็น คว้าผลประเมิน ITA ปีงบประมาณ 66 ได้คะแนน 96.30 อยู่ในระดับ AA\n"
    res = lint_document(parse_text(text, "news.txt"))
    r = res.reading
    assert (r.assessment_year, r.total.value, r.level.value) == (2566, 96.30, "AA")
    assert kinds(res) == ["level_unknown"]


def test_last_years_level_in_another_paragraph_is_not_taken_for_this_years():
    text = GOOD_2567.read_text(encoding="utf-8") + "ทั้งนี้ ผลการประเมินปีงบประมาณ พ.ศ. 2565 อยู่ในระดับ A\n"
    res = lint_file(GOOD_2567, text)
    assert res.reading.level.value == "ผ่าน" and kinds(res) == []
    between = edited(GOOD_2567, "\nโดยแบบวัด", "\nผลการประเมินปี 2565 อยู่ในระดับ A\nโดยแบบวัด")
    res = lint_file(GOOD_2567, between)
    assert res.reading.level.value == "ผ่าน" and kinds(res) == []


def test_a_question_score_stated_in_a_tool_comment_is_read():
    text = edited(O42, "จึงควรเปิดช่องทางรับความคิดเห็นทางออนไลน์",
                  "โดยข้อ e14 ได้คะแนน 71.25 จึงควรเปิดช่องทางรับความคิดเห็นทางออนไลน์")
    res = lint_file(O42, text)
    assert res.reading.questions["e14"].value == 71.25 and res.reading.questions["e14"].loc.line == 25
    assert res.case.scores.questions == {"e14": 71.25}
    assert kinds(res) == [] and not kinds(res, "warning")


def test_new_workbook_from_an_o42_page(tmp_path, capsys):
    """``new --from-document`` takes the same reader: the page's indicators, total and level."""
    from ita_xl.xlsx.fileio import snapshot_of
    from ita_xl.workbook.reader import case_from_snapshot

    out = tmp_path / "ita_nong_bua_thong.xlsm"
    assert main(["new", str(out), "--from-document", str(O42)]) == 0
    assert "0 errors" in capsys.readouterr().out
    case = case_from_snapshot(snapshot_of(out))
    assert (case.org.name, case.scores.year, case.scores.total, case.scores.level) == (
        "เทศบาลตำบลหนองบัวทอง", 2566, 92.71, "ผ่านดี")
    assert case.scores.indicators[3] == 93.85 and len(case.scores.indicators) == 10


def test_a_tool_score_against_its_indicators():
    # IIT's five indicators average 93.046: stated right, nothing; stated wrong, an error on its line
    ok = edited(O42, "โดยแยกตามแบบวัดได้ดังนี้", "โดยแบบวัด IIT ได้ 93.05 คะแนน")
    assert kinds(lint_file(O42, ok)) == []
    res = lint_file(O42, edited(O42, "โดยแยกตามแบบวัดได้ดังนี้", "โดยแบบวัด IIT ได้ 95.05 คะแนน"))
    assert kinds(res) == ["tool_mismatch"]
    assert next(f.where for f in res.findings if f.kind == "tool_mismatch") == f"{O42.name}: line 4"
