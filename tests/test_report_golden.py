"""The sample's two documents against their golden DOCX files, part by part through one normaliser
(tests/support/docx_golden.py, where the allowed differences are written down). The golden files
are regenerated only on purpose: `.venv/bin/python scripts/regen_report_goldens.py`."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.docx_golden import ALLOWED, differences  # noqa: E402
from support.report_books import GOLDEN, write_goldens  # noqa: E402


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, Path]:
    return write_goldens(tmp_path_factory.mktemp("golden"))


@pytest.mark.parametrize("k", [0, 1], ids=["report", "progress"])
def test_matches_the_golden(written, k):
    new = written[k]
    golden = GOLDEN / new.name
    assert golden.exists(), f"{golden} is missing: run scripts/regen_report_goldens.py and review it"
    diff = differences(new, golden)
    assert not diff, "\n".join(diff) + f"\n(allowed differences: {ALLOWED})"


def test_the_normaliser_sees_a_change(written, tmp_path):
    import zipfile

    src = written[0]
    changed = tmp_path / "changed.docx"
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(changed, "w") as b:
        for item in a.infolist():
            data = a.read(item)
            if item.filename == "word/document.xml":
                data = data.replace("๙๔.๙๖".encode(), "๙๔.๙๕".encode())
            b.writestr(item, data)
    assert [d.split(":")[0] for d in differences(changed, src)] == ["word/document.xml"]
