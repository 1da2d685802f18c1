"""What a document states in its lines and sentences, wherever it sits: the total, the level, a pass
word, tool scores, and indicator lines ("1. การปฏิบัติหน้าที่" with "95.12 คะแนน" on the line, the next
line or the next cell), each kept with its place and a quote.

Results announcements, O42 analysis pages without issue tables and text pasted from a web page state
their figures so; the tables' readers (:mod:`.tables`) read the rest. Indicator names are matched
tolerantly (a letter swapped, a word added): :func:`indicator_of`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from ita_xl.core.codes import CODE_IN_TEXT, parse_code
from ita_xl.core.framework import Framework
from ita_xl.core.thai import arabic_digits
from ita_xl.io.frameworks import level_schemes
from ita_xl.lint.document import Loc, Paragraph, Table, snippet
from ita_xl.lint.patterns import COMPARE, compact
from ita_xl.lint.records import Reading, Stated

NAME_RATIO = 0.85  # difflib's ratio a written name needs to be read as an indicator's (measured: README)
_NUM = r"(100(?:\.0{1,2})?|[0-9]{1,2}(?:\.[0-9]{1,2})?)"
_SCORE_LINE = re.compile(rf"^\s*(?:ได้|มี)?\s*(?:คะแนน)?\s*(?:=|:)?\s*{_NUM}\s*(?:คะแนน)?\s*$")


# --------------------------------------------------------------------------------------- indicators

def indicator_of(name: str, fw: Framework) -> int | None:
    """The indicator a written name stands for, read tolerantly; ``None`` when none is near enough.

    >>> from ita_xl.io.frameworks import load
    >>> fw = load(2566)
    >>> indicator_of("การปฏิบติัหน้าที่", fw), indicator_of("การใช้ทรัพย์สินของทางราชการ", fw)
    (1, 4)
    >>> indicator_of("การดำเนินงาน", fw) is None, indicator_of("ผลการประเมิน", fw) is None
    (True, True)
    """
    s = compact(name)
    if not 4 <= len(s) <= 45:
        return None
    best, second, no = 0.0, 0.0, None
    for ind in fw.indicators:
        m = SequenceMatcher(None, s, compact(ind.name))
        if m.real_quick_ratio() < NAME_RATIO:
            continue
        r = m.ratio()
        if r > best:
            best, second, no = r, best, ind.no
        elif r > second:
            second = r
    return no if best >= NAME_RATIO and best - second >= 0.1 else None


_IND_LINE = re.compile(
    rf"^\s*(?:ตัวชี้วัด(?:ที่)?\s*)?(?:(?P<no>[0-9]{{1,2}})\s*[.):]?\s*)?(?P<name>[^0-9]{{4,60}}?)"
    rf"\s*(?:[:=–—-]\s*)?(?:(?:ได้|มี)?\s*(?:คะแนน)?\s*(?P<score>{_NUM})\s*(?:คะแนน)?)?\s*$"
)


def indicator_line(text: str, fw: Framework) -> tuple[int, float | None, str] | None:
    """``(indicator, score or None, the name as written)`` when a line is an indicator's line.

    >>> from ita_xl.io.frameworks import load
    >>> indicator_line("๑. การปฏิบัติหน้าที่", load(2566)), indicator_line("6 คุณภาพการดำเนนิงาน 88.28", load(2566))
    ((1, None, 'การปฏิบัติหน้าที่'), (6, 88.28, 'คุณภาพการดำเนนิงาน'))
    >>> indicator_line("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล ได้คะแนน 100 คะแนน", load(2566))
    (9, 100.0, 'การเปิดเผยข้อมูล')
    """
    plain = arabic_digits(text).replace("\u200b", "")
    m = _IND_LINE.match(plain)
    if not m:
        return None
    name = " ".join(m["name"].split()).rstrip(" :=–—-")
    name = re.sub(r"\s*(?:ได้|มี)?\s*(?:คะแนน)?$", "", name) if m["score"] else name
    no = indicator_of(name, fw)
    if no is None:
        return None
    return no, float(m["score"]) if m["score"] else None, name


def _lines(r: Reading) -> list[tuple[str, Loc]]:
    """Each line of the document's paragraphs, and each row of a table no table reader took (its
    cells joined: "next cell" is the same line), in document order."""
    out: list[tuple[str, Loc]] = []
    for b in r.doc.blocks:
        if isinstance(b, Paragraph):
            out += [(line, b.loc) for line in b.text.split("\n") if line.strip()]
        elif isinstance(b, Table) and b.no not in r.tables_read:
            out += [(" ".join(c for c in row if c.strip()), loc) for row, loc in zip(b.rows, b.locs)]
    return out


def read_indicator_lines(r: Reading, fw: Framework) -> None:
    """Indicators stated on lines: the score on the line, else alone on the next line."""
    lines = _lines(r)
    for k, (text, loc) in enumerate(lines):
        got = indicator_line(text, fw)
        if got is None:
            continue
        no, score, name = got
        if score is None and k + 1 < len(lines):
            nxt = _SCORE_LINE.match(arabic_digits(lines[k + 1][0]))
            if nxt:
                score = float(nxt.group(1))
                text = f"{text} {lines[k + 1][0]}"
        if score is None:
            continue
        if r.add_indicator(no, score, loc, snippet(text, width=90)):
            r.indicator_names.setdefault(no, name)


# --------------------------------------------------------------------------------------- results

@cache
def scheme_labels() -> dict[str, str]:
    """Every level label of every scheme, with the years of its scheme (``"AA" -> "2562-2565"``)."""
    out: dict[str, str] = {}
    for scheme in level_schemes().values():
        for lv in scheme["levels"]:
            out.setdefault(lv["label"], scheme["years"])
    return out


@cache
def _level_re() -> re.Pattern:
    labels = sorted(scheme_labels(), key=len, reverse=True)
    alts = "|".join(map(re.escape, labels))
    return re.compile(
        rf"ระดับ\s*(?:ผลการประเมิน|คะแนน)?\s*(?:คือ|เป็น|อยู่ที่|ที่)?\s*[\"“'(]?\s*({alts})(?![A-Za-z\u0e01-\u0e4e])"
    )


_TOTAL_CUE = re.compile(
    r"(?:ผลคะแนน|คะแนนรวม|ได้คะแนน|มีคะแนน|ได้รับคะแนน|คะแนนการประเมิน|คะแนนเฉลี่ย|ผลการประเมิน|ได้)"
)
_NOT_TOTAL = re.compile(r"ตัวชี้วัด|แบบวัด|IIT|EIT|OIT|ข้อ\s*[iIeEoO]?\s*[0-9]|ข้อคำถาม|ร้อยละ")
_DIFF = ("เพิ่มขึ้น", "ลดลง", "สูงขึ้น", "ต่ำลง", "ต่างกัน", "แตกต่าง")
_BOUND = ("ตั้งแต่", "ต่ำกว่า", "มากกว่า", "น้อยกว่า", "ไม่ถึง", "เกิน", "ถึง", "กว่า")
_PASS = re.compile(r"\(\s*(ไม่ผ่าน|ผ่าน)\s*\)|(ไม่ผ่าน|ผ่าน)เกณฑ์")
_TOOL = re.compile(rf"(?<![A-Za-z])(IIT|EIT|OIT)(?![A-Za-z])\s*\)?\s*(?:[^0-9\n]{{0,40}}?)(?:ได้|มี|เท่ากับ|อยู่ที่|คะแนน)\s*(?:คะแนน)?\s*{_NUM}(?![0-9])")


@dataclass
class ResultStated:
    """A result the text states: its total, and what goes with it in the sentence."""

    total: float
    loc: Loc
    quote: str
    comparison: bool  # a result of another year the sentence compares with


_SCORED = re.compile(rf"(?<![0-9.]){_NUM}\s*คะแนน")
_SCORE_AFTER = re.compile(rf"คะแนน(?:รวม|เฉลี่ย)?\s*(?:ITA\s*)?(?:เท่ากับ|อยู่ที่|คือ|ได้|:)?\s*{_NUM}(?![0-9.])")


def _numbers(plain: str) -> list[re.Match]:
    """Numbers given as scores: "91.25 คะแนน", or after the word ("ได้คะแนน 91.25 อยู่ในระดับ A")."""
    found = {m.start(1): m for m in _SCORED.finditer(plain)}
    for m in _SCORE_AFTER.finditer(plain):
        found.setdefault(m.start(1), m)
    return [found[k] for k in sorted(found)]


def results_in(text: str) -> list[tuple[float, bool, int]]:
    """Totals a paragraph states: ``(value, is a comparison, position)``.

    >>> results_in("เทศบาลตำบลตัวอย่าง ได้คะแนนการประเมิน ITA ประจำปี 2567 จำนวน 91.25 คะแนน อยู่ในระดับ A")
    [(91.25, False, 61)]
    >>> [r[:2] for r in results_in("ได้ 90.10 คะแนน เพิ่มขึ้น 2.00 คะแนน จากปี 2566 ที่ได้ 88.10 คะแนน")]
    [(90.1, False), (88.1, True)]
    >>> results_in("ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน ได้ 88.28 คะแนน")
    []
    >>> results_in("อบต.ตัวอย่าง ได้คะแนน ITA 96.30 อยู่ในระดับ AA")
    [(96.3, False, 26)]
    >>> results_in("ระดับผ่าน หมายถึง คะแนนรวมตั้งแต่ 85 คะแนนขึ้นไป แต่มีเครื่องมือหนึ่งต่ำกว่า 85 คะแนน")
    []
    """
    plain = arabic_digits(text)
    out = []
    for m in _numbers(plain):
        start = max(0, m.start(1) - 200)
        before = plain[start: m.start(1)]
        cue = None
        for c in _TOTAL_CUE.finditer(before):
            cue = c
        if cue is None:
            continue
        between = before[cue.start():]
        if _NOT_TOTAL.search(between) or _NOT_TOTAL.search(before[-50:]):
            continue
        diff = max((before.rfind(w) for w in _DIFF), default=-1)
        if diff > cue.start():
            continue  # a difference ("เพิ่มขึ้น 2.00 คะแนน"), not a result
        if any(before.rstrip().endswith(w) for w in _BOUND):
            continue  # a bound the text explains a level by ("ตั้งแต่ 85 คะแนนขึ้นไป")
        comparison = any(w in before[-60:] for w in COMPARE)
        out.append((float(m.group(1)), comparison, m.start(1)))
    return out


def read_results(r: Reading, fw: Framework) -> None:
    """The total, level, pass word and tool scores the paragraphs state (the first result of the
    assessment year is the document's; those compared with are kept for the year checks). A level
    or pass word is taken from the total's paragraph first: another one names another year's."""
    levels: list[tuple[Paragraph, re.Match]] = []
    words: list[tuple[Paragraph, re.Match]] = []
    for p in r.doc.paragraphs:
        plain = arabic_digits(p.text)
        for value, comparison, at in results_in(p.text):
            st = ResultStated(value, p.loc, snippet(plain, plain[at: at + 5], 90), comparison)
            r.results.append(st)
            if not comparison and r.total is None:
                r.total = Stated(value, p.loc, st.quote)
        levels += [(p, m) for m in _level_re().finditer(plain) if _own_year(r, plain, m.start())]
        words += [(p, m) for m in _PASS.finditer(plain) if _own_year(r, plain, m.start())]
        for tm in _TOOL.finditer(plain):
            tool, value = tm.group(1), float(tm.group(2))
            if tool not in r.tools and not any(
                n.name in tm.group(0) for n in fw.indicators
            ) and "ตัวชี้วัด" not in tm.group(0) and "ข้อ" not in tm.group(0):
                r.tools[tool] = Stated(value, p.loc, snippet(plain, tm.group(0), 90))
    at = r.total.loc if r.total is not None else None
    if r.level is None and levels:
        p, m = next(((p, m) for p, m in levels if p.loc == at), levels[0])
        r.level = Stated(m.group(1), p.loc, snippet(arabic_digits(p.text), m.group(0), 90))
    if r.pass_word is None and words:
        p, m = next(((p, m) for p, m in words if p.loc == at), words[0])
        r.pass_word = Stated(m.group(1) or m.group(2), p.loc, snippet(arabic_digits(p.text), m.group(0), 90))


def _own_year(r: Reading, plain: str, at: int) -> bool:
    """A level or pass word not said of a result compared with, nor of another year's."""
    before = plain[max(0, at - 60): at]
    if any(w in before for w in COMPARE):
        return False
    years = [int(y) for y in re.findall(r"(?<![0-9])(2[45][0-9]{2})(?![0-9])", before)]
    return not years or years[-1] in (r.assessment_year, (r.assessment_year or 0) + 1)


# --------------------------------------------------------------------------------------- questions

_Q_VALUE = re.compile(rf"[^0-9\n]{{0,40}}?(?:ได้คะแนน|มีคะแนน|คะแนน|ได้|อยู่ที่|=|:)\s*{_NUM}(?![0-9])")


def read_question_sentences(r: Reading, fw: Framework) -> None:
    """Question scores a sentence states ("ข้อ i24 ได้คะแนน 55.57") of questions no table holds."""
    tabled = {c.code for c in r.question_cells()}
    names = [i.name for i in fw.indicators]
    for p in r.doc.paragraphs:
        plain = arabic_digits(p.text)
        for m in CODE_IN_TEXT.finditer(plain):
            code = parse_code(m.group(1) + m.group(2))
            v = _Q_VALUE.match(plain, m.end())
            if not v or code not in fw.questions or code in tabled or code in r.questions:
                continue
            between = plain[m.end(): v.start(1)]
            if "ตัวชี้วัด" in between or "ร้อยละ" in between or any(n in between for n in names):
                continue
            r.questions[code] = Stated(float(v.group(1)), p.loc, snippet(plain, plain[m.start(): v.end()], 90))
