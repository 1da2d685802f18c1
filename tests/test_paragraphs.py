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
from ita_xl.core.thai import fmt_score, thai_digits

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


def fixed_parts(value) -> list[str]:
    """The fixed part of each of a library text's variants (a text or a list of them)."""
    return [fixed_part(t) for t in (value if isinstance(value, list) else [value])]


def carries(text: str, value) -> str:
    """The fixed part of the library text's variant that ``text`` carries, or ""."""
    return next((p for p in fixed_parts(value) if p in text), "")


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
            if isinstance(text, str):  # texts, not settings such as results_from_month
                assert not [w for w in words if w in text], key


def test_the_budget_issue_at_99_makes_no_allegation(sample_result):
    fw = sample_result.framework
    issue5 = next(i for i in sample_result.issues if i.no == 5)
    assert issue5.focus[0] == "i9" and sample_result.case.scores.questions["i9"] >= float(fw.texts["finding_high_min"])
    assert "๙๙.๐๘" in issue5.analysis_th
    text = without_quotes(fw, issue5)
    assert "พวกพ้อง" not in text and "ประโยชน์ส่วนตัว" not in text
    assert carries(text, fw.texts["finding_high"])


def test_every_survey_question_at_a_very_high_score_reads_softly(fw):
    """Each IIT/EIT question alone below full marks, at 97: the paragraph that takes it up carries
    the soft finding and none of the allegation words; at 70 the library's own finding, directly."""
    words = fw.texts["allegation_words"]
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
            assert carries(text, fw.texts["finding_high"]), (code, hi.no)
            finding = fw.recommendations[code].finding.format(org=ORG)
            assert finding not in hi.analysis_th
            assert finding in lo.analysis_th and not carries(lo.analysis_th, fw.texts["finding_high"]), (code, lo.no)
    assert seen >= 40  # most survey questions are some issue's focus when they alone fall short


def test_bands_come_from_the_library(fw):
    texts = fw.texts
    high, mid = float(texts["finding_high_min"]), float(texts["finding_mid_min"])
    assert 0 < mid < high <= 100
    assert band(high, texts) == "high" and band(high - 0.01, texts) == "mid"
    assert band(mid, texts) == "mid" and band(mid - 0.01, texts) == "low"
    moved = {**texts, "finding_high_min": "99"}
    assert band(97.8, moved) == "mid"
    r = analyze(case_with(fw, i9=90.0))
    issue5 = next(i for i in r.issues if i.no == 5)
    assert carries(issue5.analysis_th, texts["finding_mid"])
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
    threshold = sample_result.case.settings.threshold
    for issue in sample_result.issues:
        if not issue.focus:
            continue
        strong = [q for g in issue.groups for q in g.questions if q.score is not None and q.score >= threshold]
        mark = carries(issue.analysis_th, fw.texts["lead_strengths"])
        if strong:
            assert mark, issue.no
            first_focus = thai_digits(issue.focus[0])
            assert issue.analysis_th.index(mark) < issue.analysis_th.index(first_focus), issue.no
        else:
            assert not mark, issue.no
    issue1 = sample_result.issues[0]  # IIT i1-i6 and OIT O11-O14 all at 100
    assert "ข้อคำถามทุกข้อของแบบวัด IIT และแบบตรวจ OIT ได้คะแนนเต็ม" in issue1.analysis_th


def test_no_strengths_sentence_when_nothing_reaches_the_threshold(fw):
    r = analyze(case_with(fw, **{c: 90.0 for c in fw.questions}))
    for issue in r.issues:
        assert not carries(issue.analysis_th, fw.texts["lead_strengths"]), issue.no
        assert fw.texts["lead_plain"] in issue.analysis_th, issue.no


