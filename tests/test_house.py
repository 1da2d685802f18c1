"""The house of ../shared/DESIGN.md, checked on the package's own source (read with ``ast``, nothing run).

Rooms, lowest first: core → io → workbook → xlsx → report/lint → excel/batch → cli. A room imports
only rooms below it (imports inside functions count), only ``excel/`` talks to xlwings, and no module
is over 600 lines.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ita_xl"
RANK = {"core": 0, "io": 1, "workbook": 2, "xlsx": 3, "report": 4, "lint": 4, "excel": 5, "batch": 5, "cli": 6}
# Modules of the package's top that every room may import: they import nothing of ita_xl but each other.
LEAVES = {"ita_xl", "ita_xl.errors", "ita_xl.extras"}
# Modules kept at the top for workbooks made before the rooms: they only re-export ``excel/``.
TOP = {"ita_xl.desktop": "excel", "ita_xl.udfs": "excel", "ita_xl.__main__": "cli"}
MAX_LINES = 600


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _room(module: str) -> str | None:
    if module in LEAVES:
        return None
    if module in TOP:
        return TOP[module]
    return module.split(".")[1]


def _imports(module: str) -> list[tuple[str, int, bool]]:
    """(imported ita_xl module or outside name, line, inside a function) for each import of ``module``."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inner: set[int] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            inner |= {id(n) for n in ast.walk(fn) if isinstance(n, ast.Import | ast.ImportFrom)}
    out = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([node.module] if node.module else []))
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        out += [(n, node.lineno, id(node) in inner) for n in names]
    return out


def _ita_imports(module: str):
    for name, line, inner in _imports(module):
        while name and name not in MODULES and "." in name:
            name = name.rpartition(".")[0]
        if name in MODULES and name != module:
            yield name, line, inner


def test_only_excel_talks_to_xlwings():
    outside = [f"{m}:{line}" for m in MODULES if _room(m) != "excel" for name, line, _ in _imports(m)
               if name == "xlwings" or name.startswith("xlwings.")]
    assert outside == []


def test_arrows_go_one_way():
    against = []
    for m in MODULES:
        room = _room(m)
        for target, line, _ in _ita_imports(m):
            other = _room(target)
            if room is None and other is not None and m != "ita_xl":
                against.append(f"{m}:{line} → {target} (a leaf imports a room)")
            elif room and other and other != room and RANK[other] >= RANK[room]:
                against.append(f"{m}:{line} → {target} ({room} → {other})")
    assert against == []


def test_no_cycle_between_rooms():
    edges: dict[str, set[str]] = defaultdict(set)
    for m in MODULES:
        for target, _, _ in _ita_imports(m):
            if _room(m) and _room(target) and _room(m) != _room(target):
                edges[_room(m)].add(_room(target))
    cycles = sorted(f"{a} ⇄ {b}" for a in edges for b in edges[a] if a < b and a in edges.get(b, ()))
    assert cycles == []


def test_imports_inside_functions_are_few():
    """Only for start-up time: the CLI's commands and optional libraries load when a command runs."""
    inner = [f"{m}:{line} {target}" for m in MODULES for target, line, inside in _ita_imports(m)
             if inside and _room(m) != "cli" and m != "ita_xl"]
    assert len(inner) <= 12, "\n".join(inner)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_at_most_600_lines(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[module]} has {lines} lines"


def test_every_module_is_in_a_room():
    assert [m for m in MODULES if m not in LEAVES and m not in TOP and _room(m) not in RANK] == []
