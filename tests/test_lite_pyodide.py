"""The Lite workbook's own main.py in Pyodide (npm ``pyodide`` under Node), offline.

As xlwings Lite does: requirements.txt installed with micropip — here from local wheels only
(``scripts/setup.sh`` downloads them into ``.cache/wheels`` and the npm package into
``.cache/pyodide``), so a requirement that would need the package index fails — then main.py run
with xlwings' server entry points. Every ``@script`` is called on the sample workbook's payload
and must record exactly the actions the same main.py records under CPython (whose replay onto the
file equals the headless commands: tests/test_xlwings_lite.py); every ``@func`` is called and
checked. Network: ``fetch`` throws inside the runner, and the run is in a network namespace
without interfaces where ``unshare -n`` works. Skipped only when ``node`` is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.workbooks import payload_of

from ita_xl import lite
from ita_xl.io.case import sample_case

pytestmark = [pytest.mark.pyodide, pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")]

ROOT = Path(__file__).resolve().parents[1]
SUPPORT = Path(__file__).parent / "support"
CACHE = Path(os.environ.get("ITA_XL_CACHE", ROOT / ".cache"))
PYODIDE = CACHE / "pyodide" / "node_modules" / "pyodide"
WHEELS = CACHE / "wheels"


def _wheel(name: str) -> str:
    found = sorted(WHEELS.glob(f"{name}-*-py3-none-any.whl"))
    if not found:
        pytest.fail(f"{WHEELS}/{name}-*.whl missing: run scripts/setup.sh (it downloads the Lite test's wheels)")
    return str(found[-1])


def _offline_prefix() -> list[str]:
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-n"]
    return []


def run_pyodide(tmp_path: Path, main_py: str, requirements: str, calls: list[dict]) -> dict:
    if not (PYODIDE / "pyodide.mjs").exists():
        pytest.fail(f"{PYODIDE} missing: run scripts/setup.sh (npm install of pyodide)")
    request = {
        "pyodide": str(PYODIDE),
        "wheels": [_wheel("packaging"), _wheel("micropip")],
        "packages": {"xlwings": _wheel("xlwings")},
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


FUNCS = [
    (_func("ita_gap", [[72]], [[85]]), [[13.0]]),
    (_func("ita_gap", [[""]], None), [[""]]),  # an empty cell in, an empty-looking cell out
    (_func("ita_level", [[94.95]], [[2566]], [[97.0]], [[86.18]], [[100]]), [["ผ่านดี"]]),
    (_func("ita_total", [[97.006]], [[86.17666666]], [[100]], [[2566]]), [[94.95]]),
    (_func("ita_tool", [[100], [90], [""]]), [[95.0]]),
    (_func("ita_thai", [[1, 2.5], ["", "ก1"]], [[1]]), [["๑.๐", "๒.๕"], ["", "ก๑"]]),
    (_func("ita_status", [[100], [97.17]], None, None), [["พัฒนา/ปรับปรุง"]]),
    (_func("ita_weakest", [["i24"], ["i25"], ["i26"]], [[100], [94.43], [94.43]], None), [["i25, i26"]]),
    (_func("ita_weakest_list", [["i24"], ["i25"], ["i26"]], [[100], [94.43], [94.43]], None), [["i25"], ["i26"]]),
    (_func("ita_gaps", [[72], [100]], [[85]]), [[13.0], [0.0]]),
]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("lite") / "ita_lite.xlsx"
    from ita_xl.workbook.template import build_workbook

    build_workbook(path, case=sample_case(), runtime="lite")
    return path


@pytest.fixture(scope="module")
def ran(book, tmp_path_factory):
    code = lite.extract(book)
    main_py, requirements = code["main.py"], code["requirements.txt"]
    meta = run_cpython([{"kind": "meta"}], main_py)[0]
    payload = payload_of(book)
    case = sample_case()
    pasted = "\n".join(f"{c} ข้อคำถาม\t{s:.2f}" for c, s in case.scores.questions.items())
    scripts = [{"kind": "script", "name": s["function_name"], "payload": payload,
                "args": [pasted, 0] if s["function_name"] == "import_scores" else []} for s in meta["scripts"]]
    calls = [{"kind": "meta"}, *scripts, *(c for c, _ in FUNCS)]
    out = run_pyodide(tmp_path_factory.mktemp("pyodide"), main_py, requirements, calls)
    return {"meta": meta, "scripts": scripts, "out": out, "cpython": run_cpython(scripts, main_py)}


def test_runs_in_pyodide_with_only_xlwings_installed(ran):
    out = ran["out"]
    assert out["platform"] == "emscripten"
    assert out["installed"] == ["xlwings"]
    assert all(f and "ita_xl_bundle_" in f for f in out["ita_xl_files"].values()), out["ita_xl_files"]
    assert not {"pandas", "matplotlib", "openpyxl", "xlsxwriter", "docx", "numpy"} & set(out["modules"])


def test_meta_is_the_same_as_under_cpython(ran):
    assert ran["out"]["results"][0] == ran["meta"]
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


def test_every_func_returns_what_the_cell_shows(ran):
    results = ran["out"]["results"][1 + len(ran["scripts"]) :]
    got = [r.get("result", r) for r in results]
    assert got == [want for _, want in FUNCS]
    names = {c["data"]["func_name"].upper() for c, _ in FUNCS}
    assert names == {f["name"] for f in ran["meta"]["functions"]["functions"]}
