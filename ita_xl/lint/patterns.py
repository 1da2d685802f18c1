"""Patterns of the words a document states its facts in: years and what each is of, agencies,
maintain/improve cells, plan periods (pure functions, one concern each)."""

from __future__ import annotations

import re

from ita_xl.core.checks import AGENCY_PREFIXES, GENERIC
from ita_xl.core.period import BY as _BY
from ita_xl.core.period import PERIOD as _PERIOD
from ita_xl.core.period import parse_period  # noqa: F401  (the checks import it from here)
from ita_xl.core.thai import MONTHS, arabic_digits
from ita_xl.lint.document import snippet

# --------------------------------------------------------------------------------------- text helpers

_SPACES = re.compile(r"\s+")


def compact(text: str) -> str:
    """Text without spaces and with Arabic digits, for matching words a PDF may split.

    >>> compact("ตัวชีว ้ ัดที่ ๑")
    'ตัวชี้วัดที่1'
    """
    # a PDF's text layer may move a tone mark past the next letter (ชีว้ัด) or before its vowel
    s = _SPACES.sub("", arabic_digits(text)).replace("ีว้ั", "ี้วั")
    return re.sub(r"([\u0e48-\u0e4b])([\u0e31\u0e34-\u0e37\u0e47])", r"\2\1", s)


def small_int(text: str) -> int | None:
    """A row or indicator number ("๑.", "12"), else ``None``."""
    s = arabic_digits(text).strip().rstrip(".").strip()
    return int(s) if s.isdigit() and len(s) <= 3 else None


def row_quote(row: list[str]) -> str:
    return snippet(" | ".join(c for c in row if c.strip()), width=90)


# --------------------------------------------------------------------------------------- years

_YEAR = re.compile(r"(?<![0-9])(2[45][0-9]{2})(?![0-9])")
_SHORT_YEAR = re.compile(r"(?:ปี|ปีงบประมาณ|พ\.ศ\.)\s*(?:พ\.ศ\.)?\s*([5-7][0-9])(?![0-9.])")
_ASSESS = ("ผลการประเมิน", "ผลประเมิน", "การประเมิน", "ประเมินฯ", "ITA", "ไอทีเอ")
_PLAN = ("มาตรการ", "ขับเคลื่อน", "ในปี", "แผนปฏิบัติ", "ดำเนินงานในปี")
# a result compared with ("เพิ่มขึ้นจากปีงบประมาณ พ.ศ. 2566 ที่ได้ …"): neither the assessed year nor history
COMPARE = ("เพิ่มขึ้นจาก", "ลดลงจาก", "สูงขึ้นจาก", "เทียบกับ", "เมื่อเทียบ", "จากเดิม", "จากปี", "ปีก่อน", "ปีที่แล้ว",
           "ปีที่ผ่านมา")
_LEGAL = ("พระราชบัญญัติ", "พ.ร.บ.", "ระเบียบ", "รัฐธรรมนูญ", "พระราชกฤษฎีกา", "ยุทธศาสตร์ชาติ", "กฎกระทรวง")
_MONTH_WORDS = MONTHS + ("ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.")


def year_role(before: str) -> str:
    """What a year refers to, from the text just before it (nearest keyword wins).

    >>> year_role("๑.การวิเคราะห์ผลการประเมิน ITA ขององค์การบริหารส่วนจังหวัดลำปาง ประจำปีงบประมาณ ")
    'assessment'
    >>> year_role("มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปี พ.ศ."), year_role("ปี ")
    ('plan', 'history')
    >>> year_role("พระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. ")
    'other'
    >>> year_role("ได้คะแนนการประเมิน ITA 91.25 คะแนน เพิ่มขึ้นจากปีงบประมาณ พ.ศ. ")
    'compare'
    """
    window = before[-130:]
    tail = window.rstrip()
    if any(tail.endswith(m) for m in _MONTH_WORDS):
        return "other"  # a date: periods are read with the plan
    best, role = -1, "other"
    for words, r in ((_ASSESS, "assessment"), (_PLAN, "plan"), (_LEGAL, "other"), (COMPARE, "compare")):
        for w in words:
            at = window.rfind(w)
            if at >= 0 and at + len(w) > best:
                best, role = at + len(w), r
    if role == "other" and best < 0 and re.fullmatch(r"\s*(?:ปี|พ\.ศ\.)\s*(?:พ\.ศ\.)?\s*", window):
        return "history"
    return role


def find_years(text: str) -> list[tuple[int, str, int]]:
    """BE years in a text: (year, role, position).

    >>> find_years("ผลการประเมินประจำปี ๒๕๖๖ เพื่อกำหนดมาตรการในปี พ.ศ.๒๕๖๗")
    [(2566, 'assessment', 20), (2567, 'plan', 51)]

    A year written short after ปี, ปีงบประมาณ or พ.ศ. (as news and web pages do) is a year too:

    >>> find_years("ผลการประเมิน ITA ปีงบประมาณ 66 ได้ 96.30 คะแนน"), find_years("ข้อ 66 ได้ 96.30")
    ([(2566, 'assessment', 28)], [])
    """
    plain = arabic_digits(text)
    found = [(int(m.group(1)), m.start()) for m in _YEAR.finditer(plain)]
    found += [(2500 + int(m.group(1)), m.start(1)) for m in _SHORT_YEAR.finditer(plain)]
    return [(y, year_role(plain[:at]), at) for y, at in sorted(found, key=lambda t: t[1])]


# --------------------------------------------------------------------------------------- agency

