"""Build the ready workbooks staff download (the top-level ``workbook/`` folder) from code.

    .venv/bin/python scripts/build_workbooks.py              # the workbooks, into workbook/
    .venv/bin/python scripts/build_workbooks.py --pictures   # and the README's pictures from them
    .venv/bin/python scripts/build_workbooks.py --out DIR    # elsewhere (scripts/release.py: dist/)

For the latest ITA year ita_xl has a framework for and the year before it (today 2569 and 2568;
the years are the frameworks' data, nothing here names one): the blank desktop workbook
``ita_<year>.xlsm`` with its button module ``ita_<year>.py``, and the blank Lite workbook
``ita_<year>_lite.xlsx``, each exactly what ``ita-xl new <file> --year <year>`` builds, so whatever
``new`` builds is what staff get. ``tests/test_ready_workbooks.py`` holds the files in
``workbook/`` equal to a fresh build (through ``tests/support/excel_equal.py``): after a change to
the workbook, its code or the framework data, run this script again and commit what it wrote.

``--pictures`` renders ``workbook/pictures/*.png`` for ``workbook/README.md`` and the top-level
README from these very files, through LibreOffice (PDF, one page per sheet) and poppler's
``pdftoppm``: a ready workbook as it is, and a copy of it after what staff do (an invented agency's
scores imported, then ``fill``, then the report sheet's button; that sheet rendered as printed, A4
pages, for ``report.png``). Look at them before committing them.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's ita_xl, whatever is installed: Lite's main.py carries it

from ita_xl.cli import main as cli  # noqa: E402
from ita_xl.io.frameworks import available_years  # noqa: E402
from ita_xl.report.sheet import ACTIONS  # noqa: E402
from ita_xl.workbook import layout as L  # noqa: E402
from ita_xl.xlsx.fileio import edit_workbook  # noqa: E402
from ita_xl.xlsx.template import default_year  # noqa: E402
from tests.support.synth import HEADER, synthetic_rows  # noqa: E402

WORKBOOK_DIR = ROOT / "workbook"
PICTURE_DIR = WORKBOOK_DIR / "pictures"
READY_GLOBS = ("ita_*.xlsm", "ita_*.xlsx", "ita_*.py")  # what this script owns in workbook/


def years() -> list[int]:
    """The current ITA year (the one ``ita-xl new`` builds by default) and the year before it."""
    current = default_year()
    earlier = [y for y in available_years() if y < current]
    return [*earlier[-1:], current]


def ready() -> dict[str, list[str]]:
    """File name -> the ``ita-xl`` arguments that build it (the file's path follows them).

    A desktop workbook's button module (``<stem>.py``) is written beside it by the same command."""
    out: dict[str, list[str]] = {}
    for year in years():
        out[f"ita_{year}.xlsm"] = ["new", "--year", str(year), "--runtime", "desktop"]
        out[f"ita_{year}_lite.xlsx"] = ["new", "--year", str(year), "--runtime", "lite"]
    return out


def ready_files() -> list[str]:
    """Every file the ready set holds: the workbooks and the desktop ones' button modules."""
    names = list(ready())
    return sorted(names + [n[: -len(".xlsm")] + ".py" for n in names if n.endswith(".xlsm")])


def build(out: Path) -> list[Path]:
    """Build the ready set into ``out`` (made fresh in a temporary folder, then moved in); files of
    an earlier set that this one no longer has (an old year) are removed from ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in ready().items():
            with _quiet():
                code = cli([*args, str(Path(tmp) / name)])
            if code != 0:
                raise SystemExit(f"ita-xl {' '.join(args)} {name} failed ({code})")
        keep = set(ready_files())
        for pattern in READY_GLOBS:
            for old in out.glob(pattern):
                if old.name not in keep:
                    old.unlink()
        for name in sorted(keep):
            shutil.copyfile(Path(tmp) / name, out / name)
    return [out / n for n in sorted(keep)]


class _quiet:
    """``ita-xl new`` prints what it wrote; a build of many says it once."""

    def __enter__(self):
        self._out, sys.stdout = sys.stdout, io.StringIO()

    def __exit__(self, *exc):
        sys.stdout = self._out


# -- pictures --------------------------------------------------------------------------------------


def _pdf(book: Path, tmp: Path, *, pages: bool = False) -> Path:
    """``book`` as a PDF with one page per sheet (LibreOffice's SinglePageSheets), its own profile;
    ``pages``: as printed instead (A4 pages, print areas and breaks: the report sheets)."""
    profile = tmp / "lo-profile"
    opts = "" if pages else ':{"SinglePageSheets":{"type":"boolean","value":"true"}}'
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    f"pdf:calc_pdf_Export{opts}", "--outdir", str(tmp), str(book)],
                   check=True, capture_output=True, timeout=300)
    return tmp / (book.stem + ".pdf")


_MARKS = dict.fromkeys([0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)])


def _letters(text: str) -> str:
    """Text without spaces and Thai vowel and tone marks (pdftotext may move a mark past the next
    letter or space: ``การตัง้ ค่า``), to compare the letters alone.

    >>> _letters("การตัง้ ค่า") == _letters("การตั้งค่า")
    True
    """
    return "".join(text.split()).translate(_MARKS)


def _page_of(pdf: Path, title: str) -> int:
    """The page whose first line is a sheet's title (row 1 of every working sheet)."""
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        top = "".join([line for line in text.splitlines() if line.strip()][:2])  # a mark may wrap
        if _letters(top).startswith(_letters(title)):
            return page
    raise SystemExit(f"{pdf.name}: no page starts with {title!r}")


def _png(pdf: Path, page: int, out: Path, *, width: float | None = None, height: float | None = None,
         pixels: int = 1000, dpi: int = 144, foot: float = 0) -> Path:
    """One page rendered and cropped to its content (at most ``width`` x ``height`` points of it,
    from the top left; ``foot`` points at the bottom left out: LibreOffice's page-number footer),
    scaled to ``pixels`` wide at most, in a 64-colour palette: tens of kB."""
    stem = pdf.parent / f"page{page}"
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-png", "-singlefile",
                    str(pdf), str(stem)], check=True, capture_output=True, timeout=120)
    img = Image.open(f"{stem}.png").convert("RGB")
    img = img.crop((0, 0, img.width, img.height - int(foot * dpi / 72)))
    box = ImageChops.difference(img, Image.new("RGB", img.size, "white")).getbbox() or (0, 0, *img.size)
    pad = 6
    left, top = max(0, box[0] - pad), max(0, box[1] - pad)
    right = min(box[2] + pad, img.width, left + int(width * dpi / 72) if width else img.width)
    bottom = min(box[3] + pad, img.height, top + int(height * dpi / 72) if height else img.height)
    img = img.crop((left, top, right, bottom))
    if img.width > pixels:
        img = img.resize((pixels, round(img.height * pixels / img.width)), Image.Resampling.LANCZOS)
    img.quantize(64).save(out, optimize=True)
    return out


