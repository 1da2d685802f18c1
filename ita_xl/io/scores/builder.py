"""What a score row means: a score from a cell, a year from a cell, and one agency's rows gathered
into a :class:`~ita_xl.core.model.ScoreSet`, validated row by row against the year's framework."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ita_xl.core.codes import parse_row_key
from ita_xl.core.framework import Framework, unknown_code_message
from ita_xl.core.model import Org, ScoreSet
from ita_xl.core.thai import arabic_digits, as_be
from ita_xl.errors import InputError, UnknownYear
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.io.scores.table import Row, blank

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_PLAIN = re.compile(r"[0-9]{1,3}(?:\.[0-9]*)?\Z")
_YEAR = re.compile(r"\s*([0-9]{4})(?:\.0*)?\s*\Z")
_PLAIN_SCORES: dict[str, float] = {}  # "94.96" -> 94.96: the texts _PLAIN matched (scores repeat file after file)


@dataclass
class AgencyScores:
    org: Org
    scores: ScoreSet
    first_row: int = 0  # where the agency first appears, for messages


@lru_cache(maxsize=4096)
def _row_key(text: str):
    return parse_row_key(text)


def row_key(cell: object):
    """:func:`~ita_xl.core.codes.parse_row_key`, memoized for the few hundred spellings a file uses.

    >>> row_key("ข้อ i๒๔"), row_key("ind3"), row_key("x1")
    (('question', 'i24'), ('indicator', 3), None)
    """
    return _row_key(cell) if isinstance(cell, str) else parse_row_key(cell)


def parse_score(value: object) -> float | None:
    """A score from a cell: numbers, Thai digits, a trailing ``%``, comma decimals; ``None`` if not one.

    >>> parse_score("๙๔.๙๖"), parse_score(" 88,28 "), parse_score(100), parse_score("n/a")
    (94.96, 88.28, 100.0, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value == value else None
    if _PLAIN.match(value if isinstance(value, str) else ""):  # the common case, "94.96"
        return float(value)
    s = arabic_digits(str(value)).strip().rstrip("%").strip().replace("\xa0", "")
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    return float(s) if _NUMBER.match(s) else None


def is_level(cell: object) -> bool:
    """Is a code cell the row of the stated level?

    >>> is_level(" Level "), is_level("ระดับผลการประเมิน"), is_level("total")
    (True, True, False)
    """
    return str(cell).strip().lower() in {"level", "ระดับ", "ระดับผลการประเมิน"}


def _short(value: object, n: int = 24) -> str:
    text = repr(value)
    return text if len(text) <= n else text[: n - 1] + "…"


def normalize_year(value: object, source: str, where: dict | None = None, frameworks: Frameworks = KNOWN) -> int:
    """An assessment year (BE) from a cell or ``--year``: CE years are turned into BE; a year with
    no framework, or that is not a year at all (``"25x6"``, 400 digits), is an InputError.

    >>> normalize_year(2023, "x"), normalize_year("๒๕๖๖", "x"), normalize_year(2566.0, "x")
    (2566, 2566, 2566)
    """
    where = where or {}
    y: int | None = None
    if isinstance(value, bool):
        y = None
    elif isinstance(value, int):
        y = value if 0 < value < 10_000 else None
    elif isinstance(value, float):
        y = int(value) if value == value and 0 < value < 10_000 and value.is_integer() else None
    else:
        m = _YEAR.match(arabic_digits(str(value)))
        y = int(m.group(1)) if m else None
    if y is None:
        raise InputError(source, f"ปี {_short(value)} ไม่ถูกต้อง", f"year {_short(value)} is not a year", **where)
    y = as_be(y)
    known = frameworks.years()
    if y not in known:
        raise UnknownYear(y, known, source, " (ระบุกรอบของปีนี้ด้วย --framework โฟลเดอร์ หรือ ITA_XL_FRAMEWORKS)",
                          "; give one with --framework DIR or ITA_XL_FRAMEWORKS", **where)
    return y


class Builder:
    """Collects one agency's rows into a ScoreSet, validating as it goes.

    >>> b = Builder(Path("a.csv"), 2566, Org(name="อบต. บ้านกลาง"), 2)
    >>> b.add(Row(2, ["i1", "100"]), "i1", "100"); b.add(Row(3, ["ind6", "88,28"]), "ind6", "88,28")
    >>> b.done().scores.questions, b.set.indicators, b.set.where["q:i1"]
    ({'i1': 100.0}, {6: 88.28}, 'a.csv: row 2')
    >>> b.add(Row(4, ["i1", "99"]), "i1", "99")
    Traceback (most recent call last):
    ...
    ita_xl.errors.InputError: a.csv: row 4: conflicting duplicate for i1: 99 here vs 100 at a.csv: row 2 / i1 มีคะแนนซ้ำกันแต่ไม่ตรงกัน (99 และ 100 ที่ a.csv: row 2)
    """

    def __init__(self, path: Path, year: int | None, org: Org, first_row: int, failed: InputError | None = None,
                 frameworks: Frameworks = KNOWN, fw: Framework | None = None):
        self.path, self.org, self.first_row = path, org, first_row
        self.file_name = path.name
        self.failed = failed  # the agency's first problem (a long file goes on with the others)
        self.set = ScoreSet(year=year or 0)
        # ``fw``: the year's framework as the caller loaded it already (a long file: once per year)
        self.fw = (fw if fw is not None else frameworks.load(year)) if year is not None else None
        self.okey = ""  # a long file's agency key (its org_id, else its name)
        # code cell -> question code known to ``fw``, learnt by add() and shared by the agencies of a
        # year (a long file's stream gives it one), for add_plain; None: not kept
        self.codes: dict[str, str] | None = None

    def err(self, row: Row, col: str, th: str, en: str) -> InputError:
        return InputError(str(self.path), th, en, **row.where(col))

    def add(self, row: Row, key_cell: object, value: object) -> None:
        key = row_key(key_cell)
        if key is None:
            raise self.err(
                row, "code", f"ไม่รู้จักรหัส {key_cell!r}", f"unknown code {key_cell!r} (expected i1, e5, O12, ind3, total…)"
            )
        kind, what = key
        if kind == "level":  # pragma: no cover - parse_row_key does not return it
            return
        if kind == "question":
            if what not in self.fw.questions:
                raise self.err(row, "code", *unknown_code_message(self.fw, what))
            if self.codes is not None and key_cell.__class__ is str:
                self.codes[key_cell] = what
        if kind == "indicator" and what not in {i.no for i in self.fw.indicators}:
            raise self.err(row, "code", f"ไม่มีตัวชี้วัดที่ {what}", f"there is no indicator {what}")
        score = parse_score(value)
        if score is None:
            if blank(value):
                raise self.err(row, "score", "ไม่ได้กรอกคะแนน", f"no score for {key_cell}")
            raise self.err(row, "score", f"คะแนน {value!r} ไม่ใช่ตัวเลข", f"score {value!r} is not a number")
        if not 0 <= score <= 100:
            raise self.err(row, "score", f"คะแนน {score:g} อยู่นอกช่วง ๐–๑๐๐", f"score {score:g} is outside 0–100")
        if kind == "question":
            store, wkey = self.set.questions, f"q:{what}"
        elif kind == "indicator":
            store, wkey = self.set.indicators, f"ind:{what}"
        elif kind == "tool":
            store, wkey = self.set.tools, f"tool:{what}"
        else:
            store, wkey = None, "total"
        prev = store.get(what) if store is not None else self.set.total
        if prev is not None:
            if abs(prev - score) > 1e-9:
                pw = self.set.where.get(wkey, "")
                raise self.err(
                    row, "score",
                    f"{key_cell} มีคะแนนซ้ำกันแต่ไม่ตรงกัน ({score:g} และ {prev:g} ที่ {pw})",
                    f"conflicting duplicate for {key_cell}: {score:g} here vs {prev:g} at {pw}",
                )
            return
        if store is not None:
            store[what] = score
        else:
            self.set.total = score
        self.set.where[wkey] = self._where(row)

    def add_plain(self, no: int, key_cell: str, value: str) -> bool:
        """:meth:`add` of a CSV row (no sheet) in the common case, done without a :class:`Row`: a
        code cell :meth:`add` met before as a question of this framework (:attr:`codes`), a plain
        score (``"94.96"``) of at most 100, the question's first score. True when done; False for
        anything else, then nothing was done (:meth:`add` with the row says what it is).
        """
        what = self.codes.get(key_cell) if self.codes is not None else None
        if what is None:
            return False
        score = _PLAIN_SCORES.get(value)
        if score is None:
            if not _PLAIN.match(value):
                return False
            score = float(value)  # parse_score's common case; never negative
            if len(_PLAIN_SCORES) < 50_000:
                _PLAIN_SCORES[value] = score
        questions = self.set.questions
        if score > 100 or what in questions:
            return False
        questions[what] = score
        self.set.where["q:" + what] = self._row_at(no)
        return True

    def _row_at(self, no: int) -> str:
        """Where row ``no`` of a text file is, as a score's ``where`` says it."""
        return f"{self.file_name}: row {no}"

    def _where(self, row: Row) -> str:
        if row.sheet is None:
            return self._row_at(row.no)
        return InputError(self.path.name, "", "", **row.where("score")).where()

    def add_level(self, row: Row, value: object) -> None:
        if not blank(value):
            self.set.level = str(value).strip()
            self.set.where["level"] = InputError(str(self.path.name), "", "", **row.where("score")).where()

    def done(self) -> AgencyScores:
        if not (self.set.questions or self.set.indicators or self.set.total is not None):
            raise InputError(
                str(self.path), f"หน่วยงาน {self.org.name or self.org.id} ไม่มีคะแนนรายข้อ รายตัวชี้วัด หรือคะแนนรวม",
                f"agency {self.org.name or self.org.id!r} has no question or indicator scores and no total",
                row=self.first_row,
            )
        return AgencyScores(self.org, self.set, self.first_row)
