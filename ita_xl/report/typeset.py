"""Line-breaking rules of Thai official print, as characters: a date or a unit's name never breaks.

Word and LibreOffice break Thai text at dictionary word boundaries; a date ("๓๐ กันยายน ๒๕๖๗")
breaks at its spaces and a unit's name ("กองยุทธศาสตร์และงบประมาณ") between its words. A no-break
space (U+00A0) holds a date together; a word joiner (U+2060, zero width, no glyph) between the words
of a name keeps the name whole, except before "และ", where a long name may wrap.
"""

from __future__ import annotations

import re

from ..core.thai import MONTHS

NBSP = "\u00a0"
WJ = "\u2060"

SHORT_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
_DIGITS = "[0-9๐-๙]"
_DATE = re.compile(
    rf"(?<![0-9๐-๙]){_DIGITS}{{1,2}} (?:{'|'.join(MONTHS + tuple(re.escape(m) for m in SHORT_MONTHS))}) (?:พ\.ศ\. )?{_DIGITS}{{4}}"
    rf"|(?:วันที่|เดือน|พ\.ศ\.) (?=[.0-9๐-๙])"
)


def keep_dates(text: str) -> str:
    """No break inside a date.

    >>> keep_dates("๑ ตุลาคม ๒๕๖๖ ถึง ๓๐ กันยายน ๒๕๖๗").split(" ")
    ['๑\\xa0ตุลาคม\\xa0๒๕๖๖', 'ถึง', '๓๐\\xa0กันยายน\\xa0๒๕๖๗']
    >>> keep_dates("๓๐ ก.ย. ๒๕๖๗") == "๓๐\\xa0ก.ย.\\xa0๒๕๖๗"
    True
    """
    return _DATE.sub(lambda m: m.group(0).replace(" ", NBSP), text)


# Thai words of unit names, longest first: the joiner goes between them, never inside a word.
_UNIT_WORDS = sorted(
    "กอง สำนัก ปลัด ยุทธศาสตร์ งบประมาณ พัสดุ ทรัพย์สิน การ เจ้าหน้าที่ คลัง ช่าง ศึกษา ศาสนา วัฒนธรรม "
    "สาธารณสุข สิ่งแวดล้อม ส่งเสริม คุณภาพ ชีวิต หน่วย ตรวจสอบ ภายใน ทุก ส่วน ราชการ งาน บริหาร ทั่วไป "
    "นิติ ประชาสัมพันธ์ เทคโนโลยี สารสนเทศ แผน นโยบาย บุคคล กิจการ สภา ป้องกัน บรรเทา สาธารณภัย".split(),
    key=len, reverse=True,
)
_UNIT_SPLIT = re.compile("(" + "|".join(_UNIT_WORDS) + ")")


# Advance widths of Laksaman's glyphs (metric-compatible with TH SarabunPSK, the DOCX's font), in
# hundredths of an em: what a line of Thai is as wide as. Marks above and below have none.
_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u2060]")
_ADVANCE = {ch: em / 100 for em, chars in {
    24: ".,", 28: "()", 30: "เ", 31: "ๅ", 32: " \u00a0-", 36: "โใ", 37: "ไ", 41: "/", 44: "ง", 48: "ราำ",
    50: "ธว", 52: "ฐ", 54: "ะ", 55: "จ", 56: "ยฮ", 57: "ขฃฉชซถผฝฤลสแ", 58: "กอ", 59: "คฅดตศฯ", 60: "มๆ",
    61: "ฆ", 63: "น", 64: "ฎฏบปภฦห", 65: "ท", 66: "ษ", 67: "พฟ", 68: "ฬ๐๑๒๓๔๕๖๗๘๙", 69: "ฑ", 78: "ฌญ",
    80: "ฒ", 82: "ณ",
}.items() for ch in chars}
_OTHER = 0.60  # Latin letters and anything else: about a wide Thai consonant
# What a name may take on one line unbroken: the owner column of the plan and of the progress report
# (3.9 cm less Word's and LibreOffice's cell margins, 2 × 0.19 cm) at 14 pt, in em.
CHUNK = (3.9 - 2 * 0.19) / 2.54 * 72 / 14 - 0.1


def width(text: str) -> float:
    """The width of a line of Thai at 1 em.

    >>> round(width("กองการเจ้าหน้าที่"), 2), round(width("สำนักปลัดเทศบาล"), 2)
    (6.87, 7.29)
    """
    return sum(_ADVANCE.get(ch, _OTHER) for ch in _MARKS.sub("", text))


def keep_unit(name: str) -> str:
    """A unit's name that wraps only between its words, before "และ" or where a line would pass
    the owner column's width (``CHUNK`` em); never inside a word.

    >>> keep_unit("กองยุทธศาสตร์และงบประมาณ") == "กอง\\u2060ยุทธศาสตร์และ\\u2060งบประมาณ"
    True
    >>> keep_unit("สำนักปลัด อบจ.") == "สำนัก\\u2060ปลัด\\xa0อบจ."
    True
    >>> keep_unit("หน่วยตรวจสอบภายใน") == "หน่วย\\u2060ตรวจสอบภายใน"
    True
    """
    out = []
    for line in name.split("\n"):
        parts = []
        for word in line.split(" "):
            pieces = [p for p in _UNIT_SPLIT.split(word) if p]
            joined, run = "", 0
            for k, p in enumerate(pieces):
                if k and not p.startswith("และ") and run + width(p) <= CHUNK:
                    joined += WJ
                    run += width(p)
                else:
                    run = width(p)
                joined += p
            parts.append(joined)
        out.append(NBSP.join(parts) if width(line) <= CHUNK else " ".join(parts))
    return "\n".join(out)



def short_period(text: str) -> str:
    """A period in a table column, months abbreviated as Thai tables write them, one date a line.

    >>> short_period("๑ ตุลาคม ๒๕๖๖ ถึง ๓๐ กันยายน ๒๕๖๗")
    '๑ ต.ค. ๒๕๖๖ -\\n๓๐ ก.ย. ๒๕๖๗'
    """
    for full, short in zip(MONTHS, SHORT_MONTHS):
        text = re.sub(rf"(?<=[0-9๐-๙] ){full}(?= [0-9๐-๙])", short, text)
    return text.replace(" ถึง ", " -\n")
