"""``ita-xl export`` (the measures report of an agency, or with ``--progress`` the report on carrying
them out, as DOCX and PDF) and ``ita-xl demo`` (the bundled sample's)."""

from __future__ import annotations

import argparse
import re
import sys
import time
from contextlib import nullcontext
from datetime import date
from pathlib import Path

from ita_xl.core.thai import as_be, ce_year, fmt_score
from ita_xl.errors import InputError
from ita_xl.extras import pip_line
from ita_xl.io.case import sample_case
from ita_xl.cli.framework import add_framework_option, frameworks_of
from ita_xl.core.thai import fiscal_year_bounds
from ita_xl.io.fonts import thai_font

ORDER = 40
EXIT_FINDINGS = 1  # written, but the checks found errors (with --strict: not written)


_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


def iso_date(text: str) -> date:
    """A date as YYYY-MM-DD; a year from 2400 is Buddhist era (2566-11-15 is 15 November 2023), as
    ``--year 2023`` is taken as BE 2566.

    >>> iso_date("2566-11-15"), iso_date("2023-11-15"), iso_date("2567-02-29")
    (datetime.date(2023, 11, 15), datetime.date(2023, 11, 15), datetime.date(2024, 2, 29))
    """
    m = _ISO_DATE.fullmatch(text)
    try:
        if not m:
            raise ValueError
        y, mo, d = (int(g) for g in m.groups())
        return date(ce_year(as_be(y)), mo, d)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: give YYYY-MM-DD, e.g. 2023-11-15 or 2566-11-15 (BE) / "
            f"ไม่ใช่วันที่ ระบุเป็น ปี-เดือน-วัน เช่น 2566-11-15"
        ) from None


def register(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser("export", help="write the publishable report (DOCX, PDF) / ออกรายงานมาตรการ")
    e.add_argument("input", help="ita_xl workbook, case file (.toml) or score file")
    e.add_argument("--docx", type=Path, help="DOCX to write (default: beside INPUT)")
    e.add_argument("--pdf", type=Path, help="PDF to write (default: beside the DOCX)")
    e.add_argument("--progress", action="store_true",
                   help="the report on carrying the measures out (รายงานผลการดำเนินการ), from the plan sheet")
    e.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                   help="with --progress: the date the progress is reported at (picks รอบ ๖/๑๒ เดือน); default today")
    e.add_argument("--strict", action="store_true",
                   help="write nothing when the checks find an error (exit 1)")
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
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                   help="approval date printed under the signature (a year from 2400 is BE: 2566-11-15); "
                        "default: a workbook's settings cell approval_date (วันที่อนุมัติ/ลงนามแผน), else a blank "
                        "line, filled at signing")
    p.add_argument("--no-pdf", action="store_true", help="write the DOCX only")
    add_framework_option(p)


def _safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-") or "report"


def write_report(source, docx_path: Path, pdf_path: Path | None, when: date | None = None, *,
                 progress: bool = False, as_of: date | None = None, converter=None) -> object:
    """Write one document; print what was written, corrected or left out, and how to get the PDF
    when it could not be made. Returns the document's model. ``converter``: a
    :class:`ita_xl.report.pdf.Converter` kept running for many documents (else one LibreOffice for this one)."""
    from ita_xl.report import build, build_progress  # noqa: PLC0415
    from ita_xl.report.pdf import publish  # noqa: PLC0415

    for note in thai_font().notes:
        print(f"font: {note}")
    report = build_progress(source, as_of, when) if progress else build(source, when)
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    t0 = time.perf_counter()
    # the DOCX as staff edit it; the PDF from a copy with the line-break marks, removed after
    outcome = publish(report, docx_path, pdf_path, converter=converter)
    print(f"wrote {docx_path}" + ("" if pdf_path else f" ({time.perf_counter() - t0:.1f} s)"))
    if outcome is None:
        return report
    if outcome.ok:
        print(f"wrote {pdf_path} ({time.perf_counter() - t0:.1f} s)")
        if outcome.message:  # made, with a note (laid out again without the word-break marks)
            print(f"note: {outcome.message}", file=sys.stderr)
    else:
        print(outcome.message, file=sys.stderr)
        print(f"the DOCX is complete: {docx_path}")
    return report


def error_findings(source) -> list[str]:
    return [f"{f.where}: {f.message_en} / {f.message_th}" if f.where else f.message
            for f in source.result.findings if f.severity == "error"]


