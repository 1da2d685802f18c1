"""``ita-xl lint`` gives ita_xl's own report no error and no warning (issue 22): the reports of
synthetic agencies (``tests/support/synth.py``) of each agency type and of the years 2566-2569, as DOCX,
and two of them as PDF through LibreOffice. Each was chosen for a reading that once failed on it:

- ``เทศบาลตำบลโพธิ์จันทร์`` (PDF): poppler gives the tone mark of "โพธิ์" as a word of its own,
  sorted after "จ" ("โพธิจ์ันทร์"): the agency's own name read as another agency's;
- the quoted OIT item "…การป้องกันการทุจริตประจำปี รอบ ๖ เดือน" read as indicator 10 scored 6;
- a central agency ("สำนักงาน…") whose name no local prefix finds (org_unknown);
- 2567's indicator row printed "-" (not scored that year) read as an unreadable row;
- plan rows broken by a page break: a row with no topic and no period of its own, a period broken
  in two ("…๓๑ ธ.ค. ๒" / "๕๖๖");
- "ตัวชี้วัดการปรับปรุง การทำงาน": a justified line's space inside an indicator's name.
"""

from __future__ import annotations

import pytest

from support.synth import write_synthetic_csv
from ita_xl.lint.lint import lint_document
from ita_xl.lint.readers import read_document
from ita_xl.report import build, from_input
from ita_xl.report.pdf import Converter, publish, soffice

# (year, seed, org_id): the agency of the synthetic file of that year and seed
DOCX = (
    (2566, 2566, "6100003"),  # เทศบาลตำบลโพธิ์จันทร์
    (2566, 2566, "6100004"),  # เทศบาลตำบลเขายาง: "รอบ ๖ เดือน"
    (2566, 2566, "6100007"),  # สำนักงานทุ่งนา: a central agency
    (2567, 2, "6100001"),  # สำนักงานหนองแก้ว, 2567: indicator 10 not scored
    (2568, 3, "6100001"),  # องค์การบริหารส่วนตำบลดอนใต้
    (2569, 4, "6100001"),  # องค์การบริหารส่วนตำบลทุ่งศรี
)
PDF = {"6100003-2566", "6100001-2568"}


def problems(path) -> list[str]:
    res = lint_document(read_document(path))
    return [f"{f.severity} {f.kind} {f.where}: {f.message_en} | {f.quote}" for f in res.findings
            if f.severity in ("error", "warning")]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """``{key: (docx path, report)}`` for the agencies of :data:`DOCX`, written as ``ita-xl export`` would."""
    folder = tmp_path_factory.mktemp("own_report")
    wanted: dict[tuple[int, int], set[str]] = {}
    for year, seed, org_id in DOCX:
        wanted.setdefault((year, seed), set()).add(org_id)
    out = {}
    for (year, seed), ids in wanted.items():
        n = max(int(i) - 6100000 for i in ids)
        csv = write_synthetic_csv(folder / f"scores-{year}-{seed}.csv", n, year, seed)
        for source in from_input(csv):
            org_id = source.case.org.id
            if org_id in ids:
                key = f"{org_id}-{year}"
                report, docx = build(source), folder / f"{key}.docx"
                publish(report, docx)
                out[key] = docx, report
    assert len(out) == len(DOCX)
    return out


@pytest.mark.parametrize("key", [f"{o}-{y}" for y, _, o in DOCX])
def test_own_docx_report_lints_clean(reports, key):
    assert problems(reports[key][0]) == []


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_own_pdf_reports_lint_clean(reports):
    pytest.importorskip("pdfplumber")
    found = {}
    with Converter() as conv:
        for key in sorted(PDF):
            docx, report = reports[key]
            pdf = docx.with_suffix(".pdf")
            assert publish(report, docx, pdf, converter=conv).ok  # as export: from the marked copy
            found[key] = problems(pdf)
    assert found == {key: [] for key in sorted(PDF)}
