"""Golden workbooks: each of :data:`support.excel_equal.GOLDENS` built now equals its golden
(``tests/data/golden/workbook_*.xlsx``) through the one normaliser, and the sample workbook's
values, formulas as text, equal ``tests/data/workbook_sample_values.json`` (the settings and
indicator sheets whole, the configuration sheet, the title and header rows of every sheet).

A missing golden fails the test; only ``scripts/regen_workbook_goldens.py`` writes them, after a
deliberate change (review the diff).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ita_xl.cli import main
from ita_xl.workbook import layout as L
from support.excel_equal import GOLDENS, build_golden, diff, normalise

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "workbook_sample_values.json"
GOLDEN_DIR = DATA / "golden"
REGEN = "make it on purpose with `python scripts/regen_workbook_goldens.py` and review it"
WHOLE = {L.SHEETS["settings"].name, L.SHEETS["indicators"].name, L.CONF_SHEET}


def _golden(path: Path) -> bytes:
    if not path.exists():
        pytest.fail(f"golden {path.name} is missing: {REGEN}")
    return path.read_bytes()


def sample_values(tmp: Path) -> str:
    """The sample desktop workbook's values as the golden JSON holds them."""
    book = tmp / "ita_sample.xlsm"
    assert main(["new", str(book), "--sample"]) == 0
    wb = openpyxl.load_workbook(book)
    cells = {ws.title: {c.coordinate: c.value for row in ws.iter_rows(max_row=None if ws.title in WHOLE else 3)
                        for c in row if c.value is not None} for ws in wb}
    return json.dumps(cells, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_workbook_equals_its_golden(name, tmp_path):
    want = normalise(_golden(GOLDEN_DIR / name), golden=True)
    got = normalise(build_golden(name, tmp_path), golden=True)
    assert diff(want, got) == []


def test_golden_comparison_sees_a_changed_cell(tmp_path):
    """The comparison can fail: one changed cell of a golden is reported, by sheet and cell."""
    data = _golden(GOLDEN_DIR / "workbook_sample_2566.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb[L.SHEETS["settings"].name][L.settings_cell("org_name")] = "อบต. อื่น"
    buf = io.BytesIO()
    wb.save(buf)
    bad = diff(normalise(data, golden=True), normalise(buf.getvalue(), golden=True))
    assert any(L.SHEETS["settings"].name in d and L.settings_cell("org_name") in d for d in bad)


def test_goldens_hold_no_bundled_code():
    """The goldens carry a placeholder, not the package's code (nor a VBA project: no .xlsm)."""
    for name in GOLDENS:
        with zipfile.ZipFile(GOLDEN_DIR / name) as z:
            assert not any(n.endswith(".bin") for n in z.namelist())
            assert b"bundled at build time" in z.read("xl/webextensions/webextension1.xml")
            # the package bundled would be megabytes; the sample with a measure per weak question is ~165 kB
            assert sum(i.compress_size for i in z.infolist()) < 200_000


def test_sample_workbook_matches_golden(tmp_path):
    want = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else pytest.fail(f"{GOLDEN.name}: {REGEN}")
    got = json.loads(sample_values(tmp_path))
    assert want.keys() == got.keys()
    for sheet in want:
        assert want[sheet] == got[sheet], sheet