def test_each_issue_is_about_its_own_topic(sample_result):
    fw = sample_result.framework
    got = sample_result.case.scores.questions
    earlier: set[str] = set()  # a question about two issues' topics is discussed in the first
    for issue in sample_result.issues:
        assert issue.title in issue.analysis_th
        seen, earlier = set(earlier), earlier | set(issue.focus)
        topic = issue_topic(fw, issue.title)
        if topic is None or not issue.focus:
            continue
        below = [c for g in issue.groups for q in g.questions if (c := q.code) in topic[1]
                 and q.score is not None and q.score < sample_result.case.settings.threshold
                 and fw.questions[c].tool != "OIT" and c not in seen]
        if below:  # every question about the topic below the threshold is discussed here
            assert set(below) <= set(issue.focus), (issue.no, issue.focus)
    # The E-Service issue speaks of e-service beyond its title: e5 and e13 (technology in
    # service) discussed, weakest first, its strengths name O18 (E-Service).
    issue2 = sample_result.issues[1]
    assert issue2.focus == ["e5", "e13"] and got["e5"] < got["e13"] < 100
    body = issue2.analysis_th.replace(issue2.title, "")
    assert body.count("E-Service") >= 2 and "O๑๘" in body


def test_an_off_topic_focus_says_how_it_bears_on_the_topic(fw):
    # Everything about e-service at full marks, a general service question of the issue below:
    # the paragraph discusses it and relates it to the issue's topic.
    r = analyze(case_with(fw, e5=80.0))
    issue2 = next(i for i in r.issues if i.no == 2)
    topic = issue_topic(fw, issue2.title)
    assert topic is not None and "e5" not in topic[1]
    assert issue2.focus == ["e5"]
    assert fw.texts["relation_off_topic"].format(topic=topic[0]).strip() in issue2.analysis_th
    # ... and on topic, no such clause; e1 (listed by issues 1 and 2, about neither's topic) is
    # discussed once, in the first
    r = analyze(case_with(fw, e1=80.0, e13=90.0))
    issue1, issue2 = (next(i for i in r.issues if i.no == n) for n in (1, 2))
    assert issue1.focus == ["e1"] and issue2.focus == ["e13"]
    assert fw.texts["relation_off_topic"].format(topic=topic[0]).strip() not in issue2.analysis_th


def test_issue_topics_match_the_shipped_titles(fw):
    for spec in fw.issues:
        if spec.no == 1:  # "the work process": every question of the issue is about it
            assert issue_topic(fw, spec.title) is None
            continue
        topic = issue_topic(fw, spec.title)
        assert topic is not None, spec.title
        assert set(spec.codes) & topic[1], spec.title


def test_the_table_column_follows_the_question_discussed(sample_result):
    fw = sample_result.framework
    issue2 = sample_result.issues[1]
    eit = next(g for g in issue2.groups if g.tool == "EIT")
    # e11 (81.23) is the group's weakest but discussed in issue 1; e5 (84.03) is the weakest
    # this issue discusses
    assert eit.action_text == fw.recommendations["e5"].action_short


def test_an_oit_only_paragraph_acknowledges_the_strengths_too(fw):
    # Issue 3: every survey question at full marks, one OIT item (O7, news) not published.
    r = analyze(case_with(fw, O7=0.0))
    issue3 = next(i for i in r.issues if i.no == 3)
    assert issue3.urgent == ["O7"] and not issue3.recommendations
    text = issue3.analysis_th
    assert "ข้อคำถามทุกข้อของแบบวัด EIT" in text and carries(text, fw.texts["lead_strengths_oit"])
    assert text.index("ซึ่งเป็นจุดแข็ง") < text.index("O๗")


# --- A 2569 agency with weak questions in every tool (tests/support/report_cases.py) --------------

@pytest.fixture(scope="module")
def weak_2569(tmp_path_factory):
    """The 2569 อบต. of the rendered cases: its Source and its report."""
    from ita_xl.report import build, from_input
    from support.report_cases import AGENCIES, write_case

    a = next(x for x in AGENCIES if x.key == "obt-2569")
    src = from_input(write_case(a, tmp_path_factory.mktemp("weak2569")))[0]
    return src, build(src)


