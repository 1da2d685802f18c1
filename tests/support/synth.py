"""Synthetic long score files for benchmarks and tests: N agencies of one ITA year, deterministic.

The mix follows the country: mostly อบต. and เทศบาลตำบล, a few เทศบาลเมือง/นคร, one อบจ. per
province and some central agencies. Scores follow how ITA results look: IIT items high and tight,
EIT items a little lower and wider, OIT items published-or-not (100 or 0) with a per-agency
disclosure rate, so levels spread from ผ่านดีเยี่ยม down to ต้องปรับปรุงโดยด่วน.

>>> rows = list(synthetic_rows(2, seed=1))
>>> rows[0][:4], len(rows) == 2 * 88
(('6100001', 'องค์การบริหารส่วนตำบลห้วยทอง', 'อบต.', 2566), True)
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

from ita_xl.io.frameworks import load

HEADER = ("org_id", "org_name", "org_type", "year", "code", "score", "province", "district")

PROVINCES = (
    "กรุงเทพมหานคร", "กระบี่", "กาญจนบุรี", "กาฬสินธุ์", "กำแพงเพชร", "ขอนแก่น", "จันทบุรี", "ฉะเชิงเทรา",
    "ชลบุรี", "ชัยนาท", "ชัยภูมิ", "ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง", "ตราด", "ตาก", "นครนายก",
    "นครปฐม", "นครพนม", "นครราชสีมา", "นครศรีธรรมราช", "นครสวรรค์", "นนทบุรี", "นราธิวาส", "น่าน",
    "บึงกาฬ", "บุรีรัมย์", "ปทุมธานี", "ประจวบคีรีขันธ์", "ปราจีนบุรี", "ปัตตานี", "พระนครศรีอยุธยา",
    "พังงา", "พัทลุง", "พิจิตร", "พิษณุโลก", "เพชรบุรี", "เพชรบูรณ์", "แพร่", "พะเยา", "ภูเก็ต",
    "มหาสารคาม", "มุกดาหาร", "แม่ฮ่องสอน", "ยะลา", "ยโสธร", "ร้อยเอ็ด", "ระนอง", "ระยอง", "ราชบุรี",
    "ลพบุรี", "ลำปาง", "ลำพูน", "เลย", "ศรีสะเกษ", "สกลนคร", "สงขลา", "สตูล", "สมุทรปราการ",
    "สมุทรสงคราม", "สมุทรสาคร", "สระแก้ว", "สระบุรี", "สิงห์บุรี", "สุโขทัย", "สุพรรณบุรี", "สุราษฎร์ธานี",
    "สุรินทร์", "หนองคาย", "หนองบัวลำภู", "อ่างทอง", "อุดรธานี", "อุทัยธานี", "อุตรดิตถ์", "อุบลราชธานี",
    "อำนาจเจริญ",
)
# (type, name prefix, share of the country's ~8,300 agencies)
TYPES = (
    ("อบต.", "องค์การบริหารส่วนตำบล", 0.63),
    ("ทต.", "เทศบาลตำบล", 0.27),
    ("ทม.", "เทศบาลเมือง", 0.023),
    ("ทน.", "เทศบาลนคร", 0.004),
    ("อบจ.", "องค์การบริหารส่วนจังหวัด", 0.009),
    ("ส่วนราชการ", "สำนักงาน", 0.064),
)
_FIRST = ("บ้าน", "หนอง", "ดอน", "นา", "ห้วย", "โพธิ์", "วัง", "ท่า", "โคก", "แม่", "บึง", "ทุ่ง", "เขา", "คลอง")
_SECOND = (
    "นา", "ใหม่", "แก้ว", "ทอง", "ใหญ่", "กลาง", "ยาง", "ไทร", "สูง", "งาม", "เหนือ", "ใต้", "ศรี", "สะอาด",
    "บัว", "ม่วง", "ขาม", "แดง", "จันทร์", "คำ",
)


def _pick_type(rng: random.Random) -> tuple[str, str]:
    x = rng.random()
    for t, prefix, share in TYPES:
        if x < share:
            return t, prefix
        x -= share
    return TYPES[0][0], TYPES[0][1]


def _clip(x: float) -> float:
    return round(min(100.0, max(0.0, x)), 2)


def synthetic_rows(n: int, year: int = 2566, seed: int = 2566) -> Iterator[tuple]:
    """Rows of the long shape (see :data:`HEADER`) for ``n`` agencies, the same for the same seed."""
    rng = random.Random(seed)
    fw = load(year)
    codes = list(fw.questions)
    for k in range(n):
        org_type, prefix = _pick_type(rng)
        province = PROVINCES[rng.randrange(len(PROVINCES))]
        place = rng.choice(_FIRST) + rng.choice(_SECOND)
        name = prefix + (province if org_type == "อบจ." else place)
        district = "เมือง" + province if org_type == "อบจ." else rng.choice(_FIRST) + rng.choice(_SECOND)
        org_id = f"{6100001 + k}"
        quality = rng.betavariate(6, 1.6)  # most agencies do well, a long tail does not
        disclosure = min(1.0, rng.betavariate(8, 1.2) * (0.6 + 0.4 * quality) + 0.05)
        for code in codes:
            tool = fw.questions[code].tool
            if tool == "OIT":
                score = 100.0 if rng.random() < disclosure else 0.0
            elif tool == "IIT":
                score = _clip(rng.gauss(88 + 11 * quality, 3.0))
            else:
                score = _clip(rng.gauss(78 + 18 * quality, 5.0))
            yield (org_id, name, org_type, year, code, f"{score:.2f}", province, district)


def write_synthetic_csv(path: str | Path, n: int, year: int = 2566, seed: int = 2566) -> Path:
    """Write :func:`synthetic_rows` to a UTF-8 CSV; returns the path."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(synthetic_rows(n, year, seed))
    return path
