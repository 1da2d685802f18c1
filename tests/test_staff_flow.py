"""Issue 20's end-to-end path, doing only what staff do: from a fresh blank workbook (``ita-xl new``),
paste the ITAS result page into the paste sheet, click import, fill, plan and report; then the
analysis, the plan and the report sheet are filled.

Desktop: each click is xlwings' ``SampleCall`` → the shim's ``main()`` on the sheet the button is
on, run through ``xw.Book.caller()`` on the remote engine, its recorded actions replayed onto the
file. Lite: each click is the button's ``@script`` of the workbook's own main.py, run in Pyodide
(tests/test_lite_pyodide.py's runner), its actions replayed onto the file before the next click.
"""

from __future__ import annotations

import shutil
import zipfile

import pytest
import xlwings as xw
from support.workbooks import ensure_remote_engine, payload_of, replay_onto, run_headless, values

from ita_xl import cli
from ita_xl.excel import desktop
from ita_xl.xlsx import lite
from ita_xl.io.case import sample_case
from ita_xl.report.sheet import ACTIONS
from ita_xl.workbook import layout as L
from ita_xl.xlsx.fileio import apply_ops, snapshot_of
from ita_xl.workbook.ops import Write

CASE = sample_case()


def itas_page() -> list[list[object]]:
    """The ITAS result page as Excel pastes it: a row per line, the score in the next cell."""
    rows: list[list[object]] = [["ผลการประเมิน ITA ประจำปี"], [CASE.org.name]]
    rows += [[f"ตัวชี้วัดที่ {no} ตัวชี้วัด", score] for no, score in CASE.scores.indicators.items()]
    rows += [[f"ข้อ {code} ข้อคำถามจากระบบ ITAS", round(score, 2)] for code, score in CASE.scores.questions.items()]
    return rows


def _fresh(tmp_path, name: str):
    path = tmp_path / name
    assert cli.main(["new", str(path), "--year", str(CASE.scores.year), "--org", CASE.org.name]) == 0
    # staff paste the page into the paste sheet (A4 down)
    apply_ops(path, [Write(L.PASTE.sheet, L.PASTE.cell("text", 0), itas_page())])
    return path


def _filled(path) -> None:
    """What the staff's clicks must have produced."""
    snap = snapshot_of(path)
    Q = L.QUESTIONS
    scores = {r[0]: r[4] for r in snap.rows(Q.sheet, Q.first_row, Q.n_cols) if r[0]}
    assert {c: scores.get(c) for c in CASE.scores.questions} == pytest.approx(CASE.scores.questions)
    analysis = snap.rows(L.ANALYSIS.sheet, L.ANALYSIS.first_row, L.ANALYSIS.n_cols)
    plan = snap.rows(L.PLAN.sheet, L.PLAN.first_row, L.PLAN.n_cols)
    assert len(analysis) > 10 and any(r[L.ANALYSIS.col("decision") - 1] for r in analysis)
    assert len(plan) >= 3 and all(r[0] for r in plan)
    doc = L.REPORT_DOC
    report = [v for r in snap.rows(doc.sheet, doc.first_row, doc.n_cols) for v in r if v]
    text = "\n".join(map(str, report))
    assert report[0].startswith("มาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    assert CASE.org.name in text and "(ลงชื่อ)" in text
    assert all(str(row[0]) in text for row in plan[:1]) or plan[0][2] in text  # the plan's first measure
    assert "ข้อจำกัด" in text


# -- desktop: SampleCall → main() of the sheet the button is on, on the remote engine ---------------


@pytest.fixture()
def remote_engine(xlwings_pro):
    ensure_remote_engine()


def _click(path, sheet: str) -> list[dict]:
    """A desktop button on ``sheet``: SampleCall runs the shim's main() with that sheet active."""
    book = xw.Book(json=payload_of(path, active=sheet))
    book.set_mock_caller()
    try:
        desktop.main()
        actions = book.json()["actions"]
    finally:
        del xw.Book._mock_caller
        book.close()
    return replay_onto(path, actions)


def test_desktop_buttons_take_staff_from_pasted_itas_text_to_the_report_sheet(tmp_path, remote_engine):
    path = _fresh(tmp_path, "ita_flow.xlsm")
    with zipfile.ZipFile(path) as z:  # a SampleCall button on every working sheet, the paste sheet's too
        vml = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/vmlDrawing")]
    assert len(vml) == len(L.working_sheets()) and all("SampleCall" in x for x in vml)
    for key in ("paste", "settings", "plan", "report", "progress_report"):
        messages = _click(path, L.SHEETS[key].name)
        assert [m["func"] for m in messages] == ["alert"], key
        assert "Traceback" not in messages[0]["args"][0]
    _filled(path)
    progress = snapshot_of(path).rows(L.PROGRESS_DOC.sheet, L.PROGRESS_DOC.first_row, L.PROGRESS_DOC.n_cols)
    assert progress and str(progress[0][0]).startswith("รายงานผลการดำเนินการ")


def test_desktop_clicks_change_the_file_as_the_headless_commands_do(tmp_path, remote_engine):
    clicked = _fresh(tmp_path, "ita_twin.xlsm")
    headless = tmp_path / "h" / clicked.name
    headless.parent.mkdir()
    shutil.copy(clicked, headless)
    for key, action in (("paste", "import"), ("settings", "fill"), ("report", "report")):
        _click(clicked, L.SHEETS[key].name)
        run_headless(headless, ACTIONS[action])
    assert values(clicked) == values(headless)


def test_import_with_nothing_pasted_says_where_to_paste(tmp_path, remote_engine):
    path = tmp_path / "ita_empty.xlsm"
    assert cli.main(["new", str(path), "--year", str(CASE.scores.year)]) == 0
    (message,) = _click(path, L.PASTE.sheet)
    assert L.PASTE.sheet in message["args"][0] and "A4" in message["args"][0]


# -- Lite: the buttons' @scripts of the workbook's own main.py, in Pyodide --------------------------


@pytest.mark.pyodide
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_lite_buttons_in_pyodide_take_staff_from_pasted_itas_text_to_the_report_sheet(tmp_path):
    from test_lite_pyodide import run_pyodide, runtimes  # the offline Pyodide runner

    version = max(runtimes(), key=lambda v: tuple(map(int, v.split("."))))  # the one Lite runs now

    path = _fresh(tmp_path, "ita_flow_lite.xlsx")
    code = lite.extract(path)
    buttons = {}
    for name in ("import_pasted_sheet", "fill", "plan", "report"):
        call = {"kind": "script", "name": name, "payload": payload_of(path), "args": []}
        (tmp_path / name).mkdir()
        (result,) = run_pyodide(version, tmp_path / name, code["main.py"], code["requirements.txt"], [call])["results"]
        assert "error" not in result, (name, result)
        buttons[name] = replay_onto(path, result["actions"])
        assert [m["func"] for m in buttons[name]] == ["alert"], name
    _filled(path)
