"""``ita-xl framework``: the ITA frameworks known, one year's questions, a new year from a
question list, and a check of a framework folder. Also the ``--framework PATH`` option that the
commands taking a year or reading scores share.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

from ita_xl.errors import InputError
from ita_xl.io import frameworks as F
from ita_xl.workbook import layout as L
from ita_xl.core.codes import parse_code, tool_of
from ita_xl.core.thai import arabic_digits
from ita_xl.io.frameworks import infer_topic
from ita_xl.io.scores import HEADER_SEARCH_ROWS, table_rows
from ita_xl.io.scores import read_text

ORDER = 60


# ------------------------------------------------------------------------------------- --framework


def add_framework_option(p: argparse.ArgumentParser) -> None:
    """``--framework PATH`` on a command: a framework folder that wins over every other source."""
    p.add_argument(
        "--framework", metavar="PATH",
        help="a framework folder (framework.toml, questions.csv, ...): used for its year before the "
             "workbook's own copy, ITA_XL_FRAMEWORKS and the shipped years",
    )


def frameworks_of(args: argparse.Namespace):
    """The frameworks a command uses (:class:`ita_xl.io.frameworks.Frameworks`): the ``--framework``
    folder's for its year, before ``ITA_XL_FRAMEWORKS`` and the shipped years. Passed down as a value."""

    path = getattr(args, "framework", None)
    return F.Frameworks((read_folder(path),)) if path else F.KNOWN


def read_folder(path: str | Path):
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "ไม่พบโฟลเดอร์กรอบการประเมิน", "framework folder not found")
    try:
        return F.load_folder(p)
    except OSError as exc:
        raise InputError(str(p), "อ่านกรอบการประเมินไม่ได้", str(exc)) from None


# ------------------------------------------------------------------------------------- the command


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("framework", help="ITA frameworks: list, show, make a new year, check a folder")
    fs = p.add_subparsers(dest="framework_command", required=True)
    ls = fs.add_parser("list", help="the years known (shipped, ITA_XL_FRAMEWORKS, --framework), with completeness")
    ls.add_argument("--json", action="store_true")
    add_framework_option(ls)
    ls.set_defaults(func=run_list)
    sh = fs.add_parser("show", help="one year's indicators and questions")
    sh.add_argument("year", type=int)
    sh.add_argument("--json", action="store_true")
    add_framework_option(sh)
    sh.set_defaults(func=run_show)
    nw = fs.add_parser("new", help="a framework folder for a new year from a question list")
    nw.add_argument("year", type=int, help="the assessment year (BE)")
    nw.add_argument("--from", dest="source", required=True, metavar="FILE",
                    help="question list: CSV/XLSX with code,tool,indicator,text columns, or text pasted from the ITAS question pages")
    nw.add_argument("--like", type=int, metavar="YEAR",
                    help="take levels, weights, indicator names, grouping and library from this year (default: the latest known)")
    nw.add_argument("--out", required=True, metavar="DIR", help="folder to write (must not hold a framework yet)")
    nw.add_argument("--force", action="store_true", help="overwrite a framework already in DIR")
    nw.set_defaults(func=run_new)
    ck = fs.add_parser("check", help="validate a framework folder; exit 1 when it has errors")
    ck.add_argument("folder")
    ck.set_defaults(func=run_check)


def _summary(fw) -> dict:
    by_tool = {t: sum(1 for q in fw.questions.values() if q.tool == t) for t in ("IIT", "EIT", "OIT")}
    unverified = sum(1 for q in fw.questions.values() if q.confidence == "unverified")
    return {
        "year": fw.year, "complete": fw.complete, "note": fw.note, "origin": fw.origin,
        "level_scheme": fw.level_scheme, "questions": by_tool, "unverified": unverified,
        "grouping_from": fw.derived_from,
    }


