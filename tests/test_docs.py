"""The documentation keeps up with the code (as sqlite-utils' tests/test_docs.py): every command of
the ``ita-xl`` parser is shown in README.md, every sheet of the workbook has its row in the sheet
table of workbook/README.md (with its button), and every worksheet function is described there.

The commands are read from the parser's own ``--help`` (argparse lists a command's subcommands as
``{a,b,c}`` under "positional arguments"), so a new command or subcommand fails here until the
README shows ``ita-xl <command> [<subcommand>]``.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from ita_xl.cli import build_parser
from ita_xl.excel import udfs
from ita_xl.workbook.layout import SETTINGS_FIELDS, SHEETS, settings_cell

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
WORKBOOK_README = (ROOT / "workbook" / "README.md").read_text(encoding="utf-8")
PARSER = build_parser()


def _help(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        PARSER.parse_args([*argv, "--help"])
    return out.getvalue()


def _subcommands(argv: list[str]) -> list[str]:
    found = re.search(r"^  \{([\w,-]+)\}$", _help(argv), re.M)
    return found.group(1).split(",") if found else []


def _commands() -> list[str]:
    out = []
    for name in _subcommands([]):
        out.append(name)
        out += [f"{name} {sub}" for sub in _subcommands([name])]
    return out


COMMANDS = _commands()


def test_the_parser_is_read():
    assert {"analyze", "new", "fill", "export", "doctor", "framework list"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_readme(command):
    assert re.search(rf"ita-xl {re.escape(command)}\b", README), f"README.md never shows `ita-xl {command}`"


def _sheet_rows() -> dict[str, list[str]]:
    """First cell -> cells of each row of workbook/README.md's sheet table (its header: แผ่นงาน)."""
    rows: dict[str, list[str]] = {}
    table = WORKBOOK_README.split("| แผ่นงาน |", 1)[1].split("\n\n", 1)[0]
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.parametrize("key", list(SHEETS))
def test_sheet_is_described_in_workbook_readme(key):
    spec = SHEETS[key]
    rows = _sheet_rows()
    assert spec.name in rows, f"workbook/README.md's sheet table has no row for {spec.name}"
    what, button = rows[spec.name]
    assert what
    assert spec.button in button if spec.button else button == "–"


def test_no_sheet_in_the_table_that_the_workbook_lacks():
    assert set(_sheet_rows()) == {s.name for s in SHEETS.values()}


@pytest.mark.parametrize("name", sorted(f.__name__.upper() for f in udfs.UDFS))
def test_udf_is_described_in_workbook_readme(name):
    assert re.search(rf"`={name}\(", WORKBOOK_README), f"workbook/README.md does not describe ={name}(...)"


@pytest.mark.parametrize("key", ["progress_round", "approval_date"])
def test_the_settings_the_documents_read_are_documented(key):
    """A setting the report or the progress report reads is named by its key in README.md and by
    its label in workbook/README.md's settings row; the approval date's cell as the workbook has it."""
    label = next(f.label for f in SETTINGS_FIELDS if f.key == key).split(" (")[0]
    assert f"`{key}`" in README
    assert label in _sheet_rows()[SHEETS["settings"].name][0], label
    if key == "approval_date":
        assert f"`{SHEETS['settings'].name}!{settings_cell(key)}`" in README
