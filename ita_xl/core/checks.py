"""Checks that catch what hand work gets wrong, each finding with the place where it sits."""

from __future__ import annotations

import re
from datetime import date

from ita_xl.core.codes import CODE_IN_TEXT, codes_in_text
from ita_xl.core.compute import IndicatorScore, published
from ita_xl.core.framework import Framework
from ita_xl.core.model import AgencyCase, Finding
from ita_xl.core.thai import (
    MONTHS,
    arabic_digits,
    ce_year,
    fiscal_year_bounds,
    fmt_score,
    thai_date,
)

INDICATOR_TOLERANCE = 0.01
TOTAL_TOLERANCE = 0.011

# Prefixes that start the name of a local agency; a generic mention is followed by one of GENERIC.
AGENCY_PREFIXES = (
    "องค์การบริหารส่วนจังหวัด", "องค์การบริหารส่วนตำบล", "เทศบาลนคร", "เทศบาลเมือง", "เทศบาลตำบล",
    "อบจ.", "อบต.", "ทน.", "ทม.", "ทต.",
)
GENERIC = (
    "หรือ", "อื่น", "และ", "ที่", "ใน", "ทั่ว", "ทุก", "ซึ่ง", "แต่", "ต่าง", "แห่ง", "ของ", "เป็น", "จะ", "ได้",
    "ใกล้เคียง", "นั้น", "นี้", "ดังกล่าว",
)
# Words that end a place name in running Thai text (there are no spaces between words).
_NAME_END = re.compile(
    r"\s|[,.;:()\"'“”]|มีข้อ|มีการ|มีผล|มีคะแนน|ได้|และ|ควร|จึง|ซึ่ง|ที่|ใน|เป็น|ของ|ให้|จะ|ยัง|โดย|ต้อง|พบว่า|หรือ|ก็"
)
_NUMBER = re.compile(r"(?<![A-Za-z0-9.])\d{1,3}(?:\.\d{1,2})?(?![0-9])")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_NOT_SCORE = re.compile(r"รอบ\s*$|ครั้งที่\s*$|ข้อ\s*$")  # "รอบ ๖ เดือน": a count or a number, not a score
_UNIT_AFTER = re.compile(r"\s*(?:เดือน|ปี|วัน|ครั้ง|รอบ|ข้อ)")


def _score_after(plain: str, start: int) -> re.Match | None:
    """The score written just after an indicator's name (within 40 characters), not a number in a
    quoted title nor a count ("รอบ ๖ เดือน", "๓ ข้อ").

    >>> _score_after("การป้องกันการทุจริต ได้ 87.50 คะแนน", 19).group()
    '87.50'
    >>> _score_after("การป้องกันการทุจริตประจำปี รอบ 6 เดือน” ให้ครบ", 19) is None
    True

    Nor a question's score after a line break or a code ("…การใช้งบประมาณยังพัฒนาได้ ข้อ i7 ได้ 98.90"):

    >>> _score_after("การใช้งบประมาณยังพัฒนาได้\\nข้อ i7 ได้คะแนน 98.90", 14) is None
    True
    """
    for num in _NUMBER.finditer(plain, start, start + 40):
        between = plain[start:num.start()]
        if "\n" in between or CODE_IN_TEXT.search(between):
            return None  # the number is another sentence's or another question's
        if _NOT_SCORE.search(plain[max(0, num.start() - 12): num.start()]) or _UNIT_AFTER.match(plain, num.end()):
            continue
        return num
    return None


def _quoted(plain: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTED.finditer(plain)]


def _n(value: float) -> str:
    """A score in a finding: two decimals, half up, as every other output prints it."""
    return fmt_score(value, "arabic")


def _f(severity: str, kind: str, th: str, en: str, where: str = "") -> Finding:
    return Finding(severity, kind, th, en, where)