def _invented_scores(year: int, folder: Path) -> Path:
    """An invented agency's ITAS scores for ``year`` (``tests/support/synth.py``), with its name and type."""
    path = folder / "itas.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADER, *synthetic_rows(1, year=year, seed=year)])
    return path


def pictures(folder: Path = WORKBOOK_DIR, out: Path = PICTURE_DIR) -> list[Path]:
    """The README's pictures, from the ready workbooks in ``folder``."""
    year = years()[-1]
    name = f"ita_{year}_lite.xlsx"  # Lite's buttons are pictures, which LibreOffice draws (not form controls)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for step in ("blank", "filled"):
            (tmp / step).mkdir()
            shutil.copy(folder / name, tmp / step / name)
        pdf = _pdf(tmp / "blank" / name, tmp / "blank")
        made.append(_png(pdf, _page_of(pdf, L.SHEETS["settings"].title), out / "settings.png", height=400, pixels=900))
        book = tmp / "filled" / name
        with _quiet():
            assert cli(["import", str(book), str(_invented_scores(year, tmp))]) == 0
            assert cli(["fill", str(book)]) == 0
        pdf = _pdf(book, tmp / "filled")
        made.append(_png(pdf, _page_of(pdf, L.SHEETS["indicators"].title), out / "indicators.png"))
        made.append(_png(pdf, _page_of(pdf, L.SHEETS["plan"].title), out / "plan.png", width=900, height=300, pixels=900))
        # The report sheet after its button (จัดทำรายงาน), printed: its first A4 page as staff print it.
        with _quiet():
            edit_workbook(book, ACTIONS["report"])
        (tmp / "printed").mkdir()
        pdf = _pdf(book, tmp / "printed", pages=True)
        ws = openpyxl.load_workbook(book, read_only=True)[L.SHEETS["report"].name]
        first = next(ws.iter_rows(min_row=L.REPORT_DOC.first_row, max_row=L.REPORT_DOC.first_row, values_only=True))[0]
        made.append(_png(pdf, _page_of(pdf, first), out / "report.png", pixels=560, foot=57))
    return made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=WORKBOOK_DIR, help="folder to write into (default workbook/)")
    ap.add_argument("--pictures", action="store_true", help="also render workbook/pictures/*.png from them")
    args = ap.parse_args(argv)
    for path in build(args.out):
        print(f"wrote {os.path.relpath(path)} ({path.stat().st_size // 1024} kB)")
    if args.pictures:
        for path in pictures(args.out):
            print(f"wrote {os.path.relpath(path)} ({path.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
