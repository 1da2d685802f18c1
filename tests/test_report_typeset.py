"""Line breaking: the marks never change what a text says, and they sit where Thai may break."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ita_xl.report.typeset import NBSP, ZWNBSP, ZWSP, lay, plain, proper_names, short_period, units, width

THAI = st.text(alphabet=st.sampled_from(list("กองสำนักปลัดยุทธศาสตร์และงบประมาณการเจ้าหน้าที่ .()ๆ๐๑๒๓๔๕๖๗๘๙ABi\"")),
               max_size=60)


@settings(deadline=None)  # the first call loads the dictionary
@given(THAI)
def test_lay_only_adds_marks_and_no_break_spaces(text):
    assert plain(lay(text)) == text.replace(NBSP, " ")
    assert "".join(units(text)) == text


@settings(deadline=None)  # the first call loads the dictionary
@given(THAI)
def test_no_mark_before_a_vowel_or_tone_mark(text):
    # a mark between a letter and its vowel above or below would tear the cluster apart
    laid = lay(text)
    for k, ch in enumerate(laid[1:], 1):
        if ch == "\u0e31" or "\u0e33" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e":
            assert laid[k - 1] not in (ZWSP, ZWNBSP), repr(laid[k - 2:k + 1])


def test_the_words_the_issue_found_broken_are_units():
    # ตัวชี้|วัด, ปีงบป|ระมาณ, ข้อเท็จ|จริง, (งานการเจ้า|หน้าที่), หนองบัว|ทอง, ๓๑ ธ.ค. ๒|๕๖๙, ๓๑ ธันวา|คม ๒๕๖๙
    text = ("ภายในวันที่ ๓๑ ธ.ค. ๒๕๖๙ ตัวชี้วัดปีงบประมาณข้อเท็จจริง สำนักปลัด(งานการเจ้าหน้าที่) "
            "องค์การบริหารส่วนตำบลหนองบัวทอง ๓๑ ธันวาคม ๒๕๖๙")
    got = units(text, proper_names(["องค์การบริหารส่วนตำบลหนองบัวทอง"]))
    for unit in ("๓๑ ธ.ค. ๒๕๖๙", "ตัวชี้วัด", "ปีงบประมาณ", "ข้อเท็จจริง", "เจ้าหน้าที่)", "หนองบัวทอง",
                 "๓๑ ธันวาคม ๒๕๖๙"):
        assert unit in got, (unit, got)


def test_a_date_s_spaces_do_not_break_and_brackets_stay_with_their_words():
    laid = lay("ภายใน ๓๑ ธ.ค. ๒๕๖๙ (สำนักปลัด)")
    assert laid.split(" ")[1].replace(ZWNBSP, "") == f"๓๑{NBSP}ธ.ค.{NBSP}๒๕๖๙"
    assert ZWSP not in laid.split(" ")[2]  # "(สำนักปลัด)" is one unit


def test_a_dictionary_word_wider_than_a_narrow_column_is_cut_into_its_words():
    assert units("สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ")[:3] == ["สำนักงาน", "คณะกรรมการ", "ป้องกัน"]


def test_short_period_keeps_both_dates():
    assert short_period("1 ตุลาคม 2566 ถึง 30 กันยายน 2567") == "1 ต.ค. 2566 -\n30 ก.ย. 2567"
    assert short_period("ตลอดปีงบประมาณ") == "ตลอดปีงบประมาณ"  # staff text without dates: as typed


def test_a_remembered_cut_never_carries_one_document_s_names_into_another():
    """The cut is remembered across documents (a batch): an agency's name kept whole in its own
    document must not stay whole in the next agency's, and the other way round."""
    text = "สำนักงานองค์การบริหารส่วนตำบลหนองบัวทองแจ้งผล"
    names = proper_names(["องค์การบริหารส่วนตำบลหนองบัวทอง"])
    plain_cut = units(text)
    named_cut = units(text, names)
    assert "หนองบัวทอง" in named_cut and "หนองบัวทอง" not in plain_cut
    assert units(text) == plain_cut and lay(text) == lay(text, {"ชื่ออื่น"})  # words not in the text change nothing
    assert lay(text, names) != lay(text) and units(text, names) == named_cut


