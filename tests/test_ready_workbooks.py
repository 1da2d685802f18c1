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
import shutil
import zipfile
from pathlib import Path

import pytest
from support.excel_equal import diff, normalise
from support.workbooks import ensure_remote_engine

from ita_xl.xlsx import lite
from support.synth import synthetic_rows
from ita_xl.io.frameworks import available_years
from ita_xl.workbook import layout as L
from ita_xl.xlsx.fileio import apply_ops, snapshot_of
from ita_xl.workbook.ops import Write
from ita_xl.xlsx.template import default_year

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


# -- a ready workbook as staff use it: paste the ITAS page, click ------------------------------------


def _itas_page(year: int) -> tuple[list[list[object]], dict[str, float]]:
    """An invented agency's ITAS result page for ``year`` as Excel pastes it (a row per line, the
    score in the next cell), and its question scores."""
    rows = list(synthetic_rows(1, year=year, seed=year))
    page: list[list[object]] = [["ผลการประเมิน ITA ประจำปี"], [rows[0][1]]]
    page += [[f"ข้อ {r[4]} ข้อคำถามจากระบบ ITAS", float(r[5])] for r in rows]
    return page, {r[4]: float(r[5]) for r in rows}


def test_ready_desktop_workbook_from_pasted_itas_text_to_the_report_sheet(tmp_path, xlwings_pro):
    """The current year's ready ``.xlsm`` and its ``.py``, copied as staff download them: the agency's
    name typed in the settings sheet, the ITAS page pasted at A4 of the paste sheet, then the buttons นำเข้าคะแนน, วิเคราะห์และจัดทำแผน and
    จัดทำรายงาน clicked (SampleCall on xlwings' remote engine): scores, analysis, plan and the report
    sheet are filled."""
    from test_staff_flow import _click  # noqa: PLC0415 (a desktop click: tests/test_staff_flow.py)

    year = default_year()
    for name in (f"ita_{year}.xlsm", f"ita_{year}.py"):
        shutil.copy(WORKBOOK / name, tmp_path / name)
    path = tmp_path / f"ita_{year}.xlsm"
    page, scores = _itas_page(year)
    org = [f.key for f in L.SETTINGS_FIELDS].index("org_name")  # staff type their agency's name
    apply_ops(path, [Write(L.SHEETS["settings"].name, L.cell(L.SETTINGS_FIRST_ROW + org, L.SETTINGS_VALUE_COL), [[page[1][0]]]),
                     Write(L.PASTE.sheet, L.PASTE.cell("text", 0), page)])
    ensure_remote_engine()
    for key in ("paste", "settings", "report"):
        messages = _click(path, L.SHEETS[key].name)
        assert [m["func"] for m in messages] == ["alert"], (key, messages)
        assert "Traceback" not in messages[0]["args"][0], key
    _staff_result(path, page, scores)


def _staff_result(path: Path, page: list[list[object]], scores: dict[str, float]) -> None:
    """What the staff's clicks must have produced: the pasted scores, the analysis, the plan and the
    report sheet, with the agency's name and the signature block."""
    snap = snapshot_of(path)
    Q = L.QUESTIONS
    pasted = {r[0]: r[4] for r in snap.rows(Q.sheet, Q.first_row, Q.n_cols) if r[0]}
    assert {c: pasted.get(c) for c in scores} == pytest.approx(scores)
    analysis = snap.rows(L.ANALYSIS.sheet, L.ANALYSIS.first_row, L.ANALYSIS.n_cols)
    plan = snap.rows(L.PLAN.sheet, L.PLAN.first_row, L.PLAN.n_cols)
    assert len(analysis) > 10 and len(plan) >= 3 and all(r[0] for r in plan)
    doc = L.REPORT_DOC
    report = [str(v) for r in snap.rows(doc.sheet, doc.first_row, doc.n_cols) for v in r if v]
    assert report[0].startswith("มาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    assert page[1][0] in "\n".join(report) and "(ลงชื่อ)" in "\n".join(report)


@pytest.mark.pyodide
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_ready_lite_workbook_in_pyodide_from_pasted_itas_text_to_the_report_sheet(tmp_path):
    """The current year's ready Lite workbook as downloaded: the agency's name typed, the ITAS page
    pasted, then the buttons' scripts of its own main.py (นำเข้าคะแนน, วิเคราะห์และจัดทำแผน,
    จัดทำรายงาน) run in Pyodide on the runtime xlwings Lite uses now, each one's actions replayed
    onto the file before the next: scores, analysis, plan and the report sheet are filled."""
    from support.workbooks import payload_of, replay_onto  # noqa: PLC0415
    from test_lite_pyodide import run_pyodide, runtimes  # noqa: PLC0415 (the offline Pyodide runner)

    year = default_year()
    path = tmp_path / f"ita_{year}_lite.xlsx"
    shutil.copy(WORKBOOK / path.name, path)
    page, scores = _itas_page(year)
    org = [f.key for f in L.SETTINGS_FIELDS].index("org_name")
    apply_ops(path, [Write(L.SHEETS["settings"].name, L.cell(L.SETTINGS_FIRST_ROW + org, L.SETTINGS_VALUE_COL), [[page[1][0]]]),
                     Write(L.PASTE.sheet, L.PASTE.cell("text", 0), page)])
    version = max(runtimes(), key=lambda v: tuple(map(int, v.split("."))))
    code = lite.extract(path)
    for name in ("import_pasted_sheet", "fill", "report"):
        call = {"kind": "script", "name": name, "payload": payload_of(path), "args": []}
        (tmp_path / name).mkdir()
        (result,) = run_pyodide(version, tmp_path / name, code["main.py"], code["requirements.txt"], [call])["results"]
        assert "error" not in result, (name, result)
        messages = replay_onto(path, result["actions"])
        assert [m["func"] for m in messages] == ["alert"], name
    _staff_result(path, page, scores)
