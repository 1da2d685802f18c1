"""Scores pasted from the ITAS result pages: per line a code, its text, and the score last."""

from __future__ import annotations

import re
from pathlib import Path

from ita_xl.core.codes import parse_code
from ita_xl.core.model import Org
from ita_xl.errors import InputError
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.io.scores.builder import AgencyScores, Builder, normalize_year
from ita_xl.io.scores.table import Row

_PASTE_LINE = re.compile(
    r"^\s*(?P<key>(?:ข้อ(?:ที่)?\s*)?[iIeEoO]\s*\.?\s*[0-9๐-๙]{1,3}|ตัวชี้วัดที่\s*[0-9๐-๙]{1,2})\b"
)
_PASTE_NUMBER = re.compile(r"(?<![\w.])([0-9๐-๙]{1,3}(?:[.,][0-9๐-๙]+)?)\s*%?\s*$")


def parse_pasted(text: str, year: int | None, source: str = "<pasted>", frameworks: Frameworks = KNOWN) -> AgencyScores:
    """Scores from text copied off an ITAS result page: per line a code, its text, and the score last.

    >>> r = parse_pasted("i1 หน่วยงานปฏิบัติงาน...\\t100.00\\nข้อ e๑๔ การเปิดเผยข้อมูล ๙๕.๕๐\\n", 2566)
    >>> r.scores.questions
    {'i1': 100.0, 'e14': 95.5}
    >>> parse_pasted("ตัวชี้วัดที่ ๖ การบริหารงบประมาณ 88.28\\n", 2566).scores.indicators
    {6: 88.28}
    """
    if year is None:
        raise InputError(source, "ข้อความที่วางต้องระบุปีที่ประเมิน (--year)", "pasted text needs the assessment year")
    year = normalize_year(year, "--year" if source != "<pasted>" else source, frameworks=frameworks)
    b = Builder(Path(source), year, Org(name=""), 1, frameworks=frameworks)
    for no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        m = _PASTE_LINE.match(line)
        if not m:
            continue
        n = _PASTE_NUMBER.search(line[m.end():])
        row = Row(no, [])
        key = m.group("key")
        if not n:
            raise InputError(source, f"บรรทัดของ {key.strip()} ไม่มีคะแนนท้ายบรรทัด", f"no score at the end of the line for {key.strip()}", row=no)
        code = parse_code(key) if not key.startswith("ตัวชี้วัด") else None
        b.add(row, code or key.replace(" ", ""), n.group(1))
    if not (b.set.questions or b.set.indicators):
        raise InputError(source, "ไม่พบคะแนนในข้อความที่วาง", "no scores found in the pasted text")
    return b.done()
