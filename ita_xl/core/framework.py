"""The ITA framework of one assessment year, loaded from a folder of data files.

Nothing here knows any one year: a year is a folder, shipped under ``ita_xl/frameworks`` or the
user's own. Layout of a framework folder:

- ``framework.toml``: year, level scheme (a name from ``levels.toml`` or its own ``levels``),
  tool weights, indicators, OIT sub-indicators, ``complete``/``note``, and optionally
  ``questions_from`` (reuse another year's question list) and ``issues_from`` /
  ``recommendations_from`` (derive the grouping and library from that year, see below);
- ``questions.csv``: code, tool, indicator, subindicator, topic, text_th, confidence, note, source;
- ``issues.toml`` (optional): the year's own grouping of questions into issues (ประเด็น);
- ``recommendations.toml`` (optional): finding, measures, owner role and steps per question code,
  with a fallback per indicator.

A year without its own grouping or library gets one derived from the nearest year that has
them (:func:`derive_issues`, :func:`derive_library`): IIT/EIT questions by code where the code
keeps its indicator, OIT items by their topic (``topics.toml``), since OIT codes are renumbered
every year. Every question then sits in some issue.

Where a year comes from (:func:`load`): a framework the caller put in place (``--framework``,
:func:`use`), then the folders of ``ITA_XL_FRAMEWORKS`` (``os.pathsep``-separated; each is a
framework folder or a folder of year folders), then the shipped years. A workbook's own copy
(its framework sheet) is read by the workbook layer and passed in explicitly.
"""

from __future__ import annotations

import csv
import os
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .codes import TOOLS, sort_key

FRAMEWORKS = Path(str(resources.files("ita_xl") / "frameworks"))


@dataclass(frozen=True)
class Indicator:
    no: int
    name: str
    tool: str


@dataclass(frozen=True)
class Question:
    code: str
    tool: str
    indicator: int
    text: str
    confidence: str  # "official", "seed", "unverified"
    source: str = ""
    note: str = ""
    subindicator: str = ""
    topic: str = ""  # a key of topics.toml (OIT items); what persists when codes are renumbered


@dataclass(frozen=True)
class SubIndicator:
    id: str
    indicator: int
    name: str
    items: tuple[str, ...]
    confidence: str = ""


@dataclass(frozen=True)
class Level:
    label: str
    min: float
    every_tool_min: float | None = None
    passed: bool = False
    confidence: str = "high"


@dataclass(frozen=True)
class IssueGroupSpec:
    tool: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class IssueSpec:
    no: int
    title: str
    groups: tuple[IssueGroupSpec, ...]
    plan_topic: str = ""

    @property
    def codes(self) -> list[str]:
        return [c for g in self.groups for c in g.codes]


@dataclass(frozen=True)
class Recommendation:
    key: str  # question code or "ind6"
    finding: str
    measures: tuple[str, ...]
    owner: str  # a unit role, resolved through the agency's units
    steps: tuple[str, ...]
    action_short: str = ""


@dataclass
class Framework:
    year: int
    level_scheme: str
    levels: tuple[Level, ...]
    weights: dict[str, float]
    indicators: tuple[Indicator, ...]
    questions: dict[str, Question]
    subindicators: tuple[SubIndicator, ...] = ()
    issues: tuple[IssueSpec, ...] = ()
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # maintain/improve texts, paragraph templates
    complete: bool = True
    note: str = ""
    note_th: str = ""  # the note as a Thai finding gives it (``note`` when empty)
    origin: str = "shipped"  # "shipped", a folder path, or "workbook"
    derived_from: int | None = None  # the year the grouping/library were derived from

    def indicator(self, no: int) -> Indicator:
        for ind in self.indicators:
            if ind.no == no:
                return ind
        raise KeyError(no)

    def indicators_of(self, tool: str) -> list[Indicator]:
        return [i for i in self.indicators if i.tool == tool]

    def questions_of(self, indicator: int) -> list[str]:
        return list(codes_by_indicator(self).get(indicator, ()))

    def recommendation(self, code: str) -> Recommendation | None:
        """The library entry for a question, else its indicator's fallback."""
        if code in self.recommendations:
            return self.recommendations[code]
        q = self.questions.get(code)
        return self.recommendations.get(f"ind{q.indicator}") if q else None


# Question codes by indicator, sorted, per framework object. The entry is checked against the
# framework's question dict (same keys and the same frozen Question objects, compared by
# identity, so a cheap look) and rebuilt when anything there changed.
_BY_INDICATOR: dict[int, tuple[Framework, list[str], list[Question], dict[int, tuple[str, ...]]]] = {}


def codes_by_indicator(fw: Framework) -> dict[int, tuple[str, ...]]:
    """``{indicator: codes}`` as :meth:`Framework.questions_of` gives them (do not change it)."""
    keys, values = list(fw.questions), list(fw.questions.values())
    hit = _BY_INDICATOR.get(id(fw))
    if hit is not None and hit[0] is fw and hit[1] == keys and hit[2] == values:
        return hit[3]
    by: dict[int, list[str]] = {}
    for c, q in fw.questions.items():
        by.setdefault(q.indicator, []).append(c)
    out = {no: tuple(sorted(codes, key=sort_key)) for no, codes in by.items()}
    if len(_BY_INDICATOR) >= 64:
        _BY_INDICATOR.clear()
    _BY_INDICATOR[id(fw)] = (fw, keys, values, out)
    return out



