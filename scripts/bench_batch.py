"""Benchmark ``ita-xl regenerate`` against a naive openpyxl load-edit-save, in the same run.

    python scripts/bench_batch.py N [-j J] [--sample S] [--profile] [--floor] [--rerun] [--reports M]
                                    [--exports K] [--keep DIR]

1. writes N synthetic agencies (ITA 2566) to a long CSV;
2. naive baseline, single process: for each of ``min(N, S)`` agencies, openpyxl loads the blank
   workbook, writes the agency's values (settings, scores and the analysis, via the same ops the
   workbook commands produce) and saves; the per-workbook time is extrapolated to N;
3. ours: ``python -m ita_xl regenerate CSV --out DIR -j J --quiet`` in a subprocess, timed, with the
   peak memory of its whole process tree (sampled from /proc every 50 ms) and ``getrusage`` maxrss;
   wall time and CPU time (user + system of the whole tree: ``getrusage(RUSAGE_CHILDREN)``, or where
   more, the sum of every descendant's own CPU sampled from /proc, which counts LibreOffice too),
   each as a ratio to the naive baseline's of the same run: the machine is shared, and CPU time is
   what other people's load changes least.
4. ``--rerun``: the same regenerate again into the same folder (nothing changed: nothing to do).
5. ``--reports M``: ``regenerate --reports`` of the first M agencies (workbook, DOCX and PDF each,
   one LibreOffice per worker), against ``ita-xl export`` run once per workbook for ``--exports K``
   of them, in the same run: documents per second and CPU per document.

Every figure is printed with the load average at that moment.

``--floor`` swaps the workbook writer for one that only writes 100 kB of bytes, to measure the
reading, analysis, scheduling and summary alone. ``--profile`` runs cProfile over an inline regenerate of ``min(N, 200)`` agencies first and prints
where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ita_xl.batch.records import Options  # noqa: E402
from ita_xl.batch.run import regenerate  # noqa: E402
from ita_xl.core.model import AgencyCase, Org, ScoreSet  # noqa: E402
from ita_xl.io.scores import iter_scores  # noqa: E402
from tests.support.synth import write_synthetic_csv  # noqa: E402


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return out


def _mem_kb(pid: int, field: str) -> int:
    name = "smaps_rollup" if field == "Pss:" else "status"
    try:
        with open(f"/proc/{pid}/{name}") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


_TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int, seen: dict[int, float]) -> None:
    """Record the CPU seconds (user + system, its own) of a process and every descendant, into
    ``seen`` by pid: LibreOffice and its helper outlive their batch worker for a moment and are
    waited for by nobody of ours, so ``getrusage`` never counts them; sampled, they are."""
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            seen[p] = max(seen.get(p, 0.0), (int(fields[11]) + int(fields[12])) / _TICK)
        except (OSError, IndexError, ValueError):
            pass
        todo += _children(p)


def tree_mem_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of a process and all its descendants, in KiB. PSS shares pages that forked
    workers have in common with their parent instead of counting them once per process."""
    pss = rss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        pss += _mem_kb(p, "Pss:")
        rss += _mem_kb(p, "VmRSS:")
        todo += _children(p)
    return pss, rss


_BLOB = b""


def copy_writer(case, out_path, runtime="desktop") -> None:
    """A stand-in writer that only writes a workbook-sized blob: the floor of the batch machinery."""
    global _BLOB
    if not _BLOB:
        _BLOB = os.urandom(100_000)
    Path(out_path).write_bytes(_BLOB)


def floor_run() -> None:
    """``python -c "from scripts.bench_batch import floor_run; floor_run()" CSV OUT JOBS``: regenerate
    with :func:`copy_writer` (``--floor``), as the CLI would run it, printing what it prints."""
    csv, out, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    report = regenerate([csv], out, jobs=jobs, progress=False, opts=Options(writer=copy_writer))
    n = len(report.outcomes)
    print(f"{n} agencies in {report.seconds:.1f} s ({n / report.seconds:.1f}/s), {len(report.failures)} failed; "
          f"summary {report.summary or '-'}")
    sys.exit(report.exit_status)


