"""Property tests over the score readers (issue 9): whatever the file, a reader either returns the
scores exactly or raises the project's InputError — never a wrong number, never another exception.

- the CSV reader, one agency and long files: any delimiter, any encoding Excel writes (UTF-8 with
  or without BOM, UTF-16 "Unicode Text", cp874), names with quotes, commas and delimiters, rows of
  the agencies in any order (they are gathered);
- the same files damaged at random (bytes cut, inserted, changed);
- the long-file batch reader (``errors=[]``): every agency is returned exactly or listed as failed;
- the pasted-text reader.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_xl.io.frameworks import load
from ita_xl.errors import InputError
from ita_xl.io.scores import iter_scores, parse_pasted

FW = load(2566)
CODES = sorted(FW.questions)
THAI = "กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอฮะัาำิีึืุูเแโใไ่้๊๋์"
NAME_CHARS = THAI + "abcXYZ .,;|\t\"'()-/"
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp874"]
DELIMITERS = [",", ";", "\t", "|"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

score = st.integers(min_value=0, max_value=10000).map(lambda n: n / 100)
names = st.text(NAME_CHARS, min_size=1, max_size=30).map(str.strip).filter(bool)


@st.composite
def agencies(draw, max_agencies: int = 4):
    n = draw(st.integers(1, max_agencies))
    ids = draw(st.lists(st.integers(1, 9_999_999), min_size=n, max_size=n, unique=True))
    out = {}
    for org_id in ids:
        codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=12, unique=True))
        out[str(org_id)] = (draw(names), {c: draw(score) for c in codes})
    return out


def _number(value: float, style: str, delimiter: str) -> str:
    text = f"{value:.2f}"
    if style == "thai":
        text = text.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    elif style == "comma" and delimiter != ",":
        text = text.replace(".", ",")  # a decimal comma: fine where the comma is no delimiter
    return text


def _write(path: Path, rows: list[list[str]], delimiter: str, encoding: str) -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def _long_rows(data: dict, style: str, delimiter: str, order: random.Random) -> list[list[str]]:
    body = [
        [org_id, name, "อบต.", "2566", code, _number(v, style, delimiter), "ลำปาง", "เมือง"]
        for org_id, (name, scores) in data.items()
        for code, v in scores.items()
    ]
    order.shuffle(body)  # the rows of one agency need not be together
    return [["org_id", "org_name", "org_type", "year", "code", "score", "province", "district"], *body]


@SETTINGS
@given(agencies(), st.sampled_from(DELIMITERS), st.sampled_from(ENCODINGS),
       st.sampled_from(["plain", "thai", "comma"]), st.randoms(use_true_random=False))
def test_long_csv_reads_back_exactly(tmp_path_factory, data, delimiter, encoding, style, rnd):
    path = _write(tmp_path_factory.mktemp("p") / "long.csv", _long_rows(data, style, delimiter, rnd), delimiter, encoding)
    got = {a.org.id: (a.org.name, a.scores.questions) for a in iter_scores(path)}
    assert got == data


@SETTINGS
@given(st.dictionaries(st.sampled_from(CODES), score, min_size=1, max_size=20), st.sampled_from(DELIMITERS),
       st.sampled_from(ENCODINGS), st.sampled_from(["plain", "thai", "comma"]), st.booleans())
def test_one_agency_csv_reads_back_exactly(tmp_path_factory, scores, delimiter, encoding, style, titled):
    rows = [["ข้อ", "คะแนน"], *([c, _number(v, style, delimiter)] for c, v in scores.items())]
    if titled:  # title rows above the header
        rows = [["ผลการประเมิน ITA องค์การบริหารส่วนตำบลบ้านนา"], [], *rows]
    path = _write(tmp_path_factory.mktemp("p") / "one.csv", rows, delimiter, encoding)
    (found,) = list(iter_scores(path, 2566))
    assert found.scores.questions == scores


def _damage(text: str, delimiter: str, rnd: random.Random, times: int = 1) -> str:
    """The structure of the file damaged as a hand edit damages it: a stray quote, an extra or a lost
    delimiter (a number never changes into another number: no reader could tell; nor can two
    damages in one row that cancel out, a lost delimiter and an added one, be told from data)."""
    chars = list(text)
    for _ in range(times):
        i = rnd.randrange(len(chars))
        kind = rnd.choice(["quote", "extra", "lost"])
        if kind == "quote":
            chars.insert(i, '"')
        elif kind == "extra":
            chars.insert(i, delimiter)
        else:
            hits = [k for k, c in enumerate(chars) if c == delimiter]
            if hits:
                del chars[rnd.choice(hits)]
    return "".join(chars)


@SETTINGS
@given(agencies(3), st.sampled_from(DELIMITERS), st.sampled_from(ENCODINGS), st.randoms(use_true_random=False))
def test_damaged_long_csv_is_exact_or_an_input_error(tmp_path_factory, data, delimiter, encoding, rnd):
    folder = tmp_path_factory.mktemp("p")
    buf = io.StringIO()
    rows = _long_rows(data, "plain", delimiter, rnd)
    rows[1:] = sorted(rows[1:], key=lambda r: r[0])  # sorted by agency, as real files are
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    bad = folder / "bad.csv"
    bad.write_bytes(_damage(buf.getvalue(), delimiter, rnd).encode(encoding))
    for errors in (None, []):  # the CLI's reader (first problem raised), the batch's (bad agencies listed)
        try:
            got = list(iter_scores(bad, errors=errors))
        except InputError as exc:
            assert exc.file == str(bad)
            continue
        failed = {(org.id, org.name) for org, _ in errors or []}
        for a in got:  # an agency read is read exactly; one the damage reached is listed, never half-read
            assert (a.org.id, a.org.name) not in failed
            if a.org.id in data and a.org.name == data[a.org.id][0]:
                assert a.scores.questions == data[a.org.id][1]
            else:  # the damage made a new "agency" out of a row: its values are still real ones
                assert all(v in {s for _, q in data.values() for s in q.values()} for v in a.scores.questions.values())


@SETTINGS
@given(agencies(3), st.sampled_from(DELIMITERS), st.sampled_from(ENCODINGS), st.randoms(use_true_random=False))
def test_much_damaged_long_csv_is_scores_or_an_input_error(tmp_path_factory, data, delimiter, encoding, rnd):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(_long_rows(data, "plain", delimiter, rnd))
    bad = tmp_path_factory.mktemp("p") / "bad.csv"
    bad.write_bytes(_damage(buf.getvalue(), delimiter, rnd, times=rnd.randint(2, 6)).encode(encoding))
    for errors in (None, []):
        try:
            for a in iter_scores(bad, errors=errors):
                assert set(a.scores.questions) <= set(CODES)
        except InputError as exc:
            assert exc.file == str(bad)


@SETTINGS
@given(agencies(5), st.sampled_from(DELIMITERS), st.randoms(use_true_random=False), st.data())
def test_batch_reader_returns_every_agency_exactly_or_lists_it(tmp_path_factory, data, delimiter, rnd, draw):
    rows = _long_rows(data, "plain", delimiter, rnd)
    # spoil some agencies the way real files are spoiled
    spoiled = set()
    for i in range(1, len(rows)):
        what = draw.draw(st.sampled_from(["ok"] * 12 + ["year", "score", "code"]))
        if what == "ok":
            continue
        spoiled.add(rows[i][0])
        if what == "year":
            rows[i][3] = "25x6"
        elif what == "score":
            rows[i][5] = "๑๐๐.๕"  # 100.5: out of range
        else:
            rows[i][4] = "i999"
    path = _write(tmp_path_factory.mktemp("p") / "b.csv", rows, delimiter, "utf-8")
    errors: list = []
    got = {a.org.id: (a.org.name, a.scores.questions) for a in iter_scores(path, errors=errors)}
    failed = {org.id for org, _ in errors}
    assert got == {k: v for k, v in data.items() if k not in spoiled}
    assert failed == spoiled
    assert all(isinstance(e, InputError) and "row" in str(e) for _, e in errors)


def _pasted_line(code: str, text: str, value: float, thai: bool, sep: str) -> str:
    number = f"{value:.2f}"
    if thai:
        number = number.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    return f"{code} {text}{sep}{number}"


@SETTINGS
@given(st.dictionaries(st.sampled_from(CODES), score, min_size=1, max_size=25),
       st.text(THAI + " ", min_size=1, max_size=40), st.booleans(), st.sampled_from([" ", "\t", "  "]))
def test_pasted_text_reads_back_exactly(scores, text, thai, sep):
    lines = ["ผลการประเมิน", *(_pasted_line(c, text.strip() or "ข้อ", v, thai, sep) for c, v in scores.items()), ""]
    assert parse_pasted("\n".join(lines), 2566).scores.questions == scores


@SETTINGS
@given(st.text(max_size=400))
def test_any_pasted_text_is_scores_or_an_input_error(text):
    try:
        found = parse_pasted(text, 2566)
    except InputError:
        return
    assert found.scores.questions or found.scores.indicators
    assert all(0 <= v <= 100 for v in found.scores.questions.values())


@SETTINGS
@given(st.binary(max_size=600), st.sampled_from([".csv", ".txt", ".xlsx"]))
def test_any_bytes_are_scores_or_an_input_error(tmp_path_factory, raw, suffix):
    path = tmp_path_factory.mktemp("p") / f"any{suffix}"
    path.write_bytes(raw)
    try:
        list(iter_scores(path, 2566))
        list(iter_scores(path, 2566, errors=[]))
    except InputError:
        pass