def check_indicators(case: AgencyCase, indicators: list[IndicatorScore]) -> list[Finding]:
    out = []
    w = case.scores.where
    for ind in indicators:
        where = w.get(f"ind:{ind.no}", f"ind{ind.no}")
        if ind.missing and ind.computed is not None:
            out.append(_f(
                "warning", "indicator_incomplete",
                f"ตัวชี้วัดที่ {ind.no} {ind.name} ไม่มีคะแนนของข้อ {', '.join(ind.missing)}",
                f"indicator {ind.no} lacks scores for {', '.join(ind.missing)}",
                where,
            ))
        elif ind.stated is None and ind.computed is None:
            out.append(_f(
                "error", "indicator_missing",
                f"ตัวชี้วัดที่ {ind.no} {ind.name} ไม่มีคะแนนทั้งรายข้อและรายตัวชี้วัด",
                f"indicator {ind.no} has neither question scores nor a stated score",
                where,
            ))
        if (
            ind.stated is not None
            and ind.computed is not None
            and not ind.missing
            and abs(ind.stated - ind.computed) > INDICATOR_TOLERANCE + 1e-9
        ):
            out.append(_f(
                "error", "indicator_mismatch",
                f"ตัวชี้วัดที่ {ind.no} {ind.name} ระบุ {_n(ind.stated)} แต่คำนวณจากข้อคำถามได้ {_n(ind.computed)}",
                f"indicator {ind.no} stated {_n(ind.stated)} but its questions give {_n(ind.computed)}",
                where,
            ))
        if ind.estimate and ind.stated is None:
            out.append(_f(
                "info", "oit_estimate",
                f"ตัวชี้วัดที่ {ind.no} คำนวณจากรายข้อ (ประมาณการ) เพราะไม่ทราบตัวชี้วัดย่อยครบ",
                f"indicator {ind.no} is estimated from items (sub-indicators unknown or incomplete)",
                where,
            ))
    return out


def check_total_and_level(
    case: AgencyCase, total: float | None, level: str | None, levels=()
) -> list[Finding]:
    out = []
    s = case.scores
    if s.total is not None and total is not None and abs(s.total - total) > TOTAL_TOLERANCE + 1e-9:
        out.append(_f(
            "error", "total_mismatch",
            f"คะแนนรวมระบุ {_n(s.total)} แต่คำนวณได้ {_n(total)}",
            f"total stated {_n(s.total)} but computed {_n(total)}",
            s.where.get("total", "total"),
        ))
    stated = s.level.strip() if s.level else ""
    labels = [lv.label for lv in levels]
    where = s.where.get("level", "level")
    if stated and labels and stated not in labels:
        out.append(_f(
            "error", "level_unknown",
            f"ระดับ '{stated}' ไม่มีในเกณฑ์ปี {s.year} (ระดับของปีนี้: {', '.join(labels)})",
            f"level '{stated}' does not exist in the {s.year} scheme (its levels: {', '.join(labels)})",
            where,
        ))
    elif stated and level and stated != level:
        out.append(_f(
            "error", "level_mismatch",
            f"ระดับผลการประเมินระบุ '{s.level}' แต่ตามเกณฑ์ปี {s.year} ได้ '{level}'",
            f"level stated '{s.level}' but the {s.year} scheme gives '{level}'",
            where,
        ))
    elif stated and not level and s.total is not None and levels:
        possible = possible_levels(levels, s.total)
        if stated not in possible:
            out.append(_f(
                "error", "level_mismatch",
                f"ระดับผลการประเมินระบุ '{stated}' แต่คะแนนรวม {_n(s.total)} ตามเกณฑ์ปี {s.year} ได้ระดับ {' หรือ '.join(possible)}",
                f"level stated '{stated}' but a total of {_n(s.total)} gives {' or '.join(possible)} in the {s.year} scheme",
                where,
            ))
    return out


def possible_levels(levels, total: float) -> list[str]:
    """The labels a total can have when the tool scores are unknown (per-tool rules may hold or not)."""
    out = []
    total = published(total)
    for lv in levels:
        if total + 1e-9 < lv.min:
            continue
        out.append(lv.label)
        if lv.every_tool_min is None:
            break
    return out


def check_total_only(case: AgencyCase, total_only: bool) -> list[Finding]:
    if not total_only:
        return []
    return [_f(
        "info", "total_only",
        "มีเฉพาะคะแนนรวม (และคะแนนรายเครื่องมือหรือระดับ) จึงตรวจได้เฉพาะระดับผลการประเมิน ไม่มีการวิเคราะห์รายประเด็น",
        "only the total (and tool scores or level) is given: the level is checked, no issue analysis is made",
        case.scores.where.get("total", "total"),
    )]


