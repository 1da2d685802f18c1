"""A desktop workbook's file name as the Python module its buttons import (xlwings' ``SampleCall``
runs ``import <workbook stem>``): whether a stem can be one, and one close to it that can."""

from __future__ import annotations

import keyword
import re


def is_valid_module_name(stem: str) -> bool:
    """Whether a file stem can be imported by xlwings' ``SampleCall`` (``import <stem>``).

    >>> is_valid_module_name("ita_lampang_2566"), is_valid_module_name("ita-ลำปาง"), is_valid_module_name("2566")
    (True, False, False)
    """
    return stem.isascii() and stem.isidentifier() and not keyword.iskeyword(stem)


def suggest_module_name(stem: str) -> str:
    """An importable stem close to ``stem``.

    >>> suggest_module_name("ita-ลำปาง 2566")
    'ita_2566'
    """
    s = re.sub(r"[^0-9A-Za-z_]+", "_", stem.encode("ascii", "ignore").decode()).strip("_")
    s = re.sub(r"_+", "_", s)
    if not s or s[0].isdigit():
        s = "ita_" + s if s else "ita_workbook"
    return s if is_valid_module_name(s) else s + "_wb"
