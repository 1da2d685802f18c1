"""An agency case from a workbook snapshot: settings, scores, history, grouping, library, texts.

Every bad value is an :class:`~ita_xl.errors.InputError` naming the file, the sheet and the cell.
Formula cells are never read (their values are absent after an openpyxl save); the plan year is
read only when the user typed a number over its formula.

The framework, grouping and library sheets are parsed by their rows through ``lru_cache``: a batch
writes thousands of workbooks of one year whose rows there are identical (measured: 2.3 ms for the
framework sheet, 3.0 ms for the library, 0.6 ms for the grouping, against ~20 ms a workbook); a
workbook whose rows differ anywhere (the user edited them) misses and is parsed afresh. A parse
raises :class:`_Bad` (sheet and cell, no file) and the caller names the file, so errors are never
cached with another workbook's name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ita_xl.core.codes import TOOLS, parse_code, sort_key
from ita_xl.core.framework import problems as framework_problems
from ita_xl.core.framework import (
    Framework, Indicator, IssueGroupSpec, IssueSpec, Level, Question, Recommendation, SubIndicator, unknown_code_message,
)
from ita_xl.core.model import AgencyCase, Org, ScoreSet, Settings
from ita_xl.core.thai import arabic_digits, as_be, parse_date
from ita_xl.errors import InputError, UnknownYear
from ita_xl.io.frameworks import KNOWN, Frameworks, catalog, complete_from, load_levels
from ita_xl.io.scores import parse_score
from ita_xl.workbook import layout as L
from ita_xl.workbook.ops import Snapshot
from ita_xl.workbook.staff import blank as _blank
from ita_xl.workbook.staff import cell_text

_SPLIT = re.compile(r"[,;\s、]+")
_text = cell_text


def _lines(v: object) -> tuple[str, ...]:
    return tuple(line.strip() for line in _text(v).splitlines() if line.strip())


class _Bad(Exception):
    """A bad cell: ``(sheet key, ref, Thai, English)``; :meth:`_Ctx.parsed` adds the file."""


def _score(sheet_key: str, ref: str, value: object, lo: float = 0.0, hi: float = 100.0) -> float | None:
    if _blank(value):
        return None
    s = parse_score(value)
    if s is None:
        raise _Bad(sheet_key, ref, f"ค่า {value!r} ไม่ใช่ตัวเลข", f"{value!r} is not a number")
    if not lo <= s <= hi:
        raise _Bad(sheet_key, ref, f"ค่า {s:g} อยู่นอกช่วง {lo:g}–{hi:g}", f"{s:g} is outside {lo:g}–{hi:g}")
    return s


class _Ctx:
    def __init__(self, snap: Snapshot):
        self.snap = snap
        self.file = Path(snap.path).name or snap.path

    def err(self, sheet_key: str, ref: str, th: str, en: str) -> InputError:
        return InputError(self.file, th, en, sheet=L.SHEETS[sheet_key].name, cell=ref)

    def where(self, sheet_key: str, ref: str) -> str:
        return f"{self.file}: {L.SHEETS[sheet_key].name}!{ref}"

    def score(self, sheet_key: str, ref: str, value: object) -> float | None:
        return self.parsed(_score, sheet_key, ref, value)

    def parsed(self, parse, *args):
        """``parse(*args)``, its :class:`_Bad` as this file's :class:`InputError` (uncached when a
        cell holds an unhashable value)."""
        try:
            hash(args)
        except TypeError:
            parse = getattr(parse, "__wrapped__", parse)
        try:
            return parse(*args)
        except _Bad as bad:
            raise self.err(*bad.args) from None

    def rows(self, table: L.Table, n_cols: int | None = None, first_col: int = 1) -> tuple[tuple, ...]:
        """A table's rows as a key for the parsers' ``lru_cache``."""
        return tuple(map(tuple, self.snap.rows(table.sheet, table.first_row, n_cols or table.n_cols, first_col)))


def read_settings(snap: Snapshot) -> dict[str, object]:
    """Settings by key: rows are found by the key column, so inserted rows do not break reading."""
    sheet = L.SHEETS["settings"].name
    found: dict[str, object] = {}
    known = {f.key for f in L.SETTINGS_FIELDS}
    rows = snap.rows(sheet, L.SETTINGS_FIRST_ROW, L.SETTINGS_KEY_COL)
    i_key, i_value, letter = L.SETTINGS_KEY_COL - 1, L.SETTINGS_VALUE_COL - 1, L.col_letter(L.SETTINGS_VALUE_COL)
    for i, r in enumerate(rows):
        key = r[i_key]
        key = key if type(key) is str and key in known else _text(key)  # a known key is already clean
        if key in known:
            found[key] = (r[i_value], f"{letter}{L.SETTINGS_FIRST_ROW + i}")  # L.cell(row, value col)
    return found


def year_of_cell(value: object) -> int | None:
    """The year a settings cell holds (``2566``, ``2566.0``, ``"๒๕๖๖"``), in the Buddhist era as the
    workbook's reader takes it (``2023`` is 2566); None when blank or not a number.

    >>> year_of_cell(2566.0), year_of_cell("๒๕๖๖"), year_of_cell(2023), year_of_cell(None), year_of_cell("ปีนี้")
    (2566, 2566, 2566, None, None)
    """
    y = parse_score(value) if value is not None else None
    return as_be(int(y)) if y is not None else None


def require_workbook(snap: Snapshot, path: str) -> None:
    """An InputError unless the snapshot is of an ita_xl workbook (its settings, indicator and
    question sheets), naming the sheet missing."""
    for key in ("settings", "indicators", "questions"):
        if not snap.has(L.SHEETS[key].name):
            raise InputError(
                path, f"ไม่ใช่ไฟล์งาน ITA (ไม่มีแผ่นงาน {L.SHEETS[key].name}) สร้างด้วย ita-xl new",
                f"not an ita_xl workbook (no sheet {L.SHEETS[key].name!r}); make one with ita-xl new",
            )


def settings_year(snap: Snapshot) -> int | None:
    """The assessment year typed in a workbook's settings sheet (:func:`year_of_cell`), unchecked:
    the default year of what is imported into it. :func:`case_from_snapshot` checks it."""
    return year_of_cell(read_settings(snap).get("year", (None, ""))[0])


def own_framework(snap: Snapshot, year: int, frameworks: Frameworks = KNOWN) -> Framework | None:
    """The framework a workbook's commands use for ``year`` before any folder: the one given
    (``--framework``), then the workbook's own copy (its framework sheet) when it is of that year."""
    fw = frameworks.given_for(year)
    if fw is None:
        fw = framework_from_snapshot(snap, frameworks)
    return fw if fw is not None and fw.year == year else None


