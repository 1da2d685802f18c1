"""The Lite workbook's own main.py in Pyodide (npm ``pyodide`` under Node), offline, on every
runtime of ``tests/support/pyodide_runtimes.txt``: the one xlwings Lite runs now (314.x, Python
3.14) and the one before (0.27.7, Python 3.12).

As xlwings Lite does: requirements.txt installed with micropip — here from local wheels only
(``scripts/setup.sh`` puts each runtime's npm package and wheels into ``.cache/<folder>/``), so a
requirement that would need the package index fails — then main.py run with xlwings' server entry
points, each call handed in as Excel hands it: a JavaScript object, empty cells ``null``. Every
``@script`` is called on the sample workbook's payload and must record exactly the actions the
same main.py records under CPython (whose replay onto the file equals the headless commands:
tests/test_xlwings_lite.py); every ``@func`` is called and checked. Network: ``fetch`` throws
inside the runner, and the run is in a network namespace without interfaces where ``unshare -n``
works. Skipped only when ``node`` is not installed.
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.workbooks import diff, payload_of, replay_onto, run_headless, values

from ita_xl.excel import udfs
from ita_xl.xlsx import lite
from support.synth import synthetic_rows
from ita_xl.io.case import sample_case
from ita_xl.io.scores import parse_pasted
from ita_xl.report.sheet import ACTIONS
from ita_xl.workbook import actions as commands
from ita_xl.workbook import layout as L
from ita_xl.xlsx.template import default_year

pytestmark = [pytest.mark.pyodide, pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")]

ROOT = Path(__file__).resolve().parents[1]
SUPPORT = Path(__file__).parent / "support"
CACHE = Path(os.environ.get("ITA_XL_CACHE", ROOT / ".cache"))


def runtimes() -> dict[str, str]:
    """npm version of ``pyodide`` -> its folder under ``.cache/`` (the list setup.sh installs)."""
    lines = (line.split("#", 1)[0].split() for line in (SUPPORT / "pyodide_runtimes.txt").read_text("utf-8").splitlines())
    return {fields[0]: fields[1] for fields in lines if fields}


def _package(version: str) -> Path:
    pkg = CACHE / runtimes()[version] / "node_modules" / "pyodide"
    if not (pkg / "pyodide.mjs").exists():
        pytest.fail(f"{pkg} missing: run scripts/setup.sh (npm install of pyodide@{version})")
    found = json.loads((pkg / "package.json").read_text("utf-8"))["version"]
    assert found == version, f"{pkg} holds pyodide {found}, not {version}: run scripts/setup.sh"
    return pkg


def _lock(version: str) -> dict:
    return json.loads((_package(version) / "pyodide-lock.json").read_text("utf-8"))


def _wheel(version: str, name: str, pinned: str) -> str:
    wheels = CACHE / runtimes()[version] / "wheels"
    path = wheels / f"{name}-{pinned}-py3-none-any.whl"
    if not path.exists():
        pytest.fail(f"{path} missing: run scripts/setup.sh (it downloads the Lite test's wheels)")
    return str(path)


def _offline_prefix() -> list[str]:
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-n"]
    return []


def run_pyodide(version: str, tmp_path: Path, main_py: str, requirements: str, calls: list[dict]) -> dict:
    """main.py's ``calls`` answered in Pyodide ``version``, with the packages of its own lock file."""
    import xlwings

    lock = _lock(version)["packages"]
    request = {
        "pyodide": str(_package(version)),
        "wheels": [_wheel(version, n, lock[n]["version"]) for n in ("packaging", "micropip")],
        "packages": {"xlwings": _wheel(version, "xlwings", xlwings.__version__)},
        "requirements": requirements,
        "main_py": main_py,
        "driver": (SUPPORT / "pyodide_lite.py").read_text(encoding="utf-8"),
        "calls": calls,
    }
    req = tmp_path / "request.json"
    req.write_text(json.dumps(request, ensure_ascii=False, default=str), encoding="utf-8")
    proc = subprocess.run([*_offline_prefix(), "node", str(SUPPORT / "pyodide_runner.mjs"), str(req)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout)


def run_cpython(calls: list[dict], main_py: str) -> list[dict]:
    env = {**os.environ, "XLWINGS_ON_SERVER": "true",
           "XLWINGS_LICENSE_KEY": os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial")}
    reqs = [{**c, "main_py": main_py} for c in calls]
    proc = subprocess.run([sys.executable, "-m", "support.lite_runner"], input=json.dumps(reqs, ensure_ascii=False, default=str),
                          capture_output=True, text=True, cwd=SUPPORT.parent, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def _func(name, *args):
    return {"kind": "func", "data": {"func_name": name, "args": list(args), "version": "0.37.8",
                                     "client": "Office.js", "runtime": "1.4"}}


# As Excel's custom-functions runtime hands them to Lite: an empty cell, alone or in a range, and
# an optional argument left out are `null` (JSON None here; a JavaScript null in the runner).
FUNCS = [
    (_func("ita_gap", [[72]], [[85]]), [[13.0]]),
    (_func("ita_gap", [[None]], None), [[""]]),  # an empty cell in, an empty-looking cell out
    (_func("ita_gap", [[""]], None), [[""]]),  # a cell holding an empty text
    (_func("ita_level", [[94.95]], [[2566]], [[97.0]], [[86.18]], [[100]]), [["ผ่านดี"]]),
    (_func("ita_total", [[97.006]], [[86.17666666]], [[100]], [[2566]]), [[94.95]]),
    (_func("ita_tool", [[100], [90], [None]]), [[95.0]]),
    (_func("ita_thai", [[1, 2.5], [None, "ก1"]], [[1]]), [["๑.๐", "๒.๕"], ["", "ก๑"]]),
    (_func("ita_status", [[100], [97.17]], None, None), [["พัฒนา/ปรับปรุง"]]),
    (_func("ita_weakest", [["i24"], ["i25"], ["i26"]], [[100], [94.43], [94.43]], None), [["i25, i26"]]),
    (_func("ita_weakest_list", [["i24"], ["i25"], ["i26"]], [[100], [94.43], [94.43]], None), [["i25"], ["i26"]]),
    (_func("ita_gaps", [[72], [100]], [[85]]), [[13.0], [0.0]]),
]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("lite") / "ita_lite.xlsx"
    from ita_xl.xlsx.template import build_workbook

    build_workbook(path, case=sample_case(), runtime="lite")
    return path


@pytest.fixture(scope="module")
def cpython(book):
    """main.py's meta and scripts under CPython: what every runtime must record."""
    code = lite.extract(book)
    main_py = code["main.py"]
    meta = run_cpython([{"kind": "meta"}], main_py)[0]
    payload = payload_of(book)
    case = sample_case()
    pasted = "\n".join(f"{c} ข้อคำถาม\t{s:.2f}" for c, s in case.scores.questions.items())
    scripts = [{"kind": "script", "name": s["function_name"], "payload": payload,
                "args": [pasted, 0] if s["function_name"] == "import_scores" else []} for s in meta["scripts"]]
    return {"code": code, "meta": meta, "scripts": scripts, "cpython": run_cpython(scripts, main_py)}


@pytest.fixture(scope="module", params=sorted(runtimes(), key=lambda v: tuple(map(int, v.split(".")))))
def ran(request, cpython, tmp_path_factory):
    version = request.param
    calls = [{"kind": "meta"}, *cpython["scripts"], *(c for c, _ in FUNCS)]
    out = run_pyodide(version, tmp_path_factory.mktemp("pyodide"), cpython["code"]["main.py"],
                      cpython["code"]["requirements.txt"], calls)
    for result in out["results"]:
        result["jsnull"] = result.pop("nulls")
    return {**cpython, "version": version, "out": out}


def test_runs_in_pyodide_with_only_xlwings_installed(ran):
    out = ran["out"]
    assert out["platform"] == "emscripten"
    python = _lock(ran["version"])["info"]["python"]
    assert out["python"] == python, "the runtime's own Python"
    assert out["installed"] == ["xlwings"]
    files = out["ita_xl_files"]
    assert all("ita_xl_bundle_" in f for f in files.values() if f is not None), files
    # a data folder read through importlib.resources (frameworks/*.toml) is a namespace package: no file
    assert {m for m, f in files.items() if f is None} <= {"ita_xl.frameworks"}, files
    assert not {"pandas", "matplotlib", "openpyxl", "xlsxwriter", "docx", "numpy"} & set(out["modules"])


def test_calls_arrive_as_excel_hands_them(ran):
    """The nulls of the calls reach Python as the runtime converts JavaScript's null: ``jsnull``
    from Pyodide 0.28 on (which xlwings must treat as an empty cell), None before."""
    funcs = ran["out"]["results"][1 + len(ran["scripts"]) :]
    sent = [json.dumps(c).count("null") for c, _ in FUNCS]
    assert sum(sent) >= 5
    modern = int(ran["version"].split(".")[0]) > 0 or int(ran["version"].split(".")[1]) >= 28
    assert [r["jsnull"] for r in funcs] == (sent if modern else [0] * len(sent))


def test_meta_is_the_same_as_under_cpython(ran):
    got = {k: v for k, v in ran["out"]["results"][0].items() if k != "jsnull"}
    assert got == ran["meta"]
    names = {s["function_name"] for s in ran["meta"]["scripts"]}
    assert {"import_scores", "import_pasted_sheet", "fill", "plan", "check", "report", "progress", "export"} <= names


def test_every_script_records_the_cpython_actions(ran):
    results = ran["out"]["results"][1 : 1 + len(ran["scripts"])]
    for script, got, want in zip(ran["scripts"], results, ran["cpython"], strict=True):
        assert "error" not in got, (script["name"], got)
        assert got["actions"], script["name"]
        if script["name"] == "export":  # in a browser there is no file to write: the command says so
            assert [a["func"] for a in got["actions"]] == ["alert"] and "Lite" in got["actions"][0]["args"][0]
            continue
        assert got["actions"] == want["actions"], script["name"]
    by_name = {s["name"]: r for s, r in zip(ran["scripts"], results, strict=True)}
    writes = [a for a in by_name["fill"]["actions"] if a["func"] == "setValues"]
    assert writes and by_name["fill"]["actions"][-1]["func"] == "alert"


def test_every_udf_of_excel_udfs_is_registered_by_lite(ran):
    """The functions Lite's runtime collects from main.py (``custom_functions_meta`` in Pyodide) are
    the wrappers of ``ita_xl/excel/udfs.py``, which main.py imports, not copies of them: each with
    its parameters and every description the desktop wrapper carries."""
    collected = {f["name"]: f for f in ran["out"]["results"][0]["functions"]["functions"]}
    assert sorted(collected) == sorted(f.__name__.upper() for f in udfs.UDFS)
    for f in udfs.UDFS:
        meta = collected[f.__name__.upper()]
        assert meta["description"] == f.__doc__.strip()
        assert [p["name"] for p in meta["parameters"]] == list(inspect.signature(f).parameters)
        assert all(p.get("description") for p in meta["parameters"]), f.__name__


def test_every_func_returns_what_the_cell_shows(ran):
    results = ran["out"]["results"][1 + len(ran["scripts"]) :]
    got = [r.get("result", r) for r in results]
    assert got == [want for _, want in FUNCS]
    names = {c["data"]["func_name"].upper() for c, _ in FUNCS}
    assert names == {f["name"] for f in ran["meta"]["functions"]["functions"]}
    assert names == {f.__name__.upper() for f in udfs.UDFS}  # each UDF computes in Pyodide


def test_ready_workbook_from_pasted_itas_text_to_the_plan(tmp_path):
    """Staff's steps on the ready Lite workbook of ``workbook/``, on the runtime Lite uses now: the
    ITAS text pasted into the import script, then the fill button's script. Each script's actions,
    replayed onto the file, give what the headless commands give, and the plan is filled."""
    version = max(runtimes(), key=lambda v: tuple(map(int, v.split("."))))
    ready = ROOT / "workbook" / f"ita_{default_year()}_lite.xlsx"
    if not ready.exists():
        pytest.fail(f"{ready} missing: run scripts/build_workbooks.py")
    headless, book = tmp_path / "a" / ready.name, tmp_path / "b" / ready.name
    for path in (headless, book):
        path.parent.mkdir()
        shutil.copy(ready, path)
    code = lite.extract(book)
    rows = list(synthetic_rows(1, year=default_year(), seed=1))
    pasted = "\n".join(f"{r[4]} ข้อคำถาม\t{r[5]}" for r in rows)
    run_headless(headless, commands.import_scores, parse_pasted(pasted, default_year()))
    run_headless(headless, ACTIONS["fill"])  # the fill button's: analysis, plan and both document sheets
    for name, args in (("import_scores", [pasted, 0]), ("fill", [])):
        call = {"kind": "script", "name": name, "payload": payload_of(book), "args": args}
        (tmp_path / name).mkdir()
        out = run_pyodide(version, tmp_path / name, code["main.py"], code["requirements.txt"], [call])
        (result,) = out["results"]
        assert "error" not in result, result
        replay_onto(book, result["actions"])
    assert diff(values(headless), values(book)) == []
    plan = values(book)[L.SHEETS["plan"].name]
    assert sum(1 for row in plan[3:] if any(v not in (None, "") for v in row)) >= 5
