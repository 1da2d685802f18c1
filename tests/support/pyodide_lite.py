"""Inside Pyodide: what xlwings Lite does with a workbook's code (run by pyodide_runner.mjs).

1. install requirements.txt with micropip (each from the local wheel the runner put in ``emfs:``);
2. run main.py as the module ``main`` with ``XLWINGS_ON_SERVER=true`` (xlwings then binds
   ``@script``/``@func`` to its server implementation, as in Lite);
3. answer calls through xlwings' own entry points: ``custom_scripts_meta``/``custom_functions_meta``,
   ``custom_scripts_call`` on ``xw.Book(json=payload)`` (returning the recorded actions) and
   ``custom_functions_call``.
"""

import json
import os
import re
import sys
import types


async def run(request_json):
    request = json.loads(request_json)
    import micropip

    installed = []
    for line in request["requirements"].splitlines():
        req = line.split("#", 1)[0].strip()
        if not req:
            continue
        name = re.split(r"[=<>!~\[ ;]", req, maxsplit=1)[0].lower()
        if name not in request["local"]:
            raise RuntimeError(f"requirements.txt needs {req!r}: no local wheel, Lite would need an index")
        await micropip.install(request["local"][name])
        installed.append(name)
    os.environ["XLWINGS_ON_SERVER"] = "true"
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings as xw
    from xlwings import server

    main = types.ModuleType("main")
    main.__file__ = "main.py"
    sys.modules["main"] = main
    exec(compile(request["main_py"], "main.py", "exec"), main.__dict__)

    results = []
    for call in request["calls"]:
        kind = call["kind"]
        try:
            if kind == "meta":
                results.append({"scripts": server.custom_scripts_meta(main),
                                "functions": server.custom_functions_meta(main)})
            elif kind == "script":
                book = xw.Book(json=call["payload"])
                await server.custom_scripts_call(main, call["name"], typehint_to_value={xw.Book: book},
                                                 args=call.get("args"))
                results.append({"actions": book.json()["actions"]})
            elif kind == "func":
                results.append({"result": await server.custom_functions_call(call["data"], main)})
            else:
                raise ValueError(kind)
        except Exception as exc:  # reported per call, so one failure names itself
            results.append({"error": f"{type(exc).__name__}: {exc}"})
    modules = sorted({m.split(".")[0] for m in sys.modules})
    ita = {m: getattr(sys.modules[m], "__file__", None) for m in sys.modules if m.startswith("ita_xl")}
    return json.dumps({"installed": installed, "results": results, "modules": modules, "ita_xl_files": ita,
                       "platform": sys.platform, "python": sys.version.split()[0]},
                      ensure_ascii=False, default=str)
