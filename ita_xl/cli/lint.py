"""``ita-xl lint DOCUMENT``: check the analysis-and-measures document an agency already wrote."""

from __future__ import annotations

import argparse
import json
import sys

from ita_xl.cli.framework import add_framework_option, frameworks_of

ORDER = 15


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lint",
        help="check an agency's own analysis document (.docx/.pdf/.txt); exit 1 when an error is found",
        description=(
            "Read the analysis and measures document an agency wrote (DOCX, PDF text layer, or text) and "
            "report what is wrong and where: stated vs computed indicators, prose quoting the wrong figure, "
            "questions cited without a score, another agency's name, mixed years, plan periods, "
            "maintain/improve cells against their scores. / ตรวจเอกสารวิเคราะห์ผลและมาตรการที่หน่วยงานจัดทำเอง"
        ),
    )
    p.add_argument("document", help="the document: .docx, .pdf or .txt")
    p.add_argument("--scores", help="the agency's ITAS scores (.csv/.xlsx/.txt): check every number against them")
    p.add_argument("--year", type=int, help="assessment year (BE) when the document does not make it clear")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_framework_option(p)
    p.set_defaults(func=run_lint)




def run_lint(args) -> int:
    from ita_xl.lint.files import lint_file  # noqa: PLC0415 - the lint room: start-up time

    res = lint_file(args.document, args.year, args.scores, frameworks_of(args))
    if args.json:
        json.dump(res.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(render(res))
    return 1 if res.has_errors else 0


def render(res) -> str:
    r = res.reading
    plan = f" → plan {r.plan_year}" if r.plan_year else ""
    lines = [f"{r.doc.name}: {r.org_name or '(agency?)'} — ITA {r.assessment_year}{plan}"]
    c = res.counts()
    lines.append(
        f"  read: {len(r.indicators)} indicators, {len(r.issues)} issues, "
        f"{len(r.question_cells())} question cells, {len(r.plan)} plan rows; "
        f"{c['error']} errors, {c['warning']} warnings, {c['info']} notes"
    )
    for f in res.findings:
        lines.append(f"{f.severity.upper():7} {f.kind:22} {f.where}")
        lines.append(f"        {f.message_th}")
        lines.append(f"        {f.message_en}")
        if f.quote:
            lines.append(f"        “{f.quote}”")
    if not res.findings:
        lines.append("  no findings / ไม่พบข้อผิดพลาด")
    return "\n".join(lines)
