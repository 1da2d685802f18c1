"""The front door: the README's first screen is for staff (Thai, the ready workbooks, a picture)
and its first two fenced blocks are the two set-up commands CI runs; no document tells anyone to
``pip install ita-xl``, a name no package index serves (the release's wheel file is installed)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "workbook" / "README.md"]
SETUP = [
    "bash scripts/setup.sh && .venv/bin/ita-xl demo --out out/demo",
    "bash scripts/setup.sh && .venv/bin/python -m pytest",
]
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
_THAI = re.compile(r"[\u0E00-\u0E7F]")


def test_no_document_installs_a_package_no_index_serves():
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        bad = re.findall(r"pip install\s+(?:-\S+\s+)*[\"']?ita-xl\b[^`\n]*", text)
        assert not bad, f"{doc.name}: {bad}"


_NO_INDEX = re.compile(r"pip install\s+(?:-\S+\s+)*[\"'\\]*ita-xl\b[^`\n]*|ita-xl\[\w")


def test_no_message_of_the_package_installs_a_package_no_index_serves():
    """What ita_xl prints (extras, doctor, export, lint) names the wheel or a real PyPI package."""
    found = []
    for path in sorted((ROOT / "ita_xl").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _NO_INDEX.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)


def test_readme_first_two_fences_are_the_setup_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    fences = _FENCE.findall(text)
    assert [(lang, body.strip()) for lang, body in fences[:2]] == [("bash", c) for c in SETUP]


def test_readme_first_screen_serves_staff_in_thai():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first = text[: _FENCE.search(text).start()]
    assert "```" not in first
    thai = sum(1 for line in first.splitlines() if _THAI.search(line))
    assert thai >= 12, "the staff's steps come first, in Thai"
    for ready in ("workbook/", "_lite.xlsx", ".xlsm", "install-ita-xl.cmd", "workbook/README.md"):
        assert ready in first, ready
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", first)
    assert pictures and all((ROOT / p).exists() for p in pictures)
    assert len(first.splitlines()) <= 40, "a first screen, not a manual"


def test_workbook_readme_is_thai_first_with_its_pictures():
    text = (ROOT / "workbook" / "README.md").read_text(encoding="utf-8")
    assert _THAI.search(text.splitlines()[0])
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(pictures) >= 2 and all((ROOT / "workbook" / p).exists() for p in pictures)
    sizes = sum((ROOT / "workbook" / p).stat().st_size for p in pictures)
    assert sizes < 400_000, f"pictures of {sizes // 1000} kB: keep them small"
