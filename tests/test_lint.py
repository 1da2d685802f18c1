"""``ita-xl lint`` on the seed document and on variants of it that change one thing each."""

import json
from pathlib import Path

import pytest

from ita_xl.cli import main
from ita_xl.io.frameworks import analyze
from ita_xl.io.case import sample_case
from ita_xl.lint.lint import lint_document
from ita_xl.lint.readers import parse_text

SEED = Path(__file__).resolve().parent / "data" / "seed_lampang_pao_2566.txt"
SCORES = Path(__file__).resolve().parents[1] / "ita_xl" / "samples" / "lampang_pao_2566.csv"
# what only the document can get wrong, beyond the sample's case-file checks: its first paragraph cites
# NACC's announcement of the results as 2567's. Its heading's "ประจำปีงบประมาณ ๒๕๖๗" above the 2566
# result is the fiscal year the document belongs to, as agencies title their O42 pages: a note only.
DOCUMENT_ONLY_ERRORS = {"year_mixed"}
# a document shows the questions of its issues only: an indicator it cannot check is a note in lint
NOTES_IN_LINT = {"indicator_incomplete"}


def key(f):
    return (f.severity, f.kind, f.message_en)


def lint_text(text: str, name: str = "seed.txt"):
    return lint_document(parse_text(text, name))


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def variant(*edits: tuple[str, str, int]) -> str:
    """The seed with each (old, new, nth occurrence) edit made; each old text must be there."""
    text = seed_text()
    for old, new, nth in edits:
        at = -1
        for _ in range(nth):
            at = text.index(old, at + 1)
        text = text[:at] + new + text[at + len(old):]
    return text


@pytest.fixture(scope="module")
def seed():
    return lint_text(seed_text())


def test_the_seed_gives_every_finding_the_sample_case_gives(seed):
    sample = {
        ("info" if f.kind in NOTES_IN_LINT else f.severity, f.kind, f.message_en)
        for f in analyze(sample_case()).findings if f.severity in ("error", "warning")
    }
    got = {key(f) for f in seed.findings}
    assert sample <= got, sample - got
    sample_errors = {k for k in sample if k[0] == "error"}
    extra = {k[1] for k in got if k[0] == "error"} - {k[1] for k in sample_errors}
    assert extra == DOCUMENT_ONLY_ERRORS
    assert len([k for k in got if k[0] == "error"]) == len(sample_errors) + len(DOCUMENT_ONLY_ERRORS)


def test_the_seed_is_read_as_it_is_written(seed):
    r = seed.reading
    assert (r.org_name, r.org_type, r.district, r.province) == ("องค์การบริหารส่วนจังหวัดลำปาง", "อบจ.", "เกาะคา", "ลำปาง")
    assert (r.assessment_year, r.plan_year, r.total.value, r.level.value) == (2566, 2567, 94.96, "ผ่านดี")
    assert r.indicators[6].value == 88.28 and len(r.indicators) == 10
    assert [i.no for i in r.issues] == [1, 2, 3, 4, 5, 6, 7]
    issue6 = r.issues[5]
    assert [c.code for c in issue6.groups[0].cells][-1] == "i27"  # the bare "ข้อ ๒๗" under IIT
    assert [c.code for c in issue6.groups[1].cells][-1] == "O41"  # a row shifted out of its columns
    assert [c.code for c in r.issues[2].groups[1].cells] == ["O1", "O2", "O3", "O5", "O6", "O7", "O8", "O9", "O10"]
    # the case the lint builds equals the hand-made sample case on every question score
    assert seed.case.scores.questions == sample_case().scores.questions
    assert len(r.plan) == 9 and {p.issue for p in r.plan} == set(range(1, 8))
    assert r.units["procurement"] == "กองพัสดุและทรัพย์สิน"


def test_every_finding_says_where_with_a_quote(seed):
    for f in seed.findings:
        assert f.where.startswith("seed.txt")
        assert f.message_th and f.message_en
        if f.severity == "error":
            assert f.quote, f
    by_kind = {f.kind: f for f in seed.findings}
    assert by_kind["foreign_agency"].where == "seed.txt: line 193"
    assert "วัดจันทร์" in by_kind["foreign_agency"].quote
    assert by_kind["heading_fiscal_year"].where == "seed.txt: line 8"
    assert by_kind["heading_fiscal_year"].severity == "info" and "2566" in by_kind["heading_fiscal_year"].message_en
    assert by_kind["year_mixed"].where == "seed.txt: line 10" and "๒๕๖๗" in by_kind["year_mixed"].quote
    mism = [f for f in seed.findings if f.kind == "indicator_mismatch"]
    assert [f.where for f in mism] == ["seed.txt: table 1, row 7 (line 37)", "seed.txt: table 1, row 8 (line 38)"]
    assert "๘๐.๐๔" in next(f.quote for f in seed.findings if "80.04" in f.message_en)


