"""``ita-xl export`` (the report of an agency as DOCX and PDF) and ``ita-xl demo`` (the bundled sample's)."""

from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import date
from pathlib import Path

from ..core.engine import Result, analyze
from ..errors import InputError
from ..io.case import sample_case
from ..io.inputs import iter_cases

ORDER = 40


def register(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser("export", help="write the publishable report (DOCX, PDF) / ออกรายงานมาตรการ")
    e.add_argument("input", help="ita_xl workbook, case file (.toml) or score file")
    e.add_argument("--docx", type=Path, help="DOCX to write (default: beside INPUT)")
    e.add_argument("--pdf", type=Path, help="PDF to write (default: beside the DOCX)")
    _common(e)
    e.set_defaults(func=run_export)
    d = sub.add_parser("demo", help="the bundled sample agency: its workbook, then its report (DOCX and PDF)")
    d.add_argument("--out", type=Path, default=Path("ita-xl-demo"), help="folder to write into")
    _common(d)
    d.set_defaults(func=run_demo)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="assessment year (BE) when the input does not say")
    p.add_argument("--sheet", metavar="NAME", help="the sheet of an .xlsx score file that holds the scores")
    p.add_argument("--numerals", choices=["thai", "arabic"], help="numerals of the report (default: the case's)")
    p.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD",
                   help="approval date (CE, ISO); default: today within the plan's fiscal year, else its first day")
    p.add_argument("--no-pdf", action="store_true", help="write the DOCX only")


def _safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-") or "report"


def write_report(result: Result, docx_path: Path, pdf_path: Path | None, when: date | None = None) -> int:
    """Write one report; print what was written, left out, and how to get the PDF when it could not be made."""
    from ..report import build, to_pdf, write_docx  # noqa: PLC0415 (python-docx, matplotlib: optional)
    from ..report.fonts import thai_font  # noqa: PLC0415

    font = thai_font()
    for note in font.notes:
        print(f"font: {note}")
    report = build(result, when)
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    t0 = time.perf_counter()
    write_docx(report, docx_path)
    print(f"wrote {docx_path} ({font.family}, {time.perf_counter() - t0:.1f} s)")
    if pdf_path is None:
        return 0
    t0 = time.perf_counter()
    outcome = to_pdf(docx_path, pdf_path)
    if outcome.ok:
        print(f"wrote {pdf_path} ({time.perf_counter() - t0:.1f} s)")
    else:
        print(outcome.message, file=sys.stderr)
        print(f"the DOCX is complete: {docx_path}")
    return 0


def _results(cases, args) -> list[Result]:
    out = []
    for case in cases:
        if args.numerals:
            case.settings.numerals = args.numerals
        try:
            out.append(analyze(case))
        except KeyError as exc:
            raise InputError(getattr(args, "input", "sample"), f"ไม่มีกรอบการประเมินปี {case.scores.year}", str(exc)) from None
    return out


def _need_report_deps() -> None:
    try:
        import docx  # noqa: F401, PLC0415
        import matplotlib  # noqa: F401, PLC0415
    except ImportError as exc:
        raise InputError("-", "ต้องติดตั้งส่วนเสริมรายงาน: pip install 'ita-xl[report]'",
                         f"the report needs its extras: pip install 'ita-xl[report]' ({exc.name} missing)") from None


def run_export(args) -> int:
    _need_report_deps()
    src = Path(args.input)
    results = _results(iter_cases(src, args.year, getattr(args, "sheet", None)), args)
    if not results:
        raise InputError(str(src), "ไม่พบข้อมูลหน่วยงาน", "no agency in the input")
    many = len(results) > 1
    for r in results:
        suffix = f"-{_safe_name(r.case.org.id or r.case.org.name)}" if many else ""
        base = args.docx or src.with_name(f"{src.stem}-report.docx")
        docx_path = base.with_name(f"{base.stem}{suffix}{base.suffix or '.docx'}")
        pdf_path = None
        if not args.no_pdf:
            pbase = args.pdf or docx_path.with_suffix(".pdf")
            pdf_path = pbase.with_name(f"{pbase.stem}{suffix}{pbase.suffix or '.pdf'}") if args.pdf else pbase
        write_report(r, docx_path, pdf_path, args.date)
    return 0


def run_demo(args) -> int:
    """The main job on the bundled sample: its workbook (filled, with buttons), then the report read
    back from that workbook, so that the report's numbers are the workbook's."""
    _need_report_deps()
    from ..workbook.template import build_workbook  # noqa: PLC0415
    from ..workbook_io import read_workbook_case  # noqa: PLC0415

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    book = build_workbook(out / "ita_sample.xlsm", sample_case(), "desktop")
    print(f"wrote {book} (workbook; button shim {book.with_suffix('.py').name})")
    (r,) = _results([read_workbook_case(book)], args)
    errors = [f for f in r.findings if f.severity == "error"]
    print(f"{r.case.org.name}: total {r.total:.2f}, level {r.level}; {len(r.findings)} findings, {len(errors)} errors")
    for f in errors:
        print(f"  {f.where}: {f.message_en}")
    name = f"ita-{r.case.org.id or 'sample'}-{r.plan_year}"
    return write_report(r, out / f"{name}.docx", None if args.no_pdf else out / f"{name}.pdf", args.date)
