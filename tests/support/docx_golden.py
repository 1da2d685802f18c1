"""Golden DOCX comparison: both files read part by part through one normaliser.

The allowed differences are written down here, once, and nowhere else:
"""

from __future__ import annotations

import fnmatch
import io
import re
import zipfile
from pathlib import Path

ALLOWED = {
    "docProps/core.xml": "created, modified and last-printed dates are the time of writing: blanked",
    "word/media/*.png": "the chart is drawn by matplotlib, whose pixels change with its version and the fonts "
                        "installed: compared by presence and pixel size only",
}
_DATES = re.compile(r"(<(dcterms:created|dcterms:modified|cp:lastPrinted)\b[^>]*>)[^<]*(</\2>)")


def _png_size(data: bytes) -> str:
    from PIL import Image  # noqa: PLC0415 (matplotlib brings Pillow)

    with Image.open(io.BytesIO(data)) as im:
        return f"PNG {im.size[0]}x{im.size[1]}"


def _xml(data: bytes) -> str:
    from lxml import etree  # noqa: PLC0415 (python-docx brings lxml)

    root = etree.fromstring(data)
    return etree.tostring(root, method="c14n").decode("utf-8").replace("><", ">\n<")


def normalise(name: str, data: bytes) -> str:
    """A part as text to compare: canonical XML a tag a line, the allowed differences removed."""
    if fnmatch.fnmatch(name, "word/media/*.png"):
        return _png_size(data)
    if name.endswith((".xml", ".rels")):
        text = _xml(data)
        if name == "docProps/core.xml":
            text = _DATES.sub(r"\1\3", text)
        return text
    return data.hex()


def parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: normalise(n, z.read(n)) for n in sorted(z.namelist())}


def differences(got: Path, golden: Path) -> list[str]:
    """The parts that differ (name and the first differing line of each); empty when equal."""
    import difflib  # noqa: PLC0415

    a, b = parts(got), parts(golden)
    out = [f"{n}: only in the golden file" for n in sorted(set(b) - set(a))]
    out += [f"{n}: not in the golden file" for n in sorted(set(a) - set(b))]
    for n in sorted(set(a) & set(b)):
        if a[n] != b[n]:
            diff = list(difflib.unified_diff(b[n].splitlines(), a[n].splitlines(), "golden", "new", n=0, lineterm=""))
            out.append(f"{n}:\n" + "\n".join(diff[2:12]))
    return out
