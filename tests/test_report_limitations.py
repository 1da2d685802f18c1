"""Section ๓ of the measures document: the agency's own limitations from the workbook; when staff
left them empty, the limitations agencies of its type typically meet with how to handle each (data:
frameworks/limitations.toml), and a warning naming the cell to review — never a sentence saying none
were given."""

from __future__ import annotations

import dataclasses
import tomllib
from importlib import resources

import pytest

from ita_xl.core.model import Org
from ita_xl.io.case import sample_case
from ita_xl.io.frameworks import analyze
from ita_xl.report import build
from ita_xl.report.model import typical_limitations
from ita_xl.workbook.layout import NOTES, SHEETS

NONE_GIVEN = "ไม่ได้ระบุข้อจำกัด"


def _entries() -> list[dict]:
    text = resources.files("ita_xl.frameworks").joinpath("limitations.toml").read_text("utf-8")
    return tomllib.loads(text)["limitations"]


def _report(org: Org, limitations: str = "", suggestions: str = ""):
    case = sample_case()
    case = dataclasses.replace(case, org=org, texts={"limitations": limitations, "suggestions": suggestions})
    return build(analyze(case))


@pytest.mark.parametrize("org, word", [
    (Org("องค์การบริหารส่วนตำบลหนองบัวทอง", org_type="อบต."), "องค์กรปกครองส่วนท้องถิ่น"),
    (Org("เทศบาลตำบลหนองบัวทอง", org_type="เทศบาล"), "องค์กรปกครองส่วนท้องถิ่น"),
    (Org("กรมส่งเสริมการปกครองท้องถิ่น", org_type="ส่วนราชการ"), "ส่วนราชการ"),
    (Org("สถาบันทดสอบ"), "หน่วยงานภาครัฐ"),
])
def test_empty_limitations_give_the_typical_ones_of_the_type_with_their_handling(org, word):
    r = _report(org)
    typical = typical_limitations(org)
    assert word in typical["intro"]
    text = " ".join(r.limitations + r.suggestions)
    assert NONE_GIVEN not in text
    assert org.name in r.limitations[0] and word in r.limitations[0]
    # each limitation, and how to handle it under the suggestions heading, in the same order
    assert len(r.limitations) == len(r.suggestions) == len(typical["items"]) + 1
    for k, item in enumerate(typical["items"], 1):
        assert r.limitations[k].endswith(item["limitation"]) and r.suggestions[k].endswith(item["handling"])
    # marked for staff review: the warning names the sheet and cell to fill
    cell = f"{SHEETS['notes'].name}!{NOTES.cell('text', 0)}"
    assert cell == "ข้อจำกัด!C4"
    assert any(cell in w and "review" in w for w in r.warnings), r.warnings


def test_the_agencys_own_limitations_are_kept_and_no_warning():
    org = Org("องค์การบริหารส่วนตำบลหนองบัวทอง", org_type="อบต.")
    own = "บุคลากรด้านสารสนเทศมีเพียงหนึ่งคน"
    r = _report(org, limitations=own, suggestions="จ้างเหมาดูแลเว็บไซต์")
    assert r.limitations == [own] and r.suggestions == ["จ้างเหมาดูแลเว็บไซต์"]
    assert not any("ข้อจำกัด!" in w for w in r.warnings)
    # staff's limitations without suggestions: theirs kept, no typical handling added
    r = _report(org, limitations=own)
    assert r.limitations == [own] and r.suggestions == []


def test_the_data_has_a_set_for_any_agency_and_short_items():
    entries = _entries()
    assert sum("" in e["prefix"] for e in entries) == 1
    for e in entries:
        assert 2 <= len(e["items"]) <= 5 and "{org}" in e["intro"] and "{year}" in e["intro"]
        for item in e["items"]:
            assert item["limitation"].strip() and item["handling"].strip()
            assert NONE_GIVEN not in item["limitation"]