def _year(ctx: _Ctx, settings: dict, frameworks: Frameworks = KNOWN) -> tuple[int, Framework]:
    value, ref = settings.get("year", (None, L.settings_cell("year")))
    y = parse_score(value)
    if y is None or y != int(y):
        raise ctx.err(
            "settings", ref, f"ปีที่ประเมิน {value!r} ไม่ถูกต้อง (เช่น ๒๕๖๖)", f"assessment year {value!r} is not a year (e.g. 2566)"
        )
    year = as_be(int(y))
    fw = own_framework(ctx.snap, year, frameworks)
    if fw is None:
        try:
            fw = frameworks.load(year)
        except UnknownYear as exc:
            raise exc.at(ctx.file, " (ใช้ --framework โฟลเดอร์ หรือเพิ่มแผ่นงานกรอบการประเมิน)", " (use --framework DIR)",
                         sheet=L.SHEETS["settings"].name, cell=ref) from None
    return year, fw


# ------------------------------------------------------------------------------------- framework sheet


def framework_from_snapshot(snap: Snapshot, frameworks: Frameworks = KNOWN) -> Framework | None:
    """The workbook's own copy of its framework (its framework sheet), or None without one.

    The grouping, library and texts of that year come from the framework known for it (given,
    shipped, ``ITA_XL_FRAMEWORKS``) when there is one, else they are derived from the nearest year; the
    workbook's own grouping and library sheets override them anyway.
    """
    T = L.FRAMEWORK
    if not snap.has(T.sheet):
        return None
    ctx = _Ctx(snap)
    return ctx.parsed(_framework_sheet, ctx.rows(T), ctx.rows(T, 3, L.FRAMEWORK_META_COL), frameworks)


