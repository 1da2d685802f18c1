"""Issue 18: score files with legal multi-line fields, frameworks validated wherever they are
loaded, ``questions_from`` kept inside the frameworks, locks never shared across a fork, and the
slips of real published cases (a bare AA–F total, the ten indicator scores alone).

Each case goes through the CLI where the issue describes what a user saw there.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.csvrows import read_rows, write_rows
from support.synth import write_synthetic_csv
from support.writers import fake_writer

from ita_xl.cli import main
from ita_xl.io import frameworks as F
from ita_xl.io.scores import iter_scores, scan_long
from ita_xl.xlsx import template


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err and "internal error" not in err, err


def _agency_ids(rows: list[list[str]]) -> list[str]:
    ids = [r[0] for r in rows[1:]]
    return sorted(set(ids), key=ids.index)


# ------------------------------------------------------------------------ 2. multi-line CSV fields


@pytest.fixture()
def four(tmp_path) -> Path:
    return write_synthetic_csv(tmp_path / "four.csv", 4, seed=3)


def _multiline_name(src: Path, dst: Path, which: int = 1) -> tuple[Path, str]:
    """The agency ``which``'s name with a line break (Alt+Enter in Excel, then Save as CSV)."""
    rows = read_rows(src)
    org = _agency_ids(rows)[which]
    for r in rows[1:]:
        if r[0] == org:
            r[1] = r[1] + "\nสาขาที่ 2"
    return write_rows(dst, rows), org


