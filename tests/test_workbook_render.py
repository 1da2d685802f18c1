"""The filled workbook renders through LibreOffice: a PDF with the agency name and Thai numerals,
and the report sheets print every cell's text whole."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from ita_xl.cli import main
from ita_xl.report import build, build_progress
from ita_xl.report import sheet as RS
from ita_xl.report.source import from_snapshot
from ita_xl.xlsx.fileio import snapshot_of

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice or poppler missing"
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The sample workbook, filled by ``ita-xl fill`` and printed to PDF by LibreOffice (once)."""
    tmp_path = tmp_path_factory.mktemp("render")
    book = tmp_path / "ita_render.xlsm"
    assert main(["new", str(book), "--sample"]) == 0
    assert main(["fill", str(book)]) == 0  # the openpyxl-written file, without cached formula values
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(book)],
        check=True, capture_output=True, timeout=240,
    )
    pdf = tmp_path / "ita_render.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    return book, pdf


def _pages(pdf) -> list[str]:
    """Each page's text in the PDF's own order (LibreOffice writes a cell's lines together), with
    no white space: Thai lines wrap anywhere between words."""
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [re.sub(r"^\d+/\d+", "", re.sub(r"\s+", "", page)) for page in text.split("\f")]  # less the footer


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_filled_workbook_renders_to_pdf(rendered):
    _, pdf = rendered
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert "องค์การบริหารส่วนจังหวัดลำปาง" in flat
    # the plan period in Thai numerals (its cell wraps: its lines may come between other cells' lines)
    assert "๑ตุลาคม๒๕๖๖" in flat and "๓๐กันยายน" in flat and "๒๕๖๗" in flat
    assert "94.95" in text  # the total, computed by the workbook's own formulas
    assert "ชื่อไฟล์ถูกเปลี่ยน" not in flat  # not renamed: no warning banner


def test_report_sheets_print_every_cells_text_whole(rendered):
    """A row too short for its wrapped text loses its last lines in print (LibreOffice and Excel
    draw no line that falls outside the cell): every cell of both document sheets must print all
    of its text, on the pages the sheet prints on."""
    book, pdf = rendered
    source = from_snapshot(snapshot_of(book))
    pages = _pages(pdf)
    report, progress = RS.report_rows(build(source)), RS.progress_rows(build_progress(source))
    opening = [_flat(row[0].text) for row in report.rows[:3]]  # the title's lines and the agency
    first = next(i for i, p in enumerate(pages) if all(t in p for t in opening))
    middle = next(i for i, p in enumerate(pages) if i > first and _flat(progress.rows[0][0].text) in p)
    printed = {"report": "".join(pages[first:middle]), "progress": "".join(pages[middle:])}  # the last sheet
    missing = [(name, cell.text) for name, rows in (("report", report), ("progress", progress))
               for row in RS.paginate(rows).rows for cell in row
               if _flat(cell.text) and _flat(cell.text) not in printed[name]]
    assert not missing, missing[:5]
    from ita_xl.report.pdf import publish

    made = publish(build(source), pdf.with_name("report.docx"), pdf.with_name("report.pdf"))
    docx_pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(made.path)], capture_output=True, text=True, check=True).stdout).group(1))
    # the sheet is portrait throughout (the DOCX's plan is landscape): a few pages more, not many
    assert middle - first <= round(docx_pages * 1.3), f"the report sheet prints on {middle - first} pages, the DOCX on {docx_pages}"
