"""Golden values of the sample workbook, formulas as text: the settings and indicator sheets whole,
the configuration sheet, and the title and header rows of every sheet. (Question texts, the
library and what follows from it are data of their own, tested where they live.)

Regenerate after a deliberate change with ``ITA_UPDATE_GOLDEN=1 pytest tests/test_workbook_golden.py``
and review the diff of ``tests/data/workbook_sample_values.json``. Only values are compared: styles,
drawings and the zip's timestamps may differ.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl

from ita_xl.cli import main
from ita_xl.workbook import layout as L

GOLDEN = Path(__file__).parent / "data" / "workbook_sample_values.json"


WHOLE = {L.SHEETS["settings"].name, L.SHEETS["indicators"].name, L.CONF_SHEET}


def cells(path: Path) -> dict[str, dict[str, object]]:
    wb = openpyxl.load_workbook(path)
    return {
        ws.title: {
            c.coordinate: c.value
            for row in ws.iter_rows(max_row=None if ws.title in WHOLE else 3)
            for c in row
            if c.value is not None
        }
        for ws in wb
    }


def test_sample_workbook_matches_golden(tmp_path):
    book = tmp_path / "ita_sample.xlsm"
    assert main(["new", str(book), "--sample"]) == 0
    got = json.loads(json.dumps(cells(book), ensure_ascii=False))
    if os.environ.get("ITA_UPDATE_GOLDEN") or not GOLDEN.exists():
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert want.keys() == got.keys()
    for sheet in want:
        assert want[sheet] == got[sheet], sheet
