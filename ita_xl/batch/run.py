"""Regenerate the workbooks of many agencies: plan jobs from a stream, run them in chunks, summarise.

A *job* is one agency: a case read from a long score file, or an existing ita_xl workbook to refresh.
Jobs are planned lazily from the inputs (one agency in memory at a time on the reading side) and sent
in chunks to the same task function, :func:`run_chunk`, whether it runs inline, in a
``ProcessPoolExecutor`` or on a Dask cluster. At most a few chunks are in flight, so memory stays flat
whatever the number of agencies.

One agency is one workbook. An agency whose workbook already exists — given as an input (a
workbook, or in a folder), or in the output folder — has that workbook refreshed *in place*: the new
scores imported and the analyses, plan and findings filled exactly as ``ita-xl import`` + ``fill``
do (staff columns, added sheets, VBA kept; the previous file kept as ``<name>.bak``; ita-xl's lock
held). A new agency's workbook is built in a staging folder inside the output folder and moved into
place with ``os.replace`` (the workbook last, after its ``.py`` shim), so a killed batch leaves
complete files or none; the staging folder and temp files a killed run left are removed when a
batch starts. With ``resume`` an output newer than its input is not rewritten, only summarised.

A bad agency (a bad year, a row naming no agency, a NUL in its name, an unquoted decimal comma…) is
a failed row of the summary with its file and row, and the others go on (exit status 1). A whole
input that cannot be read, and every fault of the file system (full disk, read-only folder), is
exit status 2; when the summary itself cannot be written, the failures are still written as CSV.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import hashlib
import importlib
import inspect
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from ita_xl.core.engine import Result
from ita_xl.io.frameworks import KNOWN, Frameworks, analyze
from ita_xl.core.model import AgencyCase, Org
from ita_xl.core.thai import fmt_score
from ita_xl.errors import InputError, os_error
from ita_xl.io.safefile import clean_folder_temps
from ita_xl.io.scores import LongScan, iter_scores, scan_long
from ita_xl.batch import reports
from ita_xl.batch.records import (
    FAILED, FAILURES_CSV, REFRESHED, STAGING, SUMMARY_NAME, UP_TO_DATE, WRITTEN, Job, Options, Outcome, Report,
)
from ita_xl.batch.stamps import Hasher, Stamp, file_stamp, read_stamps, unchanged, write_stamps
from ita_xl.batch.summary import write_summary

SCORE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}


# ------------------------------------------------------------------------------------------ naming


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
    from ita_xl.workbook import layout as L  # noqa: PLC0415 (optional layer)
    from ita_xl.workbook.ops import Snapshot  # noqa: PLC0415
    from ita_xl.workbook.reader import read_settings  # noqa: PLC0415

    sheet = L.SHEETS["settings"].name
    try:
        from python_calamine import CalamineWorkbook  # noqa: PLC0415

        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        settings = read_settings(Snapshot(str(path), {sheet: [list(r) for r in rows]}))
    except Exception:  # noqa: BLE001 - unreadable here: the refresh reports why
        return None

    def text(key: str) -> str:
        value = settings.get(key, (None, ""))[0]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()

    org = Org(name=text("org_name"), id=text("org_id"))
    return org if org.id or org.name else None


# ------------------------------------------------------------------------------------------ planning


@dataclass
class Source:
    """A resolved input: a long score file, one existing workbook, or a file that cannot be read."""

    path: Path
    kind: str  # "scores" | "workbook" | "bad"
    error: InputError | None = None


def resolve_inputs(inputs: Iterable[str | Path], out_dir: Path | None = None) -> list[Source]:
    """Check every input before anything runs: a missing or unsupported input is an InputError."""
    from ita_xl.xlsx.detect import is_ita_workbook  # noqa: PLC0415 (optional layer)

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


def _newer(out: Path, source: Path) -> bool:
    try:
        return out.stat().st_mtime_ns > source.stat().st_mtime_ns
    except OSError:
        return False


def _existing_workbook(path: Path) -> bool:
    try:
        from ita_xl.xlsx.detect import is_ita_workbook  # noqa: PLC0415 (optional layer)

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
                key = str(out.resolve())
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


def _failed_agencies(errors: list, source: Path) -> Iterator[Outcome]:
    while errors:
        org, exc = errors.pop(0)
        yield Outcome(org.id, org.name, org.org_type, org.province, str(source), message=str(exc))


# ------------------------------------------------------------------------------------------ the task


@functools.cache
def _writer(spec: str) -> Callable:
    """The writer a spec names (``module:function``), looked up once a process (about 0.3 ms an
    agency when looked up per job)."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


