"""A PDF that LibreOffice laid out without some of its DOCX's table rows, and the way round it.

LibreOffice 7.4 drops the rest of a table whose rows cannot split when the report's word-break marks
(U+FEFF inside words, :mod:`.typeset`) push its first row to the foot of a page: the synthetic
agency ``6100010`` of 2566 lost the rows of i26-i30 from page 7 of its PDF, and the same DOCX
without the U+FEFF marks is laid out whole. So every PDF is checked against its DOCX — each question
code the DOCX shows (``i๒๖``, ``e๑๐``, ``O๓๔``) must be in the PDF's text — and one that lost any is
made again from a copy without those marks (its lines may then break inside a word, which is a
smaller harm than a missing row).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

_CODE = re.compile(r"(?<![A-Za-z])([ieoIEO]) ?([0-9๐-๙]{1,3})(?![0-9๐-๙])")  # pdftotext: "i ๒๖"
_MARKS = re.compile("[\u200b\ufeff\u2060]")
NOTE = ("the PDF was laid out without the word-break marks (LibreOffice dropped table rows with them): "
        "some lines may break inside a word / PDF จัดหน้าโดยไม่มีเครื่องหมายตัดคำ บางบรรทัดอาจตัดกลางคำ")


def codes(text: str) -> set[str]:
    """The question codes a text shows, spaces and word-break marks inside them ignored.

    >>> sorted(codes("ข้อ i ๒๖ และ e๑๐, O\\ufeff๓๔ ๑๐๐ ITA"))
    ['O๓๔', 'e๑๐', 'i๒๖']
    """
    return {a + b for a, b in _CODE.findall(_MARKS.sub("", text))}


def _docx_text(docx: Path) -> str:
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", re.sub(r"</w:p>|<w:tab/>|<w:br/>", "\n", xml))


def lost_codes(docx: Path, pdf: Path) -> list[str]:
    """The question codes of ``docx`` that ``pdf`` does not show (none when pdftotext is missing)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return []
    try:
        text = subprocess.run([exe, str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    return sorted(codes(_docx_text(docx)) - codes(text))


def unmarked_copy(docx: Path, folder: Path) -> Path:
    """``docx`` without the U+FEFF marks, written into ``folder`` under the same name."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / docx.name
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                data = data.decode("utf-8").replace("\ufeff", "").encode("utf-8")
            dst.writestr(info.filename, data)
    return out
