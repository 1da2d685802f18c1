"""Frameworks from their folders of data files: reading them, and where a year comes from.

Layout of a framework folder:

- ``framework.toml``: year, level scheme (a name from ``levels.toml`` or its own ``levels``),
  tool weights, indicators, OIT sub-indicators, ``complete``/``note``, and optionally
  ``questions_from`` (reuse another year's question list) and ``issues_from`` /
  ``recommendations_from`` (derive the grouping and library from that year, see
  :mod:`ita_xl.core.framework`);
- ``questions.csv``: code, tool, indicator, subindicator, topic, text_th, confidence, note, source;
- ``issues.toml`` (optional): the year's own grouping of questions into issues (ประเด็น);
- ``recommendations.toml`` (optional): finding, measures, owner role and steps per question code,
  with a fallback per indicator.

Where a year comes from (:func:`load`): a framework the caller put in place (``--framework``,
:func:`use`), then the folders of ``ITA_XL_FRAMEWORKS`` (``os.pathsep``-separated; each is a
framework folder or a folder of year folders), then the shipped years. A workbook's own copy
(its framework sheet) is read by the workbook layer and passed in explicitly.

What is read from disk is kept for the process (``functools.lru_cache``): a batch loads a year
once, not once per agency. The cache is keyed by the folders' modification stamps, so a folder
changed between two commands of one process (the xlwings desktop server) is read anew.
"""

from __future__ import annotations

import csv
import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..core import engine
from ..core.codes import TOOLS, parse_code, sort_key
from ..core.framework import (
    Catalog, Framework, Indicator, IssueGroupSpec, IssueSpec, Level, Question, Recommendation, SubIndicator, Topic,
    derive_issues, derive_library,
)
from ..core.model import AgencyCase

FRAMEWORKS = Path(str(resources.files("ita_xl") / "frameworks"))


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """What every year shares: ``frameworks/topics.toml`` and ``frameworks/units.toml``."""
    data = read_toml(FRAMEWORKS / "topics.toml") if (FRAMEWORKS / "topics.toml").exists() else {}
    units = read_toml(FRAMEWORKS / "units.toml") if (FRAMEWORKS / "units.toml").exists() else {}
    topics = {
        key: Topic(key, t.get("name", key), t.get("family", ""), t.get("owner", "admin"), int(t.get("due", 3)),
                   tuple(t.get("patterns", ())))
        for key, t in data.get("topics", {}).items()
    }
    return Catalog(topics, data.get("texts", {}), data.get("families", {}), units)


def topics() -> dict[str, Topic]:
    """The OIT topics (``frameworks/topics.toml``) by key."""
    return catalog().topics


def infer_topic(text: str) -> str:
    """The topic of an OIT item from its wording ("" when none fits).

    >>> infer_topic("รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ และความก้าวหน้าการจัดซื้อจัดจ้าง")
    'procurement_notices'
    >>> infer_topic("การประเมินความเสี่ยงการทุจริตในหน่วยงานภาครัฐ"), infer_topic("UNKNOWN – not retrieved")
    ('risk_assessment', '')
    """
    return catalog().topic_of(text)


def read_toml(path: Path) -> dict:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _confidence(text: str, given: str) -> str:
    if given:
        return given
    return "unverified" if text.upper().startswith(("UNVERIFIED", "UNKNOWN")) else "official"


