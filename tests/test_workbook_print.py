"""Print set-up: the indicator sheet's two charts side by side inside its print area, and the plan's
published columns on one A4 landscape width at a readable scale (measured in LibreOffice's PDF)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ita_xl.cli import main
from ita_xl.workbook import layout as L

RENDER = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                            reason="LibreOffice or poppler missing")


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("print") / "ita_print.xlsm"
    assert main(["new", str(path), "--sample"]) == 0
    return path


def _chart_anchors(path: Path, sheet: str) -> list[tuple[int, int, int, int]]:
    """(from col, from row, to col, to row), 0-based, of every chart on ``sheet``."""
    wb = openpyxl.load_workbook(path, read_only=True)
    index = wb.sheetnames.index(sheet) + 1
    with zipfile.ZipFile(path) as z:
        rels = z.read(f"xl/worksheets/_rels/sheet{index}.xml.rels").decode()
        drawing = re.search(r'Target="\.\./drawings/(drawing\d+\.xml)"', rels).group(1)
        xml = z.read(f"xl/drawings/{drawing}").decode()
    out = []
    for anchor in re.findall(r"<xdr:twoCellAnchor.*?</xdr:twoCellAnchor>", xml, re.S):
        if "graphicFrame" not in anchor:
            continue
        nums = [int(x) for x in re.findall(r"<xdr:(?:col|row)>(\d+)</xdr:(?:col|row)>", anchor)]
        out.append((nums[0], nums[1], nums[2], nums[3]))
    return out


def test_indicator_charts_side_by_side_inside_the_print_area(book):
    sheet = L.SHEETS["indicators"].name
    (a, b) = sorted(_chart_anchors(book, sheet))
    assert a[2] < b[0] or (a[2] == b[0])  # the first ends where (or before) the second starts
    assert a[1] == b[1]  # side by side
    area = openpyxl.load_workbook(book)[sheet].print_area
    last_col, last_row = re.search(r"\$([A-Z]+)\$(\d+)$", area).groups()
    assert max(a[2], b[2]) <= openpyxl.utils.column_index_from_string(last_col) - 1
    assert max(a[3], b[3]) <= int(last_row) - 1


def test_plan_prints_its_published_columns(book):
    ws = openpyxl.load_workbook(book)[L.SHEETS["plan"].name]
    n = L.PLAN.print_cols  # the published columns; the staff columns follow
    assert [c.key for c in L.PLAN.columns[:n]] == list(L.PLAN_GENERATED)
    last = openpyxl.utils.get_column_letter(n)
    assert ws.print_area.endswith(f"$A$1:${last}${L.PLAN.last_row}")
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)  # 1 is the default
    assert ws.page_setup.fitToHeight == 0  # as many pages down as it needs


def _word_width(pdf: Path, title: str, word: str) -> float:
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout).group(1))
    for i in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-bbox", str(pdf), "-"],
                              capture_output=True, text=True).stdout
        if f">{title}<" in text:
            m = re.search(rf'xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>{word}</word>', text)
            return float(m.group(2)) - float(m.group(1))
    raise AssertionError(f"{title} not found in {pdf}")


def _pdf(path: Path, tmp: Path) -> Path:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(path)], check=True, capture_output=True, timeout=240)
    return tmp / (path.stem + ".pdf")


@RENDER
def test_plan_prints_at_a_readable_scale(book, tmp_path):
    """The header word ``มาตรการ`` printed by fit-to-width vs the same sheet at 100 %: >= 70 %."""
    fit = _pdf(book, tmp_path)
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb[L.SHEETS["plan"].name]
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = 100
    full = tmp_path / "full" / book.name
    full.parent.mkdir()
    wb.save(full)
    title = L.SHEETS["plan"].title
    scale = _word_width(fit, title, "มาตรการ") / _word_width(_pdf(full, full.parent), title, "มาตรการ")
    assert scale >= 0.70, f"the plan prints at {scale:.0%}"
