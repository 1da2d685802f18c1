"""Regenerate the workbooks of many agencies: plan jobs from a stream, run them in chunks, summarise.

A *job* is one agency: a case read from a long score file, or an existing ita_xl workbook to refresh.
Jobs are planned lazily from the inputs (one agency in memory at a time on the reading side) and sent
in chunks to the same task function, :func:`~ita_xl.batch.task.run_chunk`, whether it runs inline,
in a ``ProcessPoolExecutor`` or on a Dask cluster. At most a few chunks are in flight, so memory
stays flat whatever the number of agencies. The parts, one job each: :mod:`.inputs` (what each input
is), :mod:`.planning` (the job stream), :mod:`.task` (one agency), :mod:`.running` (inline, pool or
Dask), :mod:`.summary` with :mod:`.tables` (the summary workbook), :mod:`.records` (what they hand
around) and :mod:`.stamps` (what changed since the last batch); this module runs them in order.

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
import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from tqdm import tqdm

from ita_xl.batch.inputs import count_agencies, resolve_inputs, scan_source
from ita_xl.batch.planning import plan
from ita_xl.batch.records import FAILURES_CSV, REFRESHED, STAGING, SUMMARY_NAME, WRITTEN, Options, Outcome, Report
from ita_xl.batch.running import chunks_of, run_dask, run_inline, run_pool
from ita_xl.batch.stamps import Stamp, file_stamp, read_stamps, write_stamps
from ita_xl.batch.summary import write_summary
from ita_xl.batch.task import forget_hashes, hasher
from ita_xl.errors import InputError, os_error
from ita_xl.io.safefile import clean_folder_temps


def clean_staging(out_dir: Path) -> None:
    """Remove what a killed batch left half-written."""
    shutil.rmtree(out_dir / STAGING, ignore_errors=True)


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
    forget_hashes()  # the framework files looked at anew each run (inline workers share this one)
    chunks = chunks_of(plan(sources, out_dir, year, resume, suffix, scans, stamps, hasher(opts), opts.frameworks),
                       chunk_size, sink)
    try:
        if scheduler is not None:
            run_dask(chunks, opts, done, scheduler)
        elif jobs <= 1:
            run_inline(chunks, opts, done)
        else:
            run_pool(chunks, opts, done, jobs)
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
    return tqdm(
        total=total, unit="wb", desc="regenerate", dynamic_ncols=True,
        disable=not enabled or not sys.stderr.isatty(), file=sys.stderr,
    )
