"""pandas in and out: a scores table as a DataFrame, and a result as DataFrames.

For code that already works in pandas — a notebook, an xlwings range read with
``.options(pd.DataFrame, index=False)`` — without going through files, validated by the same
builder as score files. pandas is imported here only, so the rest of the package starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ita_xl.core.model import Org, ScoreSet
from ita_xl.errors import InputError
from ita_xl.io.scores.builder import Builder
from ita_xl.io.scores.table import Row, blank

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ita_xl.core.engine import Result


def scores_from_frame(df: pd.DataFrame, year: int, source: str = "<DataFrame>") -> ScoreSet:
    """A ScoreSet from a frame with ``code`` and ``score`` columns (rows as in a score file).

    >>> import pandas as pd
    >>> s = scores_from_frame(pd.DataFrame({"code": ["i1", "ข้อ e๑", "ind6", "total"],
    ...                                     "score": [100, "๙๐.๕", 88.28, 94.96]}), 2566)
    >>> s.questions, s.indicators, s.total
    ({'i1': 100.0, 'e1': 90.5}, {6: 88.28}, 94.96)
    """

    def empty(v: object) -> bool:
        return blank(v) or (isinstance(v, float) and v != v)

    missing = {"code", "score"} - set(map(str, df.columns))
    if missing:
        raise InputError(source, f"ไม่มีคอลัมน์ {', '.join(sorted(missing))}", f"missing columns {sorted(missing)}")
    b = Builder(Path(source), year, Org(name=""), 1)
    cols = {"code": list(df.columns).index("code"), "score": list(df.columns).index("score")}
    for i, (code, score) in enumerate(zip(df["code"], df["score"]), start=2):
        row = Row(i, [code, score], None, cols)
        if empty(code) and empty(score):
            continue
        if str(code).strip().lower() == "level":
            b.add_level(row, score)
        else:
            b.add(row, code, None if empty(score) else score)
    return b.done().scores


def result_frames(result: Result) -> dict[str, pd.DataFrame]:
    """The result as tables: ``indicators``, ``questions`` (per issue and tool group), ``plan``,
    ``findings``."""
    import pandas as pd  # noqa: PLC0415

    indicators = pd.DataFrame(
        [
            {"no": i.no, "name": i.name, "tool": i.tool, "score": i.score, "stated": i.stated,
             "computed": i.computed, "estimate": i.estimate, "missing": ", ".join(i.missing)}
            for i in result.indicators
        ]
    )
    questions = pd.DataFrame(
        [
            {"issue": issue.no, "title": issue.title, "tool": g.tool, "code": q.code, "indicator": q.indicator,
             "score": q.score, "decision": g.decision, "focus": q.code in issue.focus}
            for issue in result.issues for g in issue.groups for q in g.questions
        ]
    )
    plan = pd.DataFrame(
        [
            {"key": p.key, "issue": p.issue, "topic": p.topic, "measures": "\n".join(p.measures),
             "owner": p.owner, "steps": "\n".join(p.steps), "period": p.period}
            for p in result.plan
        ]
    )
    findings = pd.DataFrame(
        [{"severity": f.severity, "kind": f.kind, "message_th": f.message_th, "message_en": f.message_en,
          "where": f.where} for f in result.findings],
        columns=["severity", "kind", "message_th", "message_en", "where"],
    )
    return {"indicators": indicators, "questions": questions, "plan": plan, "findings": findings}
