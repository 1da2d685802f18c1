"""Fuzz the plan's staff columns: every hostile value of ``tests/support/staff_cells.HOSTILE`` in every
staff column, put into the file as Excel saves it, then ``import`` → ``fill`` → ``fill`` →
``export --progress`` through the CLI, in place and with every plan row moved (the measures' keys
reversed, so ``fill`` carries each staff cell to another row). Prints what held.

    PYTHONPATH=$PWD .venv/bin/python scripts/fuzz_staff.py [--quick]

A cell *held* when, after the two fills, the cell its measure now sits in has the same content
(value of the same kind, and the same formula). ``export`` must write the DOCX, or refuse with exit 2
naming the cell (then the cell is blanked and export retried); an internal error is a defect.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.staff_cells import HOSTILE, T, batch, run  # noqa: E402

from ita_xl.workbook import layout as L  # noqa: E402
from ita_xl.xlsx.fileio import snapshot_of  # noqa: E402


def main_(quick: bool) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = tmp / "base.xlsx"
        run("new", str(base), "--sample")
        run("fill", str(base))
        n = snapshot_of(base).row_count(T.sheet, T.first_row, T.n_cols)
        labels = list(HOSTILE)[: 12 if quick else None]
        totals, lost, refused, defects = Counter(), [], [], []
        for move in (False, True):
            for col in L.PLAN_STAFF:
                for start in range(0, len(labels), n):
                    items = [(lb, col, HOSTILE[lb]) for lb in labels[start:start + n]]
                    work = tmp / "w"
                    shutil.rmtree(work, ignore_errors=True)
                    work.mkdir()
                    got = batch(base, work, items, move)
                    totals["cases"] += len(items)
                    totals["held"] += len(got["held"])
                    lost += [(("moved" if move else "in place"), *x) for x in got["lost"]]
                    refused += got["refused"]
                    defects += got["defects"]
        print(f"staff cells fuzzed: {totals['cases']} (values {len(labels)} x columns {len(L.PLAN_STAFF)} x in place/moved)")
        print(f"held through import, fill, fill: {totals['held']}; changed: {len(lost)}")
        for how, label, col, a, b in lost:
            print(f"  changed ({how}) {col} {label}: {str(a)[:60]!r} -> {str(b)[:60]!r}")
        print(f"export refused with the cell named: {len(refused)}")
        for ref, msg in sorted(set(refused))[:20]:
            print(f"  {ref}: {msg}")
        print(f"defects (internal errors, unnamed refusals, failed commands): {len(defects)}")
        for d in defects:
            print(f"  {d}")
        return 1 if defects else 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the first 12 values only")
    sys.exit(main_(ap.parse_args().quick))
