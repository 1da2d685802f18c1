"""The shipped recommendation library (2566) and the unit names are complete and generic."""

from __future__ import annotations

import re
import string
import tomllib

import pytest

from ita_xl.io.frameworks import FRAMEWORKS, catalog, load
from ita_xl.core.model import Org
from ita_xl.core.plan import unit_name

ROLES = {"admin", "strategy", "finance", "procurement", "hr", "it", "pr", "audit", "legal", "all"}
ORG_TYPES = ("อบจ.", "เทศบาล", "อบต.", "ส่วนราชการ", "สถานศึกษา", "รัฐวิสาหกิจ", "default")
PARAGRAPH_FIELDS = {"org", "issue", "focus", "indicator", "score", "finding", "measures", "lead", "relation", "opener",
                    "questions"}
AGENCY_WORDS = ("ลำปาง", "วัดจันทร์", "เกาะคา")
PROVINCES = (
    "กรุงเทพมหานคร กระบี่ กาญจนบุรี กาฬสินธุ์ กำแพงเพชร ขอนแก่น จันทบุรี ฉะเชิงเทรา ชลบุรี ชัยนาท "
    "ชัยภูมิ ชุมพร เชียงราย เชียงใหม่ ตรัง ตราด ตาก นครนายก นครปฐม นครพนม นครราชสีมา นครศรีธรรมราช "
    "นครสวรรค์ นนทบุรี นราธิวาส น่าน บึงกาฬ บุรีรัมย์ ปทุมธานี ประจวบคีรีขันธ์ ปราจีนบุรี ปัตตานี "
    "พระนครศรีอยุธยา พะเยา พังงา พัทลุง พิจิตร พิษณุโลก เพชรบุรี เพชรบูรณ์ แพร่ ภูเก็ต มหาสารคาม "
    "มุกดาหาร แม่ฮ่องสอน ยโสธร ยะลา ร้อยเอ็ด ระนอง ระยอง ราชบุรี ลพบุรี ลำปาง ลำพูน เลย ศรีสะเกษ "
    "สกลนคร สงขลา สตูล สมุทรปราการ สมุทรสงคราม สมุทรสาคร สระแก้ว สระบุรี สิงห์บุรี สุโขทัย "
    "สุพรรณบุรี สุราษฎร์ธานี สุรินทร์ หนองคาย หนองบัวลำภู อ่างทอง อำนาจเจริญ อุดรธานี อุตรดิตถ์ "
    "อุทัยธานี อุบลราชธานี"
).split()
DIGIT = re.compile(r"[0-9\u0e50-\u0e59]")


@pytest.fixture(scope="module")
def fw():
    return load(2566)


@pytest.fixture(scope="module")
def raw_recs():
    with (FRAMEWORKS / "2566" / "recommendations.toml").open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def units():
    with (FRAMEWORKS / "units.toml").open("rb") as fh:
        return tomllib.load(fh)


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def all_texts(fw, units) -> list[tuple[str, str]]:
    out = []
    for key, value in fw.texts.items():
        for v in value if isinstance(value, list) else [value]:
            out.append((f"texts.{key}", v))
    for key, rec in fw.recommendations.items():
        out.append((f"{key}.finding", rec.finding))
        out.append((f"{key}.action_short", rec.action_short))
        out += [(f"{key}.measures", m) for m in rec.measures]
        out += [(f"{key}.steps", s) for s in rec.steps]
    out += [(f"roles.{k}", v) for k, v in units["roles"].items()]
    for t, spec in units["org_types"].items():
        out += [(f"org_types.{t}.{k}", v) for k, v in spec["units"].items()]
    return out


def check_rec(key, rec):
    assert rec.finding.strip(), f"{key}: empty finding"
    assert 1 <= len(rec.measures) <= 3, f"{key}: {len(rec.measures)} measures"
    assert 3 <= len(rec.steps) <= 5, f"{key}: {len(rec.steps)} steps"
    assert rec.owner in ROLES, f"{key}: owner {rec.owner!r}"
    for m in rec.measures:
        assert m.strip() and not m.startswith("ควร"), f"{key}: measure must read after 'ควร': {m!r}"
    for s in rec.steps:
        assert s.strip() and not re.match(r"\s*[0-9\u0e50-\u0e59]", s), f"{key}: step {s!r}"


def test_every_question_has_its_own_recommendation(fw):
    assert len(fw.questions) == 88
    missing = [c for c in fw.questions if c not in fw.recommendations]
    assert not missing, f"no recommendation for {missing}"
    for code in fw.questions:
        check_rec(code, fw.recommendations[code])


def test_indicator_fallbacks(fw):
    for no in range(1, 11):
        key = f"ind{no}"
        assert key in fw.recommendations, key
        check_rec(key, fw.recommendations[key])


