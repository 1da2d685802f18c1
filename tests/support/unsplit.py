"""Words a line of the report must never end inside, whatever cut the report makes: a judge
independent of ``typeset.units`` (the line-end check against the marked copy passes a wrong unit).

From the readers of issue 21 (words they found split at line ends in the PDFs), from the places
where PyThaiNLP's newmm and a longest match over the same dictionary cut the documents' texts
differently and one of them is plainly wrong ("ดำเนิน|การตาม", "ผู้มีส่วน|ได้ส่วน|เสีย", "ลดขั้น|ตอน"),
and the office terms of ``frameworks/typeset.toml`` that fit a narrow column (the wider ones may
break between their words there) and are not compounds that break between their parts. A compound that may break between its own words ("การ|ปฏิบัติ",
"ประจำ|ปีงบประมาณ") is not here.
"""

from __future__ import annotations

import tomllib
from importlib import resources

from ita_xl.report.typeset import CHUNK, width

FOUND = [
    # the readers' findings
    "องค์การ", "ราชการ", "ขั้นตอน", "ช่องทาง", "บทลงโทษ", "ผู้มีส่วนได้ส่วนเสีย", "หนองบัวทอง", "ตัวชี้วัด",
    "ปีงบประมาณ", "ข้อเท็จจริง", "เจ้าหน้าที่", "ธันวาคม",
    # newmm's or the longest match's plain errors on the documents' texts
    "ดำเนินการ", "แนวทาง", "กระบวนการ", "โครงการ", "เอกสาร", "รายการ", "หน้าที่", "ผลตอบแทน", "คู่มือ",
    "ค่าใช้จ่าย", "ตั้งแต่", "สถานที่", "เนื้อหา", "ติดตาม", "อย่าง", "ทุนการศึกษา", "วิธีการ", "จัดการ",
    "เห็นชอบ", "ความสำคัญ", "ลำดับ", "มีส่วนร่วม", "หอกระจาย",
    # Latin terms with a hyphen ("(E- | Service)")
    "E-Service", "E-service", "e-Service",
]


def never_split() -> list[str]:
    """The words, longest first."""
    data = tomllib.loads(resources.files("ita_xl.frameworks").joinpath("typeset.toml").read_text(encoding="utf-8"))
    compounds = {c.replace("|", "") for c in data.get("compounds", [])}  # these break between their parts
    words = set(FOUND) | {w for w in data["words"] if width(w) <= CHUNK and w not in compounds}
    return sorted(words, key=len, reverse=True)


NEVER_SPLIT = never_split()
