"""One exception type for bad input, carrying where it sits and a Thai + English message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputError(Exception):
    """Bad user input. The CLI prints it and exits with status 2, no traceback.

    >>> str(InputError("scores.csv", "ไม่ใช่ตัวเลข", "not a number", row=3))
    'scores.csv: row 3: not a number / ไม่ใช่ตัวเลข'
    """

    file: str
    message_th: str
    message_en: str
    row: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def where(self) -> str:
        parts = [self.file]
        if self.sheet and self.cell:
            parts.append(f"{self.sheet}!{self.cell}")
        elif self.sheet:
            parts.append(self.sheet)
        elif self.cell:
            parts.append(self.cell)
        if self.row is not None:
            parts.append(f"row {self.row}")
        return ": ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message_en} / {self.message_th}"
