"""The summary's tables across agencies, one set per assessment year, built with pandas.

From the agencies a batch analysed (failed ones are left out): how many reached each level, by
agency type; the mean tool scores and total by type; the mean of each indicator by type; and the
indicators that are weakest across the country (lowest mean, and how many agencies have it as their
weakest). The summary writes them with its own cell writer (:mod:`ita_xl.batch.summary`).

>>> from ita_xl.batch.records import Outcome
>>> def agency(t, level, rank, total, i1, i2):
...     return Outcome("1", "x", t, "p", "s", status="written", year=2566, level=level, level_rank=rank,
...                    tools={"IIT": total, "EIT": total, "OIT": total}, total=total,
...                    indicators={(1, "a"): i1, (2, "b"): i2})
>>> year, tables = overview([agency("อบต.", "ผ่าน", 3, 86.0, 90.0, 80.0),
...                          agency("ทต.", "ผ่านดี", 2, 93.0, 70.0, 95.0),
...                          agency("อบต.", "ผ่านดี", 2, 95.0, 85.0, 88.0)])[0]
>>> year, [t.title.split(" / ")[1] for t in tables]
(2566, ['agencies per level', 'mean scores per agency type', 'mean of each indicator', 'weakest indicators'])
>>> tables[0].frame.to_dict("index")["ผ่านดี"]
{'ทต.': 1, 'อบต.': 1, 'ทั้งหมด / all': 2}
>>> weakest = tables[3].frame
>>> weakest.index.tolist(), weakest[MEAN].round(2).tolist(), weakest[WEAKEST_IN].tolist()
(['1 a', '2 b'], [81.67, 87.67], [2, 1])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ita_xl.batch.records import Outcome
from ita_xl.core.codes import TOOLS

ALL = "ทั้งหมด / all"
UNNAMED = "(ไม่ระบุ)"  # an agency without a type, or a result without a level
COUNT = "จำนวน (หน่วยงาน) / agencies"
TOTAL = "คะแนนรวม / total"
MEAN = "คะแนนเฉลี่ย / mean"
WEAKEST_IN = "อ่อนที่สุดใน (หน่วยงาน) / weakest in (agencies)"
SCORED = "มีคะแนน (หน่วยงาน) / scored (agencies)"


@dataclass
class Table:
    """A titled table: the frame's index labels its rows, the first column's header is ``corner``."""

    title: str
    corner: str
    frame: pd.DataFrame


def agencies(outcomes: Iterable[Outcome]) -> pd.DataFrame:
    """One row per analysed agency: year, type, level (and its rank), tool scores and total."""
    rows = [
        (o.year, o.org_type or UNNAMED, o.level or UNNAMED, 10**6 if o.level_rank is None else o.level_rank,
         *(o.tools.get(t) for t in TOOLS), o.total)
        for o in outcomes if not o.failed and o.year is not None
    ]
    return pd.DataFrame(rows, columns=["year", "org_type", "level", "rank", *TOOLS, TOTAL])


def indicator_scores(outcomes: Iterable[Outcome]) -> pd.DataFrame:
    """One row per agency and scored indicator: year, type, indicator (``no name``), its number, the
    score, and whether it is the agency's weakest (the lowest score, the lower number on a tie)."""
    rows = []
    for o in outcomes:
        if o.failed or o.year is None or not o.indicators:
            continue
        weakest = min(o.indicators, key=lambda k: (o.indicators[k], k[0]))
        rows += [(o.year, o.org_type or UNNAMED, f"{no} {name}", no, score, (no, name) == weakest)
                 for (no, name), score in o.indicators.items()]
    return pd.DataFrame(rows, columns=["year", "org_type", "indicator", "no", "score", "weakest"])


def level_counts(df: pd.DataFrame) -> Table:
    """Agencies per level (highest first) and type, with the totals of both."""
    table = pd.crosstab(df["level"], df["org_type"], margins=True, margins_name=ALL)
    order = df.groupby("level")["rank"].min().sort_values(kind="stable").index.tolist()
    return Table("จำนวนหน่วยงานตามระดับผลการประเมิน / agencies per level", "ระดับ / level",
                 table.reindex([*order, ALL]))


def tool_means(df: pd.DataFrame) -> Table:
    """Per type: how many agencies, and the mean of each tool and of the total; the whole batch last."""
    columns = [*TOOLS, TOTAL]
    by_type = df.groupby("org_type")
    table = by_type[columns].mean()
    table.insert(0, COUNT, by_type.size())
    table.loc[ALL] = [len(df), *df[columns].mean()]
    table[COUNT] = table[COUNT].astype(int)
    return Table("คะแนนเฉลี่ยตามประเภทหน่วยงาน / mean scores per agency type", "ประเภท / type", table)


def indicator_means(ind: pd.DataFrame) -> Table:
    """The mean of each indicator (in their order) per type, and over every agency."""
    table = ind.pivot_table(index=["no", "indicator"], columns="org_type", values="score", aggfunc="mean")
    table[ALL] = ind.groupby(["no", "indicator"])["score"].mean()
    table.index = table.index.get_level_values("indicator")
    table.columns.name = None
    return Table("คะแนนเฉลี่ยรายตัวชี้วัดตามประเภทหน่วยงาน / mean of each indicator", "ตัวชี้วัด / indicator", table)


def weakest_indicators(ind: pd.DataFrame) -> Table:
    """Every indicator, the lowest mean first: its mean, in how many agencies it is the weakest, and
    how many agencies have a score for it."""
    g = ind.groupby(["no", "indicator"])
    table = pd.DataFrame({MEAN: g["score"].mean(), WEAKEST_IN: g["weakest"].sum().astype(int), SCORED: g.size()})
    table = table.reset_index().sort_values([MEAN, "no"], kind="stable").set_index("indicator")
    return Table("ตัวชี้วัดที่อ่อนที่สุดของทุกหน่วยงาน / weakest indicators", "ตัวชี้วัด / indicator",
                 table[[MEAN, WEAKEST_IN, SCORED]])


def overview(outcomes: list[Outcome]) -> list[tuple[int, list[Table]]]:
    """The tables of each assessment year among ``outcomes``, the earliest year first."""
    df, ind = agencies(outcomes), indicator_scores(outcomes)
    out = []
    for year in sorted(df["year"].unique()):
        mine, scores = df[df["year"] == year], ind[ind["year"] == year]
        tables = [level_counts(mine), tool_means(mine)]
        if not scores.empty:
            tables += [indicator_means(scores), weakest_indicators(scores)]
        out.append((int(year), tables))
    return out
