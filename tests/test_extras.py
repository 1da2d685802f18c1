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


def test_every_extra_installs_something_and_every_hint_names_a_declared_package():
    """No empty extra (``excel``/``report`` were, with hints that still named them), and each package
    a hint prints is one pyproject.toml declares."""
    import re
    import tomllib
    from pathlib import Path

    from ita_xl.extras import EXTRAS, missing_message

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert all(extras.values()), [k for k, v in extras.items() if not v]
    declared = {re.split(r"[<>=\[ ;]", req)[0].lower()
                for req in [*project["dependencies"], *(r for reqs in extras.values() for r in reqs)]}
    for module, package in EXTRAS.items():
        assert package.split("[")[0].lower() in declared, (module, package)
        assert "ita-xl[" not in missing_message(ModuleNotFoundError(module, name=module))
