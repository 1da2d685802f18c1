"""The issue paragraphs read like a careful official wrote them: the finding proportionate to the
question's score (no allegation at a very high score), the issue's strengths acknowledged, the
proposals opened by varied connectives, and each issue about its own topic. The words, bands,
openers and topics are data of the library (recommendations.toml [texts]); these tests read them
from there."""

from __future__ import annotations

import tomllib

import pytest

from ita_xl.core.analysis import band, issue_topic
from ita_xl.io.frameworks import analyze
from ita_xl.io.frameworks import FRAMEWORKS, load
from ita_xl.core.model import AgencyCase, Org, ScoreSet
from ita_xl.core.thai import thai_digits

ORG = "องค์การบริหารส่วนตำบลทดสอบ"


@pytest.fixture(scope="module")
def fw():
    return load(2566)


def case_with(fw, **over) -> AgencyCase:
    qs = {c: 100.0 for c in fw.questions}
    qs.update(over)
    return AgencyCase(org=Org(ORG, org_type="อบต."), scores=ScoreSet(year=2566, questions=qs))


def without_quotes(fw, issue, numerals="thai") -> str:
    """The paragraph without the quoted questions (a question's own wording is no allegation)."""
    text = issue.analysis_th
    for c in issue.focus:
        q = fw.questions[c]
        wording = " ".join(q.text.split())
        text = text.replace(thai_digits(wording) if numerals == "thai" else wording, "")
    return text


def fixed_part(template: str) -> str:
    """The longest run of a template without placeholders: what every paragraph using it carries."""
    import string

    runs = [lit for lit, _, _, _ in string.Formatter().parse(template)]
    return max((r.strip() for r in runs), key=len)


def test_allegation_words_are_data_and_the_library_is_free_of_them(fw):
    words = fw.texts["allegation_words"]
    assert "พวกพ้อง" in words and all(w.strip() for w in words)
    for key, rec in fw.recommendations.items():
        for text in (rec.finding, rec.action_short, *rec.measures, *rec.steps):
            found = [w for w in words if w in text]
            assert not found, f"{key}: {found} in {text!r}"
    with (FRAMEWORKS / "topics.toml").open("rb") as fh:
        topics = tomllib.load(fh)
    for key, value in topics["texts"].items():
        for text in value if isinstance(value, list) else [value]:
            assert not [w for w in words if w in text], key


def test_the_budget_issue_at_99_makes_no_allegation(sample_result):
    fw = sample_result.framework
    issue5 = next(i for i in sample_result.issues if i.no == 5)
    assert issue5.focus == ["i9"] and sample_result.case.scores.questions["i9"] >= float(fw.texts["finding_high_min"])
    assert "๙๙.๐๘" in issue5.analysis_th
    text = without_quotes(fw, issue5)
    assert "พวกพ้อง" not in text and "ประโยชน์ส่วนตัว" not in text
    assert fixed_part(fw.texts["finding_high"]) in text


def test_every_survey_question_at_a_very_high_score_reads_softly(fw):
    """Each IIT/EIT question alone below full marks, at 97: the paragraph that takes it up carries
    the soft finding and none of the allegation words; at 70 the library's own finding, directly."""
    words = fw.texts["allegation_words"]
    soft = fixed_part(fw.texts["finding_high"])
    seen = 0
    for code, q in fw.questions.items():
        if q.tool == "OIT":
            continue
        high = analyze(case_with(fw, **{code: 97.0}))
        low = analyze(case_with(fw, **{code: 70.0}))
        for hi, lo in zip(high.issues, low.issues, strict=True):
            if code not in hi.focus:
                continue
            seen += 1
            text = without_quotes(fw, hi)
            assert not [w for w in words if w in text], (code, hi.no, text)
            assert soft in text, (code, hi.no)
            finding = fw.recommendations[code].finding.format(org=ORG)
            assert finding not in hi.analysis_th
            assert finding in lo.analysis_th and soft not in lo.analysis_th, (code, lo.no)
    assert seen >= 40  # most survey questions are some issue's focus when they alone fall short


def test_bands_come_from_the_library(fw):
    texts = fw.texts
    high, mid = float(texts["finding_high_min"]), float(texts["finding_mid_min"])
    assert 0 < mid < high <= 100
    assert band(high, texts) == "high" and band(high - 0.01, texts) == "mid"
    assert band(mid, texts) == "mid" and band(mid - 0.01, texts) == "low"
    moved = {**texts, "finding_high_min": "99"}
    assert band(97.8, moved) == "mid"
    mid_text = fixed_part(texts["finding_mid"])
    r = analyze(case_with(fw, i9=90.0))
    issue5 = next(i for i in r.issues if i.no == 5)
    assert mid_text in issue5.analysis_th
    assert fw.recommendations["i9"].finding.format(org=ORG) in issue5.analysis_th


