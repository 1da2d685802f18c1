"""The publishable report: content from the Result, DOCX structure, and (with LibreOffice) the PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from docx import Document  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from ita_xl.cli import main  # noqa: E402
from ita_xl.io.frameworks import analyze  # noqa: E402
from ita_xl.core.thai import arabic_digits, fmt_score, fmt_table_score, thai_digits  # noqa: E402
from ita_xl.io.case import SAMPLE, sample_case  # noqa: E402
from ita_xl.report import build, write_docx, years_in  # noqa: E402
from ita_xl.report.docx import PLAN_COLS, ROW_KEEP_LINES, _row_lines  # noqa: E402
from ita_xl.report.typeset import NBSP, ZWNBSP, ZWSP, plain  # noqa: E402

PERIOD = "๑ ต.ค. ๒๕๖๖ - ๓๐ ก.ย. ๒๕๖๗"
FOREIGN = "วัดจันทร์"
THAI_DIGIT = re.compile("[๐-๙]")
HAS_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
HAS_POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdffonts") is not None
needs_pdf = pytest.mark.skipif(not (HAS_SOFFICE and HAS_POPPLER), reason="LibreOffice or poppler-utils not installed")


def squeeze(text: str) -> str:
    """Without whitespace: a heading wrapped over two lines of a page is still the heading."""
    return re.sub(r"[\s\u200b\u2060\ufeff]+", "", text)


@pytest.fixture(scope="module")
def report(sample_result):
    return build(sample_result)


@pytest.fixture(scope="module")
def written(report, tmp_path_factory) -> tuple[Path, Path]:
    """The DOCX staff get and the copy with the line-break marks that the PDF is laid out from."""
    folder = tmp_path_factory.mktemp("docx")
    return write_docx(report, folder / "report.docx", marked=folder / "marked" / "report.docx"), folder / "marked" / "report.docx"


@pytest.fixture(scope="module")
def docx_file(written):
    return written[0]


@pytest.fixture(scope="module")
def marked_file(written):
    return written[1]


def test_the_docx_holds_the_text_as_it_is(docx_file, marked_file):
    """No line-break marks in what staff edit and copy in Word (issue 21); the marked copy says the same."""
    text, marked = _xml(docx_file), _xml(marked_file)
    assert not re.search(f"[{ZWSP}{ZWNBSP}\u2060{NBSP}]", text)
    assert ZWNBSP in marked and ZWSP in marked and NBSP in marked
    assert _texts(docx_file) == [plain(t) for t in _texts(marked_file)]
    assert "๓๐ ก.ย. ๒๕๖๗" in text and "ตัวชี้วัด" in text


def _texts(docx: Path) -> list[str]:
    return [p.text for p in Document(str(docx)).paragraphs] + [
        c.text for t in Document(str(docx)).tables for r in t.rows for c in r.cells]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out)]) == 0
    return out


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


# --- content: every number and text from the Result ----------------------------------------------

REAL_LIMITATIONS = (
    "เจ้าหน้าที่ในหน่วยงานโอน (ย้าย) บ่อย จึงเป็นเหตุให้เจ้าหน้าที่ส่วนใหญ่ไม่ทราบขั้นตอนหรือวิธีการ",
    "การดำเนินการแต่ละขั้นตอนล่าช้าและเจ้าหน้าที่ไม่ทราบรายละเอียดขั้นตอน",
)


def _expand(code_line: str) -> list[str]:
    """``"ข้อ i๑ – i๓, i๕"`` -> ``["i1", "i2", "i3", "i5"]`` (the report's ranges read back)."""
    out = []
    for part in arabic_digits(code_line.removeprefix("ข้อ ")).split(", "):
        a, _, b = part.partition(" – ")
        if not b:
            out.append(a)
            continue
        prefix = a.rstrip("0123456789")
        out += [f"{prefix}{k}" for k in range(int(a[len(prefix):]), int(b[len(prefix):]) + 1)]
    return out


def test_numbers_as_published(report, sample_result):
    r = sample_result
    assert [row.score for row in report.indicators] == [fmt_score(i.stated) for i in r.indicators]
    # The stated (official) total, not the one recomputed from rounded indicators.
    assert r.case.scores.total == 94.96 and round(r.total, 2) == 94.95
    assert report.total.score == "๙๔.๙๖" and "๙๔.๙๖" in report.s1_intro and "๙๔.๙๕" not in report.all_text()
    assert report.errors and any("indicator 6 stated 88.28" in e for e in report.errors)
    for block, issue in zip(report.issues, r.issues, strict=True):
        got = [(c, line.score) for g in block.groups for line in g.questions for c in _expand(line.code)]
        want = [(q.code, fmt_table_score(q.score)) for g in issue.groups for q in g.questions]
        assert got == want


def test_computed_total_where_none_is_stated():
    case = sample_case()
    case.scores.total = None
    r = analyze(case)
    assert build(r).total.score == fmt_score(r.total) == "๙๔.๙๕"


def test_another_agencys_name_is_corrected_and_the_real_limitations_kept(report):
    text = report.all_text()
    assert FOREIGN not in text
    assert report.limitations[0].startswith("ในการดำเนินการประเมินคุณธรรม")
    assert "องค์การบริหารส่วนจังหวัดลำปางมีข้อจำกัด" in report.limitations[0]
    for lim in REAL_LIMITATIONS:
        assert any(lim in line for line in report.limitations), lim
    assert "ไม่ได้ระบุข้อจำกัด" not in text
    assert any(w.startswith("corrected text 'limitations'") and FOREIGN in w for w in report.warnings)
    assert report.suggestions, "the sample's suggestions name only the agency itself: kept"


def test_quotes_only_verified_or_confirmed_wording(sample_result):
    from ita_xl.report.model import RESIDUE
    from ita_xl.report.source import from_result

    text = "\n".join(p for i in build(sample_result).issues for p in i.paragraphs)
    assert not RESIDUE.search(text), RESIDUE.search(text)  # no "... มากน้อยเพียงใด", no "(ท่าน)ทราบ… [...]"
    fw = sample_result.framework
    for issue in sample_result.issues:
        for code in issue.focus:
            q = fw.questions[code]
            assert q.confidence != "official"  # the sample's focus questions are all seed or unverified
            assert thai_digits(" ".join(q.text.split())) not in text, code
    # e5 (the E-Service issue's weakest, quoted) is unverified: its topic is named; pasted official
    # wording is quoted, in quotation marks. The issue's other questions are named by code.
    src = from_result(sample_result)
    src.confirmed["e5"] = "หน่วยงานที่ท่านติดต่อ ดำเนินการโดยคำนึงถึงประโยชน์ของประชาชนและส่วนรวมเป็นหลัก มากน้อยเพียงใด"
    para = " ".join(build(src).issues[1].paragraphs)
    assert "“หน่วยงานที่ท่านติดต่อ ดำเนินการโดยคำนึงถึงประโยชน์ของประชาชน" in para
    # Unquoted, its topic is the indicator the sentence names anyway: said once, and no bracket after
    # the code (LibreOffice 7.4 broke "e๕ (ตั|วชี้วัด…" inside the word there).
    para = " ".join(build(sample_result).issues[1].paragraphs)
    assert "ข้อคำถาม e๕ ซึ่งได้คะแนน" in para and "e๕ (" not in para
    assert para.count("ตัวชี้วัดคุณภาพการดำเนินงาน") == 1


def test_an_unquoted_item_is_named_with_its_topic_unbracketed(tmp_path):
    """No code is followed by a bracket (an unquoted question's topic follows its code as "ใน…");
    a failed OIT item is named by its title, its code in brackets after the title, as the plan does."""
    from ita_xl.report import from_input
    from support.report_cases import AGENCIES, write_case

    krom = next(a for a in AGENCIES if a.key == "krom-2569")
    text = " ".join(p for i in build(from_input(write_case(krom, tmp_path))[0]).issues for p in i.paragraphs)
    assert "ระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service) (ข้อ O๑๐)" in text
    assert not re.search(r"[ieO][๐-๙]+ \(", text)


def test_the_same_issue_is_named_the_same_in_sections_1_and_2(report, sample_result):
    titles = {i.no: i.title for i in sample_result.issues}
    named = set()
    for line, p in zip(report.plan, sample_result.plan, strict=True):
        if p.issue in named:  # an issue's later rows share its topic cell (merged in the DOCX)
            assert line.topic == ""
            continue
        named.add(p.issue)
        assert line.topic == thai_digits(f"{p.issue}. ") + titles[p.issue]
        assert any(h.heading.endswith(titles[p.issue]) for h in report.issues)


def test_only_the_datas_years(report, sample_result):
    assert years_in(report.all_text()) <= {sample_result.assessment_year, sample_result.plan_year}
    assert report.years == {2566, 2567}


def test_approval_date_blank_unless_given(sample_result):
    blank = build(sample_result).approval
    assert blank.date.startswith("วันที่ ....") and "พ.ศ. ...." in blank.date
    assert build(sample_result, date(2023, 11, 15)).approval.date == "วันที่ ๑๕ พฤศจิกายน พ.ศ. ๒๕๖๖"
    assert "ประกาศ ณ" not in build(sample_result).all_text()  # the document is no ประกาศ


def test_arabic_numerals_everywhere():
    case = sample_case()
    case.settings.numerals = "arabic"
    rep = build(analyze(case), date(2023, 11, 15))
    text = rep.all_text()
    assert not THAI_DIGIT.search(text), THAI_DIGIT.search(text)
    assert "1 ต.ค. 2566 -\n30 ก.ย. 2567" in text


def test_missing_limitations_give_the_typical_ones_to_review(sample_result):
    """No "none given" sentence: the typical limitations of an อบจ. with their handling, and a
    warning naming the cell (tests/test_report_limitations.py has the rest)."""
    case = sample_case()
    case.texts.pop("limitations")
    case.texts.pop("suggestions")
    rep = build(analyze(case), date(2023, 11, 15))
    assert len(rep.limitations) >= 3 and case.org.name in rep.limitations[0]
    assert len(rep.suggestions) == len(rep.limitations)
    assert "ไม่ได้ระบุข้อจำกัด" not in " ".join(rep.limitations)
    assert any("ข้อจำกัด!C4" in w for w in rep.warnings)


# --- the DOCX ---------------------------------------------------------------------------------------


def _xml(path: Path, part: str = "word/document.xml") -> str:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def test_docx_headings_plan_and_period(docx_file, marked_file, sample_result):
    doc = Document(str(docx_file))
    heads = [plain(p.text) for p in doc.paragraphs if p.style.name == "Heading 2"]
    for issue in sample_result.issues:
        assert any(issue.title in h for h in heads), issue.title
    title = next(p.text for p in doc.paragraphs if p.style.name == "Title")
    assert squeeze(title) == squeeze("มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปี พ.ศ. ๒๕๖๗")
    plan = doc.tables[-1]
    assert [plain(c.text) for c in plan.rows[0].cells][0] == "หัวข้อ"
    assert len(plan.rows) == len(sample_result.plan) + 1
    kept = []
    for row, p in zip(plan.rows[1:], sample_result.plan, strict=True):
        assert plain(row.cells[0].text).startswith(thai_digits(f"{p.issue}. "))
        assert plain(row.cells[2].text) == p.owner
        assert plain(row.cells[3].text).startswith("๑. ")
        assert plain(row.cells[4].text) == "๑ ต.ค. ๒๕๖๖ -\n๓๐ ก.ย. ๒๕๖๗"
        kept.append((row._tr.trPr.find(qn("w:cantSplit")) is not None,
                     _row_lines([plain(c.text) for c in row.cells], PLAN_COLS) <= ROW_KEEP_LINES))
    # a tall plan row may split over pages; a short one is kept whole (docx.ROW_KEEP_LINES)
    assert all(whole == short for whole, short in kept) and not all(w for w, _ in kept)
    for row in Document(str(marked_file)).tables[-1].rows[1:]:
        assert NBSP in row.cells[4].text  # the dates' spaces do not break, where the PDF is laid out
    body = plain("\n".join(p.text for p in doc.paragraphs))
    assert FOREIGN not in body and "(ลงชื่อ)" in body and "ประกาศ ณ" not in body


def test_docx_styles_fonts_page_numbers_and_repeated_headers(docx_file):
    from ita_xl.io.fonts import DOCX_FAMILY

    doc = Document(str(docx_file))
    rpr = doc.styles["Normal"].element.rPr
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert fonts.get(qn(attr)) == DOCX_FAMILY == "TH SarabunPSK"
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"
    sizes = {name: doc.styles[name].element.rPr.find(qn("w:szCs")).get(qn("w:val"))
             for name in ("Title", "Heading 1", "Heading 2", "Body Text", "Table Text")}
    assert len({sizes["Title"], sizes["Heading 1"], sizes["Heading 2"]}) == 3 and sizes["Table Text"] == "28"
    body = [p for p in doc.paragraphs if p.style.name == "Body Text"]
    # Thai distributed in Word; LibreOffice sets it flush left (its own Thai justification gapped words)
    assert len(body) > 10 and doc.styles["Body Text"].element.pPr.find(qn("w:jc")).get(qn("w:val")) == "thaiDistribute"
    assert 'w:val="both"' not in _xml(docx_file)
    first, plan, last = doc.sections[0], doc.sections[1], doc.sections[-1]
    assert round(first.page_width.cm, 1) == 21.0 and round(first.page_height.cm, 1) == 29.7
    assert [round(x.cm, 2) for x in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == [
        2.5, 2.0, 3.0, 2.0]
    assert plan.page_width > plan.page_height and last.page_width < last.page_height
    # Page numbers: an empty first-page header, "- PAGE -" centred on the others, Thai digits in Word.
    assert first.different_first_page_header_footer
    assert not first.first_page_header.paragraphs[0].text.strip()
    header = first.header._element.xml
    assert "PAGE" in header and '<w:jc w:val="center"/>' in header
    for k, s in enumerate(doc.sections):
        assert s._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers"
        assert s.header.is_linked_to_previous == (k > 0)
    for table in doc.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_dates_never_break(marked_file):
    xml = _xml(marked_file).replace(ZWNBSP, "")  # the marks that hold a unit together
    for month in ("ตุลาคม", "กันยายน", "ต.ค.", "ก.ย."):
        assert not re.search(rf"[๐-๙][ {ZWSP}]{re.escape(month)}|{re.escape(month)}[ {ZWSP}][๐-๙]", xml), month
    assert f"๓๐{NBSP}ก.ย.{NBSP}๒๕๖๗" in xml


# --- CLI and PDF ---------------------------------------------------------------------------------------


def test_demo_signs_the_progress_report_no_earlier_than_its_data(tmp_path):
    """``demo --date`` dates the measures document; the progress report, whose data are of 31 March
    of the plan year, is not signed months before them (a reader found it signed 15 January)."""
    assert main(["demo", "--out", str(tmp_path), "--date", "2567-01-15", "--no-pdf"]) == 0
    (report,) = [p for p in tmp_path.glob("*.docx") if not p.stem.endswith("-progress")]
    (progress,) = tmp_path.glob("*-progress.docx")
    assert any("๑๕ มกราคม พ.ศ. ๒๕๖๗" in t for t in _texts(report))
    progress_text = "\n".join(_texts(progress))
    assert "๓๑ มีนาคม ๒๕๖๗" in progress_text and "มกราคม พ.ศ. ๒๕๖๗" not in progress_text
    assert "วันที่ ........ เดือน" in progress_text


def _report_pdf(demo: Path) -> Path:
    (pdf,) = [p for p in demo.glob("*.pdf") if not p.stem.endswith("-progress")]
    return pdf


@needs_pdf
def test_demo_pdf_text(demo, sample_result):
    pdf = _report_pdf(demo)
    assert list(demo.glob("*.docx"))
    # -raw keeps the content order: Thai marks stay on their letters.
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = squeeze(text)
    titles = {i.no: i.title for i in sample_result.issues}
    for issue in sample_result.issues:
        assert squeeze(thai_digits(f"ประเด็นที่ {issue.no}. ") + issue.title) in flat
    # Table cells interleave line by line in the page's text: read the plan's columns one by one.
    topics = _column(pdf, 0, "หัวข้อ")
    owners = _column(pdf, 2, "ผู้รับผิดชอบ")
    periods = _column(pdf, 4, "ระยะเวลาดำเนินงาน")
    for p in sample_result.plan:
        assert squeeze(thai_digits(f"{p.issue}. ") + titles[p.issue]) in topics
        assert squeeze(p.owner) in owners
    assert periods.count(squeeze(PERIOD)) == len(sample_result.plan)
    assert "๙๔.๙๖" in flat and "๙๔.๙๕" not in flat  # the published total
    for lim in REAL_LIMITATIONS:
        assert squeeze(lim) in flat, lim
    assert len(THAI_DIGIT.findall(text)) > 100
    assert FOREIGN not in text and "ประกาศณ" not in flat
    assert {int(y) for y in re.findall(r"(?<![0-9.])[0-9]{4}(?![0-9])", arabic_digits(text))} <= {2566, 2567}


@needs_pdf
def test_demo_pdf_draws_no_gap_inside_a_number_or_an_abbreviation(demo):
    """Readers saw "๙๑ .๐๖" and "พ .ศ." printed with a gap (LibreOffice's justification of Thai):
    in the PDF as drawn, a "." stands close to the letter or digit before it."""
    import pdfplumber

    gaps = []
    with pdfplumber.open(_report_pdf(demo)) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            for a, b, c in zip(chars, chars[1:], chars[2:]):  # "๙๑.๐๖", "พ.ศ.", not the date line's dots
                if (b["text"] == "." and re.fullmatch("[๐-๙0-9ก-ฮ]", a["text"]) and c["text"] != "."
                        and abs(a["top"] - b["top"]) < 2):
                    gaps.append(round(b["x0"] - a["x1"], 1))
    assert len(gaps) > 20  # the check saw the document's numbers
    assert max(gaps) < 1.5, sorted(gaps)[-5:]


def test_demo_pdf_pages_are_numbered_from_page_2_and_at_most_23(demo):
    pages = _pages(_report_pdf(demo))
    # 12 before lines broke only between words, 13 after; 22 since every question below the
    # threshold is discussed (section ๑: 11 pages) and has a measure (two plan rows per issue: 10 pages)
    assert 2 <= len(pages) <= 23, len(pages)
    number = re.compile(r"^\s*-\s*([0-9๐-๙]+)\s*-")
    assert not number.match(pages[0]), pages[0][:40]
    for k, page in enumerate(pages[1:], 2):
        m = number.match(page)
        # The PDF's text holds the field's digits; LibreOffice draws them in Thai (checked by eye).
        assert m and int(arabic_digits(m.group(1))) == k, (k, page[:40])


@needs_pdf
def test_demo_progress_pdf(demo):
    (pdf,) = demo.glob("*-progress.pdf")
    flat = squeeze("".join(_pages(pdf)))
    assert squeeze("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส") in flat
    assert squeeze("ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ (รอบ ๖ เดือน)") in flat
    assert squeeze("ยังไม่ได้ดำเนินการ") in flat


def _column(pdf: Path, k: int, header: str) -> str:
    """The text of the plan table's column k on every page, header rows dropped."""
    from docx import Document

    from ita_xl.report.docx import PLAN_COLS, TEMPLATE

    x0 = Document(str(TEMPLATE)).sections[0].left_margin.cm + sum(PLAN_COLS[:k]) + 0.05
    width = PLAN_COLS[k] - 0.1
    pt = 72 / 2.54
    out = subprocess.run(
        ["pdftotext", "-raw", "-x", str(int(x0 * pt)), "-y", "0", "-W", str(int(width * pt)), "-H", "2000",
         str(pdf), "-"], capture_output=True, text=True, check=True,
    ).stdout
    return squeeze(out).replace(header, "")


@needs_pdf
def test_demo_pdf_embeds_a_thai_font(demo):
    pdf = _report_pdf(demo)
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    thai = [r for r in rows if re.search("sarabun|laksaman", r[0], re.I)]  # TH SarabunPSK or its stand-in
    assert thai and all(r[-5] == "yes" for r in thai), out  # the emb column


def test_export_without_libreoffice_writes_the_docx(tmp_path):
    # A PATH with the font tools but no soffice.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("fc-list", "fc-cache"):
        found = shutil.which(tool)
        if found:
            os.symlink(found, bin_dir / tool)
    docx_path = tmp_path / "out" / "r.docx"
    env = {**os.environ, "PATH": str(bin_dir)}
    proc = subprocess.run(
        [sys.executable, "-m", "ita_xl", "export", str(SAMPLE), "--docx", str(docx_path)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert proc.returncode == 1, proc.stderr  # written, but the sample's checks find errors
    assert docx_path.exists() and not docx_path.with_suffix(".pdf").exists()
    assert "libreoffice" in proc.stderr.lower() and "apt-get install" in proc.stderr
    assert FOREIGN in proc.stderr  # the warning says which text was corrected, and why


def test_pdf_profile_maps_the_docx_font_to_its_stand_in(monkeypatch):
    from ita_xl.report import pdf

    monkeypatch.setattr(pdf, "pdf_substitute", lambda: "Laksaman")
    xml = pdf._profile_settings("thai")
    assert "<value>TH SarabunPSK</value>" in xml and "<value>Laksaman</value>" in xml
    assert 'CTLTextNumerals" oor:op="fuse"><value>3<' in xml  # digits shaped by language: "- ๒ -"
    assert 'CTLTextNumerals" oor:op="fuse"><value>0<' in pdf._profile_settings("arabic")
    monkeypatch.setattr(pdf, "pdf_substitute", lambda: None)  # the real font installed: no replacement
    assert "FontPairs" not in pdf._profile_settings("thai")


@needs_pdf
def test_demo_pdf_never_breaks_a_question_code(demo):
    """LibreOffice breaks a Thai line between a code's letter and its Thai digits ("ข้อคำถาม i" |
    "๒๔ ...", the sample's page 5, before each code became a run of its own): no line of either
    document ends in a code's bare letter, or starts with digits that a code on the line before
    runs into."""
    code_end = re.compile(r"(?:^|[\s(])[iIeEoO]$")
    for pdf in demo.glob("*.pdf"):
        lines = [line.strip() for line in subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.splitlines()]
        broken = [(a, b) for a, b in zip(lines, lines[1:]) if code_end.search(a) and re.match("[0-9๐-๙]", b)]
        assert not broken, (pdf.name, broken)


@pytest.mark.parametrize("name, position", [
    ("กรมส่งเสริมการปกครองท้องถิ่น", "อธิบดีกรมส่งเสริมการปกครองท้องถิ่น"),
    ("องค์การบริหารส่วนตำบลหนองบัวทอง", "นายกองค์การบริหารส่วนตำบลหนองบัวทอง"),
    ("เทศบาลเมืองลำปาง", "นายกเทศมนตรีเมืองลำปาง"),
    ("สำนักงานจังหวัดลำปาง", "ผู้ว่าราชการจังหวัดลำปาง"),
    ("องค์การบริหารส่วนจังหวัดลำปาง", "นายกองค์การบริหารส่วนจังหวัดลำปาง"),
])
def test_the_head_s_position_follows_the_agency_and_the_workbook_wins(name, position):
    from ita_xl.core.model import Org
    from ita_xl.report.model import approval

    assert approval(Org(name), None, "thai").position == position
    assert approval(Org(name, head_position="รองอธิบดี รักษาราชการแทน"), None, "thai").position == \
        "รองอธิบดี รักษาราชการแทน"