class FrameworkError(ValueError):
    """A framework folder that cannot be read: ``where`` is the file (and row or key)."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message


def _load_questions(path: Path) -> dict[str, Question]:
    out: dict[str, Question] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"code", "tool", "indicator"} - set(reader.fieldnames or ())
        if missing:
            raise FrameworkError(str(path), f"missing columns {', '.join(sorted(missing))}")
        for n, row in enumerate(reader, 2):
            raw = (row.get("code") or "").strip()
            if not raw and not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue
            code = parse_code(raw)
            if code is None:
                raise FrameworkError(f"{path}: row {n}", f"code {raw!r} is not a question code (i1, e5, O12)")
            if code in out:
                raise FrameworkError(f"{path}: row {n}", f"code {code} appears twice")
            try:
                indicator = int(str(row.get("indicator") or "").strip())
            except ValueError:
                raise FrameworkError(f"{path}: row {n}", f"indicator {row.get('indicator')!r} is not a number") from None
            text = (row.get("text_th") or row.get("text") or "").strip()
            tool = (row.get("tool") or "").strip().upper()
            topic = (row.get("topic") or "").strip()
            out[code] = Question(
                code=code,
                tool=tool,
                indicator=indicator,
                text=text,
                confidence=_confidence(text, (row.get("confidence") or "").strip()),
                source=(row.get("source") or "").strip(),
                note=(row.get("note") or "").strip(),
                subindicator=(row.get("subindicator") or "").strip(),
                topic=topic,
            )
    return dict(sorted(out.items(), key=lambda kv: sort_key(kv[0])))


def level_schemes() -> dict[str, dict]:
    return read_toml(FRAMEWORKS / "levels.toml")["schemes"]


def _levels(data: list[dict]) -> tuple[Level, ...]:
    return tuple(
        Level(
            label=lv["label"],
            min=float(lv["min"]),
            every_tool_min=lv.get("every_tool_min"),
            passed=bool(lv.get("pass", False)),
            confidence=lv.get("confidence", "high"),
        )
        for lv in data
    )


def load_levels(scheme: str) -> tuple[Level, ...]:
    """The levels of a shipped scheme (``frameworks/levels.toml``), highest first."""
    return _levels(level_schemes()[scheme]["levels"])


def load_issues(path: Path | None) -> tuple[IssueSpec, ...]:
    """A grouping file (``issues.toml``) as issue specs; none without a file."""
    if path is None:
        return ()
    return tuple(
        IssueSpec(
            no=int(it["no"]),
            title=it["title"],
            plan_topic=it.get("plan_topic", ""),
            groups=tuple(IssueGroupSpec(g["tool"], tuple(g["codes"])) for g in it["groups"]),
        )
        for it in read_toml(path)["issues"]
    )


def load_recommendations(path: Path | None) -> tuple[dict[str, Recommendation], dict]:
    """A library file (``recommendations.toml``): its entries by code, and its ``[texts]``."""
    if path is None:
        return {}, {}
    data = read_toml(path)
    recs = {}
    for key, r in data.get("recommendations", {}).items():
        recs[key] = Recommendation(
            key=key,
            finding=r.get("finding", ""),
            measures=tuple(r.get("measures", ())),
            owner=r.get("owner", "admin"),
            steps=tuple(r.get("steps", ())),
            action_short=r.get("action_short", ""),
        )
    return recs, data.get("texts", {})


# Frameworks put in place by the caller (``--framework``), by year; they win over every folder.
_EXPLICIT: dict[int, Framework] = {}


def env_folders() -> list[Path]:
    """The folders named in ``ITA_XL_FRAMEWORKS``, in order."""
    raw = os.environ.get("ITA_XL_FRAMEWORKS", "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]


def _year_dirs(folder: Path) -> Iterator[tuple[int, Path]]:
    """A framework folder itself, or its year subfolders."""
    if (folder / "framework.toml").is_file():
        try:
            year = int(read_toml(folder / "framework.toml").get("year", 0))
        except (OSError, tomllib.TOMLDecodeError, ValueError, TypeError):
            return
        if year:
            yield year, folder
        return
    if not folder.is_dir():
        return
    for p in sorted(folder.iterdir()):
        if p.is_dir() and p.name.isdigit() and (p / "framework.toml").is_file():
            yield int(p.name), p


@lru_cache(maxsize=1)
def shipped_years() -> tuple[int, ...]:
    return tuple(sorted(int(p.name) for p in FRAMEWORKS.iterdir() if p.is_dir() and p.name.isdigit()))


def _stamp(folder: Path, deep: bool = False) -> tuple:
    """What changes when ``folder``'s files (``deep``: or its subfolders' files) change."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return ()
    out = []
    for e in entries:
        try:
            st = e.stat()
        except OSError:
            continue
        out.append((e.name, st.st_mtime_ns, st.st_size))
        if deep and e.is_dir():
            out.append(_stamp(Path(e.path)))
    return tuple(out)


