"""``ita-xl doctor [WORKBOOK]``: the desktop xlwings set-up a workbook needs (:mod:`ita_xl.excel.doctor`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ita_xl.excel.doctor import FAIL, WARN, diagnose, fix, fix_workbook

ORDER = 60


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="diagnose the desktop xlwings set-up of a workbook / ตรวจการติดตั้ง")
    p.add_argument("workbook", nargs="?", help="the ita_xl workbook (.xlsm desktop or .xlsx Lite) to check")
    p.add_argument("--fix", action="store_true",
                   help="write the user's xlwings.conf so that Excel runs this Python, and put back a workbook's "
                        "code parts another program removed / ให้ Excel ใช้ Python นี้ และใส่โค้ดของสมุดงานคืน")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "fix", False):
        lite_book = args.workbook is not None and Path(args.workbook).suffix.lower() == ".xlsx"
        for line in ([] if lite_book else fix()) + fix_workbook(args.workbook):
            print(line)
        print()
    checks = diagnose(args.workbook)
    for c in checks:
        print("\n".join(c.lines()))
    fails = sum(c.status == FAIL for c in checks)
    warns = sum(c.status == WARN for c in checks)
    print(f"\n{fails} FAIL, {warns} WARN, {len(checks) - fails - warns} OK")
    return 1 if fails else 0