def diff(text: str, base) -> tuple[set, set]:
    got = {(f.severity, f.kind, f.where) for f in lint_text(text).findings}
    was = {(f.severity, f.kind, f.where) for f in base.findings}
    return got - was, was - got


def test_a_changed_score_is_found_where_it_was_changed(seed):
    added, gone = diff(variant(("ข้อ i๒๔\t๕๕.๕๗", "ข้อ i๒๔\t๖๕.๕๗", 1)), seed)
    assert added == {("error", "indicator_mismatch", "seed.txt: table 1, row 5 (line 35)")}
    assert not gone


def test_a_score_that_disagrees_with_the_same_question_elsewhere(seed):
    added, gone = diff(variant(("ข้อ e๑\t๘๒.๑๑", "ข้อ e๑\t๘๓.๑๑", 1)), seed)
    assert added == {("error", "score_conflict", "seed.txt: table 3, row 5 (line 73)")}
    assert not gone


def test_a_pasted_agency_name_is_found_in_its_paragraph(seed):
    text = variant((
        "องค์การบริหารส่วนจังหวัดลำปางได้ศึกษาวิเคราะห์ประเด็นกระบวนการสร้าง",
        "เทศบาลตำบลบ้านกลางได้ศึกษาวิเคราะห์ประเด็นกระบวนการสร้าง", 1,
    ))
    added, gone = diff(text, seed)
    assert added == {("error", "foreign_agency", "seed.txt: line 139")}
    assert not gone
    f = next(f for f in lint_text(text).findings if f.where == "seed.txt: line 139")
    assert "เทศบาลตำบลบ้านกลาง" in f.quote and "เทศบาลตำบลบ้านกลาง" in f.message_th


def test_a_wrong_plan_period_is_found_on_its_row(seed):
    period = "๑. ตุลาคม ๒๕๖๖ ถึง ๓๐ กันยายน ๒๕๖๗"
    added, gone = diff(variant((period, "๑ ตุลาคม ๒๕๖๕ ถึง ๓๐ กันยายน ๒๕๖๖", 2)), seed)
    assert added == {("error", "plan_period", "seed.txt: table 9, row 3 (line 180)")}
    assert not gone


def test_a_maintain_cell_over_scores_below_100(seed):
    old = "\tข้อ E๑\t๘๒.๑๑\tพัฒนาและปรับปรุงให้ดีขึ้น"
    added, gone = diff(variant((old, "\tข้อ E๑\t๘๒.๑๑\tรักษามาตรฐานไว้ ", 1)), seed)
    assert added == {("error", "action_contradiction", "seed.txt: table 2, row 8 (line 54)")}
    assert not gone


CLEAN = (
    ("ประจำปีงบประมาณ ๒๕๖๗\n", "ประจำปีงบประมาณ ๒๕๖๖\n", 1),
    ("ภาครัฐ ประจำปีงบประมาณ พ.ศ.๒๕๖๗", "ภาครัฐ ประจำปีงบประมาณ พ.ศ.๒๕๖๖", 1),
    ("6\tคุณภาพการดำเนินงาน\t88.28", "6\tคุณภาพการดำเนินงาน\t86.47", 1),
    ("7\tประสิทธิภาพการสื่อสาร\t84.29", "7\tประสิทธิภาพการสื่อสาร\t88.54", 1),
    ("พบว่ามีผลคะแนน ๙๔.๙๖ คะแนน", "พบว่ามีผลคะแนน ๙๕.๒๐ คะแนน", 1),
    ("ประสิทธิภาพการสื่อสารอยู่ที่ ๘๐.๐๔", "ประสิทธิภาพการสื่อสารอยู่ที่ ๘๘.๕๔", 1),
    ("องค์การบริหารส่วนตำบลวัดจันทร์", "องค์การบริหารส่วนจังหวัดลำปาง", 1),
)


def test_a_corrected_version_has_no_errors():
    res = lint_text(variant(*CLEAN))
    errors = [f for f in res.findings if f.severity == "error"]
    assert errors == []
    assert res.reading.total.value == 95.20


