"""The ready workbooks staff download (``workbook/``) are what ``ita-xl new`` builds today.

``scripts/build_workbooks.py`` says which files the set holds (the current ITA year and the one
before; desktop ``.xlsm`` with its button module ``.py``, and Lite ``.xlsx``) and builds them. Here
each file in ``workbook/`` is compared with a fresh build through the one normaliser
(``tests/support/excel_equal.py``, its allowed differences in ``READY_ALLOWED``): a workbook left
behind by a change to the workbook, the package's code (Lite's ``main.py`` carries it) or the
framework data fails, and so does a missing one. Only the script writes them.
"""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import pytest
from support.excel_equal import diff, normalise

from ita_xl import lite
from ita_xl.io.frameworks import available_years
from ita_xl.workbook.template import default_year

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "workbook"
REBUILD = "run `.venv/bin/python scripts/build_workbooks.py` (add --pictures when the sheets' look changed) and commit what it wrote"


def _script():
    spec = importlib.util.spec_from_file_location("build_workbooks", ROOT / "scripts" / "build_workbooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _script()
WORKBOOKS = sorted(BUILD.ready())
MODULES = [n for n in BUILD.ready_files() if n.endswith(".py")]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ready")
    BUILD.build(folder)
    return folder


def _ready(name: str) -> bytes:
    path = WORKBOOK / name
    if not path.exists():
        pytest.fail(f"workbook/{name} is missing: {REBUILD}")
    return path.read_bytes()


def test_the_set_is_the_current_year_and_the_one_before_desktop_and_lite():
    current = default_year()
    before = max(y for y in available_years() if y < current)
    assert BUILD.years() == [before, current]
    for year in (before, current):
        assert {f"ita_{year}.xlsm", f"ita_{year}.py", f"ita_{year}_lite.xlsx"} <= set(BUILD.ready_files())


def test_workbook_folder_holds_the_ready_set_and_nothing_stale():
    have = {p.name for pattern in BUILD.READY_GLOBS for p in WORKBOOK.glob(pattern)}
    want = set(BUILD.ready_files())
    assert not want - have, f"missing in workbook/: {sorted(want - have)}: {REBUILD}"
    assert not have - want, f"workbook/ holds files of no ready set: {sorted(have - want)}: {REBUILD}"


@pytest.mark.parametrize("name", WORKBOOKS)
def test_ready_workbook_equals_a_fresh_build(name, fresh):
    want = normalise((fresh / name).read_bytes(), ready=True)
    assert diff(normalise(_ready(name), ready=True), want) == [], f"workbook/{name} is stale: {REBUILD}"


@pytest.mark.parametrize("name", MODULES)
def test_button_module_equals_a_fresh_build(name, fresh):
    assert _ready(name) == (fresh / name).read_bytes(), f"workbook/{name} is stale: {REBUILD}"


def test_comparison_sees_stale_lite_code(fresh):
    """The comparison can fail: a Lite workbook whose main.py is one line off is reported."""
    name = next(n for n in WORKBOOKS if n.endswith(".xlsx"))
    data = (fresh / name).read_bytes()
    src, buf = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == lite.WEBEXT_PART:
                part = part.replace(b"ITA commands", b"ITA command", 1)
            out.writestr(info, part)
    bad = diff(normalise(data, ready=True), normalise(buf.getvalue(), ready=True))
    assert bad == [f"{lite.WEBEXT_PART}: differs"]
