"""ita_xl: the NACC ITA analysis and action plan, from scores to workbook and report.

The package face is a handful of names (``__all__``), loaded when first used so that
``import ita_xl`` and ``ita-xl --help`` stay fast:

>>> import ita_xl
>>> from ita_xl.io.case import SAMPLE
>>> result = ita_xl.analyze(ita_xl.read_case(SAMPLE))
>>> result.assessment_year, result.framework is ita_xl.load_framework(2566)
(2566, True)
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

__all__ = [
    "analyze", "load_framework", "read_scores", "read_case", "new_workbook", "fill_workbook", "InputError", "Result",
]

# name -> (module, attribute): imported on first use (PEP 562)
_FACE = {
    "analyze": ("ita_xl.io.frameworks", "analyze"),
    "load_framework": ("ita_xl.io.frameworks", "load"),
    "read_scores": ("ita_xl.io.scores", "read_scores"),
    "read_case": ("ita_xl.io.case", "read_case"),
    "new_workbook": ("ita_xl.xlsx.template", "build_workbook"),
    "fill_workbook": ("ita_xl.report.files", "fill_workbook"),
    "InputError": ("ita_xl.errors", "InputError"),
    "Result": ("ita_xl.core.engine", "Result"),
}


def __getattr__(name: str):
    if name not in _FACE:
        raise AttributeError(f"module 'ita_xl' has no attribute {name!r}")
    module, attr = _FACE[name]
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