def run_list(args) -> int:
    frameworks = frameworks_of(args)
    rows = []
    for y in frameworks.years():
        try:
            rows.append(_summary(frameworks.load(y)))
        except F.FrameworkError as exc:
            rows.append({"year": y, "error": str(exc)})
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for r in rows:
        if "error" in r:
            print(f"{r['year']}  ERROR {r['error']}")
            continue
        q = r["questions"]
        state = "complete" if r["complete"] else "INCOMPLETE"
        derived = f"; grouping derived from {r['grouping_from']}" if r["grouping_from"] else ""
        print(f"{r['year']}  {state:10} IIT {q['IIT']} EIT {q['EIT']} OIT {q['OIT']}  levels {r['level_scheme']}"
              f"  unverified wording {r['unverified']}{derived}  [{r['origin']}]")
    return 0


def framework_dict(fw) -> dict:
    """The JSON shape of ``ita-xl framework show YEAR --json``."""
    return {
        "year": fw.year,
        "complete": fw.complete,
        "note": fw.note,
        "origin": fw.origin,
        "level_scheme": fw.level_scheme,
        "levels": [{"label": lv.label, "min": lv.min, "every_tool_min": lv.every_tool_min, "pass": lv.passed}
                   for lv in fw.levels],
        "weights": fw.weights,
        "indicators": [{"no": i.no, "name": i.name, "tool": i.tool} for i in fw.indicators],
        "subindicators": [{"id": s.id, "indicator": s.indicator, "name": s.name, "items": list(s.items)}
                          for s in fw.subindicators],
        "questions": [
            {"code": q.code, "tool": q.tool, "indicator": q.indicator, "subindicator": q.subindicator,
             "topic": q.topic, "text": q.text, "confidence": q.confidence}
            for q in fw.questions.values()
        ],
        "issues": [{"no": s.no, "title": s.title, "groups": {g.tool: list(g.codes) for g in s.groups}}
                   for s in fw.issues],
        "grouping_from": fw.derived_from,
    }


def _load_year(year: int, frameworks=None):
    return (frameworks or F.KNOWN).load(year)  # an UnknownYear names the year and the years known


def run_show(args) -> int:
    fw = _load_year(args.year, frameworks_of(args))
    data = framework_dict(fw)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"ITA {fw.year} ({'complete' if fw.complete else 'INCOMPLETE'}; levels {fw.level_scheme}; "
          + ", ".join(f"{t} {w:g}" for t, w in fw.weights.items()) + ")")
    if fw.note:
        print(f"  {fw.note}")
    for ind in fw.indicators:
        print(f"  {ind.no:>2} {ind.tool} {ind.name}")
        for c in fw.questions_of(ind.no):
            q = fw.questions[c]
            flag = " (unverified)" if q.confidence == "unverified" else ""
            topic = f" [{q.topic}]" if q.topic else ""
            print(f"       {c:<4} {q.text or '-'}{topic}{flag}")
    return 0


# ------------------------------------------------------------------------------------- new


_HEADING = re.compile(r"^\s*(?:ตัวชี้วัดที่|indicator)\s*([0-9๐-๙]{1,2})\s*[:.]?\s*(.*)$", re.IGNORECASE)
_ITEM = re.compile(r"^\s*(?:ข้อ(?:ที่)?\s*)?([iIeEoO]\s?[0-9๐-๙]{1,3})\s*[:.)\-–]?\s*(.*)$")


def _rows_from_text(path: Path) -> list[dict]:
    """Question rows from text pasted from the ITAS question pages: ``ตัวชี้วัดที่ N ...`` headings
    and lines that start with a code (``O12 รายการการจัดซื้อ...``)."""


    rows: list[dict] = []
    indicator = ""
    for n, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        m = _HEADING.match(line)
        if m:
            indicator = arabic_digits(m.group(1))
            continue
        m = _ITEM.match(line)
        if m:
            rows.append({"code": m.group(1), "indicator": indicator, "text": m.group(2).strip(), "_where": f"line {n}"})
    return rows


