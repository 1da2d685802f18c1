"""Read an agency case file (TOML): organisation, settings, texts, and a link to its scores."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from ita_xl.core.model import AgencyCase, Org, Settings
from ita_xl.errors import InputError
from ita_xl.io.frameworks import KNOWN, Frameworks
from ita_xl.io.scores import read_scores

SAMPLE = Path(str(resources.files("ita_xl") / "samples" / "lampang_pao_2566.toml"))


def read_case(path: str | Path, frameworks: Frameworks = KNOWN) -> AgencyCase:
    """A case file: ``year``, ``scores`` (path of a one-agency score file), ``[org]``, ``[settings]``,
    ``[texts]``, ``plan_year``, ``[history]`` (year → indicator → score)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise InputError(str(path), "ไม่พบไฟล์", "file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"ไฟล์ TOML ไม่ถูกต้อง: {exc}", f"not valid TOML: {exc}") from None
    org_d = data.get("org") or {}
    if not org_d.get("name"):
        raise InputError(str(path), "ไม่ได้ระบุชื่อหน่วยงาน [org] name", "missing [org] name", cell="org.name")
    if "scores" not in data or "year" not in data:
        raise InputError(str(path), "ต้องระบุ year และ scores", "needs 'year' and 'scores'")
    scores_path = (path.parent / data["scores"]).resolve()
    found = read_scores(scores_path, int(data["year"]), frameworks=frameworks)
    if len(found) != 1:
        raise InputError(str(scores_path), "ไฟล์คะแนนต้องมีหน่วยงานเดียว", "the score file must hold one agency")
    org = Org(
        name=org_d["name"],
        id=str(org_d.get("id", "")),
        org_type=org_d.get("org_type", ""),
        district=org_d.get("district", ""),
        province=org_d.get("province", ""),
        head_name=org_d.get("head_name", ""),
        head_position=org_d.get("head_position", ""),
        units=dict(org_d.get("units", {})),
    )
    st = data.get("settings", {})
    settings = Settings(
        threshold=float(st.get("threshold", 100.0)),
        numerals=st.get("numerals", "thai"),
        target=float(st.get("target", 100.0)),
    )
    texts = {k: v for k, v in (data.get("texts") or {}).items() if isinstance(v, str)}
    history = {
        int(y): {int(n): float(v) for n, v in inds.items()} for y, inds in (data.get("history") or {}).items()
    }
    return AgencyCase(
        org=org,
        scores=found[0].scores,
        settings=settings,
        history=history,
        plan_year=data.get("plan_year"),
        texts=texts,
        texts_where={k: f"{path.name}:texts.{k}" for k in texts} | {"plan_year": f"{path.name}:plan_year"},
    )


def sample_case() -> AgencyCase:
    """The bundled sample: the seed agency's 2566 scores, stated table and texts."""
    return read_case(SAMPLE)
