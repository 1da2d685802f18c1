"""An agency case from a workbook snapshot: settings, scores, history, grouping, library, texts.

Every bad value is an :class:`~ita_xl.errors.InputError` naming the file, the sheet and the cell.
Formula cells are never read (their values are absent after an openpyxl save); the plan year is
read only when the user typed a number over its formula.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.codes import parse_code, sort_key
from ..core.framework import Framework, IssueGroupSpec, IssueSpec, Recommendation, available_years, explicit, load, unknown_code_message
from ..core.model import AgencyCase, Org, ScoreSet, Settings
from ..core.thai import arabic_digits, as_be
from ..errors import InputError
from ..io.scores import parse_score
from . import layout as L
from .ops import Snapshot


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _text(v: object) -> str:
    if _blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


# Parsed grouping and library by the exact rows they came from. A batch writes thousands of
# workbooks of one year whose grouping and library rows are identical, so they are parsed once; a
# workbook whose rows differ anywhere (the user edited them) misses and is parsed afresh. Only
# successful parses are kept (errors name the file and cell, so they are always raised anew).
_PARSED_MAX = 64
_PARSED: dict[tuple, object] = {}
_MISS = object()


def _parsed(kind: str, year: int, rows: list[list[object]], parse):
    key = (kind, year, tuple(map(tuple, rows)))
    try:
        hit = _PARSED.get(key, _MISS)
    except TypeError:  # an unhashable cell value: no caching
        return parse()
    if hit is _MISS:
        hit = parse()
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = hit
    return hit


_CODES: dict[tuple[type, object], str | None] = {}


def _code(raw: object) -> str | None:
    """:func:`parse_code` of a cell value, memoized (the same ~100 codes in every workbook)."""
    key = (type(raw), raw)
    try:
        return _CODES[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable value
        return parse_code(raw)
    if len(_CODES) >= 10_000:
        _CODES.clear()
    code = _CODES[key] = parse_code(raw)
    return code


class _Ctx:
    def __init__(self, snap: Snapshot):
        self.snap = snap
        self.file = Path(snap.path).name or snap.path

    def err(self, sheet_key: str, ref: str, th: str, en: str) -> InputError:
        return InputError(self.file, th, en, sheet=L.SHEETS[sheet_key].name, cell=ref)

    def where(self, sheet_key: str, ref: str) -> str:
        return f"{self.file}: {L.SHEETS[sheet_key].name}!{ref}"

    def score(self, sheet_key: str, ref: str, value: object, lo: float = 0.0, hi: float = 100.0) -> float | None:
        if _blank(value):
            return None
        s = parse_score(value)
        if s is None:
            raise self.err(sheet_key, ref, f"ค่า {value!r} ไม่ใช่ตัวเลข", f"{value!r} is not a number")
        if not lo <= s <= hi:
            raise self.err(
                sheet_key, ref, f"ค่า {s:g} อยู่นอกช่วง {lo:g}–{hi:g}", f"{s:g} is outside {lo:g}–{hi:g}"
            )
        return s


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


def _year(ctx: _Ctx, settings: dict) -> tuple[int, Framework]:
    value, ref = settings.get("year", (None, L.settings_cell("year")))
    y = parse_score(value)
    if y is None or y != int(y):
        raise ctx.err(
            "settings", ref, f"ปีที่ประเมิน {value!r} ไม่ถูกต้อง (เช่น ๒๕๖๖)", f"assessment year {value!r} is not a year (e.g. 2566)"
        )
    year = as_be(int(y))
    fw = explicit(year)  # --framework first, then the workbook's own copy, then the known years
    if fw is None:
        own = framework_from_snapshot(ctx.snap)
        fw = own if own is not None and own.year == year else None
    if fw is None:
        if year not in available_years():
            raise ctx.err(
                "settings", ref, f"ไม่มีกรอบการประเมินปี {year} (ใช้ --framework โฟลเดอร์ หรือเพิ่มแผ่นงานกรอบการประเมิน)",
                f"no ITA framework for {year}; have {available_years()} (use --framework DIR)",
            )
        fw = load(year)
    return year, fw


# ------------------------------------------------------------------------------------- framework sheet

_FW_SHEET: dict[tuple, Framework] = {}


def framework_from_snapshot(snap: Snapshot) -> Framework | None:
    """The workbook's own copy of its framework (its framework sheet), or None without one.

    The grouping, library and texts of that year come from the framework known for it (shipped,
    ``ITA_XL_FRAMEWORKS``) when there is one, else they are derived from the nearest year; the
    workbook's own grouping and library sheets override them anyway.
    """
    T = L.FRAMEWORK
    if not snap.has(T.sheet):
        return None
    rows = snap.rows(T.sheet, T.first_row, T.n_cols)
    meta = snap.rows(T.sheet, T.first_row, 3, first_col=L.FRAMEWORK_META_COL)
    try:
        key = (tuple(map(tuple, rows)), tuple(map(tuple, meta)))
        hit = _FW_SHEET.get(key)
    except TypeError:
        key, hit = None, None
    if hit is not None:
        return hit
    fw = _parse_framework_sheet(_Ctx(snap), rows, meta)
    if fw is not None and key is not None:
        if len(_FW_SHEET) >= 32:
            _FW_SHEET.clear()
        _FW_SHEET[key] = fw
    return fw


def _parse_framework_sheet(ctx: _Ctx, rows: list[list[object]], meta: list[list[object]]) -> Framework | None:
    from ..core import framework as F  # noqa: PLC0415

    T = L.FRAMEWORK
    c = L.FRAMEWORK_META_COL
    vals: dict[str, tuple[object, object, str]] = {}
    for i, (k, v, d) in enumerate(meta):
        key = _text(k)
        if key:
            vals[key] = (v, d, L.cell(T.first_row + i, c + 1))
    if "year" not in vals:
        return None
    y = parse_score(vals["year"][0])
    if y is None or y != int(y):
        raise ctx.err("framework", vals["year"][2], "ปีของกรอบการประเมินไม่ถูกต้อง", f"framework year {vals['year'][0]!r} is not a year")
    year = int(y)
    weights: dict[str, float] = {}
    indicators, subs, levels = [], [], []
    for key, (v, d, ref) in vals.items():
        if key.startswith("weight."):
            w = parse_score(v)
            if w is None or not 0 <= w <= 1:
                raise ctx.err("framework", ref, f"น้ำหนัก {v!r} ต้องอยู่ระหว่าง 0 ถึง 1", f"weight {v!r} must be within 0-1")
            weights[key[7:].upper()] = w
        elif key.startswith("indicator."):
            no = key[10:]
            tool = _text(d).upper()
            if not no.isdigit() or tool not in L.TOOLS_LIST:
                raise ctx.err("framework", ref, f"ตัวชี้วัด {key} ต้องมีเลขที่และเครื่องมือ (IIT/EIT/OIT)", f"{key}: a number and a tool (IIT/EIT/OIT)")
            indicators.append(F.Indicator(int(no), _text(v), tool))
        elif key.startswith("sub."):
            ind, _, items = _text(d).partition(":")
            if not ind.strip().isdigit():
                raise ctx.err("framework", ref, f"ตัวชี้วัดย่อย {key}: ระบุ 'ตัวชี้วัด: ข้อ, ข้อ'", f"{key}: detail must be 'indicator: code, code'")
            codes = tuple(cd for p in _SPLIT.split(arabic_digits(items)) if p and (cd := parse_code(p, "OIT")))
            subs.append(F.SubIndicator(key[4:], int(ind), _text(v), codes))
        elif key.startswith("level."):
            rule = {a.strip(): b.strip() for a, _, b in (p.partition("=") for p in _text(d).split(";")) if a.strip()}
            try:
                mn = float(rule["min"])
                etm = float(rule["every_tool_min"]) if "every_tool_min" in rule else None
            except (KeyError, ValueError):
                raise ctx.err("framework", ref, "เกณฑ์ระดับต้องระบุ min=...", f"{key}: detail must give min=...") from None
            levels.append(F.Level(_text(v), mn, etm, rule.get("pass", "no").lower() in ("yes", "true", "1")))
    questions: dict[str, F.Question] = {}
    valid = {i.no: i for i in indicators}
    for i, r in enumerate(rows):
        raw = r[T.col("code") - 1]
        if _blank(raw):
            continue
        code = _code(raw)
        if code is None:
            raise ctx.err("framework", T.cell("code", i), f"รหัสข้อ {raw!r} ไม่ถูกต้อง", f"{raw!r} is not a question code")
        if code in questions:
            raise ctx.err("framework", T.cell("code", i), f"ข้อ {code} ซ้ำ", f"{code} appears twice")
        ind = parse_score(r[T.col("indicator") - 1])
        if ind is None or int(ind) not in valid:
            raise ctx.err("framework", T.cell("indicator", i), f"ข้อ {code}: ไม่มีตัวชี้วัดที่ {r[T.col('indicator') - 1]!r}",
                          f"{code}: no indicator {r[T.col('indicator') - 1]!r} (add an indicator.N row)")
        tool = _text(r[T.col("tool") - 1]).upper() or valid[int(ind)].tool
        text = _text(r[T.col("text") - 1])
        topic = _text(r[T.col("topic") - 1]) or (F.infer_topic(text) if tool == "OIT" else "")
        questions[code] = F.Question(code, tool, int(ind), text, _text(r[T.col("confidence") - 1]) or "official",
                                     "workbook", "", _text(r[T.col("subindicator") - 1]), topic)
    if not indicators or not questions:
        return None
    base = None
    try:
        base = load(year)
    except KeyError:
        pass
    fw = F.Framework(
        year=year,
        level_scheme=_text(vals.get("level_scheme", ("custom",))[0]) or "custom",
        levels=tuple(levels) or (base.levels if base else F.load_levels("pass_labels")),
        weights=weights or (dict(base.weights) if base else {"IIT": 0.3, "EIT": 0.3, "OIT": 0.4}),
        indicators=tuple(sorted(indicators, key=lambda x: x.no)),
        questions=dict(sorted(questions.items(), key=lambda kv: sort_key(kv[0]))),
        subindicators=tuple(subs),
        complete=_text(vals.get("complete", ("yes",))[0]).lower() not in ("no", "false", "0"),
        note=_text(vals.get("note", ("",))[0]),
        note_th=_text(vals.get("note_th", ("",))[0]),
        origin="workbook",
    )
    if base is not None and set(base.questions) == set(fw.questions):
        from dataclasses import replace  # noqa: PLC0415

        return replace(fw, issues=base.issues, recommendations=base.recommendations, texts=base.texts,
                       derived_from=base.derived_from)
    return F.complete_from(fw)


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
    return Settings(threshold=num("threshold", 100.0), numerals=numerals, target=num("target", 100.0))


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
        code = _CODES.get((str, raw_code)) if type(raw_code) is str else None  # the common case
        if code is None:
            if _blank(raw_code):
                if not _blank(raw_score):
                    raise ctx.err("questions", T.cell("code", i), "มีคะแนนแต่ไม่มีรหัสข้อ", "a score without a question code")
                continue
            code = _code(raw_code)
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
            scores.where["total"] = ctx.where("indicators", ref)
        else:
            scores.tools[key] = s
            scores.where[f"tool:{key}"] = ctx.where("indicators", ref)


_SPLIT = re.compile(r"[,;\s、]+")


def _issues(ctx: _Ctx, fw: Framework) -> tuple[IssueSpec, ...] | None:
    T = L.ISSUES
    rows = ctx.snap.rows(T.sheet, T.first_row, T.n_cols)
    return _parsed("issues", (fw.year, fw.origin, len(fw.questions)), rows, lambda: _parse_issues(ctx, fw, rows))


def _parse_issues(ctx: _Ctx, fw: Framework, rows: list[list[object]]) -> tuple[IssueSpec, ...] | None:
    T = L.ISSUES
    order: list[int] = []
    meta: dict[int, tuple[str, str]] = {}
    groups: dict[int, list[IssueGroupSpec]] = {}
    for i, r in enumerate(rows):
        if all(_blank(v) for v in r):
            continue
        no = parse_score(r[T.col("no") - 1])
        if no is None or no != int(no) or no < 1:
            raise ctx.err("issues", T.cell("no", i), "ต้องระบุเลขที่ประเด็น", f"issue number {r[0]!r} is not a number")
        no = int(no)
        tool = _text(r[T.col("tool") - 1]).upper()
        if tool not in L.TOOLS_LIST:
            raise ctx.err("issues", T.cell("tool", i), f"เครื่องมือ {tool!r} ต้องเป็น IIT EIT หรือ OIT", f"tool {tool!r}: use IIT, EIT or OIT")
        codes = []
        for part in _SPLIT.split(arabic_digits(_text(r[T.col("codes") - 1]))):
            if not part:
                continue
            code = parse_code(part, tool)
            if code is None or code not in fw.questions:
                raise ctx.err(
                    "issues", T.cell("codes", i), f"ไม่รู้จักข้อคำถาม {part!r} ในปี {fw.year}", f"unknown question {part!r} for {fw.year}"
                )
            codes.append(code)
        if no not in meta:
            order.append(no)
            meta[no] = (_text(r[T.col("title") - 1]), _text(r[T.col("plan_topic") - 1]))
        elif not meta[no][0] and _text(r[T.col("title") - 1]):
            meta[no] = (_text(r[T.col("title") - 1]), _text(r[T.col("plan_topic") - 1]))
        if codes:
            groups.setdefault(no, []).append(IssueGroupSpec(tool, tuple(codes)))
    if not order:
        return None
    return tuple(
        IssueSpec(no, meta[no][0] or f"ประเด็นที่ {no}", tuple(groups.get(no, ())), meta[no][1]) for no in order
    )


def _lines(v: object) -> tuple[str, ...]:
    return tuple(line.strip() for line in _text(v).splitlines() if line.strip())


def _library(ctx: _Ctx, fw: Framework) -> dict[str, Recommendation] | None:
    T = L.LIBRARY
    rows = ctx.snap.rows(T.sheet, T.first_row, T.n_cols)
    out = _parsed("library", (fw.year, fw.origin, len(fw.questions)), rows, lambda: _parse_library(ctx, rows))
    return dict(out) if out else None  # a copy: the case may be changed by its user


def _parse_library(ctx: _Ctx, rows: list[list[object]]) -> dict[str, Recommendation] | None:
    T = L.LIBRARY
    out: dict[str, Recommendation] = {}
    for i, r in enumerate(rows):
        if all(_blank(v) for v in r):
            continue
        raw = _text(r[T.col("key") - 1])
        key = raw if re.fullmatch(r"ind\d{1,2}", raw) else parse_code(raw)
        if not key:
            raise ctx.err("library", T.cell("key", i), f"รหัส {raw!r} ต้องเป็นข้อคำถามหรือ indN", f"key {raw!r}: a question code or indN")
        owner = _text(r[T.col("owner") - 1]) or "admin"  # a role, or a unit's own name typed in
        out[key] = Recommendation(
            key=key,
            finding=_text(r[T.col("finding") - 1]),
            measures=_lines(r[T.col("measures") - 1]),
            owner=owner,
            steps=_lines(r[T.col("steps") - 1]),
            action_short=_text(r[T.col("action_short") - 1]),
        )
    return out or None


def _texts(ctx: _Ctx) -> tuple[dict[str, str], dict[str, str]]:
    T = L.NOTES
    texts, where = {}, {}
    for i, r in enumerate(ctx.snap.rows(T.sheet, T.first_row, T.n_cols)):
        key, text = _text(r[T.col("key") - 1]), r[T.col("text") - 1]
        if key and not _blank(text):
            texts[key] = str(text).strip()
            where[key] = ctx.where("notes", T.cell("text", i))
    return texts, where


def case_from_snapshot(snap: Snapshot) -> AgencyCase:
    """The agency case a workbook holds (what ``fill`` analyses)."""
    ctx = _Ctx(snap)
    for key in ("settings", "indicators", "questions"):
        if not snap.has(L.SHEETS[key].name):
            raise InputError(
                ctx.file, f"ไม่พบแผ่นงาน {L.SHEETS[key].name}", f"sheet {L.SHEETS[key].name!r} is missing", sheet=L.SHEETS[key].name
            )
    settings = read_settings(snap)
    year, fw = _year(ctx, settings)
    scores = ScoreSet(year=year)
    _questions(ctx, fw, scores)
    history = _indicators(ctx, fw, scores)
    _summary(ctx, fw, scores)
    texts, texts_where = _texts(ctx) if snap.has(L.SHEETS["notes"].name) else ({}, {})
    plan_value, plan_ref = settings.get("plan_year", (None, L.settings_cell("plan_year")))
    plan_year = parse_score(plan_value) if not _blank(plan_value) else None
    if plan_year is not None:
        texts_where["plan_year"] = ctx.where("settings", plan_ref)
    return AgencyCase(
        org=_org(settings),
        scores=scores,
        settings=_settings(ctx, settings),
        history=history,
        issues=_issues(ctx, fw) if snap.has(L.SHEETS["issues"].name) else None,
        recommendations=_library(ctx, fw) if snap.has(L.SHEETS["library"].name) else None,
        plan_year=int(plan_year) if plan_year is not None else None,
        texts=texts,
        texts_where=texts_where,
        framework=fw if fw.origin == "workbook" or explicit(year) is fw else None,
    )