def test_every_question_below_the_threshold_is_discussed_weakest_first_and_gets_a_measure(weak_2569):
    src, report = weak_2569
    r = src.result
    fw, n = r.framework, r.case.settings.numerals
    below = r.case.settings.threshold - 1e-9
    got = r.case.scores.questions
    weak = {c for c, v in got.items() if v < below and fw.questions[c].tool != "OIT"}
    assert {"i24", "e14", "i13", "e5"} <= weak  # weak questions in every tool (and e14 the lowest EIT)
    indicators = {i.no: i for i in r.indicators}
    discussed: dict[str, int] = {}
    for issue, block in zip(r.issues, report.issues, strict=True):
        text = " ".join(block.paragraphs)
        survey = [c for c in issue.focus if c not in issue.urgent]
        assert [got[c] for c in survey] == sorted(got[c] for c in survey), issue.no  # weakest first
        at = -1
        high_min = float(fw.texts["finding_high_min"]) - 1e-9
        for k, c in enumerate(survey):
            assert c not in discussed, (c, discussed.get(c), issue.no)  # once in the document
            discussed[c] = issue.no
            code = thai_digits(c)
            pos = text.index(code + " ", at + 1) if code + " " in text[at + 1:] else text.index(code, at + 1)
            assert pos > at, (issue.no, c)  # named in the order of the focus
            if k == 0 or got[c] < high_min:  # those at a high score after the first: one sentence, by indicator
                at = pos
            # its own score follows its code, and its indicator's score is in the paragraph
            after = text[pos:pos + 200]
            assert fmt_score(got[c], n) in after, (issue.no, c, after)
            assert fmt_score(indicators[fw.questions[c].indicator].score, n) in text, (issue.no, c)
    assert set(discussed) == weak
    # the lowest EIT question is discussed in the E-Service issue, first, at its score
    issue2 = next(i for i in r.issues if "E-Service" in i.title)
    assert issue2.focus[0] == "e14" and "๗๖.๒๕" in report.issues[r.issues.index(issue2)].paragraphs[0]
    # every one of them has a measure in the plan, under its issue
    measured = {c: p.issue for p in r.plan for c in p.questions}
    assert {c: measured.get(c) for c in weak} == discussed


def _chunks(text: str, names: list[str]) -> list[str]:
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return [c for c in text.split() if len(c) >= 25]


def test_no_phrase_repeats_word_for_word_across_the_document(weak_2569, sample_result):
    """The analysis and limitations of the 2569 case and of the sample: no run of 25 characters or
    more between spaces appears twice, once the agency's, indicators' and topics' names are taken out
    (e.g. "ซึ่งเป็นจุดแข็งของประเด็นนี้" seven times, an OIT sentence four times, before)."""
    from collections import Counter

    from ita_xl.report import build

    for src_report in (weak_2569[1], build(sample_result)):
        r = weak_2569[0].result if src_report is weak_2569[1] else sample_result
        tools = [v for k, v in r.framework.texts.items() if k.startswith("tool_")]
        names = [r.case.org.name] + [i.name for i in r.indicators] + [i.title for i in r.issues] + tools
        texts = [p for b in src_report.issues for p in b.paragraphs] + src_report.limitations + src_report.suggestions
        seen = Counter(c for t in texts for c in _chunks(t, names))
        assert not [c for c, k in seen.items() if k > 1], [c for c, k in seen.items() if k > 1]


def test_no_allegation_at_a_high_score_even_with_every_question_below_full_marks(fw):
    """Every survey question at 96 (the whole document at a high score): no paragraph imputes
    wrongdoing outside the quoted wording, and every question is still discussed."""
    words = fw.texts["allegation_words"]
    r = analyze(case_with(fw, **{c: 96.0 for c, q in fw.questions.items() if q.tool != "OIT"}))
    discussed = [c for i in r.issues for c in i.focus]
    assert sorted(discussed) == sorted(c for c, q in fw.questions.items() if q.tool != "OIT")
    for issue in r.issues:
        text = without_quotes(fw, issue)
        assert not [w for w in words if w in text], (issue.no, text)


def test_a_paragraphs_measures_never_say_a_clause_twice(sample_result, weak_2569):
    """Two questions' measures may share a phrase in the library; joined in one paragraph they must
    not say the same clause twice (the sample's issue 4 said "ตรวจสอบพัสดุครุภัณฑ์ของแต่ละส่วนงาน
    เป็นระยะ" twice, from i19 and i24)."""
    span = 30
    for result in (sample_result, weak_2569[0].result):
        should = result.case.org.name + "ควร"  # the paragraph's proposal: what the agency should do
        for issue in result.issues:
            for para in issue.analysis_th.split("\n"):
                said = para.split(should, 1)[1] if should in para else ""
                twice = [said[k:k + span] for k in range(len(said) - span) if said.find(said[k:k + span], k + span) != -1]
                assert not twice, (issue.no, twice[0])
