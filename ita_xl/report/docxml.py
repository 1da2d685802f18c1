"""The report's WordprocessingML elements that python-docx has no setter for, or makes one look-up
at a time (ECMA-376 Part 1 §17: a paragraph's and a run's properties, a table row's and cell's): made
on the elements python-docx's public objects give (``paragraph_format.element``, ``run.element``)."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# What comes after an element of a cell's properties (ECMA-376 Part 1 §17.4.70 tcPr, in order)
_TAIL = ("hideMark", "headers", "cellIns", "cellDel", "cellMerge", "tcPrChange")
TCPR_AFTER_SHD = ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", *_TAIL)
_AFTER_VMERGE = ("tcBorders", "shd", *TCPR_AFTER_SHD)
_AFTER_VALIGN = _TAIL


def plain_props(p, style_id: str | None, align) -> bool:
    """A new paragraph's style and alignment (``w:pPr`` with its ``w:pStyle`` and ``w:jc``) made at
    once, as python-docx's setters make them one look-up at a time; False (nothing done) when the
    paragraph has properties already."""
    el = p.paragraph_format.element
    if el.find(qn("w:pPr")) is not None:
        return False
    ppr = OxmlElement("w:pPr")
    if style_id is not None:
        ppr.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
    ppr.append(OxmlElement("w:jc", {qn("w:val"): align.xml_value}))
    el.insert(0, ppr)
    return True


def add_run(p, text: str) -> Run:
    """``p.add_run(text)``, its ``w:r`` and ``w:t`` made at once: python-docx's ``add_run`` walks the
    text a character at a time (for tabs and line breaks) and looks for where each element goes,
    a third of a report's time in python-docx. A text with a tab or a line break goes its way."""
    if not text or "\t" in text or "\n" in text or "\r" in text:
        return p.add_run(text)
    r, t = OxmlElement("w:r"), OxmlElement("w:t")
    t.text = text
    if len(text.strip()) < len(text):  # as python-docx does
        t.set(qn("xml:space"), "preserve")
    r.append(t)
    p.paragraph_format.element.append(r)  # after the paragraph's runs and links, as add_run puts it
    return Run(r, p)


def lang(run, lang: str, bidi: str | None = None) -> None:
    """The run's language (``bidi``: of its complex-script text, e.g. Thai; else the same)."""
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), lang)
    el.set(qn("w:bidi"), bidi or lang)
    run.element.get_or_add_rPr().append(el)


def bold_cs(run) -> None:
    """Bold for the complex script too (Thai text reads w:bCs, not w:b)."""
    rpr = run.element.get_or_add_rPr()
    if rpr.find(qn("w:bCs")) is None:
        b = rpr.find(qn("w:b"))
        bcs = OxmlElement("w:bCs")
        if b is not None:
            b.addnext(bcs)
        else:
            rpr.append(bcs)


def row_props(tr, header: bool = False, split: bool = False) -> None:
    """The header row repeats on every page; other rows split over pages only where ``split``."""
    tr_pr = tr.get_or_add_trPr()
    if header:
        el = OxmlElement("w:tblHeader")  # repeated at the top of every page
        el.set(qn("w:val"), "true")
        tr_pr.append(el)
    if not split:
        cant_split(tr)


def shade(tc, fill: str) -> None:
    _put_cell_property(tc, OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill}),
                       TCPR_AFTER_SHD)


def valign(tc, align) -> None:
    """A cell's vertical alignment (``_Cell.vertical_alignment``: a WD_ALIGN_VERTICAL member)."""
    _put_cell_property(tc, OxmlElement("w:vAlign", {qn("w:val"): align.xml_value}), _AFTER_VALIGN)


def merge_down(tcs: list) -> None:
    """One column's cells merged top to bottom as python-docx's ``top.merge(bottom)`` merges them
    when the lower ones are empty: ``w:vMerge`` "restart" on the top one, "continue" (the
    attribute's default, left out) below. A lower cell with text is refused."""
    for k, tc in enumerate(tcs):
        if k and any(p.findall(qn("w:r")) for p in tc.findall(qn("w:p"))):
            raise ValueError("merge_down: a lower cell holds text")
        _put_cell_property(tc, OxmlElement("w:vMerge", {qn("w:val"): "restart"} if k == 0 else None),
                           _AFTER_VMERGE)


def _put_cell_property(tc, el, later: tuple[str, ...]) -> None:
    """``el`` in the cell's ``w:tcPr``, in place of one of its kind, else before the first of the
    elements the schema puts after it (or Word calls the file damaged)."""
    tc_pr = tc.get_or_add_tcPr()
    old = tc_pr.find(el.tag)
    if old is not None:
        tc_pr.replace(old, el)
        return
    tags = {qn(f"w:{t}") for t in later}
    after = next((c for c in tc_pr if c.tag in tags), None)
    if after is not None:
        after.addprevious(el)
    else:
        tc_pr.append(el)


def keep_next(p) -> None:
    """Keep-with-next on a ``w:p`` reached through the body (python-docx's Paragraph needs its parent)."""
    Paragraph(p, None).paragraph_format.keep_with_next = True


def cant_split(tr) -> None:
    tr_pr = tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        cant = OxmlElement("w:cantSplit")
        cant.set(qn("w:val"), "true")
        tr_pr.insert(0, cant)