def children_cpu() -> float:
    """CPU seconds (user + system) of the children this process has waited for, and theirs."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_ours(csv: Path, out: Path, jobs: int, floor: bool = False, extra: tuple[str, ...] = ()) -> tuple:
    """(seconds, peak tree (PSS, RSS) KiB, largest single process maxrss KiB, CPU seconds) of the CLI run
    (with ``floor``, of :func:`floor_run`)."""
    cmd = [sys.executable, "-m", "ita_xl", "regenerate", str(csv), "--out", str(out), "-j", str(jobs), "--quiet",
           *extra]
    if floor:
        cmd = [sys.executable, "-c", "from scripts.bench_batch import floor_run; floor_run()", str(csv), str(out),
               str(jobs)]
    cpu0 = children_cpu()
    t0 = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]
    cpu_seen: dict[int, float] = {}

    def sample() -> None:
        while proc.poll() is None:
            pss, rss = tree_mem_kb(proc.pid)
            peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)
            tree_cpu(proc.pid, cpu_seen)
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - t0
    t.join()
    if proc.returncode not in (0, 1):
        sys.exit(f"regenerate failed ({proc.returncode}):\n{stderr}")
    print(stdout.strip())
    # the processes we waited for, exactly; plus what sampling saw of those nobody waited for
    waited = children_cpu() - cpu0
    return seconds, (peak[0], peak[1]), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, max(
        waited, sum(cpu_seen.values()))


def run_exports(books: list[Path], work: Path) -> tuple[float, float]:
    """(wall, CPU) seconds per document of ``ita-xl export BOOK``, one process (and one LibreOffice)
    per workbook, as a person or a shell loop would run it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    cpu0, t0 = children_cpu(), time.perf_counter()
    for k, book in enumerate(books):
        docx = work / "exports" / f"{book.stem}-report.docx"
        proc = subprocess.run([sys.executable, "-m", "ita_xl", "export", str(book), "--docx", str(docx)],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode not in (0, 1) or not docx.with_suffix(".pdf").exists():
            sys.exit(f"export failed ({proc.returncode}):\n{proc.stderr}")
    n = max(1, len(books))
    return (time.perf_counter() - t0) / n, (children_cpu() - cpu0) / n


def blank_workbook(path: Path, year: int = 2566) -> Path:
    """The blank workbook of the year, as the workbook layer builds it."""
    from ita_xl.xlsx.template import write_agency_workbook  # noqa: PLC0415

    write_agency_workbook(AgencyCase(Org(name=""), ScoreSet(year=year)), path)
    return path


def naive_one(blank: Path, case: AgencyCase, out: Path) -> None:
    """The naive way: openpyxl load the blank workbook, write this agency's values, save."""
    import openpyxl  # noqa: PLC0415

    from ita_xl.workbook import layout as L  # noqa: PLC0415
    from ita_xl.workbook.actions import fill, import_scores, scores_of  # noqa: PLC0415
    from ita_xl.xlsx.fileio import snapshot_of  # noqa: PLC0415
    from ita_xl.workbook.ops import Clear, Write, apply_to_snapshot  # noqa: PLC0415

    wb = openpyxl.load_workbook(blank, keep_vba=True)
    snap = snapshot_of(blank)
    ops = import_scores(snap, scores_of(case))
    ops += fill(apply_to_snapshot(snap, ops))
    tables = {t.sheet: t for t in L.TABLES.values()}
    for op in ops:  # cell by cell through openpyxl's public API, rows refitted as fill does
        if isinstance(op, Write):
            ws, (r0, c0) = wb[op.sheet], L.parse_cell(op.cell)
            for i, row in enumerate(op.values):
                for j, v in enumerate(row):
                    ws.cell(r0 + i, c0 + j).value = None if v == "" else v
        elif isinstance(op, Clear):
            for row in wb[op.sheet][op.range]:
                for c in row:
                    c.value = None
        if isinstance(op, Write) and (t := tables.get(op.sheet)) is not None:
            for r in range(max(r0, t.first_row), r0 + len(op.values)):
                ws.row_dimensions[r].height = L.row_height(t, [ws.cell(r, c).value for c in range(1, t.n_cols + 1)])
    wb.save(out)


def run_naive(csv: Path, work: Path, first: int, n: int) -> float:
    """Seconds per workbook of the naive way, over agencies ``first`` .. ``first + n - 1``."""
    blank = work / "blank.xlsm"
    if not blank.exists():
        blank_workbook(blank)
    cases = []
    for k, found in enumerate(iter_scores(csv)):
        if k >= first:
            cases.append(AgencyCase(org=found.org, scores=found.scores))
        if len(cases) >= n:
            break
    t0, c0 = time.perf_counter(), time.process_time()
    for i, case in enumerate(cases):
        naive_one(blank, case, work / f"naive_{first + i}.xlsm")
    n = max(1, len(cases))
    return (time.perf_counter() - t0) / n, (time.process_time() - c0) / n


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def profile(csv: Path, work: Path, n: int) -> None:
    small = write_synthetic_csv(work / "profile.csv", n)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    regenerate([small], work / "profile_out", progress=False, summary=False)
    prof.disable()
    dt = time.perf_counter() - t0
    print(f"profile: {n} agencies inline in {dt:.2f} s ({dt / n * 1000:.1f} ms each)")
    for key in ("cumulative", "tottime"):
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats(key).print_stats(22)
        print("\n".join(s.getvalue().splitlines()[6:]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of synthetic agencies")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--sample", type=int, default=50, help="agencies timed for the naive baseline")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    ap.add_argument(
        "--floor", action="store_true",
        help="regenerate with a writer that only writes bytes: what the batch machinery itself costs",
    )
    ap.add_argument("--rerun", action="store_true", help="then regenerate again into the same folder")
    ap.add_argument("--reports", type=int, default=0, metavar="M",
                    help="then regenerate --reports of the first M agencies, against one export per workbook")
    ap.add_argument("--exports", type=int, default=3, metavar="K", help="workbooks exported one at a time")
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="ita-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    t_all = time.perf_counter()
    t0 = time.perf_counter()
    csv = write_synthetic_csv(work / "scores.csv", args.n)
    print(load())
    print(f"input: {args.n} agencies, {csv.stat().st_size / 1e6:.1f} MB CSV, written in {time.perf_counter() - t0:.1f} s")
    if args.profile:
        profile(csv, work, min(args.n, 200))

    # the naive sample is timed half before and half after our run, so load drift hits both alike
    sample = min(args.n, args.sample)
    before = run_naive(csv, work, 0, (sample + 1) // 2) if sample else (float("nan"), float("nan"))
    print(f"naive, first half of the sample: {before[0] * 1000:.0f} ms/workbook, CPU {before[1] * 1000:.0f} ms ({load()})")

    seconds, tree_kb, max_kb, cpu = run_ours(csv, work / "out", args.jobs, args.floor)
    print(f"({load()})")
    if sample > 1:
        after = run_naive(csv, work, (sample + 1) // 2, sample // 2)
        print(f"naive, second half of the sample: {after[0] * 1000:.0f} ms/workbook, CPU {after[1] * 1000:.0f} ms "
              f"({load()})")
        per_naive, cpu_naive = (
            (b * ((sample + 1) // 2) + a * (sample // 2)) / sample for b, a in zip(before, after)
        )
    else:
        per_naive, cpu_naive = before
    print(f"naive openpyxl load-edit-save: {per_naive * 1000:.1f} ms/workbook wall, {cpu_naive * 1000:.1f} ms CPU "
          f"(sample of {sample}; {args.n * per_naive:.0f} s wall, {args.n * cpu_naive:.0f} s CPU extrapolated for {args.n})")
    what = "machinery floor (writer only writes 100 kB)" if args.floor else "ita-xl regenerate"
    print(f"{what} -j {args.jobs}: {args.n} workbooks in {seconds:.1f} s wall = {args.n / seconds:.1f} workbooks/s; "
          f"CPU {cpu:.1f} s = {cpu / args.n * 1000:.2f} ms/workbook (all processes)")
    print(f"ratio vs naive single process: {args.n * per_naive / seconds:.1f}x wall, "
          f"{args.n * cpu_naive / cpu:.1f}x CPU")
    print(f"peak memory of the whole process tree (sampled every 50 ms): {tree_kb[0] / 1024:.0f} MB PSS, "
          f"{tree_kb[1] / 1024:.0f} MB summed RSS; "
          f"largest single process {max_kb / 1024:.0f} MB (getrusage maxrss); "
          f"bench process itself {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.rerun:
        again, _, _, cpu2 = run_ours(csv, work / "out", args.jobs, args.floor)
        print(f"re-run into the same folder, nothing changed: {again:.1f} s wall, CPU {cpu2:.1f} s "
              f"= {cpu2 / args.n * 1000:.2f} ms/agency ({load()})")
    if args.reports:
        m = min(args.reports, args.n)
        small = write_synthetic_csv(work / "reports.csv", m)
        out = work / "reports"
        secs, tree_kb, _, cpu_r = run_ours(small, out, args.jobs, extra=("--reports",))
        docs = sorted(out.glob("ita_*-report.pdf"))
        print(f"regenerate --reports -j {args.jobs}: {m} agencies (workbook, DOCX, PDF) in {secs:.1f} s wall = "
              f"{secs / m:.2f} s/document, {m / secs:.2f} documents/s; CPU {cpu_r / m:.2f} s/document "
              f"(all processes, LibreOffice's included); {len(docs)} PDFs; peak {tree_kb[0] / 1024:.0f} MB PSS ({load()})")
        k = min(args.exports, m)
        books = sorted(out.glob("ita_*.xlsm"))[:k]
        wall_e, cpu_e = run_exports(books, work)
        print(f"ita-xl export, one process per workbook: {wall_e:.2f} s/document wall, CPU {cpu_e:.2f} s/document "
              f"(sample of {k}) ({load()})")
        print(f"--reports vs one export per workbook: {wall_e / (secs / m):.1f}x wall, {cpu_e / (cpu_r / m):.1f}x CPU")
    print(f"total bench time {time.perf_counter() - t_all:.1f} s; files in {work}" + ("" if args.keep else " (temporary)"))


if __name__ == "__main__":
    main()