def _need_report_deps() -> None:
    try:
        import docx  # noqa: F401, PLC0415
        import matplotlib  # noqa: F401, PLC0415
    except ImportError as exc:
        raise InputError("-", f"ต้องติดตั้งแพ็กเกจที่รายงานใช้: {pip_line(exc.name)}",
                         f"the report needs a package: {pip_line(exc.name)} ({exc.name} missing)") from None


def run_export(args) -> int:
    from ita_xl.report.pdf import Converter  # noqa: PLC0415
    from ita_xl.report.inputs import from_input  # noqa: PLC0415

    _need_report_deps()
    src = Path(args.input)
    frameworks = frameworks_of(args)
    sources = from_input(src, args.year, args.numerals, getattr(args, "sheet", None), frameworks)
    if not sources:
        raise InputError(str(src), "ไม่พบข้อมูลหน่วยงาน", "no agency in the input")
    frameworks.check_input([s.result.assessment_year for s in sources], src)
    if args.as_of and not args.progress:
        raise InputError("--as-of", "--as-of ใช้คู่กับ --progress", "--as-of goes with --progress")
    many = len(sources) > 1
    status = 0
    kind = "progress" if args.progress else "report"
    # Many agencies: one LibreOffice kept running for all their PDFs (it also ends when we do).
    converter = Converter() if many and not args.no_pdf else None
    for s in sources:
        org = s.case.org
        errors = error_findings(s)
        if errors:
            # Where the checks disagree the document would print what they call wrong: say so, exit 1.
            print(f"{org.name}: {len(errors)} error-level findings / ข้อผิดพลาด {len(errors)} รายการ:", file=sys.stderr)
            for e in errors:
                print(f"  error: {e}", file=sys.stderr)
            status = EXIT_FINDINGS
            if args.strict:
                print(f"not written (--strict): correct the errors above, then export again / "
                      f"ไม่ได้เขียนรายงานของ {org.name}", file=sys.stderr)
                continue
        suffix = f"-{_safe_name(org.id or org.name)}" if many else ""
        base = args.docx or src.with_name(f"{src.stem}-{kind}.docx")
        docx_path = base.with_name(f"{base.stem}{suffix}{base.suffix or '.docx'}")
        pdf_path = None
        if not args.no_pdf:
            pbase = args.pdf or docx_path.with_suffix(".pdf")
            pdf_path = pbase.with_name(f"{pbase.stem}{suffix}{pbase.suffix or '.pdf'}") if args.pdf else pbase
        write_report(s, docx_path, pdf_path, args.date, progress=args.progress, as_of=args.as_of,
                     converter=converter)
    if converter is not None:
        converter.close()
    return status


def run_demo(args) -> int:
    """The main job on the bundled sample: its workbook (filled, with buttons), then the report read
    back from that workbook, so that the report's numbers are the workbook's."""
    _need_report_deps()
    from ita_xl.report.inputs import from_input  # noqa: PLC0415
    from ita_xl.report.pdf import Converter  # noqa: PLC0415
    from ita_xl.xlsx.template import build_workbook  # noqa: PLC0415

    out: Path = args.out
    frameworks = frameworks_of(args)
    case = sample_case()
    frameworks.check_input(case.scores.year, "sample")
    out.mkdir(parents=True, exist_ok=True)
    book = build_workbook(out / "ita_sample.xlsm", case, "desktop", frameworks=frameworks)
    print(f"wrote {book} (workbook; button shim {book.with_suffix('.py').name})")
    (src,) = from_input(book, numerals=args.numerals, frameworks=frameworks)
    r = src.result
    errors = error_findings(src)
    total = r.case.scores.total if r.case.scores.total is not None else r.total
    print(f"{r.case.org.name}: total {fmt_score(total, 'arabic')}, level {r.case.scores.level or r.level}; "
          f"{len(r.findings)} findings, {len(errors)} errors (the sample keeps its document's errors)")
    for e in errors:
        print(f"  error: {e}")
    name = f"ita-{r.case.org.id or 'sample'}-{r.plan_year}"
    pdf = not args.no_pdf
    # The report on carrying the measures out, at six months of the plan year: signed on --date
    # only when that is not before the date of its data (else a blank date line, filled at signing).
    half = fiscal_year_bounds(r.plan_year)[0].replace(month=3, day=31)
    half = half.replace(year=half.year + 1)
    signed = args.date if args.date and args.date >= half else None
    with Converter() if pdf else nullcontext() as converter:  # one LibreOffice for both PDFs
        write_report(src, out / f"{name}.docx", out / f"{name}.pdf" if pdf else None, args.date,
                     converter=converter)
        write_report(src, out / f"{name}-progress.docx", out / f"{name}-progress.pdf" if pdf else None, signed,
                     progress=True, as_of=half, converter=converter)
    return 0