def _env_dirs() -> dict[int, Path]:
    raw = os.environ.get("ITA_XL_FRAMEWORKS", "")
    return _env_dirs_of(raw, tuple(_stamp(f, deep=True) for f in env_folders()))


@lru_cache(maxsize=8)
def _env_dirs_of(raw: str, stamps: tuple = ()) -> dict[int, Path]:  # noqa: ARG001 - the cache key
    out: dict[int, Path] = {}
    for folder in env_folders():
        for year, path in _year_dirs(folder):
            out.setdefault(year, path)
    return out


def folder_of(year: int) -> Path | None:
    """Where ``load(year)`` reads from (None: put in place by the caller, or unknown)."""
    if year in _EXPLICIT:
        return None
    env = _env_dirs()
    if year in env:
        return env[year]
    path = FRAMEWORKS / str(year)
    return path if (path / "framework.toml").exists() else None


def available_years() -> tuple[int, ...]:
    """Every year a framework is known for: put in place, in ``ITA_XL_FRAMEWORKS``, or shipped."""
    return tuple(sorted(set(shipped_years()) | set(_env_dirs()) | set(_EXPLICIT)))


def use(fw: Framework) -> None:
    """Put a framework in place for its year (``--framework``): :func:`load` returns it."""
    _EXPLICIT[fw.year] = fw


def forget(year: int | None = None) -> None:
    """Undo :func:`use` (for one year, or all)."""
    if year is None:
        _EXPLICIT.clear()
    else:
        _EXPLICIT.pop(year, None)


def explicit(year: int) -> Framework | None:
    """The framework the caller put in place for ``year``, if any."""
    return _EXPLICIT.get(year)


def analyze(case: AgencyCase, fw: Framework | None = None) -> engine.Result:
    """:func:`ita_xl.core.engine.analyze` under ``fw``, else the case's own framework, else its year's."""
    return engine.analyze(case, fw or case.framework or load(case.scores.year))


@contextmanager
def using(fw: Framework | None) -> Iterator[None]:
    """:func:`load` returns ``fw`` for its year inside the block (a workbook's own copy)."""
    if fw is None or _EXPLICIT.get(fw.year) is not None:
        yield
        return
    _EXPLICIT[fw.year] = fw
    try:
        yield
    finally:
        if _EXPLICIT.get(fw.year) is fw:
            del _EXPLICIT[fw.year]


def load(year: int) -> Framework:
    """The framework of an assessment year (BE).

    >>> fw = load(2566)
    >>> fw.indicator(4).name, fw.questions["i24"].indicator, len(fw.questions)
    ('การใช้ทรัพย์สินของราชการ', 4, 88)
    """
    fw = _EXPLICIT.get(year)
    if fw is not None:
        return fw
    path = folder_of(year)
    if path is None:
        raise KeyError(f"no ITA framework for year {year}; have {available_years()}")
    return _load_cached(str(path), _stamp(path))


@lru_cache(maxsize=64)
def _load_cached(path: str, stamp: tuple = ()) -> Framework:  # noqa: ARG001 - the cache key
    return load_folder(Path(path))


