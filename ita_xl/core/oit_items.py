"""OIT items named by what they are: the item's title in the year's questions, its topic's kind (data
to publish, or a working system such as E-Service to provide), or, when the year's data knows no
title (2569 O5-O7), its code and indicator (the export's finding asks staff for the title)."""

from __future__ import annotations

import re

from ita_xl.core.framework import Framework
from ita_xl.core.thai import and_list, digits


def item_kind(fw: Framework, code: str) -> str:
    """``"publish"``, ``"system"`` (its topic's kind) or ``"unknown"`` (no title in the year's data).

    >>> from ita_xl.io.frameworks import load
    >>> fw = load(2569)
    >>> item_kind(fw, "O10"), item_kind(fw, "O26"), item_kind(fw, "O5")
    ('system', 'publish', 'unknown')
    """
    q = fw.questions[code]
    if not q.text:
        return "unknown"
    topic = fw.catalog.topics.get(q.topic)
    return topic.kind if topic else "publish"


def one_bracket(text: str) -> str:
    """A title's own Thai note in brackets and the code after it in one pair of brackets: the 2569
    title of O26 ends "(ปีงบประมาณก่อน)", and "(ปีงบประมาณก่อน) (ข้อ O26 …)" read twice bracketed (and
    LibreOffice broke the line after the second "("). A name in brackets stays as it is.

    >>> one_bracket("รายงานผล (ปีงบประมาณก่อน) (ข้อ O26 ประเด็นที่ 7)")
    'รายงานผล (ปีงบประมาณก่อน ข้อ O26 ประเด็นที่ 7)'
    >>> one_bracket("ระบบ (E-Service) (ข้อ O10)")
    'ระบบ (E-Service) (ข้อ O10)'
    """
    return re.sub(r"\(([\u0e00-\u0e7f][^()]*)\) \((ข้อ [^()]*)\)", r"(\1 \2)", text)


def item_title(fw: Framework, code: str) -> str:
    """What an OIT item is, as the plan's urgent row names it: its title in the year's questions,
    else its topic's name ("" when the data knows neither).

    >>> from ita_xl.io.frameworks import load
    >>> item_title(load(2569), "O10"), item_title(load(2569), "O5")
    ('ระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service)', '')
    """
    q = fw.questions[code]
    topic = fw.catalog.topics.get(q.topic)
    return q.text or (topic.name if topic else "")


def item_names(fw: Framework, codes: list[str], numerals: str) -> str:
    """OIT items named by what they are, their codes in brackets as the plan's topics have them
    (``topics.toml`` [texts] ``oit_item``, ``oit_item_unknown``: {item} {code}), joined by "และ".

    >>> from ita_xl.io.frameworks import load
    >>> item_names(load(2569), ["O10", "O5"], "arabic")
    'ระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service) (ข้อ O10) และรายการตามข้อ O5'
    >>> item_names(load(2569), ["O5", "O6", "O7"], "arabic")
    'รายการตามข้อ O5 O6 และ O7'
    """
    texts = fw.catalog.texts
    out, unknown = [], []
    for code in codes:
        title = item_title(fw, code)
        if title:
            out.append(texts.get("oit_item", "{item} (ข้อ {code})").format(item=title, code=code))
        else:
            unknown.append(code)
    if unknown:  # "รายการตามข้อ O5 O6 และ O7", not the phrase once for each
        out.append(texts.get("oit_item_unknown", "รายการตามข้อ {code}").format(code=and_list(unknown)))
    return digits(one_bracket(and_list(out)), numerals)


def group_action(fw: Framework, codes: list[str], numerals: str) -> str:
    """The improve column of an OIT group: what the items below the threshold need, each by what it
    is (the group's other items are at 100 and need nothing). Texts: ``topics.toml`` [texts]
    ``oit_action``, ``oit_action_system``, ``oit_action_unknown`` ({what} {code} {codes}).

    >>> from ita_xl.io.frameworks import load
    >>> fw = load(2569)
    >>> group_action(fw, ["O10"], "arabic")
    'จัดให้มีระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service) ที่ใช้งานได้จริง (ข้อ O10)'
    >>> group_action(fw, ["O5", "O6"], "arabic")
    'เผยแพร่ข้อมูลตามข้อ O5 และ O6 ให้ครบถ้วนตามองค์ประกอบที่คู่มือการประเมินกำหนด'
    """
    texts = fw.catalog.texts
    parts: list[str] = []
    unknown = [c for c in codes if item_kind(fw, c) == "unknown"]
    for code in codes:
        kind = item_kind(fw, code)
        if kind == "unknown":
            continue
        q = fw.questions[code]
        topic = fw.catalog.topics.get(q.topic)
        what = topic.name if topic else q.text
        suffix = "" if kind == "publish" else f"_{kind}"
        template = texts.get(f"oit_action{suffix}", texts.get("oit_action", "เผยแพร่{what}ให้ครบถ้วนตามเกณฑ์ (ข้อ {code})"))
        parts.append(template.format(what=what, code=code))
    if unknown:
        template = texts.get("oit_action_unknown", "เผยแพร่ข้อมูลตามข้อ {codes} ให้ครบถ้วน")
        parts.append(template.format(codes=and_list(unknown)))
    return digits(and_list(parts), numerals)
