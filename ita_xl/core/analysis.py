"""Issue-by-issue analysis: tool groups, maintain/improve decisions, focus questions, paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ita_xl.core.compute import IndicatorScore
from ita_xl.core.framework import Framework, IssueSpec, Recommendation, place_uncovered
from ita_xl.core.model import AgencyCase
from ita_xl.core.oit_items import group_action, item_names
from ita_xl.core.thai import and_list, digits, fmt_score

DEFAULT_MAINTAIN = "รักษามาตรฐานไว้และพัฒนาประสิทธิภาพของการทำงานให้เป็นไปอย่างต่อเนื่อง"
DEFAULT_IMPROVE = "พัฒนาและปรับปรุงการดำเนินงานให้ดีขึ้นจากเดิม"


@dataclass
class QuestionRow:
    code: str
    indicator: int | None  # the question's true indicator (None: unknown code)
    score: float | None  # None: no score given


@dataclass
class GroupResult:
    tool: str
    questions: list[QuestionRow]
    decision: str  # "maintain" or "improve"
    action_text: str  # the table's improve/maintain column


@dataclass
class IssueResult:
    no: int
    title: str
    groups: list[GroupResult]
    focus: list[str]
    analysis_th: str
    plan_topic: str = ""
    recommendations: list[Recommendation] = field(default_factory=list)
    urgent: list[str] = field(default_factory=list)  # OIT items below the threshold: a measure each
    shared: list[str] = field(default_factory=list)  # focus questions after the weakest: one plan row
    shared_recommendations: list[Recommendation] = field(default_factory=list)  # its measures' sources

    @property
    def decision(self) -> str:
        return "improve" if any(g.decision == "improve" for g in self.groups) else "maintain"


def decide(scores: list[float | None], threshold: float) -> str:
    """``maintain`` when every score reaches the threshold (100 by default), else ``improve``.

    >>> decide([100, 100.0], 100), decide([100, 97.17], 100), decide([98.9], 95)
    ('maintain', 'improve', 'maintain')
    """
    present = [s for s in scores if s is not None]
    below = threshold - 1e-9
    return "maintain" if present and all(s >= below for s in present) else "improve"


def weakest(rows: list[QuestionRow], threshold: float, at_most: int = 2) -> list[str]:
    """The focus: the lowest-scoring question(s) below the threshold, ties kept, in order.

    >>> rows = [QuestionRow("i25", 5, 94.43), QuestionRow("i26", 5, 94.43), QuestionRow("i28", 5, 95.57)]
    >>> weakest(rows, 100)
    ['i25', 'i26']
    """
    below = threshold - 1e-9
    scored = [r for r in rows if r.score is not None and r.score < below]
    if not scored:
        return []
    low = min([r.score for r in scored])  # type: ignore[type-var]
    out: list[str] = []
    for r in scored:
        if abs(r.score - low) < 1e-9 and r.code not in out:  # type: ignore[operator]
            out.append(r.code)
    return out[:at_most]


def _and(items: list[str]) -> str:
    """Codes or clauses that start with a code: ``a b และ c``.

    >>> _and(["i1"]), _and(["i1", "e2", "e4"])
    ('i1', 'i1 e2 และ e4')
    """
    return and_list(items)


def join_th(items: list[str]) -> str:
    """Join Thai clauses: ``a b และc``.

    >>> join_th(["ก"]), join_th(["ก", "ข", "ค"])
    ('ก', 'ก ข และค')
    """
    return and_list(items)


def pick(options: list[str] | str | None, no: int, default: str = "") -> str:
    """One of a list of equivalent texts, by issue number (reproducible, varied across issues).

    >>> pick(["ก", "ข", "ค"], 1), pick(["ก", "ข", "ค"], 4), pick("ง", 2), pick([], 1, "จ")
    ('ก', 'ก', 'ง', 'จ')
    """
    if isinstance(options, str):
        return options
    if not options:
        return default
    return options[(no - 1) % len(options)]


def vary(options: list[str] | str | None, said: dict[str, int] | None, key: str, no: int = 1,
         default: str = "") -> str:
    """The next unused one of a list of equivalent texts across the document (``said`` counts each
    key's uses); once all are used, the last, which the library writes without a fixed phrase.
    Without ``said``: by issue number, as :func:`pick`.

    >>> said = {}
    >>> [vary(["ก", "ข", "ค"], said, "x") for _ in range(4)], vary(["ก", "ข"], None, "x", 2)
    (['ก', 'ข', 'ค', 'ค'], 'ข')
    """
    if isinstance(options, str) or not options or said is None:
        return pick(options, no, default)
    k = said.get(key, 0)
    said[key] = k + 1
    return options[min(k, len(options) - 1)]


def homes(fw: Framework, specs, topics: dict | None = None) -> dict[str, int]:
    """Where each survey question is discussed: the first issue about its topic among those that
    list it, else the first that lists it (a question is discussed once in the document).
    ``topics``: :func:`issue_topic` of each title, when already known."""
    home: dict[str, int] = {}
    on: dict[str, bool] = {}
    for spec in specs:
        topic = topics[spec.title] if topics is not None else issue_topic(fw, spec.title)
        for g in spec.groups:
            for c in g.codes:
                q = fw.questions.get(c)
                if q is None or q.tool == "OIT":
                    continue
                about = bool(topic and c in topic[1])
                if c not in home or (about and not on[c]):
                    home[c], on[c] = spec.no, about
    return home


def issue_topic(fw: Framework, title: str) -> tuple[str, set[str]] | None:
    """The topic an issue's title names and the questions about it (``issue_topics`` in the
    library's texts): the first entry whose pattern the title matches, else None."""
    for entry in fw.texts.get("issue_topics", []) or []:
        parts = [p.strip() for p in str(entry).split("=>")]
        if len(parts) != 3 or not parts[0]:
            continue
        try:
            if not re.search(parts[0], title, re.IGNORECASE):
                continue
        except re.error:
            continue
        codes: set[str] = set()
        for token in parts[2].split():
            if re.fullmatch(r"ind\d+", token):
                codes |= {c for c, q in fw.questions.items() if q.indicator == int(token[3:])}
            elif token in fw.questions:
                codes.add(token)
            else:
                codes |= {c for c, q in fw.questions.items() if q.topic == token}
        return parts[1], codes
    return None


@dataclass(frozen=True)
class Grouping:
    """What the analysis of every agency with the same grouping, and the same questions below the
    threshold that it leaves out, has in common (:func:`grouping`): the issues with those questions
    placed (:func:`~ita_xl.core.framework.place_uncovered`) and where each went, each issue's topic
    by title (:func:`issue_topic`), where each survey question is discussed (:func:`homes`), and
    the OIT items. Shared by many analyses: read, never changed."""

    specs: tuple[IssueSpec, ...]
    placed: dict[str, int]
    topics: dict[str, tuple[str, set[str]] | None]
    home: dict[str, int]
    oit: frozenset[str]


def make_grouping(fw: Framework, specs: tuple[IssueSpec, ...], uncited: tuple[str, ...] = (),
                  known: dict | None = None) -> Grouping:
    """:class:`Grouping` of ``specs`` with the questions ``uncited`` placed. ``known``: the topics
    of titles found before (:func:`issue_topic`, by title), kept by the caller."""
    placed_specs, placed = place_uncovered(fw, specs, list(uncited))
    known = {} if known is None else known
    topics = {}
    for spec in placed_specs:
        if spec.title not in known:
            known[spec.title] = issue_topic(fw, spec.title)
        topics[spec.title] = known[spec.title]
    oit = frozenset(c for c, q in fw.questions.items() if q.tool == "OIT")
    return Grouping(placed_specs, placed, topics, homes(fw, placed_specs, topics), oit)


_GROUPINGS = 256  # groupings a framework keeps (one per set of uncited questions below the threshold)


def grouping(fw: Framework, specs: tuple[IssueSpec, ...], low: list[str]) -> Grouping:
    """:func:`make_grouping` of ``specs`` with those of the codes ``low`` (questions of ``fw``
    below the threshold) that no issue cites, made once per framework (kept in ``fw.memo``: the
    same for every agency of a year; ~2 ms an agency when made every time)."""
    memo = fw.memo
    try:
        cited = memo.get(("cited", specs))
    except TypeError:  # a grouping built of lists, not tuples: nothing to key it by
        return make_grouping(fw, specs, tuple(low))  # place_uncovered passes over the cited codes
    if cited is None:
        cited = memo[("cited", specs)] = frozenset(c for s in specs for c in s.codes)
    key = ("grouping", specs, tuple(c for c in low if c not in cited))
    got = memo.get(key)
    if got is None:
        got = make_grouping(fw, specs, key[2], memo.setdefault("topics", {}))  # a title's topic: found once
        if len(memo) >= _GROUPINGS:  # a long-lived process (lint, a desktop session): the old ones go
            for old in [k for k in memo if isinstance(k, tuple)]:  # the groupings; others' entries stay
                del memo[old]
        memo[key] = got
    return got


def band(score: float | None, texts: dict) -> str:
    """``high``, ``mid`` or ``low``: the score band of the question in focus, bands from the library.

    >>> t = {"finding_high_min": "95", "finding_mid_min": "85"}
    >>> band(97.8, t), band(91.86, t), band(55.57, t), band(None, t)
    ('high', 'mid', 'low', 'low')
    """
    if score is None:
        return "low"
    try:
        high = float(texts.get("finding_high_min", 95))
        mid = float(texts.get("finding_mid_min", 85))
    except (TypeError, ValueError):
        high, mid = 95.0, 85.0
    return "high" if score >= high - 1e-9 else "mid" if score >= mid - 1e-9 else "low"


def _finding(fw: Framework, rec: Recommendation | None, code: str, score: float | None, org: str,
             said: dict[str, int] | None = None) -> str:
    """The finding sentence proportionate to the question's score: soft at a very high score
    (the library's own sentence is not used there), moderate in the middle, direct below."""
    texts = fw.texts
    library = rec.finding.format(org=org).strip() if rec else ""
    q = fw.questions.get(code)
    if q is None or q.tool == "OIT":
        return library  # an item scores 100 or 0: the library says what is missing
    which = band(score, texts)
    template = vary(texts.get(f"finding_{which}"), said, f"finding_{which}", 1, "{finding}" if which != "high" else "")
    if which == "high" and not template:
        template = "{finding}"
    if not library and "{finding}" in template:
        return ""
    try:
        subject = fw.indicator(q.indicator).name
    except KeyError:
        subject = ""
    return template.format(
        finding=library, org=org, subject=subject, respondents=texts.get(f"respondents_{q.tool}", "ผู้ตอบแบบวัด")
    ).strip()


def _codes(rows: list[QuestionRow], numerals: str, at_most: int = 3) -> str:
    codes = [digits(r.code, numerals) for r in rows]
    text = and_list(codes[:at_most])
    return text + (" เป็นต้น" if len(codes) > at_most else "")


def _strengths(fw: Framework, groups: list[GroupResult], threshold: float, numerals: str,
               topic: tuple[str, set[str]] | None = None) -> tuple[str, str]:
    """What the issue does well: the tool groups, or their questions, that reach the threshold
    (those about the issue's topic named when a whole group is), and whether all score full marks."""
    texts = fw.texts
    below = threshold - 1e-9
    whole: list[str] = []  # tools whose every question reaches the threshold
    parts: list[str] = []
    scores: list[float] = []
    in_whole: list[QuestionRow] = []
    for g in groups:
        strong = [r for r in g.questions if r.score is not None and r.score >= below]
        if not strong:
            continue
        scores += [r.score for r in strong]  # type: ignore[misc]
        tool = texts.get(f"tool_{g.tool}", g.tool)
        present = [r for r in g.questions if r.score is not None]
        if len(strong) == len(present) and len(strong) > 1:
            whole.append(tool)
            in_whole += strong
        elif len(strong) <= 3 or 2 * len(strong) <= len(present):
            parts.append(texts.get("strengths_some", "ข้อ {codes} ของ{tool}").format(
                tool=tool, codes=_codes(strong, numerals)))
        else:
            parts.append(texts.get("strengths_most", "ข้อคำถามส่วนใหญ่ของ{tool}").format(tool=tool, codes=""))
    if whole:
        parts.insert(0, texts.get("strengths_all", "ข้อคำถามทุกข้อของ{tool}").format(tool=join_th(whole), codes=""))
    if not parts:
        return "", ""
    about = [r for r in in_whole if topic and r.code in topic[1]]
    on_topic = ""
    if about and topic:
        key = "strengths_topic" if len(about) <= 3 else "strengths_topic_many"
        default = "โดยเฉพาะข้อ {codes} ที่เกี่ยวกับ{topic} โดยตรง" if len(about) <= 3 else "ครอบคลุมเรื่อง{topic}"
        on_topic = texts.get(key, default).format(codes=_codes(about, numerals), topic=topic[0])
    full = all(s >= 100 - 1e-9 for s in scores)
    reached = texts.get("reached_full", "ได้คะแนนเต็ม") if full else texts.get("reached_threshold", "มีผลคะแนนถึงเกณฑ์ที่กำหนด")
    return join_th(parts), f"{reached} {on_topic}".strip()

def _recommendation(fw: Framework, case: AgencyCase, code: str) -> Recommendation | None:
    over = case.recommendations or {}
    if code in over:
        return over[code]
    q = fw.questions.get(code)
    if q and f"ind{q.indicator}" in over and code not in fw.recommendations:
        return over[f"ind{q.indicator}"]
    return fw.recommendation(code)


def _quote(fw: Framework, code: str, numerals: str) -> str:
    q = fw.questions.get(code)
    text = q.text if q and q.text else ""
    return f"{digits(code, numerals)} {text}".strip()


def analyse_issue(
    fw: Framework,
    case: AgencyCase,
    spec: IssueSpec,
    indicators: dict[int, IndicatorScore],
    avoid: frozenset[str] | set[str] = frozenset(),
    home: dict[str, int] | None = None,
    said: dict[str, int] | None = None,
    shared: Grouping | None = None,
) -> IssueResult:
    """One issue: its tool groups with their decisions, and its paragraph. ``avoid``: questions an
    earlier issue discussed; ``home``: where each survey question is discussed (:func:`homes`);
    ``said``: the document's uses of the library's varied texts (:func:`vary`); ``shared``: the
    grouping's topics and OIT items worked out before (:func:`grouping`)."""
    st = case.settings
    texts = fw.texts
    questions, got = fw.questions, case.scores.questions
    groups = []
    # Each issue about its own topic: the topic its title names and the questions about it.
    topic = shared.topics[spec.title] if shared is not None else issue_topic(fw, spec.title)
    for g in spec.groups:
        rows = [QuestionRow(c, questions[c].indicator if c in questions else None, got.get(c)) for c in g.codes]
        decision = decide([r.score for r in rows], st.threshold)
        if decision == "maintain":
            action = texts.get("maintain", DEFAULT_MAINTAIN)
        else:
            own = [r for r in rows if home is None or home.get(r.code, spec.no) == spec.no]
            focus_g = weakest(own, st.threshold, 1) or weakest(rows, st.threshold, 1)
            rec = _recommendation(fw, case, focus_g[0]) if focus_g else None
            action = (rec.action_short if rec and rec.action_short else "") or texts.get("improve", DEFAULT_IMPROVE)
            low = [r.code for r in rows if r.score is not None and r.score < st.threshold]
            if low and all(questions[c].tool == "OIT" for c in low if c in questions):
                action = group_action(fw, [c for c in low if c in questions], st.numerals)  # each item by what it is
        groups.append(GroupResult(g.tool, rows, decision, action))

    all_rows = [r for g in groups for r in g.questions]
    # OIT items below the threshold (an item scores 100 or 0) are each a measure of their own,
    # urgent; the survey questions give the issue's focus as before. An item already taken up
    # by an earlier issue is not repeated.
    oit = shared.oit if shared is not None else {c for c, q in questions.items() if q.tool == "OIT"}
    below = st.threshold - 1e-9
    urgent = list(dict.fromkeys(
        r.code for r in all_rows if r.code in oit and r.score is not None and r.score < below and r.code not in avoid
    ))
    survey = [r for r in all_rows if r.code not in oit]
    # Every survey question below the threshold is discussed, weakest first, in the issue it
    # belongs to (:func:`homes`) and once in the document (``avoid``).
    mine = [r for r in survey if r.code not in avoid and (home is None or home.get(r.code, spec.no) == spec.no)]
    low_rows = sorted((r for r in mine if r.score is not None and r.score < below), key=lambda r: r.score)
    focus = list(dict.fromkeys(r.code for r in low_rows))
    elsewhere = [r for r in survey if r.code not in focus and r.score is not None and r.score < below]
    if not focus and not urgent and not elsewhere and home is None:  # no home given: as before
        focus = weakest([r for r in all_rows if r.code not in avoid], st.threshold)
    scores = {r.code: r.score for r in all_rows}
    high_min = float(texts.get("finding_high_min", 95))
    # The weakest question has its own plan row; the others share one, with the first action of
    # each (``shared``). Those at a high score after the first are named in one sentence, weakest
    # first (``grouped``); the paragraph proposes the first action of each question but for these,
    # where not about the issue's topic, a review instead.
    grouped = [c for c in focus[1:] if (scores.get(c) or 0) >= high_min - 1e-9]
    shared = focus[1:]
    recs = [r for c in focus[:1] if (r := _recommendation(fw, case, c)) is not None]
    shared_recs = [r for c in shared if (r := _recommendation(fw, case, c)) is not None]
    org = case.org.name
    if focus:
        strengths, reached = _strengths(fw, groups, st.threshold, st.numerals, topic)
        contrast = pick(texts.get("contrast_connectives"), spec.no, "อย่างไรก็ตาม")
        if strengths:
            lead = vary(texts.get("lead_strengths"), said, "lead_strengths", spec.no,
                        "พบว่า{strengths} {reached} {contrast} เมื่อพิจารณา")
        else:
            lead = texts.get("lead_plain", "โดยพิจารณาจาก")
        lead = lead.format(org=org, strengths=strengths, reached=reached, contrast=contrast)
        off_topic = topic is not None and not any(c in topic[1] for c in focus)
        relation = texts.get("relation_off_topic", "").format(topic=topic[0]) if off_topic and topic else ""
        told: set[int] = set()
        last: list[int] = []  # the indicator named last: "the same indicator" refers to it alone

        def indicator_part(code: str) -> str:
            no = fw.questions[code].indicator
            ind = indicators[no]
            if no in told:
                said_last = bool(last) and last[-1] == no
                last.append(no)
                if said_last:
                    return vary(texts.get("indicator_again"), said, "indicator_again", spec.no, "ในตัวชี้วัดเดียวกัน")
                return texts.get("indicator_named", "ในตัวชี้วัด{indicator}").format(indicator=ind.name)
            told.add(no)
            last.append(no)
            return texts.get("indicator_part", "โดยผลคะแนนในตัวชี้วัด{indicator}อยู่ที่ {indicator_score} คะแนน").format(
                indicator=ind.name, indicator_score=fmt_score(ind.score, st.numerals))

        sentences = []
        for k, c in enumerate(c for c in focus if c not in grouped):
            rec = _recommendation(fw, case, c)
            key = "question_first" if k == 0 else "question_next"
            template = vary(texts.get(key), said if k else None, key, spec.no,
                            "ข้อคำถาม {quote} ได้คะแนน {score} {indicator} {relation}{finding}" if k == 0 else
                            "ส่วนข้อ {quote} ได้คะแนน {score} {indicator} {finding}")
            sentences.append(template.format(
                # the weakest quoted, the others by code (their wording is in the table's code)
                quote=_quote(fw, c, st.numerals) if k == 0 else digits(c, st.numerals),
                score=fmt_score(scores[c], st.numerals), indicator=indicator_part(c),
                relation=relation if k == 0 else "", finding=_finding(fw, rec, c, scores[c], org, said)))
        if grouped:
            # Those at a high score, by indicator: each group of questions followed by its own
            # indicator, never a list of several indicators' questions before one indicator's score.
            by_ind: dict[int, list[str]] = {}
            for c in grouped:
                by_ind.setdefault(fw.questions[c].indicator, []).append(c)
            parts = []
            for k, (no, codes) in enumerate(by_ind.items()):
                ind = indicators[no]
                listed = _and([texts.get("high_item", "{quote} ได้คะแนน {score}").format(
                    quote=digits(c, st.numerals), score=fmt_score(scores[c], st.numerals), indicator="")
                    for c in codes])
                key = "high_group" if no in told else "high_group_score"
                told.add(no)
                group = texts.get(key, "{items} ในตัวชี้วัด{indicator}" if key == "high_group" else
                                  "{items} ในตัวชี้วัด{indicator} ซึ่งอยู่ที่ {indicator_score} คะแนน").format(
                    items=listed, indicator=ind.name, indicator_score=fmt_score(ind.score, st.numerals))
                parts.append(group if k == 0 else f"ข้อ {group}")
            sentences.append(vary(texts.get("questions_high"), said, "questions_high", spec.no,
                                  "ส่วนข้อ {items} มีผลคะแนนอยู่ในระดับสูงแล้ว").format(items=and_list(parts)))
        template = texts.get(
            "paragraph_improve",
            "{org}ได้ศึกษาวิเคราะห์ประเด็น{issue} {lead}{questions}\n{opener} {org}ควร{measures}",
        )
        # A paragraph per question (a long one fits no page or sheet row).
        others = [c for c in grouped if not (topic and c in topic[1])]
        measures = [r.measures[0] for c in focus if c not in others
                    and (r := _recommendation(fw, case, c)) is not None and r.measures]
        if others:
            subjects = list(dict.fromkeys(indicators[fw.questions[c].indicator].name for c in others))
            measures.append(vary(texts.get("high_measure"), said, "high_measure", spec.no,
                                 "ยกระดับการดำเนินงานด้าน{subjects}ให้ถึงเกณฑ์").format(
                subjects=join_th(subjects), codes=_and([digits(c, st.numerals) for c in others])))
        paragraph = template.format(
            org=org,
            issue=spec.title,
            lead=lead,
            questions="\n".join(sentences),
            measures=join_th(list(dict.fromkeys(m.format(org=org) for m in measures))),
            opener=pick(texts.get("proposal_openers"), spec.no, "ดังนั้น"),
        )
    elif urgent:
        paragraph = ""
    elif elsewhere:  # its questions below the threshold are discussed in the issues they belong to
        strengths, reached = _strengths(fw, groups, st.threshold, st.numerals, topic)
        where = sorted({home.get(r.code, spec.no) for r in elsewhere} - {spec.no}) if home else []
        paragraph = texts.get(
            "paragraph_elsewhere",
            "{org}ได้ศึกษาวิเคราะห์ประเด็น{issue} พบว่า{strengths} {reached} ส่วนข้อ {codes} ได้วิเคราะห์ไว้แล้ว"
            "ในประเด็นที่ {where} ดังนั้น {org}ควรรักษามาตรฐานไว้และพัฒนาประสิทธิภาพของการทำงานให้เป็นไปอย่างต่อเนื่อง",
        ).format(org=org, issue=spec.title, strengths=strengths or "ข้อคำถามส่วนใหญ่", reached=reached,
                 codes=_codes(elsewhere, st.numerals), where=and_list([str(w) for w in where]) or "อื่น")
    else:
        template = texts.get(
            "paragraph_maintain",
            "{org}ได้ศึกษาวิเคราะห์ประเด็น{issue} พบว่าข้อคำถามทุกข้อในประเด็นนี้ได้คะแนนเต็ม "
            "ดังนั้น {org}ควรรักษามาตรฐานไว้และพัฒนาประสิทธิภาพของการทำงานให้เป็นไปอย่างต่อเนื่อง",
        )
        paragraph = template.format(
            org=org, issue=spec.title, focus="", indicator="", score="", finding="", measures=""
        )
    if urgent:
        lead = ""
        if not paragraph:  # the OIT items are all the issue has to improve: its strengths first
            strengths, reached = _strengths(fw, groups, st.threshold, st.numerals, topic)
            if strengths:
                lead = vary(texts.get("lead_strengths_oit"), said, "lead_strengths", spec.no,
                            "พบว่า{strengths} {reached} {contrast} ").format(
                    org=org, strengths=strengths, reached=reached,
                    contrast=pick(texts.get("contrast_connectives"), spec.no, "อย่างไรก็ตาม"))
        paragraph = _oit_sentence(fw, org, spec.title, urgent, st.numerals, paragraph, lead, said)
    paragraph = digits("\n".join(" ".join(line.split()) for line in paragraph.splitlines() if line.strip()),
                       st.numerals)
    return IssueResult(
        spec.no, spec.title, groups, focus + urgent, paragraph, spec.plan_topic or spec.title, recs, urgent,
        shared, shared_recs,
    )


def _oit_sentence(fw: Framework, org: str, issue: str, urgent: list[str], numerals: str, paragraph: str,
                  lead: str = "", said: dict[str, int] | None = None) -> str:
    """The paragraph about OIT items below the threshold: added to the survey paragraph, or the
    whole paragraph when the issue has nothing else to improve."""
    texts = fw.catalog.texts
    items = item_names(fw, urgent, numerals)  # by title, as the plan's urgent rows name them
    if items[:1].isascii() and items[:1].isalpha():
        items = f" {items}"  # a Latin title after Thai ("พบว่า E–Service"), as Thai writing spaces it
    if paragraph:
        template = vary(texts.get("paragraph_oit_zero"), said, "paragraph_oit_zero", 1,
                        "นอกจากนี้ {items} ยังไม่ได้คะแนนตามเกณฑ์")
        return f"{paragraph}\n{template.format(org=org, issue=issue, items=items)}"
    template = vary(texts.get("paragraph_oit_only"), said, "paragraph_oit_only", 1,
                    "{org}ได้ศึกษาวิเคราะห์ประเด็น{issue} {lead}พบว่า{items} ยังไม่ได้คะแนนตามเกณฑ์")
    return template.format(org=org, issue=issue, items=items, lead=lead)