def load_folder(folder: str | os.PathLike) -> Framework:
    """A framework from its folder (shipped format). :class:`FrameworkError` names the bad file."""
    folder = Path(folder)
    meta_path = folder / "framework.toml"
    if not meta_path.is_file():
        raise FrameworkError(str(folder), "no framework.toml in this folder")
    try:
        meta = read_toml(meta_path)
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(str(meta_path), f"not valid TOML: {exc}") from None
    try:
        year = int(meta["year"])
    except (KeyError, ValueError, TypeError):
        raise FrameworkError(str(meta_path), "year = <BE year> is missing or not a number") from None
    origin = "shipped" if folder.resolve().parent == FRAMEWORKS.resolve() else str(folder)

    def other(key: str, name: str) -> Path | None:
        src = meta.get(f"{key}_from")
        if src is None:
            p = folder / name
            return p if p.exists() else None
        p = FRAMEWORKS / str(src) / name
        return p if p.exists() else None

    qpath = other("questions", "questions.csv")
    questions = _load_questions(qpath) if qpath else {}
    scheme = str(meta.get("level_scheme", ""))
    if "levels" in meta:
        levels = _levels(meta["levels"])
        scheme = scheme or "custom"
    elif scheme in level_schemes():
        levels = load_levels(scheme)
    else:
        raise FrameworkError(
            str(meta_path), f"level_scheme {scheme!r} is not one of {', '.join(level_schemes())} and no levels are given"
        )
    try:
        weights = {t: float(meta["weights"][t]) for t in TOOLS if t in meta["weights"]}
        indicators = tuple(Indicator(int(i["no"]), i["name"], i["tool"]) for i in meta["indicators"])
    except (KeyError, ValueError, TypeError) as exc:
        raise FrameworkError(str(meta_path), f"weights or indicators incomplete ({exc})") from None
    own_issues = folder / "issues.toml" if "issues_from" not in meta and (folder / "issues.toml").exists() else None
    own_recs = (
        folder / "recommendations.toml"
        if "recommendations_from" not in meta and (folder / "recommendations.toml").exists() else None
    )
    recs, texts = load_recommendations(own_recs)
    fw = Framework(
        year=year,
        level_scheme=scheme,
        levels=levels,
        weights=weights,
        indicators=indicators,
        questions=questions,
        catalog=catalog(),
        subindicators=tuple(
            SubIndicator(s["id"], int(s["indicator"]), s["name"], tuple(s["items"]), s.get("confidence", ""))
            for s in meta.get("oit_subindicators", ())
        ),
        issues=load_issues(own_issues),
        recommendations=recs,
        texts=texts,
        complete=bool(meta.get("complete", True)),
        note=meta.get("note", ""),
        note_th=meta.get("note_th", ""),
        origin=origin,
    )
    issues_src = meta.get("issues_from")
    recs_src = meta.get("recommendations_from")
    return complete_from(fw, int(issues_src) if issues_src else None, int(recs_src) if recs_src else None)


def nearest_source(year: int, exclude: int | None = None) -> Framework | None:
    """The framework nearest to ``year`` that has its own grouping and library (latest on a tie)."""
    best: Framework | None = None
    for y in sorted(available_years(), key=lambda y: (abs(y - year), -y)):
        if y == exclude:
            continue
        try:
            fw = load(y)
        except (KeyError, FrameworkError):
            continue
        if fw.issues and fw.recommendations and fw.derived_from is None:
            best = fw
            break
    return best


def complete_from(fw: Framework, issues_from: int | None = None, recs_from: int | None = None) -> Framework:
    """``fw`` with a grouping and library: its own, else derived from the given or nearest year."""
    if fw.issues and fw.recommendations:
        return fw
    src_i = load(issues_from) if issues_from else None
    src_r = load(recs_from) if recs_from else None
    if (not fw.issues and src_i is None) or (not fw.recommendations and src_r is None):
        near = nearest_source(fw.year, exclude=fw.year)
        src_i = src_i or near
        src_r = src_r or near
    issues = fw.issues or (derive_issues(fw, src_i) if src_i else ())
    if fw.recommendations:
        recs, texts = fw.recommendations, fw.texts
    elif src_r:
        recs, texts = derive_library(fw, src_r), {**src_r.texts, **fw.texts}
    else:
        recs, texts = {}, fw.texts
    derived = (src_i or src_r).year if (src_i or src_r) else None
    return replace(fw, issues=issues, recommendations=recs, texts=texts, derived_from=derived)


