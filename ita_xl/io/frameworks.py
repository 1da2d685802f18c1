"""Frameworks from their folders of data files: reading them, and where a year comes from.

Layout of a framework folder:

- ``framework.toml``: year, level scheme (a name from ``levels.toml`` or its own ``levels``),
  tool weights, indicators, OIT sub-indicators, ``complete``/``note``, and optionally
  ``questions_from`` (reuse another year's question list) and ``issues_from`` /
  ``recommendations_from`` (derive the grouping and library from that year, see
  :mod:`ita_xl.core.framework`): each names a *year* with a known framework, never a folder;
- ``questions.csv``: code, tool, indicator, subindicator, topic, text_th, confidence, note, source;
- ``issues.toml`` (optional): the year's own grouping of questions into issues (ประเด็น);
- ``recommendations.toml`` (optional): finding, measures, owner role and steps per question code,
  with a fallback per indicator.

Where a year comes from (:func:`load`): the folders of ``ITA_XL_FRAMEWORKS`` (``os.pathsep``-separated;
each is a framework folder or a folder of year folders), then the shipped years. A framework given
on the command line (``--framework``) travels as a value, :class:`Frameworks`, passed down to what
reads scores, workbooks and documents; its years win over those. A workbook's own copy (its
framework sheet) is read by the workbook layer and passed in explicitly.

Every framework is validated once, wherever it comes from (:func:`validate`, the rules of
:func:`ita_xl.core.framework.problems`): one with an error is a :class:`FrameworkError` naming its
file and key, never used.

What is read from disk is kept for the process: a batch loads a year once, not once per agency.
The cache is keyed by the modification stamps of every folder the load read (the year's own, and
those of the years it takes questions, issues or recommendations from), so a folder changed between
two commands of one process (the xlwings desktop server) is read anew, with every year derived from it.
"""

from __future__ import annotations

import csv
import os
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ita_xl.core import engine
from ita_xl.core.codes import TOOLS, parse_code, sort_key
from ita_xl.core.framework import (
    Catalog, Framework, Indicator, IssueGroupSpec, IssueSpec, Level, Question, Recommendation, SubIndicator, Topic,
    derive_issues, derive_library,
)
from ita_xl.core.framework import problems as framework_problems
from ita_xl.core.model import AgencyCase
from ita_xl.errors import FrameworkError, InputError, UnknownYear