def _rows_from_table(path: Path) -> list[dict]:
    def text(v: object) -> str:  # a workbook's number cell: 3.0 is indicator "3"
        return "" if v is None else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)

    alias = {"text_th": "text", "ข้อคำถาม": "text", "ข้อ": "code", "รหัส": "code", "เครื่องมือ": "tool",
             "ตัวชี้วัด": "indicator", "indicator_no": "indicator", "ตัวชี้วัดย่อย": "subindicator", "หัวข้อ": "topic"}

    def column(h: str) -> str:  # a header cell as the column it names
        h = h.strip().lower()
        return alias.get(h, h)

    values = [(n, [text(v) for v in cells]) for n, cells in table_rows(path)]
    if not any(v.strip() for _, r in values for v in r):
        raise InputError(str(path), "ไฟล์ว่าง", "the file is empty")
    # the header is the first row with a code column (title rows above it are skipped)
    at = next((k for k, (_, r) in enumerate(values[:HEADER_SEARCH_ROWS]) if "code" in map(column, r)), 0)
    values = [r for r in values[at:] if any(v.strip() for v in r[1])] if at else values
    header_no, header = values[0][0], [column(h) for h in values[0][1]]
    missing = [c for c in ("code", "tool", "indicator", "text") if c not in header]
    if missing:
        raise InputError(str(path), f"ต้องมีคอลัมน์ {', '.join(missing)}",
                         f"needs the columns code,tool,indicator,text (missing: {', '.join(missing)})", row=header_no)
    out = []
    for n, r in values[1:]:
        if not any(v.strip() for v in r):
            continue
        row = {h: (r[i].strip() if i < len(r) else "") for i, h in enumerate(header)}
        row["_where"] = f"row {n}"
        out.append(row)
    return out


def _question_rows(path: Path, like) -> list[dict]:
    if not path.exists():
        raise InputError(str(path), "ไม่พบไฟล์", "file not found")
    raw = _rows_from_table(path) if path.suffix.lower() in (".csv", ".tsv", ".xlsx", ".xlsm") else _rows_from_text(path)
    if not raw:
        raise InputError(str(path), "ไม่พบข้อคำถามในไฟล์", "no questions found (lines or rows starting with a code such as O12)")
    seen: dict[str, str] = {}
    out = []
    for r in raw:
        where = r["_where"]
        code = parse_code(r.get("code", ""), (r.get("tool") or "").strip().upper() or None)
        if code is None:
            raise InputError(str(path), f"รหัสข้อ {r.get('code')!r} ไม่ถูกต้อง", f"{r.get('code')!r} is not a question code (i1, e5, O12)",
                             row=int(where.split()[1]))
        if code in seen:
            raise InputError(str(path), f"ข้อ {code} ซ้ำกับ{seen[code]}", f"{code} appears twice (also {seen[code]})",
                             row=int(where.split()[1]))
        seen[code] = where
        tool = (r.get("tool") or "").strip().upper() or tool_of(code)
        if tool != tool_of(code):
            raise InputError(str(path), f"ข้อ {code} ไม่ใช่เครื่องมือ {tool}", f"{code} is not an {tool} code", row=int(where.split()[1]))
        ind = arabic_digits(str(r.get("indicator") or "")).strip()
        if not ind and like is not None and code in like.questions:
            ind = str(like.questions[code].indicator)
        if not ind.isdigit():
            raise InputError(str(path), f"ข้อ {code} ไม่ได้ระบุตัวชี้วัด", f"{code}: no indicator number", row=int(where.split()[1]))
        text = " ".join((r.get("text") or "").split())  # wording pasted with its line breaks: one line
        topic = (r.get("topic") or "").strip() or (infer_topic(text) if tool == "OIT" else "")
        out.append({
            "code": code, "tool": tool, "indicator": int(ind), "subindicator": (r.get("subindicator") or "").strip(),
            "topic": topic, "text_th": text, "confidence": (r.get("confidence") or "").strip() or "official",
            "note": (r.get("note") or "").strip(), "source": (r.get("source") or str(path.name)).strip(),
        })
    return out


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _toml_list(items) -> str:
    return "[" + ", ".join(_toml_str(x) for x in items) + "]"


