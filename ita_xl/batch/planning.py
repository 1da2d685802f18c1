"""Planning a batch: the jobs of its inputs, streamed in input order, one agency in memory at a time.

One agency is one workbook: a score-file agency whose workbook is among the inputs or already in the
output folder refreshes that file in place; an agency named twice fails the second time; a workbook
the last batch made from the same inputs, and nobody saved since, is up to date.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ita_xl.batch.inputs import Source, output_name, workbook_agency
from ita_xl.batch.records import REFRESHED, Job, Outcome
from ita_xl.batch.stamps import Stamp, unchanged
from ita_xl.core.model import AgencyCase
from ita_xl.errors import InputError
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.io.scores import LongScan, iter_scores
from ita_xl.xlsx.detect import is_ita_workbook


def _newer(out: Path, source: Path) -> bool:
    try:
        return out.stat().st_mtime_ns > source.stat().st_mtime_ns
    except OSError:
        return False


def _existing_workbook(path: Path) -> bool:
    try:
        return path.is_file() and is_ita_workbook(path)
    except (InputError, OSError):
        return True  # there is a file we cannot read: refreshing it fails with the reason; never overwritten


def plan(
    sources: list[Source], out_dir: Path, year: int | None = None, resume: bool = False, suffix: str = ".xlsm",
    scans: dict[int, LongScan] | None = None, stamps: dict[str, Stamp] | None = None,
    hasher: Callable[[AgencyCase], str | None] | None = None, frameworks: Frameworks = KNOWN,
) -> Iterator[Job | Outcome | InputError]:
    """Jobs in input order, streamed; an agency that cannot be read comes as a failed Outcome.

    One agency is one workbook: a score-file agency whose workbook is among the inputs (same file
    name) or already in ``out_dir`` refreshes that file in place; an agency named twice fails the
    second time. A whole input that cannot be read (corrupt, no header) comes as an ``InputError``.
    A workbook in ``out_dir`` that ``stamps`` (the last batch's record) says was made from the same
    inputs (``hasher``) and not saved since is up to date: summarised, not refreshed.
    """
    scans = scans or {}
    stamps = stamps or {}
    books: dict[str, Path] = {}  # agency's file name -> its workbook among the inputs, refreshed in place
    twins: list[tuple[Path, Path]] = []  # a second workbook of one agency: left alone, listed
    named = []
    for src in sources:
        if src.kind == "workbook":
            org = workbook_agency(src.path)  # a workbook staff renamed is still its agency's
            named.append((src, output_name(org, suffix).lower() if org is not None else src.path.name.lower()))
    named.sort(key=lambda sn: sn[0].path.name.lower() != sn[1])  # the one under the agency's own name first
    for src, name in named:
        for key in {name, src.path.name.lower()}:
            if key in books and books[key].resolve() != src.path.resolve():
                twins.append((src.path, books[key]))
                break
        else:
            books[name] = books.get(name, src.path)
            books.setdefault(src.path.name.lower(), src.path)
    twin_paths = {str(t.resolve()) for t, _ in twins}
    for twin, first in twins:
        yield Outcome(
            "", twin.stem, "", "", str(twin), out=str(twin),
            message=(
                f"{twin}: another workbook of the agency of {first}; left as it is (one workbook per agency: "
                f"merge the staff's edits into one and remove the other) / สมุดงานของหน่วยงานเดียวกับ {first} "
                "ไม่ได้ปรับปรุง (หนึ่งหน่วยงานหนึ่งไฟล์)"
            ),
        )
    used: dict[str, str] = {}  # output file (resolved) -> where its agency was first named
    claimed: set[str] = set()  # workbook inputs that got their agency's scores
    resolved = _Resolved(out_dir)

    for src in sources:
        if src.kind == "bad":
            yield src.error
            continue
        if src.kind == "workbook":
            continue  # after the score files: those without new scores are refreshed as they are
        errors: list = []
        try:
            for found in iter_scores(src.path, year, errors=errors, scan=scans.get(id(src)), frameworks=frameworks):
                yield from _failed_agencies(errors, src.path)
                name = output_name(found.org, suffix)
                book = books.get(name.lower())
                out = book if book is not None else out_dir / name
                here = f"{src.path}: row {found.first_row}"
                key = str(out.resolve()) if book is not None else resolved.key(out, name)
                if key in used:
                    org = found.org
                    yield Outcome(
                        org.id, org.name, org.org_type, org.province, str(src.path), out=str(out),
                        message=(
                            f"{here}: agency {org.id or org.name!r} (year {found.scores.year}) again: it was first "
                            f"at {used[key]}; one workbook per agency: regenerate each year into its own folder / "
                            f"หน่วยงานนี้ซ้ำกับที่ {used[key]} (หนึ่งหน่วยงานหนึ่งไฟล์ แยกโฟลเดอร์ตามปี)"
                        ),
                    )
                    continue
                used[key] = here
                case = AgencyCase(org=found.org, scores=found.scores)
                skip = resume and _newer(out, src.path)
                # hashed here only to compare with the record; else by the worker, to record it
                digest = hasher(case) if hasher is not None and book is None and out.name in stamps else None
                record = hasher is not None and book is None and not skip
                if book is not None:
                    claimed.add(key)
                    yield Job(str(out), str(src.path), case=case, workbook=str(book), skip=skip)
                elif unchanged(stamps, out, digest):  # no work, and no zip opened to find that out
                    book_read = str(out) if stamps[out.name][3] == REFRESHED else None  # staff's work in it
                    yield Job(str(out), str(src.path), case=case, workbook=book_read, skip=True, stamp=digest,
                              record=True)
                elif _existing_workbook(out):
                    yield Job(str(out), str(src.path), case=case, workbook=str(out), skip=skip, stamp=digest,
                              record=record)
                else:
                    yield Job(str(out), str(src.path), case=case, skip=skip, stamp=digest, record=record)
            yield from _failed_agencies(errors, src.path)
        except InputError as exc:
            yield from _failed_agencies(errors, src.path)
            yield exc
    seen: set[str] = set()
    for src in sources:
        if src.kind != "workbook":
            continue
        key = str(src.path.resolve())
        if key in claimed or key in seen or key in twin_paths:
            continue
        seen.add(key)
        yield Job(str(src.path), str(src.path), workbook=str(src.path))


class _Resolved:
    """``str((out_dir / name).resolve())`` for the workbooks of a batch, the folder resolved once
    (at the first, as Path.resolve() did it then): one lstat per workbook unless it is a symbolic
    link, not a walk of every folder above it (the main process does this for each agency). On
    Windows, Path.resolve() as before: it gives an existing file's name in the case on disk, and
    ``ita_ABC.xlsm`` and ``ita_abc.xlsm`` are one file there."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.root: str | None = None

    def key(self, out: Path, name: str) -> str:
        if self.root is None:
            self.root = str(self.out_dir.resolve())
        path = os.path.join(self.root, name)
        return str(out.resolve()) if os.name == "nt" or os.path.islink(path) else path


def _failed_agencies(errors: list, source: Path) -> Iterator[Outcome]:
    while errors:
        org, exc = errors.pop(0)
        yield Outcome(org.id, org.name, org.org_type, org.province, str(source), message=str(exc))