def check_placed(fw: Framework, case: AgencyCase, placed: dict[str, int]) -> list[Finding]:
    """Questions below the threshold that the grouping left out, and where they were put."""
    return [_f(
        "info", "grouping_added",
        f"ข้อ {c} ต่ำกว่าเกณฑ์แต่ไม่อยู่ในประเด็นใด จึงนำไปวิเคราะห์ในประเด็นที่ {no}",
        f"{c} is below the threshold but in no issue: analysed under issue {no}",
        f"issue {no}",
    ) for c, no in placed.items()]


def check_grouping(fw: Framework, case: AgencyCase, issues) -> list[Finding]:
    out = []
    none_scored = not case.scores.questions  # indicator scores alone, as most agencies have them: said once
    if none_scored and any(g.codes for spec in issues for g in spec.groups):
        out.append(_f(
            "info", "questions_unscored",
            "ไม่มีคะแนนรายข้อ ประเด็นจึงวิเคราะห์จากคะแนนตัวชี้วัดเท่านั้น (เพิ่มคะแนนรายข้อเพื่อให้ระบุข้อที่ต้องปรับปรุงได้)",
            "no question scores: the issues are analysed from the indicator scores alone "
            "(add the question scores to name the questions to improve)",
            "scores",
        ))
    for spec in issues:
        where = case.texts_where.get(f"issue.{spec.no}", f"issue {spec.no}")
        for g in spec.groups:
            for c in g.codes:
                if c not in fw.questions:
                    out.append(_f(
                        "error", "grouping_unknown_code",
                        f"ประเด็นที่ {spec.no} อ้างข้อ {c} ซึ่งไม่มีในแบบประเมินปี {fw.year}",
                        f"issue {spec.no} cites {c}, which the {fw.year} assessment does not have",
                        where,
                    ))
                elif c not in case.scores.questions and not none_scored:
                    out.append(_f(
                        "warning", "grouping_unscored",
                        f"ประเด็นที่ {spec.no} อ้างข้อ {c} ซึ่งไม่มีคะแนน",
                        f"issue {spec.no} cites {c}, which has no score",
                        where,
                    ))
                elif fw.questions[c].tool != g.tool:
                    out.append(_f(
                        "error", "grouping_wrong_tool",
                        f"ประเด็นที่ {spec.no} จัดข้อ {c} ไว้ในกลุ่ม {g.tool}",
                        f"issue {spec.no} puts {c} under {g.tool}",
                        where,
                    ))
    return out


def check_plan_year(case: AgencyCase) -> list[Finding]:
    expected = case.scores.year + 1
    if case.plan_year is not None and case.plan_year != expected:
        return [_f(
            "error", "plan_year",
            f"ปีของแผนคือ {case.plan_year} แต่ผลประเมินปี {case.scores.year} ต้องใช้กับปีงบประมาณ {expected}",
            f"plan year {case.plan_year} but an assessment of {case.scores.year} is acted on in {expected}",
            case.texts_where.get("plan_year", "plan_year"),
        )]
    return []


def check_approval_date(fw: Framework, year: int, when: date, where: str) -> list[Finding]:
    """An approval date the year's document cannot carry: before the results of ``year`` came out
    (from the month ``results_from_month`` of the shared texts: July) or after the fiscal year the
    measures run (``year`` + 1). ``where``: the cell or option the date came from.

    >>> from ita_xl.io.frameworks import load
    >>> [f.kind for f in check_approval_date(load(2569), 2569, date(2026, 3, 1), "--date")]
    ['approval_date_early']
    >>> check_approval_date(load(2569), 2569, date(2026, 11, 15), "--date")
    []
    >>> [f.kind for f in check_approval_date(load(2569), 2569, date(2027, 10, 1), "--date")]
    ['approval_date_late']
    """
    month = int(fw.catalog.texts.get("results_from_month", 7))
    out_from = date(ce_year(year), month, 1)
    start, end = fiscal_year_bounds(year + 1)
    if when < out_from:
        return [_f(
            "warning", "approval_date_early",
            f"วันที่อนุมัติ {thai_date(when)} อยู่ก่อนที่ผลการประเมิน ITA ปี {year} จะประกาศ "
            f"(ไม่ก่อนเดือน{MONTHS[month - 1]} {year}) โปรดแก้วันที่",
            f"approval date {when.isoformat()} is before the ITA {year} results came out "
            f"(not before {out_from.isoformat()}); correct the date",
            where,
        )]
    if when > end:
        return [_f(
            "warning", "approval_date_late",
            f"วันที่อนุมัติ {thai_date(when)} อยู่หลังปีงบประมาณ {year + 1} ที่มาตรการดำเนินการ "
            f"({thai_date(start)} – {thai_date(end)}) โปรดแก้วันที่",
            f"approval date {when.isoformat()} is after fiscal year {year + 1} the measures run "
            f"({start.isoformat()} to {end.isoformat()}); correct the date",
            where,
        )]
    return []


