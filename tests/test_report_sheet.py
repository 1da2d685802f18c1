"""The report sheets laid out from the report model (ita_xl/report/sheet.py), and their file parts."""

from __future__ import annotations

import re
import zipfile

from ita_xl import cli
from ita_xl.io.case import sample_case
from ita_xl.report import build, build_progress
from ita_xl.report import sheet as RS
from ita_xl.report.source import from_snapshot
from ita_xl.workbook import layout as L
from ita_xl.xlsx.fileio import snapshot_of
from ita_xl.workbook.ops import Layout, Write
from ita_xl.xlsx.patch import Book


def _report(tmp_path):
    path = tmp_path / "ita_doc.xlsx"
    assert cli.main(["new", str(path), "--sample"]) == 0
    return path, build(from_snapshot(snapshot_of(path)))


def test_every_text_of_the_model_is_on_the_sheet(tmp_path):
    path, report = _report(tmp_path)
    rows = RS.report_rows(report).rows
    texts = "\n".join(c.text for r in rows for c in r)
    for part in (report.s1_heading, report.s1_intro, report.s2_heading, report.s3_heading, report.approval.sign,
                 *report.limitations, *(i.heading for i in report.issues), *(p.topic for p in report.plan),
                 *(s for p in report.plan for s in p.steps), *(x.name for x in report.indicators)):
        assert part in texts, part
    # ... and on the workbook's sheet, as `new --sample` laid it out
    cells = {str(v) for r in snapshot_of(path).sheets[L.REPORT_DOC.sheet] for v in r if v}
    assert report.s2_heading in cells and report.plan[0].topic in cells


def test_pages_break_between_parts_and_repeat_a_tables_header(tmp_path):
    _, report = _report(tmp_path)
    rows = RS.report_rows(report)
    paged = RS.paginate(rows)
    heights = [h or L.ROW_PT for h in RS._heights(paged)]
    starts = [0, *paged.breaks, len(paged.rows)]
    assert all(sum(heights[a:b]) <= RS.PAGE_PT for a, b in zip(starts, starts[1:]))  # no page longer than A4's
    first = [paged.rows[b] for b in paged.breaks]
    assert any(r[0].text == report.s2_heading for r in first) and any(r[0].text == report.s3_heading for r in first)
    plan_header = list(report.plan_header)
    repeated = [b for b in paged.breaks if [c.text for c in paged.rows[b]] == plan_header]
    assert repeated, "a page inside the plan starts with its header"


def test_pages_are_filled_but_where_a_part_ends(tmp_path):
    """As the DOCX's pages: a page breaks early only where a part ends (the plan, the limitations,
    the progress table start a page); a long paragraph goes on over the page, a plan's measure
    and step lines are packed beside each other (gaps left 24 pages where the DOCX has 13)."""
    path, report = _report(tmp_path)
    progress = build_progress(from_snapshot(snapshot_of(path)))
    for rows in (RS.report_rows(report), RS.progress_rows(progress)):
        paged = RS.paginate(rows)
        heights = [h or L.ROW_PT for h in RS._heights(paged)]
        starts = [0, *paged.breaks, len(paged.rows)]
        parts = {id(rows.rows[b]) for b in rows.breaks}
        fill = [sum(heights[a:b]) / rows.doc.page_pt for a, b in zip(starts, starts[1:])]
        ends = [b == len(paged.rows) or id(paged.rows[b]) in parts for b in starts[1:]]
        assert all(f >= 0.7 for f, end in zip(fill, ends) if not end), [round(f, 2) for f in fill]
        assert max(fill) <= 1.0


def test_a_row_is_as_tall_as_its_wrapped_text():
    """Heights from glyph widths: a Thai line breaks between words, so the bold caption with its
    year takes two lines in the report's width, and a plan step three in its column."""
    caption = "สรุปผลการประเมินรายตัวชี้วัด ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"
    step = "๑. สำรวจงานบริการที่สามารถให้บริการผ่านระบบออนไลน์ได้"
    width = RS._col_pt(L.REPORT_DOC, 0, L.REPORT_DOC.n_cols)
    assert RS.cell_lines(caption, width, 16, bold=True) == 1 and RS.cell_lines(caption, width * 0.6, 16, True) == 2
    assert RS.cell_lines(step, 126, 14) == 3  # measured in LibreOffice's PDF: 3 lines in 126 pt
    assert RS.cell_height(caption, width * 0.6, "caption") >= 2 * 16 * 1.6