def _meta(rows: tuple[tuple, ...]) -> dict[str, tuple[object, object, str]]:
    """The framework sheet's keys: ``key -> (value, detail, cell of the value)``."""
    ref = L.FRAMEWORK.first_row, L.FRAMEWORK_META_COL + 1
    return {_text(k): (v, d, L.cell(ref[0] + i, ref[1])) for i, (k, v, d) in enumerate(rows) if _text(k)}


def _bad(ref: str, th: str, en: str) -> _Bad:
    return _Bad("framework", ref, th, en)


def _indicator(key: str, v: object, d: object, ref: str) -> Indicator:
    no, tool = key[10:], _text(d).upper()
    if not no.isdigit() or tool not in TOOLS:
        raise _bad(ref, f"ตัวชี้วัด {key} ต้องมีเลขที่และเครื่องมือ (IIT/EIT/OIT)", f"{key}: a number and a tool (IIT/EIT/OIT)")
    return Indicator(int(no), _text(v), tool)


def _sub(key: str, v: object, d: object, ref: str) -> SubIndicator:
    ind, _, items = _text(d).partition(":")
    if not ind.strip().isdigit():
        raise _bad(ref, f"ตัวชี้วัดย่อย {key}: ระบุ 'ตัวชี้วัด: ข้อ, ข้อ'", f"{key}: detail must be 'indicator: code, code'")
    codes = tuple(cd for p in _SPLIT.split(arabic_digits(items)) if p and (cd := parse_code(p, "OIT")))
    return SubIndicator(key[4:], int(ind), _text(v), codes)


def _level(key: str, v: object, d: object, ref: str) -> Level:
    rule = {a.strip(): b.strip() for a, _, b in (p.partition("=") for p in _text(d).split(";")) if a.strip()}
    try:
        mn = float(rule["min"])
        etm = float(rule["every_tool_min"]) if "every_tool_min" in rule else None
    except (KeyError, ValueError):
        raise _bad(ref, "เกณฑ์ระดับต้องระบุ min=...", f"{key}: detail must give min=...") from None
    return Level(_text(v), mn, etm, rule.get("pass", "no").lower() in ("yes", "true", "1"))


def _weight(v: object, ref: str) -> float:
    w = parse_score(v)
    if w is None or not 0 <= w <= 1:
        raise _bad(ref, f"น้ำหนัก {v!r} ต้องอยู่ระหว่าง 0 ถึง 1", f"weight {v!r} must be within 0-1")
    return w


def _framework_questions(rows: tuple[tuple, ...], valid: dict[int, Indicator]) -> dict[str, Question]:
    T = L.FRAMEWORK
    questions: dict[str, Question] = {}
    for i, values in enumerate(rows):
        r = dict(zip(T.keys, values))
        if _blank(r["code"]):
            continue
        code = parse_code(r["code"])
        if code is None:
            raise _bad(T.cell("code", i), f"รหัสข้อ {r['code']!r} ไม่ถูกต้อง", f"{r['code']!r} is not a question code")
        if code in questions:
            raise _bad(T.cell("code", i), f"ข้อ {code} ซ้ำ", f"{code} appears twice")
        ind = parse_score(r["indicator"])
        if ind is None or int(ind) not in valid:
            raise _bad(T.cell("indicator", i), f"ข้อ {code}: ไม่มีตัวชี้วัดที่ {r['indicator']!r}",
                       f"{code}: no indicator {r['indicator']!r} (add an indicator.N row)")
        tool = _text(r["tool"]).upper() or valid[int(ind)].tool
        text = _text(r["text"])
        topic = _text(r["topic"]) or (catalog().topic_of(text) if tool == "OIT" else "")
        questions[code] = Question(code, tool, int(ind), text, _text(r["confidence"]) or "official",
                                   "workbook", "", _text(r["subindicator"]), topic)
    return dict(sorted(questions.items(), key=lambda kv: sort_key(kv[0])))


