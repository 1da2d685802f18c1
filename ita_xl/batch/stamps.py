"""What the last batch made in its output folder, so that a re-run does only the work that changed.

Beside the workbooks, ``.ita-xl-inputs.tsv`` holds one line per workbook the batch wrote or
refreshed: its file name, a hash of everything it was made from (the agency's scores and settings,
the year's framework as loaded, with what it takes from other years, the workbook runtime and
writer, ita_xl's own code and data), the workbook's
size and modification time as the batch left it, and whether it was written new from the scores
or refreshed (with staff's work in it). A re-run finds an agency whose hash is the same and whose
workbook is untouched since (same size and time: staff have not saved it) up to date: not written
again, summarised from its scores (written new: the workbook holds their analysis) or from its
workbook (refreshed). Anything else — new scores, an edited
framework, a workbook staff saved, a missing or unreadable record — is done as before.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from pathlib import Path

from ita_xl import __version__
from ita_xl.core.model import AgencyCase
from ita_xl.errors import FrameworkError
from ita_xl.io import frameworks
from ita_xl.io.safefile import atomic_save

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


def _framework_stamp(year: int, given: frameworks.Frameworks = frameworks.KNOWN) -> str | None:
    """A hash of the year's framework as it is loaded — with what it takes from other years
    (``questions_from``, ``issues_from``, ``recommendations_from``, the nearest year's grouping and
    library) — or None when it was put in place in memory (``--framework``; then nothing counts as
    unchanged) or cannot be loaded. Its ``repr`` is the whole of it (about 2 ms, once a year a run)."""
    if given.given_for(year) is not None:
        return None
    try:
        fw = frameworks.load(year)
    except FrameworkError:  # an UnknownYear too
        return None
    return hashlib.sha1(repr(fw).encode("utf-8", "surrogatepass")).hexdigest()


@functools.cache
def code_stamp() -> str:
    """A hash of ita_xl's own files (its code, the shipped frameworks and data): a new version, or a
    fix, makes every workbook again. Read once a process (about 1.6 MB: some 10 ms)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha1(__version__.encode())
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")) or name.startswith("."):
                continue
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError:
                continue
            digest.update(f"{os.path.relpath(path, root)}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
            digest.update(data)
    return digest.hexdigest()


class Hasher:
    """The input hash of an agency's workbook; the framework is hashed once a year."""

    def __init__(self, runtime: str, writer: str, given: frameworks.Frameworks = frameworks.KNOWN):
        self.head = f"{code_stamp()}|{runtime}|{writer}|"
        self.given = given
        self.years: dict[int, str | None] = {}

    def __call__(self, case: AgencyCase) -> str | None:
        year = case.scores.year
        if year not in self.years:
            self.years[year] = _framework_stamp(year, self.given)
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