@functools.cache
def _writes_staged(writer: Callable) -> bool:
    """Does the writer take ``atomic=False`` (it writes straight into the staging folder)?"""
    try:
        return "atomic" in inspect.signature(writer).parameters
    except (TypeError, ValueError):
        return False


def warm_up(opts: Options) -> None:
    """Import the writer and let it load what it needs (its ``prepare(runtime)``, if it has one)
    before any job; in the main process before the workers fork, so they start with it loaded.
    A bad writer fails each job instead."""
    try:
        prepare = getattr(_writer(opts.writer), "prepare", None)
        if prepare is not None:
            prepare(opts.runtime)
    except Exception:  # noqa: BLE001
        pass


def run_chunk(jobs: list[Job], opts: Options | None = None) -> list[Outcome]:
    """The task function: analyse and write each job's workbook; a failure is an Outcome, not a raise."""
    opts = opts or Options()
    out: list[Outcome] = []
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for job in jobs:
            out.append(run_job(job, opts))
            _collect_after_job()
    finally:
        if was_enabled:
            gc.enable()
    return out


# Garbage collection by job. A workbook leaves ~3,000 objects in reference cycles (XlsxWriter's
# workbook and sheets refer to each other) among ~10^5 it allocates; with automatic collection the
# allocations trigger gen-1/gen-2 passes over every live object, ~8 ms a workbook. With automatic
# collection off during a job, what the job allocated and still holds is all in the young
# generation when it ends, so collecting that generation frees the cycles for ~1 ms; the older
# generations (the per-process memos) are collected every so many jobs.
_GC_FULL_EVERY = 500
_GC_MIDDLE_EVERY = 50
_jobs_done = 0


def _collect_after_job() -> None:
    global _jobs_done
    _jobs_done += 1
    if _jobs_done % _GC_FULL_EVERY == 0:
        gc.collect()
    elif _jobs_done % _GC_MIDDLE_EVERY == 0:
        gc.collect(1)
    else:
        gc.collect(0)


def run_job(job: Job, opts: Options) -> Outcome:
    org = job.case.org if job.case is not None else Org(name=Path(job.source).stem)
    outcome = Outcome(org.id, org.name, org.org_type, org.province, job.source, out=job.out)
    try:
        if job.workbook is not None:
            if not job.skip:
                _refresh(Path(job.workbook), job.case, opts.frameworks)
            result = analyze(_read_workbook(Path(job.workbook), opts.frameworks), frameworks=opts.frameworks)
        else:
            result = None if job.skip else _write_case(job.case, Path(job.out), opts)
            if not isinstance(result, Result):  # a writer may hand back the analysis it made
                result = analyze(job.case, frameworks=opts.frameworks)
        _fill_outcome(outcome, result)
        outcome.status = UP_TO_DATE if job.skip else REFRESHED if job.workbook else WRITTEN
        if job.record and job.case is not None:
            outcome.stamp = job.stamp or _hasher(opts.runtime, opts.writer, opts.frameworks)(job.case)
            outcome.made = file_stamp(Path(job.out))  # as this job left it: a later save is staff's
        if opts.reports:
            _documents(outcome, job, opts.frameworks)
    except OSError as exc:  # the file system failed (full disk, read-only): listed, exit status 2
        outcome.status, outcome.fault = FAILED, True
        outcome.message = str(os_error(exc, job.out))
    except InputError as exc:
        outcome.status = FAILED
        outcome.message = str(exc)
        outcome.fault = exc.os_fault
    except Exception as exc:  # one agency must not sink the batch  # noqa: BLE001
        outcome.status = FAILED
        outcome.message = f"{type(exc).__name__}: {exc}"
    return outcome


@functools.cache
def _hasher(runtime: str, writer: str, frameworks: Frameworks = KNOWN) -> Hasher:
    return Hasher(runtime, writer, frameworks)


