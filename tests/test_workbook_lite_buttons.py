"""Lite sheet buttons: a picture per working sheet, hyperlinked to the cell its script names —
also after ``fill`` has saved the workbook."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

import pytest

from ita_xl.xlsx import lite
from ita_xl.cli import main
from ita_xl.workbook import layout as L
from ita_xl.xlsx.patch import Book


def link_targets(path: Path) -> dict[str, list[str | None]]:
    """For each sheet, the hyperlink targets of its drawing's pictures, in document order."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for sheet, part in Book(path).sheet_part.items():
            rels = _rels(z, part)
            for drawing in [t for t in rels.values() if "/drawings/drawing" in t]:
                links = _rels(z, drawing)
                targets = re.findall(r'hlinkClick\b[^>]*\br:id="([^"]+)"', z.read(drawing).decode())
                out[sheet] = [links[t].replace("'", "").lstrip("#") for t in targets]
    return {s: t for s, t in out.items() if t}


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Id -> target (a part beside ``part``, or a link as written) of ``part``'s relationships."""
    folder, name = part.rsplit("/", 1)
    rels = f"{folder}/_rels/{name}.rels"
    xml = z.read(rels).decode() if rels in z.namelist() else ""
    out = {}
    for rid, target in re.findall(r'<Relationship Id="([^"]+)" Type="[^"]*" Target="([^"]+)"', xml):
        out[rid] = target if target.startswith("#") else posixpath.normpath(posixpath.join(folder, target))
    return out


def dangling_links(path: Path) -> list[str]:
    """hlinkClick ids that name no hyperlink relationship of their drawing."""
    bad = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not re.fullmatch(r"xl/drawings/drawing\d+\.xml", name):
                continue
            rels_name = name.replace("drawings/", "drawings/_rels/") + ".rels"
            rels = z.read(rels_name).decode() if rels_name in z.namelist() else ""
            for rid in re.findall(r'hlinkClick\b[^>]*\br:id="([^"]+)"', z.read(name).decode()):
                if not re.search(rf'Id="{rid}"[^>]*relationships/hyperlink|relationships/hyperlink"[^>]*Id="{rid}"', rels):
                    bad.append(f"{name}:{rid}")
    return bad


@pytest.fixture()
def lite_book(tmp_path) -> Path:
    p = tmp_path / "ita_lite.xlsx"
    assert main(["new", str(p), "--sample", "--runtime", "lite"]) == 0
    return p


def test_every_working_sheet_has_a_button_picture_linked_to_its_script_cell(lite_book):
    links = link_targets(lite_book)
    assert links == {s.name: [f"{s.name}!{lite.button_cell(s.key)}"] for s in L.working_sheets()}
    assert not dangling_links(lite_book)


def test_fill_keeps_the_button_links_and_the_lite_code(lite_book):
    before = link_targets(lite_book)
    code = lite.extract(lite_book)["main.py"]
    assert main(["fill", str(lite_book)]) == 0
    assert link_targets(lite_book) == before
    assert not dangling_links(lite_book)
    assert lite.extract(lite_book)["main.py"] == code


def _pixels(png: bytes):
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png))
    return img.size, img.convert("RGBA").tobytes()


def test_button_pictures_show_their_captions(lite_book):
    """One picture per distinct caption, each different, white text on the button colour."""
    from ita_xl.xlsx import buttons as template

    with zipfile.ZipFile(lite_book) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("xl/media/")]
    captions = {s.button for s in L.working_sheets()}
    assert len({_pixels(m)[1] for m in media}) == len(captions)
    size, px = _pixels(template.lite_button_png("ตรวจสอบ", "check"))
    assert size == template.BUTTON_PX
    white = sum(1 for i in range(0, len(px), 4) if px[i : i + 3] == b"\xff\xff\xff")
    assert white > 200  # the caption is drawn, not a blank plate


def test_buttons_stay_distinct_without_a_thai_font(monkeypatch):
    from ita_xl.io import fonts
    from ita_xl.xlsx import buttons as template

    monkeypatch.setattr(template, "thai_font", lambda: fonts.ThaiFont(family="none"))  # the name buttons use
    template.lite_button_png.cache_clear()
    try:
        pics = {_pixels(template.lite_button_png(s.button, s.command))[1] for s in L.working_sheets()}
    finally:
        template.lite_button_png.cache_clear()
    assert len(pics) == len({s.command for s in L.working_sheets()})
