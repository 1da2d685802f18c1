"""A batch's inputs: what each given path is (a long score file, a workbook, a folder of workbooks),
how many agencies it holds (for the progress bar), and the workbook name of an agency."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ita_xl.batch.records import SUMMARY_NAME
from ita_xl.core.model import Org
from ita_xl.errors import InputError, os_error
from ita_xl.io.scores import LongScan, scan_long
from ita_xl.io.sheets import sheet_values
from ita_xl.workbook import layout as L
from ita_xl.workbook.ops import Snapshot
from ita_xl.workbook.reader import read_settings
from ita_xl.xlsx.detect import is_ita_workbook

SCORE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}

_IDENT = re.compile(r"^[A-Za-z0-9_]{1,48}$")


def output_name(org: Org, suffix: str = ".xlsm") -> str:
    """A workbook name that is an ASCII Python identifier (its ``.py`` shim must import by it).

    >>> output_name(Org(name="x", id="6100001")), output_name(Org(name="x", id="lampang-pao"))
    ('ita_6100001.xlsm', 'ita_lampang_pao_bd4f82.xlsm')
    >>> output_name(Org(name="อบต.บ้านนา"))
    'ita_86724202bd.xlsm'
    """
    key = org.id or org.name
    if _IDENT.match(key):
        return f"ita_{key}{suffix}"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
    readable = re.sub(r"[^A-Za-z0-9]+", "_", key).strip("_")[:40]
    return f"ita_{readable}_{digest[:6]}{suffix}" if readable else f"ita_{digest[:10]}{suffix}"


def workbook_agency(path: Path) -> Org | None:
    """The agency an existing ita_xl workbook is for (its settings sheet alone is read), or None."""
    sheet = L.SHEETS["settings"].name
    try:
        settings = read_settings(Snapshot(str(path), sheet_values(path, [sheet])))
    except Exception:  # noqa: BLE001 - unreadable here: the refresh reports why
        return None

    def text(key: str) -> str:
        value = settings.get(key, (None, ""))[0]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()

    org = Org(name=text("org_name"), id=text("org_id"))
    return org if org.id or org.name else None


@dataclass
class Source:
    """A resolved input: a long score file, one existing workbook, or a file that cannot be read."""

    path: Path
    kind: str  # "scores" | "workbook" | "bad"
    error: InputError | None = None


def resolve_inputs(inputs: Iterable[str | Path], out_dir: Path | None = None) -> list[Source]:
    """Check every input before anything runs: a missing or unsupported input is an InputError."""
    out: list[Source] = []
    for given in inputs:
        path = Path(given)
        if not path.exists():
            raise InputError(str(path), "ไม่พบไฟล์หรือโฟลเดอร์", "no such file or folder")
        if path.is_dir():
            books = []
            try:
                entries = sorted(path.iterdir())
            except OSError as exc:
                raise os_error(exc, path) from None
            for f in entries:
                if f.suffix.lower() not in WORKBOOK_SUFFIXES or f.name.startswith(("~$", ".")) or f.name == SUMMARY_NAME:
                    continue
                try:
                    if is_ita_workbook(f):
                        books.append(Source(f, "workbook"))
                except InputError as exc:  # a zip bomb or a damaged archive among the workbooks
                    books.append(Source(f, "bad", exc))
            if not books:
                raise InputError(str(path), "โฟลเดอร์นี้ไม่มีไฟล์งาน ita_xl", "the folder holds no ita_xl workbooks")
            out += books
            continue
        suffix = path.suffix.lower()
        if suffix not in SCORE_SUFFIXES:
            raise InputError(
                str(path), f"ไม่รู้จักชนิดไฟล์ {suffix}", f"unsupported input {suffix!r} (score file, workbook or folder)"
            )
        try:
            kind = "workbook" if suffix in WORKBOOK_SUFFIXES and is_ita_workbook(path) else "scores"
        except InputError as exc:
            out.append(Source(path, "bad", exc))
            continue
        out.append(Source(path, kind))
    return out


def scan_source(source: Source) -> LongScan | None:
    """One cheap pass over a long CSV: how many agencies (for the progress bar) and which have their
    rows apart (gathered by the reader); None when not a CSV or it cannot be read (the reader then
    says why)."""
    if source.kind != "scores" or source.path.suffix.lower() not in (".csv", ".tsv", ".txt"):
        return None
    try:
        return scan_long(source.path)
    except (InputError, OSError):
        return None


def count_agencies(source: Source, scan: LongScan | None = None) -> int | None:
    """How many agencies an input holds, cheaply, for the progress bar; None when unknown."""
    if source.kind == "workbook":
        return 1
    if source.kind == "bad":
        return 0
    scan = scan or scan_source(source)
    return scan.count if scan is not None else None
