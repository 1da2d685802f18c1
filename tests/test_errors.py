"""The error hierarchy (ita_xl.errors): what each class is, and that an unknown year is one error
(UnknownYear, an InputError: exit 2 naming the year and the years known), never a KeyError."""

from __future__ import annotations

import errno

import pytest

from ita_xl.cli import main
from ita_xl.errors import FileFault, FrameworkError, InputError, ItaXlError, UnknownYear, os_error
from ita_xl.io import frameworks as F


def test_the_hierarchy():
    for cls in (FrameworkError, UnknownYear, FileFault):
        assert issubclass(cls, InputError) and issubclass(cls, ItaXlError) and cls.__doc__.strip()
    fault = os_error(OSError(errno.ENOSPC, "No space left on device"), "out/x.xlsm")
    assert isinstance(fault, FileFault) and fault.os_fault and not InputError("f", "ก", "x").os_fault


def test_an_unknown_year_is_not_a_key_error():
    with pytest.raises(UnknownYear) as caught:
        F.load(2499)
    assert not isinstance(caught.value, KeyError)
    assert str(caught.value).startswith("framework 2499: no ITA framework for 2499; have (2562,")
    assert "ไม่มีกรอบการประเมินปี 2499" in str(caught.value)


@pytest.mark.parametrize("command", [
    ["analyze", "{s}", "--year", "2499"],
    ["new", "{d}/x.xlsm", "--year", "2499"],
    ["framework", "show", "2499"],
    ["export", "{s}", "--year", "2499", "--no-pdf"],
])
def test_an_unknown_year_through_the_cli_is_exit_2_naming_it(tmp_path, capsys, command):
    s = tmp_path / "s.csv"
    s.write_text("code,score\ni1,90\n", encoding="utf-8")
    argv = [a.format(s=s, d=tmp_path) for a in command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "2499" in err and "2566" in err and "Traceback" not in err and "internal error" not in err, err
    assert not (tmp_path / "x.xlsm").exists()
