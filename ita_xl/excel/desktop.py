"""Desktop Excel entry points (classic xlwings ``RunPython``) and the UDFs for *UDF Modules*.

The workbook's shim ``<workbook stem>.py`` beside it holds ``from ita_xl.excel.desktop import main``, so
xlwings' stock ``SampleCall`` macro (``import <stem>; <stem>.main()``) runs the command of the
active sheet. A button that knows its own name can call ``on_button`` instead:
``RunPython "import ita_xl.excel.desktop as d; d.on_button('btn_fill')"``.
"""

from __future__ import annotations

import xlwings as xw

from ita_xl.errors import InputError
from ita_xl.excel.udfs import (  # noqa: F401 - re-exported: UDF Modules may name ita_xl.excel.desktop
    ita_gap,
    ita_gaps,
    ita_level,
    ita_status,
    ita_thai,
    ita_tool,
    ita_total,
    ita_weakest,
    ita_weakest_list,
)
from ita_xl.report.sheet import ACTIONS, BY_SHEET
from ita_xl.excel import book as xwio

NO_COMMAND_TH = "แผ่นงาน “{sheet}” ไม่มีคำสั่งให้ทำงาน ให้เลือกแผ่นงานที่มีปุ่มคำสั่ง ({sheets}) แล้วกดปุ่มอีกครั้ง"
NO_COMMAND_EN = "Sheet “{sheet}” has no command. Select a sheet with a command button ({sheets}) and click it again."
NO_BUTTON_TH = "ไม่รู้จักปุ่ม “{name}” โปรดสร้างสมุดงานใหม่ด้วย ita-xl new หรือแจ้งผู้ดูแล"
NO_BUTTON_EN = "Unknown button “{name}”. Rebuild the workbook with `ita-xl new` or tell your administrator."


def _alert(book: xw.Book, th: str, en: str, critical: bool = True) -> None:
    book.app.alert(f"{th}\n\n{en}", title="ITA", buttons="ok", mode="critical" if critical else "info")


def _run(book: xw.Book, command) -> None:
    try:
        xwio.run(book, command)
    except InputError as exc:
        _alert(book, f"{exc.where()}: {exc.message_th}", exc.message_en)


def main() -> None:
    """Run the command of the active sheet (what every sheet button's macro calls)."""
    book = xw.Book.caller()
    sheet = book.sheets.active.name
    command = BY_SHEET.get(sheet)
    if command is None:
        names = ", ".join(BY_SHEET)
        _alert(book, NO_COMMAND_TH.format(sheet=sheet, sheets=names), NO_COMMAND_EN.format(sheet=sheet, sheets=names))
        return
    _run(book, command)


def command_for_button(name: str):
    """A button is named after its command (``btn_fill`` → ``fill``) or after its sheet.

    Returns ``None`` for a name that matches neither.
    """
    key = name.strip()
    if key in BY_SHEET:
        return BY_SHEET[key]
    key = key.removeprefix("btn_").removeprefix("btn-")
    if key in ACTIONS:
        return ACTIONS[key]
    for command in BY_SHEET.values():
        if getattr(command, "__name__", "") == key:
            return command
    return None


def on_button(name: str) -> None:
    """Run the command a named button stands for, whatever sheet is active."""
    book = xw.Book.caller()
    command = command_for_button(name)
    if command is None:
        _alert(book, NO_BUTTON_TH.format(name=name), NO_BUTTON_EN.format(name=name))
        return
    _run(book, command)
