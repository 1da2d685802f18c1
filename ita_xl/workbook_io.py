"""Placeholder until the workbook layer lands: no .xlsx is an ita_xl workbook yet."""

from __future__ import annotations

from pathlib import Path


def is_ita_workbook(path: Path) -> bool:
    return False


def read_workbook_case(path: Path):  # pragma: no cover - replaced by the workbook layer
    raise NotImplementedError
