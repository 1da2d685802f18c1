"""Optional modules: which package a missing module comes from, by its real PyPI name.

The base install runs every command; an optional module only adds an option (``--scheduler`` needs
Dask) or speed (python-calamine, isal). A command that reaches a missing optional module gets one
line naming the package to install, never a traceback (the CLI calls :func:`missing_message`). No
index serves ``ita-xl`` itself (it is installed from the release's wheel file), so the line names
the missing package, not an extra of ita-xl.
"""

from __future__ import annotations

# Module (top-level import name) -> what ``pip install`` takes, for the optional ones.
EXTRAS = {
    "distributed": "dask[distributed]",
    "dask": "dask[distributed]",
    "python_calamine": "python-calamine",
    "isal": "isal",
    "oletools": "oletools",
    "hypothesis": "hypothesis",
    "pdfplumber": "pdfplumber",
}
# Import names that differ from the PyPI name, among the base install's modules.
PYPI_NAMES = {**EXTRAS, "docx": "python-docx", "PIL": "pillow", "win32com": "pywin32", "pythoncom": "pywin32"}


def pip_line(module: str | None) -> str:
    """``pip install "<package>"`` for a missing module, by the package's PyPI name.

    >>> pip_line("docx"), pip_line("matplotlib.pyplot"), pip_line("distributed")
    ('pip install "python-docx"', 'pip install "matplotlib"', 'pip install "dask[distributed]"')
    """
    top = (module or "").split(".")[0]
    return f'pip install "{PYPI_NAMES.get(top, top.replace("_", "-"))}"'


def missing_message(exc: ModuleNotFoundError) -> str | None:
    """The line to print for a missing optional module, ``None`` for any other missing module.

    >>> missing_message(ModuleNotFoundError("No module named 'distributed'", name="distributed"))
    'ต้องติดตั้งส่วนเสริม / this needs an optional package: pip install "dask[distributed]" (distributed is not installed)'
    >>> missing_message(ModuleNotFoundError("x", name="nothing_of_ours")) is None
    True
    """
    top = (exc.name or "").split(".")[0]
    if top not in EXTRAS:
        return None
    return f"ต้องติดตั้งส่วนเสริม / this needs an optional package: {pip_line(top)} ({top} is not installed)"
