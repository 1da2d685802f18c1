"""Regenerate the golden DOCX files of the sample's two documents, on purpose (tests never do).

    .venv/bin/python scripts/regen_report_goldens.py

Review the change (the rendered PDF, `git diff --stat tests/data/golden/`) before committing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.report_books import GOLDEN, write_goldens  # noqa: E402

if __name__ == "__main__":
    for path in write_goldens(GOLDEN):
        print(f"wrote {path.relative_to(ROOT)}")