def write_folder(out: Path, fw, rows: list[dict], like_year: int | None) -> None:
    """Write a framework folder: framework.toml, questions.csv, issues.toml, recommendations.toml."""
    out.mkdir(parents=True, exist_ok=True)
    lines = [
        f"year = {fw.year}",
        f"level_scheme = {_toml_str(fw.level_scheme)}",
        f"complete = {'true' if fw.complete else 'false'}",
        f"note = {_toml_str(fw.note)}",
        *([f"note_th = {_toml_str(fw.note_th)}"] if fw.note_th else []),
        "",
        "weights = { " + ", ".join(f"{t} = {w:g}" for t, w in fw.weights.items()) + " }",
        "",
        "indicators = [",
        *(f"  {{ no = {i.no}, name = {_toml_str(i.name)}, tool = {_toml_str(i.tool)} }}," for i in fw.indicators),
        "]",
    ]
    if fw.level_scheme == "custom" or like_year is None:
        lines += ["", "levels = ["]
        for lv in fw.levels:
            extra = f", every_tool_min = {lv.every_tool_min:g}" if lv.every_tool_min is not None else ""
            lines.append(f"  {{ label = {_toml_str(lv.label)}, min = {lv.min:g}{extra}, pass = {'true' if lv.passed else 'false'} }},")
        lines.append("]")
    if fw.subindicators:
        lines += ["", "oit_subindicators = ["]
        for s in fw.subindicators:
            lines.append(f"  {{ id = {_toml_str(s.id)}, indicator = {s.indicator}, name = {_toml_str(s.name)}, items = {_toml_list(s.items)} }},")
        lines.append("]")
    (out / "framework.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cols = ["code", "tool", "indicator", "subindicator", "topic", "text_th", "confidence", "note", "source"]
    with (out / "questions.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, cols, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    issues = [f"# Grouping of ITA {fw.year}" + (f", derived from {like_year} by indicator and topic." if like_year else "."),
              "# Edit freely: issue number, title, plan topic, and the codes of each tool.", ""]
    for s in fw.issues:
        issues += ["[[issues]]", f"no = {s.no}", f"title = {_toml_str(s.title)}", f"plan_topic = {_toml_str(s.plan_topic)}",
                   "groups = ["]
        issues += [f"  {{ tool = {_toml_str(g.tool)}, codes = {_toml_list(g.codes)} }}," for g in s.groups]
        issues += ["]", ""]
    (out / "issues.toml").write_text("\n".join(issues), encoding="utf-8")
    recs = [f"# Recommendation library of ITA {fw.year}" + (f", carried from {like_year} by code and topic." if like_year else "."), "",
            "[texts]"]
    for k, v in fw.texts.items():
        recs.append(f"{k} = {_toml_list(v) if isinstance(v, list) else _toml_str(v)}")
    for key, r in fw.recommendations.items():
        recs += ["", f"[recommendations.{key}]", f"finding = {_toml_str(r.finding)}", f"measures = {_toml_list(r.measures)}",
                 f"owner = {_toml_str(r.owner)}", f"steps = {_toml_list(r.steps)}", f"action_short = {_toml_str(r.action_short)}"]
    (out / "recommendations.toml").write_text("\n".join(recs) + "\n", encoding="utf-8")


def run_new(args) -> int:
    from dataclasses import replace  # noqa: PLC0415


    out = Path(args.out)
    if (out / "framework.toml").exists() and not args.force:
        raise InputError(str(out), "มีกรอบการประเมินในโฟลเดอร์นี้แล้ว ใช้ --force เพื่อเขียนทับ",
                         "the folder already holds a framework; use --force to overwrite")
    like_year = args.like or (max(y for y in F.available_years() if y != args.year) if F.available_years() else None)
    like = _load_year(like_year) if like_year else None
    rows = _question_rows(Path(args.source), like)
    questions = {}
    for r in rows:
        questions[r["code"]] = F.Question(r["code"], r["tool"], r["indicator"], r["text_th"], r["confidence"],
                                          r["source"], r["note"], r["subindicator"], r["topic"])
    numbers = sorted({q.indicator for q in questions.values()})
    names = {i.no: i for i in like.indicators} if like else {}
    indicators = []
    for no in numbers:
        tool = next(q.tool for q in questions.values() if q.indicator == no)
        known = names.get(no)
        indicators.append(F.Indicator(no, known.name if known and known.tool == tool else f"ตัวชี้วัดที่ {no}", tool))
    base = like or F.Framework(
        year=args.year, level_scheme="pass_labels", levels=F.load_levels("pass_labels"),
        weights={"IIT": 0.3, "EIT": 0.3, "OIT": 0.4}, indicators=(), questions={}, catalog=F.catalog(),
    )
    tools = {q.tool for q in questions.values()}
    weights = {t: w for t, w in base.weights.items() if t in tools}
    fw = F.Framework(
        year=args.year, level_scheme=base.level_scheme, levels=base.levels, weights=weights,
        indicators=tuple(indicators), questions=dict(sorted(questions.items(), key=lambda kv: F.sort_key(kv[0]))),
        catalog=F.catalog(), complete=True,
        note=f"Made with `ita-xl framework new` from {Path(args.source).name}" + (f"; levels, weights, grouping and library as {like_year}." if like_year else "."),
    )
    if like is not None:
        fw = replace(fw, issues=F.derive_issues(fw, like), recommendations=F.derive_library(fw, like), texts=dict(like.texts))
    write_folder(out, fw, [dict(r) for r in rows], like_year)
    problems = check_folder(out)
    for p in problems:
        print(f"{p[0].upper():7} {p[1]}: {p[2]}")
    print(f"เขียนกรอบการประเมินปี {args.year} ที่ {out} แล้ว ({len(questions)} ข้อ) / wrote the {args.year} framework to {out} "
          f"({len(questions)} questions, {len(fw.issues)} issues)")
    if abs(sum(weights.values()) - 1.0) > 1e-9:
        print(f"WARNING weights of {', '.join(weights)} sum to {sum(weights.values()):g}: edit {out / 'framework.toml'}")
    return 1 if any(p[0] == "error" for p in problems) else 0


# ------------------------------------------------------------------------------------- check


def check_folder(folder: str | Path) -> list[tuple[str, str, str]]:
    """(severity, where, message) for everything wrong with a framework folder: every problem of
    the one validation (:func:`ita_xl.core.framework.problems`, which refuses the same framework
    wherever it is loaded), and what a workbook can hold."""

    folder = Path(folder)
    try:
        fw = F.load_folder(folder, validate_it=False)
    except F.FrameworkError as exc:
        return [("error", exc.file, exc.message)]
    except OSError as exc:
        return [("error", str(folder), str(exc))]
    meta = folder / "framework.toml"
    qcsv = folder / "questions.csv"
    issues = folder / "issues.toml"
    q_from = F.read_toml(meta).get("questions_from") is not None

    def where(key: str) -> str:
        head, _, rest = key.partition(".")
        if head == "questions":
            return f"{meta}: questions_from ({rest})" if q_from else f"{qcsv}: {rest}"
        if head == "issues" and issues.exists():
            return f"{issues}: issue {rest}"
        return f"{meta}: {key}"

    out = [(p.severity, where(p.key), p.message) for p in F.framework_problems(fw)]

    if len(fw.questions) > L.QUESTIONS.max_rows:
        out.append(("error", str(qcsv), f"{len(fw.questions)} questions: a workbook holds at most {L.QUESTIONS.max_rows}"))
    if len(fw.indicators) > L.INDICATORS.max_rows:
        out.append(("error", str(meta), f"{len(fw.indicators)} indicators: a workbook holds at most {L.INDICATORS.max_rows}"))
    recs_path = folder / "recommendations.toml"
    if recs_path.exists():
        for key in F.load_recommendations(recs_path)[0]:
            if not key.startswith("ind") and key not in fw.questions:
                out.append(("warning", f"{recs_path}: {key}", f"a recommendation for {key}, which is not in questions.csv"))
    return out


def run_check(args) -> int:
    folder = Path(args.folder)
    if not folder.exists():
        raise InputError(str(folder), "ไม่พบโฟลเดอร์", "folder not found")
    problems = check_folder(folder)
    for sev, where, msg in problems:
        print(f"{sev.upper():7} {where}: {msg}")
    errors = sum(p[0] == "error" for p in problems)
    print(f"{folder}: {errors} error(s), {len(problems) - errors} other finding(s)" if problems else f"{folder}: OK")
    return 1 if errors else 0
