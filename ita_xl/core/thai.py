"""Thai numerals, Buddhist-era dates and the fiscal year: one formatter for all output."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

# Digit pairs for str.replace: str.translate walks a non-ASCII (Thai) string one character at a
# time through a dict, about twice as slow as ten replaces done in C (up to 40 times on a long
# text). A digit maps to a digit of the other script, so replacing them one after another gives
# what translate gives. A short text (a number, a code, a score: most of what is converted, the
# same ones agency after agency) is translated once and kept.
_THAI_PAIRS = tuple(zip("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
_ARABIC_PAIRS = tuple((b, a) for a, b in _THAI_PAIRS)
_TO_THAI = str.maketrans(dict(_THAI_PAIRS))
_TO_ARABIC = str.maketrans(dict(_ARABIC_PAIRS))
_SHORT = 16  # characters: a text up to this long is kept (a bounded cache of small strings)


def _swap(text: object, pairs: tuple[tuple[str, str], ...]) -> str:
    text = text if type(text) is str else str(text)
    for a, b in pairs:
        if a in text:
            text = text.replace(a, b)
    return text


@lru_cache(maxsize=4096)
def _short_thai(text: str) -> str:
    return text.translate(_TO_THAI)


@lru_cache(maxsize=4096)
def _short_arabic(text: str) -> str:
    return text.translate(_TO_ARABIC)


MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
BE_OFFSET = 543


def thai_digits(text: str) -> str:
    """Arabic digits to Thai digits.

    >>> thai_digits("94.96 คะแนน ปี 2567")
    '๙๔.๙๖ คะแนน ปี ๒๕๖๗'
    """
    text = text if type(text) is str else str(text)
    return _short_thai(text) if len(text) <= _SHORT else _swap(text, _THAI_PAIRS)


def arabic_digits(text: str) -> str:
    """Thai digits to Arabic digits.

    >>> arabic_digits("ข้อ i๒๔")
    'ข้อ i24'
    """
    text = text if type(text) is str else str(text)
    return _short_arabic(text) if len(text) <= _SHORT else _swap(text, _ARABIC_PAIRS)


def digits(text: str, numerals: str = "thai") -> str:
    """Digits in the chosen style: ``"thai"`` or ``"arabic"``.

    >>> digits("2567", "arabic"), digits("2567")
    ('2567', '๒๕๖๗')
    """
    return thai_digits(text) if numerals == "thai" else arabic_digits(text)


def and_list(items: list[str]) -> str:
    """A Thai list: ``a b และ c``. A space after และ when the last item starts with a digit or a
    Latin letter (a number, a question code), none before a Thai word (``และคุณภาพ``), as the
    document writes it. Empty items are left out.

    >>> and_list(["๑"]), and_list(["๑", "๔"]), and_list(["i1", "e2", "e4"])
    ('๑', '๑ และ ๔', 'i1 e2 และ e4')
    >>> and_list(["ก", "ข", "ค"]), and_list([" ", "ก"])
    ('ก ข และค', 'ก')
    """
    items = [i.strip() for i in items if i.strip()]
    if len(items) <= 1:
        return "".join(items)
    last = items[-1]
    gap = " " if last[0].isascii() or last[0] in "๐๑๒๓๔๕๖๗๘๙" else ""
    return " ".join(items[:-1]) + " และ" + gap + last


def number_list(numbers: list[str]) -> str:
    """Numbers (Thai or Arabic digits) as a Thai list, a run of three or more in a row written as a
    range (``๕ – ๑๘``), as the document writes item ranges.

    >>> number_list(["๑", "๒", "๓", "๔"]), number_list(["๓", "๔", "๕", "๖", "๘", "๑๐", "๑๑"])
    ('๑ – ๔', '๓ – ๖ ๘ ๑๐ และ ๑๑')
    >>> number_list(["1", "2"]), number_list(["๗"])
    ('1 และ 2', '๗')
    """
    values = [int(arabic_digits(n)) for n in numbers]
    runs: list[list[int]] = []
    for k, v in enumerate(values):
        if runs and v == values[k - 1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    items = []
    for run in runs:
        if len(run) >= 3:
            items.append(f"{numbers[run[0]]} – {numbers[run[-1]]}")
        else:
            items += [numbers[k] for k in run]
    return items[0] if len(items) == 1 else and_list(items)


def fmt_score(value: float | None, numerals: str = "thai", places: int = 2) -> str:
    """A score as the sample prints it: two decimals.

    >>> fmt_score(86.468), fmt_score(100, "arabic"), fmt_score(None)
    ('๘๖.๔๗', '100.00', '-')
    """
    if value is None:
        return "-"
    if value.__class__ is float and value > 0.0:  # a score: the same ones agency after agency
        return _fmt_kept(value, numerals, places)  # (not -0.0, which equals 0.0 but prints "-0.00")
    return _fmt(value, numerals, places)


def _fmt(value: float, numerals: str, places: int) -> str:
    return digits(f"{round_half_up(value, places):.{places}f}", numerals)


_fmt_kept = lru_cache(maxsize=4096)(_fmt)


def fmt_table_score(value: float | None, numerals: str = "thai") -> str:
    """A question score in an issue table: 100 stays ``100``, others two decimals.

    >>> fmt_table_score(100.0), fmt_table_score(82.11)
    ('๑๐๐', '๘๒.๑๑')
    """
    if value is None:
        return "-"
    if value == 100:
        return digits("100", numerals)
    return fmt_score(value, numerals)


SNAP_PLACES = 9  # decimals a computed score is taken to before it is rounded (see round_half_up)
_SNAP = Decimal(1).scaleb(-SNAP_PLACES)
_HALF = Fraction(1, 2)


def round_half_up(value: float | Decimal | Fraction, places: int = 2) -> float:
    """Round as NACC publishes and as a spreadsheet's ``ROUND`` does: on the decimal value, half
    away from zero (0.005 goes up), not banker's rounding and not the binary float's digits.

    A float stands for the decimal it was computed as: its shortest text (``repr``). A value is
    first taken to nine decimals, so a mean carried as a binary float (84.99499999999999 for
    84.995) or a ``Decimal`` quotient cut at 28 digits rounds as the exact value does: no mean or
    weighted sum of scores given to a few decimals lies within 1e-9 of a half without being on it.
    The workbook's formulas do the same, ``ROUND(ROUND(x,9),2)``. A ``Fraction`` is exact as it is.

    >>> round_half_up(94.955), round_half_up(86.465), round_half_up(2.675), round_half_up(-0.125)
    (94.96, 86.47, 2.68, -0.13)
    >>> round_half_up(84.99499999999999), round_half_up(Decimal("78.805")), round_half_up(78.80499999)
    (85.0, 78.81, 78.8)
    >>> round_half_up(Fraction(16999, 200)), round_half_up(Fraction(-1, 3), 3)
    (85.0, -0.333)
    """
    if isinstance(value, Fraction):
        n = int(abs(value) * 10**places + _HALF)  # floor: the scaled value is not negative
        out = float(Decimal(n).scaleb(-places))
        return -out if value < 0 else out
    if not isinstance(value, Decimal):
        value = float(value)
        text = repr(value)
        head, _, tail = text.partition(".")
        if 1 <= places < len(tail) <= SNAP_PLACES and tail.isdigit():  # the usual case, without Decimal
            kept = int(head.lstrip("-") + tail[:places]) + (tail[places] >= "5")
            digits_ = str(kept).rjust(places + 1, "0")
            out = float(f"{digits_[:-places]}.{digits_[-places:]}")
            return -out if head.startswith("-") else out
        if places >= 1 and len(tail) <= places and tail.isdigit():
            return value
        value = Decimal(text)
    if not value.is_finite() or value.adjusted() > 15:  # nan, inf; no decimals left in a float so large
        return float(value)
    if places < SNAP_PLACES:
        value = value.quantize(_SNAP, rounding=ROUND_HALF_UP)
    return float(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def be_year(ce_year: int) -> int:
    """Christian-era year to Buddhist-era year.

    >>> be_year(2024)
    2567
    """
    return ce_year + BE_OFFSET


BE_FROM = 2400  # a year from here on is taken as Buddhist era, one below as Christian era


def as_be(year: int) -> int:
    """A year in the Buddhist era, whichever era it was written in (``--year 2023`` is 2566).

    >>> as_be(2023), as_be(2566)
    (2566, 2566)
    """
    return year if year >= BE_FROM else be_year(year)


def ce_year(be: int) -> int:
    """Buddhist-era year to Christian-era year.

    >>> ce_year(2567)
    2024
    """
    return be - BE_OFFSET


def thai_date(d: date, numerals: str = "thai") -> str:
    """A date in Thai official style.

    >>> thai_date(date(2023, 10, 1))
    '๑ ตุลาคม ๒๕๖๖'
    """
    return digits(f"{d.day} {MONTHS[d.month - 1]} {be_year(d.year)}", numerals)


SHORT_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (serial 1 is 1 January 1900, counting its 29 February 1900)


def parse_date(value: object) -> date | None:
    """A date as staff type it in a cell: a date value, ``YYYY-MM-DD``, ``D/M/YYYY`` or ``D เดือน YYYY``
    (full or short month), Thai or Arabic digits; a year from 2400 is Buddhist era. None when
    blank; ValueError when it is not a date.

    >>> parse_date("15/11/2566"), parse_date("2023-11-15"), parse_date("๑๕ พ.ย. ๒๕๖๖")
    (datetime.date(2023, 11, 15), datetime.date(2023, 11, 15), datetime.date(2023, 11, 15))
    >>> parse_date("วันที่ 15 พฤศจิกายน พ.ศ. 2566"), parse_date(None), parse_date(" ")
    (datetime.date(2023, 11, 15), None, None)
    >>> parse_date(date(2566, 11, 15)), parse_date(45245)
    (datetime.date(2023, 11, 15), datetime.date(2023, 11, 15))
    """
    if value is None:
        return None
    if isinstance(value, date):  # a datetime is a date too; Excel took a typed 15/11/2566 as year 2566
        return date(ce_year(as_be(value.year)), value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value < 80000:
        return _EXCEL_EPOCH + timedelta(days=int(value))  # a date cell's serial number, read without its format
    text = " ".join(arabic_digits(str(value)).replace("วันที่", "").replace("พ.ศ.", "").split())
    if not text:
        return None
    m = (re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
         or re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text))
    if m and "-" in text:
        y, mo, d = (int(g) for g in m.groups())
    elif m:
        d, mo, y = (int(g) for g in m.groups())
    else:
        words = text.split(" ")
        if len(words) != 3 or not (words[0].isdigit() and words[2].isdigit()) or (
                words[1] not in MONTHS and words[1] not in SHORT_MONTHS):
            raise ValueError(f"not a date: {value!r}")
        d, y = int(words[0]), int(words[2])
        mo = (MONTHS.index(words[1]) if words[1] in MONTHS else SHORT_MONTHS.index(words[1])) + 1
    return date(ce_year(as_be(y)), mo, d)


def fiscal_year_bounds(fiscal_be: int) -> tuple[date, date]:
    """First and last day of a Thai fiscal year (1 October to 30 September), given in BE.

    >>> fiscal_year_bounds(2567)
    (datetime.date(2023, 10, 1), datetime.date(2024, 9, 30))
    """
    end_ce = ce_year(fiscal_be)
    return date(end_ce - 1, 10, 1), date(end_ce, 9, 30)


def fiscal_period(fiscal_be: int, numerals: str = "thai") -> str:
    """The period of a fiscal year as the action plan prints it.

    >>> fiscal_period(2567)
    '๑ ตุลาคม ๒๕๖๖ ถึง ๓๐ กันยายน ๒๕๖๗'
    """
    start, end = fiscal_year_bounds(fiscal_be)
    return f"{thai_date(start, numerals)} ถึง {thai_date(end, numerals)}"


def fiscal_year_of(d: date) -> int:
    """The BE fiscal year a date falls in.

    >>> fiscal_year_of(date(2023, 10, 1)), fiscal_year_of(date(2024, 9, 30))
    (2567, 2567)
    """
    return be_year(d.year + (1 if d.month >= 10 else 0))