# ------------------------------------------------------------------------------------- topics


@dataclass(frozen=True)
class Topic:
    key: str
    name: str  # what to publish, as a measure names it
    family: str = ""
    owner: str = "admin"
    due: int = 3  # month of the plan's fiscal year by whose end the item must be published
    patterns: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _topics_data() -> dict:
    path = FRAMEWORKS / "topics.toml"
    return _read_toml(path) if path.exists() else {}


def topics() -> dict[str, Topic]:
    """The OIT topics (``frameworks/topics.toml``) by key."""
    return _topics()


@lru_cache(maxsize=1)
def _topics() -> dict[str, Topic]:
    return {
        key: Topic(key, t.get("name", key), t.get("family", ""), t.get("owner", "admin"), int(t.get("due", 3)),
                   tuple(t.get("patterns", ())))
        for key, t in _topics_data().get("topics", {}).items()
    }


def topic_texts() -> dict:
    """The texts of the urgent OIT measure and its paragraph sentence (``topics.toml [texts]``)."""
    return _topics_data().get("texts", {})


@lru_cache(maxsize=4096)
def infer_topic(text: str) -> str:
    """The topic of an OIT item from its wording ("" when none fits).

    >>> infer_topic("รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ และความก้าวหน้าการจัดซื้อจัดจ้าง")
    'procurement_notices'
    >>> infer_topic("การประเมินความเสี่ยงการทุจริตในหน่วยงานภาครัฐ"), infer_topic("UNKNOWN – not retrieved")
    ('risk_assessment', '')
    """
    for key, t in _topics().items():
        for pat in t.patterns:
            if re.search(pat, text, re.IGNORECASE):
                return key
    return ""


# ------------------------------------------------------------------------------------- loading


def _read_toml(path: Path) -> dict:
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
    from .codes import parse_code  # noqa: PLC0415

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
    return _read_toml(FRAMEWORKS / "levels.toml")["schemes"]


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
        for it in _read_toml(path)["issues"]
    )


def load_recommendations(path: Path | None) -> tuple[dict[str, Recommendation], dict]:
    """A library file (``recommendations.toml``): its entries by code, and its ``[texts]``."""
    if path is None:
        return {}, {}
    data = _read_toml(path)
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
            year = int(_read_toml(folder / "framework.toml").get("year", 0))
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


def shipped_years() -> tuple[int, ...]:
    return _shipped_years()


@lru_cache(maxsize=1)
def _shipped_years() -> tuple[int, ...]:
    return tuple(sorted(int(p.name) for p in FRAMEWORKS.iterdir() if p.is_dir() and p.name.isdigit()))


def _env_dirs() -> dict[int, Path]:
    return _env_dirs_of(os.environ.get("ITA_XL_FRAMEWORKS", ""))


@lru_cache(maxsize=8)
def _env_dirs_of(raw: str) -> dict[int, Path]:
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
    return tuple(sorted(set(_shipped_years()) | set(_env_dirs()) | set(_EXPLICIT)))


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
    return _load_cached(str(path))


@lru_cache(maxsize=64)
def _load_cached(path: str) -> Framework:
    return load_folder(Path(path))


def load_folder(folder: str | os.PathLike) -> Framework:
    """A framework from its folder (shipped format). :class:`FrameworkError` names the bad file."""
    folder = Path(folder)
    meta_path = folder / "framework.toml"
    if not meta_path.is_file():
        raise FrameworkError(str(folder), "no framework.toml in this folder")
    try:
        meta = _read_toml(meta_path)
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


def unknown_code_message(fw: Framework, code: str) -> tuple[str, str]:
    """Thai and English text for a question code the framework does not know; in a year whose
    data is incomplete it says how to add the code instead of stopping there."""
    th = f"ไม่มีข้อคำถาม {code} ในกรอบการประเมินปี {fw.year}"
    en = f"question {code} does not exist in the {fw.year} framework"
    if not fw.complete:
        th += (f" (ข้อมูลปี {fw.year} ยังไม่ครบ: เพิ่มข้อ {code} พร้อมเครื่องมือ ตัวชี้วัด และข้อความจากระบบ ITAS "
               f"ในแผ่นงาน 'กรอบการประเมิน' ของสมุดงาน หรือสร้างกรอบของปีนี้ด้วย "
               f"ita-xl framework new {fw.year} --from รายการข้อ.csv --out โฟลเดอร์ แล้วใช้ --framework โฟลเดอร์)")
        en += (f" (the {fw.year} data is incomplete: add {code} with its tool, indicator and ITAS wording in the "
               f"workbook's framework sheet, or make this year's framework with "
               f"`ita-xl framework new {fw.year} --from items.csv --out DIR` and pass `--framework DIR`)")
    return th, en


# ------------------------------------------------------------------------------------- deriving


