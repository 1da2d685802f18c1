"""The bundled sample reproduces the seed document's tables and finds its mistakes."""

import json
import re
from pathlib import Path

from ita_xl.cli import main
from ita_xl.core.thai import arabic_digits

SEED = Path(__file__).resolve().parent / "data" / "seed_lampang_pao_2566.txt"  # the published document (../shared/seed)


def seed_tables():
    """Parse the seed's seven issue tables: issue -> [(tool, [(code, score)], decision)]."""
    text = arabic_digits(SEED.read_text(encoding="utf-8"))
    text = text[: text.index("2. กำหนดแนวทาง")]
    issues = {}
    current = tool = None
    for line in text.splitlines():
        m = re.match(r"ประเด็นที่ (\d)\.", line)
        if m:
            current = int(m.group(1))
            issues[current] = []
            continue
        if current is None:
            continue
        t = re.search(r"\t(IIT|EIT|OIT)\t", line)
        if t:
            tool = t.group(1)
            issues[current].append([tool, [], None])
        q = re.search(r"ข้อ\s*([iIeEoO]?)(\d+)\s*\t+\s*(\d+(?:\.\d+)?)", line)
        if q and tool:
            letter = q.group(1).lower() or "i"
            code = ("O" if letter == "o" else letter) + q.group(2)
            issues[current][-1][1].append((code, float(q.group(3))))
            if "รักษามาตรฐาน" in line:
                issues[current][-1][2] = "maintain"
            elif issues[current][-1][2] is None and re.search(r"[ก-๙]{6,}", line.split(q.group(3), 1)[1]):
                issues[current][-1][2] = "improve"
    return issues


def test_seed_parser_sees_seven_issues():
    issues = seed_tables()
    assert sorted(issues) == [1, 2, 3, 4, 5, 6, 7]
    assert sum(len(g[1]) for i in issues.values() for g in i) > 80


def test_every_tool_group_of_the_sample_is_reproduced(sample_result):
    seed = seed_tables()
    ours = {i.no: i for i in sample_result.issues}
    for no, groups in seed.items():
        got = ours[no].groups
        assert [g.tool for g in got] == [g[0] for g in groups], no
        for g_seed, g_ours in zip(groups, got):
            assert [(q.code, q.score) for q in g_ours.questions] == g_seed[1], (no, g_seed[0])
            expected = "maintain" if all(s == 100 for _, s in g_seed[1]) else "improve"
            assert g_ours.decision == expected
            if g_seed[2]:  # where the seed's table prints its decision text on the group
                assert g_ours.decision == g_seed[2], (no, g_seed[0])


def test_indicators_total_and_level(sample_result):
    inds = {i.no: i for i in sample_result.indicators}
    assert inds[6].computed == 86.47 and inds[6].stated == 88.28
    assert inds[7].computed == 88.54 and inds[7].stated == 84.29
    assert inds[4].computed == 91.86 and inds[2].computed == 99.08 and inds[5].computed == 95.19
    assert inds[8].missing == ["e14"]
    assert sample_result.total == 94.95
    assert sample_result.level == "ผ่านดี"
    mismatched = sorted(
        int(re.search(r"\d+", f.message_en).group()) for f in sample_result.findings if f.kind == "indicator_mismatch"
    )
    assert mismatched == [6, 7]


def test_findings_catch_the_sample_mistakes(sample_result):
    kinds = {}
    for f in sample_result.findings:
        kinds.setdefault(f.kind, []).append(f)
    foreign = kinds["foreign_agency"]
    assert any("วัดจันทร์" in f.message_th and "limitations" in f.where for f in foreign)
    assert any("e14" in f.message_en and "analysis.2" in f.where for f in kinds["text_cites_unscored"])
    values = [f for f in kinds["text_indicator_value"]]
    assert any("80.04" in f.message_en and "analysis.2" in f.where for f in values)
    assert any("86.47" in f.message_en and "analysis.1" in f.where for f in values)
    assert len(values) == 2, [f.message_en for f in values]  # a code like i๒๔ is not a score
    assert all("ลำปาง" not in f.message_th.split("(")[0] for f in foreign)  # its own name is not foreign
    wrong = {f.where.rsplit(".", 1)[-1] for f in kinds["text_wrong_indicator"]}
    assert {"2", "3", "6", "7"} <= wrong
    assert "total_mismatch" not in kinds  # 94.96 printed vs 94.95 computed is rounding
    assert "level_mismatch" not in kinds and "plan_year" not in kinds


def test_generated_paragraph_quotes_own_indicator(sample_result):
    issue4 = next(i for i in sample_result.issues if i.no == 4)
    assert issue4.focus[0] == "i24"  # the weakest first, then the others below the threshold
    assert "i๒๔" in issue4.analysis_th
    assert "การใช้ทรัพย์สินของราชการอยู่ที่ ๙๑.๘๖ คะแนน" in issue4.analysis_th
    assert "องค์การบริหารส่วนจังหวัดลำปาง" in issue4.analysis_th
    for issue in sample_result.issues:
        assert not re.search(r"[0-9]", issue.analysis_th), issue.analysis_th  # Thai numerals throughout


def test_plan_rows_and_period(sample_result):
    assert sample_result.plan_year == 2567
    assert sample_result.plan, "the plan has rows"
    assert {p.issue for p in sample_result.plan} == {1, 2, 3, 4, 5, 6, 7}
    for row in sample_result.plan:
        assert row.period == "๑ ตุลาคม ๒๕๖๖ ถึง ๓๐ กันยายน ๒๕๖๗"
        assert row.measures and row.steps and row.owner
    keys = [p.key for p in sample_result.plan]
    assert len(keys) == len(set(keys))


def test_cli_sample_json(capsys):
    assert main(["analyze", "--sample", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == {"stated": 94.96, "computed": 94.95}
    assert data["level"] == "ผ่านดี"
    assert data["assessment_year"] == 2566 and data["plan_year"] == 2567
    ind6 = next(i for i in data["indicators"] if i["no"] == 6)
    assert ind6["score"] == 88.28 and ind6["computed"] == 86.47
    assert len(data["issues"]) == 7 and data["plan"] and data["findings"]
    assert set(data["tools"]) == {"IIT", "EIT", "OIT"}
    first = data["issues"][0]["groups"][0]
    assert set(first) >= {"tool", "questions", "decision"}
    assert set(first["questions"][0]) == {"code", "indicator", "score"}


def test_cli_check_exit_status(capsys):
    assert main(["check", "--sample"]) == 1  # the sample has error-level findings
    out = capsys.readouterr().out
    assert "foreign_agency" in out and "indicator_mismatch" in out


def test_issues_do_not_repeat_a_focus_when_another_weak_question_exists(sample_result):
    focus = [tuple(i.focus) for i in sample_result.issues]
    assert len(set(focus)) == len(focus), focus
    assert len({i.analysis_th for i in sample_result.issues}) == len(sample_result.issues)


def test_analyze_prints_the_published_total_beside_the_computed_one(capsys):
    # as each indicator is printed (stated, then computed): NACC published 94.96; the rounded tools give 94.95
    assert main(["analyze", "--sample"]) == 0
    out = capsys.readouterr().out
    assert "total 94.96 (computed 94.95); level ผ่านดี" in out
    assert "6 EIT คุณภาพการดำเนินงาน: 88.28 (computed 86.47)" in out