# Words the readers of issue 21 found split at line ends (newmm's ties: "องค์|การบริหาร", "ราช|การตาม",
# "ขั้น|ตอนที่"), and those newmm or a longest match split in the documents' own texts.
SENTENCES = {
    "ทรัพย์สินของราชการตามขั้นตอนที่กำหนด": ("ราชการ", "ขั้นตอน"),
    "ขององค์การบริหารส่วนจังหวัดลำปาง": ("องค์การ",),
    "เผยแพร่ช่องทางเข้าถึงช่องทางการร้องเรียน": ("ช่องทาง",),
    "แจ้งบทลงโทษทางวินัย": ("บทลงโทษ",),
    "ประชาชนและผู้มีส่วนได้ส่วนเสีย": ("ผู้มีส่วนได้ส่วนเสีย",),
    "ดำเนินการตามแนวทางกระบวนการกำกับโครงการพัฒนาเอกสารประกอบ": (
        "ดำเนินการ", "แนวทาง", "กระบวนการ", "โครงการ", "เอกสาร"),
    "ลดขั้นตอนทุกรายการต่อหน้าที่รายตัวชี้วัด": ("ขั้นตอน", "รายการ", "หน้าที่", "ตัวชี้วัด"),
}


def _inside(cut: list[str], word: str, text: str) -> list[int]:
    """The places where ``cut`` (units joined give ``text``) has a boundary inside ``word``."""
    ends, pos = set(), 0
    for u in cut:
        pos += len(u)
        ends.add(pos)
    out = []
    start = text.find(word)
    while start >= 0:
        out += [e for e in ends if start < e < start + len(word)]
        start = text.find(word, start + 1)
    return out


def test_no_unit_boundary_falls_inside_a_word():
    for text, words in SENTENCES.items():
        cut = units(text)
        for word in words:
            assert not _inside(cut, word, text), (word, cut)


def test_an_agency_s_name_breaks_only_between_its_parts():
    name = "องค์การบริหารส่วนตำบลหนองบัวทอง"
    cut = units(f"ขอ{name}แจ้ง", proper_names([name]))
    assert cut[1:-1] == ["องค์การ", "บริหาร", "ส่วน", "ตำบล", "หนองบัวทอง"], cut
    cut = units("ของกรมส่งเสริมการปกครองท้องถิ่น", proper_names(["กรมส่งเสริมการปกครองท้องถิ่น"]))
    assert "".join(cut[1:]) == "กรมส่งเสริมการปกครองท้องถิ่น" and "องค์" not in cut


def test_a_latin_term_in_brackets_and_an_item_range_are_one_unit_that_never_breaks():
    laid = lay("ระบบ (E-Service) ข้อ O๕ – O๑๐ และ O๑๑ – O๑๒")
    chunks = re.split(f"[ {ZWSP}]", laid)
    assert any(plain(c) == "(E-Service)" for c in chunks) and f"-{ZWNBSP}Service" in laid, chunks
    assert any(plain(c) == "O๕ – O๑๐" for c in chunks), chunks  # its spaces are no-break spaces
    dash = laid.index("–")
    assert laid[dash + 1] == ZWNBSP and laid[dash - 1] in (ZWNBSP, NBSP)  # no break before or after the dash


def test_a_url_breaks_only_after_a_slash_or_a_dot():
    laid = lay("https://www.nongbuathong.go.th/eservice/asset-2570.pdf")
    assert plain(laid) == "https://www.nongbuathong.go.th/eservice/asset-2570.pdf"
    pieces = laid.split(ZWSP)
    assert all(p[-1] in "/." for p in pieces[:-1]), pieces
    assert "nongbuathong." in pieces and ZWNBSP not in laid.replace(f"{ZWNBSP}-{ZWNBSP}", "")


def test_the_progress_tables_free_text_columns_hold_the_widest_unit():
    """Staff's own text (owner, evidence, notes) is cut into units no wider than ``CHUNK``: a column
    narrower than that let LibreOffice break inside one ("คณะกรรมกา|รตรวจสอบ" in a 3.0 cm notes column)."""
    from ita_xl.report.docx import PROGRESS_COLS
    from ita_xl.report.typeset import CELL_MARGINS_CM, CHUNK, TABLE_PT

    for k in (2, 5, 6):  # owner, evidence, notes
        room = (PROGRESS_COLS[k] - CELL_MARGINS_CM) / 2.54 * 72 / TABLE_PT
        assert room >= CHUNK, (k, PROGRESS_COLS[k])
    assert all(width(u) <= CHUNK for u in units("ได้รับแจ้งจากคณะกรรมการตรวจสอบเมื่อวันที่ ๓ มี.ค.") if u.strip())