def _documents(outcome: Outcome, job: Job, frameworks: Frameworks = KNOWN) -> None:
    """The agency's report beside its workbook (``--reports``); when it cannot be made the agency
    is failed with the reason, its workbook kept."""
    book = Path(job.out)
    if job.skip and reports.up_to_date(book):
        return
    try:
        message = reports.write_documents(book, frameworks)
    except OSError as exc:
        outcome.status, outcome.fault, outcome.message = FAILED, True, f"report: {os_error(exc, book)}"
        return
    except InputError as exc:
        outcome.status, outcome.fault, outcome.message = FAILED, exc.os_fault, f"report: {exc}"
        return
    except Exception as exc:  # noqa: BLE001 - one agency's document must not sink the batch
        message = f"report: {type(exc).__name__}: {exc}"
    if message:
        outcome.status, outcome.message = FAILED, message


def _fill_outcome(o: Outcome, r: Result) -> None:
    org = r.case.org
    o.org_id, o.name = org.id or o.org_id, org.name or o.name
    o.org_type, o.province = org.org_type or o.org_type, org.province or o.province
    o.tools, o.total, o.level = dict(r.tools), r.total, r.level
    scored = [i for i in r.indicators if i.score is not None]
    if scored:
        w = min(scored, key=lambda i: (i.score, i.no))
        o.weakest = f"{w.no} {w.name} ({fmt_score(w.score, 'arabic')})"
    o.errors = sum(f.severity == "error" for f in r.findings)
    o.warnings = sum(f.severity == "warning" for f in r.findings)


def _staging(out: Path) -> Path:
    d = out.parent / STAGING / str(os.getpid())
    if not os.path.isdir(d):  # a stat, where mkdir(exist_ok=True) raises and catches every time
        d.mkdir(parents=True, exist_ok=True)
    return d


def _publish(staged: Path, out: Path) -> None:
    """Move a staged workbook and its ``.py`` shim into place, the workbook last: a workbook that
    exists is complete."""
    shim = staged.with_suffix(".py")
    if shim.exists():
        os.replace(shim, out.with_suffix(".py"))
    os.replace(staged, out)


def _write_case(case: AgencyCase, out: Path, opts: Options) -> object:
    staged = _staging(out) / out.name
    write = _writer(opts.writer)
    extra = {"atomic": False} if _writes_staged(write) else {}  # the staging folder is the temp file
    if opts.frameworks.given:  # --framework: the default writer takes it (a benchmark's need not)
        extra["frameworks"] = opts.frameworks
    made = write(case, staged, runtime=opts.runtime, **extra)
    _publish(staged, out)
    return made


def _refresh(book: Path, case: AgencyCase | None, frameworks: Frameworks = KNOWN) -> None:
    """Refresh an existing workbook in place, as ``ita-xl import`` (when ``case`` brings scores) and
    ``ita-xl fill`` do: staff columns, added sheets and VBA stay; the previous file is ``.bak``."""
    from ita_xl.workbook import actions as C  # noqa: PLC0415 (optional layer)
    from ita_xl.xlsx.fileio import edit_workbook  # noqa: PLC0415
    from ita_xl.workbook.ops import apply_to_snapshot  # noqa: PLC0415

    def ops(snap):
        if not snap.has(_settings_sheet()):
            raise InputError(str(book), "ไม่ใช่ไฟล์งาน ITA", "not an ita_xl workbook")
        first = C.import_scores(snap, C.scores_of(case), frameworks) if case is not None else []
        return first + C.fill(apply_to_snapshot(snap, first), frameworks)

    edit_workbook(book, ops)


def _settings_sheet() -> str:
    from ita_xl.workbook import layout as L  # noqa: PLC0415

    return L.SHEETS["settings"].name


def _read_workbook(path: Path, frameworks: Frameworks = KNOWN) -> AgencyCase:
    from ita_xl.xlsx.detect import read_workbook_case  # noqa: PLC0415 (optional layer)

    return read_workbook_case(path, frameworks)


# ------------------------------------------------------------------------------------------ running


def clean_staging(out_dir: Path) -> None:
    """Remove what a killed batch left half-written."""
    shutil.rmtree(out_dir / STAGING, ignore_errors=True)


def _chunks(items: Iterator[Job | Outcome | InputError], size: int, sink: Callable) -> Iterator[list[Job]]:
    """Group jobs into chunks; failed agencies and bad inputs go straight to ``sink``."""
    chunk: list[Job] = []
    for item in items:
        if isinstance(item, Job):
            chunk.append(item)
            if len(chunk) >= size:
                yield chunk
                chunk = []
        else:
            sink(item)
    if chunk:
        yield chunk


