"""Lite sheet buttons: a picture per working sheet, hyperlinked to the cell its script names —
also after ``fill`` has saved the workbook through openpyxl (which drops picture links by itself)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from ita_xl import lite
from ita_xl.cli import main
from ita_xl.workbook import layout as L
from ita_xl.workbook import piclinks


def link_targets(path: Path) -> dict[str, list[str | None]]:
    return {sheet: [t.replace("'", "").lstrip("#") if t else t for t in ts] for sheet, ts in piclinks.links_by_sheet(path).items()}


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
