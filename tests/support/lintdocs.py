"""Test documents for ``ita-xl lint``: the seed as the DOCX an agency would have (real tables,
vertically merged cells where the text leaves a cell blank under a filled one), and its PDF."""

from __future__ import annotations

from pathlib import Path

from ita_xl.lint.document import Document, Paragraph

# Columns whose blank cells continue the cell above (merged in Word): by header word.
_MERGED = ("ลำดับ", "หัวข้อ", "เครื่องมือ", "การปรับปรุง")


def write_docx(doc: Document, path: Path, merge: bool = True) -> Path:
    import docx  # noqa: PLC0415

    out = docx.Document()
    out.styles["Normal"].font.name = "Laksaman"
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.add_paragraph(block.text)
            continue
        width = max(len(r) for r in block.rows)
        table = out.add_table(rows=len(block.rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(block.rows):
            for c in range(width):
                text = row[c] if c < len(row) else ""
                if text:
                    table.cell(r, c).text = text
        if merge and not any("ผู้รับผิดชอบ" in c for c in block.rows[0]):
            header = block.rows[0]
            for c, title in enumerate(header):
                if not any(title.startswith(w) for w in _MERGED):
                    continue
                top = 1
                for r in range(2, len(block.rows) + 1):
                    blank = r < len(block.rows) and not (block.rows[r][c] if c < len(block.rows[r]) else "")
                    # a tool group's cells are merged within the group only, as Word users do
                    if blank and c > 1 and any(t in block.rows[r] for t in ("IIT", "EIT", "OIT")):
                        blank = False
                    if not blank:
                        if r - 1 > top:
                            table.cell(top, c).merge(table.cell(r - 1, c))
                        top = r
        out.add_paragraph("")
    out.save(str(path))
    return path


def write_pdf(docx_path: Path, pdf_path: Path) -> Path | None:
    """The PDF an agency gets from LibreOffice's own export of its document (not ita_xl's publishing
    of its reports, which adds live links and each Thai line's text to what LibreOffice wrote)."""
    import shutil  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    from ita_xl.report.pdf import soffice  # noqa: PLC0415

    exe = soffice()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="ita-xl-lint-pdf-") as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf:writer_pdf_Export", "--outdir", tmp, str(docx_path)],
                       capture_output=True, timeout=180, check=False)
        made = Path(tmp) / (Path(docx_path).stem + ".pdf")
        if not made.exists():
            return None
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(made, pdf_path)
    return pdf_path


def write_tab_docx(doc: Document, path: Path) -> Path:
    """The document as Word holds text pasted from a web page (and as LibreOffice saves a text file):
    no tables, each row a paragraph of tab-separated cells."""
    import docx  # noqa: PLC0415

    out = docx.Document()
    out.styles["Normal"].font.name = "Laksaman"
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.add_paragraph(block.text)
            continue
        for row in block.rows:
            out.add_paragraph("\t".join(row))
        out.add_paragraph("")
    out.save(str(path))
    return path
