"""The fast paths of the workbook values give what their plain reference forms give."""

from __future__ import annotations

import random
import re
from decimal import ROUND_HALF_UP, Decimal

from dataclasses import replace

from ita_xl.core import thai
from ita_xl.core.codes import sort_key
from ita_xl.core.framework import codes_by_indicator
from ita_xl.io.frameworks import available_years, load
from ita_xl.workbook.heights import text_lines
from ita_xl.workbook.ops import Snapshot, Write, apply_to_snapshot

_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _ref_round(value: float, places: int = 2) -> float:
    quant = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(value))).quantize(quant, rounding=ROUND_HALF_UP))


def test_digits_match_translate():
    rnd = random.Random(7)
    alphabet = "0123456789๐๑๒๓๔๕๖๗๘๙ abcกขค.{}"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(2000)]
    for _ in range(2):  # the second time from the memo
        for t in texts:
            assert thai.thai_digits(t) == t.translate(_TO_THAI)
            assert thai.arabic_digits(t) == t.translate(_TO_ARABIC)
    assert thai.thai_digits(2567) == "๒๕๖๗" and thai.arabic_digits(12.5) == "12.5"


def test_round_half_up_matches_decimal():
    rnd = random.Random(3)
    values = [0.0, -0.0, 0, 94.955, 86.465, 2.675, 100, True, -1.005]
    values += [round(rnd.uniform(-100, 100), rnd.randint(0, 4)) for _ in range(3000)]
    for _ in range(2):
        for v in values:
            for p in (0, 1, 2, 3):
                assert repr(thai.round_half_up(v, p)) == repr(_ref_round(v, p))


def test_codes_by_indicator_follows_the_framework():
    for year in available_years():
        fw = load(year)
        for ind in fw.indicators:
            want = sorted((c for c, q in fw.questions.items() if q.indicator == ind.no), key=sort_key)
            assert fw.questions_of(ind.no) == want
    fw = load(available_years()[-1])
    copy = replace(fw, questions=dict(fw.questions))
    code = next(iter(copy.questions))
    before = copy.questions_of(copy.questions[code].indicator)
    moved = replace(copy.questions[code], indicator=-1)
    copy.questions[code] = moved
    assert copy.questions_of(-1) == [code]
    assert code not in copy.questions_of(fw.questions[code].indicator)
    assert code in before
    assert code not in codes_by_indicator(fw).get(-1, ())


def _ref_rows(data, first_row, n_cols, first_col=1):
    out = []
    for r in data[first_row - 1:]:
        x = list(r[first_col - 1:first_col - 1 + n_cols])
        x.extend([None] * (n_cols - len(x)))
        out.append(x)
    while out and all(v is None or v == "" for v in out[-1]):
        out.pop()
    return out


def test_snapshot_rows_and_row_count():
    rnd = random.Random(11)
    vals = [None, "", " ", "x", 0, 1.5]
    for _ in range(3000):
        rows = [
            (list if rnd.random() < 0.8 else tuple)(rnd.choice(vals) for _ in range(rnd.randint(0, 6)))
            for _ in range(rnd.randint(0, 8))
        ]
        fr, nc, fc = rnd.randint(1, 10), rnd.randint(1, 5), rnd.randint(1, 4)
        snap = Snapshot("p", {"S": rows})
        got = snap.rows("S", fr, nc, fc)
        assert got == _ref_rows(rows, fr, nc, fc) and all(type(x) is list for x in got)
        assert snap.row_count("S", fr, nc, fc) == len(got)


def test_apply_to_snapshot_blank_text_and_padding():
    snap = Snapshot("x", {"S": [["a"], ("b", 1)]})
    out = apply_to_snapshot(snap, [])
    assert out.sheets["S"] == [["a", None], ["b", 1]] and snap.sheets["S"][1] == ("b", 1)
    out = apply_to_snapshot(snap, [Write("S", "B1", [["", 2, None], [3]]), Write("T", "A2", [("", "z")])])
    assert out.sheets["S"] == [["a", None, 2, None], ["b", 3, None, None]]
    assert out.sheets["T"] == [[None, None], [None, "z"]]


def test_text_lines_counts_the_marks_as_a_regex_does():
    marks = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")  # vowels and tones above/below

    def ref(text: str, width: float) -> int:
        cap = max(width - 1.0, 1.0)
        return sum(max(1, -(-(len(x) - len(marks.findall(x)) if len(x) > cap else len(x)) // int(cap)))
                   for x in text.split("\n"))

    rnd = random.Random(5)
    for _ in range(3000):
        t = "".join(chr(rnd.randrange(0x0E00, 0x0E60)) if rnd.random() < 0.8 else rnd.choice("ab 1\n")
                    for _ in range(rnd.randrange(120)))
        w = rnd.choice((4, 10, 23.5, 40))
        assert text_lines(t, w) == ref(t, w)


def test_fmt_score_kept_gives_what_it_gives_afresh():
    rnd = random.Random(11)
    values = [0.0, -0.0, 100.0, 94.955, 86.465, -2.675, 1e300]
    values += [round(rnd.uniform(0, 100), rnd.randint(0, 4)) for _ in range(3000)]
    for _ in range(2):  # the second time from the cache
        for v in values:
            for numerals in ("thai", "arabic"):
                want = thai.digits(f"{thai.round_half_up(v, 2):.2f}", numerals)
                assert thai.fmt_score(v, numerals) == want
    assert thai.fmt_score(-0.0, "arabic") == "-0.00" and thai.fmt_score(0.0, "arabic") == "0.00"
