"""The line-breaking characters never change what a text says."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ita_xl.report.typeset import NBSP, WJ, keep_dates, keep_unit, short_period

THAI = st.text(alphabet=st.sampled_from(list("กองสำนักปลัดยุทธศาสตร์และงบประมาณการเจ้าหน้าที่ .๐๑๒๓๔๕๖๗๘๙")), max_size=60)


def _plain(text: str) -> str:
    return text.replace(WJ, "").replace(NBSP, " ")


@given(THAI)
def test_keep_unit_only_adds_joiners_and_no_break_spaces(name):
    assert _plain(keep_unit(name)) == name


@given(THAI)
def test_keep_dates_only_swaps_spaces(text):
    assert _plain(keep_dates(text)) == text


def test_short_period_keeps_both_dates():
    assert short_period("1 ตุลาคม 2566 ถึง 30 กันยายน 2567") == "1 ต.ค. 2566 -\n30 ก.ย. 2567"
    assert short_period("ตลอดปีงบประมาณ") == "ตลอดปีงบประมาณ"  # staff text without dates: as typed


# --- a unit's name kept whole only where it fits the owner column -------------------------------------

import tomllib  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from ita_xl.report.docx import PLAN_COLS, PROGRESS_COLS  # noqa: E402
from ita_xl.report.typeset import _UNIT_SPLIT  # noqa: E402

UNITS = Path(__file__).resolve().parents[1] / "ita_xl" / "frameworks" / "units.toml"
LAKSAMAN = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")  # the PDF's stand-in (fonts-thai-tlwg)
CELL_MARGINS_CM = 2 * 0.19  # Word's and LibreOffice's default left + right cell margins


def _shipped_unit_names() -> set[str]:
    data = tomllib.loads(UNITS.read_text(encoding="utf-8"))
    names = set(data["roles"].values())
    for spec in data.get("org_types", {}).values():
        names |= set(spec.get("units", {}).values())
    return names


def _glued_spans(kept: str) -> list[str]:
    """The spans a line may not break inside: words (split as the name's own word list splits them)
    joined by a word joiner or a no-break space. Words not joined may break apart (the dictionary)."""
    spans = []
    for line in kept.split("\n"):
        for run in line.split(" "):
            current = ""
            for k, piece in enumerate(run.replace(NBSP, WJ + NBSP).split(WJ)):
                words = [w for w in _UNIT_SPLIT.split(piece) if w]
                if not words:
                    continue
                if k and current:  # glued to the last word before the joiner
                    current += words[0]
                    words = words[1:]
                    if not words:
                        continue
                    spans.append(current)
                elif current:
                    spans.append(current)
                spans.extend(words[:-1])
                current = words[-1]
            if current:
                spans.append(current)
    return spans


def test_a_municipality_s_admin_unit_may_wrap_between_its_words():
    # สำนักปลัดเทศบาล, every เทศบาล's default unit, is wider than the 3.9 cm owner column at 14 pt:
    # glued whole, LibreOffice broke it inside a word (สำนั / กปลัดเทศบาล)
    assert keep_unit("สำนักปลัดเทศบาล") == "สำนัก" + WJ + "ปลัดเทศบาล"
    assert keep_unit("กองการเจ้าหน้าที่") == "กอง" + WJ + "การ" + WJ + "เจ้าหน้าที่"  # fits: kept whole


@pytest.mark.skipif(not LAKSAMAN.exists(), reason="Laksaman (fonts-thai-tlwg) not installed")
@pytest.mark.parametrize("cols", [PLAN_COLS, PROGRESS_COLS], ids=["plan", "progress"])
def test_every_shipped_unit_name_s_unbreakable_pieces_fit_the_owner_column(cols):
    from PIL import ImageFont

    owner_cm = cols[2]  # topic, measures, owner, ...: the owner is the third column in both
    room_pt = (owner_cm - CELL_MARGINS_CM) / 2.54 * 72
    font = ImageFont.truetype(str(LAKSAMAN), 140)  # 14 pt, in tenths of a point
    too_wide = []
    for name in sorted(_shipped_unit_names()):
        for span in _glued_spans(keep_unit(name)):
            if font.getlength(span.replace(NBSP, " ")) / 10 > room_pt:
                too_wide.append((name, span))
    assert too_wide == []
