"""Which Thai font the report uses, and where its TTF files are (for the chart and for LibreOffice)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# Government style first; then Sarabun (the open redesign, shipped by fontpkg-sarabun, about the same
# width at 16 pt); then Laksaman (fonts-thai-tlwg, metric-compatible with TH SarabunPSK).
PREFERRED = ("TH Sarabun New", "TH SarabunPSK", "Sarabun", "Laksaman")
SIZE_PT = 16
TABLE_PT = 14  # inside tables: the government font at 14 pt stays legible in narrow columns
# The name every document carries: the government standard, installed on agency PCs. Where it is
# not installed, the PDF is made with the first of these found (Laksaman is metric-compatible).
DOCX_FAMILY = "TH SarabunPSK"
STAND_INS = ("Laksaman", "TH Sarabun New", "Sarabun")
USER_FONT_DIR = Path.home() / ".local" / "share" / "fonts" / "ita-xl"


@dataclass
class ThaiFont:
    family: str
    regular: Path | None = None  # a TTF for matplotlib
    bold: Path | None = None
    notes: list[str] = field(default_factory=list)  # what was done to make the font available


def _fc_files(family: str) -> list[Path]:
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(
            ["fc-list", f":family={family}", "file"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(line.split(":")[0].strip()) for line in out.splitlines() if line.strip()]


def _pick(files: list[Path], bold: bool) -> Path | None:
    def is_bold(p: Path) -> bool:
        return "bold" in p.stem.lower() and "semi" not in p.stem.lower() and "extra" not in p.stem.lower()

    plain = [p for p in files if "italic" not in p.stem.lower() and p.suffix.lower() in {".ttf", ".otf"}]
    if bold:
        hits = [p for p in plain if is_bold(p)]
    else:
        hits = [p for p in plain if not any(w in p.stem.lower() for w in ("bold", "light", "thin", "medium", "black"))]
    return sorted(hits, key=lambda p: len(p.name))[0] if hits else None


def _sarabun_package_files() -> list[Path]:
    try:
        import fontpkg_sarabun  # noqa: PLC0415 (optional dependency)
    except ImportError:
        return []
    root = Path(fontpkg_sarabun.ROOT) / "files"
    return [root / "Sarabun-Regular.ttf", root / "Sarabun-Bold.ttf"]


def _install_for_fontconfig(files: list[Path]) -> str | None:
    """Copy TTFs where fontconfig (and so LibreOffice) finds them; refresh its cache once."""
    try:
        USER_FONT_DIR.mkdir(parents=True, exist_ok=True)
        for f in files:
            target = USER_FONT_DIR / f.name
            if not target.exists():
                shutil.copyfile(f, target)
        if shutil.which("fc-cache"):
            subprocess.run(["fc-cache", "-f", str(USER_FONT_DIR)], capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"could not install Sarabun for LibreOffice: {exc}"
    return f"installed Sarabun (fontpkg-sarabun) in {USER_FONT_DIR} and ran fc-cache"


@lru_cache(maxsize=1)
def thai_font() -> ThaiFont:
    """The first of ``PREFERRED`` that fontconfig knows; Sarabun is installed from its package if needed."""
    for family in PREFERRED:
        files = _fc_files(family)
        if family == "Sarabun" and not files:
            pkg = [p for p in _sarabun_package_files() if p.exists()]
            if not pkg:
                continue
            note = _install_for_fontconfig(pkg)
            files = _fc_files(family)
            font = ThaiFont(family, _pick(pkg, False), _pick(pkg, True), [note] if note else [])
            if files:
                return font
            continue
        if files:
            return ThaiFont(family, _pick(files, False), _pick(files, True))
    pkg = [p for p in _sarabun_package_files() if p.exists()]
    # No fontconfig font at all: the DOCX still names Sarabun, the chart still has a Thai TTF.
    return ThaiFont("Sarabun", _pick(pkg, False), _pick(pkg, True), ["no Thai font found by fontconfig"])


def pdf_substitute() -> str | None:
    """The family LibreOffice is told to use for ``DOCX_FAMILY``; None when the real one is installed."""
    if _fc_files(DOCX_FAMILY):
        return None
    for family in STAND_INS:
        if _fc_files(family):
            return family
    thai_font()  # installs Sarabun from fontpkg-sarabun for fontconfig when nothing else is there
    return "Sarabun" if _fc_files("Sarabun") else None
