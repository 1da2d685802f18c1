"""``ita-xl lint DOCUMENT``: check the analysis-and-measures document an agency already wrote."""

from __future__ import annotations

import argparse
import json
import sys

from ita_xl.cli.framework import add_framework_option, frameworks_of
from ita_xl.errors import InputError, UnknownYear
from ita_xl.core.thai import as_be
from ita_xl.io.frameworks import KNOWN
from ita_xl.io.scores import read_scores

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


def lint_path(document: str, year: int | None = None, scores: str | None = None, frameworks=None):
    """Read and lint a document file; every problem with the input is an :class:`InputError`.
    ``frameworks``: those given (``--framework``) before the known years' (default: the known)."""
    from ita_xl.lint.extract import read_document as read_reading  # noqa: PLC0415
    from ita_xl.lint.lint import lint_reading  # noqa: PLC0415
    from ita_xl.lint.readers import read_document  # noqa: PLC0415


    if year is not None:
        year = as_be(year)
    frameworks = frameworks or KNOWN
    if year is not None and year not in frameworks.years():
        raise UnknownYear(year, frameworks.years(), document)
    doc = read_document(document)
    try:
        reading = read_reading(doc, frameworks.load, year)
    except UnknownYear as exc:
        raise InputError(document, "เอกสารเป็นปีที่ยังไม่มีกรอบการประเมิน ระบุ --year", f"{exc.message_en}; give --year") from None
    if reading.assessment_year is None:
        raise InputError(
            document, "อ่านปีที่ประเมินจากเอกสารไม่ได้ โปรดระบุ --year (เช่น --year 2566)",
            "cannot tell the assessment year from the document; give --year (e.g. --year 2566)",
        )
    if not (reading.indicators or reading.issues or reading.plan or reading.total or reading.level or reading.tools):
        raise InputError(
            document, "ไม่ใช่เอกสารผลหรือการวิเคราะห์ ITA: ไม่พบคะแนนรวม ระดับ คะแนนตัวชี้วัด ตารางประเด็น หรือตารางมาตรการ",
            "not an ITA analysis document: it states no ITA figure (no total, level, indicator, issue table or plan)",
        )
    frameworks.check_input(reading.assessment_year, document)
    source = _source(scores, reading, frameworks) if scores else None
    return lint_reading(reading, frameworks.load(reading.assessment_year), source)


def _source(path: str, reading, frameworks):

    found = read_scores(path, reading.assessment_year, frameworks=frameworks)
    if len(found) == 1:
        return found[0]
    named = [a for a in found if a.org.name == reading.org_name]
    if len(named) != 1:
        raise InputError(
            path, f"ไฟล์คะแนนมี {len(found)} หน่วยงาน และไม่มีหน่วยงานชื่อ {reading.org_name} เพียงหน่วยงานเดียว",
            f"the score file holds {len(found)} agencies and not exactly one named {reading.org_name!r}",
        )
    return named[0]


def run_lint(args) -> int:
    res = lint_path(args.document, args.year, args.scores, frameworks_of(args))
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
