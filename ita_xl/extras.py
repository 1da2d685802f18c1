"""Optional extras: which ``pip install "ita-xl[...]"`` brings a missing module.

The base install runs every command; an extra only adds an option (``--scheduler`` needs Dask)
or speed (python-calamine, isal). A command that reaches a missing optional module gets one line
naming the extra, never a traceback (the CLI calls :func:`missing_message`).
"""

from __future__ import annotations

EXTRAS = {
    "distributed": "cluster",
    "dask": "cluster",
    "python_calamine": "fast",
    "isal": "fast",
    "oletools": "test",
    "hypothesis": "test",
}


def missing_message(exc: ModuleNotFoundError) -> str | None:
    """The line to print for a missing optional module, ``None`` for any other missing module.

    >>> missing_message(ModuleNotFoundError("No module named 'distributed'", name="distributed"))
    'ต้องติดตั้งส่วนเสริม / this needs an optional extra: pip install "ita-xl[cluster]" (distributed is not installed)'
    >>> missing_message(ModuleNotFoundError("x", name="nothing_of_ours")) is None
    True
    """
    top = (exc.name or "").split(".")[0]
    extra = EXTRAS.get(top)
    if extra is None:
        return None
    return f'ต้องติดตั้งส่วนเสริม / this needs an optional extra: pip install "ita-xl[{extra}]" ({top} is not installed)'
