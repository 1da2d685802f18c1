"""Regenerate the golden workbooks and the sample's golden values, on purpose (tests never do).

    .venv/bin/python scripts/regen_workbook_goldens.py

Writes ``tests/data/golden/workbook_*.xlsx`` (each built through ``ita-xl new``, its Lite main.py
replaced by a placeholder) and ``tests/data/workbook_sample_values.json``. Review the change (open
the workbooks, ``git diff tests/data/workbook_sample_values.json``) before committing it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.excel_equal import GOLDENS, build_golden  # noqa: E402
from test_workbook_golden import GOLDEN, GOLDEN_DIR, sample_values  # noqa: E402

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
        for name in GOLDENS:
            (GOLDEN_DIR / name).write_bytes(build_golden(name, tmp))
            print(f"wrote {(GOLDEN_DIR / name).relative_to(ROOT)}")
        GOLDEN.write_text(sample_values(Path(tmp)), encoding="utf-8")
        print(f"wrote {GOLDEN.relative_to(ROOT)}")
