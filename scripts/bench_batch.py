"""Benchmark ``ita-xl regenerate`` against a naive openpyxl load-edit-save, in the same run.

    python scripts/bench_batch.py N [-j J] [--sample S] [--profile] [--floor] [--keep DIR]

1. writes N synthetic agencies (ITA 2566) to a long CSV;
2. naive baseline, single process: for each of ``min(N, S)`` agencies, openpyxl loads the blank
   workbook, writes the agency's values (settings, scores and the analysis, via the same ops the
   workbook commands produce) and saves; the per-workbook time is extrapolated to N;
3. ours: ``python -m ita_xl regenerate CSV --out DIR -j J --quiet`` in a subprocess, timed, with the
   peak memory of its whole process tree (sampled from /proc every 50 ms) and ``getrusage`` maxrss.

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

from ita_xl.batch.synth import write_synthetic_csv  # noqa: E402
from ita_xl.core.model import AgencyCase, Org, ScoreSet  # noqa: E402
from ita_xl.io.scores import iter_scores  # noqa: E402


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


def run_ours(csv: Path, out: Path, jobs: int, writer: str | None = None) -> tuple[float, tuple[int, int], int]:
    """(seconds, peak tree (PSS, RSS) KiB, largest single process maxrss KiB) of the CLI run."""
    cmd = [sys.executable, "-m", "ita_xl", "regenerate", str(csv), "--out", str(out), "-j", str(jobs), "--quiet"]
    if writer:
        cmd += ["--writer", writer]
    t0 = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]

    def sample() -> None:
        while proc.poll() is None:
            pss, rss = tree_mem_kb(proc.pid)
            peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - t0
    t.join()
    if proc.returncode not in (0, 1):
        sys.exit(f"regenerate failed ({proc.returncode}):\n{stderr}")
    print(stdout.strip())
    return seconds, (peak[0], peak[1]), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def blank_workbook(path: Path, year: int = 2566) -> Path:
    """The blank workbook of the year, as the workbook layer builds it."""
    from ita_xl.workbook.template import write_agency_workbook  # noqa: PLC0415

    write_agency_workbook(AgencyCase(Org(name=""), ScoreSet(year=year)), path)
    return path


def naive_one(blank: Path, case: AgencyCase, out: Path) -> None:
    """The naive way: openpyxl load the blank workbook, write this agency's values, save."""
    import openpyxl  # noqa: PLC0415

    from ita_xl.workbook import layout as L  # noqa: PLC0415
    from ita_xl.workbook.commands import fill, import_scores, scores_of  # noqa: PLC0415
    from ita_xl.workbook.fileio import snapshot_of  # noqa: PLC0415
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
    t0 = time.perf_counter()
    for i, case in enumerate(cases):
        naive_one(blank, case, work / f"naive_{first + i}.xlsm")
    return (time.perf_counter() - t0) / max(1, len(cases))


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def profile(csv: Path, work: Path, n: int) -> None:
    from ita_xl.batch.run import regenerate  # noqa: PLC0415

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
    before = run_naive(csv, work, 0, (sample + 1) // 2) if sample else float("nan")
    print(f"naive, first half of the sample: {before * 1000:.0f} ms/workbook ({load()})")

    writer = "scripts.bench_batch:copy_writer" if args.floor else None
    seconds, tree_kb, max_kb = run_ours(csv, work / "out", args.jobs, writer)
    print(f"({load()})")
    if sample > 1:
        after = run_naive(csv, work, (sample + 1) // 2, sample // 2)
        print(f"naive, second half of the sample: {after * 1000:.0f} ms/workbook ({load()})")
        per_naive = (before * ((sample + 1) // 2) + after * (sample // 2)) / sample
    else:
        per_naive = before
    naive_rate = 1 / per_naive
    print(f"naive openpyxl load-edit-save: {per_naive * 1000:.1f} ms/workbook = {naive_rate:.2f} workbooks/s "
          f"(sample of {sample}; {args.n * per_naive:.0f} s extrapolated for {args.n})")
    rate = args.n / seconds
    what = "machinery floor (writer only writes 100 kB)" if args.floor else "ita-xl regenerate"
    print(f"{what} -j {args.jobs}: {args.n} workbooks in {seconds:.1f} s = {rate:.1f} workbooks/s")
    print(f"ratio vs naive single process: {rate / naive_rate:.1f}x")
    print(f"peak memory of the whole process tree (sampled every 50 ms): {tree_kb[0] / 1024:.0f} MB PSS, "
          f"{tree_kb[1] / 1024:.0f} MB summed RSS; "
          f"largest single process {max_kb / 1024:.0f} MB (getrusage maxrss); "
          f"bench process itself {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"total bench time {time.perf_counter() - t_all:.1f} s; files in {work}" + ("" if args.keep else " (temporary)"))


if __name__ == "__main__":
    main()
