"""plan() names each agency's workbook by its resolved path, the output folder resolved once: the
same keys as Path.resolve() of every workbook, symbolic links included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ita_xl.batch.planning import _Resolved


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_keys_are_those_path_resolve_gives(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "link").symlink_to(out)
    (out / "real.xlsm").write_text("x")
    (out / "ita_2.xlsm").symlink_to(out / "real.xlsm")  # a workbook that is a link: followed
    monkeypatch.chdir(tmp_path)
    folders = [Path("out"), Path("link"), tmp_path / "link", Path("link/../out"), Path("."), Path("new/folder")]
    for folder in folders:
        resolved = _Resolved(folder)
        for name in ("ita_1.xlsm", "ita_2.xlsm", "real.xlsm"):
            assert resolved.key(folder / name, name) == str((folder / name).resolve()), (folder, name)
    assert _Resolved(Path("link")).key(Path("link/ita_2.xlsm"), "ita_2.xlsm") == str((out / "real.xlsm").resolve())
