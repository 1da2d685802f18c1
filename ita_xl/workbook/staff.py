"""What staff typed: a cell's text as a document prints it, and the plan's staff columns (owner
override, status, progress, evidence, notes, what was done, the result) as the reports read them (:func:`staff_row`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ita_xl.core.thai import arabic_digits
from ita_xl.errors import InputError
from ita_xl.io.scores import parse_score
from ita_xl.workbook import layout as L
from ita_xl.workbook.ops import Formula, Snapshot

def blank(v: object) -> bool:
    """An empty cell: None or only white space."""
    return v is None or (isinstance(v, str) and not v.strip())


_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")  # besides VT and FF


def cell_text(v: object) -> str:
    r"""A cell's text, stripped, as a document can print it: a vertical tab or form feed (a Word
    line break pasted into Excel, ``_x000B_`` in the file) is a line break, and the other control
    characters, which XML 1.0 cannot hold (a DOCX is XML), are dropped; tab and newline stay.

    >>> cell_text("ก\x0bข\x0cค\x01\x1f "), cell_text(5.0), cell_text(None), cell_text("ก\tข")
    ('ก\nข\nค', '5', '', 'ก\tข')
    """
    if blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    s = str(v)
    if not s.isprintable():  # the fast path: plain text is printable
        s = _ILLEGAL.sub("", s.translate(_BREAKS))
    return s.strip()


def percent(value: object, where: str) -> tuple[float | None, str]:
    """A percent cell (the plan's progress) in percent points, and a note on how it was read ("" when
    there is nothing to say); ``where`` names the cell.

    The template formats the column as a number from 0 to 100, so 40 is 40 %; a percent typed with
    its sign (``40%``) is stored by Excel and LibreOffice as the fraction 0.4 (and the cell turns
    percent-formatted). Values alone tell them apart by size: below 2 is a fraction (0.4 is 40 %,
    1 is 100 %, 1.5 is 150 %), from 2 on percent points; text with its ``%`` (``"40%"``, ``"๔๐ %"``)
    is percent points as written. Over 100 % is read as 100 % with a note naming the cell (progress
    cannot pass done); a negative or a non-number is refused with the cell.

    >>> percent(0.4, "K4"), percent(1, "K4"), percent(40, "K4"), percent("๔๐%", "K4"), percent(None, "K4")
    ((40.0, ''), (100.0, ''), (40.0, ''), (40.0, ''), (None, ''))
    >>> percent(1.5, "K4")
    (100.0, 'K4: progress 150 % is over 100 %: read as 100 % / ความคืบหน้าร้อยละ 150 เกินร้อยละ 100 จึงถือเป็นร้อยละ 100')
    """
    if blank(value):
        return None, ""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        x = None
    elif isinstance(value, str):
        raw = arabic_digits(value).replace(",", "").strip()
        sign = raw.endswith("%")
        x = parse_score(raw.rstrip("%").strip()) if raw.rstrip("%").strip() else None
        x = x if x is None or sign or x >= 2 else x * 100
    else:
        x = float(value) * 100 if value < 2 else float(value)
    if x is None or x != x:
        raise InputError(where, f"ความคืบหน้าต้องเป็นร้อยละ 0-100 ไม่ใช่ {cell_text(value)!r}",
                         f"progress must be a percent 0-100, not {cell_text(value)!r}")
    if x < 0:
        raise InputError(where, f"ความคืบหน้าต้องไม่ติดลบ ({cell_text(value)})", f"progress cannot be negative ({cell_text(value)})")
    if x > 100:
        shown = f"{x:.6g}"
        return 100.0, (f"{where}: progress {shown} % is over 100 %: read as 100 % "
                       f"/ ความคืบหน้าร้อยละ {shown} เกินร้อยละ 100 จึงถือเป็นร้อยละ 100")
    return x, ""


@dataclass
class StaffRow:
    """What staff typed in a plan row's staff columns, as the reports read it."""

    owner_override: str
    status: str
    progress: float | None  # percent points 0-100
    evidence: str
    notes: str
    done: str = ""  # what was done (the progress report's text per measure)
    result: str = ""  # the result against the measure's target
    note: str = ""  # how a cell was read, when that needs saying (a progress over 100 %)


def staff_row(snap: Snapshot, i: int) -> StaffRow:
    """The staff columns of plan row ``i`` (0-based): texts through :func:`cell_text`, progress
    through :func:`percent`. A cell holding a formula whose value the file does not hold (ita_xl
    wrote the sheet since Excel last computed it, and the formula refers to cells) is refused
    with its cell: ita_xl does not compute formulas; Excel or LibreOffice does, on saving."""
    T = L.PLAN
    r = T.first_row + i
    file = Path(snap.path).name or snap.path
    values = {}
    for key in L.PLAN_STAFF:
        c = T.col(key)
        v = snap.content(T.sheet, r, c)
        if type(v) is Formula and (r, c) in snap.uncomputed.get(T.sheet, ()):
            raise InputError(
                file, f"สูตรในเซลล์นี้ ({v.text}) ยังไม่มีค่าที่คำนวณแล้ว: เปิดสมุดงานใน Excel หรือ LibreOffice แล้วบันทึก จากนั้นส่งออกอีกครั้ง",
                f"the formula {v.text} has no computed value in the file: open the workbook in Excel or LibreOffice, "
                "save it, then export again", sheet=T.sheet, cell=L.cell(r, c))
        values[key] = snap.value(T.sheet, r, c)
    progress, note = percent(values["progress"], f"{file}: {T.sheet}!{T.cell('progress', i)}")
    return StaffRow(cell_text(values["owner_override"]), cell_text(values["status"]), progress,
                    cell_text(values["evidence"]), cell_text(values["notes"]), cell_text(values["done"]),
                    cell_text(values["result"]), note)