@lru_cache(maxsize=32)
def _framework_sheet(rows: tuple[tuple, ...], meta_rows: tuple[tuple, ...],
                     frameworks: Frameworks = KNOWN) -> Framework | None:
    vals = _meta(meta_rows)
    if "year" not in vals:
        return None
    y = parse_score(vals["year"][0])
    if y is None or y != int(y):
        raise _bad(vals["year"][2], "ปีของกรอบการประเมินไม่ถูกต้อง", f"framework year {vals['year'][0]!r} is not a year")
    year = int(y)
    weights: dict[str, float] = {}
    indicators, subs, levels = [], [], []
    for key, (v, d, ref) in vals.items():
        if key.startswith("weight."):
            weights[key[7:].upper()] = _weight(v, ref)
        elif key.startswith("indicator."):
            indicators.append(_indicator(key, v, d, ref))
        elif key.startswith("sub."):
            subs.append(_sub(key, v, d, ref))
        elif key.startswith("level."):
            levels.append(_level(key, v, d, ref))
    questions = _framework_questions(rows, {i.no: i for i in indicators})
    if not indicators or not questions:
        return None
    try:
        base = frameworks.load(year)
    except UnknownYear:
        base = None

    def text(key: str, default: str = "") -> str:
        return _text(vals.get(key, (default,))[0])

    fw = Framework(
        year=year,
        level_scheme=text("level_scheme", "custom") or "custom",
        levels=tuple(levels) or (base.levels if base else load_levels("pass_labels")),
        weights=weights or (dict(base.weights) if base else {"IIT": 0.3, "EIT": 0.3, "OIT": 0.4}),
        indicators=tuple(sorted(indicators, key=lambda x: x.no)),
        questions=questions,
        catalog=catalog(),
        subindicators=tuple(subs),
        complete=text("complete", "yes").lower() not in ("no", "false", "0"),
        note=text("note"),
        note_th=text("note_th"),
        origin="workbook",
    )
    _validate(fw, vals, rows)
    if base is not None and set(base.questions) == set(fw.questions):
        return replace(fw, issues=base.issues, recommendations=base.recommendations, texts=base.texts,
                       derived_from=base.derived_from)
    return complete_from(fw)


def _validate(fw: Framework, vals: dict, rows: tuple[tuple, ...]) -> None:
    """The one validation of a framework (:func:`ita_xl.core.framework.problems`) on the sheet's
    copy: its first error as a :class:`_Bad` at the cell it comes from."""
    errors = [p for p in framework_problems(fw) if p.severity == "error"]
    if not errors:
        return
    first = errors[0]
    head, _, rest = first.key.partition(".")
    refs = {k.lower(): ref for k, (_, _, ref) in vals.items()}
    levels = [ref for k, (_, _, ref) in vals.items() if k.startswith("level.")]
    ref = None
    if head == "weights":
        ref = refs.get(f"weight.{rest}".lower()) or next((r for k, r in refs.items() if k.startswith("weight.")), None)
    elif head.startswith("levels"):
        n = int(head[7:-1]) if head.startswith("levels[") else 1
        ref = levels[n - 1] if 0 < n <= len(levels) else (levels[0] if levels else None)
    elif head == "indicators":
        ref = refs.get(f"indicator.{rest}")
    elif head == "questions":
        T = L.FRAMEWORK
        ref = next((T.cell("code", i) for i, r in enumerate(rows) if parse_code(dict(zip(T.keys, r))["code"]) == rest), None)
    elif head == "oit_subindicators":
        ref = refs.get(f"sub.{rest}".lower())
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise _bad(ref or vals["year"][2], f"กรอบการประเมินในแผ่นงานนี้ใช้ไม่ได้: {first.message}{more}",
               f"the framework on this sheet cannot be used: {first.message}{more}")


# ------------------------------------------------------------------------------------- the case


