"""Inside Pyodide: what xlwings Lite does with a workbook's code (run by pyodide_runner.mjs).

1. :func:`setup`: install requirements.txt with micropip (each from the local wheel the runner put
   in ``emfs:``), then run main.py as the module ``main`` with ``XLWINGS_ON_SERVER=true`` (xlwings
   then binds ``@script``/``@func`` to its server implementation, as in Lite);
2. :func:`call`, once per call, each a JavaScript object as Excel hands it to Lite (converted here
   with ``.to_py()``, so an empty cell is ``jsnull`` on Pyodide 0.28 and later): xlwings' own entry
   points ``custom_scripts_meta``/``custom_functions_meta``, ``custom_scripts_call`` on
   ``xw.Book(json=payload)`` (returning the recorded actions) and ``custom_functions_call``;
3. :func:`finish`: what was installed and imported, the platform and Python version.
"""

import json
import os
import re
import sys
import types

MAIN = None


async def setup(requirements, local_json, main_py):
    global MAIN
    local = json.loads(local_json)
    import micropip

    installed = []
    for line in requirements.splitlines():
        req = line.split("#", 1)[0].strip()
        if not req:
            continue
        name = re.split(r"[=<>!~\[ ;]", req, maxsplit=1)[0].lower()
        if name not in local:
            raise RuntimeError(f"requirements.txt needs {req!r}: no local wheel, Lite would need an index")
        await micropip.install(local[name])
        installed.append(name)
    os.environ["XLWINGS_ON_SERVER"] = "true"
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    MAIN = types.ModuleType("main")
    MAIN.__file__ = "main.py"
    sys.modules["main"] = MAIN
    exec(compile(main_py, "main.py", "exec"), MAIN.__dict__)
    return json.dumps(installed)


def _nulls(value):
    """How many ``jsnull`` a converted call holds (0 where Pyodide converts null to None)."""
    try:
        from pyodide.ffi import JsNull
    except ImportError:  # Pyodide before 0.28
        return 0
    if isinstance(value, JsNull):
        return 1
    if isinstance(value, dict):
        return sum(_nulls(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_nulls(v) for v in value)
    return 0


async def call(js_call):
    import xlwings as xw
    from xlwings import server

    request = js_call.to_py()  # as Lite converts what Excel sent
    kind = request["kind"]
    out = {"nulls": _nulls(request)}
    try:
        if kind == "meta":
            out.update(scripts=server.custom_scripts_meta(MAIN), functions=server.custom_functions_meta(MAIN))
        elif kind == "script":
            book = xw.Book(json=request["payload"])
            await server.custom_scripts_call(MAIN, request["name"], typehint_to_value={xw.Book: book},
                                             args=request.get("args"))
            out["actions"] = book.json()["actions"]
        elif kind == "func":
            out["result"] = await server.custom_functions_call(request["data"], MAIN)
        else:
            raise ValueError(kind)
    except Exception as exc:  # reported per call, so one failure names itself
        out["error"] = f"{type(exc).__name__}: {exc}"
    return json.dumps(out, ensure_ascii=False, default=repr)


def finish(installed_json, results_json):
    modules = sorted({m.split(".")[0] for m in sys.modules})
    ita = {m: getattr(sys.modules[m], "__file__", None) for m in sys.modules if m.startswith("ita_xl")}
    return json.dumps({"installed": json.loads(installed_json), "results": json.loads(results_json),
                       "modules": modules, "ita_xl_files": ita, "platform": sys.platform,
                       "python": sys.version.split()[0]}, ensure_ascii=False, default=str)
