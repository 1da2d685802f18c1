"""Issue 9: faults that lost staff work or good agencies, each through the CLI.

Cases (numbers of the issue): 2 one bad agency among many, 3 quoted names, 4 an unquoted decimal
comma, 5 full disk / read-only folder / path too long, 6 concurrent use and lock files, 7 malformed
workbooks and inputs. Case 1 (a second ``regenerate`` keeps staff work) is in ``test_batch.py``.

File-system faults are injected (the tests run as root, where ``chmod`` stops no write): an
``OSError`` with the errno the kernel gives, raised by the call that would fail on a full disk or a
read-only folder, in the same process as the CLI call.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from support.csvrows import read_rows, write_rows

from ita_xl.batch.records import FAILURES_CSV, STAGING, SUMMARY_NAME
from support.synth import write_synthetic_csv
from ita_xl.cli import main
from ita_xl.workbook import layout as L
from ita_xl.xlsx import template

HEADER = ["org_id", "org_name", "org_type", "year", "code", "score", "province", "district"]




def _summary(out: Path, sheet: str = "ทั้งหมด") -> list[tuple]:
    wb = openpyxl.load_workbook(out / SUMMARY_NAME, read_only=True)
    try:
        return list(wb[sheet].iter_rows(min_row=2, values_only=True))
    finally:
        wb.close()


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err and "ita-xl: internal error" not in err, err


@pytest.fixture(scope="module")
def csv10(tmp_path_factory) -> Path:
    return write_synthetic_csv(tmp_path_factory.mktemp("src") / "scores.csv", 10, seed=41)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """A filled sample workbook, copied by each test that edits one."""
    path = tmp_path_factory.mktemp("book") / "ita_sample.xlsm"
    assert main(["new", str(path), "--sample"]) == 0
    return path


def _copy(book: Path, tmp_path: Path, name: str = "ita_sample.xlsm") -> Path:
    dst = tmp_path / name
    shutil.copyfile(book, dst)
    shutil.copyfile(book.with_suffix(".py"), dst.with_suffix(".py"))
    return dst


_made = [0]


def _read_via_new(tmp_path: Path, scores: Path, *opts: str):
    """``ita-xl new --scores FILE`` and the case the workbook then holds (scores, year, agency)."""
    from ita_xl.xlsx.detect import read_workbook_case

    _made[0] += 1
    out = tmp_path / f"ita_read{_made[0]}.xlsm"
    assert main(["new", str(out), "--scores", str(scores), *opts]) == 0
    return read_workbook_case(out)


def _one_agency_csv(tmp_path: Path, lines: list[str], name: str = "one.csv") -> Path:
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


# -------------------------------------------------------------------------- 2. one bad agency


def test_bad_agencies_in_the_middle_are_skipped_and_the_rest_written(tmp_path, csv10, capsys):
    rows = read_rows(csv10)
    first = {}  # org_id -> index of its first row
    for i, r in enumerate(rows[1:], start=1):
        first.setdefault(r[0], i)
    ids = list(first)
    bad_year, no_id, nul_name, big_year = ids[2], ids[4], ids[6], ids[8]
    for i, r in enumerate(rows):
        if r[0] == bad_year:
            r[3] = "25x6"
        if r[0] == nul_name:
            r[1] = r[1][:3] + "\x00" + r[1][3:]
        if r[0] == big_year:
            r[3] = "9" * 400
    rows[first[no_id] + 3][0] = rows[first[no_id] + 3][1] = ""  # a row of that agency lost its id
    src = write_rows(tmp_path / "bad.csv", rows)
    out = tmp_path / "out"
    assert main(["regenerate", str(src), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    _no_traceback(err)
    written = sorted(p.stem[len("ita_"):] for p in out.glob("ita_*.xlsm"))
    assert written == sorted(set(ids) - {bad_year, no_id, nul_name, big_year})  # the ones after too
    assert sorted(r[0] for r in _summary(out, "ไม่สำเร็จ")) == sorted([bad_year, no_id, nul_name, big_year])
    messages = " ".join(r[14] for r in _summary(out, "ไม่สำเร็จ"))
    assert f"bad.csv: row {first[bad_year] + 1}: year '25x6' is not a year" in messages
    assert f"bad.csv: row {first[no_id] + 4}: no org_id or org_name" in messages
    assert "NUL character" in messages and "row" in messages
    assert "is not a year" in messages and "9999…" in messages
    assert all(r[13] == "failed" for r in _summary(out, "ไม่สำเร็จ"))


def test_rows_of_an_agency_apart_are_gathered_not_half_written(tmp_path, csv10, capsys):
    rows = read_rows(csv10)
    header, body = rows[0], rows[1:]
    ids = list(dict.fromkeys(r[0] for r in body))
    moved = [r for r in body if r[0] == ids[1]][-5:]  # five rows of the 2nd agency go to the end
    apart = [r for r in body if r not in moved] + moved
    src = write_rows(tmp_path / "apart.csv", [header, *apart])
    out, ref = tmp_path / "out", tmp_path / "ref"
    assert main(["regenerate", str(src), "--out", str(out), "--quiet"]) == 0, capsys.readouterr().err
    assert main(["regenerate", str(csv10), "--out", str(ref), "--quiet"]) == 0
    got = {r[0]: r[4:9] for r in _summary(out)}
    want = {r[0]: r[4:9] for r in _summary(ref)}
    assert got == want and len(got) == 10  # the moved agency has all its scores (tools, total, level)
    assert {r[13] for r in _summary(out)} == {"written"}


# -------------------------------------------------------------------------- 3. quoted names


def test_doubled_quotes_and_quoted_commas_after_4kb_of_plain_rows(tmp_path, capsys):
    names = ["อบต.ทุ่งนา", "อบต.ป่าตาล", 'อบต. "บ้านกลาง"', "เทศบาลตำบลนา, ไร่", 'เทศบาล "นา, ไร่"']
    rows = [HEADER]
    for n, name in enumerate(names, start=1):
        rows += [[f"80{n}", name, "อบต.", "2566", f"i{q}", "95.5", "ลำปาง", "เมือง"] for q in range(1, 31)]
        rows += [[f"80{n}", name, "อบต.", "2566", f"e{q}", "91.25", "ลำปาง", "เมือง"] for q in range(1, 16)]
    src = write_rows(tmp_path / "q.csv", rows)  # csv.writer doubles the quotes and quotes the comma
    text = src.read_text(encoding="utf-8")
    assert '"อบต. ""บ้านกลาง"""' in text and text.index('"') > 4096  # past a 4 KB sample
    assert main(["analyze", str(src), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert [r["org"]["name"] for r in got] == names
    out = tmp_path / "out"
    assert main(["regenerate", str(src), "--out", str(out), "--quiet"]) == 0
    assert sorted(r[1] for r in _summary(out)) == sorted(names)


def test_semicolon_file_with_decimal_commas(tmp_path, capsys):
    p = _one_agency_csv(tmp_path, ["code;score", "i1;98,90", "i2;\"97,5\"", "e1;88"], "semi.csv")
    assert _read_via_new(tmp_path, p, "--year", "2566").scores.questions == {"i1": 98.9, "i2": 97.5, "e1": 88.0}


# -------------------------------------------------------------------------- 4. decimal comma


def test_unquoted_decimal_comma_is_an_error_naming_the_row(tmp_path, capsys):
    p = _one_agency_csv(tmp_path, ["code,score", "i1,100", "i7,98,90", "e1,88"])
    assert main(["check", str(p), "--year", "2566"]) == 2
    err = capsys.readouterr().err
    _no_traceback(err)
    assert "one.csv: row 3:" in err and "decimal comma must be quoted" in err and "dot" in err
    q = _one_agency_csv(tmp_path, ["code,score", "i1,100", 'i7,"98,90"', "e1,88"], "quoted.csv")
    assert _read_via_new(tmp_path, q, "--year", "2566").scores.questions["i7"] == 98.9


def test_unquoted_decimal_comma_in_a_long_file_fails_that_agency_alone(tmp_path, csv10, capsys):
    rows = read_rows(csv10)
    hit = next(i for i, r in enumerate(rows) if r[0] == "6100003" and r[4] == "i7")
    whole, frac = rows[hit][5].split(".")
    line_rows = [",".join(r) if i != hit else ",".join(r[:5] + [whole, frac] + r[6:]) for i, r in enumerate(rows)]
    src = tmp_path / "comma.csv"
    src.write_text("\n".join(line_rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["regenerate", str(src), "--out", str(out), "--quiet"]) == 1
    capsys.readouterr()
    assert len(list(out.glob("ita_*.xlsm"))) == 9 and not (out / "ita_6100003.xlsm").exists()
    (fail,) = _summary(out, "ไม่สำเร็จ")
    assert fail[0] == "6100003" and f"row {hit + 1}" in fail[14] and "decimal comma" in fail[14]


def test_a_field_longer_than_csv_s_limit_fails_that_agency_alone_naming_its_row(tmp_path, csv10, capsys):
    """An unquoted field over csv's field size limit (131,072 characters): the row is named and its
    agency fails, where ``regenerate`` and ``analyze`` stopped with an internal error naming nothing."""
    rows = read_rows(csv10)
    hit = next(i for i, r in enumerate(rows) if r[0] == "6100004" and r[4] == "i3")
    line_rows = [",".join(r[:5] + ["9" * 140_000] + r[6:] if i == hit else r) for i, r in enumerate(rows)]
    src = tmp_path / "long_field.csv"
    src.write_text("\n".join(line_rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["regenerate", str(src), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert len(list(out.glob("ita_*.xlsm"))) == 9 and not (out / "ita_6100004.xlsm").exists()
    (fail,) = _summary(out, "ไม่สำเร็จ")
    assert fail[0] == "6100004" and f"row {hit + 1}" in fail[14] and "field limit" in fail[14]
    assert main(["analyze", str(src)]) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err and f"row {hit + 1}" in err


def test_a_field_longer_than_csv_s_limit_above_the_header_is_a_located_message(tmp_path, csv10, capsys):
    """The same in a title row above the header, where the delimiter is looked for."""
    src = tmp_path / "long_title.csv"
    src.write_text("รายงาน," + "x" * 140_000 + "\n" + csv10.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["analyze", str(src)]) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err and f"{src}: row 1" in err and "field limit" in err


# -------------------------------------------------------------------------- 5. disk faults


def _raise(code: int, what: str = ""):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code), *([what] if what else []))

    return fail


def test_full_disk_on_fill_is_a_located_message_and_nothing_changes(tmp_path, book, monkeypatch, capsys):
    wb = _copy(book, tmp_path)
    before = wb.read_bytes()
    monkeypatch.setattr("ita_xl.io.safefile._fsync", _raise(errno.ENOSPC))  # the temp file cannot be flushed
    assert main(["fill", str(wb)]) == 2
    err = capsys.readouterr().err
    _no_traceback(err)
    assert f"{wb}: no space left on the disk" in err
    assert wb.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ita_sample.py", "ita_sample.xlsm"]


def test_room_for_the_temp_file_but_not_the_backup_keeps_the_old_backup(tmp_path, book, monkeypatch, capsys):
    wb = _copy(book, tmp_path)
    bak = wb.with_name(wb.name + ".bak")
    bak.write_bytes(b"the last good backup")
    before = wb.read_bytes()
    real_copy = shutil.copy2

    def half_copy(src, dst, *a, **k):  # the disk fills half-way through the copy
        with open(src, "rb") as fi, open(dst, "wb") as fo:
            fo.write(fi.read()[:1000])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("ita_xl.io.safefile.shutil.copy2", half_copy)
    assert main(["fill", str(wb)]) == 2
    _no_traceback(capsys.readouterr().err)
    assert bak.read_bytes() == b"the last good backup" and wb.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    monkeypatch.setattr("ita_xl.io.safefile.shutil.copy2", real_copy)
    assert main(["fill", str(wb)]) == 0
    assert bak.read_bytes() == before  # a complete backup once there is room


def test_read_only_folder_is_a_located_message(tmp_path, book, monkeypatch, capsys):
    wb = _copy(book, tmp_path)
    before = wb.read_bytes()
    real_open = os.open

    def read_only_open(path, flags, *args, **kwargs):  # what a read-only mount answers, root or not
        if str(path).startswith(str(tmp_path)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)
    new = tmp_path / "ita_new.xlsm"
    for argv, target in ((["fill", str(wb)], wb), (["new", str(new), "--sample"], new)):
        assert main(argv) == 2
        err = capsys.readouterr().err
        _no_traceback(err)
        assert f"error: {target}: the disk or folder is read-only" in err  # the file, not a lock or temp file
    monkeypatch.setattr(os, "open", real_open)
    assert wb.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["ita_sample.py", "ita_sample.xlsm"]


def test_path_too_long_is_a_located_message(tmp_path, capsys):
    long_name = tmp_path / ("a" * 300 + ".xlsm")
    assert main(["new", str(long_name), "--sample"]) == 2
    err = capsys.readouterr().err
    _no_traceback(err)
    assert "too long" in err


def test_batch_on_a_full_disk_exits_2_and_a_failed_summary_leaves_the_failure_list(
    tmp_path, csv10, monkeypatch, capsys
):
    rows = read_rows(csv10)
    rows[5][5] = "abc"  # one failed agency, to be listed
    src = write_rows(tmp_path / "s.csv", rows)
    out = tmp_path / "out"
    from ita_xl.xlsx.fastzip import FastZipFile

    real_close = FastZipFile.close

    def close(self):  # the summary is the last file: the disk is full by then
        if str(getattr(self.fp, "name", "")).endswith(".tmp.xlsx"):
            self.fp.close()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_close(self)

    monkeypatch.setattr(FastZipFile, "close", close)
    assert main(["regenerate", str(src), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    _no_traceback(err)
    assert "summary.xlsx: no space left on the disk" in err and FAILURES_CSV in err
    failures = list(csv.reader((out / FAILURES_CSV).open(encoding="utf-8-sig")))
    assert [r[0] for r in failures[1:]] == ["6100001"] and "abc" in failures[1][4]
    assert not (out / STAGING).exists() and not (out / SUMMARY_NAME).exists()
    assert len(list(out.glob("ita_*.xlsm"))) == 9
    monkeypatch.setattr(FastZipFile, "close", real_close)  # room again: the summary, and no stale list
    assert main(["regenerate", str(src), "--out", str(out), "--quiet", "--resume"]) == 1
    assert (out / SUMMARY_NAME).exists() and not (out / FAILURES_CSV).exists()


def test_batch_writes_failing_on_the_disk_exit_2_without_traceback(tmp_path, csv10, capsys, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(template, "write_agency_workbook", full_disk_writer)  # the batch's writer, looked up per job
    rc = main(["regenerate", str(csv10), "--out", str(out), "--quiet"])
    assert rc == 2
    err = capsys.readouterr().err
    _no_traceback(err)
    assert "no space left on the disk" in err and "ita_6100001.xlsm" in err
    assert not (out / STAGING).exists()


def full_disk_writer(case, out_path, runtime="desktop"):
    Path(out_path).write_bytes(b"PK partial")
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out_path))


def test_output_folder_that_cannot_be_made(tmp_path, csv10, capsys):
    (tmp_path / "file").write_text("x")
    assert main(["regenerate", str(csv10), "--out", str(tmp_path / "file" / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    _no_traceback(err)
    assert "file/out" in err or "file" in err and "not a folder" in err


# -------------------------------------------------------------------------- 6. concurrent use


def _i1(path: Path) -> object:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return wb[L.QUESTIONS.sheet][L.QUESTIONS.cell("score", 0)].value
    finally:
        wb.close()


def test_import_and_fill_at_once_never_lose_the_import(tmp_path, book):
    scores = tmp_path / "scores.csv"
    scores.write_text("code,score\n" + "\n".join(f"i{q},{50 + q / 4:.2f}" for q in range(1, 31)) + "\n", encoding="utf-8")
    cli = [sys.executable, "-m", "ita_xl"]
    for n in range(3):
        wb = _copy(book, tmp_path, f"ita_race{n}.xlsm")
        assert _i1(wb) != 50.25
        procs = [
            subprocess.Popen([*cli, "import", str(wb), str(scores), "--year", "2566"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True),
            subprocess.Popen([*cli, "fill", str(wb)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True),
        ]
        for p in procs:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
        assert _i1(wb) == 50.25, f"round {n}: the import was undone"


def test_a_command_waits_for_the_lock_another_holds(tmp_path, book):
    from ita_xl.io.safefile import locked

    wb = _copy(book, tmp_path)
    with locked(wb):
        proc = subprocess.Popen([sys.executable, "-m", "ita_xl", "fill", str(wb)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert proc.poll() is None  # waiting, not writing
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".ita-lock")]  # no lock file left


def test_libreoffice_lock_file_is_honoured(tmp_path, book, capsys):
    wb = _copy(book, tmp_path)
    before = wb.read_bytes()
    (tmp_path / f".~lock.{wb.name}#").write_text(",someone,host,01.12.2026 10:00,file:///…;")
    assert main(["fill", str(wb)]) == 2
    err = capsys.readouterr().err
    assert "open in LibreOffice" in err and f".~lock.{wb.name}#" in err
    assert wb.read_bytes() == before


def test_temp_files_a_killed_run_left_are_cleaned(tmp_path, book, capsys):
    wb = _copy(book, tmp_path)
    stale = [tmp_path / ".~ita-ita_sample-k1ll3d.xlsm", tmp_path / ".~ita-ita_sample-bak-k1ll3d.xlsm"]
    other = tmp_path / ".~ita-ita_sample-2-x1.xlsm"  # another workbook's (ita_sample-2): not ours to judge
    for p in (*stale, other):
        p.write_bytes(b"PK half")
    assert main(["fill", str(wb)]) == 0
    assert not any(p.exists() for p in stale) and other.exists()
    # a batch start cleans its output folder of them
    out = tmp_path / "out"
    out.mkdir()
    (out / ".~ita-ita_6100001-abc.xlsm").write_bytes(b"PK half")
    assert main(["regenerate", str(wb), "--out", str(out), "--quiet"]) == 0
    assert not (out / ".~ita-ita_6100001-abc.xlsm").exists()


def test_kill_during_fill_leaves_the_workbook_whole_and_the_next_run_cleans(tmp_path, book):
    import signal

    wb = _copy(book, tmp_path)
    before = wb.read_bytes()
    code = (
        "import sys, time, ita_xl.io.safefile as s\n"
        "real = s._fsync\n"
        "def slow(p):\n"
        "    print('saving', flush=True); time.sleep(60)\n"
        "s._fsync = slow\n"
        "from ita_xl.cli import main\n"
        f"main(['fill', {str(wb)!r}])\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "saving"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert wb.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~ita-")]  # a temp file was left
    assert main(["fill", str(wb)]) == 0
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


# -------------------------------------------------------------------------- 7. malformed inputs

ENTITY = b'<!DOCTYPE x [<!ENTITY a "b">]>'


def _with_entity(src: Path, dst: Path, part_prefix: str) -> str:
    """A copy of ``src`` where the first part starting with ``part_prefix`` declares an entity."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        hit = next(n for n in zin.namelist() if n.startswith(part_prefix))
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == hit:
                end = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
                data = data[:end] + ENTITY + data[end:]
            zout.writestr(info, data)
    return hit


@pytest.mark.parametrize("part", ["xl/drawings/drawing", "xl/worksheets/_rels/", "docProps/core.xml", "xl/charts/chart"])
def test_xml_entity_in_a_workbook_part_is_exit_2_naming_the_file(tmp_path, book, part, capsys):
    wb = tmp_path / "ita_bad.xlsm"
    _with_entity(book, wb, part)
    scores = _one_agency_csv(tmp_path, ["code,score", "i1,90"])
    for argv in (["fill", str(wb)], ["import", str(wb), str(scores), "--year", "2566"]):
        rc = main(argv)
        err = capsys.readouterr().err
        _no_traceback(err)
        assert rc == 2 and str(wb) in err, err


def _bomb(path: Path, size: int = 300 * 1024 * 1024) -> Path:
    """A small .xlsx whose xl/workbook.xml inflates to ``size`` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/workbook.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(size >> 20):
                fh.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    return path


def test_zip_bomb_in_workbook_xml_is_refused_before_it_is_read(tmp_path):
    bomb = _bomb(tmp_path / "ita_bomb.xlsm")
    folder = tmp_path / "books"
    folder.mkdir()
    shutil.copyfile(bomb, folder / "ita_bomb.xlsm")
    code = (
        # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over fork and exec, so a child of a
        # pytest process grown to 270 MB reported 270 MB however little it used itself.
        "import re, sys\nfrom ita_xl.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
        "print(int(hwm) // 1024, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    for argv in (["analyze", str(bomb)], ["fill", str(bomb)], ["regenerate", str(folder), "--out", str(tmp_path / "o"), "--quiet"]):
        r = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120)
        _no_traceback(r.stderr)
        assert r.returncode == 2 and "zip bomb" in r.stderr and "ita_bomb.xlsm" in r.stderr, r.stderr
        assert int(r.stderr.strip().splitlines()[-1]) < 250  # MB: not inflated (it would take 300 MB)


def test_control_character_in_a_province_keeps_the_summary_well_formed(tmp_path, csv10, capsys):
    rows = read_rows(csv10)
    for r in rows[1:]:
        if r[0] == "6100002":
            r[6] = "ลำ\x0bปาง\x01"
    src = write_rows(tmp_path / "ctl.csv", rows)
    out = tmp_path / "out"
    assert main(["regenerate", str(src), "--out", str(out), "--quiet"]) == 0, capsys.readouterr().err
    with zipfile.ZipFile(out / SUMMARY_NAME) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(z.read(name))  # well-formed
    wb = openpyxl.load_workbook(out / SUMMARY_NAME, read_only=True)
    assert "ลำปาง" in wb.sheetnames
    wb.close()


def test_year_of_400_digits_and_ce_year_of_pasted_text(tmp_path, capsys):
    p = _one_agency_csv(tmp_path, ["code,score", "i1,90"])
    assert main(["check", str(p), "--year", "9" * 400]) == 2
    err = capsys.readouterr().err
    _no_traceback(err)
    assert "is not a year" in err
    paste = tmp_path / "paste.txt"
    paste.write_text("ผลการประเมิน ITAS\ni1 หน่วยงานปฏิบัติงานตามขั้นตอน\t95.50\nข้อ e๑ ความชัดเจน ๘๘.๒๕\n", encoding="utf-8")
    assert main(["analyze", str(paste), "--year", "2023", "--json"]) == 0  # 2023 CE is ITA 2566
    assert json.loads(capsys.readouterr().out)["assessment_year"] == 2566
    got = _read_via_new(tmp_path, paste, "--year", "2023").scores
    assert got.year == 2566 and got.questions == {"i1": 95.5, "e1": 88.25}
    assert main(["check", str(paste), "--year", "1999"]) == 2
    assert "no ITA framework for 2542" in capsys.readouterr().err


def test_unicode_text_and_cp874_files(tmp_path, capsys):
    table = "ข้อ\tคะแนน\ni1\t95.5\ne1\t88.25\n"
    utf16 = tmp_path / "unicode.txt"  # Excel: Save As > Unicode Text
    utf16.write_bytes(table.encode("utf-16"))
    assert main(["analyze", str(utf16), "--year", "2566"]) == 0
    assert _read_via_new(tmp_path, utf16, "--year", "2566").scores.questions == {"i1": 95.5, "e1": 88.25}
    capsys.readouterr()
    thai = tmp_path / "thai.csv"
    thai.write_bytes("org_id,ชื่อหน่วยงาน,ปี,ข้อ,คะแนน\n801,อบต.บ้านนา,2566,i1,90\n".encode("cp874"))
    assert main(["analyze", str(thai), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["org"]["name"] == "อบต.บ้านนา"


def test_pasted_text_is_accepted_by_every_command_that_reads_scores(tmp_path, book, capsys):
    paste = tmp_path / "paste.txt"
    paste.write_text("i1 หน่วยงานปฏิบัติงาน\t100.00\ni2 อื่น ๆ 90.5\n", encoding="utf-8")
    assert main(["analyze", str(paste), "--year", "2566"]) == 0
    assert main(["check", str(paste), "--year", "2566"]) in (0, 1)
    wb = _copy(book, tmp_path)
    assert main(["import", str(wb), str(paste)]) == 0
    assert _i1(wb) == 100
    _no_traceback(capsys.readouterr().err)


def test_sheet_option_and_a_header_below_title_rows(tmp_path, capsys):
    x = tmp_path / "scores.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "ปก"
    wb.active["A1"] = "รายงานผล"
    ws = wb.create_sheet("ผลคะแนน")
    ws.append(["ผลการประเมิน ITA ประจำปี ๒๕๖๖"])
    ws.append(["องค์การบริหารส่วนตำบลบ้านนา"])
    ws.append([])
    ws.append(["ข้อ", "คะแนน"])
    ws.append(["i1", 95.5])
    ws.append(["e1", 88.25])
    wb.save(x)
    assert main(["analyze", str(x), "--sheet", "ผลคะแนน", "--year", "2566", "--json"]) == 0
    got = _read_via_new(tmp_path, x, "--sheet", "ผลคะแนน", "--year", "2566").scores.questions
    assert got == {"i1": 95.5, "e1": 88.25}
    assert main(["analyze", str(x), "--sheet", "ไม่มี", "--year", "2566"]) == 2
    assert "no sheet named 'ไม่มี'" in capsys.readouterr().err


def test_no_traceback_for_an_internal_error(monkeypatch, capsys):
    monkeypatch.setattr("ita_xl.cli.analyze._results", lambda args: 1 / 0)
    monkeypatch.delenv("ITA_XL_DEBUG", raising=False)
    assert main(["analyze", "--sample"]) == 1
    err = capsys.readouterr().err
    assert "internal error: ZeroDivisionError" in err and "Traceback" not in err


def test_threads_do_not_share_the_lock(tmp_path):
    from ita_xl.io.safefile import locked

    inside, log = [0], []

    def work():
        for _ in range(10):
            with locked(tmp_path / "w.xlsm"):
                inside[0] += 1
                log.append(inside[0])
                time.sleep(0.001)
                inside[0] -= 1

    ts = [threading.Thread(target=work) for _ in range(3)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert max(log) == 1 and len(log) == 30


def test_an_agency_named_twice_is_one_workbook_and_a_listed_failure(tmp_path, capsys):
    rows = [HEADER]
    for year in ("2566", "2567"):  # two years of one agency in one file
        rows += [["801", "อบต.บ้านนา", "อบต.", year, f"i{q}", "95", "ลำปาง", "เมือง"] for q in range(1, 10)]
    src = write_rows(tmp_path / "two.csv", rows)
    out = tmp_path / "out"
    assert main(["regenerate", str(src), "--out", str(out), "--quiet"]) == 1
    capsys.readouterr()
    assert [p.name for p in out.glob("ita_*.xlsm")] == ["ita_801.xlsm"]
    (fail,) = _summary(out, "ไม่สำเร็จ")
    assert "again" in fail[14] and "row 11" in fail[14] and "2567" in fail[14]


def test_old_nameless_temp_files_are_cleaned_once_an_hour_old(tmp_path, book):
    wb = _copy(book, tmp_path)
    old, fresh = tmp_path / ".~ita-ab12cd34.xlsm", tmp_path / ".~ita-zz99yy88.xlsm"  # earlier versions' names
    for p in (old, fresh):
        p.write_bytes(b"PK half")
    hour_ago = time.time() - 3700
    os.utime(old, (hour_ago, hour_ago))
    assert main(["fill", str(wb)]) == 0
    assert not old.exists() and fresh.exists()  # a fresh one may be another old ita-xl's, still writing


def test_rows_apart_in_a_long_xlsx_are_gathered(tmp_path, capsys):
    x = tmp_path / "long.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["org_id", "org_name", "year", "code", "score"])
    ws.append([801, "อบต.ก", 2566, "i1", 90])
    ws.append([802, "อบต.ข", 2566, "i1", 80])
    ws.append([801, "อบต.ก", 2566, "i2", 70])
    wb.save(x)
    from ita_xl.io.scores import read_scores

    assert {a.org.id: a.scores.questions for a in read_scores(x)} == {"801": {"i1": 90.0, "i2": 70.0}, "802": {"i1": 80.0}}
    assert main(["analyze", str(x)]) == 0


def test_regenerate_skips_a_workbook_open_in_libreoffice(tmp_path, csv10, capsys):
    out = tmp_path / "out"
    assert main(["regenerate", str(csv10), "--out", str(out), "--quiet"]) == 0
    book = out / "ita_6100004.xlsm"
    before = book.read_bytes()
    (out / f".~lock.{book.name}#").write_text("x")
    capsys.readouterr()
    # new scores for the agency (with the same ones there is nothing to write: it is up to date)
    rows = csv10.read_text(encoding="utf-8").splitlines()
    hit = next(i for i, r in enumerate(rows) if r.startswith("6100004,"))
    cells = rows[hit].split(",")
    cells[5] = "1.5"
    rows[hit] = ",".join(cells)
    changed = tmp_path / "scores.csv"
    changed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["regenerate", str(changed), "--out", str(out), "--quiet"]) == 1
    assert book.read_bytes() == before
    (fail,) = _summary(out, "ไม่สำเร็จ")
    assert fail[0] == "6100004" and "open in LibreOffice" in fail[14]


def test_a_folder_where_no_lock_file_can_be_made_is_not_called_busy(tmp_path, monkeypatch):
    # /proc, or a folder removed under the command: making the lock file fails with ENOENT, which
    # filelock retries until the timeout; that is the OS error, located, not "another command"
    from ita_xl.io.safefile import locked

    real_open = os.open

    def no_lock_file(path, flags, *args, **kwargs):
        if str(path).endswith(".ita-lock"):
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_lock_file)
    target = tmp_path / "w.xlsm"
    with pytest.raises(OSError) as caught:
        with locked(target, timeout=1):
            pass
    assert caught.value.errno == errno.ENOENT and caught.value.filename == str(target)
