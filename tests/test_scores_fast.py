"""The fast paths of the long-CSV reader read exactly what the careful ones read.

``csv_records`` splits a plain line itself (``text.FAST_LINES``) and the many-agency stream takes a
plain row without a Row (``long.FAST_ROWS``, ``Builder.add_plain``). With both off, every line goes
through :mod:`csv` and every row through the careful checks. The files here mix plain rows with
every kind of damage the reader knows; each is read both ways and must give the same agencies
(scores, their order, where each came from), the same errors with the same rows, in the same order.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from support.synth import synthetic_rows

from ita_xl.io.scores import (
    builder,
    csv_dialect,
    csv_records,
    iter_scores,
    scan_long,
    text,
)
from ita_xl.io.scores import long as long_stream

HEADER = "org_id,org_name,org_type,year,code,score,province,district"


def reading(path: Path, year: int | None = None, errors: bool = True) -> list:
    """Everything a caller sees, in order: each agency (its repr), how many errors were out by then,
    the errors, an exception, and the scan."""
    seen: list = []
    errs: list | None = [] if errors else None
    try:
        scan = scan_long(path)
        seen.append(("scan", scan.count, sorted(scan.split_last.items())))
    except Exception as exc:  # noqa: BLE001 - compared, not handled
        seen.append(("scan failed", type(exc).__name__, str(exc)))
    try:
        for agency in iter_scores(path, year, errors=errs):
            seen.append((repr(agency), len(errs) if errs is not None else None))
    except Exception as exc:  # noqa: BLE001 - compared, not handled
        seen.append((type(exc).__name__, str(exc)))
    if errs is not None:
        seen.append([(repr(org), type(exc).__name__, str(exc)) for org, exc in errs])
    return seen


def both_ways(monkeypatch, path: Path, year: int | None = None, errors: bool = True) -> list:
    fast = reading(path, year, errors)
    with monkeypatch.context() as m:
        m.setattr(text, "FAST_LINES", False)
        m.setattr(long_stream, "FAST_ROWS", False)
        careful = reading(path, year, errors)
    assert fast == careful
    return fast


def lines_of(n: int, year: int, seed: int) -> list[str]:
    return [HEADER] + [",".join(map(str, r)) for r in synthetic_rows(n, year, seed)]


def test_fast_rows_are_taken_and_read_as_the_careful_way(tmp_path, monkeypatch):
    p = tmp_path / "scores.csv"
    p.write_text("\n".join(lines_of(3, 2566, 1) + lines_of(2, 2568, 2)[1:]) + "\n", encoding="utf-8")
    calls = {"add": 0, "add_plain": 0}
    add, add_plain = builder.Builder.add, builder.Builder.add_plain

    def counted(name, f):
        def call(*args):
            calls[name] += 1
            return f(*args)
        return call

    monkeypatch.setattr(builder.Builder, "add", counted("add", add))
    monkeypatch.setattr(builder.Builder, "add_plain", counted("add_plain", add_plain))
    seen = both_ways(monkeypatch, p)
    assert len([s for s in seen if isinstance(s, tuple) and s[0].startswith("AgencyScores")]) == 5
    assert seen[-1] == []
    # both ways ran: the careful one saw every row (add), the fast one most of them (add_plain)
    assert calls["add_plain"] > 300 and calls["add"] >= 5 * 88
    [first] = [a for a in iter_scores(p) if (a.org.id, a.scores.year) == ("6100001", 2566)]
    assert list(first.scores.where)[:2] == ["q:i1", "q:i2"] and first.scores.where["q:i2"] == "scores.csv: row 3"


# crafted rows inside runs of plain ones: each breaks the run in its own way
DAMAGE = {
    "conflicting duplicate": lambda f: f.__setitem__(4, "i1"),
    "same duplicate": lambda f: f.__setitem__(4, "i2"),
    "score above 100": lambda f: f.__setitem__(5, "100.01"),
    "score 100.00": lambda f: f.__setitem__(5, "100.00"),
    "Thai digits": lambda f: f.__setitem__(5, "๙๐.๕"),
    "quoted comma decimal": lambda f: f.__setitem__(5, '"90,5"'),
    "unquoted comma decimal": lambda f: f.__setitem__(5, "90,5"),
    "blank score": lambda f: f.__setitem__(5, ""),
    "not a number": lambda f: f.__setitem__(5, "n/a"),
    "level row": lambda f: f.__setitem__(4, "level"),
    "unknown code": lambda f: f.__setitem__(4, "i999"),
    "code spelled otherwise": lambda f: f.__setitem__(4, " I๓ "),
    "indicator row": lambda f: f.__setitem__(4, "ind1"),
    "total row": lambda f: f.__setitem__(4, "total"),
    "another name": lambda f: f.__setitem__(1, f[1] + "x"),
    "name with spaces": lambda f: f.__setitem__(1, " " + f[1] + " "),
    "id with a space": lambda f: f.__setitem__(0, f[0] + " "),
    "NUL in the id": lambda f: f.__setitem__(0, f[0] + "\x00"),
    "NUL in the type": lambda f: f.__setitem__(2, "อบต.\x00"),
    "no id": lambda f: f.__setitem__(0, ""),
    "no id and no name": lambda f: (f.__setitem__(0, ""), f.__setitem__(1, "")),
    "bad year": lambda f: f.__setitem__(3, "25x6"),
    "CE year": lambda f: f.__setitem__(3, "2023"),
    "blank year": lambda f: f.__setitem__(3, ""),
    "unknown year": lambda f: f.__setitem__(3, "2499"),
    "lost delimiter": lambda f: f.__setitem__(slice(1, 3), [f[1] + f[2]]),
    "extra blank field": lambda f: f.append(""),
    "extra field": lambda f: f.append("x"),
    "unclosed quote": lambda f: f.__setitem__(5, '"' + f[5]),
    "quoted fields": lambda f: f.__setitem__(slice(0, 2), [f'"{f[0]}"', f'"{f[1]}"']),
    "line break in a quoted code": lambda f: f.__setitem__(4, f'"{f[4]}\n"'),
    "blank row": lambda f: f.__setitem__(slice(None), [""] * 8),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_row_that_is_not_plain_reads_as_before(tmp_path, monkeypatch, damage):
    lines = lines_of(3, 2566, 7)
    for at in (5, 88 + 40, 88 * 3):  # at the start of a run, inside one, on an agency's last row
        fields = lines[at].split(",")
        DAMAGE[damage](fields)
        lines[at] = ",".join(fields)
    p = tmp_path / "scores.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen = both_ways(monkeypatch, p)
    both_ways(monkeypatch, p, errors=False)
    both_ways(monkeypatch, p, year=2566)
    if damage in ("score above 100", "conflicting duplicate", "unknown code", "NUL in the id"):
        assert seen[-1] and all("row " in e[2] for e in seen[-1])  # reported with its row


def test_split_agencies_several_years_and_dialects_read_as_before(tmp_path, monkeypatch):
    a, b = lines_of(3, 2566, 3), [line.replace("6100", "6200", 1) for line in lines_of(2, 2569, 4)]
    body = a[1:89] + b[1:100] + a[89:] + b[100:]  # b's second agency split around the rest of a
    for eol, delimiter, encoding in (("\n", ",", "utf-8"), ("\r\n", ";", "utf-8-sig"), ("\r", "\t", "utf-16"),
                                     ("\r\n", ",", "cp874")):
        p = tmp_path / f"s{len(encoding)}{ord(delimiter)}.csv"
        rows = [line.replace(",", delimiter) for line in [HEADER, *body]]
        p.write_bytes((eol.join(rows) + eol).encode(encoding))
        seen = both_ways(monkeypatch, p)
        assert seen[0][1] == 5 and seen[0][2]  # five agencies, one of them split


def test_random_damage_reads_as_before(tmp_path, monkeypatch):
    rng = random.Random(2566)
    base = lines_of(3, 2568, 5)
    kinds = sorted(DAMAGE)
    for k in range(25):
        lines = list(base)
        for _ in range(rng.randrange(1, 5)):
            at = rng.randrange(1, len(lines))
            fields = lines[at].split(",")
            if len(fields) >= 8:
                DAMAGE[rng.choice(kinds)](fields)
                lines[at] = ",".join(fields)
            if rng.random() < 0.2:  # a row moved: an agency split, or rows out of order
                lines.insert(rng.randrange(1, len(lines)), lines.pop(at))
        p = tmp_path / f"r{k}.csv"
        p.write_text("\n".join(lines) + rng.choice(["", "\n"]), encoding="utf-8")
        both_ways(monkeypatch, p)


def records(data: str, newline: str | None, monkeypatch, fast: bool) -> list:
    with monkeypatch.context() as m:
        m.setattr(text, "FAST_LINES", fast)
        fh = io.StringIO(data, newline=newline)
        out: list = []
        try:
            for no, cells, damage in csv_records("a.csv", fh, csv_dialect(fh)):
                out.append((no, cells, str(damage) if damage else None))
        except Exception as exc:  # noqa: BLE001 - compared, not handled
            out.append((type(exc).__name__, str(exc)))
        return out


def test_csv_records_splits_plain_lines_as_csv_does(monkeypatch):
    rng = random.Random(4180)
    pieces = ["a", "ก", ",", ",", ";", '"', '"', "\n", "\n", "\r", "\r\n", " ", "\x00", "1", "\t", "i1", "100"]
    for _ in range(400):
        data = "".join(rng.choice(pieces) for _ in range(rng.randrange(40)))
        if rng.random() < 0.5:
            data = "org,code,score\n" + data
        for newline in ("", None, "\n"):
            assert records(data, newline, monkeypatch, True) == records(data, newline, monkeypatch, False), data


def test_the_scan_of_a_plain_file_read_as_bytes_counts_as_before(tmp_path, monkeypatch):
    """The scan reads a plain UTF-8 or cp874 file as bytes (long._scan_plain): the same count and
    last rows of split agencies as csv records give, whatever surrounds the rows."""
    lines = lines_of(4, 2566, 9)
    moved = lines[:50] + lines[100:200] + lines[50:100] + lines[200:]  # agencies 1 and 2 split
    variants = {
        "plain": (moved, "\n", "utf-8"),
        "crlf with a BOM": (moved, "\r\n", "utf-8-sig"),
        "title rows": (["รายงานผล ITA ปี 2566", "", *moved], "\r\n", "utf-8"),
        "blank lines and rows": (moved[:30] + ["", ",,,,,,,"] + moved[30:], "\n", "utf-8"),
        "a lone CR in a name": (moved[:9] + [moved[9].replace("ตำบล", "ตำ\rบล", 1)] + moved[10:], "\n", "utf-8"),
        "ids with spaces": ([moved[0]] + [line.replace("6100002,", " 6100002 ,", 1) for line in moved[1:]], "\n", "utf-8"),
        "names without ids": ([moved[0]] + [line.replace("6100003,", ",", 1) for line in moved[1:]], "\n", "utf-8"),
        "a NUL": (moved[:70] + [moved[70].replace(",", ",\x00", 1)] + moved[71:], "\n", "utf-8"),
        "cp874": (moved, "\r\n", "cp874"),
    }
    scan_plain, plain = long_stream._scan_plain, []
    monkeypatch.setattr(long_stream, "_scan_plain", lambda *a: plain.append(scan_plain(*a)) or plain[-1])
    for name, (rows, eol, encoding) in variants.items():
        for last_eol in (eol, ""):
            p = tmp_path / f"{len(name)}{len(last_eol)}.csv"
            p.write_bytes((eol.join(rows) + last_eol).encode(encoding))
            plain.clear()
            seen = both_ways(monkeypatch, p)
            assert seen[0][0] == "scan" and seen[0][1] >= 3, name
            # read as bytes when plain (twice: scan_long, then iter_scores), else by csv records
            assert (plain[0] is None) == (name == "a lone CR in a name"), name
    p = tmp_path / "undefined.csv"  # cp874 with a byte it leaves undefined, in a name
    p.write_bytes("\r\n".join(moved).encode("cp874").replace("ตำบล".encode("cp874"), b"\xfc", 1))
    assert both_ways(monkeypatch, p)[0][1] == 4


def test_lines_longer_than_a_block_or_csvs_field_limit_read_as_before(tmp_path, monkeypatch):
    head = lines_of(2, 2566, 11)
    for k, long_line in enumerate([
        head[5].replace(",", "," + "ก" * 70_000 + ",", 1),  # over a 64 kB block, under the field limit
        head[5].replace(",", "," + ",".join(["y" * 60_000] * 3) + ",", 1),  # over the limit, no field over it
        head[5].replace(",", "," + "x" * 140_000 + ",", 1),  # a field over the limit (csv refuses it)
    ]):
        for at in (5, len(head) - 1):
            lines = head[:at] + [long_line] + head[at + 1:]
            for end in ("\n", ""):
                p = tmp_path / f"l{k}{at}{len(end)}.csv"
                p.write_text("\n".join(lines) + end, encoding="utf-8")
                both_ways(monkeypatch, p)
