"""Issue 18, fuzzed the way its faults were found: score files with multi-line fields and stray
quotes, and user frameworks with any values in their keys.

- a long CSV whose names hold line breaks (Alt+Enter), quotes and delimiters reads back exactly,
  in the reader and in the scan that counts agencies for the batch;
- one quote left open at the start of a name fails that row's agency alone: every other agency
  reads back exactly;
- a ``framework.toml`` with any value in ``weights``, ``levels``, ``indicators``,
  ``questions_from``: the framework is loaded only when the one validation finds no error, else a
  FrameworkError (an InputError) names its file and key; never another exception, and through the
  CLI never an internal error.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ita_xl.cli import main
from ita_xl.core.framework import problems
from ita_xl.errors import InputError
from ita_xl.io import frameworks as F
from ita_xl.io.scores import iter_scores, scan_long

FW = F.load(2566)
CODES = sorted(FW.questions)
THAI = "กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอฮะัาำิีึืุูเแโใไ่้๊๋์"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
HEADER = ["org_id", "org_name", "org_type", "year", "code", "score", "province", "district"]

score = st.integers(min_value=0, max_value=10000).map(lambda n: n / 100)
line = st.text(THAI + "abc .,;|()-'\"", min_size=1, max_size=12).map(str.strip).filter(bool)
names = st.lists(line, min_size=1, max_size=3).map(lambda parts: "\n".join(parts))  # Alt+Enter between parts


@st.composite
def agencies(draw):
    n = draw(st.integers(2, 6))
    ids = draw(st.lists(st.integers(1, 9_999_999), min_size=n, max_size=n, unique=True))
    out = {}
    for org_id in ids:
        codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=8, unique=True))
        out[str(org_id)] = (draw(names), {c: draw(score) for c in codes})
    return out


def _lines(data: dict, newline: str) -> list[str]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADER)
    for org_id, (name, scores) in data.items():
        for code, value in scores.items():
            w.writerow([org_id, name.replace("\n", newline), "อบต.", "2566", code, f"{value:.2f}", "ลำปาง", "เมือง"])
    return buf.getvalue().splitlines(keepends=True)  # a record with a line break is several lines


@given(data=agencies(), newline=st.sampled_from(["\n", "\r\n"]))
@SETTINGS
def test_names_with_line_breaks_read_back_exactly(tmp_path_factory, data, newline):
    path = tmp_path_factory.mktemp("ml") / "s.csv"
    path.write_text("".join(_lines(data, newline)), encoding="utf-8", newline="")
    errors: list = []
    got = {a.org.id: a for a in iter_scores(path, errors=errors)}
    assert not errors and set(got) == set(data)
    for org_id, (name, scores) in data.items():
        assert got[org_id].org.name.replace("\r\n", "\n") == name
        assert got[org_id].scores.questions == scores
    assert scan_long(path).count == len(data)


@given(data=agencies(), pick=st.randoms(use_true_random=False))
@SETTINGS
def test_one_quote_left_open_fails_its_agency_alone(tmp_path_factory, data, pick):
    """Names hold quotes, delimiters and line breaks (written as Excel does); one row's name is
    given a quote that opens and is never closed. A later row's quote may seem to close it."""
    lines = _lines(data, "\n")
    starts = [i for i, ln in enumerate(lines) if i and any(ln.startswith(o + ",") for o in data)]
    at = pick.choice(starts)
    org_id, rest = lines[at].split(",", 1)
    assume(not rest.startswith('"'))  # a quote there already: no longer a quote left open
    lines[at] = f'{org_id},"{rest}'
    path = tmp_path_factory.mktemp("q") / "s.csv"
    path.write_text("".join(lines), encoding="utf-8", newline="")
    errors: list = []
    got = {a.org.id: a for a in iter_scores(path, errors=errors)}
    assert [o.id for o, _ in errors] == [org_id] and "not closed" in str(errors[0][1])
    assert set(got) == set(data) - {org_id}
    for other in got:
        assert got[other].scores.questions == data[other][1] and got[other].org.name == data[other][0]
    assert scan_long(path).count == len(data)


# ------------------------------------------------------------------------------------- frameworks


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


anything = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10, 3000), st.booleans(),
    st.text(max_size=8), st.sampled_from(["../..", "/etc", "2566", "2566/..", ""]),
)
weights = st.one_of(
    st.fixed_dictionaries({"IIT": anything, "EIT": anything, "OIT": anything}),
    st.dictionaries(st.sampled_from(["IIT", "EIT", "OIT", "XIT", "iit"]), st.floats(-1, 2), max_size=4),
    st.just({"IIT": 0.3, "EIT": 0.3, "OIT": 0.4}),
)
level = st.dictionaries(st.sampled_from(["label", "min", "every_tool_min", "pass"]), anything, max_size=4)
levels = st.one_of(st.none(), st.lists(level, max_size=4), anything)
from_year = st.one_of(st.none(), anything, st.sampled_from([2566, 2565, 2599, 2570]))


@given(w=weights, lv=levels, q_from=from_year, i_from=from_year, drop_indicator=st.booleans())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_framework_toml_is_a_valid_framework_or_a_located_error(tmp_path_factory, w, lv, q_from, i_from, drop_indicator):
    folder = tmp_path_factory.mktemp("fw") / "fw"
    shutil.copytree(F.FRAMEWORKS / "2566", folder)
    text = (folder / "framework.toml").read_text(encoding="utf-8")
    kept = []
    for ln in text.splitlines():
        if ln.startswith(("weights", "level_scheme", "year")):
            continue
        if drop_indicator and '{ no = 10,' in ln:
            continue
        kept.append(ln)
    head = ["year = 2570", f"weights = {_toml(w)}"]
    head.append(f"levels = {_toml(lv)}" if lv is not None else 'level_scheme = "pass_labels"')
    for key, v in (("questions_from", q_from), ("issues_from", i_from)):
        if v is not None:
            head.append(f"{key} = {_toml(v)}")
    (folder / "framework.toml").write_text("\n".join(head + kept) + "\n", encoding="utf-8")
    try:
        fw = F.load_folder(folder)
    except InputError as exc:  # FrameworkError: located at the file and key
        assert str(folder / "framework.toml") in exc.file or str(folder) in exc.file, exc
        return
    assert not [p for p in problems(fw) if p.severity == "error"]
    assert abs(sum(fw.weights.values()) - 1) < 1e-6 and all(0 <= x <= 1 for x in fw.weights.values())
    assert all(lv_.label.strip() and 0 <= lv_.min <= 100 for lv_ in fw.levels)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-5", "0.1", '"0.4"', "true", "[0.4]", "{ a = 1 }"])
def test_any_oit_weight_through_the_cli_is_exit_2_or_used_never_an_internal_error(tmp_path, capsys, value):
    folder = tmp_path / "fw"
    shutil.copytree(F.FRAMEWORKS / "2566", folder)
    meta = folder / "framework.toml"
    meta.write_text("\n".join(
        f"weights = {{ IIT = 0.3, EIT = 0.3, OIT = {value} }}" if ln.startswith("weights") else ln
        for ln in meta.read_text(encoding="utf-8").splitlines()) + "\n", encoding="utf-8")
    src = tmp_path / "s.csv"
    src.write_text("code,score\ni1,90\n", encoding="utf-8")
    rc = main(["analyze", str(src), "--year", "2566", "--framework", str(folder)])
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err, err
    assert rc == 2 and f"{meta}: weights" in err, err
