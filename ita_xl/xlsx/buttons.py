"""The workbook's buttons: xlwings' VBA project and one Form button per working sheet (desktop
.xlsm, bound to ``SampleCall``), or a picture drawn with Pillow and hyperlinked to the cell Lite's
``@script(button=...)`` names (Lite has no form buttons)."""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from pathlib import Path

from ita_xl.errors import InputError
from ita_xl.io.fonts import thai_font
from ita_xl.workbook import layout as L
from ita_xl.xlsx.lite import button_cell


@lru_cache(maxsize=1)
def xlwings_vba_project() -> bytes:
    """``xl/vbaProject.bin`` of the installed xlwings' ``quickstart_standalone.xlsm``."""
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.find_spec("xlwings")  # found, not imported: importing it takes seconds
    if spec is None or not spec.origin:
        raise InputError(
            "xlwings", "ต้องติดตั้ง xlwings เพื่อสร้างไฟล์ .xlsm", "xlwings must be installed to build a desktop .xlsm"
        )
    src = Path(spec.origin).parent / "quickstart_standalone.xlsm"
    with zipfile.ZipFile(src) as z:
        return z.read("xl/vbaProject.bin")


# Module names in that project: ThisWorkbook, Sheet1, Sheet2, Module1 (SampleCall), xlwings,
# Dictionary. Sheet1/Sheet2 belong to its two sheets, so ours take those code names.
VBA_SHEET_NAMES = {"settings": "Sheet1", L.CONF_SHEET: "Sheet2"}
MACRO = "SampleCall"



def form_button(ws, spec: L.SheetSpec) -> None:
    row, col = (0, 3) if spec.key == "settings" else (1, 1)
    ws.insert_button(row, col, {
        "macro": MACRO,
        "caption": spec.button,
        "description": f"ita_xl command {spec.command} on sheet {spec.key}",
        "width": 190, "height": 34, "x_offset": 4, "y_offset": 2,
    })


BUTTON_PX = (380, 68)  # drawn at twice the size it shows (190 × 34 pt-ish): sharp on HiDPI screens


@lru_cache(maxsize=32)
def lite_button_png(caption: str, latin: str = "") -> bytes:
    """A button-like picture with its caption (Lite has no form buttons: REPORT §3.3), drawn with Pillow.

    The caption is set in the report's Thai font (Sarabun ships with the package; Thai marks are
    shaped with Raqm where Pillow has it). Should no Thai font be found, ``latin`` (the command's
    English name) is drawn in Pillow's own font instead, so buttons stay distinct and readable.
    """
    from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415

    font_file = None
    try:
        found = thai_font()
        font_file = found.bold or found.regular
    except Exception:  # noqa: BLE001 - no font machinery at all: the Latin fallback below
        font_file = None
    w, h = BUTTON_PX
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((1, 1, w - 2, h - 2), radius=14, fill="#1F4E79", outline="#163A5A", width=3)
    if font_file is not None:
        font, text = ImageFont.truetype(str(font_file), 34), caption
    else:
        font, text = ImageFont.load_default(26), latin or caption
    while draw.textlength(text, font=font) > w - 24 and font.size > 14:
        font = font.font_variant(size=font.size - 2)
    draw.text((w / 2, h / 2), text, font=font, fill="white", anchor="mm")
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def picture_button(ws, spec: L.SheetSpec) -> None:
    """A picture over the cell Lite's ``@script(button=...)`` names, hyperlinked to that cell."""
    cell = button_cell(spec.key)
    ws.insert_image(cell, f"button_{spec.key}.png", {
        "image_data": io.BytesIO(lite_button_png(spec.button, spec.command)),
        "x_scale": 0.5, "y_scale": 0.5,
        "url": f"internal:'{spec.name}'!{cell}",
        "tip": f"{spec.button} (xlwings Lite)",
        "description": f"ita_xl command {spec.command} on sheet {spec.key}",
        "object_position": 3,
    })