def _topic_family(topic: str) -> str:
    t = _topics().get(topic)
    return t.family if t else ""


def _matches(fw: Framework, src: Framework, code: str) -> list[str]:
    """The codes of ``fw`` that carry what ``code`` of ``src`` asked."""
    sq = src.questions.get(code)
    if sq is None:
        return []
    if sq.tool != "OIT":
        q = fw.questions.get(code)
        if q is not None and q.tool == sq.tool and q.indicator == sq.indicator:
            return [code]
        if not sq.topic:
            return []
    if not sq.topic:
        return []
    return [c for c, q in fw.questions.items() if q.tool == sq.tool and q.topic == sq.topic]


def place_uncovered(
    fw: Framework, specs: tuple[IssueSpec, ...], codes: list[str], new_title: str = ""
) -> tuple[tuple[IssueSpec, ...], dict[str, int]]:
    """Put each code that no issue cites into the issue where it belongs best.

    The issue that holds the most questions of the same topic family (OIT), else of the same
    indicator, else of the same tool; a code that fits nowhere goes into a new last issue.
    Returns the grouping and ``{code: issue no}`` of what was placed.
    """
    issues = [[s.no, s.title, s.plan_topic, [[g.tool, list(g.codes)] for g in s.groups]] for s in specs]
    cited = {c for s in specs for c in s.codes}
    placed: dict[str, int] = {}
    for code in codes:
        if code in cited or code not in fw.questions:
            continue
        q = fw.questions[code]
        fam = _topic_family(q.topic) if q.tool == "OIT" else ""

        def score(issue, pred) -> int:
            return sum(1 for _, cs in issue[3] for c in cs if c in fw.questions and pred(fw.questions[c]))

        related = set(_topics_data().get("families", {}).get(fam, ())) if fam else set()
        target = None
        for pred in (
            (lambda o: fam and o.tool == "OIT" and _topic_family(o.topic) == fam),
            (lambda o: o.tool != "OIT" and o.indicator in related),
            (lambda o: o.indicator == q.indicator),
            (lambda o: o.tool == q.tool),
        ):
            best = max(issues, key=lambda it: score(it, pred), default=None)
            if best is not None and score(best, pred) > 0:
                target = best
                break
        if target is None:
            title = new_title or topic_texts().get("unplaced_issue", "ข้อคำถามที่ยังไม่ได้จัดเข้าประเด็น")
            target = [max((it[0] for it in issues), default=0) + 1, title, title, []]
            issues.append(target)
        group = next((g for g in target[3] if g[0] == q.tool), None)
        if group is None:
            group = [q.tool, []]
            target[3].append(group)
            target[3].sort(key=lambda g: TOOLS.index(g[0]) if g[0] in TOOLS else 9)
        group[1].append(code)
        group[1].sort(key=sort_key)
        cited.add(code)
        placed[code] = target[0]
    out = tuple(
        IssueSpec(no, title, tuple(IssueGroupSpec(t, tuple(cs)) for t, cs in groups if cs), topic)
        for no, title, topic, groups in issues
    )
    return out, placed


def derive_issues(fw: Framework, src: Framework) -> tuple[IssueSpec, ...]:
    """The grouping of ``src`` carried to ``fw`` by code+indicator (IIT/EIT) and topic (OIT);
    every question of ``fw`` ends up in an issue."""
    specs = []
    for spec in src.issues:
        groups = []
        for g in spec.groups:
            codes: list[str] = []
            for c in g.codes:
                for m in _matches(fw, src, c):
                    if m not in codes and fw.questions[m].tool == g.tool:
                        codes.append(m)
            if codes:
                groups.append(IssueGroupSpec(g.tool, tuple(sorted(codes, key=sort_key))))
        specs.append(IssueSpec(spec.no, spec.title, tuple(groups), spec.plan_topic))
    out, _ = place_uncovered(fw, tuple(specs), list(fw.questions))
    return tuple(s for s in out if s.groups)


def derive_library(fw: Framework, src: Framework) -> dict[str, Recommendation]:
    """The library of ``src`` for the questions of ``fw``: by code where it keeps its indicator
    (IIT/EIT), by topic (OIT), and the per-indicator fallbacks where the indicator is the same."""
    out: dict[str, Recommendation] = {}
    by_topic: dict[tuple[str, str], Recommendation] = {}
    for code, rec in src.recommendations.items():
        q = src.questions.get(code)
        if q is not None and q.topic:
            by_topic.setdefault((q.tool, q.topic), rec)
    for code, q in fw.questions.items():
        sq = src.questions.get(code)
        rec = None
        if q.tool != "OIT" and sq is not None and sq.tool == q.tool and sq.indicator == q.indicator:
            rec = src.recommendations.get(code)
        if rec is None and q.topic:
            rec = by_topic.get((q.tool, q.topic))
        if rec is not None:
            out[code] = replace(rec, key=code)
    for ind in fw.indicators:
        key = f"ind{ind.no}"
        if key in src.recommendations:
            try:
                same = src.indicator(ind.no).tool == ind.tool
            except KeyError:
                same = False
            if same:
                out[key] = src.recommendations[key]
    return out
