"""``regenerate --reports``: each agency's measures report (DOCX and PDF) beside its workbook.

The document is the one ``ita-xl export WORKBOOK`` writes: made from the workbook just written or
refreshed (read back through :func:`ita_xl.report.from_input`, so staff's plan edits are in it), laid
out by :func:`ita_xl.report.pdf.publish`, and named as ``export`` names it (``<workbook>-report.docx``
and ``.pdf``). The PDF comes from one LibreOffice per process kept running between documents
(:class:`ita_xl.report.pdf.Converter`): a worker makes its own at its first document, and it ends
with the worker (its helper sees its input end).
"""

from __future__ import annotations

import gc
from pathlib import Path

from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.report import build, chart, from_input, typeset
from ita_xl.report.pdf import Converter, publish

_converter: Converter | None = None  # this process's; made at its first document, never before a fork


def document_paths(book: Path) -> tuple[Path, Path]:
    """Where ``ita-xl export BOOK`` writes the report of ``book`` (DOCX, PDF).

    >>> [p.name for p in document_paths(Path("out/ita_6100001.xlsm"))]
    ['ita_6100001-report.docx', 'ita_6100001-report.pdf']
    """
    docx = book.with_name(f"{book.stem}-report.docx")
    return docx, docx.with_suffix(".pdf")


def up_to_date(book: Path) -> bool:
    """Are both documents newer than the workbook (``--resume``)?"""
    try:
        made = book.stat().st_mtime_ns
        return all(p.stat().st_mtime_ns > made for p in document_paths(book))
    except OSError:
        return False


# A word wider than a narrow column: cutting it builds the word trie of Thai line breaking and
# takes the narrow cut's path too.
_WIDE_WORD = "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ"


def prepare() -> None:
    """Build the word trie of Thai line breaking (:mod:`ita_xl.report.typeset`, ~60 MB of small
    objects) and load matplotlib's pyplot (python-docx comes with this module's imports) in the
    main process before the workers fork, and move them out of the garbage collector's sight
    (``gc.freeze``), so the workers share their pages instead of each building and loading its own
    (two workers held 265 MB each)."""
    typeset.units(_WIDE_WORD)
    chart.load_pyplot()
    gc.freeze()


def converter() -> Converter:
    global _converter
    if _converter is None:
        _converter = Converter()
    return _converter


def close_converter() -> None:
    """End this process's LibreOffice (the main process's, after an inline batch)."""
    global _converter
    if _converter is not None:
        _converter.close()
        _converter = None


def write_documents(book: Path, frameworks: Frameworks = KNOWN) -> str:
    """Write the report of ``book`` beside it; "" when both files were written, else why not (an
    InputError or OSError of reading the workbook or writing the DOCX is raised)."""
    (source,) = from_input(book, frameworks=frameworks)
    report = build(source)
    docx, pdf = document_paths(book)
    made = publish(report, docx, pdf, converter=converter())
    return "" if made.ok else f"report: the DOCX is written, {made.message}"
