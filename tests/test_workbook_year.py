"""The per-year writer: what every workbook of a year shares is rendered and deflated once per
process (``Package``'s cell memo and its shared strings' seed), and a workbook written after
others holds exactly what it holds when written first."""

from __future__ import annotations

import io
import zipfile

from ita_xl.core.model import AgencyCase, Org, ScoreSet
from ita_xl.io.frameworks import load
from ita_xl.xlsx import sheets as S
from ita_xl.xlsx import template as T
from ita_xl.xlsx.package import CellBook, Package

YEAR = 2566


def _case(name: str, score: float, step: float) -> AgencyCase:
    codes = sorted(load(YEAR).questions)
    scores = {c: round(min(100.0, score + step * (i % 7)), 2) for i, c in enumerate(codes)}
    return AgencyCase(org=Org(name=name), scores=ScoreSet(year=YEAR, questions=scores))


def _cells(case: AgencyCase, tpl: T.Template) -> dict:
    snap, result = T.workbook_values("x.xlsm", case, YEAR, "x")
    book = CellBook(tpl.styles, tpl.pixels, tpl.rows)
    written = S.populate(book, snap, YEAR, "desktop", result, keep=tpl.static)[3]
    return {n: ws.cells for n, ws in book.sheets.items() if n in written}


def _parts(package: Package, cells: dict) -> dict[str, bytes]:
    buf = io.BytesIO()
    package.write(buf, cells)
    with zipfile.ZipFile(buf) as z:
        assert z.testzip() is None  # every part's CRC-32 holds (the joined deflate pieces too)
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_a_workbook_written_after_others_is_the_same_as_written_first():
    tpl = T.template(YEAR, "desktop")
    a, b = _cells(_case("ก", 35.0, 9.5), tpl), _cells(_case("ข", 80.0, 3.25), tpl)
    fresh_b = _parts(T.template.__wrapped__(YEAR, "desktop").package, b)  # built anew: nothing kept yet
    first_a = _parts(tpl.package, a)
    after_a = _parts(tpl.package, b)
    assert after_a == fresh_b
    assert _parts(tpl.package, a) == first_a
    assert after_a["xl/sharedStrings.xml"] != first_a["xl/sharedStrings.xml"]  # the agencies' own texts


def test_the_shared_strings_keep_the_template_texts_first():
    tpl = T.template(YEAR, "desktop")
    sst = _parts(tpl.package, _cells(_case("ค", 50.0, 5.0), tpl))["xl/sharedStrings.xml"].decode("utf-8")
    seed = "".join(tpl.package.sst_items)
    assert seed in sst and sst.index(seed) < 400


def test_table_rows_kept_from_an_earlier_workbook_hold_this_ones_numbers():
    tpl = T.template(YEAR, "desktop")
    _cells(_case("ก", 35.0, 9.5), tpl)  # its rows are kept in the template's memo (put_row)
    b = _case("ข", 80.0, 3.25)
    after = _cells(b, tpl)
    fresh = _cells(b, T.template.__wrapped__(YEAR, "desktop"))  # nothing kept yet
    assert {n: repr((c.rows, c.heights)) for n, c in after.items()} == {
        n: repr((c.rows, c.heights)) for n, c in fresh.items()}  # repr: 1, 1.0 and True apart


def test_a_new_workbook_holds_nothing_of_the_agency_built_before_it():
    """The year's rows of a new snapshot are kept once per framework and copied: a workbook without
    scores, or with half of them, built after one with all of them, is the one built first."""
    fw = load(YEAR)
    codes = sorted(fw.questions)
    full = _case("ข", 80.0, 3.25)
    half = AgencyCase(org=Org(name="ง"), scores=ScoreSet(year=YEAR, questions={c: 50.0 for c in codes[::2]}))
    blank = AgencyCase(org=Org(name="ค"), scores=ScoreSet(year=YEAR))

    def values(case: AgencyCase) -> str:
        snap, _ = T.workbook_values("x.xlsm", case, YEAR, "x")
        return repr((snap.sheets, snap.formulas))

    fresh = {}
    for case in (blank, half, full):
        fw.memo.clear()  # nothing kept: as the first workbook of a process
        fresh[case.org.name] = values(case)
    fw.memo.clear()
    for case in (full, blank, half, full, blank, half):
        assert values(case) == fresh[case.org.name], case.org.name
