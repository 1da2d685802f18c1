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


def _balanced(ops: list) -> bool:
    """q/Q and BT/ET open and close in order on the page."""
    depth = {"q": 0, "BT": 0}
    for _, name in ops:
        if name in ("q", "BT"):
            depth[name] += 1
        elif name in ("Q", "ET"):
            depth["q" if name == "Q" else "BT"] -= 1
            if min(depth.values()) < 0:
                return False
    return not any(depth.values())


@needs_soffice
def test_the_text_step_draws_every_glyph_where_libreoffice_drew_it(raw_pdf, tmp_path):
    """What it adds is a span with the line's text; every glyph stays where it was drawn, in its
    font and size, and every other operation is kept in order (the spans, and the q/BT/ET/Q of a
    line's text objects drawn as one, taken out)."""
    import pdfplumber

    done = tmp_path / "done.pdf"
    shutil.copyfile(raw_pdf, done)
    assert add_actual_text(done) > 0
    keep = {"BDC", "EMC", "q", "Q", "BT", "ET", "Td", "Tm", "TD"}
    spans = 0
    with pikepdf.open(raw_pdf) as before, pikepdf.open(done) as after:
        for a, b in zip(before.pages, after.pages):
            old, new = _qpdf(a.obj.Contents.read_bytes()), _qpdf(b.obj.Contents.read_bytes())
            assert _balanced(new)
            spans += sum(1 for o, name in new if name == "BDC" and isinstance(o[1], dict) and "/ActualText" in o[1])
            assert [op for op in new if op[1] not in keep] == [op for op in old if op[1] not in keep]
    assert spans > 200

    def glyphs(path):
        with pdfplumber.open(path) as pdf:
            return [[(c["text"], round(c["x0"], 3), round(c["top"], 3), c["fontname"], round(c["size"], 3),
                      c["non_stroking_color"]) for c in page.chars] for page in pdf.pages]

    drawn, redrawn = glyphs(raw_pdf), glyphs(done)
    assert sum(map(len, drawn)) > 5000
    assert redrawn == drawn


def test_a_page_it_cannot_read_is_left_as_it_was():
    """An inline image: the page's two streams are kept as they are, not joined."""
    from ita_xl.report.pdftext import _wrap_page

    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        page = pdf.pages[0]
        font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                     BaseFont=pikepdf.Name.Helvetica))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        parts = [b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q", b"BT /F1 12 Tf <41> Tj ET"]
        page.obj.Contents = pikepdf.Array([pdf.make_stream(x) for x in parts])
        with pytest.raises(Unreadable):
            _wrap_page(pdf, page, pikepdf, {})
        assert isinstance(page.obj.Contents, pikepdf.Array)
        assert [x.read_bytes() for x in page.obj.Contents] == parts


# Streams no LibreOffice writes, each read as qpdf reads it (by the reading that takes it).
CRAFTED = [
    b"0.1 w q 1 0 0 RG -.5 +3 5. 00012 re f* Q",
    b"BT /F1 12 Tf <41 42\t43\x0c> Tj <414> Tj [<0E33> -250.5 <0E2>] TJ ET",
    b"/F#201 1 Tf /P <</MCID 0 /Nested <</A [1 [2 3] <<>>]>> /Flag true /N null /F false>> BDC EMC",
    b"BT (a\\(b\\)c\\101\\\ncd\\t) Tj (x\r\ny\rz) ' 1 2 (w) \" T* ET",
    b"1e5 w 12Tf q cm/F1 Q",
    b"% a comment\nq Q",
    b"<41\x0042> Tj",
]


@pytest.mark.parametrize("data", CRAFTED)
def test_crafted_streams_are_read_as_qpdf_reads_them(data):
    qpdf = _qpdf(data)
    assert _ours(operations(data)) == qpdf
    assert _ours(_operations(data)) == qpdf
    if b"(" not in data and b"%" not in data:  # the one-expression reading takes it, or says it cannot
        try:
            plain = _plain_operations(data)
        except Unreadable:
            plain = None
        assert plain is None or _ours(plain) == qpdf
    for ops in (operations(data), _operations(data)):
        assert _qpdf(b"\n".join(op[2] for op in ops)) == qpdf


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
    with pytest.raises(Unreadable):
        operations(b"<< [1] 2 >> BDC")  # a key that is not a name
