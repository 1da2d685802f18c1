"""Measure: do the workbook's own formulas, recalculated by LibreOffice and by Gnumeric, give
every indicator-sheet cell as ``ita-xl analyze`` does, for agencies built on half-cent boundaries?

    PYTHONPATH=. python scripts/measure_rounding.py [N_AGENCIES] [--seed S] [--keep DIR]

Builds N agencies (default 64; tests/support/boundaries.py says how), writes their workbooks,
recalculates them with each engine found on PATH (``soffice``, ``ssconvert``), and prints per
engine the agencies, the cells compared and every mismatch.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support import boundaries as B  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=64)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--keep", type=Path, help="keep the workbooks in this folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        items = B.agencies(args.n, args.seed)
        t = time.perf_counter()
        books = B.write_books(items, out / "books")
        print(f"built {len(books)} workbooks in {time.perf_counter() - t:.1f} s")
        engines = {}
        if B.has_lo():
            t = time.perf_counter()
            engines["LibreOffice"] = B.lo_recalc(books, out / "lo", out / "lo_profile")
            print(f"LibreOffice recalculated them in {time.perf_counter() - t:.1f} s")
        if B.has_gnumeric():
            t = time.perf_counter()
            engines["Gnumeric"] = B.gnumeric_recalc(books, out / "gnumeric")
            print(f"Gnumeric recalculated them in {time.perf_counter() - t:.1f} s")
        failed = 0
        for name, files in engines.items():
            cells, bad, agencies_bad = 0, [], 0
            for a, f in zip(items, files):
                c, b = B.mismatches(a.case, f)
                cells += c
                bad += [f"{a.name}: {x}" for x in b]
                agencies_bad += bool(b)
            print(f"{name}: {len(items)} agencies, {cells} indicator-sheet cells, "
                  f"{len(bad)} mismatches in {agencies_bad} agencies")
            for line in bad:
                print("   ", line)
            failed += bool(bad)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