def _settings(ctx: _Ctx, settings: dict) -> Settings:
    def num(key: str, default: float) -> float:
        value, ref = settings.get(key, (None, L.settings_cell(key)))
        s = ctx.score("settings", ref, value)
        return default if s is None else s

    value, ref = settings.get("numerals", (None, L.settings_cell("numerals")))
    raw = _text(value).lower()
    numerals = {"": "thai", "thai": "thai", "ไทย": "thai", "arabic": "arabic", "อารบิก": "arabic"}.get(raw)
    if numerals is None:
        raise ctx.err("settings", ref, f"รูปแบบตัวเลข {value!r} ต้องเป็น thai หรือ arabic", f"numerals {value!r}: use thai or arabic")
    value, ref = settings.get("progress_round", (None, L.settings_cell("progress_round")))
    raw = arabic_digits(_text(value)).replace("เดือน", "").replace("รอบ", "").strip()
    raw = raw.removesuffix(".0")
    if raw not in ("", *L.PROGRESS_ROUNDS):
        raise ctx.err("settings", ref, f"รอบรายงานผล {_text(value)!r} ต้องเป็น 6 หรือ 12 (หรือเว้นว่างให้เป็นไปตามวันที่ข้อมูล)",
                      f"progress round {_text(value)!r}: use 6 or 12 (or leave it empty to follow the as-of date)")
    value, ref = settings.get("approval_date", (None, L.settings_cell("approval_date")))
    try:
        signed = parse_date(value)
    except ValueError:
        raise ctx.err("settings", ref, f"วันที่อนุมัติ {_text(value)!r} ไม่ใช่วันที่ (เช่น 15/11/2566 หรือ 2566-11-15)",
                      f"approval date {_text(value)!r} is not a date (e.g. 15/11/2566 or 2566-11-15)") from None
    return Settings(threshold=num("threshold", 100.0), numerals=numerals, target=num("target", 100.0),
                    progress_round=int(raw) if raw else None, approval_date=signed)


def _org(settings: dict) -> Org:
    def t(key: str) -> str:
        return _text(settings.get(key, (None, ""))[0])

    units = {k[5:]: t(k) for k in settings if k.startswith("unit.") and t(k)}
    return Org(
        name=t("org_name"), id=t("org_id"), org_type=t("org_type"), district=t("district"),
        province=t("province"), head_name=t("head_name"), head_position=t("head_position"), units=units,
    )


def _questions(ctx: _Ctx, fw: Framework, scores: ScoreSet) -> None:
    T = L.QUESTIONS
    i_code, i_score = T.col("code") - 1, T.col("score") - 1
    score_letter, first = T.letter("score"), T.first_row
    where = f"{ctx.file}: {L.SHEETS['questions'].name}!"  # as ctx.where("questions", ref)
    questions, got, at = fw.questions, scores.questions, scores.where
    for i, r in enumerate(ctx.snap.rows(T.sheet, T.first_row, T.n_cols)):
        raw_code, raw_score = r[i_code], r[i_score]
        if _blank(raw_code):
            if not _blank(raw_score):
                raise ctx.err("questions", T.cell("code", i), "มีคะแนนแต่ไม่มีรหัสข้อ", "a score without a question code")
            continue
        # a framework's code is its own parse: the codes the workbook was written with need none
        code = raw_code if type(raw_code) is str and raw_code in questions else parse_code(raw_code)
        if code is None or code not in questions:
            th, en = unknown_code_message(fw, code or str(raw_code))
            raise ctx.err("questions", T.cell("code", i), th, en)
        ref = f"{score_letter}{first + i}"  # T.cell("score", i)
        if type(raw_score) is float and 0.0 <= raw_score <= 100.0:
            s = raw_score  # what ctx.score gives a plain float in range
        else:
            s = ctx.score("questions", ref, raw_score)
            if s is None:
                continue
        if code in got and abs(got[code] - s) > 1e-9:
            raise ctx.err("questions", ref, f"ข้อ {code} ซ้ำและคะแนนไม่ตรงกัน", f"{code} twice with different scores")
        got[code] = s
        at[f"q:{code}"] = where + ref
        at[f"text:{code}"] = where + T.cell("text", i)  # the item's wording, for a finding that asks for it


