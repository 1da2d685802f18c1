"""``ita-xl regenerate``: one workbook per agency for many agencies, with a summary workbook."""

from __future__ import annotations

import argparse
import os
import sys

from ita_xl.cli.framework import add_framework_option, frameworks_of

ORDER = 30


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "regenerate",
        help="write or refresh the workbooks of many agencies, with a summary workbook",
        description=(
            "INPUTS are long score files (org_id,org_name,org_type,year,code,score[,province,district]) "
            "and/or existing ita_xl workbooks or folders of them. Exit status: 0 all written, "
            "1 some agencies failed (listed in the summary), 2 an input could not be read."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUTS", help="score files, workbooks or folders")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (0: one per CPU)")
    p.add_argument("--scheduler", metavar="ADDR", help="run on a Dask cluster, e.g. tcp://host:8786")
    p.add_argument("--resume", action="store_true", help="skip outputs newer than their input")
    p.add_argument("--reports", action="store_true",
                   help="also each agency's report (DOCX and PDF, as `ita-xl export` writes it) beside its workbook")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--year", type=int, help="assessment year (BE) when an input does not say")
    p.add_argument("--runtime", choices=["desktop", "lite"], default="desktop", help="workbook runtime")
    add_framework_option(p)
    p.set_defaults(func=run_regenerate)


def run_regenerate(args) -> int:
    from ita_xl.batch.records import Options  # noqa: PLC0415 (keeps ita-xl --help fast)
    from ita_xl.batch.run import regenerate  # noqa: PLC0415

    # --framework: used for the agencies of its year; inputs of many years are legitimate here, so a
    # framework that no agency is of is not refused: it changes nothing
    frameworks = frameworks_of(args)
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    report = regenerate(
        args.inputs, args.out, jobs=jobs, scheduler=args.scheduler, resume=args.resume,
        year=args.year, progress=not args.quiet,
        opts=Options(runtime=args.runtime, reports=args.reports, frameworks=frameworks),
    )
    n = len(report.outcomes)
    failed = report.failures
    counts = {}
    for o in report.outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    detail = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    rate = n / report.seconds if report.seconds else 0.0
    print(f"{n} agencies in {report.seconds:.1f} s ({rate:.1f}/s): {detail or 'none'}; summary {report.summary or '-'}")
    for o in failed[:20]:
        print(f"  failed: {o.org_id or o.name}: {o.message}", file=sys.stderr)
    if len(failed) > 20:
        print(f"  … and {len(failed) - 20} more failures, see the summary", file=sys.stderr)
    for err in report.bad_inputs:
        print(f"ita-xl: error: {err}", file=sys.stderr)
    for o in report.outcomes:
        if o.fault:  # the file system failed: say it once, with the first file it hit
            print(f"ita-xl: error: {o.message}", file=sys.stderr)
            break
    if report.summary_error is not None:
        print(f"ita-xl: error: {report.summary_error}", file=sys.stderr)
        if report.failures_csv:
            print(f"  the failures are listed in {report.failures_csv} / รายการที่ไม่สำเร็จอยู่ใน {report.failures_csv}",
                  file=sys.stderr)
        else:  # not even the CSV could be written: every failure here
            for o in failed[20:]:
                print(f"  failed: {o.org_id or o.name}: {o.message}", file=sys.stderr)
    return report.exit_status
