"""The report writer and the lint use python-docx through its public names only: no ``_name``
attribute of a python-docx object (``run._r``, ``cell._tc``, ``section._sectPr``...)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_PRIVATE = re.compile(r"\b(?!self\b|cls\b)[a-z_][a-z0-9_]*\._[a-zA-Z]\w*")


def test_no_private_python_docx_names():
    for folder in ("report", "lint"):
        for path in sorted((ROOT / "ita_xl" / folder).glob("*.py")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]
                hits = [h for h in _PRIVATE.findall(code) if not h.startswith(("argparse.", "os._", "sys._"))]
                assert not hits, f"{path.relative_to(ROOT)}:{n}: {hits}"
