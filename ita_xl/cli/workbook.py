"""``ita-xl new``, ``ita-xl import`` and ``ita-xl fill``: the agency workbook, headless."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ita_xl.errors import InputError, UnknownYear
from ita_xl.cli.framework import add_framework_option, frameworks_of
from ita_xl.core.model import AgencyCase, Org
from ita_xl.io.case import sample_case
from ita_xl.io.scores import normalize_year
from ita_xl.io.scores import read_scores
from ita_xl.xlsx.repair import repair

ORDER = 20


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="build a new agency workbook (.xlsm desktop, .xlsx Lite)")
    p.add_argument("out", help="the workbook to write, e.g. ita_lampang_2566.xlsm")
    p.add_argument("--org", help="agency name")
    p.add_argument("--org-type", help="agency type (อบจ., เทศบาล, อบต., ...)")
    p.add_argument("--year", type=int, help="assessment year (BE)")
    p.add_argument("--scores", help="score file (.csv/.xlsx/.txt) of one agency: fill the workbook right away")
    p.add_argument("--runtime", choices=["desktop", "lite"], help="desktop (.xlsm, default) or lite (.xlsx)")
    p.add_argument("--sample", action="store_true", help="the bundled sample agency, filled")
    p.add_argument(
        "--from-document", metavar="DOC",
        help="an analysis document the agency already wrote (.docx/.pdf/.txt): its scores, agency, year and limitations",
    )
    p.add_argument("--sheet", metavar="NAME", help="the sheet of an .xlsx score file that holds the scores")
    p.add_argument("--force", action="store_true", help="overwrite an existing file (a .bak copy is kept)")
    add_framework_option(p)
    p.set_defaults(func=run_new)
    i = sub.add_parser("import", help="import one agency's scores into a workbook")
    i.add_argument("workbook")
    i.add_argument("scores", help="score file (.csv/.xlsx/.txt)")
    i.add_argument("--year", type=int, help="assessment year when the score file does not say")
    add_framework_option(i)
    i.add_argument("--sheet", metavar="NAME", help="the sheet of an .xlsx score file that holds the scores")
    i.set_defaults(func=run_import)
    f = sub.add_parser("fill", help="fill analyses, plan, findings and the report sheets in a workbook (staff columns kept)")
    f.add_argument("workbook")
    add_framework_option(f)
    f.set_defaults(func=run_fill)


def _print_notices(notices) -> None:
    for n in notices:
        print(f"{n.message_th}\n  {n.message_en}")


def _one_agency(path: str, year: int | None, sheet: str | None, frameworks):
    found = read_scores(path, year, sheet, frameworks)
    if len(found) != 1:
        raise InputError(path, "ไฟล์คะแนนต้องมีหน่วยงานเดียว", f"the score file must hold one agency (found {len(found)})")
    _warn_missing(path, found[0].scores, frameworks)
    return found[0]


def missing_questions(scores, frameworks) -> tuple[list[str], int]:
    """The year's question codes the score set has no score for, and how many the year has
    (``frameworks``: :class:`ita_xl.io.frameworks.Frameworks`)."""
    try:
        codes = list(frameworks.load(scores.year).questions)
    except UnknownYear:
        return [], 0
    return [c for c in codes if c not in scores.questions], len(codes)


def _warn_missing(path: str, scores, frameworks) -> None:
    """A score file that gives only some of the year's questions: say how many and which."""
    missing, total = missing_questions(scores, frameworks)
    if not missing or not total:
        return
    have = total - len(missing)
    if have == 0 and scores.indicators:
        print(f"คำเตือน: {path} มีคะแนนรายตัวชี้วัดแต่ไม่มีคะแนนรายข้อ (0 จาก {total} ข้อ) จึงวิเคราะห์รายข้อไม่ได้\n"
              f"  warning: {path} gives indicator scores but no question scores (0 of {total}): no per-question analysis",
              file=sys.stderr)
        return
    shown = ", ".join(missing[:12]) + (f", … (+{len(missing) - 12})" if len(missing) > 12 else "")
    print(f"คำเตือน: {path} มีคะแนน {have} จาก {total} ข้อของปี {scores.year} ขาด: {shown}\n"
          f"  warning: {path} scores {have} of the {total} questions of {scores.year}; missing: {shown}",
          file=sys.stderr)