def test_cli_exit_status_and_json(tmp_path, capsys):
    assert main(["lint", str(SEED)]) == 1
    out = capsys.readouterr().out
    assert "ERROR   foreign_agency" in out and "line 193" in out
    assert main(["lint", str(SEED), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["document"] == SEED.name and data["org"] == "องค์การบริหารส่วนจังหวัดลำปาง"
    assert data["assessment_year"] == 2566 and data["plan_year"] == 2567
    assert set(data["findings"][0]) >= {"severity", "kind", "message", "where", "quote"}
    assert data["read"]["indicators"]["7"] == 84.29
    clean = tmp_path / "clean.txt"
    clean.write_text(variant(*CLEAN), encoding="utf-8")
    assert main(["lint", str(clean)]) == 0


def test_scores_from_itas_check_every_number(tmp_path, capsys):
    main(["lint", str(SEED), "--scores", str(SCORES), "--json"])
    base = json.loads(capsys.readouterr().out)["findings"]
    assert not [f for f in base if f["kind"] == "source_mismatch"]  # the sample CSV holds the document's own scores
    assert {f["where"] for f in base if f["kind"] == "source_text_value"} == {f"{SEED.name}: line 65", f"{SEED.name}: line 86"}
    changed = tmp_path / SEED.name
    changed.write_text(variant(("ข้อ i๒๔\t๕๕.๕๗", "ข้อ i๒๔\t๖๕.๕๗", 1)), encoding="utf-8")
    assert main(["lint", str(changed), "--scores", str(SCORES), "--json"]) == 1
    got = json.loads(capsys.readouterr().out)["findings"]
    mism = [f for f in got if f["kind"] == "source_mismatch"]
    assert [(f["where"], "65.57" in f["message"], "55.57" in f["message"]) for f in mism] == [
        (f"{SEED.name}: table 5, row 7 (line 116)", True, True)
    ]


@pytest.mark.parametrize("content, name, words", [
    (b"", "empty.txt", "empty"),
    (b"PK\x03\x04 not a zip", "broken.docx", "corrupt"),
    (b"%PDF-1.4\n%broken", "broken.pdf", "PDF"),
    (b"hello", "notes.odt", "unsupported"),
    ("สวัสดี ไม่มีตาราง".encode(), "plain.txt", "assessment year"),
])
def test_unreadable_input_exits_2_with_a_located_message(tmp_path, capsys, content, name, words):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["lint", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and words in err and "Traceback" not in err


def test_a_document_without_any_table_is_refused(tmp_path, capsys):
    path = tmp_path / "letter.txt"
    path.write_text("หนังสือ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ เรื่อง มาตรการ\n", encoding="utf-8")
    assert main(["lint", str(path), "--year", "2566"]) == 2
    assert "not an ITA analysis document" in capsys.readouterr().err


def test_new_workbook_from_the_document(tmp_path, capsys):
    from ita_xl.xlsx.fileio import snapshot_of
    from ita_xl.workbook.reader import case_from_snapshot

    out = tmp_path / "ita_lampang.xlsm"
    assert main(["new", str(out), "--from-document", str(SEED)]) == 0
    assert "6 errors" in capsys.readouterr().out
    case = case_from_snapshot(snapshot_of(out))
    assert case.org.name == "องค์การบริหารส่วนจังหวัดลำปาง" and case.scores.year == 2566
    assert case.scores.questions == sample_case().scores.questions
    assert case.texts["limitations"].startswith("ในการดำเนินการประเมิน")
    assert case.texts["limitations"] == sample_case().texts["limitations"].strip()


TAMBON = Path(__file__).resolve().parent / "data" / "lint" / "tambon_ban_klang_2566.txt"


def test_another_layout_arabic_digits_bare_codes_and_other_columns():
    """A municipality's document: Arabic digits, codes without ข้อ, the code column first, a maintain
    column over an OIT group that is all 100 but says improve, and one plan row a year late."""
    res = lint_document(parse_text(TAMBON.read_text(encoding="utf-8"), TAMBON.name))
    r = res.reading
    assert (r.org_name, r.org_type, r.district, r.province) == ("เทศบาลตำบลบ้านกลาง", "เทศบาล", "สันป่าตอง", "เชียงใหม่")
    assert (r.assessment_year, r.plan_year, r.total.value, r.level.value) == (2566, 2567, 93.37, "ผ่าน")
    assert [[(g.tool, [c.code for c in g.cells]) for g in i.groups] for i in r.issues][0] == [
        ("IIT", ["i1", "i2"]), ("EIT", ["e1", "e2", "e3", "e4", "e5"]), ("OIT", ["O1", "O2"]),
    ]
    assert r.units == {"admin": "สำนักปลัดเทศบาล", "finance": "กองคลัง"}
    errors = {(f.kind, f.where) for f in res.findings if f.severity == "error"}
    assert errors == {
        ("action_contradiction", f"{TAMBON.name}: table 2, row 9 (line 28)"),
        ("plan_period", f"{TAMBON.name}: table 4, row 3 (line 47)"),
    }


def test_new_from_document_refuses_with_sample(tmp_path, capsys):
    assert main(["new", str(tmp_path / "x.xlsm"), "--sample", "--from-document", str(SEED)]) == 2
    assert "--from-document" in capsys.readouterr().err


from hypothesis import given, strategies as st  # noqa: E402

from ita_xl.core.thai import fiscal_period, fiscal_year_bounds  # noqa: E402
from ita_xl.lint.patterns import action_kind, parse_period  # noqa: E402


@given(st.integers(min_value=2540, max_value=2600), st.sampled_from(["thai", "arabic"]))
def test_the_project_s_own_plan_period_reads_back_as_its_fiscal_year(year, numerals):
    assert parse_period(fiscal_period(year, numerals)) == fiscal_year_bounds(year)


cell_text = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Zs")), min_size=1, max_size=12)


@given(st.lists(st.lists(cell_text, min_size=2, max_size=5), min_size=1, max_size=6))
def test_tab_separated_rows_read_back_as_table_rows(rows):
    rows = [[c.replace("<", "").replace("&", "") or "x" for c in row] for row in rows]
    text = "หัวเรื่อง\n" + "\n".join("\t".join(row) for row in rows) + "\nจบ"
    doc = parse_text(text, "t.txt")
    assert doc.tables[0].rows == rows
    assert [loc.line for loc in doc.tables[0].locs] == list(range(2, 2 + len(rows)))


def test_maintain_and_improve_cells_of_the_seed_are_told_apart(seed):
    kinds = [(i.no, g.tool, action_kind(g.action)) for i in seed.reading.issues for g in i.groups]
    scores = {(i.no, g.tool): all(c.score == 100 for c in g.cells) for i in seed.reading.issues for g in i.groups}
    assert all((k == "maintain") == scores[(no, tool)] for no, tool, k in kinds)


def test_a_paragraph_giving_a_question_another_score_than_its_table(seed):
    text = variant(("ข้อคำถาม i๒๔ หน่วยงาน", "ข้อคำถาม i๒๔ ซึ่งได้คะแนน ๖๕.๕๗ หน่วยงาน", 1))
    added, gone = diff(text, seed)
    assert added == {("error", "text_question_value", "seed.txt: line 120")}
    assert not gone
    same = variant(("ข้อคำถาม i๒๔ หน่วยงาน", "ข้อคำถาม i๒๔ ซึ่งได้คะแนน ๕๕.๕๗ หน่วยงาน", 1))
    assert diff(same, seed) == (set(), set())


def test_a_question_row_without_a_score(seed):
    added, gone = diff(variant(("ข้อ i๒๔\t๕๕.๕๗", "ข้อ i๒๔\t", 1)), seed)
    # the project's check names the issue's table; indicator 4 then lacks i24 (no longer compared)
    assert ("warning", "grouping_unscored", "seed.txt: table 5, row 1 (line 110)") in added
    assert ("info", "indicator_incomplete", "seed.txt: table 1, row 5 (line 35)") in added
    assert not [a for a in added if a[0] == "error"] and not gone
    added, _ = diff(variant(("ข้อ i๒๔\t๕๕.๕๗", "ข้อ i๒๔\tn/a", 1)), seed)
    assert ("warning", "unread_score", "seed.txt: table 5, row 7 (line 116)") in added


def test_a_title_with_another_plan_year_than_the_body(seed):
    added, gone = diff(variant(("ความโปร่งใส ประจำปี พ.ศ.๒๕๖๗", "ความโปร่งใส ประจำปี พ.ศ.๒๕๖๘", 1)), seed)
    assert added == {("error", "heading_year", "seed.txt: line 5")}
    assert not gone


def test_zero_width_characters_typed_between_words_change_nothing(seed):
    """Thai writers put U+200B between words, typesetters U+2060 inside codes: the reading is the same."""
    text = seed_text().replace("ข้อ i๒๔", "ข้อ i\u2060๒๔").replace("ข้อคำถาม ", "ข้อคำถาม\u200b ")
    assert "\u2060" in text and "\u200b" in text
    res = lint_text(text)
    assert res.case.scores.questions == seed.case.scores.questions
    assert sorted(map(key, res.findings)) == sorted(map(key, seed.findings))


def test_word_joiners_and_zero_width_no_break_spaces_are_read_past(seed):
    # text copied from a web page or from a report typeset for print (ita-xl's own DOCX joins the words
    # of a unit's name with U+2060) carries invisible joiners, here inside every Thai number
    import re

    joined = re.sub("(?<=[๐-๙])(?=[.๐-๙])|(?<=[๐-๙]\\.)(?=[๐-๙])", "\u2060", seed_text()).replace(
        "องค์การบริหารส่วนจังหวัด", "องค์การ\ufeffบริหารส่วน\u2060จังหวัด")
    assert joined != seed_text()
    assert {key(f) for f in lint_text(joined).findings} == {key(f) for f in seed.findings}
