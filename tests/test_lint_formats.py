"""The same document as DOCX (real tables, merged cells) and as PDF gives the same findings as its text."""

from pathlib import Path

import pytest

from ita_xl.cli import main
from ita_xl.io.frameworks import analyze
from ita_xl.io.case import sample_case
from ita_xl.core.thai import fiscal_year_bounds
from ita_xl.lint.lint import lint_document
from ita_xl.lint.patterns import parse_period
from ita_xl.lint.readers import read_document
from ita_xl.report.pdf import soffice
from support.lintdocs import write_docx, write_pdf, write_tab_docx

SEED = Path(__file__).resolve().parent / "data" / "seed_lampang_pao_2566.txt"


def key(f):
    return (f.severity, f.kind, f.message_en)


def errors_and_warnings(res):
    return {key(f) for f in res.findings if f.severity in ("error", "warning")}


@pytest.fixture(scope="module")
def from_text():
    return lint_document(read_document(SEED))


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory):
    return write_docx(read_document(SEED), tmp_path_factory.mktemp("lint") / "seed.docx")


def test_docx_with_real_tables_gives_the_text_findings(docx_path, from_text):
    res = lint_document(read_document(docx_path))
    assert errors_and_warnings(res) == errors_and_warnings(from_text)
    sample_errors = {key(f) for f in analyze(sample_case()).findings if f.severity == "error"}
    assert sample_errors <= errors_and_warnings(res)
    where = {f.kind: f.where for f in res.findings}
    assert where["foreign_agency"].startswith("seed.docx: paragraph ")
    assert "seed.docx: table 1, row 7" in {f.where for f in res.findings if f.kind == "indicator_mismatch"}
    # merged cells repeat their text in python-docx: still one tool group, one action each
    assert [len(g.cells) for g in res.reading.issues[0].groups] == [6, 6, 4]
    assert res.case.scores.questions == sample_case().scores.questions


def test_docx_cli(docx_path, capsys):
    assert main(["lint", str(docx_path)]) == 1
    assert "seed.docx: table 1, row 8" in capsys.readouterr().out


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_made_by_libreoffice_gives_the_text_findings(docx_path, from_text, tmp_path):
    pytest.importorskip("pdfplumber")
    pdf = write_pdf(docx_path, tmp_path / "seed.pdf")
    assert pdf is not None
    res = lint_document(read_document(pdf))
    assert errors_and_warnings(res) == errors_and_warnings(from_text)
    assert res.case.scores.questions == sample_case().scores.questions
    assert res.reading.indicators[7].value == 84.29
    pages = {f.where.split(",")[0] for f in res.findings if f.kind in ("indicator_mismatch", "foreign_agency")}
    assert all(p.startswith("seed.pdf: page ") for p in pages)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_without_poppler_still_finds_every_error(docx_path, from_text, tmp_path, monkeypatch):
    pytest.importorskip("pdfplumber")
    import ita_xl.lint.pdftext as pdftext

    pdf = write_pdf(docx_path, tmp_path / "seed.pdf")
    monkeypatch.setattr(pdftext.shutil, "which", lambda name: None)  # pdfplumber's own words, repaired
    res = lint_document(read_document(pdf))
    errors = {k for k in errors_and_warnings(from_text) if k[0] == "error"}
    assert {k for k in errors_and_warnings(res) if k[0] == "error"} == errors


def test_a_scanned_pdf_is_refused(tmp_path, capsys):
    pytest.importorskip("pdfplumber")
    import matplotlib.pyplot as plt
    import numpy as np

    fig = plt.figure(figsize=(2, 2))
    fig.figimage(np.eye(40), resize=True)  # a picture of a page: no text layer
    path = tmp_path / "scan.pdf"
    fig.savefig(path, format="pdf")
    plt.close(fig)
    assert main(["lint", str(path)]) == 2
    err = capsys.readouterr().err
    assert "no text layer" in err and str(path) in err


