"""Kept for workbooks made before 0.2, whose shim says ``from ita_xl.desktop import main``: see
:mod:`ita_xl.excel.desktop`."""

from ita_xl.excel.desktop import *  # noqa: F403
from ita_xl.excel.desktop import main, on_button  # noqa: F401