def _run_inline(chunks: Iterator[list[Job]], opts: Options, done: Callable) -> None:
    try:
        for chunk in chunks:
            done(run_chunk(chunk, opts))
    finally:
        reports.close_converter()  # a worker's LibreOffice ends with the worker


def _run_pool(chunks: Iterator[list[Job]], opts: Options, done: Callable, workers: int) -> None:
    limit = 2 * workers  # chunks in flight: enough to keep workers busy, few enough to stay flat
    warm_up(opts)  # once here rather than once per worker: forked workers share it
    with ProcessPoolExecutor(max_workers=workers, initializer=_end_with_parent, initargs=(os.getpid(),)) as pool:
        pending: dict[Future, list[Job]] = {}
        try:
            # Start the workers before the first input is read: forked later, each would carry a
            # copy of whatever the reading side holds at that moment.
            pool.submit(warm_up, opts).result()
            for chunk in chunks:
                pending[pool.submit(run_chunk, chunk, opts)] = chunk
                while len(pending) >= limit:
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for f in finished:
                        done(_result(f, pending.pop(f)))
            for f in list(pending):
                done(_result(f, pending.pop(f)))
        except BaseException:
            _stop_workers(pool)
            raise


def _end_with_parent(parent: int) -> None:
    """A pool worker's initializer: the worker ends when the batch's process is gone (killed -9,
    nothing else tells it), and its LibreOffice with it (the helper watches the worker in turn).
    POSIX, where an orphan gets another parent; a thread, as the worker is busy with its jobs."""
    if os.name != "posix":
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="ita-xl-parent-watch").start()


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now, waiting until they are gone.

    ``shutdown(wait=False)`` alone leaves workers running the chunks already handed to them (a
    worker survives the KeyboardInterrupt of a task): they would go on writing into the staging
    folder after the caller cleaned it. Killed mid-write, a worker leaves at most a staged file,
    which the caller removes once this returns.
    """
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    procs = list((getattr(pool, "_processes", None) or {}).values())
    if terminate is not None:
        terminate()
    else:
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
    for proc in procs:
        proc.join(timeout=10)


def _result(future, chunk: list[Job]) -> list[Outcome]:
    try:
        return future.result()
    except Exception as exc:  # a worker died (killed, out of memory): its agencies failed  # noqa: BLE001
        return [
            Outcome(
                (j.case.org.id if j.case else ""), (j.case.org.name if j.case else Path(j.source).stem),
                (j.case.org.org_type if j.case else ""), (j.case.org.province if j.case else ""),
                j.source, j.out, FAILED, f"worker failed: {type(exc).__name__}: {exc}",
            )
            for j in chunk
        ]


def _run_dask(chunks: Iterator[list[Job]], opts: Options, done: Callable, address) -> None:
    """The same task on a Dask cluster: ``address`` is ``tcp://host:port`` or a ``Client``.

    Workers must see the output folder at the same path (a shared file system).
    """
    from distributed import Client, as_completed  # noqa: PLC0415 (optional dependency)

    client = address if isinstance(address, Client) else Client(address)
    try:
        limit = 2 * max(1, sum(client.nthreads().values()))
        running = as_completed()
        chunk_of: dict[str, list[Job]] = {}
        for chunk in chunks:
            fut = client.submit(run_chunk, chunk, opts, pure=False)
            chunk_of[fut.key] = chunk
            running.add(fut)
            while running.count() >= limit:
                f = next(running)
                done(_result(f, chunk_of.pop(f.key)))
        for f in running:
            done(_result(f, chunk_of.pop(f.key)))
    finally:
        if client is not address:
            client.close()


def regenerate(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    jobs: int = 1,
    scheduler=None,
    resume: bool = False,
    year: int | None = None,
    progress: bool = True,
    chunk_size: int = 16,
    opts: Options | None = None,
    summary: bool = True,
) -> Report:
    """Regenerate one workbook per agency of ``inputs`` into ``out_dir``; see the module doc.

    Raises :class:`InputError` before doing anything when an input is missing or unsupported.
    """
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    sources = resolve_inputs(inputs, out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, out_dir) from None
    clean_staging(out_dir)
    clean_folder_temps(out_dir)
    for folder in {s.path.parent for s in sources if s.kind == "workbook"}:
        clean_folder_temps(folder)
    opts = opts or Options()
    scans = {id(s): sc for s in sources if (sc := scan_source(s)) is not None}
    counts = [count_agencies(s, scans.get(id(s))) for s in sources]
    total = None if any(c is None for c in counts) else sum(counts)

    outcomes: list[Outcome] = []
    bad: list[InputError] = []
    bar = _progress(total, progress)
    failed = 0

    def sink(item: Outcome | InputError) -> None:
        nonlocal failed
        if isinstance(item, InputError):
            bad.append(item)  # said once, by the caller, with the report
            bar.set_postfix(unreadable=len(bad), refresh=False)
        else:
            outcomes.append(item)
            failed += item.failed
            bar.update(1)

    def done(batch: list[Outcome]) -> None:
        nonlocal failed
        outcomes.extend(batch)
        bar.update(len(batch))
        now = sum(o.failed for o in batch)  # counted as they come: the whole list each time was quadratic
        failed += now
        if now:
            bar.set_postfix(failed=failed, refresh=False)

    suffix = ".xlsx" if opts.runtime == "lite" else ".xlsm"
    if opts.reports:  # a second a document: small chunks keep every worker's LibreOffice busy
        chunk_size = min(chunk_size, 2)
    stamps = read_stamps(out_dir)
    _hasher.cache_clear()  # the framework files looked at anew each run (inline workers share this one)
    hasher = _hasher(opts.runtime, opts.writer, opts.frameworks)
    chunks = _chunks(plan(sources, out_dir, year, resume, suffix, scans, stamps, hasher, opts.frameworks), chunk_size, sink)
    try:
        if scheduler is not None:
            _run_dask(chunks, opts, done, scheduler)
        elif jobs <= 1:
            _run_inline(chunks, opts, done)
        else:
            _run_pool(chunks, opts, done, jobs)
    except BaseException:
        clean_staging(out_dir)  # workers have stopped (see _stop_workers): what they left half-written goes
        raise
    finally:
        bar.close()
    write_stamps(out_dir, _stamps_now(stamps, outcomes, out_dir))
    report = Report(outcomes, 0.0, bad)
    try:
        if summary:
            try:
                report.summary = str(write_summary(report, out_dir / SUMMARY_NAME))
            except OSError as exc:
                report.summary_error = os_error(exc, out_dir / SUMMARY_NAME)
            except InputError as exc:
                report.summary_error = exc
            if report.summary_error is not None:
                report.failures_csv = write_failures_csv(report, out_dir / FAILURES_CSV)
            else:  # what an earlier run could not put in its summary is in this one
                with contextlib.suppress(OSError):
                    (out_dir / FAILURES_CSV).unlink()
    finally:
        clean_staging(out_dir)
    report.seconds = time.perf_counter() - t0
    return report


def _stamps_now(stamps: dict[str, Stamp], outcomes: list[Outcome], out_dir: Path) -> dict[str, Stamp]:
    """The record after this run: the last one, with what this run made from known inputs and
    nobody saved since (a workbook staff saved during the run is theirs: made again next time)."""
    now = dict(stamps)
    for o in outcomes:
        if not o.out:
            continue
        out = Path(o.out)
        if out.parent != out_dir:
            continue
        made = o.made if o.stamp and not o.failed else None
        if made is None or file_stamp(out) != made:  # saved by someone else since the job wrote it
            now.pop(out.name, None)
        elif o.status in (WRITTEN, REFRESHED):
            now[out.name] = (o.stamp, *made, o.status)
    return now


def write_failures_csv(report: Report, path: Path) -> str:
    """The failed agencies and unreadable inputs as a small CSV (when the summary workbook could not
    be written); "" when even that fails (the CLI then prints every failure)."""
    rows = [["org_id", "org_name", "source", "output", "message"]]
    rows += [[o.org_id, o.name, o.source, o.out, o.message] for o in report.failures]
    rows += [["", "", e.file, "", str(e)] for e in report.bad_inputs]
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
        return str(path)
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()
        return ""


def _progress(total: int | None, enabled: bool):
    from tqdm import tqdm  # noqa: PLC0415 (the batch extra)

    return tqdm(
        total=total, unit="wb", desc="regenerate", dynamic_ncols=True,
        disable=not enabled or not sys.stderr.isatty(), file=sys.stderr,
    )
