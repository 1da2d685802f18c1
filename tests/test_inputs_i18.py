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
from pathlib import Path

import pytest

from ita_xl.batch.synth import write_synthetic_csv
from ita_xl.cli import main
from ita_xl.io import frameworks as F
from ita_xl.io.scores import iter_scores, scan_long

WRITER = "tests.test_batch:fake_writer"


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


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
    rows = _rows(src)
    org = _agency_ids(rows)[which]
    for r in rows[1:]:
        if r[0] == org:
            r[1] = r[1] + "\nสาขาที่ 2"
    return _write(dst, rows), org


def test_a_quoted_name_with_a_line_break_is_read_and_every_agency_written(tmp_path, four, capsys):
    src, org = _multiline_name(four, tmp_path / "ml.csv")
    assert b'\n\xe0\xb8\xaa\xe0\xb8\xb2\xe0\xb8\x82' in src.read_bytes()  # the line break is in the file
    out = tmp_path / "out"
    rc = main(["regenerate", str(src), "--out", str(out), "--quiet", "--writer", WRITER])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert len(list(out.glob("ita_*.xlsm"))) == 4
    read = list(iter_scores(src))
    assert [a.org.id for a in read] == _agency_ids(_rows(four))
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
    org = _agency_ids(_rows(src))[which]
    at = next(i for i, line in enumerate(lines) if line.startswith(org + ","))
    head, rest = lines[at].split(",", 1)
    lines[at] = f'{head},"{rest}'
    dst.write_text("".join(lines), encoding="utf-8")
    return dst, at + 1


def test_an_unclosed_quote_fails_its_agency_alone_naming_the_row_once(tmp_path, capsys):
    big = write_synthetic_csv(tmp_path / "ten.csv", 10, seed=5)
    src, row = _unclosed_quote(big, tmp_path / "bad.csv", which=3)
    out = tmp_path / "out"
    rc = main(["regenerate", str(src), "--out", str(out), "--quiet", "--writer", WRITER])
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


def test_an_unreadable_input_is_said_once(tmp_path, four, capsys):
    bad = tmp_path / "noheader.csv"
    bad.write_text("a,b\nc,d\n", encoding="utf-8")
    rc = main(["regenerate", str(four), str(bad), "--out", str(tmp_path / "out"), "--quiet", "--writer", WRITER])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("noheader.csv") == 1, err


# ------------------------------------------------------------------------ 7. locks across a fork


def _lock_in_child(path: str, q) -> None:
    from ita_xl.safefile import locked

    try:
        with locked(Path(path), timeout=2):
            q.put("ok")
    except BaseException as exc:  # noqa: BLE001 - the test reads what happened
        q.put(f"{type(exc).__name__}: {exc}")


def test_a_lock_used_before_a_fork_is_not_shared_with_the_child(tmp_path):
    from ita_xl.safefile import clean_folder_temps, locked

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


def test_a_lock_held_by_the_parent_is_waited_for_by_a_forked_child(tmp_path):
    from ita_xl.safefile import locked

    book = tmp_path / "ita_1.xlsm"
    with locked(book):
        ctx = multiprocessing.get_context("fork")
        q = ctx.Queue()
        p = ctx.Process(target=_lock_in_child, args=(str(book), q))
        p.start()
        p.join(30)
        assert q.get(timeout=5).startswith("InputError")  # not re-entered as if it were the parent's
