"""Run an xlwings Lite ``main.py`` the way Lite's Pyodide runtime does, in this process.

Must run with ``XLWINGS_ON_SERVER=true`` (xlwings then binds ``script``/``func`` to its server
implementation) — so always in a subprocess: ``python -m support.lite_runner < request.json``.

Request (JSON on stdin, or a list of them): ``{"main_py": source, "kind": "meta" | "script" | "func", ...}``
* script: ``"payload"`` (Office.js book data), ``"name"``, ``"args"`` → ``{"actions": [...]}``
* func: ``"data"`` (``custom_functions_call`` body) → ``{"result": ...}``
* meta: → ``{"scripts": custom_scripts_meta, "functions": custom_functions_meta}``
"""

from __future__ import annotations

import asyncio
import json
import sys
import types


def load_main(source: str) -> types.ModuleType:
    module = types.ModuleType("main")
    module.__file__ = "main.py"
    sys.modules["main"] = module
    exec(compile(source, "main.py", "exec"), module.__dict__)  # noqa: S102 - our own main.py
    return module


def handle(request: dict) -> dict:
    for name in request.get("block", []):  # modules Lite cannot install (no pure-Python wheel)
        sys.modules[name] = None  # type: ignore[assignment]
    import xlwings as xw
    from xlwings import server

    main = load_main(request["main_py"])
    kind = request["kind"]
    if kind == "meta":
        return {"scripts": server.custom_scripts_meta(main), "functions": server.custom_functions_meta(main)}
    if kind == "script":
        book = xw.Book(json=request["payload"])
        asyncio.run(
            server.custom_scripts_call(main, request["name"], typehint_to_value={xw.Book: book}, args=request.get("args"))
        )
        return {"actions": book.json()["actions"]}
    if kind == "func":
        return {"result": asyncio.run(server.custom_functions_call(request["data"], main))}
    raise ValueError(kind)


if __name__ == "__main__":
    req = json.load(sys.stdin)
    out = [handle(r) for r in req] if isinstance(req, list) else handle(req)
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)