def run_new(args) -> int:
    from ita_xl.xlsx.template import build_workbook  # noqa: PLC0415


    frameworks = frameworks_of(args)
    if args.year is not None:  # 2023 (CE) is 2566; 400 digits is no year
        args.year = normalize_year(args.year, "--year", frameworks=frameworks)
    out = Path(args.out)
    runtime = args.runtime or ("lite" if out.suffix.lower() == ".xlsx" else "desktop")
    if out.exists() and not args.force:
        raise InputError(str(out), "มีไฟล์นี้อยู่แล้ว ใช้ --force เพื่อเขียนทับ (จะเก็บสำเนา .bak)", "the file exists; use --force to overwrite (a .bak copy is kept)")
    case = None
    if args.sample and args.from_document:
        raise InputError(args.from_document, "ใช้ --sample หรือ --from-document อย่างใดอย่างหนึ่ง", "give --sample or --from-document, not both")
    if args.sample:
        case = sample_case()
    elif args.from_document:
        case = _from_document(args, frameworks)
    elif args.scores:
        found = _one_agency(args.scores, args.year, args.sheet, frameworks)
        case = AgencyCase(org=found.org, scores=found.scores)
    if case is not None:
        if args.org:
            case.org.name = args.org
        if args.org_type:
            case.org.org_type = args.org_type
        if args.year and args.year != case.scores.year:
            raise InputError(args.scores or args.from_document or "sample", f"ปีของคะแนนคือ {case.scores.year} ไม่ใช่ {args.year}", f"the scores are for {case.scores.year}, not {args.year}")
    org = Org(name=args.org or "", org_type=args.org_type or "") if case is None else None
    if case is None and not args.year and frameworks.given:  # the workbook of the framework given
        args.year = frameworks.given[0].year
    if case is None and not args.year:
        from ita_xl.xlsx.template import default_year  # noqa: PLC0415

        args.year = default_year(frameworks)
        print(f"ไม่ได้ระบุ --year จึงใช้ปีการประเมิน {args.year} (ปีล่าสุดที่โปรแกรมมีกรอบการประเมิน) ระบุปีอื่นด้วย --year\n"
              f"  no --year given: the workbook is for assessment year {args.year} (the latest ita_xl has a "
              "framework); pass --year for another", file=sys.stderr)
    frameworks.check_input(case.scores.year if case is not None else args.year,
                           args.scores or args.from_document or ("sample" if args.sample else "--year"))
    path = build_workbook(out, case, runtime, year=args.year, org=org, frameworks=frameworks)
    if case is not None and (case.scores.questions or case.scores.indicators):
        _lay_out_documents(path, frameworks)
    print(f"เขียนไฟล์ {path} แล้ว / wrote {path}")
    if runtime == "desktop":
        print(f"  โมดูลสำหรับปุ่ม / button shim: {path.with_suffix('.py').name}")
    return 0


def _lay_out_documents(path: Path, frameworks) -> None:
    """A workbook made with scores: its report sheets laid out as ``fill`` lays them out (with the
    framework given, as the analysis sheets were)."""
    from ita_xl.report.sheet import documents  # noqa: PLC0415
    from ita_xl.xlsx.fileio import edit_workbook  # noqa: PLC0415

    edit_workbook(path, lambda snap: documents(snap, frameworks))


def _from_document(args, frameworks):
    """The case read from the agency's own document; the official scores of ``--scores`` win."""
    from ita_xl.lint.files import lint_file  # noqa: PLC0415 - the lint room: start-up time
    from ita_xl.lint.lint import workbook_case  # noqa: PLC0415

    res = lint_file(args.from_document, args.year, frameworks=frameworks)
    case = workbook_case(res)
    if args.scores:
        case.scores = _one_agency(args.scores, case.scores.year, None, frameworks).scores
    c = res.counts()
    print(
        f"อ่านจาก {res.reading.doc.name}: {case.org.name or '-'} ปี {case.scores.year}, "
        f"{len(case.scores.questions)} ข้อ; พบข้อผิดพลาด {c['error']} คำเตือน {c['warning']} "
        f"(ดูด้วย ita-xl lint {args.from_document})\n"
        f"  read {res.reading.doc.name}: {len(case.scores.questions)} question scores; "
        f"{c['error']} errors, {c['warning']} warnings (see ita-xl lint {args.from_document})"
    )
    return case


def run_import(args) -> int:
    from ita_xl.workbook import actions as C  # noqa: PLC0415
    from ita_xl.workbook.reader import framework_from_snapshot, require_workbook, settings_year  # noqa: PLC0415
    from ita_xl.xlsx.fileio import edit_workbook  # noqa: PLC0415

    frameworks = frameworks_of(args)

    def ops(snap):  # under the workbook's lock: a concurrent fill waits, then sees these scores
        require_workbook(snap, args.workbook)
        # the workbook's own copy knows its year's codes (after the framework given for that year)
        found = _one_agency(args.scores, args.year or settings_year(snap), getattr(args, "sheet", None),
                            frameworks.with_own(framework_from_snapshot(snap, frameworks)))
        frameworks.check_input(found.scores.year, args.scores)
        return C.import_scores(snap, found, frameworks)

    _print_notices(edit_workbook(args.workbook, ops) + repair(args.workbook))
    return 0


def run_fill(args) -> int:
    from ita_xl.report.files import fill_workbook  # noqa: PLC0415 - the report's modules: start-up time

    _print_notices(fill_workbook(args.workbook, frameworks_of(args)))
    return 0