def test_layout_op_writes_merges_looks_and_breaks_into_the_sheet(tmp_path):
    path, report = _report(tmp_path)
    ops = RS.report_ops(snapshot_of(path))
    (layout,) = [op for op in ops if isinstance(op, Layout)]
    assert isinstance(ops[0], Layout) and isinstance(ops[1], Write)  # merges undone before values land
    book = Book(path)
    part = book.sheet_part[L.REPORT_DOC.sheet]
    with zipfile.ZipFile(path) as z:
        xml = z.read(part).decode()
    merges = re.findall(r'<mergeCell ref="([^"]+)"/>', xml)
    assert set(merges) == set(layout.merges) and f'<mergeCell ref="A{L.REPORT_DOC.first_row}:E{L.REPORT_DOC.first_row}"/>' in xml
    breaks = [int(x) + 1 for x in re.findall(r'<brk id="(\d+)"', xml)]
    assert breaks == sorted(layout.breaks) and len(breaks) >= 2
    sheet = book.sheet(L.REPORT_DOC.sheet)
    sample = {look: sheet.style_of(i, L.REPORT_DOC.sample_col) for i, look in enumerate(L.DOC_LOOKS, 1)}
    from ita_xl.xlsx.sheets import look_props  # noqa: PLC0415

    for a in sample:  # one style per look's format (a look alike another shares its style)
        for b in sample:
            assert (sample[a] == sample[b]) == (look_props(a) == look_props(b)), (a, b)
    r = L.REPORT_DOC.first_row
    assert sheet.style_of(r, 1) == sample["title"]
    header = next(i for i, looks in enumerate(layout.looks) if looks[0] == "th")
    assert all(sheet.style_of(r + header, c) == sample["th"] for c in range(1, L.REPORT_DOC.n_cols + 1))
    assert '<pageSetup paperSize="9"' in xml and 'orientation="portrait"' in xml


def test_the_progress_sheet_lists_every_measure(tmp_path):
    path, _ = _report(tmp_path)
    progress = build_progress(from_snapshot(snapshot_of(path)))
    texts = "\n".join(c.text for r in RS.progress_rows(progress).rows for c in r)
    assert all(line.topic in texts for line in progress.lines) and progress.approval.position in texts


def test_a_workbook_without_the_report_sheets_is_told_to_be_rebuilt():
    from ita_xl.workbook.ops import Snapshot

    (notice,) = RS.report_ops(Snapshot("old.xlsx", {}))
    assert "ita-xl new" in notice.message_en and L.REPORT_DOC.sheet in notice.message_th
    assert sample_case().org.name  # the fixtures' agency has a name the sheet prints


def test_an_engine_without_copy_from_copies_the_sample_cells_whole(tmp_path, xlwings_pro, monkeypatch):
    """Desktop xlwings (COM/AppleScript) has no ``Range.copy_from``: the layout copies the sample
    cell whole, and the Write that follows puts the document's values over the look's name."""
    import xlwings as xw
    from support.workbooks import ensure_remote_engine, payload_of

    from ita_xl.excel import book as xwio

    ensure_remote_engine()
    path, _ = _report(tmp_path)

    def no_copy_from(self, *args, **kwargs):
        raise AttributeError("copy_from")

    monkeypatch.setattr(xw.Range, "copy_from", no_copy_from)
    book = xw.Book(json=payload_of(path))
    try:
        ops = RS.report_ops(snapshot_of(path))
        xwio.apply_to_book(book, ops)
        funcs = [a["func"] for a in book.json()["actions"]]
    finally:
        book.close()
    assert "copyRange" in funcs and "copyFromRange" not in funcs
    assert funcs.index("setValues") > max(i for i, f in enumerate(funcs) if f == "copyRange")
