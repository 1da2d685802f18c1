"""``ita-xl lint DOCUMENT``'s work on a file: read the document (DOCX, PDF, text), tell its year, lint
it, against the agency's scores when given (``--scores``)."""

from __future__ import annotations

from ita_xl.core.thai import as_be
from ita_xl.errors import InputError, UnknownYear
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.io.scores import read_scores
from ita_xl.lint.extract import read_document as read_reading
from ita_xl.lint.lint import LintResult, lint_reading
from ita_xl.lint.readers import read_document


def lint_file(document: str, year: int | None = None, scores: str | None = None,
              frameworks: Frameworks = KNOWN) -> LintResult:
    """Read and lint a document file; every problem with the input is an :class:`InputError`.
    ``frameworks``: those given (``--framework``) before the known years' (default: the known)."""
    if year is not None:
        year = as_be(year)
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
