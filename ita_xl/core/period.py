"""Plan periods as dates: "๑ ตุลาคม ๒๕๖๖ ถึง ๓๐ กันยายน ๒๕๖๗", a fiscal year, a deadline
("ภายในวันที่ ๓๑ ธ.ค. ๒๕๖๙"). Read by the checks of a document (lint) and by the progress report
(is a measure's period over at the as-of date)."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

from ita_xl.core.thai import MONTHS, arabic_digits, ce_year, fiscal_year_bounds

MONTH_NO = {m: i + 1 for i, m in enumerate(MONTHS)} | {
    a: i + 1 for i, a in enumerate(("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."))
}
MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTH_NO), key=len, reverse=True))


def date_re(n: int) -> str:
    return rf"(?:(?P<d{n}>[0-9]{{1,2}})\s*\.?\s*)?(?P<m{n}>{MONTH_RE})\s*(?:พ\.ศ\.)?\s*(?P<y{n}>[0-9]{{4}})"


PERIOD = re.compile(date_re(1) + r"\s*(?:ถึง|-|–|—)\s*(?:วันที่\s*)?" + date_re(2))
FISCAL = re.compile(r"ปีงบประมาณ\s*(?:พ\.ศ\.)?\s*([0-9]{4})")
# a deadline: "ภายในวันที่ ๓๑ ธ.ค. ๒๕๖๙" (the project's urgent rows), "ภายใน มีนาคม 2568"
BY = re.compile(r"(?:ภายใน|ก่อน|ไม่เกิน)\s*(?:วันที่\s*)?" + date_re(1))


def parse_period(text: str) -> tuple[date, date] | None:
    """A plan period as a pair of dates (CE), or ``None`` when none can be read.

    >>> parse_period("๑. ตุลาคม ๒๕๖๖ ถึง ๓๐ กันยายน ๒๕๖๗")
    (datetime.date(2023, 10, 1), datetime.date(2024, 9, 30))
    >>> parse_period("ต.ค. 2566 - มี.ค. 2567")
    (datetime.date(2023, 10, 1), datetime.date(2024, 3, 31))
    >>> parse_period("ตลอดปีงบประมาณ พ.ศ. ๒๕๖๗")
    (datetime.date(2023, 10, 1), datetime.date(2024, 9, 30))

    A deadline is a period of one day (a month without its day: the month's last):

    >>> parse_period("เร่งด่วน ภายในวันที่ ๓๑ ธ.ค. ๒๕๖๙")
    (datetime.date(2026, 12, 31), datetime.date(2026, 12, 31))
    >>> parse_period("เร่งด่วน ภายในวันที่ ๓๑ ธ.ค. ๒ ๕๖๖")[0]
    datetime.date(2023, 12, 31)
    >>> parse_period("ภายใน มีนาคม 2568")
    (datetime.date(2025, 3, 31), datetime.date(2025, 3, 31))
    """
    # a narrow PDF cell may wrap a year inside its digits ("๒ ๕๖๖"): digits are joined again
    plain = re.sub(r"(?<=[0-9])\s+(?=[0-9])", "", arabic_digits(text))
    m = PERIOD.search(plain)
    if m:
        try:
            y1, y2 = ce_year(int(m["y1"])), ce_year(int(m["y2"]))
            m1, m2 = MONTH_NO[m["m1"]], MONTH_NO[m["m2"]]
            d1 = int(m["d1"]) if m["d1"] else 1
            d2 = int(m["d2"]) if m["d2"] else monthrange(y2, m2)[1]
            return date(y1, m1, d1), date(y2, m2, d2)
        except ValueError:
            return None
    f = FISCAL.search(plain)
    if f:
        return fiscal_year_bounds(int(f.group(1)))
    b = BY.search(plain)
    if b:
        try:
            y, mo = ce_year(int(b["y1"])), MONTH_NO[b["m1"]]
            day = date(y, mo, int(b["d1"]) if b["d1"] else monthrange(y, mo)[1])
        except ValueError:
            return None
        return day, day
    return None