def test_openers_vary_across_the_issues_and_are_reproducible(sample_result):
    fw = sample_result.framework
    openers = fw.texts["proposal_openers"]
    org = sample_result.case.org.name
    used = []
    for issue in sample_result.issues:
        head = issue.analysis_th.rsplit(f"{org}ควร", 1)[0].rstrip()
        got = [o for o in openers if head.endswith(thai_digits(o))]
        assert len(got) == 1, issue.no
        used.append(got[0])
    assert len(set(used)) == len(sample_result.issues) == 7
    again = analyze(sample_result.case)
    assert [i.analysis_th for i in again.issues] == [i.analysis_th for i in sample_result.issues]


def test_strengths_are_acknowledged_before_what_to_improve(sample_result):
    fw = sample_result.framework
    mark = fixed_part(fw.texts["lead_strengths"])
    threshold = sample_result.case.settings.threshold
    for issue in sample_result.issues:
        if not issue.focus:
            continue
        strong = [q for g in issue.groups for q in g.questions if q.score is not None and q.score >= threshold]
        if strong:
            assert mark in issue.analysis_th, issue.no
            first_focus = thai_digits(issue.focus[0])
            assert issue.analysis_th.index(mark) < issue.analysis_th.index(first_focus), issue.no
        else:
            assert mark not in issue.analysis_th, issue.no
    issue1 = sample_result.issues[0]  # IIT i1-i6 and OIT O11-O14 all at 100
    assert "ข้อคำถามทุกข้อของแบบวัด IIT และแบบตรวจ OIT ได้คะแนนเต็ม" in issue1.analysis_th


def test_no_strengths_sentence_when_nothing_reaches_the_threshold(fw):
    r = analyze(case_with(fw, **{c: 90.0 for c in fw.questions}))
    mark = fixed_part(fw.texts["lead_strengths"])
    for issue in r.issues:
        assert mark not in issue.analysis_th
        assert fw.texts["lead_plain"] in issue.analysis_th, issue.no


def test_each_issue_is_about_its_own_topic(sample_result):
    fw = sample_result.framework
    got = sample_result.case.scores.questions
    for issue in sample_result.issues:
        assert issue.title in issue.analysis_th
        topic = issue_topic(fw, issue.title)
        if topic is None or not issue.focus:
            continue
        below = [c for g in issue.groups for q in g.questions if (c := q.code) in topic[1]
                 and q.score is not None and q.score < sample_result.case.settings.threshold
                 and fw.questions[c].tool != "OIT"]
        if below:
            assert set(issue.focus) <= topic[1], (issue.no, issue.focus)
    # The E-Service issue speaks of e-service beyond its title: its focus is e13 (technology in
    # service), its strengths name O18 (E-Service), its measures an online service system.
    issue2 = sample_result.issues[1]
    assert issue2.focus == ["e13"] and got["e13"] < 100
    body = issue2.analysis_th.replace(issue2.title, "")
    assert body.count("E-Service") >= 2 and "O๑๘" in body


def test_an_off_topic_focus_says_how_it_bears_on_the_topic(fw):
    # Everything about e-service at full marks, a general service question below: the paragraph
    # keeps the weakest question and relates it to the issue's topic.
    r = analyze(case_with(fw, e1=80.0))
    issue2 = next(i for i in r.issues if i.no == 2)
    topic = issue_topic(fw, issue2.title)
    assert topic is not None and "e1" not in topic[1]
    assert issue2.focus == ["e1"]
    assert fw.texts["relation_off_topic"].format(topic=topic[0]).strip() in issue2.analysis_th
    # ... and on topic, no such clause
    r = analyze(case_with(fw, e1=80.0, e13=90.0))
    issue2 = next(i for i in r.issues if i.no == 2)
    assert issue2.focus == ["e13"]
    assert fw.texts["relation_off_topic"].format(topic=topic[0]).strip() not in issue2.analysis_th


def test_issue_topics_match_the_shipped_titles(fw):
    for spec in fw.issues:
        if spec.no == 1:  # "the work process": every question of the issue is about it
            assert issue_topic(fw, spec.title) is None
            continue
        topic = issue_topic(fw, spec.title)
        assert topic is not None, spec.title
        assert set(spec.codes) & topic[1], spec.title


def test_the_table_column_follows_the_topic_too(sample_result):
    fw = sample_result.framework
    issue2 = sample_result.issues[1]
    eit = next(g for g in issue2.groups if g.tool == "EIT")
    # e11 (81.23) is the group's weakest, e13 (97.20) its weakest about e-service
    assert eit.action_text == fw.recommendations["e13"].action_short


def test_an_oit_only_paragraph_acknowledges_the_strengths_too(fw):
    # Issue 3: every survey question at full marks, one OIT item (O7, news) not published.
    r = analyze(case_with(fw, O7=0.0))
    issue3 = next(i for i in r.issues if i.no == 3)
    assert issue3.urgent == ["O7"] and not issue3.recommendations
    text = issue3.analysis_th
    assert "ข้อคำถามทุกข้อของแบบวัด EIT" in text and fixed_part(fw.texts["lead_strengths_oit"]) in text
    assert text.index("ซึ่งเป็นจุดแข็ง") < text.index("O๗")