_NAME_STOP = re.compile(
    r"\s|[,.;:()\"'“”]|อำเภอ|มีข้อ|มีการ|มีผล|มีคะแนน|ได้|และ|ควร|จึง|ซึ่ง|ที่|ใน|เป็น|ของ|ให้|จะ|ยัง|โดย|ต้อง|พบว่า|หรือ|ก็|ประจำ"
)
ORG_TYPES = (
    ("องค์การบริหารส่วนจังหวัด", "อบจ."), ("องค์การบริหารส่วนตำบล", "อบต."), ("เทศบาล", "เทศบาล"),
    ("อบจ.", "อบจ."), ("อบต.", "อบต."),
)
# A central agency's own name begins so ("สำนักงานหนองแก้ว", "กรมส่งเสริมการปกครองท้องถิ่น"); read only
# as a title line of its own, since running text names NACC's office and others the same way.
CENTRAL_PREFIXES = ("สำนักงาน", "กรม", "กระทรวง", "สถาบัน", "มหาวิทยาลัย", "ศูนย์")
_CENTRAL_TITLE = re.compile(rf"(?:{'|'.join(CENTRAL_PREFIXES)})[\u0e01-\u0e4e]{{2,60}}")


def central_title(text: str) -> str | None:
    """The name a title line gives when the line is a central agency's name and nothing else.

    >>> central_title(" สำนักงานหนองแก้ว "), central_title("สำนักงาน ป.ป.ช."), central_title("สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ")
    ('สำนักงานหนองแก้ว', None, None)
    """
    name = text.strip()
    if not _CENTRAL_TITLE.fullmatch(name) or "ป้องกันและปราบปรามการทุจริต" in name:
        return None
    return name


def agency_names(text: str) -> list[tuple[str, int]]:
    """Full names of local agencies in running text, with their positions.

    >>> agency_names("องค์การบริหารส่วนจังหวัดลำปางได้ศึกษา และองค์การบริหารส่วนตำบลวัดจันทร์มีข้อจำกัด")
    [('องค์การบริหารส่วนจังหวัดลำปาง', 0), ('องค์การบริหารส่วนตำบลวัดจันทร์', 41)]
    """
    out = []
    for prefix in AGENCY_PREFIXES:
        for m in re.finditer(re.escape(prefix), text):
            if any(p != prefix and p.startswith(prefix) and text.startswith(p, m.start()) for p in AGENCY_PREFIXES):
                continue  # "เทศบาล" inside "เทศบาลตำบล" is read by the longer prefix
            rest = text[m.end():]
            if not rest or not ("\u0e01" <= rest[0] <= "\u0e2e" or "\u0e40" <= rest[0] <= "\u0e44"):
                continue
            if rest.startswith(GENERIC):
                continue
            end = _NAME_STOP.search(rest, 1)
            place = rest[: end.start() if end else 30][:30]
            out.append((prefix + place, m.start()))
    return sorted(out, key=lambda t: t[1])


def org_type_of(name: str) -> str:
    for prefix, t in ORG_TYPES:
        if name.startswith(prefix):
            return t
    return ""


UNIT_ROLES = (
    ("สำนักปลัด", "admin"), ("กองยุทธ", "strategy"), ("กองพัสดุ", "procurement"), ("งานพัสดุ", "procurement"),
    ("กองการเจ้าหน้าที่", "hr"), ("งานการเจ้าหน้าที่", "hr"), ("กองคลัง", "finance"),
    ("ทุกส่วนราชการ", "all"), ("ทุกกอง", "all"), ("ทุกหน่วย", "all"), ("ตรวจสอบภายใน", "audit"),
)


# --------------------------------------------------------------------------------------- maintain/improve

_IMPROVE_WORDS = ("ปรับปรุง", "แก้ไข", "ยกระดับ", "จัดให้มี", "จัดทำ", "เพิ่ม", "ส่งเสริม", "กำหนด", "ฝึกอบรม", "เร่ง")
_MAINTAIN_WORDS = ("รักษามาตรฐาน", "รักษาระดับ", "คงไว้", "รักษาไว้")


def action_kind(text: str) -> str | None:
    """``maintain``, ``improve`` or ``None`` (unsure) for a table's maintain/improve cell.

    >>> action_kind("รักษามาตรฐานไว้และ พัฒนาประสิทธิภาพของ การทำงานให้เป็นไปอย่าง ต่อเนื่อง")
    'maintain'
    >>> action_kind("พัฒนาและปรับปรุงให้ดีขึ้น"), action_kind("กำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ"), action_kind("-")
    ('improve', 'improve', None)
    """
    s = compact(text)
    improve = any(w in s for w in _IMPROVE_WORDS)
    maintain = any(w in s for w in _MAINTAIN_WORDS)
    if improve:
        return "improve"
    if maintain:
        return "maintain"
    # any other measure ("กำกับดูแลและตรวจสอบ…") is something to do: improve; a dash says nothing
    return "improve" if len(re.findall(r"[\u0e01-\u0e2e]", s)) >= 10 else None


# --------------------------------------------------------------------------------------- periods
# parse_period is in core/period.py (the progress report reads periods too)


def period_texts(text: str) -> list[str]:
    """The periods a text states, as written (a plan row printed as lines ends with its period).

    >>> period_texts("๓. แจกเวียนให้บุคลากรทราบ ๑. ตุลาคม ๒๕๖๖ ถึง ๓๐ กันยายน ๒๕๖๗")
    ['1. ตุลาคม 2566 ถึง 30 กันยายน 2567']
    """
    plain = re.sub(r"(?<=[0-9])\s+(?=[0-9])", "", arabic_digits(text))
    found = sorted((m.start(), m.group()) for pat in (_PERIOD, _BY) for m in pat.finditer(plain))
    return [t for _, t in found]
