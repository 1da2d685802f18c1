"""DOCX to PDF through LibreOffice headless, in a throwaway profile so that a running LibreOffice,
or a first-start dialog, never gets in the way."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..safefile import atomic_save
from .fonts import DOCX_FAMILY, pdf_substitute

INSTALL_HINT = (
    "LibreOffice is needed for the PDF: on Debian/Ubuntu `sudo apt-get install libreoffice-writer "
    "fonts-thai-tlwg`, on macOS `brew install --cask libreoffice`, on Windows install it from "
    "https://www.libreoffice.org; or open the DOCX in Word and save it as PDF "
    "/ ต้องติดตั้ง LibreOffice เพื่อสร้าง PDF หรือเปิดไฟล์ DOCX ใน Word แล้วบันทึกเป็น PDF"
)


@dataclass
class PdfOutcome:
    path: Path | None
    message: str = ""  # why there is no PDF, and what to do

    @property
    def ok(self) -> bool:
        return self.path is not None


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    mac = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    if mac.exists():
        return str(mac)
    for base in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
        if base and (Path(base) / "LibreOffice" / "program" / "soffice.exe").exists():
            return str(Path(base) / "LibreOffice" / "program" / "soffice.exe")
    return None


def _profile_settings(numerals: str) -> str:
    """The throwaway profile's settings (LibreOffice's documented registry, as Tools > Options writes it):
    the font replacement table (TH SarabunPSK -> its metric-compatible stand-in, embedded in the PDF)
    and, for Thai numerals, digits shaped by the text's language (the page numbers "- ๒ -")."""
    items = [
        '<item oor:path="/org.openoffice.Office.Common/I18N/CTL"><prop oor:name="CTLFont" oor:op="fuse">'
        "<value>true</value></prop></item>",
        '<item oor:path="/org.openoffice.Office.Common/I18N/CTL"><prop oor:name="CTLTextNumerals" oor:op="fuse">'
        f"<value>{3 if numerals == 'thai' else 0}</value></prop></item>",
    ]
    substitute = pdf_substitute()
    if substitute:
        items += [
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution"><prop oor:name="Replacement" '
            'oor:op="fuse"><value>true</value></prop></item>',
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs"><node oor:name="_0" '
            'oor:op="replace"><prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
            '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
            f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{DOCX_FAMILY}</value></prop>'
            f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{substitute}</value></prop></node></item>',
        ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(items) + "\n</oor:items>\n"
    )


def to_pdf(docx_path: str | Path, pdf_path: str | Path, timeout: float = 180, numerals: str = "thai") -> PdfOutcome:
    exe = soffice()
    if exe is None:
        return PdfOutcome(None, f"no PDF written: LibreOffice (soffice) not found. {INSTALL_HINT}")
    docx_path, pdf_path = Path(docx_path).resolve(), Path(pdf_path).resolve()
    with tempfile.TemporaryDirectory(prefix="ita-xl-lo-") as tmp:
        profile = Path(tmp) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_profile_settings(numerals), encoding="utf-8")
        outdir = Path(tmp) / "out"
        cmd = [
            exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), str(docx_path),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return PdfOutcome(None, f"no PDF written: LibreOffice took longer than {timeout:.0f} s")
        except OSError as exc:
            return PdfOutcome(None, f"no PDF written: could not start LibreOffice ({exc}). {INSTALL_HINT}")
        produced = outdir / (docx_path.stem + ".pdf")
        if proc.returncode != 0 or not produced.exists():
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            return PdfOutcome(None, f"no PDF written: LibreOffice failed ({proc.returncode}): {detail[0]}")
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        atomic_save(pdf_path, lambda tmp: shutil.copyfile(produced, tmp))
    return PdfOutcome(pdf_path)
