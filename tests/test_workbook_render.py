"""The filled workbook renders through LibreOffice: a PDF with the agency name and Thai numerals."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from ita_xl.cli import main

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice or poppler missing"
)


def test_filled_workbook_renders_to_pdf(tmp_path):
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
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert "องค์การบริหารส่วนจังหวัดลำปาง" in flat
    # the plan period in Thai numerals (its cell wraps: its lines may come between other cells' lines)
    assert "๑ตุลาคม๒๕๖๖" in flat and "๓๐กันยายน" in flat and "๒๕๖๗" in flat
    assert "94.95" in text  # the total, computed by the workbook's own formulas
    assert "ชื่อไฟล์ถูกเปลี่ยน" not in flat  # not renamed: no warning banner
