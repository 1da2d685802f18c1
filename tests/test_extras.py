"""A missing optional extra ends the command with one line naming the package to install (exit 2), no traceback."""

from __future__ import annotations

import sys

from ita_xl import cli


def test_missing_cluster_extra_is_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as when not installed
    scores = tmp_path / "s.csv"
    scores.write_text("org_id,org_name,org_type,year,code,score\n1,อบต. ก,อบต.,2566,i1,90\n", encoding="utf-8")
    code = cli.main(["regenerate", str(scores), "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:1"])
    err = capsys.readouterr().err
    assert code == 2
    assert 'pip install "dask[distributed]"' in err and "ita-xl[" not in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