def test_the_report_ita_xl_writes_passes_its_own_lint_but_for_the_datas_errors(sample_result, tmp_path):
    """Round trip: the project's own report of the sample, as DOCX and PDF, linted. The only errors are
    those of the sample's data (its stated indicators 6 and 7), which the report prints as given."""
    from datetime import date

    from ita_xl.report import build
    from ita_xl.report.pdf import publish

    path = tmp_path / "report.docx"  # and its PDF as export lays it out
    made = publish(build(sample_result, date(2023, 11, 15)), path, tmp_path / "report.pdf" if soffice() is not None else None)
    data_errors = {key(f) for f in sample_result.findings if f.kind == "indicator_mismatch"}
    paths = [path]
    if made is not None and made.ok:
        pytest.importorskip("pdfplumber")
        paths.append(made.path)
    for p in paths:
        res = lint_document(read_document(p))
        assert {key(f) for f in res.findings if f.severity == "error"} == data_errors, p.name
        assert res.case.scores.questions == sample_case().scores.questions
        assert (res.reading.assessment_year, res.reading.plan_year) == (2566, 2567)
        assert not [f for f in res.findings if f.kind in ("action_unclear", "unread_row", "plan_period_unread")]


def test_the_report_ita_xl_writes_with_urgent_rows_gives_no_warning(tmp_path):
    """Two OIT items at 0 make urgent rows whose period is a deadline ("เร่งด่วน ภายในวันที่ …"): lint
    reads them, and its own report, as DOCX and PDF, gives no warning at all."""
    from datetime import date

    from ita_xl.report import build
    from ita_xl.report.pdf import publish

    case = sample_case()
    case.scores.questions.update({"O5": 0.0, "O12": 0.0})
    result = analyze(case)
    assert sum(row.urgent for row in result.plan) == 2
    path = tmp_path / "report.docx"  # and its PDF as export lays it out
    made = publish(build(result, date(2023, 11, 15)), path, tmp_path / "report.pdf" if soffice() is not None else None)
    paths = [path]
    if made is not None and made.ok:
        pytest.importorskip("pdfplumber")
        paths.append(made.path)
    for p in paths:
        res = lint_document(read_document(p))
        assert [f for f in res.findings if f.severity == "warning"] == [], p.name
        deadlines = [got for row in res.reading.plan if (got := parse_period(row.period)) and got[0] == got[1]]
        assert len(deadlines) == 2, p.name  # the urgent rows' "ภายในวันที่ …", read as deadlines
        assert res.case.scores.questions["O5"] == 0.0


def test_the_seed_saved_as_docx_by_libreoffice_gives_the_text_findings(from_text, tmp_path):
    """LibreOffice saves a text file's tab lines as paragraphs holding tabs, not as tables."""
    import subprocess

    exe = soffice()
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    src = tmp_path / "seed.txt"
    src.write_bytes(SEED.read_bytes())
    subprocess.run(
        [exe, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--infilter=Text (encoded):UTF8,,,", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(src)],
        capture_output=True, timeout=300, check=False,
    )
    path = tmp_path / "seed.docx"
    assert path.exists()
    import docx

    assert docx.Document(str(path)).tables == []  # no real table: the tabs are in the paragraphs
    res = lint_document(read_document(path))
    assert errors_and_warnings(res) == errors_and_warnings(from_text)
    assert res.case.scores.questions == sample_case().scores.questions
    assert res.reading.plan and len(res.reading.plan) == len(from_text.reading.plan)


@pytest.fixture(scope="module")
def tab_docx(tmp_path_factory):
    return write_tab_docx(read_document(SEED), tmp_path_factory.mktemp("lint") / "seed-tabs.docx")


def test_a_tab_line_docx_gives_the_text_findings(tab_docx, from_text):
    res = lint_document(read_document(tab_docx))
    assert errors_and_warnings(res) == errors_and_warnings(from_text)
    assert res.case.scores.questions == sample_case().scores.questions
    assert {f.kind: f.where for f in res.findings}["indicator_mismatch"].startswith("seed-tabs.docx: table 1, row ")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_the_pdf_printed_from_a_tab_line_docx_gives_the_text_findings(tab_docx, from_text, tmp_path):
    """Printed, the tabs become gaps (some none at all: "ข้อ e๗๘๕.๐๐"): the question rows are read as
    lines, every code and score split the one way the framework allows."""
    pytest.importorskip("pdfplumber")
    pdf = write_pdf(tab_docx, tmp_path / "seed-tabs.pdf")
    assert pdf is not None
    res = lint_document(read_document(pdf))
    assert errors_and_warnings(res) == errors_and_warnings(from_text)
    assert res.case.scores.questions == sample_case().scores.questions
    assert [i.no for i in res.reading.issues] == list(range(1, 8))
    # the plan printed without lines: a row per issue, each with its period
    assert [(row.issue, parse_period(row.period)) for row in res.reading.plan] == [
        (no, fiscal_year_bounds(2567)) for no in range(1, 8)]
    assert {no: s.value for no, s in res.reading.indicators.items()} == {
        no: s.value for no, s in from_text.reading.indicators.items()}
