"""xlwings Lite: the embedded main.py, run through the entry points Lite's runtime calls.

Each request runs in a subprocess with ``XLWINGS_ON_SERVER=true`` (xlwings then binds ``@script``
and ``@func`` to its server implementation, as in Lite), via ``xlwings.server.custom_scripts_call``,
``custom_functions_call`` and the ``*_meta`` functions. The script results are replayed onto the
file and compared with the headless path. Whether Lite itself loads a main.py written on Linux
is not verifiable here (no Excel).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.workbooks import diff, ensure_remote_engine, make_workbook, payload_of, replay_onto, run_headless, values

from ita_xl.xlsx import lite
from ita_xl.io.case import sample_case
from ita_xl.io.scores import parse_pasted
from ita_xl.workbook import actions as commands
from ita_xl.report.sheet import ACTIONS, BY_SHEET
from ita_xl.workbook import layout as L

import xlwings as xw
TESTS = Path(__file__).parent


def run_lite(requests):
    env = {**os.environ, "XLWINGS_ON_SERVER": "true",
           "XLWINGS_LICENSE_KEY": os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial")}
    proc = subprocess.run(
        [sys.executable, "-m", "support.lite_runner"], input=json.dumps(requests, ensure_ascii=False, default=str),
        capture_output=True, text=True, cwd=TESTS, env=env, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def lite_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("lite") / "ita_lite.xlsx"
    make_workbook(path, case=sample_case(), runtime="lite")
    if "main.py" not in lite.extract(path):  # a workbook made without the template builder
        lite.embed(path)
    return path


@pytest.fixture(scope="module")
def main_py(lite_book):
    return lite.extract(lite_book)["main.py"]


@pytest.fixture(scope="module")
def meta(main_py):
    return run_lite({"main_py": main_py, "kind": "meta"})


def test_embedded_main_py_is_the_packaged_one(lite_book, main_py):
    assert main_py == lite.default_main_py()
    req = lite.extract(lite_book)["requirements.txt"]
    assert req.split() == [f"xlwings=={xw.__version__}"]  # ita_xl itself is bundled in main.py


def test_every_working_sheet_has_one_button_script(meta, lite_book):
    import openpyxl

    sheetnames = openpyxl.load_workbook(lite_book, read_only=True).sheetnames
    by_button = {}
    for s in meta["scripts"]:
        if s.get("button"):
            assert s["button"] not in by_button, "two scripts on one button"
            by_button[s["button"]] = s["function_name"]
    for spec in L.working_sheets():
        ref = lite.button_ref(spec.key)
        assert ref in by_button, spec.key
        assert ref.split("!")[0] in sheetnames
    names = {s["function_name"] for s in meta["scripts"]}
    assert {"import_scores", "fill", "plan", "check", "export"} <= names


def test_app_mode_import_has_form_fields(main_py):
    """App Mode renders the typed parameters after the book as a form."""
    import ast

    tree = ast.parse(main_py)
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "import_scores")
    params = [(a.arg, ast.unparse(a.annotation)) for a in fn.args.args]
    assert params == [("book", "xw.Book"), ("scores_text", "str"), ("year", "int")]


def test_functions_have_thai_descriptions(meta):
    funcs = {f["name"]: f for f in meta["functions"]["functions"]}
    assert set(funcs) == {"ITA_GAP", "ITA_GAPS", "ITA_LEVEL", "ITA_STATUS", "ITA_THAI", "ITA_TOOL",
                          "ITA_TOTAL", "ITA_WEAKEST", "ITA_WEAKEST_LIST"}
    assert "ช่องว่าง" in funcs["ITA_GAP"]["description"]
    gap_params = {p["name"]: p for p in funcs["ITA_GAP"]["parameters"]}
    assert "เป้าหมาย" in gap_params["target"]["description"] and gap_params["target"]["optional"]


def _script_request(main_py, path, name, args=None, active=None):
    return {"main_py": main_py, "kind": "script", "payload": payload_of(path, active), "name": name,
            "args": args or []}


@pytest.fixture()
def twins(lite_book, tmp_path):
    a, b = tmp_path / "a" / lite_book.name, tmp_path / "b" / lite_book.name
    for p in (a, b):
        p.parent.mkdir()
        shutil.copy(lite_book, p)
    return a, b


def _pasted(case) -> str:
    return "\n".join(f"{code} ข้อคำถาม\t{score:.2f}" for code, score in case.scores.questions.items())


def test_scripts_change_the_file_like_the_headless_commands(main_py, twins):
    headless, remote = twins
    case = sample_case()
    text = _pasted(case)
    run_headless(headless, commands.import_scores, parse_pasted(text, case.scores.year))
    (out,) = run_lite([_script_request(main_py, remote, "import_scores", [text, 0])])
    replay_onto(remote, out["actions"])
    assert diff(values(headless), values(remote)) == []
    for name, command in (("fill", ACTIONS["fill"]), ("plan", commands.plan), ("check", commands.check),
                          ("report", ACTIONS["report"])):
        run_headless(headless, command)
        (out,) = run_lite([_script_request(main_py, remote, name)])
        messages = replay_onto(remote, out["actions"])
        assert diff(values(headless), values(remote)) == [], name
        assert [m["func"] for m in messages] == ["alert"]


def test_sheet_button_scripts_run_their_sheets_command(main_py, twins, meta, xlwings_pro):
    ensure_remote_engine()
    headless, remote = twins
    run_headless(headless, commands.import_scores, commands.scores_of(sample_case()))
    run_headless(remote, commands.import_scores, commands.scores_of(sample_case()))
    sheet_scripts = [s for s in meta["scripts"] if s["function_name"].startswith("sheet_")]
    assert sheet_scripts
    reqs = [_script_request(main_py, remote, s["function_name"]) for s in sheet_scripts]
    for s, out in zip(sheet_scripts, run_lite(reqs), strict=True):
        sheet = s["button"].split("!")[0]
        book = xw.Book(json=payload_of(remote))
        from ita_xl.excel import book as xwio

        xwio.run(book, BY_SHEET[sheet])
        assert out["actions"] == book.json()["actions"], s["function_name"]


def test_export_script_alerts(main_py, lite_book):
    (out,) = run_lite([_script_request(main_py, lite_book, "export")])
    assert out["actions"] and out["actions"][-1]["func"] == "alert"


def _call(main_py, name, *args):
    return {"main_py": main_py, "kind": "func",
            "data": {"func_name": name, "args": list(args), "version": xw.__version__, "client": "Office.js",
                     "runtime": "1.4"}}


def test_udfs_through_custom_functions_call(main_py):
    calls = [
        _call(main_py, "ita_gap", [[72]], [[85]]),
        _call(main_py, "ita_gap", [[72.5]], None),
        _call(main_py, "ita_level", [[94.95]], [[2566]], [[97.0]], [[86.18]], [[100]]),
        _call(main_py, "ita_total", [[97.006]], [[86.17666666]], [[100]], [[2566]]),
        _call(main_py, "ita_tool", [[100], [90], [""]]),
        _call(main_py, "ita_thai", [[94.955]], [[2]]),
        _call(main_py, "ita_thai", [[1, 2.5], ["", "ก1"]], [[1]]),
        _call(main_py, "ita_status", [[100], [97.17]], None, None),
        _call(main_py, "ita_weakest", [["i24"], ["i25"], ["i26"]], [[100], [94.43], [94.43]], None),
        _call(main_py, "ita_weakest_list", [["i24"], ["i25"], ["i26"]], [[100], [94.43], [94.43]], None),
        _call(main_py, "ita_gaps", [[72], [100]], [[85]]),
    ]
    got = [r["result"] for r in run_lite(calls)]
    assert got == [
        [[13.0]], [[27.5]], [["ผ่านดี"]], [[94.95]], [[95.0]], [["๙๔.๙๖"]],
        [["๑.๐", "๒.๕"], ["", "ก๑"]], [["พัฒนา/ปรับปรุง"]], [["i25, i26"]], [["i25"], ["i26"]],
        [[13.0], [0.0]],
    ]


def test_main_py_runs_without_compiled_only_packages(main_py, lite_book):
    """Lite's micropip installs pure-Python wheels only: the scripts must not need calamine."""
    req = _script_request(main_py, lite_book, "check")
    req["block"] = ["python_calamine", "xlsxwriter", "docx", "matplotlib"]
    (out,) = run_lite([req])
    assert out["actions"][-1]["func"] == "alert"


def test_lite_workbook_has_a_picture_button_on_every_working_sheet(lite_book):
    import re
    import zipfile

    with zipfile.ZipFile(lite_book) as z:
        targets = {
            t.replace("'", "")
            for n in z.namelist() if re.fullmatch(r"xl/drawings/_rels/drawing\d+\.xml\.rels", n)
            for t in re.findall(r'Target="#([^"]+)"', z.read(n).decode("utf-8"))
        }
    assert {lite.button_ref(s.key) for s in L.working_sheets()} <= targets