def _indicators(ctx: _Ctx, fw: Framework, scores: ScoreSet) -> dict[int, dict[int, float]]:
    T = L.INDICATORS
    history: dict[int, dict[int, float]] = {}
    valid = {ind.no for ind in fw.indicators}
    i_no, i_stated = T.col("no") - 1, T.col("stated") - 1
    hist = [(k, T.col(f"hist{k}") - 1, T.letter(f"hist{k}")) for k in range(1, L.HISTORY_YEARS + 1)]
    stated_letter, first = T.letter("stated"), T.first_row
    where = f"{ctx.file}: {L.SHEETS['indicators'].name}!"  # as ctx.where("indicators", ref)
    for i, r in enumerate(ctx.snap.rows(T.sheet, T.first_row, T.n_cols)[: len(fw.indicators)]):
        no_raw = r[i_no]
        if _blank(no_raw):
            continue
        no = parse_score(no_raw)
        if no is None or int(no) not in valid:
            raise ctx.err("indicators", T.cell("no", i), f"ไม่มีตัวชี้วัดที่ {no_raw!r}", f"no indicator {no_raw!r}")
        no = int(no)
        row = first + i
        ref = f"{stated_letter}{row}"  # T.cell("stated", i)
        s = ctx.score("indicators", ref, r[i_stated])
        if s is not None:
            scores.indicators[no] = s
            scores.where[f"ind:{no}"] = where + ref
        for k, col, letter in hist:
            h = r[col]
            if h is None:  # what ctx.score gives a blank cell
                continue
            h = ctx.score("indicators", f"{letter}{row}", h)
            if h is not None:
                history.setdefault(fw.year - k, {})[no] = h
    return dict(sorted(history.items()))


def _summary(ctx: _Ctx, fw: Framework, scores: ScoreSet) -> None:
    sheet = L.SHEETS["indicators"].name
    for key in L.SUMMARY_ROWS:
        ref = L.summary_cell(key, "stated", len(fw.indicators))
        value = ctx.snap.cell(sheet, ref)
        if key == "level":
            if not _blank(value):
                scores.level = _text(value)
                scores.where["level"] = ctx.where("indicators", ref)
            continue
        s = ctx.score("indicators", ref, value)
        if s is None:
            continue
        if key == "total":
            scores.total = s
        else:
            scores.tools[key] = s
        scores.where["total" if key == "total" else f"tool:{key}"] = ctx.where("indicators", ref)


@lru_cache(maxsize=32)
def _issues(year: int, codes: frozenset[str], rows: tuple[tuple, ...]) -> tuple[IssueSpec, ...] | None:
    """The grouping sheet's rows as issue specs, their codes checked against the year's ``codes``."""
    T = L.ISSUES
    order: list[int] = []
    meta: dict[int, tuple[str, str]] = {}
    groups: dict[int, list[IssueGroupSpec]] = {}
    for i, values in enumerate(rows):
        if all(_blank(v) for v in values):
            continue
        r = dict(zip(T.keys, values))
        no = parse_score(r["no"])
        if no is None or no != int(no) or no < 1:
            raise _Bad("issues", T.cell("no", i), "ต้องระบุเลขที่ประเด็น", f"issue number {r['no']!r} is not a number")
        no = int(no)
        tool = _text(r["tool"]).upper()
        if tool not in TOOLS:
            raise _Bad("issues", T.cell("tool", i), f"เครื่องมือ {tool!r} ต้องเป็น IIT EIT หรือ OIT", f"tool {tool!r}: use IIT, EIT or OIT")
        found = []
        for part in _SPLIT.split(arabic_digits(_text(r["codes"]))):
            if not part:
                continue
            code = parse_code(part, tool)
            if code is None or code not in codes:
                raise _Bad("issues", T.cell("codes", i), f"ไม่รู้จักข้อคำถาม {part!r} ในปี {year}", f"unknown question {part!r} for {year}")
            found.append(code)
        title = _text(r["title"])
        if no not in meta:
            order.append(no)
        if no not in meta or (not meta[no][0] and title):
            meta[no] = (title, _text(r["plan_topic"]))
        if found:
            groups.setdefault(no, []).append(IssueGroupSpec(tool, tuple(found)))
    if not order:
        return None
    return tuple(IssueSpec(no, meta[no][0] or f"ประเด็นที่ {no}", tuple(groups.get(no, ())), meta[no][1]) for no in order)


