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

pytest.importorskip("docx")
pytest.importorskip("matplotlib")

from docx import Document  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from ita_xl.cli import main  # noqa: E402
from ita_xl.core.engine import analyze  # noqa: E402
from ita_xl.core.thai import arabic_digits, fmt_score, fmt_table_score, thai_digits  # noqa: E402
from ita_xl.io.case import SAMPLE, sample_case  # noqa: E402
from ita_xl.report import build, write_docx, years_in  # noqa: E402
from ita_xl.report.fonts import thai_font  # noqa: E402

PERIOD = "๑ ตุลาคม ๒๕๖๖ ถึง ๓๐ กันยายน ๒๕๖๗"
FOREIGN = "วัดจันทร์"
THAI_DIGIT = re.compile("[๐-๙]")
HAS_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
HAS_POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdffonts") is not None
needs_pdf = pytest.mark.skipif(not (HAS_SOFFICE and HAS_POPPLER), reason="LibreOffice or poppler-utils not installed")


def squeeze(text: str) -> str:
    """Without whitespace: a heading wrapped over two lines of a page is still the heading."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def report(sample_result):
    return build(sample_result, date(2023, 11, 15))


@pytest.fixture(scope="module")
def docx_file(report, tmp_path_factory):
    return write_docx(report, tmp_path_factory.mktemp("docx") / "report.docx")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out)]) == 0
    return out


# --- content: every number and text from the Result ----------------------------------------------


def test_numbers_are_the_results(report, sample_result):
    r = sample_result
    assert [row.score for row in report.indicators] == [fmt_score(i.score) for i in r.indicators]
    assert report.total.score == fmt_score(r.total)
    assert fmt_score(r.total) in report.s1_intro and r.level in report.s1_intro
    for block, issue in zip(report.issues, r.issues, strict=True):
        got = [(q.code, q.score) for g in block.groups for q in g.questions]
        want = [(thai_digits(f"ข้อ {q.code}"), fmt_table_score(q.score))
                for g in issue.groups for q in g.questions]
        assert got == want
    assert len(report.plan) == len(r.plan)
    assert all(p.period == PERIOD for p in report.plan)


def test_no_other_agency_and_a_warning(report):
    text = report.all_text()
    assert FOREIGN not in text
    assert any("limitations" in w and FOREIGN in w for w in report.warnings)
    assert report.suggestions, "the sample's suggestions name only the agency itself: kept"


def test_only_the_datas_years(report, sample_result):
    assert years_in(report.all_text()) <= {sample_result.assessment_year, sample_result.plan_year}
    assert report.years == {2566, 2567}


def test_approval_date_stays_in_the_plan_year(sample_result):
    assert build(sample_result, date(2030, 1, 1)).approval.announce == "ประกาศ ณ วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๖"
    assert build(sample_result, date(2024, 3, 5)).approval.announce == "ประกาศ ณ วันที่ ๕ มีนาคม พ.ศ. ๒๕๖๗"


def test_arabic_numerals_everywhere():
    case = sample_case()
    case.settings.numerals = "arabic"
    rep = build(analyze(case), date(2023, 11, 15))
    text = rep.all_text()
    assert not THAI_DIGIT.search(text), THAI_DIGIT.search(text)
    assert "1 ตุลาคม 2566 ถึง 30 กันยายน 2567" in text


def test_missing_limitations_gives_a_neutral_sentence(sample_result):
    case = sample_case()
    case.texts.pop("limitations")
    case.texts.pop("suggestions")
    rep = build(analyze(case), date(2023, 11, 15))
    assert len(rep.limitations) == 1 and case.org.name in rep.limitations[0]
    assert rep.suggestions == []


# --- the DOCX ---------------------------------------------------------------------------------------


def test_docx_headings_plan_and_period(docx_file, sample_result):
    doc = Document(str(docx_file))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    for issue in sample_result.issues:
        assert any(issue.title in h for h in heads), issue.title
    title = next(p.text for p in doc.paragraphs if p.style.name == "Title")
    assert squeeze(title) == squeeze("มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปี พ.ศ. ๒๕๖๗")
    plan = doc.tables[-1]
    assert [c.text for c in plan.rows[0].cells][0] == "หัวข้อ"
    assert len(plan.rows) == len(sample_result.plan) + 1
    for row, p in zip(plan.rows[1:], sample_result.plan, strict=True):
        assert p.topic in row.cells[0].text
        assert row.cells[2].text == p.owner
        assert row.cells[3].text.startswith("๑. ")
        assert row.cells[4].text == PERIOD
    body = "\n".join(p.text for p in doc.paragraphs)
    assert FOREIGN not in body and "(ลงชื่อ)" in body


def test_docx_style_fonts_page_and_repeated_headers(docx_file):
    doc = Document(str(docx_file))
    family = thai_font().family
    rpr = doc.styles["Normal"].element.rPr
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert fonts.get(qn(attr)) == family
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"
    first, plan, last = doc.sections[0], doc.sections[1], doc.sections[-1]
    assert round(first.page_width.cm, 1) == 21.0 and round(first.page_height.cm, 1) == 29.7
    assert [round(x.cm, 2) for x in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == [
        2.5, 2.0, 3.0, 2.0]
    assert plan.page_width > plan.page_height and last.page_width < last.page_height
    for table in doc.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


# --- CLI and PDF ---------------------------------------------------------------------------------------


@needs_pdf
def test_demo_pdf_text(demo, sample_result):
    (pdf,) = demo.glob("*.pdf")
    assert list(demo.glob("*.docx"))
    # -raw keeps the content order: Thai marks stay on their letters.
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = squeeze(text)
    for issue in sample_result.issues:
        assert squeeze(thai_digits(f"ประเด็นที่ {issue.no}. ") + issue.title) in flat
    # Table cells interleave line by line in the page's text: read the plan's columns one by one.
    topics = _column(pdf, 0, "หัวข้อ")
    owners = _column(pdf, 2, "ผู้รับผิดชอบ")
    periods = _column(pdf, 4, "ระยะเวลาดำเนินงาน")
    for p in sample_result.plan:
        assert squeeze(thai_digits(f"{p.issue}. ") + p.topic) in topics
        assert squeeze(p.owner) in owners
    assert periods.count(squeeze(PERIOD)) == len(sample_result.plan)
    assert squeeze(fmt_score(sample_result.total)) in flat
    assert len(THAI_DIGIT.findall(text)) > 100
    assert FOREIGN not in text
    assert {int(y) for y in re.findall(r"(?<![0-9.])[0-9]{4}(?![0-9])", arabic_digits(text))} <= {2566, 2567}


def _column(pdf: Path, k: int, header: str) -> str:
    """The text of the plan table's column k on every page, header rows dropped."""
    from ita_xl.report.docx import MARGINS, PLAN_COLS

    x0 = MARGINS["left"] + sum(PLAN_COLS[:k]) + 0.05
    width = PLAN_COLS[k] - 0.1
    pt = 72 / 2.54
    out = subprocess.run(
        ["pdftotext", "-raw", "-x", str(int(x0 * pt)), "-y", "0", "-W", str(int(width * pt)), "-H", "2000",
         str(pdf), "-"], capture_output=True, text=True, check=True,
    ).stdout
    return squeeze(out).replace(header, "")


@needs_pdf
def test_demo_pdf_embeds_a_thai_font(demo):
    (pdf,) = demo.glob("*.pdf")
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    thai = [r for r in rows if re.search("sarabun|laksaman", r[0], re.I)]
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
    assert proc.returncode == 0, proc.stderr
    assert docx_path.exists() and not docx_path.with_suffix(".pdf").exists()
    assert "libreoffice" in proc.stderr.lower() and "apt-get install" in proc.stderr
    assert FOREIGN in proc.stderr  # the warning says which text was left out, and why
