"""``ita-xl new``, ``ita-xl import`` and ``ita-xl fill``: the agency workbook, headless."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ita_xl.errors import InputError
from ita_xl.cli.framework import add_framework_option

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


def _one_agency(path: str, year: int | None, sheet: str | None = None):
    from ita_xl.io.scores import read_scores  # noqa: PLC0415

    found = read_scores(path, year, sheet)
    if len(found) != 1:
        raise InputError(path, "ไฟล์คะแนนต้องมีหน่วยงานเดียว", f"the score file must hold one agency (found {len(found)})")
    _warn_missing(path, found[0].scores)
    return found[0]


def missing_questions(scores) -> tuple[list[str], int]:
    """The year's question codes the score set has no score for, and how many the year has."""
    from ita_xl.io.frameworks import load  # noqa: PLC0415

    try:
        codes = list(load(scores.year).questions)
    except KeyError:
        return [], 0
    return [c for c in codes if c not in scores.questions], len(codes)


def _warn_missing(path: str, scores) -> None:
    """A score file that gives only some of the year's questions: say how many and which."""
    missing, total = missing_questions(scores)
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
    from ita_xl.core.model import AgencyCase, Org  # noqa: PLC0415
    from ita_xl.io.case import sample_case  # noqa: PLC0415
    from ita_xl.xlsx.template import build_workbook  # noqa: PLC0415

    from ita_xl.io.scores import normalize_year  # noqa: PLC0415

    if args.year is not None:
        args.year = normalize_year(args.year, "--year")  # 2023 (CE) is 2566; 400 digits is no year
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
        case = _from_document(args)
    elif args.scores:
        found = _one_agency(args.scores, args.year, args.sheet)
        case = AgencyCase(org=found.org, scores=found.scores)
    if case is not None:
        if args.org:
            case.org.name = args.org
        if args.org_type:
            case.org.org_type = args.org_type
        if args.year and args.year != case.scores.year:
            raise InputError(args.scores or args.from_document or "sample", f"ปีของคะแนนคือ {case.scores.year} ไม่ใช่ {args.year}", f"the scores are for {case.scores.year}, not {args.year}")
    org = Org(name=args.org or "", org_type=args.org_type or "") if case is None else None
    if case is None and not args.year:
        from ita_xl.xlsx.template import default_year  # noqa: PLC0415

        args.year = default_year()
        print(f"ไม่ได้ระบุ --year จึงใช้ปีการประเมิน {args.year} (ปีล่าสุดที่โปรแกรมมีกรอบการประเมิน) ระบุปีอื่นด้วย --year\n"
              f"  no --year given: the workbook is for assessment year {args.year} (the latest ita_xl has a "
              "framework); pass --year for another", file=sys.stderr)
    path = build_workbook(out, case, runtime, year=args.year, org=org)
    if case is not None and (case.scores.questions or case.scores.indicators):
        _lay_out_documents(path)
    print(f"เขียนไฟล์ {path} แล้ว / wrote {path}")
    if runtime == "desktop":
        print(f"  โมดูลสำหรับปุ่ม / button shim: {path.with_suffix('.py').name}")
    return 0


def _lay_out_documents(path: Path) -> None:
    """A workbook made with scores: its report sheets laid out as ``fill`` lays them out."""
    from ita_xl.report.sheet import documents  # noqa: PLC0415
    from ita_xl.xlsx.fileio import edit_workbook  # noqa: PLC0415

    edit_workbook(path, documents)


def _from_document(args):
    """The case read from the agency's own document; the official scores of ``--scores`` win."""
    from ita_xl.cli.lint import lint_path  # noqa: PLC0415
    from ita_xl.lint.lint import workbook_case  # noqa: PLC0415

    res = lint_path(args.from_document, args.year)
    case = workbook_case(res)
    if args.scores:
        case.scores = _one_agency(args.scores, case.scores.year).scores
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
    from ita_xl.xlsx.fileio import edit_workbook  # noqa: PLC0415

    from ita_xl.io.frameworks import using  # noqa: PLC0415
    from ita_xl.workbook.reader import framework_from_snapshot  # noqa: PLC0415

    def ops(snap):  # under the workbook's lock: a concurrent fill waits, then sees these scores
        _require_workbook(args.workbook, snap)
        with using(framework_from_snapshot(snap)):  # the workbook's own copy knows its year's codes
            found = _one_agency(args.scores, args.year or _workbook_year(snap), getattr(args, "sheet", None))
        return C.import_scores(snap, found)

    _print_notices(edit_workbook(args.workbook, ops) + _repair(args.workbook))
    return 0


def run_fill(args) -> int:
    from ita_xl.report.sheet import fill  # noqa: PLC0415 - the analysis, the plan and both documents' sheets
    from ita_xl.xlsx.fileio import edit_workbook  # noqa: PLC0415

    def ops(snap):
        _require_workbook(args.workbook, snap)
        return fill(snap)

    _print_notices(edit_workbook(args.workbook, ops) + _repair(args.workbook))
    return 0


def _repair(path: str) -> list:
    """Put back the code parts another program's save removed or rewrote (:mod:`ita_xl.xlsx.repair`)."""
    from ita_xl.xlsx.repair import repair  # noqa: PLC0415 - start-up time: olevba is read only here

    return repair(path)


def _require_workbook(path: str, snap) -> None:
    from ita_xl.workbook import layout as L  # noqa: PLC0415

    for key in ("settings", "indicators", "questions"):
        if not snap.has(L.SHEETS[key].name):
            raise InputError(
                path, f"ไม่ใช่ไฟล์งาน ITA (ไม่มีแผ่นงาน {L.SHEETS[key].name}) สร้างด้วย ita-xl new",
                f"not an ita_xl workbook (no sheet {L.SHEETS[key].name!r}); make one with ita-xl new",
            )


def _workbook_year(snap) -> int | None:
    """The workbook's assessment year, the default for a score file that does not say."""
    from ita_xl.io.scores import parse_score  # noqa: PLC0415
    from ita_xl.workbook.reader import read_settings  # noqa: PLC0415

    value = read_settings(snap).get("year", (None, ""))[0]
    y = parse_score(value) if value is not None else None
    return int(y) if y is not None else None