@lru_cache(maxsize=32)
def _library(rows: tuple[tuple, ...]) -> dict[str, Recommendation] | None:
    """The library sheet's rows by key (a question code or ``indN``); callers take a copy."""
    T = L.LIBRARY
    out: dict[str, Recommendation] = {}
    for i, values in enumerate(rows):
        if all(_blank(v) for v in values):
            continue
        r = dict(zip(T.keys, values))
        raw = _text(r["key"])
        key = raw if re.fullmatch(r"ind\d{1,2}", raw) else parse_code(raw)
        if not key:
            raise _Bad("library", T.cell("key", i), f"รหัส {raw!r} ต้องเป็นข้อคำถามหรือ indN", f"key {raw!r}: a question code or indN")
        out[key] = Recommendation(
            key=key,
            finding=_text(r["finding"]),
            measures=_lines(r["measures"]),
            owner=_text(r["owner"]) or "admin",  # a role, or a unit's own name typed in
            steps=_lines(r["steps"]),
            action_short=_text(r["action_short"]),
        )
    return out or None


def _texts(ctx: _Ctx) -> tuple[dict[str, str], dict[str, str]]:
    T = L.NOTES
    texts, where = {}, {}
    for i, r in enumerate(ctx.snap.rows(T.sheet, T.first_row, T.n_cols)):
        key, text = _text(r[T.col("key") - 1]), r[T.col("text") - 1]
        if key and not _blank(text):
            texts[key] = _text(text)
            where[key] = ctx.where("notes", T.cell("text", i))
    return texts, where


def case_from_snapshot(snap: Snapshot, frameworks: Frameworks = KNOWN) -> AgencyCase:
    """The agency case a workbook holds (what ``fill`` analyses); its framework is the one given for
    its year in ``frameworks``, else its own copy, else its year's (:func:`own_framework`)."""
    ctx = _Ctx(snap)
    for key in ("settings", "indicators", "questions"):
        if not snap.has(L.SHEETS[key].name):
            raise InputError(
                ctx.file, f"ไม่พบแผ่นงาน {L.SHEETS[key].name}", f"sheet {L.SHEETS[key].name!r} is missing", sheet=L.SHEETS[key].name
            )
    settings = read_settings(snap)
    year, fw = _year(ctx, settings, frameworks)
    scores = ScoreSet(year=year)
    _questions(ctx, fw, scores)
    if fw.origin == "workbook":  # the items' titles are the framework sheet's: a finding asks for them there
        T = L.FRAMEWORK
        for i, r in enumerate(ctx.rows(T)):
            if code := _text(r[T.col("code") - 1]):
                scores.where[f"text:{code}"] = ctx.where("framework", T.cell("text", i))
    history = _indicators(ctx, fw, scores)
    _summary(ctx, fw, scores)
    texts, texts_where = _texts(ctx) if snap.has(L.NOTES.sheet) else ({}, {})
    plan_value, plan_ref = settings.get("plan_year", (None, L.settings_cell("plan_year")))
    plan_year = parse_score(plan_value) if not _blank(plan_value) else None
    if plan_year is not None:
        texts_where["plan_year"] = ctx.where("settings", plan_ref)
    if not _blank(settings.get("approval_date", (None, ""))[0]):  # the cell a finding about the date names
        texts_where["approval_date"] = ctx.where("settings", settings["approval_date"][1])
    issues = ctx.parsed(_issues, fw.year, frozenset(fw.questions), ctx.rows(L.ISSUES)) if snap.has(L.ISSUES.sheet) else None
    library = ctx.parsed(_library, ctx.rows(L.LIBRARY)) if snap.has(L.LIBRARY.sheet) else None
    return AgencyCase(
        org=_org(settings),
        scores=scores,
        settings=_settings(ctx, settings),
        history=history,
        issues=issues,
        recommendations=dict(library) if library else None,  # a copy: the case may be changed by its user
        plan_year=int(plan_year) if plan_year is not None else None,
        texts=texts,
        texts_where=texts_where,
        framework=fw if fw.origin == "workbook" or frameworks.given_for(year) is fw else None,
    )
