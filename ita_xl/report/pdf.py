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


def to_pdf(docx_path: str | Path, pdf_path: str | Path, timeout: float = 180) -> PdfOutcome:
    exe = soffice()
    if exe is None:
        return PdfOutcome(None, f"no PDF written: LibreOffice (soffice) not found. {INSTALL_HINT}")
    docx_path, pdf_path = Path(docx_path).resolve(), Path(pdf_path).resolve()
    with tempfile.TemporaryDirectory(prefix="ita-xl-lo-") as tmp:
        profile = Path(tmp) / "profile"
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
