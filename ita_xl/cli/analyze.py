"""``ita-xl analyze`` and ``ita-xl check``."""

from __future__ import annotations

import argparse
import json
import sys

from ita_xl.core.checks import possible_levels
from ita_xl.core.engine import Result
from ita_xl.core.thai import fmt_score
from ita_xl.io.frameworks import analyze
from ita_xl.errors import InputError, UnknownYear
from ita_xl.cli.framework import add_framework_option, frameworks_of
from ita_xl.io.case import sample_case

ORDER = 10


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="analyse scores: indicators, level, issues, plan, findings")
    _common(p)
    p.add_argument("--numerals", choices=["thai", "arabic"], help="numerals in generated Thai text")
    p.set_defaults(func=run_analyze)
    c = sub.add_parser("check", help="list inconsistencies; exit 1 when an error-level finding exists")
    _common(c)
    c.set_defaults(func=run_check)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", nargs="?", help="case file (.toml), score file (.csv/.xlsx/.txt) or ita_xl workbook")
    p.add_argument("--sample", action="store_true", help="use the bundled sample agency")
    p.add_argument("--year", type=int, help="assessment year (BE) when the input does not say")
    p.add_argument("--sheet", metavar="NAME", help="the sheet of an .xlsx score file that holds the scores")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_framework_option(p)


def _results(args) -> list[Result]:
    frameworks = frameworks_of(args)
    if args.sample:
        cases = [sample_case()]
    elif args.input:
        from ita_xl.xlsx.inputs import iter_cases  # noqa: PLC0415 - start-up: it loads the file format (XlsxWriter)

        cases = list(iter_cases(args.input, args.year, args.sheet, frameworks))
    else:
        raise InputError("-", "ต้องระบุไฟล์หรือ --sample", "give an INPUT file or --sample")
    frameworks.check_input([c.scores.year for c in cases], args.input or "sample")
    out = []
    for case in cases:
        if getattr(args, "numerals", None):
            case.settings.numerals = args.numerals
        try:
            out.append(analyze(case, frameworks=frameworks))
        except UnknownYear as exc:
            raise exc.at(args.input or "sample") from None
    return out


def _print_json(results: list[Result]) -> None:
    data = [r.to_dict() for r in results]
    json.dump(data[0] if len(data) == 1 else data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _score(v: float | None) -> str:
    """A score as the JSON and the report give it: two decimals, half up on the decimal value."""
    return fmt_score(v, "arabic")


def _summary(r: Result) -> str:
    lines = [f"{r.case.org.name} — ITA {r.assessment_year} → plan {r.plan_year}"]
    for i in r.indicators:
        comp = f" (computed {_score(i.computed)})" if i.computed is not None and i.stated is not None else ""
        lines.append(f"  {i.no:>2} {i.tool} {i.name}: {_score(i.score)}{comp}")
    tools = ", ".join(f"{t} {_score(v)}" for t, v in r.tools.items())
    total = _score(r.total)
    stated = r.case.scores.total
    if stated is not None:  # the published total first, as each indicator's: 94.96 (computed 94.95)
        total = _score(stated) + (f" (computed {_score(r.total)})" if r.total is not None else "")
    lines.append(f"  tools: {tools}; total {total}; level {_level_text(r)}")
    for i in r.issues:
        lines.append(f"  issue {i.no} {i.title}: {i.decision}; focus {', '.join(i.focus) or '-'}")
    lines.append(f"  plan rows: {len(r.plan)}; findings: {len(r.findings)}")
    return "\n".join(lines)


def _level_text(r: Result) -> str:
    """The level, or the levels a stated total can have when the tool scores that decide are unknown."""
    if r.level is not None:
        return r.level
    if r.case.scores.total is not None:
        possible = possible_levels(r.framework.levels, r.case.scores.total)
        if possible:
            return " or ".join(possible) + " (the tool scores decide)"
    return "-"


def _finding_lines(r: Result) -> list[str]:
    return [f"{f.severity.upper():7} {f.kind:22} {f.where}: {f.message}" for f in r.findings]


def run_analyze(args) -> int:
    results = _results(args)
    if args.json:
        _print_json(results)
    else:
        for r in results:
            print(_summary(r))
            print("\n".join("  " + line for line in _finding_lines(r)))
    return 0


def run_check(args) -> int:
    results = _results(args)
    if args.json:
        json.dump(
            [{"org": r.case.org.name, "findings": r.to_dict()["findings"]} for r in results],
            sys.stdout, ensure_ascii=False, indent=2,
        )
        sys.stdout.write("\n")
    else:
        for r in results:
            print(r.case.org.name)
            print("\n".join("  " + line for line in _finding_lines(r)) or "  no findings")
    return 1 if any(r.has_errors for r in results) else 0
