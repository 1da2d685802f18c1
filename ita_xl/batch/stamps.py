"""What the last batch made in its output folder, so that a re-run does only the work that changed.

Beside the workbooks, ``.ita-xl-inputs.tsv`` holds one line per workbook the batch wrote or
refreshed: its file name, a hash of everything it was made from (the agency's scores and settings,
the year's framework files, the workbook runtime and writer, ita_xl's version), the workbook's
size and modification time as the batch left it, and whether it was written new from the scores
or refreshed (with staff's work in it). A re-run finds an agency whose hash is the same and whose
workbook is untouched since (same size and time: staff have not saved it) up to date: not written
again, summarised from its scores (written new: the workbook holds their analysis) or from its
workbook (refreshed). Anything else — new scores, an edited
framework, a workbook staff saved, a missing or unreadable record — is done as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from .. import __version__
from ..core.model import AgencyCase
from ..io import frameworks
from ..safefile import atomic_save

INPUTS_NAME = ".ita-xl-inputs.tsv"
Stamp = tuple[str, int, int, str]  # input hash, workbook size, workbook mtime_ns, "written" | "refreshed"
KINDS = ("written", "refreshed")


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(size, mtime_ns) of a file, or None when it is not there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _framework_stamp(year: int) -> str | None:
    """What changes when the year's framework files change; None when it was put in place in
    memory (``--framework``): then nothing counts as unchanged."""
    if frameworks.explicit(year) is not None:
        return None
    folder = frameworks.folder_of(year)
    if folder is None:
        return None
    parts = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            st = os.stat(os.path.join(root, name))
            parts.append(f"{os.path.relpath(os.path.join(root, name), folder)}:{st.st_size}:{st.st_mtime_ns}")
    return f"{folder}|" + "|".join(parts)


class Hasher:
    """The input hash of an agency's workbook; the framework's files are looked at once a year."""

    def __init__(self, runtime: str, writer: str):
        self.head = f"{__version__}|{runtime}|{writer}|"
        self.years: dict[int, str | None] = {}

    def __call__(self, case: AgencyCase) -> str | None:
        year = case.scores.year
        if year not in self.years:
            self.years[year] = _framework_stamp(year)
        fw = self.years[year]
        if fw is None or case.framework is not None:
            return None
        text = f"{self.head}{fw}|{case!r}"
        return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_stamps(out_dir: Path) -> dict[str, Stamp]:
    """The record of the last batch in ``out_dir`` (empty when there is none or it is damaged)."""
    out: dict[str, Stamp] = {}
    try:
        with open(out_dir / INPUTS_NAME, encoding="utf-8") as fh:
            for line in fh:
                fields = line.rstrip("\n").split("\t")
                if len(fields) == 5 and fields[2].isdigit() and fields[3].isdigit() and fields[4] in KINDS:
                    out[fields[0]] = (fields[1], int(fields[2]), int(fields[3]), fields[4])
    except (OSError, UnicodeDecodeError):
        return {}
    return out


def unchanged(stamps: dict[str, Stamp], out: Path, digest: str | None) -> bool:
    """Was ``out`` made by the last batch from these very inputs, and not saved since?"""
    if digest is None:
        return False
    known = stamps.get(out.name)
    return known is not None and known[0] == digest and file_stamp(out) == known[1:3]


def write_stamps(out_dir: Path, stamps: dict[str, Stamp]) -> None:
    """Write the record; a record that cannot be written only means a full re-run next time."""
    lines = "".join(f"{name}\t{h}\t{size}\t{mtime}\t{kind}\n" for name, (h, size, mtime, kind) in sorted(stamps.items())
                    if "\t" not in name and "\n" not in name)
    with contextlib.suppress(Exception):
        atomic_save(out_dir / INPUTS_NAME, lambda tmp: Path(tmp).write_text(lines, encoding="utf-8"), backup=False)
