"""The content-stream reader of the PDF text step (report/pdfstream.py) reads LibreOffice's PDFs
as qpdf does, by both of its ways, and the text step writes back every operation it does not
change as it was (the same operations, read again by qpdf)."""

from __future__ import annotations

import shutil

import pikepdf
import pytest

from ita_xl.report import build, from_input
from ita_xl.report import pdf as pdf_module
from ita_xl.report.pdf import publish
from ita_xl.report.pdfstream import PdfString, Unreadable, _operations, _plain_operations, operations
from ita_xl.report.pdftext import add_actual_text
from support.report_books import staffed_book

needs_soffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                   reason="LibreOffice not installed")


def _canonical(operands) -> list:
    """Operands as comparable values: numbers as floats, strings as bytes, names as text."""
    out = []
    for o in operands:
        if isinstance(o, pikepdf.Array) or isinstance(o, list):
            out.append(_canonical(list(o)))
        elif isinstance(o, pikepdf.Dictionary) or isinstance(o, dict):
            out.append({str(k): _canonical([v])[0] for k, v in o.items()})
        elif isinstance(o, pikepdf.Name):
            out.append(str(o))
        elif isinstance(o, (pikepdf.String, PdfString)):
            out.append(bytes(o))
        elif isinstance(o, str):
            out.append(o)
        elif isinstance(o, bool) or o is None:
            out.append(o)
        else:
            out.append(float(o))
    return out


def _qpdf(data: bytes) -> list:
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        page = pdf.pages[0]
        page.obj.Contents = pdf.make_stream(data)
        return [(_canonical(list(i.operands)), str(i.operator)) for i in pikepdf.parse_content_stream(page)]


def _ours(ops) -> list:
    return [(_canonical(o), name) for o, name, _ in ops]


@pytest.fixture(scope="module")
def raw_pdf(tmp_path_factory, request):
    """The sample's measures report as LibreOffice writes it, before the text step."""
    folder = tmp_path_factory.mktemp("pdfstream")
    report = build(from_input(staffed_book(folder))[0])
    mp = pytest.MonkeyPatch()
    mp.setattr(pdf_module, "_live_links", lambda *a, **k: None)
    try:
        outcome = publish(report, folder / "r.docx", folder / "r.pdf")
    finally:
        mp.undo()
    assert outcome.ok, outcome.message
    return folder / "r.pdf"


@needs_soffice
def test_both_readings_of_libreoffice_s_streams_are_qpdf_s(raw_pdf):
    with pikepdf.open(raw_pdf) as pdf:
        for k, page in enumerate(pdf.pages):
            data = page.obj.Contents.read_bytes()
            qpdf, plain, exact = _qpdf(data), _plain_operations(data), _operations(data)
            assert len(qpdf) > 100, k
            assert _ours(plain) == qpdf, k
            assert _ours(exact) == qpdf, k
            # each operation's bytes are that operation: read again, the same stream
            assert _qpdf(b"\n".join(op[2] for op in plain)) == qpdf, k
            assert _qpdf(b"\n".join(op[2] for op in exact)) == qpdf, k


@needs_soffice
def test_the_text_step_changes_only_the_spans_and_the_line_starts(raw_pdf, tmp_path):
    """Taken out again: the spans it adds (BDC … EMC with /ActualText) and LibreOffice's own of SARA
    AM, the q/BT/ET/Q of a line's text objects drawn as one, and a Td turned into a Tm: the rest of
    every page is qpdf's reading of what LibreOffice wrote, in the same order."""
    done = tmp_path / "done.pdf"
    shutil.copyfile(raw_pdf, done)
    assert add_actual_text(done) > 0
    skip = {"BDC", "EMC", "q", "Q", "BT", "ET", "Td", "Tm", "TD"}
    spans = 0
    with pikepdf.open(raw_pdf) as before, pikepdf.open(done) as after:
        for a, b in zip(before.pages, after.pages):
            old = [op for op in _qpdf(a.obj.Contents.read_bytes()) if op[1] not in skip]
            new = _qpdf(b.obj.Contents.read_bytes())
            spans += sum(1 for o, name in new if name == "BDC" and isinstance(o[1], dict) and "/ActualText" in o[1])
            assert [op for op in new if op[1] not in skip] == old
    assert spans > 200


def test_literal_strings_names_and_comments_are_read_as_qpdf_reads_them():
    data = (b"% a comment\n/Span<</ActualText(a\\(b\\)c\\101\\\n\\t)>>BDC EMC\n"
            b"BT /F#321 12 Tf (x(y)z\\\\) Tj [(a) -250 <0E3> 1.5] TJ ET\n/P <</MCID 0 /Flag true>> BDC EMC")
    ours = operations(data)
    assert _ours(ours) == _qpdf(data)
    assert ours[0][0][1]["/ActualText"] == b"a(b)cA\t"
    assert ours[3][0][0] == "/F21"  # a name's #xx escape


def test_an_inline_image_or_a_broken_stream_is_not_read():
    with pytest.raises(Unreadable):
        operations(b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q")
    with pytest.raises(Unreadable):
        operations(b"BT [<01> 2 TJ ET")
    with pytest.raises(Unreadable):
        operations(b"BT (never closed Tj ET")
