"""``ita-xl new`` / ``import``: names that would break the buttons, missing questions, the year taken."""

from __future__ import annotations

import pytest

from ita_xl.cli import main
from ita_xl.io.frameworks import load
from ita_xl.xlsx.template import default_year


@pytest.mark.parametrize("name", ["statistics", "ita_xl", "pandas", "json", "xlwings", "JSON"])
def test_names_that_shadow_a_module_are_refused(tmp_path, capsys, name):
    out = tmp_path / f"{name}.xlsm"
    assert main(["new", str(out)]) == 2
    err = capsys.readouterr().err
    assert "importable Python module" in err and f"ita_{name}.xlsm" in err
    assert not out.exists() and not out.with_suffix(".py").exists()


def test_rebuild_next_to_its_own_shim_is_not_a_clash(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))  # as under `python -m ita_xl` in the workbook's folder
    out = tmp_path / "ita_shadow_check.xlsm"
    assert main(["new", str(out), "--year", "2566"]) == 0
    assert main(["new", str(out), "--year", "2566", "--force"]) == 0


def test_missing_questions_are_warned(tmp_path, capsys):
    scores = tmp_path / "one.csv"
    scores.write_text("code,score\ni1,90\n", encoding="utf-8")
    assert main(["new", str(tmp_path / "a.xlsm"), "--scores", str(scores), "--year", "2566"]) == 0
    err = capsys.readouterr().err
    total = len(load(2566).questions)
    assert f"scores 1 of the {total} questions of 2566" in err and "missing: i2, i3" in err
    assert main(["import", str(tmp_path / "a.xlsm"), str(scores)]) == 0
    assert f"1 of the {total} questions" in capsys.readouterr().err


def test_complete_scores_give_no_warning(tmp_path, capsys):
    assert main(["new", str(tmp_path / "s.xlsm"), "--sample"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_new_without_year_says_which_year(tmp_path, capsys):
    assert main(["new", str(tmp_path / "e.xlsm")]) == 0
    err = capsys.readouterr().err
    assert f"assessment year {default_year()}" in err and "--year" in err
    assert main(["new", str(tmp_path / "f.xlsm"), "--year", "2566"]) == 0
    assert "no --year" not in capsys.readouterr().err


def test_scores_of_another_year_say_the_workbook_s_year_changed(tmp_path, capsys):
    # a 2569 workbook given --year 2566 scores is turned into a 2566 one: its question list, grouping,
    # library and framework sheet are reset to 2566's. That is said, not done quietly.
    book = tmp_path / "ita_b.xlsm"
    assert main(["new", str(book), "--year", "2569"]) == 0
    scores = tmp_path / "s.csv"
    scores.write_text("code,score\n" + "".join(f"{c},90\n" for c in load(2566).questions), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(book), str(scores), "--year", "2566"]) == 0
    out = capsys.readouterr().out
    assert "was for assessment year 2569, now 2566" in out and "ประเด็น" in out and "กรอบการประเมิน" in out
    assert main(["import", str(book), str(scores), "--year", "2566"]) == 0  # the same year again: quiet
    assert "now 2566" not in capsys.readouterr().out
