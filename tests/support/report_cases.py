"""Agencies to render the two documents for, beside the bundled sample: a 2569 อบต. with weak
questions in every tool and failed OIT items, a 2568 agency, the same 2569 scores as a เทศบาล and
as a กรม. Scores are made from each year's questions (high and varied, with the weak ones set),
written as the case file and score file staff would give ``ita-xl export``."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ita_xl.io.frameworks import load as load_framework

# Weak questions in every tool (2569 and 2568 share the IIT/EIT codes) and failed OIT items,
# among them the items whose wording 2569 does not know (O5-O7) and the report on the measures (O26).
WEAK = {"i24": 72.14, "i13": 84.5, "i6": 88.0, "e14": 76.25, "e5": 86.67, "e10": 89.1}
FAILED_OIT_2569 = ("O5", "O6", "O10", "O26")
FAILED_OIT_2568 = ("O10", "O26")  # 2568 has 26 items: E-Service and the anti-corruption report


@dataclass
class Agency:
    key: str
    year: int
    name: str
    org_type: str
    district: str
    province: str
    failed: tuple[str, ...] = ()
    weak: dict[str, float] = field(default_factory=lambda: dict(WEAK))


AGENCIES = (
    Agency("obt-2569", 2569, "องค์การบริหารส่วนตำบลหนองบัวทอง", "อบต.", "ศรีบุญเรือง", "หนองบัวลำภู",
           FAILED_OIT_2569),
    Agency("obt-2568", 2568, "องค์การบริหารส่วนตำบลบ้านเป้า", "อบต.", "เมืองลำปาง", "ลำปาง", FAILED_OIT_2568),
    Agency("tessaban-2569", 2569, "เทศบาลตำบลหนองบัวทอง", "เทศบาล", "ศรีบุญเรือง", "หนองบัวลำภู",
           FAILED_OIT_2569),
    Agency("krom-2569", 2569, "กรมส่งเสริมการปกครองท้องถิ่น", "ส่วนราชการ", "", "", FAILED_OIT_2569),
)


def _scores(a: Agency) -> list[tuple[str, str]]:
    rows = []
    for k, q in enumerate(load_framework(a.year).questions.values()):
        if q.tool == "OIT":
            score = 0.0 if q.code in a.failed else 100.0
        else:
            score = a.weak.get(q.code, (100.0, 97.5, 95.83, 98.33, 93.75)[k % 5])
        rows.append((q.code, f"{score:.2f}"))
    return rows


def write_case(a: Agency, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    scores = folder / f"{a.key}.csv"
    with scores.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([("code", "score"), *_scores(a)])
    case = folder / f"{a.key}.toml"
    case.write_text(
        f'year = {a.year}\nscores = "{scores.name}"\n\n[org]\nid = "{a.key}"\nname = "{a.name}"\n'
        f'org_type = "{a.org_type}"\ndistrict = "{a.district}"\nprovince = "{a.province}"\n',
        encoding="utf-8",
    )
    return case


def as_of(a: Agency) -> date:
    """Six months into the plan year (the year after the assessment): 31 March."""
    return date(a.year + 1 - 543, 3, 31)
