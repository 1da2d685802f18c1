"""Regenerate each year's ``questions.csv`` from the project's reference CSVs.

The reference facts live in ``../shared/reference/questions_<year>.csv`` (one row per known
question, with its source). The package ships one normalised file per year, with every code
the year's structure implies; codes whose wording was not retrieved are kept and marked
UNVERIFIED so the user can paste the official text from the ITAS result pages.

    python scripts/import_reference.py [REFERENCE_DIR]
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from ita_xl.io.frameworks import infer_topic  # noqa: E402
OUT = ROOT / "ita_xl" / "frameworks"

# Items per tool and how codes map to indicators (ITA_FACTS.md).
IIT = [(f"i{n}", "IIT", (n - 1) // 6 + 1) for n in range(1, 31)]
EIT = [(f"e{n}", "EIT", 6 + (n - 1) // 5) for n in range(1, 16)]
OIT_43 = [(f"O{n}", "OIT", 9 if n <= 30 else 10) for n in range(1, 44)]
STRUCTURE = {
    2562: IIT + EIT + OIT_43,
    2563: IIT + EIT + OIT_43,
    2564: IIT + EIT + OIT_43,
    2565: IIT + EIT + OIT_43,
    2566: IIT + EIT + OIT_43,
    2567: IIT + EIT,  # OIT 2567: only the items found in the reference (list incomplete)
    2568: IIT + EIT,  # OIT 2568: taken from the reference, 26 items
    2569: IIT + EIT,  # IIT/EIT 2569 not found: assumed as 2568 (UNVERIFIED); OIT 2569 from the reference
}
# Years whose OIT list is assumed to be 2566's (43 items): their items take 2566's topics by code.
OIT_AS_2566 = {2562, 2563, 2564, 2565}
# 2566 OIT sub-indicators (framework.toml); the column here lets users see them per item.
SUB_2566 = {
    **{f"O{n}": "9.1" for n in range(1, 11)},
    **{f"O{n}": "9.2" for n in range(11, 19)},
    **{f"O{n}": "9.3" for n in range(19, 23)},
    **{f"O{n}": "9.4" for n in range(23, 27)},
    **{f"O{n}": "9.5" for n in range(27, 31)},
    **{f"O{n}": "10.1" for n in range(31, 39)},
    **{f"O{n}": "10.2" for n in range(39, 44)},
}
NAMES = {
    1: "การปฏิบัติหน้าที่", 2: "การใช้งบประมาณ", 3: "การใช้อำนาจ", 4: "การใช้ทรัพย์สินของราชการ",
    5: "การแก้ไขปัญหาการทุจริต", 6: "คุณภาพการดำเนินงาน", 7: "ประสิทธิภาพการสื่อสาร",
    8: "การปรับปรุงการทำงาน", 9: "การเปิดเผยข้อมูล", 10: "การป้องกันการทุจริต",
}


def confidence(text: str) -> str:
    t = text.upper()
    if t.startswith(("UNVERIFIED", "UNKNOWN")):
        return "unverified"
    if t.startswith("SEED"):
        return "seed"
    return "official"


def split_wording(text: str) -> tuple[str, str]:
    """Separate the question's wording from the research note in front of it.

    >>> split_wording("SEED: หน่วยงานมี")
    ('หน่วยงานมี', 'SEED')
    >>> split_wording("UNKNOWN – not retrieved")
    ('', 'UNKNOWN – not retrieved')
    """
    first, _, rest = text.partition(" || ")  # a second reading after || is a note
    head = first.split(":", 1)[0]
    if head.upper().startswith(("UNVERIFIED", "UNKNOWN", "SEED")):
        if ":" not in first:
            return "", text
        note, _, wording = first.rpartition(": ")
        return wording.strip(), " || ".join(x for x in (note.strip(), rest.strip()) if x)
    return first, rest


_NOTE_PART = re.compile(r"\s*(\([^()]*\)|\[[^\[\]]*\])")


def split_research_note(wording: str) -> tuple[str, str]:
    """Move a researcher's parenthetical remark out of the wording (a paragraph quotes the wording).

    A bracketed part is a remark when it holds a lower-case English word; official names in
    brackets such as (E-Service), (Q&A) or (No Gift Policy) stay.

    >>> split_research_note("ข้อมูลการติดต่อ (incl. a two-way Q&A channel)")
    ('ข้อมูลการติดต่อ', '(incl. a two-way Q&A channel)')
    >>> split_research_note("ระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service)")
    ('ระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service)', '')
    """
    notes = []

    def take(m: re.Match) -> str:
        if re.search(r"(?<![A-Za-z])[a-z]{2,}\b", m.group(1)):
            notes.append(m.group(1))
            return ""
        return m.group(0)

    text = _NOTE_PART.sub(take, wording).strip()
    return text, " ".join(notes)


def main(ref: Path) -> None:
    topics_2566: dict[str, str] = {}
    wording_2566: dict[str, str] = {}
    for year, structure in sorted(STRUCTURE.items(), key=lambda kv: kv[0] != 2566):  # 2566 first
        known: dict[str, dict] = {}
        path = ref / f"questions_{year}.csv"
        if path.exists():
            with path.open(encoding="utf-8", newline="") as fh:
                known = {r["code"]: r for r in csv.DictReader(fh)}
        rows = {code: (tool, ind) for code, tool, ind in structure}
        for code, r in known.items():
            rows.setdefault(code, (r["tool"], int(r["indicator_no"])))
        out = OUT / str(year)
        out.mkdir(parents=True, exist_ok=True)
        with (out / "questions.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["code", "tool", "indicator", "subindicator", "topic", "text_th", "confidence", "note", "source"])
            for code, (tool, ind) in rows.items():
                r = known.get(code)
                if r and int(r["indicator_no"]) != ind:
                    raise SystemExit(f"{path}: {code} indicator {r['indicator_no']} != structure {ind}")
                text = r["text_th"].strip() if r else f"UNVERIFIED – wording for {year} not retrieved"
                sub = SUB_2566.get(code, "") if year == 2566 else ""
                extra = ""
                if year == 2569 and " [" in text:  # "<title> [note] [note]": the notes say how sure
                    text, _, extra = text.partition(" [")
                    extra = "[" + extra
                wording, note = split_wording(text)
                note = " ".join(x for x in (note, extra) if x)
                conf = "unverified" if year == 2569 else confidence(text)  # 2569: a secondary list
                if tool == "OIT":
                    wording, remark = split_research_note(wording)
                    note = " ".join(x for x in (note, remark) if x)
                    topic = infer_topic(wording) if wording else ""
                    if not topic and year in OIT_AS_2566:
                        topic = topics_2566.get(code, "")
                    if year == 2566:
                        topics_2566[code] = topic
                else:
                    topic = ""
                    if year == 2566:
                        wording_2566[code] = wording
                    elif not wording and wording_2566.get(code):
                        # the code keeps its indicator (assumed as 2566): carry that wording, unverified
                        wording = wording_2566[code]
                        note = f"{note} || wording as 2566 (itself a proxy), not verified for {year}".strip(" |")
                        conf = "unverified"
                src = (r or {}).get("source_url", "")
                w.writerow([code, tool, ind, sub, topic, wording, conf, note, src])
        print(f"{year}: {len(rows)} questions")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference")
