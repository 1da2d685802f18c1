"""The task of a batch: one chunk of jobs, each agency's workbook written or refreshed and analysed.

:func:`run_chunk` is what runs inline, in a process-pool worker or on a Dask worker; a failure is an
:class:`~ita_xl.batch.records.Outcome`, never a raise. A new workbook is built in a staging folder
inside the output folder and moved into place with ``os.replace`` (the workbook last, after its
``.py`` shim), so a killed batch leaves complete files or none. An existing workbook is refreshed in
place as ``ita-xl import`` + ``fill`` do (staff columns, added sheets, VBA kept; ``.bak`` beside it).
"""

from __future__ import annotations

import functools
import gc
import inspect
import os
from collections.abc import Callable
from pathlib import Path

from ita_xl.batch import reports
from ita_xl.batch.records import FAILED, REFRESHED, STAGING, UP_TO_DATE, WRITTEN, Job, Options, Outcome
from ita_xl.batch.stamps import Hasher, file_stamp
from ita_xl.core.engine import Result
from ita_xl.core.model import AgencyCase, Org
from ita_xl.core.thai import fmt_score
from ita_xl.errors import InputError, os_error
from ita_xl.io.frameworks import KNOWN, Frameworks, analyze
from ita_xl.workbook import actions as C
from ita_xl.workbook import layout as L
from ita_xl.workbook.ops import apply_to_snapshot
from ita_xl.xlsx import template
from ita_xl.xlsx.detect import read_workbook_case
from ita_xl.xlsx.fileio import edit_workbook


def writer_of(opts: Options) -> Callable:
    """The workbook writer of ``opts``: its own, else the workbooks' (looked up when called, so a
    test may stand in for it)."""
    return opts.writer or template.write_agency_workbook


def writer_name(opts: Options) -> str:
    """``module:function`` of the writer: part of each workbook's input hash.

    >>> writer_name(Options())
    'ita_xl.xlsx.template:write_agency_workbook'
    """
    w = writer_of(opts)
    return f"{getattr(w, '__module__', '?')}:{getattr(w, '__qualname__', type(w).__name__)}"


@functools.cache
def _writes_staged(writer: Callable) -> bool:
    """Does the writer take ``atomic=False`` (it writes straight into the staging folder)?"""
    try:
        return "atomic" in inspect.signature(writer).parameters
    except (TypeError, ValueError):
        return False


def warm_up(opts: Options) -> None:
    """Let the writer load what it needs (its ``prepare(runtime)``, if it has one) before any job;
    in the main process before the workers fork, so they start with it loaded. A writer that fails
    here fails each job instead."""
    try:
        prepare = getattr(writer_of(opts), "prepare", None)
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
            result = analyze(read_workbook_case(Path(job.workbook), opts.frameworks), frameworks=opts.frameworks)
        else:
            result = None if job.skip else _write_case(job.case, Path(job.out), opts)
            if not isinstance(result, Result):  # a writer may hand back the analysis it made
                result = analyze(job.case, frameworks=opts.frameworks)
        _fill_outcome(outcome, result)
        outcome.status = UP_TO_DATE if job.skip else REFRESHED if job.workbook else WRITTEN
        if job.record and job.case is not None:
            outcome.stamp = job.stamp or hasher(opts)(job.case)
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


def hasher(opts: Options) -> Hasher:
    """This process's input hasher for ``opts`` (the framework files hashed once a year)."""
    return _hasher(opts.runtime, writer_name(opts), opts.frameworks)


@functools.cache
def _hasher(runtime: str, writer: str, frameworks: Frameworks = KNOWN) -> Hasher:
    return Hasher(runtime, writer, frameworks)


def forget_hashes() -> None:
    """Look at the framework files anew (a new batch; inline workers share this process's hasher)."""
    _hasher.cache_clear()


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
    o.year = r.assessment_year
    o.level_rank = next((k for k, lv in enumerate(r.framework.levels) if lv.label == r.level), None)
    scored = [i for i in r.indicators if i.score is not None]
    o.indicators = {(i.no, i.name): i.score for i in scored}
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
    write = writer_of(opts)
    extra = {"atomic": False} if _writes_staged(write) else {}  # the staging folder is the temp file
    if opts.frameworks.given:  # --framework: the default writer takes it (a benchmark's need not)
        extra["frameworks"] = opts.frameworks
    made = write(case, staged, runtime=opts.runtime, **extra)
    _publish(staged, out)
    return made


def _refresh(book: Path, case: AgencyCase | None, frameworks: Frameworks = KNOWN) -> None:
    """Refresh an existing workbook in place, as ``ita-xl import`` (when ``case`` brings scores) and
    ``ita-xl fill`` do: staff columns, added sheets and VBA stay; the previous file is ``.bak``."""

    def ops(snap):
        if not snap.has(L.SHEETS["settings"].name):
            raise InputError(str(book), "ไม่ใช่ไฟล์งาน ITA", "not an ita_xl workbook")
        first = C.import_scores(snap, C.scores_of(case), frameworks) if case is not None else []
        return first + C.fill(apply_to_snapshot(snap, first), frameworks)

    edit_workbook(book, ops)