FRAMEWORKS = Path(str(resources.files("ita_xl") / "frameworks"))


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """What every year shares: ``frameworks/topics.toml`` and ``frameworks/units.toml``."""
    data = read_toml(FRAMEWORKS / "topics.toml") if (FRAMEWORKS / "topics.toml").exists() else {}
    units = read_toml(FRAMEWORKS / "units.toml") if (FRAMEWORKS / "units.toml").exists() else {}
    topics = {
        key: Topic(key, t.get("name", key), t.get("family", ""), t.get("owner", "admin"), int(t.get("due", 3)),
                   tuple(t.get("patterns", ())), t.get("kind", "publish"))
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


def _levels(data: list[dict], where: str = "levels.toml") -> tuple[Level, ...]:
    """Levels from their TOML entries; an entry that is not a level is a FrameworkError naming it
    (``levels[2]``, counted from 1); what a level's values may be is :func:`validate`'s."""
    if not isinstance(data, list):
        raise FrameworkError(f"{where}: levels", "levels must be a list of { label = ..., min = ... }")
    out = []
    for n, lv in enumerate(data, 1):
        try:
            etm = lv.get("every_tool_min")
            out.append(Level(
                label=lv["label"] if isinstance(lv["label"], str) else "",
                min=float(lv["min"]),
                every_tool_min=float(etm) if etm is not None else None,
                passed=bool(lv.get("pass", False)),
                confidence=str(lv.get("confidence", "high")),
            ))
        except KeyError as exc:
            raise FrameworkError(f"{where}: levels[{n}]", f"a level needs {exc.args[0]} = ...") from None
        except (AttributeError, TypeError, ValueError):
            raise FrameworkError(f"{where}: levels[{n}]", f"{lv!r} is not {{ label = ..., min = <0–100> }}") from None
    return tuple(out)


def load_levels(scheme: str) -> tuple[Level, ...]:
    """The levels of a shipped scheme (``frameworks/levels.toml``), highest first."""
    return _levels(level_schemes()[scheme]["levels"], str(FRAMEWORKS / "levels.toml"))


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
    """Where ``load(year)`` reads from (None: unknown)."""
    env = _env_dirs()
    if year in env:
        return env[year]
    path = FRAMEWORKS / str(year)
    return path if (path / "framework.toml").exists() else None


def available_years() -> tuple[int, ...]:
    """Every year a framework is known for: in ``ITA_XL_FRAMEWORKS``, or shipped."""
    return tuple(sorted(set(shipped_years()) | set(_env_dirs())))


def validate(fw: Framework, place=None) -> Framework:
    """``fw``, when :func:`ita_xl.core.framework.problems` finds no error in it; else a
    :class:`FrameworkError` at ``place(key)`` (default: the framework's origin and the key),
    naming the first error and how many more ``ita-xl framework check`` lists."""
    errors = [p for p in framework_problems(fw) if p.severity == "error"]
    if not errors:
        return fw
    first = errors[0]
    where = place(first.key) if place is not None else f"{fw.origin}: {first.key}"
    more = f" (and {len(errors) - 1} more: ita-xl framework check)" if len(errors) > 1 else ""
    raise FrameworkError(where, first.message + more)


@dataclass(frozen=True)
class Frameworks:
    """Frameworks by year, the value ``--framework`` travels as: those ``given`` (each validated; the
    first of a year counts) win for their years over ``ITA_XL_FRAMEWORKS`` and the shipped years
    (:func:`load`). :data:`KNOWN` gives none: the default of every function taking one.

    >>> KNOWN.load(2566).year, KNOWN.given_for(2566), 2566 in KNOWN.years()
    (2566, None, True)
    >>> KNOWN.load(2499)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ita_xl.errors.UnknownYear: framework 2499: no ITA framework for 2499; have (...) / ไม่มีกรอบการประเมินปี 2499
    """

    given: tuple[Framework, ...] = ()

    def __hash__(self) -> int:  # equal by value (a copy sent to a worker is the same), hashed by its years
        return hash(tuple((fw.year, fw.origin) for fw in self.given))

    def __post_init__(self) -> None:
        for fw in self.given:
            validate(fw)

    def given_for(self, year: int) -> Framework | None:
        """The framework given for ``year``, if any."""
        return next((fw for fw in self.given if fw.year == year), None)

    def load(self, year: int) -> Framework:
        """The framework of ``year``: the one given, else :func:`load`'s (an :class:`UnknownYear`
        naming the years known when there is none)."""
        fw = self.given_for(year)
        if fw is not None:
            return fw
        try:
            return load(year)
        except UnknownYear as exc:
            raise UnknownYear(year, self.years()) if self.given else exc from None

    def years(self) -> tuple[int, ...]:
        """Every year a framework is known for: given, in ``ITA_XL_FRAMEWORKS``, or shipped."""
        return tuple(sorted(set(available_years()) | {fw.year for fw in self.given}))

    def with_own(self, fw: Framework | None) -> Frameworks:
        """These frameworks and ``fw`` (a workbook's own copy) for its year, unless one is given for it."""
        if fw is None or self.given_for(fw.year) is not None:
            return self
        return Frameworks((*self.given, fw))

    def check_input(self, years: int | Iterable[int], source: object) -> None:
        """Frameworks given for none of the input's years (one, or its agencies') are an
        :class:`InputError` naming the folder and both years: they would be silently unused. An input
        of many agencies may hold several years; a framework is used for the agencies of its own.

        >>> Frameworks((load(2566),)).check_input([2566, 2567], "scores.csv")
        >>> Frameworks((load(2566),)).check_input(2567, "scores.csv")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ita_xl.errors.InputError: scores.csv: --framework shipped is the framework of 2566, but this input is of 2567: ...
        """
        inputs = sorted({years} if isinstance(years, int) else set(years))
        if not self.given or not inputs or any(self.given_for(y) is not None for y in inputs):
            return
        year = ", ".join(map(str, inputs))
        folder = ", ".join(fw.origin for fw in self.given)
        own = ", ".join(str(fw.year) for fw in self.given)
        raise InputError(
            str(source),
            f"--framework {folder} เป็นกรอบการประเมินปี {own} แต่ข้อมูลนี้เป็นปี {year}: "
            f"ให้กรอบของปี {year} หรือไม่ต้องระบุ --framework",
            f"--framework {folder} is the framework of {own}, but this input is of {year}: "
            f"give the {year} framework, or no --framework",
        )


KNOWN = Frameworks()


def analyze(case: AgencyCase, fw: Framework | None = None, frameworks: Frameworks = KNOWN) -> engine.Result:
    """:func:`ita_xl.core.engine.analyze` under ``fw``, else the case's own framework, else its year's."""
    return engine.analyze(case, fw or case.framework or frameworks.load(case.scores.year))


def load(year: int) -> Framework:
    """The framework of an assessment year (BE), from ``ITA_XL_FRAMEWORKS`` or shipped; an
    :class:`~ita_xl.errors.UnknownYear` naming the years known when there is none.

    >>> fw = load(2566)
    >>> fw.indicator(4).name, fw.questions["i24"].indicator, len(fw.questions)
    ('การใช้ทรัพย์สินของราชการ', 4, 88)
    """
    path = folder_of(year)
    if path is None:
        raise UnknownYear(year, available_years())
    fw = _load_cached(str(path))
    if fw.year != year:
        raise FrameworkError(f"{path / 'framework.toml'}: year", f"year = {fw.year}, but its folder is {year}")
    reads = _READS.get(str(path), ())
    for loading in _READING.values():  # read for another framework (*_from, nearest_source): it depends on this
        loading.add(year)
        loading.update(reads)
    return fw


_CACHE: dict[str, tuple[tuple, Framework]] = {}  # folder -> (where every year its load read was, framework)
_READS: dict[str, tuple[int, ...]] = {}  # folder -> the other years its last load read (directly or not)
_READING: dict[str, set[int]] = {}  # folders being loaded now -> the other years read so far


def _where(year: int) -> tuple:
    """What changes when another year's framework changes: moved, or its files edited."""
    path = folder_of(year)
    return year, str(path), _stamp(path) if path is not None else ()


def _load_cached(key: str) -> Framework:
    """The framework of a folder, read again when its files changed, or those of a year it was
    derived from (``*_from``, :func:`nearest_source`)."""
    own = _stamp(Path(key))
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == (own, *map(_where, _READS.get(key, ()))):
        return hit[1]
    _READING[key] = set()
    try:
        fw = load_folder(Path(key))
    finally:
        _READS[key] = tuple(sorted(_READING.pop(key)))
    _CACHE[key] = (own, *map(_where, _READS[key])), fw  # its own folder as it was before it was read
    return fw


_LOADING: dict[str, int] = {}  # framework folders being read now, and their years: a *_from back is a cycle


def load_folder(folder: str | os.PathLike, validate_it: bool = True) -> Framework:
    """A framework from its folder (shipped format), validated (:func:`validate`; ``framework
    check`` reads it with ``validate_it=False`` to list every problem). A :class:`FrameworkError`
    names the bad file and key.

    ``questions_from``, ``issues_from`` and ``recommendations_from`` name another *year* whose
    framework is known (``ITA_XL_FRAMEWORKS``, shipped), never a path: a framework
    reads no file outside its own folder.
    """
    folder = Path(folder)
    meta_path = folder / "framework.toml"
    if not meta_path.is_file():
        raise FrameworkError(str(folder), "no framework.toml in this folder")
    try:
        meta = read_toml(meta_path)
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(str(meta_path), f"not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise FrameworkError(str(meta_path), "not UTF-8 text") from None
    try:
        year = int(meta["year"])
    except (KeyError, ValueError, TypeError, OverflowError):
        raise FrameworkError(f"{meta_path}: year", "year = <BE year> is missing or not a number") from None
    origin = "shipped" if folder.resolve().parent == FRAMEWORKS.resolve() else str(folder)
    key = str(folder.resolve())
    if key in _LOADING:
        raise FrameworkError(f"{meta_path}: year", "a *_from of another framework leads back to this one (a cycle)")
    _LOADING[key] = year
    try:
        return _read_folder(folder, meta_path, meta, year, origin, validate_it)
    finally:
        _LOADING.pop(key, None)


def _from_year(meta: dict, key: str, meta_path: Path, year: int) -> int | None:
    """The year a ``*_from`` key names: a year with a known framework, not this one, not a path."""
    src = meta.get(key)
    if src is None:
        return None
    y = src if isinstance(src, int) and not isinstance(src, bool) else None
    if isinstance(src, str) and src.strip().isdigit() and len(src.strip()) == 4:
        y = int(src.strip())
    known = [k for k in available_years() if k != year]
    if y is not None and y != year and y in _LOADING.values():
        raise FrameworkError(f"{meta_path}: {key}", f"{y} is being read because it names this framework: a cycle")
    if y is None or y == year or y not in known:
        raise FrameworkError(
            f"{meta_path}: {key}",
            f"{src!r} is not another year with a framework (known: {', '.join(map(str, known))}); "
            "it names a year, never a folder",
        )
    return y


def _read_folder(folder: Path, meta_path: Path, meta: dict, year: int, origin: str, validate_it: bool) -> Framework:
    def read(path: Path, what):
        try:
            return what(path)
        except FrameworkError:
            raise
        except tomllib.TOMLDecodeError as exc:
            raise FrameworkError(str(path), f"not valid TOML: {exc}") from None
        except (UnicodeDecodeError, csv.Error) as exc:
            raise FrameworkError(str(path), f"cannot be read ({exc})") from None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise FrameworkError(str(path), f"an entry is incomplete ({type(exc).__name__}: {exc})") from None

    q_year = _from_year(meta, "questions_from", meta_path, year)
    i_year = _from_year(meta, "issues_from", meta_path, year)
    r_year = _from_year(meta, "recommendations_from", meta_path, year)
    qpath = folder / "questions.csv"
    if q_year is not None:
        questions = dict(load(q_year).questions)
    else:
        questions = read(qpath, _load_questions) if qpath.exists() else {}
    scheme = str(meta.get("level_scheme", ""))
    if "levels" in meta:
        levels = _levels(meta["levels"], str(meta_path))
        scheme = scheme or "custom"
    elif scheme in level_schemes():
        levels = load_levels(scheme)
    else:
        raise FrameworkError(
            f"{meta_path}: level_scheme",
            f"{scheme!r} is not one of {', '.join(level_schemes())} and no levels are given",
        )
    raw_weights = meta.get("weights")
    if not isinstance(raw_weights, dict):
        raise FrameworkError(f"{meta_path}: weights", "weights = { IIT = ..., EIT = ..., OIT = ... } is missing")
    weights = {}
    for t, w in raw_weights.items():
        if not isinstance(w, (int, float)) or isinstance(w, bool):
            raise FrameworkError(f"{meta_path}: weights.{t}", f"weight {w!r} is not a number")
        weights[str(t).upper() if str(t).upper() in TOOLS else str(t)] = float(w)
    indicators = []
    for n, i in enumerate(meta.get("indicators") or (), 1):
        try:
            indicators.append(Indicator(int(i["no"]), str(i["name"]), str(i["tool"])))
        except (KeyError, ValueError, TypeError, AttributeError):
            raise FrameworkError(f"{meta_path}: indicators[{n}]", f"{i!r} is not {{ no = N, name = ..., tool = ... }}") from None
    if not indicators:
        raise FrameworkError(f"{meta_path}: indicators", "no indicators")
    subs = []
    for n, sub in enumerate(meta.get("oit_subindicators") or (), 1):
        try:
            subs.append(SubIndicator(str(sub["id"]), int(sub["indicator"]), str(sub["name"]),
                                     tuple(str(c) for c in sub["items"]), str(sub.get("confidence", ""))))
        except (KeyError, ValueError, TypeError, AttributeError):
            raise FrameworkError(f"{meta_path}: oit_subindicators[{n}]",
                                 f"{sub!r} is not {{ id = ..., indicator = N, name = ..., items = [...] }}") from None
    own_issues = folder / "issues.toml" if i_year is None and (folder / "issues.toml").exists() else None
    own_recs = folder / "recommendations.toml" if r_year is None and (folder / "recommendations.toml").exists() else None
    recs, texts = read(own_recs, load_recommendations) if own_recs else ({}, {})
    fw = Framework(
        year=year,
        level_scheme=scheme,
        levels=levels,
        weights=weights,
        indicators=tuple(indicators),
        questions=questions,
        catalog=catalog(),
        subindicators=tuple(subs),
        issues=read(own_issues, load_issues) if own_issues else (),
        recommendations=recs,
        texts=texts,
        complete=bool(meta.get("complete", True)),
        note=str(meta.get("note", "")),
        note_th=str(meta.get("note_th", "")),
        origin=origin,
    )
    if validate_it:
        validate(fw, lambda key: _place(key, meta_path, qpath, q_year, own_issues))
    return complete_from(fw, i_year, r_year)


def _place(key: str, meta_path: Path, qpath: Path, q_year: int | None, issues: Path | None) -> str:
    """The file and key a problem of :func:`ita_xl.core.framework.problems` sits at in a folder."""
    head, _, rest = key.partition(".")
    if head == "questions":
        return f"{meta_path}: questions_from ({rest})" if q_year is not None else f"{qpath}: {rest}"
    if head == "issues" and issues is not None:
        return f"{issues}: issue {rest}"
    return f"{meta_path}: {key}"


def nearest_source(year: int, exclude: int | None = None) -> Framework | None:
    """The framework nearest to ``year`` that has its own grouping and library (latest on a tie)."""
    best: Framework | None = None
    for y in sorted(available_years(), key=lambda y: (abs(y - year), -y)):
        if y == exclude:
            continue
        try:
            fw = load(y)
        except FrameworkError:  # an UnknownYear cannot be: y is known
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


