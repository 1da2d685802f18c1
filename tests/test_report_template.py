"""The report's bundled template (ita_xl/report/templates/report.docx): what the build script makes,
and what the documents written into it need."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from ita_xl.report.docx import STYLES, TEMPLATE

ROOT = Path(__file__).resolve().parents[1]
_STYLE_REF = re.compile(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"')


def test_the_committed_template_is_what_the_script_builds():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_report_template.py"), "--check"],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_template_has_the_styles_and_the_page():
    doc = Document(str(TEMPLATE))
    names = {s.name for s in doc.styles}
    assert set(STYLES) <= names
    assert len(names) < 20  # not the 164 styles of python-docx's default template
    body = doc.styles["Body Text"]
    assert body.font.size.pt == 16 and body.element.rPr.find(qn("w:rFonts")).get(qn("w:cs")) == "TH SarabunPSK"
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert [round(x.cm, 1) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                     section.right_margin)] == [2.5, 2.0, 3.0, 2.0]
    assert section.different_first_page_header_footer
    header = section.header.part.element
    assert "PAGE" in "".join(header.itertext()) and section.header.paragraphs[0].text.startswith("- ")
    assert doc.element.body.find(qn("w:sectPr")).find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers"
    with zipfile.ZipFile(TEMPLATE) as z:  # what python-docx's default carries and no report needs
        assert not {n for n in z.namelist() if "stylesWithEffects" in n or "customXml" in n or "thumbnail" in n}


def test_every_style_a_document_names_is_in_it(sample_result, tmp_path):
    from ita_xl.report import build
    from ita_xl.report.docx import write_docx

    with zipfile.ZipFile(write_docx(build(sample_result), tmp_path / "r.docx")) as z:
        named = set(_STYLE_REF.findall("".join(z.read(n).decode() for n in z.namelist()
                                               if re.fullmatch(r"word/(document|header\d+)\.xml", n))))
        defined = set(re.findall(r'w:styleId="([^"]+)"', z.read("word/styles.xml").decode()))
    assert named and named <= defined, named - defined


def test_arabic_numerals_number_every_page_in_arabic_digits(tmp_path):
    from datetime import date

    from ita_xl.io.case import sample_case
    from ita_xl.io.frameworks import analyze
    from ita_xl.report import build
    from ita_xl.report.docx import write_docx

    case = sample_case()
    case.settings.numerals = "arabic"
    doc = Document(str(write_docx(build(analyze(case), date(2023, 11, 15)), tmp_path / "a.docx")))
    assert {p.get(qn("w:fmt")) for p in doc.element.body.iter(qn("w:pgNumType"))} == {"decimal"}
    headers = [s.first_page_header for s in doc.sections[1:]] + [doc.sections[0].header]
    langs = {el.get(qn("w:val")) for h in headers for el in h.part.element.iter(qn("w:lang"))}
    assert langs == {"en-US"} and all("PAGE" in "".join(h.part.element.itertext()) for h in headers)


def test_the_lite_bundle_leaves_the_template_out():
    """Lite writes no Word file (its report is a sheet): the template stays out of its main.py."""
    from ita_xl.xlsx.lite import bundle_files

    names = set(bundle_files())
    assert "ita_xl/report/typeset.py" in names and not any("templates" in n or n.endswith(".docx") for n in names)
