"""Kept for workbooks made before 0.2, whose xlwings.conf names ``ita_xl.udfs`` as UDF Modules: see
:mod:`ita_xl.excel.udfs`."""

from ita_xl.excel.udfs import *  # noqa: F403
