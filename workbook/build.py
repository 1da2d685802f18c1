"""Build the blank ita_xl workbooks from code, reproducibly, into ``workbook/dist/``.

    python workbook/build.py [--year 2566] [--sample]

Writes ``ita_template.xlsm`` (desktop Excel, with xlwings' VBA, buttons and its ``ita_template.py``
button module) and ``ita_template_lite.xlsx`` (xlwings Lite, with ``main.py`` embedded). Nothing in
``dist/`` is committed: the template is the code in ``ita_xl/workbook/``; this script is how a person
gets the files to hand out. ``--sample`` fills both with the bundled sample agency.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    from ita_xl.core.model import Org
    from ita_xl.io.case import sample_case
    from ita_xl.workbook.template import build_workbook

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--year", type=int, default=2566, help="assessment year (BE) of the template")
    ap.add_argument("--sample", action="store_true", help="fill with the bundled sample agency")
    ap.add_argument("--out", type=Path, default=HERE / "dist")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, runtime in (("ita_template.xlsm", "desktop"), ("ita_template_lite.xlsx", "lite")):
        case = sample_case() if args.sample else None
        org = None if case else Org(name="")
        path = build_workbook(args.out / name, case, runtime, year=None if case else args.year, org=org)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