def test_no_stray_keys(fw, raw_recs):
    allowed = set(fw.questions) | {f"ind{n}" for n in range(1, 11)}
    assert set(raw_recs["recommendations"]) <= allowed, set(raw_recs["recommendations"]) - allowed
    for key, r in raw_recs["recommendations"].items():
        assert set(r) <= {"finding", "measures", "owner", "steps", "action_short"}, key


def test_findings_differ(fw):
    findings = [fw.recommendations[c].finding for c in fw.questions]
    assert len(set(findings)) == len(findings), "findings are copy-pasted between questions"
    first_measures = [fw.recommendations[c].measures[0] for c in fw.questions]
    assert len(set(first_measures)) == len(first_measures)


def test_every_role_has_a_unit_for_every_org_type(fw, units):
    used = {r.owner for r in fw.recommendations.values()} | {"admin"}  # admin: plan rows of kept issues
    assert used <= ROLES
    assert set(units["roles"]) >= ROLES
    for t in ORG_TYPES:
        names = units["org_types"][t]["units"]
        for role in used:
            assert names.get(role, "").strip(), f"{t}: no unit for {role}"
            got = unit_name(role, Org("หน่วยงานทดสอบ", org_type=t if t != "default" else "ประเภทอื่น"), units)
            assert got == names[role] and got not in ROLES


def test_own_units_override_defaults():
    org = Org("หน่วยงานทดสอบ", org_type="อบต.", units={"finance": "งานการเงิน"})
    units = catalog().units
    assert unit_name("finance", org, units) == "งานการเงิน"
    assert unit_name("finance", Org("หน่วยงานทดสอบ", org_type="อบจ."), units) == "กองคลัง"


def test_templates_use_known_placeholders_and_format(fw):
    texts = fw.texts
    for key in ("maintain", "improve", "paragraph_improve", "paragraph_maintain"):
        assert texts.get(key, "").strip(), key
    assert texts["maintain"] == "รักษามาตรฐานไว้และพัฒนาประสิทธิภาพของการทำงานให้เป็นไปอย่างต่อเนื่อง"
    assert texts["improve"] == "พัฒนาและปรับปรุงการดำเนินงานให้ดีขึ้นจากเดิม"
    assert {"org", "issue", "lead", "questions", "opener", "measures"} == fields_of(texts["paragraph_improve"])
    # each question with its own score, and its indicator's the way the lint reads it
    assert "{indicator}อยู่ที่ {indicator_score} คะแนน" in texts["indicator_part"]
    for t in [texts["question_first"], *texts["question_next"]]:
        assert {"quote", "score", "indicator", "finding"} <= fields_of(t), t
    assert fields_of(texts["paragraph_maintain"]) <= PARAGRAPH_FIELDS
    assert "{org}" in texts["paragraph_maintain"] and "{issue}" in texts["paragraph_maintain"]
    values = dict.fromkeys(PARAGRAPH_FIELDS, "x")
    for key in ("paragraph_improve", "paragraph_maintain"):
        assert "{" not in texts[key].format(**values)
    for key in ("maintain", "improve"):
        assert not fields_of(texts[key])
    for s in texts.get("maintain_steps_list", []):
        assert not fields_of(s) and not DIGIT.search(s)


def test_recommendation_texts_use_only_org(fw):
    for key, rec in fw.recommendations.items():
        for text in (rec.finding, rec.action_short, *rec.measures, *rec.steps):
            assert fields_of(text) <= {"org"}, f"{key}: {text!r}"
            assert "{" not in text.format(org="หน่วยงานทดสอบ"), key


def test_no_agency_or_province_names(fw, units):
    for where, text in all_texts(fw, units):
        for word in AGENCY_WORDS:
            assert word not in text, f"{where}: {word} in {text!r}"
        for m in re.finditer("จังหวัด", text):
            rest = text[m.end():].lstrip()
            assert not rest.startswith(tuple(PROVINCES)), f"{where}: names a province: {text!r}"


def test_measures_and_steps_carry_no_numbers(fw):
    for key, rec in fw.recommendations.items():
        for text in (*rec.measures, *rec.steps, rec.action_short):
            assert not DIGIT.search(text), f"{key}: number in {text!r}"


def test_generated_paragraphs_use_the_library(sample_result):
    for issue in sample_result.issues:
        if issue.focus:
            rec = issue.recommendations[0]
            first = rec.measures[0].format(org="")
            assert first.split()[0] in issue.analysis_th, (issue.no, first)
            opener = issue.analysis_th.rsplit("องค์การบริหารส่วนจังหวัดลำปางควร", 1)[0]
            assert any(opener.rstrip().endswith(o) for o in sample_result.framework.texts["proposal_openers"]), issue.no
