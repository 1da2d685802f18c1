"""Call UDFs the way desktop Excel does, through xlwings' own ``xlfunc`` and ``call_udf``, on Linux.

On Windows, ``xlwings.func``/``arg`` are ``xlwings.udfs.xlfunc``/``xlarg``; the VBA wrapper that
*Import Functions* writes calls ``call_udf(module, name, args, ThisWorkbook, Application.Caller)``,
which converts each argument with ``xlwings.conversion.read`` and the result with
``conversion.write``: what that returns is what the cell shows. That module needs pywin32, so
here pywin32 is stubbed (only the names ``xlwings.udfs`` touches at import) and so is the COM
side of a Range (:class:`ComRange` holds the values Excel's ``Range.Value`` would give:
floats, ``None`` for blanks, tuples of rows). Everything in between is xlwings' real code.

Run in a fresh process (``python -m support.desktop_udfs < requests.json``): it rebinds
``xlwings.func``/``arg`` before importing ``ita_xl.excel.udfs``.
"""

from __future__ import annotations

import json
import sys
import types

MISSING = -2147352572  # what VBA passes for an omitted Optional argument (DISP_E_PARAMNOTFOUND)


class ComRange:
    """A worksheet range as the VBA wrapper hands it over (a COM Range object)."""

    def __init__(self, value):
        self.value = value


def _stub_pywin32() -> None:
    for name in ("pythoncom", "pywintypes", "win32api", "win32com", "win32com.client"):
        sys.modules.setdefault(name, types.ModuleType(name))
    sys.modules["win32com.client"].Dispatch = lambda *a, **k: None
    sys.modules["pywintypes"].com_error = type("com_error", (Exception,), {})
    sys.modules["pythoncom"].CoInitialize = lambda: None
    import datetime as dt

    sys.modules["pywintypes"].TimeType = type("TimeType", (dt.datetime,), {})  # pywin32's COM date


_XLWINDOWS_PARTS = ("time_types", "cell_errors", "_com_time_to_datetime", "_datetime_to_com_time",
                    "_clean_value_data_element", "Engine")


def _excel_engine():
    """xlwings' own desktop ``Engine`` (how COM values are cleaned on read and prepared on write),
    taken from ``xlwings/_xlwindows.py`` by name: that module cannot be imported off Windows
    (ctypes.windll), but these definitions are plain Python."""
    import ast
    import datetime as dt
    import importlib.util
    from pathlib import Path

    source = Path(importlib.util.find_spec("xlwings").origin).with_name("_xlwindows.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    wanted = []
    for node in tree.body:
        names = [node.name] if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else [
            t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
        if any(n in _XLWINDOWS_PARTS for n in names):
            wanted.append(node)
    found = {n.name if hasattr(n, "name") else n.targets[0].id for n in wanted}
    missing = set(_XLWINDOWS_PARTS) - found
    assert not missing, f"xlwings/_xlwindows.py changed: {missing} not found"
    try:
        import numpy as np
    except ImportError:  # pragma: no cover
        np = None
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    namespace = {"dt": dt, "np": np, "pd": pd, "pywintypes": sys.modules["pywintypes"],
                 "Apps": lambda: None, "__name__": "xlwings._xlwindows_parts"}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), "xlwings/_xlwindows.py", "exec"), namespace)  # noqa: S102
    return namespace["Engine"]()


class _AppImpl:
    pid = 1
    engine = None  # set in install()


class _BookImpl:
    app = _AppImpl()


class _SheetImpl:
    book = _BookImpl()


def _range_impl_class():
    from xlwings import base_classes

    class RangeImpl(base_classes.Range):
        """xlwings' ``_xlwindows.Range`` reduced to what reading a UDF argument uses: the COM
        ``Range.Value`` (a scalar for one cell, a tuple of row tuples for more)."""

        sheet = _SheetImpl()

        def __init__(self, xl=None):
            self.xl = xl

        @property
        def raw_value(self):
            return None if self.xl is None else self.xl.value

        @property
        def shape(self):
            v = None if self.xl is None else self.xl.value
            return (len(v), len(v[0])) if isinstance(v, tuple) else (1, 1)

    return RangeImpl


def install() -> types.ModuleType:
    """Stubs in place, xlwings' desktop decorators bound; returns ``xlwings.udfs``."""
    _stub_pywin32()
    import xlwings
    from xlwings import Engine

    import xlwings.udfs as xu

    win = types.ModuleType("xlwings._xlwindows")
    win.Range = _range_impl_class()
    win.is_range_instance = lambda a: isinstance(a, ComRange)
    win.BOOK_CALLER = None
    sys.modules["xlwings._xlwindows"] = xlwings._xlwindows = win
    com_server = types.ModuleType("xlwings.com_server")
    com_server.loop = None
    sys.modules["xlwings.com_server"] = com_server
    engine = _excel_engine()
    _AppImpl.engine = engine
    if "excel" not in [e.name for e in xlwings.engines]:
        xlwings.engines.add(Engine(impl=engine))
    # what `from xlwings import func, arg, ret` gives on Windows
    xlwings.func, xlwings.arg, xlwings.ret = xu.xlfunc, xu.xlarg, xu.xlret
    return xu


def _decode(arg):
    if isinstance(arg, dict) and "range" in arg:
        value = arg["range"]
        if isinstance(value, list):
            value = tuple(tuple(row) for row in value)
        return ComRange(value)
    if arg == "MISSING":
        return MISSING
    return arg


def call(xu, module: str, name: str, args: list):
    """``call_udf`` as the VBA wrapper calls it; an exception is what the cell would show as text."""
    try:
        return {"value": xu.call_udf(module, name, tuple(_decode(a) for a in args))}
    except Exception as exc:  # noqa: BLE001 - xlwings shows the error text in the cell
        return {"error": f"{type(exc).__name__}: {exc}"}


if __name__ == "__main__":
    requests = json.load(sys.stdin)
    xu = install()
    import importlib

    module = importlib.import_module(requests["module"])
    info = {f.__name__: f.__xlfunc__ for f in module.UDFS}
    out = {
        "meta": {name: {"args": [a["name"] for a in x["args"]], "ret": {k: repr(v) for k, v in x["ret"]["options"].items()},
                        "arg_options": {a["name"]: {k: repr(v) for k, v in a["options"].items()} for a in x["args"]}}
                 for name, x in info.items()},
        "calls": [call(xu, requests["module"], c["name"], c["args"]) for c in requests["calls"]],
        # what Import Functions writes a VBA wrapper for (xlwings.udfs.generate_vba_wrapper: dir(module))
        "registered": sorted(getattr(module, a).__xlfunc__["name"] for a in dir(module)
                             if hasattr(getattr(module, a), "__xlfunc__")),
    }
    json.dump(out, sys.stdout, ensure_ascii=False, default=repr)
