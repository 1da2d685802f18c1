"""The one parser for question codes as real documents write them."""

from __future__ import annotations

import re

from ita_xl.core.thai import arabic_digits

TOOLS = ("IIT", "EIT", "OIT")
_LETTER_TOOL = {"i": "IIT", "e": "EIT", "o": "OIT"}
_TOOL_LETTER = {"IIT": "i", "EIT": "e", "OIT": "O"}

_CODE = re.compile(
    r"^(?:ข้อ(?:ที่)?)?\s*(?:(?P<letter>[ieo])\s*\.?\s*)?(?P<num>\d{1,3})$", re.IGNORECASE
)
_INDICATOR = re.compile(r"^(?:ind(?:icator)?|ตัวชี้วัด(?:ที่)?)\s*\.?\s*(?P<num>\d{1,2})$", re.IGNORECASE)
_TOTAL = {"total", "คะแนนรวม", "รวม", "overall"}
_TOOL_ROW = re.compile(r"^(?P<tool>iit|eit|oit)$", re.IGNORECASE)


def _clean(text: object) -> str:
    s = arabic_digits(str(text)).strip()
    s = s.replace("\u200b", "").replace("\xa0", " ")
    return re.sub(r"\s+", " ", s)


def parse_code(text: object, tool: str | None = None) -> str | None:
    """Normalise a question code; ``None`` when it is not one.

    Tool letter lowercase for i/e, upper case O. A bare number needs the tool.

    >>> [parse_code(s) for s in ["i24", "I24", "ข้อ i๒๔", "E1", "e๑", "O๓๔", "o 7"]]
    ['i24', 'i24', 'i24', 'e1', 'e1', 'O34', 'O7']
    >>> parse_code("๒๗", tool="IIT"), parse_code("๒๗")
    ('i27', None)
    """
    m = _CODE.match(_clean(text))
    if not m:
        return None
    num = int(m.group("num"))
    if num == 0:
        return None
    letter = m.group("letter")
    if letter:
        t = _LETTER_TOOL[letter.lower()]
    elif tool in _TOOL_LETTER:
        t = tool
    else:
        return None
    return f"{_TOOL_LETTER[t]}{num}"


def tool_of(code: str) -> str:
    """The tool a normalised code belongs to.

    >>> tool_of("e14"), tool_of("O3")
    ('EIT', 'OIT')
    """
    return _LETTER_TOOL[code[0].lower()]


def code_number(code: str) -> int:
    """The number of a normalised code.

    >>> code_number("O34")
    34
    """
    return int(code[1:])


def sort_key(code: str) -> tuple[int, int]:
    """Order codes as the ITA does: IIT, EIT, OIT, then by number.

    >>> sorted(["O1", "e2", "i10", "i2"], key=sort_key)
    ['i2', 'i10', 'e2', 'O1']
    """
    return TOOLS.index(tool_of(code)), code_number(code)


def parse_row_key(text: object) -> tuple[str, object] | None:
    """Classify the key column of a score row.

    Returns ``("question", code)``, ``("indicator", n)``, ``("tool", "IIT")``,
    ``("total", None)`` or ``None``.

    >>> parse_row_key("ind7"), parse_row_key("ตัวชี้วัดที่ ๑๐"), parse_row_key("Total")
    (('indicator', 7), ('indicator', 10), ('total', None))
    >>> parse_row_key("ข้อ E๑๑"), parse_row_key("OIT"), parse_row_key("x1")
    (('question', 'e11'), ('tool', 'OIT'), None)
    """
    s = _clean(text)
    if s.lower() in _TOTAL:
        return ("total", None)
    m = _INDICATOR.match(s)
    if m:
        return ("indicator", int(m.group("num")))
    m = _TOOL_ROW.match(s)
    if m:
        return ("tool", m.group("tool").upper())
    code = parse_code(s)
    return ("question", code) if code else None


CODE_IN_TEXT = re.compile(r"(?<![A-Za-z])([iIeEoO])\s?([0-9๐-๙]{1,3})(?![0-9๐-๙])")


def codes_in_text(text: str) -> list[str]:
    """Question codes cited in running Thai text.

    >>> codes_in_text("โดยพิจารณาจากข้อคำถาม e๑๔ หน่วยงาน... และ i๒๙ หาก")
    ['e14', 'i29']
    """
    out = []
    for letter, num in CODE_IN_TEXT.findall(text or ""):
        code = parse_code(f"{letter}{num}")
        if code and code not in out:
            out.append(code)
    return out