def test_a_quoted_name_with_a_line_break_is_read_and_every_agency_written(tmp_path, four, capsys, monkeypatch):
    monkeypatch.setattr(template, "write_agency_workbook", fake_writer)  # a fast stand-in
    src, org = _multiline_name(four, tmp_path / "ml.csv")
    assert b'\n\xe0\xb8\xaa\xe0\xb8\xb2\xe0\xb8\x82' in src.read_bytes()  # the line break is in the file
    out = tmp_path / "out"
    rc = main(["regenerate", str(src), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert len(list(out.glob("ita_*.xlsm"))) == 4
    read = list(iter_scores(src))
    assert [a.org.id for a in read] == _agency_ids(read_rows(four))
    assert read[1].org.name.endswith("\nสาขาที่ 2") and len(read[1].scores.questions) > 80
    assert scan_long(src).count == 4


def test_a_line_break_in_a_long_file_drops_no_later_agency(tmp_path):
    big = write_synthetic_csv(tmp_path / "ten.csv", 10, seed=5)
    src, _ = _multiline_name(big, tmp_path / "ml10.csv", which=2)
    got = list(iter_scores(src, errors=(errors := [])))
    assert not errors and len(got) == 10


def _unclosed_quote(src: Path, dst: Path, which: int = 1) -> tuple[Path, int]:
    """The first row of agency ``which`` with a quote that opens its name and is never closed."""
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    org = _agency_ids(read_rows(src))[which]
    at = next(i for i, line in enumerate(lines) if line.startswith(org + ","))
    head, rest = lines[at].split(",", 1)
    lines[at] = f'{head},"{rest}'
    dst.write_text("".join(lines), encoding="utf-8")
    return dst, at + 1


def test_an_unclosed_quote_fails_its_agency_alone_naming_the_row_once(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(template, "write_agency_workbook", fake_writer)  # a fast stand-in
    big = write_synthetic_csv(tmp_path / "ten.csv", 10, seed=5)
    src, row = _unclosed_quote(big, tmp_path / "bad.csv", which=3)
    out = tmp_path / "out"
    rc = main(["regenerate", str(src), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    _no_traceback(err)
    assert rc == 1, err
    assert len(list(out.glob("ita_*.xlsm"))) == 9
    assert err.count(f"bad.csv: row {row}:") == 1, err
    assert "not closed" in err


def test_an_unclosed_quote_in_the_last_agency_keeps_the_others(tmp_path):
    big = write_synthetic_csv(tmp_path / "ten.csv", 4, seed=5)
    src, row = _unclosed_quote(big, tmp_path / "bad.csv", which=3)
    errors: list = []
    got = list(iter_scores(src, errors=errors))
    assert len(got) == 3 and len(errors) == 1
    assert f"row {row}" in str(errors[0][1])


def test_one_agency_file_with_a_multi_line_note_column(tmp_path, capsys):
    src = tmp_path / "one.csv"
    src.write_text('code,score,note\ni1,100,"ตรวจแล้ว\nโดยกองคลัง"\ni2,90,\n', encoding="utf-8")
    assert main(["analyze", str(src), "--year", "2566", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ind1 = next(i for i in data["indicators"] if i["no"] == 1)
    assert ind1["score"] == 95.0  # the mean of i1 and i2: both rows read, the note's line break kept inside


def test_one_agency_file_with_an_unclosed_quote_names_its_row(tmp_path, capsys):
    src = tmp_path / "one.csv"
    src.write_text('code,score\ni1,100\ni2,"90\ni3,80\ni4,70\n', encoding="utf-8")
    assert main(["analyze", str(src), "--year", "2566"]) == 2
    err = capsys.readouterr().err
    _no_traceback(err)
    assert "one.csv: row 3:" in err and "not closed" in err


def test_an_unreadable_input_is_said_once(tmp_path, four, capsys, monkeypatch):
    monkeypatch.setattr(template, "write_agency_workbook", fake_writer)  # a fast stand-in
    bad = tmp_path / "noheader.csv"
    bad.write_text("a,b\nc,d\n", encoding="utf-8")
    rc = main(["regenerate", str(four), str(bad), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("noheader.csv") == 1, err


# ------------------------------------------------------------------------ 7. locks across a fork


def _lock_in_child(path: str, q) -> None:
    from ita_xl.io.safefile import locked

    try:
        with locked(Path(path), timeout=2):
            q.put("ok")
    except BaseException as exc:  # noqa: BLE001 - the test reads what happened
        q.put(f"{type(exc).__name__}: {exc}")


def test_a_lock_used_before_a_fork_is_not_shared_with_the_child(tmp_path):
    from ita_xl.io.safefile import clean_folder_temps, locked

    book = tmp_path / "ita_1.xlsm"
    book.write_bytes(b"x")
    with locked(book):
        pass
    # what a killed regenerate leaves: a lock file and a temp file, looked at before the workers fork
    (tmp_path / ".ita_2.xlsm.ita-lock").write_text("")
    (tmp_path / ".~ita-ita_2-abcd.xlsm").write_bytes(b"")
    clean_folder_temps(tmp_path)
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    for target in (book, tmp_path / "ita_2.xlsm"):
        p = ctx.Process(target=_lock_in_child, args=(str(target), q))
        p.start()
        p.join(30)
        assert q.get(timeout=5) == "ok"


def _regenerate(src: Path, out: Path, **popen):
    cmd = [sys.executable, "-m", "ita_xl", "regenerate", str(src), "--out", str(out), "--quiet", "-j", "2"]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1]))
    if popen:
        return subprocess.Popen(cmd, env=env, **popen)
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)


def test_kill_9_of_a_refreshing_regenerate_then_a_re_run_fails_no_agency(tmp_path):
    """What one re-run in four did after a kill -9: lock and temp files left beside the workbooks,
    looked at (locked) by the batch before its workers fork, then locked again by a worker."""
    src = write_synthetic_csv(tmp_path / "s.csv", 6, seed=7)
    out = tmp_path / "out"
    assert _regenerate(src, out).returncode == 0
    books = sorted(out.glob("ita_*.xlsm"))
    for book in books[:2]:  # what a kill during a refresh leaves, made sure of
        (out / f".{book.name}.ita-lock").write_text("")
        (out / f".~ita-{book.stem}-k9x2.xlsm").write_bytes(b"PK")
    r = _regenerate(src, out)
    assert r.returncode == 0 and "inherited across fork" not in r.stderr, r.stderr
    assert not list(out.glob(".~ita-*"))
    # and a real kill -9 in the middle of a refresh: new scores, so that the run refreshes (a re-run of
    # unchanged inputs is "up to date" and could end before the kill, leaving no group to kill)
    src = write_synthetic_csv(tmp_path / "s.csv", 6, seed=8)
    p = _regenerate(src, out, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and p.poll() is None and not list(out.glob(".~ita-*")):
        time.sleep(0.005)
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    r = _regenerate(src, out)
    assert r.returncode == 0 and "inherited across fork" not in r.stderr, r.stderr
    assert len(list(out.glob("ita_*.xlsm"))) == 6


def test_a_lock_held_by_the_parent_is_waited_for_by_a_forked_child(tmp_path):
    from ita_xl.io.safefile import locked

    book = tmp_path / "ita_1.xlsm"
    with locked(book):
        ctx = multiprocessing.get_context("fork")
        q = ctx.Queue()
        p = ctx.Process(target=_lock_in_child, args=(str(book), q))
        p.start()
        p.join(30)
        assert q.get(timeout=5).startswith("InputError")  # not re-entered as if it were the parent's


# ------------------------------------------------------------------------ 3, 4. frameworks


@pytest.fixture()
def one_agency(tmp_path) -> Path:
    src = tmp_path / "s.csv"
    rows = ["code,score"] + [f"{c},95" for c in F.load(2566).questions] + ["OIT,94.95"]
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return src


def _framework(tmp_path: Path, edit=None, name: str = "fw") -> Path:
    """A copy of the shipped 2566 with ``edit(text) -> text`` applied to its framework.toml."""
    folder = tmp_path / name
    shutil.copytree(F.FRAMEWORKS / "2566", folder)
    meta = folder / "framework.toml"
    if edit is not None:
        meta.write_text(edit(meta.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def _weights(text: str, new: str) -> str:
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("weights"))
    lines[at] = f"weights = {{ {new} }}"
    return "\n".join(lines) + "\n"


def _levels_without_a_label(text: str) -> str:
    return text.replace('level_scheme = "pass_labels"', "") + (
        '\nlevels = [\n  { label = "ผ่าน", min = 85.0, pass = true },\n  { min = 0.0 },\n]\n'
    )


BAD_FRAMEWORKS = {
    "weights sum to 0.9": (lambda t: _weights(t, "IIT = 0.3, EIT = 0.3, OIT = 0.3"), "weights"),
    "OIT weight -5": (lambda t: _weights(t, "IIT = 0.3, EIT = 0.3, OIT = -5"), "weights.OIT"),
    "nan weight": (lambda t: _weights(t, "IIT = 0.3, EIT = 0.3, OIT = nan"), "weights.OIT"),
    "inf weight": (lambda t: _weights(t, "IIT = 0.3, EIT = 0.3, OIT = inf"), "weights.OIT"),
    "a level without a label": (_levels_without_a_label, "levels[2]"),
    "levels lowest first": (lambda t: t.replace('level_scheme = "pass_labels"', "") + (
        '\nlevels = [\n  { label = "ไม่ผ่าน", min = 0.0 },\n  { label = "ผ่าน", min = 85.0, pass = true },\n]\n'), "levels"),
    "an unknown tool's weight": (lambda t: _weights(t, "IIT = 0.3, EIT = 0.3, OIT = 0.4, XIT = 0"), "weights.XIT"),
    "questions_from a parent folder": (lambda t: 'questions_from = "../.."\n' + t, "questions_from"),
    "questions_from an absolute path": (lambda t: 'questions_from = "/etc"\n' + t, "questions_from"),
    "issues_from not a year": (lambda t: t.replace("issues_from", "x_from") + 'issues_from = "../2566"\n'
                               if "issues_from" in t else 'issues_from = "../2566"\n' + t, "issues_from"),
}


@pytest.mark.parametrize("case", sorted(BAD_FRAMEWORKS))
def test_a_framework_that_check_rejects_is_refused_by_analyze(tmp_path, one_agency, capsys, case):
    edit, key = BAD_FRAMEWORKS[case]
    fw = _framework(tmp_path, edit)
    meta = fw / "framework.toml"
    assert main(["framework", "check", str(fw)]) == 1
    out = capsys.readouterr().out
    assert f"{meta}: {key}" in out, out
    rc = main(["analyze", str(one_agency), "--year", "2566", "--framework", str(fw)])
    err = capsys.readouterr().err
    _no_traceback(err)
    assert rc == 2 and f"{meta}: {key}" in err, err


def test_a_bad_framework_in_ita_xl_frameworks_is_refused_naming_it(tmp_path, one_agency, capsys, monkeypatch):
    root = tmp_path / "years"
    root.mkdir()
    fw = _framework(root, lambda t: _weights(t, "IIT = 0.3, EIT = 0.3, OIT = inf"), name="2566")
    monkeypatch.setenv("ITA_XL_FRAMEWORKS", str(root))
    rc = main(["analyze", str(one_agency), "--year", "2566"])
    err = capsys.readouterr().err
    _no_traceback(err)
    assert rc == 2 and f"{fw / 'framework.toml'}: weights.OIT" in err, err


def test_questions_from_a_known_year_takes_its_questions(tmp_path, one_agency, capsys):
    fw = _framework(tmp_path, lambda t: "questions_from = 2566\n" + t.replace("year = 2566", "year = 2570"))
    (fw / "questions.csv").unlink()
    assert main(["framework", "check", str(fw)]) == 0, capsys.readouterr().out
    assert main(["analyze", str(one_agency), "--year", "2570", "--framework", str(fw)]) == 0
    assert "2570" in capsys.readouterr().out


def test_questions_from_its_own_year_is_refused(tmp_path, capsys, monkeypatch):
    root = tmp_path / "years"
    root.mkdir()
    fw = _framework(root, lambda t: "questions_from = 2570\n" + t.replace("year = 2566", "year = 2570"), name="2570")
    monkeypatch.setenv("ITA_XL_FRAMEWORKS", str(root))
    rc = main(["framework", "show", "2570"])
    err = capsys.readouterr().err
    _no_traceback(err)
    assert rc == 2 and f"{fw / 'framework.toml'}: questions_from" in err, err


def test_a_workbook_framework_sheet_with_weights_summing_to_0_9_is_refused_naming_the_cell(tmp_path, capsys):
    import openpyxl

    from ita_xl.workbook import layout as L

    book = tmp_path / "ita_2566.xlsm"
    assert main(["new", str(book), "--year", "2566", "--org", "อบต.ทดสอบ"]) == 0
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb[L.FRAMEWORK.sheet]
    key_col = L.FRAMEWORK_META_COL
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, key_col).value == "weight.OIT")
    ws.cell(row, key_col + 1).value = 0.3
    wb.save(book)
    capsys.readouterr()
    rc = main(["analyze", str(book)])
    err = capsys.readouterr().err
    _no_traceback(err)
    first = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, key_col).value).startswith("weight."))
    cell = f"{L.FRAMEWORK.sheet}!{openpyxl.utils.get_column_letter(key_col + 1)}{first}"  # the weights' first cell
    assert rc == 2 and cell in err and "sum to 0.9" in err, err


# ------------------------------------------------------------------------ 8. real published cases


@pytest.mark.parametrize(("year", "total", "level"), [(2562, 96.1, "AA"), (2564, 87.5, "A"), (2565, 74.99, "C"), (2563, 40.0, "F")])
def test_a_bare_total_of_an_aa_f_year_gets_its_level(tmp_path, capsys, year, total, level):
    src = tmp_path / "total.csv"
    src.write_text(f"code,score\ntotal,{total}\n", encoding="utf-8")
    assert main(["analyze", str(src), "--year", str(year), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == level
    assert main(["analyze", str(src), "--year", str(year)]) == 0
    out = capsys.readouterr().out
    assert f"level {level}" in out and "None" not in out, out


def test_a_bare_total_of_a_pass_label_year_gets_the_level_it_fixes_or_says_which_it_can_be(tmp_path, capsys):
    src = tmp_path / "total.csv"
    src.write_text("code,score\ntotal,80\n", encoding="utf-8")
    assert main(["analyze", str(src), "--year", "2566", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == "ต้องปรับปรุง"  # below 85 no tool rule applies
    src.write_text("code,score\ntotal,87.5\n", encoding="utf-8")
    assert main(["analyze", str(src), "--year", "2566", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["level"] is None  # ผ่านดี needs every tool >= 85: unknown
    assert main(["analyze", str(src), "--year", "2566"]) == 0
    out = capsys.readouterr().out
    assert "level ผ่านดี or ผ่าน" in out and "None" not in out, out


def test_the_ten_indicator_scores_alone_say_once_that_no_question_is_scored(tmp_path, capsys):
    fw = F.load(2566)
    src = tmp_path / "ind.csv"
    src.write_text("code,score\n" + "".join(f"ind{i.no},{90 + i.no / 2}\n" for i in fw.indicators), encoding="utf-8")
    assert main(["analyze", str(src), "--year", "2566", "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    kinds = [f["kind"] for f in findings]
    assert "grouping_unscored" not in kinds and kinds.count("questions_unscored") == 1, kinds
    assert main(["analyze", str(src), "--year", "2566"]) == 0
    out = capsys.readouterr().out
    assert out.count("WARNING") + out.count("INFO") <= 3, out


def test_a_few_unscored_questions_are_still_named_one_by_one(tmp_path, capsys):
    fw = F.load(2566)
    src = tmp_path / "some.csv"
    src.write_text("code,score\n" + "".join(f"{c},95\n" for c in list(fw.questions)[1:]), encoding="utf-8")
    assert main(["analyze", str(src), "--year", "2566", "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    unscored = [f["message_en"] for f in findings if f["kind"] == "grouping_unscored"]
    assert unscored and all("cites i1," in m for m in unscored), unscored  # each issue citing i1, not 87
    assert "questions_unscored" not in [f["kind"] for f in findings]


def test_an_unclosed_quote_with_more_than_the_csv_field_limit_after_it_fails_its_agency_alone(tmp_path):
    big = write_synthetic_csv(tmp_path / "big.csv", 40, seed=2)
    assert big.stat().st_size > 2 * csv.field_size_limit()  # the quote swallows past csv's limit
    src, row = _unclosed_quote(big, tmp_path / "bad.csv", which=1)
    errors: list = []
    got = list(iter_scores(src, errors=errors))
    assert len(got) == 39 and [e.row for _, e in errors] == [row]
    assert "not closed" in str(errors[0][1])
    assert scan_long(src).count == 40


def test_two_frameworks_whose_questions_from_name_each_other_are_refused_at_that_key(tmp_path, capsys, monkeypatch):
    root = tmp_path / "years"
    root.mkdir()
    for year, other in ((2580, 2581), (2581, 2580)):
        _framework(root, lambda t, y=year, o=other: t.replace("year = 2566", f"year = {y}\nquestions_from = {o}"), name=str(year))
    monkeypatch.setenv("ITA_XL_FRAMEWORKS", str(root))
    rc = main(["framework", "show", "2580"])
    err = capsys.readouterr().err
    _no_traceback(err)
    assert rc == 2 and f"{root / '2581' / 'framework.toml'}: questions_from" in err and "cycle" in err, err
