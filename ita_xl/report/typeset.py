"""Line breaking of Thai official print: lines break between words only, never inside a word, a
number, a date, an abbreviation or the agency's name.

LibreOffice (and Word) break Thai with their own dictionary, which splits compounds ("ตัว|ชี้วัด",
"ปีงบ|ประมาณ") and proper names ("หนองบัว|ทอง"); a no-break space or word joiner does not hold
there (U+2060 even lets a line break inside a character cluster). So the text is cut into *units*
here: words from PyThaiNLP's dictionary (newmm) with the office terms and names of
``frameworks/typeset.toml``, numbers, dates, abbreviations ("ธ.ค.", "อบต."), codes ("i๒๔"), a "("
kept with the word after it and ")", "," or "ๆ" with the word before. Between two units that touch
a zero width space (U+200B) marks the break; inside a unit a zero width no-break space (U+FEFF)
stands between its character clusters, which no layout engine breaks. A date's spaces become
no-break spaces. Neither mark is in the text a reader copies from the PDF (``pdftotext``).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from ita_xl.core.thai import MONTHS, SHORT_MONTHS

NBSP = "\u00a0"
WJ = "\u2060"
ZWSP = "\u200b"  # a break between two units
ZWNBSP = "\ufeff"  # no break between two clusters of a unit
MARKS = ZWSP + ZWNBSP + WJ

_D = "[0-9๐-๙]"
_MONTH = "|".join([*MONTHS, *(re.escape(m) for m in SHORT_MONTHS)])
# The pieces that are never cut by the dictionary, in the order they are tried.
_TOKEN = re.compile(
    rf"(?P<url>(?:https?://|www\.)\S+)"
    rf"|(?P<date>(?<!{_D}){_D}{{1,2}} (?:{_MONTH}) (?:พ\.ศ\. )?{_D}{{4}}(?!{_D})|(?:{_MONTH}) (?:พ\.ศ\. )?{_D}{{4}}(?!{_D})"
    rf"|(?:พ\.ศ\.|ค\.ศ\.) {_D}{{4}}(?!{_D}))"
    rf"|(?P<range>[A-Za-z]?{_D}+ ?[-–] ?[A-Za-z]?{_D}+(?!{_D}))"  # items "O๕ – O๑๐": never broken at the dash
    rf"|(?P<abbr>[ก-ฮ]{{1,4}}\.(?:[ก-ฮ]{{1,4}}\.)*)"
    rf"|(?P<number>{_D}+(?:[.,:/]{_D}+)*%?)"
    rf"|(?P<latin>[A-Za-z][A-Za-z0-9๐-๙_@&+'’.–-]*[A-Za-z0-9๐-๙])|(?P<letter>[A-Za-z])"
    rf"|(?P<thai>[\u0e01-\u0e3a\u0e40-\u0e4e]+)"
    rf"|(?P<space>\s+)"
    rf"|(?P<other>.)",
    re.S,
)
_OPEN = set("([{“‘")  # kept with the unit after
_QUOTES = set("\"'")
_CODE = re.compile(r"[iIeEoO][0-9๐-๙]+")
_CLOSE = set(")]}”’,.:;!?%ๆฯ")  # kept with the unit before
# Marks that belong to the character before them (no mark may stand between them).
_ATTACHED = re.compile("[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]")
# Marks above and below their base (LibreOffice's Thai justification widens after every other character).
_ABOVE_BELOW = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_DATA = "typeset.toml"
_DASHES = set("-–—")
_URL = re.compile(r"(?:https?://|www\.)")


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(resources.files("ita_xl.frameworks").joinpath(_DATA).read_text(encoding="utf-8"))


def proper_names(names: Iterable[str]) -> set[str]:
    """The proper part of an agency's or place's name, after its type: words kept whole.

    >>> sorted(proper_names(["องค์การบริหารส่วนตำบลหนองบัวทอง", "อำเภอเมือง จังหวัดหนองบัวลำภู"]))
    ['หนองบัวทอง', 'หนองบัวลำภู', 'เมือง']
    """
    prefixes = sorted(_data()["name_prefixes"], key=len, reverse=True)
    out = set()
    for name in names:
        for piece in name.split():
            rest = next((piece[len(p):] for p in prefixes if piece.startswith(p)), piece)
            if re.fullmatch("[\u0e01-\u0e4e]{2,}", rest):
                out.add(rest)
    return out


class _Dictionary:
    """A word trie of the dictionary and ita_xl's office terms, built once per process (half a second),
    with the agency's own words of the document at hand added to it and taken out again when the
    next document brings others (the trie of one agency's report used to be built anew per agency)."""

    def __init__(self, words: set[str]):
        from pythainlp.util import dict_trie  # noqa: PLC0415 (a second to load: only when a report is made)

        self.base = frozenset(words)
        self.trie = dict_trie(self.base)
        self.added: frozenset[str] = frozenset()

    def holding(self, extra: frozenset[str]):
        wanted = extra - self.base
        if wanted != self.added:
            for w in self.added - wanted:
                self.trie.remove(w)
            for w in wanted - self.added:
                self.trie.add(w)
            self.added = wanted
        return self.trie


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    from pythainlp.corpus import thai_words  # noqa: PLC0415

    parts = {p for c in _data()["compounds"] for p in (c.replace("|", ""), *c.split("|"))}
    return _Dictionary(set(thai_words()) | set(_data()["words"]) | parts)


@lru_cache(maxsize=1)
def _narrow_view():
    """A view of a trie that holds only its words that fit a narrow column: what newmm asks a
    dictionary for (``prefixes``) filtered by width. One trie serves both cuts: a second one, of the
    narrow words, took a second to build and 55 MB to hold."""
    from pythainlp.util import Trie  # noqa: PLC0415

    class Narrow(Trie):
        def __init__(self, trie: Trie):
            super().__init__(())
            self.trie = trie

        def prefixes(self, text: str, start: int = 0) -> list[str]:
            return [w for w in self.trie.prefixes(text, start) if width(w) <= CHUNK]

        def __contains__(self, key: str) -> bool:
            return key in self.trie and width(key) <= CHUNK

        def __iter__(self):
            return (w for w in self.trie if width(w) <= CHUNK)

        def __len__(self) -> int:
            return len(self.trie)

    return Narrow


@lru_cache(maxsize=1)
def _narrow_trie():
    """The one narrow view, of the one trie (``holding`` changes that trie in place, the view sees
    it): one object, since pythainlp keeps a longest-match tokenizer per dictionary object."""
    return _narrow_view()(_dictionary().trie)


def _segmenter(extra: frozenset[str], narrow: bool = False):
    """The two cuts of a run by the dictionary and ``extra`` (``narrow``: only words that fit a narrow
    column): newmm's and a longest match's. A boundary is taken only where they agree (``_agreed``).

    newmm takes the fewest words and settles a tie by chance: "องค์|การบริหาร", "ราช|การตาม",
    "ขั้น|ตอนที่", "ดำเนิน|การตาม" (two words either way); a longest match errs elsewhere
    ("ผู้มีส่วน|ได้ส่วน|เสีย", "ลดขั้น|ตอน"). Where they differ the words between their common
    boundaries stay one unit. On the five agencies' documents this took the boundaries inside the
    words a line must not break from 676 to none, for a fifth more time to cut."""
    from pythainlp.tokenize import word_tokenize  # noqa: PLC0415

    trie = _dictionary().holding(extra)
    if narrow:
        trie = _narrow_trie()

    def cuts(text: str) -> tuple[list[str], list[str]]:
        return (word_tokenize(text, custom_dict=trie, engine="newmm", keep_whitespace=True),
                word_tokenize(text, custom_dict=trie, engine="longest", keep_whitespace=True))

    return cuts


def _agreed(text: str, one: list[str], other: list[str]) -> list[str]:
    """``text`` cut where both cuts have a boundary.

    >>> _agreed("ราชการตาม", ["ราช", "การตาม"], ["ราชการ", "ตาม"])
    ['ราชการตาม']
    >>> _agreed("ตัวชี้วัดของ", ["ตัวชี้วัด", "ของ"], ["ตัวชี้วัด", "ของ"])
    ['ตัวชี้วัด', 'ของ']
    """
    def ends(words):
        out, pos = set(), 0
        for w in words:
            pos += len(w)
            out.add(pos)
        return out

    cuts = sorted(ends(one) & ends(other) | {0, len(text)})
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def _parts(word: str) -> list[str]:
    """A compound of ``typeset.toml``'s ``compounds`` cut into its parts ("องค์การ|บริหาร|ส่วน|ตำบล"),
    any other word as it is."""
    return _compounds().get(word, [word])


@lru_cache(maxsize=1)
def _compounds() -> dict[str, list[str]]:
    return {c.replace("|", ""): c.split("|") for c in _data()["compounds"]}


def _words(text: str, extra: frozenset[str]) -> tuple[str, ...]:
    """Dictionary words of a run of Thai letters; a word wider than a narrow column (the
    dictionary's "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ") is cut into the words
    it is made of, so that a line may break between them; an agency type ("องค์การบริหารส่วนตำบล")
    into its parts.

    newmm only ever matches dictionary words found inside the run, so the cut depends on the run
    and on those of ``extra`` it holds: it is remembered by that pair, and the next document (the
    batch writes thousands with the same texts) cuts only what it has new."""
    return _cut(text, frozenset(w for w in extra if w in text))


@lru_cache(maxsize=20_000)
def _cut(text: str, extra: frozenset[str]) -> tuple[str, ...]:
    out: list[str] = []
    for word in _agreed(text, *_segmenter(extra)(text)):
        for part in _parts(word):
            out += [part] if width(part) <= CHUNK else _narrow(part, extra)
    return tuple(out)


def _narrow(text: str, extra: frozenset[str]) -> list[str]:
    """A word or a stretch the two cuts disagree on, wider than a narrow column, cut into words
    that fit: where the cuts agree; a stretch still too wide as the cut that keeps more of it in
    office terms ("กระบวนการ|กำกับ", not "กระบวน|การกำกับ"; "ประจำ|ปีงบประมาณ", not
    "ประจำปี|งบประมาณ"), else as the longest match ("จัดลำดับ|ความสำคัญ")."""
    segment = _segmenter(extra, True)
    out: list[str] = []
    for region in _agreed(text, *segment(text)):
        if width(region) <= CHUNK:
            out.append(region)
            continue
        newmm, longest = segment(region)
        terms = set(_data()["words"])
        kept = [sum(len(w) for w in cut if w in terms) for cut in (newmm, longest)]
        pick = newmm if kept[0] > kept[1] else longest
        out += [p for w in pick for p in _parts(w)]
    return out


def units(text: str, words: Iterable[str] = ()) -> list[str]:
    """``text`` cut into units and the spaces between them (joined they give ``text`` back).

    >>> units("ภายในวันที่ ๓๑ ธ.ค. ๒๕๖๙ (งานการเจ้าหน้าที่) ตัวชี้วัดปีงบประมาณ")
    ['ภายใน', 'วันที่', ' ', '๓๑ ธ.ค. ๒๕๖๙', ' ', '(งานการ', 'เจ้าหน้าที่)', ' ', 'ตัวชี้วัด', 'ปีงบประมาณ']
    >>> units("องค์การบริหารส่วนตำบลหนองบัวทอง", proper_names(["องค์การบริหารส่วนตำบลหนองบัวทอง"]))
    ['องค์การ', 'บริหาร', 'ส่วน', 'ตำบล', 'หนองบัวทอง']
    """
    extra = frozenset(words)
    pieces: list[tuple[str, str]] = []  # (kind, text)
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "thai":
            pieces += [("space" if w.isspace() else "thai", w) for w in _words(m.group(), extra) if w]
        else:
            pieces.append((kind, m.group()))
    out: list[str] = []
    glue_next = False
    for kind, piece in pieces:
        if kind == "space":
            out.append(piece)
            glue_next = False
            continue
        if piece == "ๆ" and len(out) > 1 and out[-1] == " ":  # "ต่าง ๆ": the mark never starts a line
            out.pop()
            out[-1] += " ๆ"
            continue
        before = out[-1] if out and not out[-1].isspace() else None
        if piece in _QUOTES:  # a straight quote opens after a space, closes after a word
            opening = before is None
            if not opening:
                out[-1] += piece
            else:
                out.append(piece)
            glue_next = opening
            continue
        if before is not None and (glue_next or piece[0] in _CLOSE or _ATTACHED.match(piece)
                                   or (kind == "other" and piece not in _OPEN)):
            out[-1] += piece
        else:
            out.append(piece)
        glue_next = piece[-1] in _OPEN
    return out


def _hold(unit: str) -> str:
    """A unit whose character clusters are held together with U+FEFF (none inside Latin or Arabic
    digits, where no engine breaks), and on both sides of a dash ("E-Service", "O๕ – O๑๐"); a
    date's spaces become no-break spaces. A web address breaks after a "/" or a "." only (U+200B
    there: in a narrow cell LibreOffice broke "www.nongbuatho|ng.go.th")."""
    url = bool(_URL.search(unit))
    out = []
    for k, ch in enumerate(unit):
        prev = unit[k - 1] if k else ""
        if url and prev in "/." and ch not in "/." and k > 1:
            out.append(ZWSP)
        # Thai digits too: LibreOffice broke "๒|๕๖๙" and a code "e๑|๑" between them
        elif k and not _ATTACHED.match(ch) and prev not in _OPEN and (
                "\u0e01" <= ch <= "\u0e5b" or "\u0e01" <= prev <= "\u0e5b" or ch in _DASHES or prev in _DASHES):
            out.append(ZWNBSP)
        out.append(NBSP if ch == " " else ch)
    return "".join(out)


def lay(text: str, words: Iterable[str] = ()) -> str:
    """``text`` with its line breaks marked: U+200B between touching units, U+FEFF inside them.
    Remembered by the text and those of ``words`` it holds (the only ones that can change its cut,
    see :func:`_words`): a batch's documents share most of their texts.

    >>> plain(lay("ภายในวันที่ ๓๑ ธ.ค. ๒๕๖๙")) == "ภายในวันที่ ๓๑ ธ.ค. ๒๕๖๙"
    True
    >>> lay("ตัวชี้วัดปีงบประมาณ").split(ZWSP) == [_hold("ตัวชี้วัด"), _hold("ปีงบประมาณ")]
    True
    >>> lay("ที่มี ๒").split(ZWSP) == [_hold("ที่") + ZWNBSP, _hold("มี") + ZWNBSP + " " + "๒"]
    True
    """
    return _lay(text, frozenset(w for w in words if w in text))


@lru_cache(maxsize=20_000)
def _lay(text: str, words: frozenset[str]) -> str:
    out = []
    prev = before = None  # the unit or space before, the unit before that
    for unit in units(text, words):
        if prev is not None and not prev.isspace() and not unit.isspace():
            out.append(ZWSP)
        elif prev == " " and unit[0] in _OPEN and not (before and (_CODE.fullmatch(before) or before[-1] in ")]")):
            # LibreOffice 7.4 broke "หน่วยงาน (ปีงบป|ระมาณก่อน)" inside the bracketed word, whatever
            # held it; a U+FEFF after the space (the space stays, for the reader) keeps it whole. Not
            # after a code (a run of its own, docx._text): there it broke "i๓๐ (ตั|วชี้วัด" instead;
            # nor after a bracket's close: the U+FEFF takes the break at the space, and "(E-Service)
            # (ข้อ O๑๐)" was then one unit wider than its cell, broken at "(ข้|อ"
            out.append(ZWNBSP)
        out.append(unit if unit.isspace() else _hold(unit))
        if _ABOVE_BELOW.match(unit[-1:]):
            # LibreOffice 7.4 justifies Thai by widening the space after each base character and
            # draws a mark after its base's widened space: on a justified line ending "มี" or "ที่"
            # the line's spare width went there, and the vowel and tone mark were drawn in the right
            # margin (seen 40 pt out). A U+FEFF after the unit is a base of no width that takes it.
            out.append(ZWNBSP)
        before = prev if unit.isspace() else unit
        prev = unit
    return "".join(out)


def plain(text: str) -> str:
    """The text without the marks ``lay`` adds, no-break spaces as spaces: what it says.

    >>> plain(lay("๓๐ กันยายน ๒๕๖๗ (สำนักปลัด)"))
    '๓๐ กันยายน ๒๕๖๗ (สำนักปลัด)'
    """
    return re.sub(f"[{MARKS}]", "", text).replace(NBSP, " ")


# Advance widths of Laksaman's glyphs (metric-compatible with TH SarabunPSK, the DOCX's font), in
# hundredths of an em: what a line of Thai is as wide as. Marks above and below have none.
_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u2060]")
_ADVANCE = {ch: em / 100 for em, chars in {
    24: ".,", 28: "()", 30: "เ", 31: "ๅ", 32: " \u00a0-", 36: "โใ", 37: "ไ", 41: "/", 44: "ง", 48: "ราำ",
    50: "ธว", 52: "ฐ", 54: "ะ", 55: "จ", 56: "ยฮ", 57: "ขฃฉชซถผฝฤลสแ", 58: "กอ", 59: "คฅดตศฯ", 60: "มๆ",
    61: "ฆ", 63: "น", 64: "ฎฏบปภฦห", 65: "ท", 66: "ษ", 67: "พฟ", 68: "ฬ๐๑๒๓๔๕๖๗๘๙", 69: "ฑ", 78: "ฌญ",
    80: "ฒ", 82: "ณ",
}.items() for ch in chars}
_OTHER = 0.60  # Latin letters and anything else: about a wide Thai consonant
# What a name may take on one line unbroken: the owner column of the plan and of the progress report
# (3.9 cm less Word's and LibreOffice's cell margins, 2 × 0.19 cm) at 14 pt, in em.
CELL_MARGINS_CM, TABLE_PT = 2 * 0.19, 14
CHUNK = (3.9 - CELL_MARGINS_CM) / 2.54 * 72 / TABLE_PT - 0.1


