"""Measure: do the workbook's own formulas, recalculated by LibreOffice and by Gnumeric, give
every indicator-sheet cell as ``ita-xl analyze`` does, for agencies built on half-cent boundaries?

    PYTHONPATH=. python scripts/measure_rounding.py [N_AGENCIES] [--seed S] [--keep DIR]

Builds N agencies (default 64; tests/support/boundaries.py says how), writes their workbooks,
recalculates them with each engine found on PATH (``soffice``, ``ssconvert``), and prints per
engine the agencies, the cells compared and every mismatch. With ``--formulas`` it measures the
formulas alone instead: 8,000 half-cent means, totals and gaps, rounded by a bare ``ROUND(x,2)``
and by the workbook's ``ROUND(ROUND(x,9),2)``, counted where an engine differs from the exact value.
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
    ap.add_argument("--formulas", action="store_true", help="measure the ways of rounding alone")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        if args.formulas:
            return formulas(out, args.seed)
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


def formulas(out: Path, seed: int) -> int:
    rows = B.formula_rows(seed)
    book = B.formula_book(out / "formulas.xlsx", rows)
    kinds = {k: sum(1 for r in rows if r[0] == k) for k in ("mean", "total", "gap")}
    print(f"{len(rows)} rows: " + ", ".join(f"{n} {k}s" for k, n in kinds.items()))
    engines = {}
    if B.has_lo():
        engines["LibreOffice"] = B.lo_recalc([book], out / "lo", out / "lo_profile")[0]
    if B.has_gnumeric():
        engines["Gnumeric"] = B.gnumeric_recalc([book], out / "gnumeric")[0]
    for name, path in engines.items():
        for way, bad in B.formula_mismatches(rows, path).items():
            print(f"{name} {way}: {sum(bad.values())} rows off the exact value {bad or ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
