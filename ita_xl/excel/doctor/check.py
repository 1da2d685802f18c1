"""One line of ``ita-xl doctor``: OK, WARN or FAIL, what was checked, and a Thai and English fix."""

from __future__ import annotations

from dataclasses import dataclass

from ita_xl import __version__

OK, WARN, FAIL = "OK", "WARN", "FAIL"
# No index serves ita-xl: it is installed from the release's wheel file (scripts/release.py).
WHEEL = f"ita_xl-{__version__}-py3-none-any.whl"


@dataclass
class Check:
    status: str
    what: str
    detail: str
    fix_th: str = ""
    fix_en: str = ""

    def lines(self) -> list[str]:
        out = [f"{self.status:<4} {self.what}: {self.detail}"]
        if self.status != OK and (self.fix_th or self.fix_en):
            out.append(f"     แก้ไข: {self.fix_th}")
            out.append(f"     fix:   {self.fix_en}")
        return out


def installed_xlwings() -> str | None:
    """The version of xlwings this Python imports, ``None`` when it has none."""
    try:
        import xlwings

        return xlwings.__version__
    except ImportError:
        return None