def width(text: str) -> float:
    """The width of a line of Thai at 1 em.

    >>> round(width("กองการเจ้าหน้าที่"), 2), round(width("สำนักปลัดเทศบาล"), 2)
    (6.87, 7.29)
    """
    return sum(_ADVANCE.get(ch, _OTHER) for ch in _MARKS.sub("", text))


def cell_lines(texts: list[str], width_cm: float, pt: float = TABLE_PT) -> int:
    """About how many lines ``texts`` (a cell's paragraphs; a newline starts a line) take in a table
    cell ``width_cm`` wide, from the glyphs' widths.

    >>> cell_lines(["กองการเจ้าหน้าที่", "๑ ต.ค. ๒๕๖๖ -\\n๓๐ ก.ย. ๒๕๖๗"], 3.9), cell_lines([], 3.9)
    (3, 0)
    """
    room = (width_cm - CELL_MARGINS_CM) / 2.54 * 72 / pt  # em
    return sum(max(1, math.ceil(width(part) / room)) for line in texts for part in line.split("\n"))


def short_period(text: str, *, split: bool = True) -> str:
    """A period in a table column, months abbreviated as Thai tables write them (a date with its
    month in full is wider than the column, and a date never breaks), one date a line (``split``).

    >>> short_period("๑ ตุลาคม ๒๕๖๖ ถึง ๓๐ กันยายน ๒๕๖๗")
    '๑ ต.ค. ๒๕๖๖ -\\n๓๐ ก.ย. ๒๕๖๗'
    >>> short_period("ไตรมาส ๒ ถึง ๓๑ มีนาคม ๒๕๖๗", split=False)
    'ไตรมาส ๒ ถึง ๓๑ มี.ค. ๒๕๖๗'
    """
    for full, short in zip(MONTHS, SHORT_MONTHS):
        text = re.sub(rf"(?<=[0-9๐-๙] ){full}(?= [0-9๐-๙])", short, text)
    return text.replace(" ถึง ", " -\n") if split else text