def _own_place(name: str) -> str:
    for p in AGENCY_PREFIXES:
        if name.startswith(p):
            return name[len(p):].strip()
    return ""


def foreign_agency_names(text: str, own_name: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """Names of local agencies in a text that are not the agency's own.

    >>> t = "องค์การบริหารส่วนตำบลวัดจันทร์มีข้อจำกัด ส่วนองค์การบริหารส่วนจังหวัดลำปางและเทศบาลหรือองค์การบริหารส่วนตำบล)"
    >>> foreign_agency_names(t, "องค์การบริหารส่วนจังหวัดลำปาง")
    ['องค์การบริหารส่วนตำบลวัดจันทร์']
    """
    own_place = _own_place(own_name)
    found = []
    for prefix in AGENCY_PREFIXES:
        for m in re.finditer(re.escape(prefix), text):
            rest = text[m.end():].lstrip()
            if text[m.start():].startswith(own_name) or any(text[m.start():].startswith(a) for a in allowed):
                continue
            if own_place and rest.startswith(own_place):
                continue
            if not rest or not ("\u0e01" <= rest[0] <= "\u0e2e" or "\u0e40" <= rest[0] <= "\u0e44") or rest.startswith(GENERIC):
                continue
            end = _NAME_END.search(rest, 1)
            place = rest[: end.start() if end else 24][:24]
            if own_place and place == own_place:
                continue
            found.append(prefix + place)
    return found


_OPTIONAL_WORDS = {"\x01": "(?:ทาง)?", "\x02": "(?:ระบบ)?"}
_THAI_MARK = re.compile(r"[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]")


def _indicator_pattern(name: str) -> re.Pattern:
    """An indicator's name as documents write it: "การใช้ทรัพย์สินของทางราชการ" and
    "การปรับปรุงระบบการทำงาน" too, and a space where a line was justified between words (a PDF's
    text: "การปรับปรุง การทำงาน").

    >>> bool(_indicator_pattern("การปรับปรุงการทำงาน").search("ตัวชี้วัดการปรับปรุง การทำงาน"))
    True
    """
    marked = name.replace("ของราชการ", "ของ\x01ราชการ").replace("การปรับปรุง", "การปรับปรุง\x02")
    parts: list[str] = []
    for c in marked:
        if c in _OPTIONAL_WORDS:
            parts.append(_OPTIONAL_WORDS[c])
        elif c.isspace():
            parts.append(r"\s*")
        else:
            if parts and not _THAI_MARK.match(c):
                parts.append(r"\s?")
            parts.append(re.escape(c))
    return re.compile("".join(parts))


def check_texts(fw: Framework, case: AgencyCase, indicators: list[IndicatorScore]) -> list[Finding]:
    out = []
    for key, text in case.texts.items():
        if not text:
            continue
        where = case.texts_where.get(key, key)
        for name in foreign_agency_names(text, case.org.name, case.settings.other_names_ok):
            out.append(_f(
                "error", "foreign_agency",
                f"ข้อความกล่าวถึงหน่วยงานอื่น: '{name}…' (หน่วยงานนี้คือ {case.org.name})",
                f"text names another agency: '{name}…' (this agency is {case.org.name})",
                where,
            ))
        cited = codes_in_text(text)
        for c in cited:
            if c not in case.scores.questions:
                out.append(_f(
                    "warning", "text_cites_unscored",
                    f"ข้อความอ้างข้อคำถาม {c} ซึ่งไม่มีคะแนน",
                    f"text cites question {c}, which has no score",
                    where,
                ))
        plain = arabic_digits(text)
        quoted = _quoted(plain)
        mentioned = []
        for ind in indicators:
            for m in _indicator_pattern(ind.name).finditer(plain):
                if any(a < m.start() < b for a, b in quoted):
                    continue  # a question's title quoted ("…การป้องกันการทุจริตประจำปี รอบ ๖ เดือน")
                mentioned.append(ind.no)
                num = _score_after(plain, m.end())
                if num and ind.score is not None:
                    value = float(num.group())
                    if abs(value - ind.score) > INDICATOR_TOLERANCE + 1e-9:
                        out.append(_f(
                            "error", "text_indicator_value",
                            f"ข้อความให้คะแนนตัวชี้วัด{ind.name} {_n(value)} แต่ตารางมี {_n(ind.score)}",
                            f"text gives indicator {ind.no} as {_n(value)}; the table has {_n(ind.score)}",
                            where,
                        ))
        cited_inds = {fw.questions[c].indicator for c in cited if c in fw.questions}
        if cited_inds and mentioned and not cited_inds & set(mentioned):
            out.append(_f(
                "warning", "text_wrong_indicator",
                "ข้อความอ้างข้อ {} (ตัวชี้วัดที่ {}) แต่ยกคะแนนตัวชี้วัดที่ {}".format(
                    ", ".join(cited), ", ".join(map(str, sorted(cited_inds))), ", ".join(map(str, sorted(set(mentioned))))
                ),
                "text cites {} (indicator {}) but quotes indicator {}".format(
                    ", ".join(cited), ", ".join(map(str, sorted(cited_inds))), ", ".join(map(str, sorted(set(mentioned))))
                ),
                where,
            ))
    return out


def check_framework(fw: Framework, case: AgencyCase, issues) -> list[Finding]:
    out = []
    if not fw.complete:
        out.append(_f(
            "info", "framework_incomplete",
            f"ข้อมูลกรอบการประเมินปี {fw.year} ยังไม่ครบ: {fw.note_th or fw.note}",
            f"the {fw.year} framework data is incomplete: {fw.note}",
            f"framework {fw.year}",
        ))
    for i in issues:
        for code in i.urgent:
            if not fw.questions[code].text:  # the year's data does not know what the item is (2569 O5-O7)
                # a workbook names its cell; a case file the framework folder's file (its own, made
                # with `ita-xl framework new` and given with --framework, when it is the shipped one)
                own = fw.origin not in ("shipped", "workbook")
                file = (f"{fw.origin}/questions.csv" if own else
                        f"questions.csv of a {fw.year} framework folder (ita-xl framework new, then --framework)")
                where = case.scores.where.get(f"text:{code}", f"{file}: row {code}, column text_th")
                out.append(_f(
                    "info", "unknown_item",
                    f"ข้อ {code} ไม่ได้คะแนน แต่ข้อมูลกรอบการประเมินปี {fw.year} ไม่มีชื่อรายการของข้อนี้ "
                    f"เอกสารจึงระบุเพียงรหัสข้อและตัวชี้วัด โปรดกรอกชื่อรายการตามระบบ ITAS ที่ {where}",
                    f"{code} scored 0 but the {fw.year} framework data has no title for it, so the document "
                    f"names it by its code and indicator only; type its title from ITAS at {where}",
                    where,
                ))
    quoted = {c for i in issues for c in i.focus}
    unverified = sorted(c for c in quoted if fw.questions[c].confidence == "unverified")
    if unverified:
        out.append(_f(
            "info", "unverified_wording",
            f"ถ้อยคำของข้อ {', '.join(unverified)} ที่ยกมายังไม่ได้ตรวจสอบกับระบบ ITAS โปรดแก้ให้ตรงตามต้นฉบับ",
            f"the quoted wording of {', '.join(unverified)} is unverified; paste the official text from ITAS",
            "questions",
        ))
    return out
