"""The PDF's text as a reader searches and copies it: each run of Thai LibreOffice draws carries its
text (``/ActualText``).

LibreOffice writes the right characters in the right order (``pdftotext -raw`` reads them), but it
draws a tone mark over an upper vowel ("ชี้") a little to the right, past the start of the next
letter, and a mark with no width where the next letter starts. Readers that rebuild the text from
where the glyphs stand (poppler's ``pdftotext``, its search in Evince and Okular) then put the mark
after the next letter and a space inside the word: "ตัวชีว้ ัด", "ขัน้ ตอน", "ทัง้ นี ้"; not one of
"ตัวชี้วัด", "ขั้นตอน", "ทั้งนี้" was found. It is the same without the line-break marks (U+200B,
U+FEFF): the glyphs' places, not the text. And a justified line's gaps between words became spaces
("องค์การบริหาร ส่วนตำบล หนองบัวทอง": 6 of 29 names found). So after the conversion each line of
Thai (LibreOffice's text objects one after the other on one baseline, each starting where the one
before ends, give or take the gaps justification spreads) is wrapped in a ``/Span`` whose
``/ActualText`` is its text in drawing order, taken from the font's ``/ToUnicode`` map (and from
LibreOffice's own ``/ActualText`` of SARA AM, "ำ"): a space only where a space is drawn. Readers
that honour it (poppler, Acrobat) give that text whatever the glyphs' places. What is drawn does
not change.

Used by both ways to the PDF (:func:`ita_xl.report.pdf.to_pdf` and
:class:`ita_xl.report.pdf.Converter`), on the temporary file before it takes the PDF's name.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ita_xl.core.thai import thai_digits as to_thai
from ita_xl.report.pdfstream import PdfString, hex_string, operations, text_string

_THAI = re.compile("[\u0e01-\u0e5b]")
# A move to the right that stands for a space, in a TJ or between two text objects of a line:
# LibreOffice draws a space as a move, not a glyph (a space of TH Sarabun is 0.32 em; the gaps a
# flush-left line has elsewhere are nil). Read without it, "ลำปาง ประจำ" became "ลำปางประจำ".
SPACE_GAP = 0.15  # em
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


class _Font:
    """What of a font the text needs: the bytes a glyph code takes, the map from codes to text (its
    ``/ToUnicode``), and the codes' advance widths (``/Widths``, thousandths of the size)."""

    def __init__(self, font):
        self.width = 2 if font.get("/Subtype") == "/Type0" else 1
        self.map: dict[bytes, str] = {}
        self.runs: dict[bytes, tuple[str, float | None]] = {}
        self.advances: dict[int, float] | None = None
        if self.width == 1 and "/Widths" in font:
            first = int(font.get("/FirstChar", 0))
            self.advances = {first + k: float(w) for k, w in enumerate(font["/Widths"])}
        stream = font.get("/ToUnicode")
        if stream is None:
            return
        data = stream.read_bytes()
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
            pairs = _HEX.findall(block)
            for src, dst in zip(pairs[::2], pairs[1::2]):
                self.map[bytes.fromhex(src.decode())] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
            for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                start, n = int(dst, 16), len(lo) // 2
                for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                    self.map[code.to_bytes(n, "big")] = chr(start + k)

    def codes(self, s) -> list[bytes]:
        raw = bytes(s)
        return [raw[k:k + self.width] for k in range(0, len(raw), self.width)]

    def run(self, s: bytes) -> tuple[str, float | None]:
        """A string's text and its advance (thousandths of the size; None where a width is
        unknown), remembered: a document draws the same runs of glyphs again and again."""
        got = self.runs.get(s)
        if got is None:
            codes = self.codes(s)
            if not codes:
                return "", 0.0  # nothing drawn: the pen does not move
            advances = [None] if self.advances is None else [self.advances.get(c[0]) for c in codes]
            got = ("".join(self.map.get(c, "") for c in codes), None if None in advances else sum(advances))
            if len(self.runs) < _RUNS_KEPT:  # _NO_FONT lives as long as the process
                self.runs[s] = got
        return got


_NO_FONT = _Font({})
_RUNS_KEPT = 50_000  # runs of glyphs a font remembers (a report draws ~10,000 distinct ones)
_STATE = frozenset(("rg", "RG", "g", "G", "k", "K", "cs", "CS", "sc", "SC", "scn", "SCN", "gs", "w"))


class _Block:
    """One text object (``BT`` … ``ET``, with the ``q`` … ``Q`` around it that only sets its colour):
    its operations, its text, the baseline and where it starts and ends (None: not one line, or
    widths unknown)."""

    def __init__(self, ops, fonts, font):
        self.ops, self.font = ops, font
        said, span, x = [], None, None
        size, line_x, self.y, self.x0, self.one_line, self.other = 1.0, 0.0, None, None, True, False
        for operands, operator, _ in ops:
            if operator == "Tf" and operands:
                self.font, size = fonts.get(str(operands[0]), _NO_FONT), float(operands[1])
            elif operator in ("Td", "TD", "Tm"):
                tx, ty = float(operands[-2]), float(operands[-1])
                if operator == "Tm":
                    line_x = tx
                    self.one_line &= self.y is None or abs(ty - self.y) < 0.01
                    self.y = ty if self.y is None else self.y
                else:
                    line_x += tx
                    if self.y is None:
                        self.y = ty
                    self.one_line &= ty == 0 or self.x0 is None
                x = line_x
                if self.x0 is None:
                    self.x0 = x
            elif operator in ("T*", "'", '"', "Tc", "Tw", "Tz", "BMC"):
                self.one_line &= operator in ("Tc", "Tw", "Tz") and all(float(o) in (0, 100) for o in operands)
            elif operator == "BDC":
                actual = operands[1].get("/ActualText") if len(operands) > 1 and isinstance(operands[1], dict) else None
                if actual is None:
                    self.other = True  # marked content of another kind: left as it is
                else:
                    span = text_string(actual) if isinstance(actual, bytes) else ""
                    said.append(span)
            elif operator == "EMC":
                span = None
            elif operator in ("Tj", "TJ"):
                for item in (operands[0] if operator == "TJ" else operands[-1:]):
                    if item.__class__ is not PdfString:  # a number (its bytes as written)
                        if x is not None:
                            x -= float(item) / 1000 * size
                        if span is None and -float(item) > SPACE_GAP * 1000 and said and not said[-1].endswith(" "):
                            said.append(" ")  # a space drawn as a move to the right (TJ), not a glyph
                        continue
                    text, advance = self.font.run(item)
                    if span is None:
                        said.append(text)
                    x = None if x is None or advance is None else x + advance / 1000 * size
        self.text = "".join(said)
        self.empty = not self.text and self.x0 is None and not self.other
        self.x1 = x if self.one_line else None
        self.size = size

    def follows(self, before: _Block) -> bool:
        """Whether this block goes on the line of ``before``, right after it: the gaps a justified
        line spreads reach half an em (8.7 pt at 16 pt before the "." of "๙๗.๒๐"); a table's cells
        stand 0.38 cm apart at least (0.77 em at 14 pt)."""
        return (self.one_line and before.one_line and not self.other and not before.other
                and self.y is not None and before.y is not None and abs(self.y - before.y) < 0.01
                and before.x1 is not None and self.x0 is not None
                and -0.05 * self.size <= self.x0 - before.x1 < (1.5 if _inside_number(before, self) else 0.65) * self.size)


def _inside_number(before: _Block, after: _Block) -> bool:
    """Two blocks that a number's or an abbreviation's "." stands between ("๙๓" | ".๙๘", "พ" | ".ศ."):
    LibreOffice's justification drew the widest gap of the line there."""
    return bool(re.search(r"[0-9๐-๙ก-ฮ]$", before.text) and after.text.startswith(".")
                or before.text.endswith(".") and re.match(r"[0-9๐-๙ก-ฮ]", after.text))


def _line_text(group: list[_Block]) -> str:
    """The text of a line's text objects, a space where a gap stands for one (not the gap that
    justification may draw inside a number or an abbreviation, at its ".")."""
    out, last = [], None
    for block in group:
        if block.empty:
            continue
        if (last is not None and last.x1 is not None and block.x0 is not None
                and block.x0 - last.x1 > SPACE_GAP * block.size and not _inside_number(last, block)
                and not out[-1].endswith(" ") and not block.text.startswith(" ")):
            out.append(" ")
        out.append(block.text)
        last = block
    return "".join(out)


def _blocks(ops, fonts):
    """The page's operations as they come, each text object (with a ``q``/``Q`` that only sets its
    colour) gathered into a :class:`_Block`."""
    out, k, font = [], 0, _NO_FONT
    while k < len(ops):
        operator = ops[k][1]
        start = k
        if operator == "q":
            j = k + 1
            while j < len(ops) and ops[j][1] in _STATE:
                j += 1
            if j < len(ops) and ops[j][1] == "BT":
                end = next((e for e in range(j, len(ops)) if ops[e][1] == "ET"), None)
                if end is not None and end + 1 < len(ops) and ops[end + 1][1] == "Q":
                    block = _Block(ops[start:end + 2], fonts, font)
                    out.append(block)
                    font, k = block.font, end + 2
                    continue
        if operator == "BT":
            end = next((e for e in range(k, len(ops)) if ops[e][1] == "ET"), None)
            if end is not None:
                block = _Block(ops[k:end + 1], fonts, font)
                out.append(block)
                font, k = block.font, end + 1
                continue
        if operator == "Tf" and ops[k][0]:
            font = fonts.get(str(ops[k][0][0]), _NO_FONT)
        out.append(ops[k])
        k += 1
    return out


def _in_object(block: _Block, span) -> list:
    """One text object with its span inside it (LibreOffice's own spans, SARA AM's, taken out)."""
    ops = [op for op in block.ops if op[1] not in ("BDC", "EMC")]
    bt = next(k for k, op in enumerate(ops) if op[1] == "BT")
    et = max(k for k, op in enumerate(ops) if op[1] == "ET")
    return [*ops[:bt + 1], span, *ops[bt + 1:et], _EMC, *ops[et:]]


def _one_object(group: list[_Block], span) -> list:
    """The text objects of a line drawn as one, the span inside it (poppler lost the place of a span
    over several text objects): each object's colour set inside it, its start moved with ``Tm``
    (a ``Td`` at the start of an object is from the page's origin, inside one from the line before)."""
    body = []
    for block in group:
        ops = [op for op in block.ops if op[1] not in ("BDC", "EMC")]
        if ops[0][1] == "q":
            ops = ops[1:-1]  # q … Q: the graphics state put back after the object
        bt = next(k for k, op in enumerate(ops) if op[1] == "BT")
        et = max(k for k, op in enumerate(ops) if op[1] == "ET")
        inner = ops[bt + 1:et]
        first = next((k for k, op in enumerate(inner) if op[1] in ("Td", "TD", "Tm")), None)
        if first is not None and inner[first][1] != "Tm":
            tx, ty = inner[first][0][-2:]
            inner[first] = ([b"1", b"0", b"0", b"1", tx, ty], "Tm", b"1 0 0 1 " + tx + b" " + ty + b" Tm")
        body += ops[:bt] + inner
    return [([], "q", b"q"), ([], "BT", b"BT"), span, *body, _EMC, ([], "ET", b"ET"), ([], "Q", b"Q")]


_EMC = ([], "EMC", b"EMC")


def _wrap_page(pdf, page, pikepdf, known: dict, thai_digits: bool = True) -> bool:
    """The page's Thai lines (text objects one after the other on one baseline, each right after
    the one before) each in a ``/Span`` with its ``/ActualText``; False when nothing was wrapped.
    ``known``: the document's fonts read so far, by object (pages share them)."""
    resources = page.obj.get("/Resources")
    font_dict = resources.get("/Font") if resources is not None else None
    if "/Contents" not in page.obj or font_dict is None:
        return False
    fonts = {}
    for name, f in font_dict.items():
        key = f.objgen if f.is_indirect else None
        font = known.get(key) if key is not None else None
        if font is None:
            font = _Font(f)
            if key is not None:
                known[key] = font
        fonts[str(name)] = font
    if not fonts:
        return False
    # (operands, operator, its bytes as read): an operation not changed is written back as it was.
    # The page is not touched until it is rewritten whole (below): one it cannot read stays as it is.
    contents = page.obj.Contents
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    ops = operations(b"\n".join(s.read_bytes() for s in streams))
    items = _blocks(ops, fonts)
    groups: list = []
    for item in items:
        group = groups[-1] if groups and isinstance(groups[-1], list) else None
        last = next((b for b in reversed(group) if not b.empty), None) if group else None
        if isinstance(item, _Block) and group is not None and (
                item.empty or last is not None and item.follows(last)):
            groups[-1].append(item)  # an empty text object (LibreOffice writes one for a U+FEFF) is passed over
        else:
            groups.append([item] if isinstance(item, _Block) else item)
    out, changed = [], False
    for group in groups:
        if not isinstance(group, list):
            out.append(group)
            continue
        said = _line_text(group)
        if thai_digits:
            said = thai_numerals(said)
        if any(b.other or not b.one_line for b in group) or not _THAI.search(said):
            out += [op for b in group for op in b.ops]
            continue
        text = b"\xfe\xff" + said.encode("utf-16-be")
        span = (["/Span", {"/ActualText": PdfString(text)}], "BDC", b"/Span<</ActualText" + hex_string(text) + b">> BDC")
        out += _one_object(group, span) if len(group) > 1 else _in_object(group[0], span)
        changed = True
    if changed:
        page.obj.Contents = pdf.make_stream(b"\n".join(op[2] for op in out))  # deflated when saved, as LibreOffice wrote it
    return changed


# A web or e-mail address: its Arabic digits are its own (everything else of a document set in Thai
# digits is written in Thai digits, question codes "O๑๔" and numbers "๑/๒๕๖๗" too).
_LATIN_TOKEN = re.compile(r"\S*(?:://|www\.|@|\.(?:go|or|ac|co|in)\.th|\.(?:com|org|net)\b)\S*")


def thai_numerals(text: str) -> str:
    """A line's text with the Arabic digits LibreOffice shaped as Thai given back as Thai digits,
    but for those of a web or e-mail address. The page number is written in
    Arabic digits and drawn in Thai ones (the profile's numerals): the font's one glyph for "๔" and
    "4" is then mapped to "4", and "มาตรการที่ ๔" read "มาตรการที่ 4".

    >>> thai_numerals("มาตรการที่ ๓ 4 และ ๑4 ข้อ O๑4 ๑/256๙ www.a4.go.th https://x.org/2567 a1@b.th")
    'มาตรการที่ ๓ ๔ และ ๑๔ ข้อ O๑๔ ๑/๒๕๖๙ www.a4.go.th https://x.org/2567 a1@b.th'
    """
    out, pos = [], 0
    for m in _LATIN_TOKEN.finditer(text):
        out += [to_thai(text[pos:m.start()]), m.group()]
        pos = m.end()
    return "".join(out) + to_thai(text[pos:])


def add_actual_text(pdf_path: str | Path, thai_digits: bool = True) -> int:
    """Each Thai text object of the PDF given its text (see the module); the pages changed.
    ``thai_digits``: the document's numerals are Thai (:func:`thai_numerals`).

    pikepdf (qpdf) opens and saves the file; a page's content stream is read by :mod:`.pdfstream`
    and written back as the bytes it was read from, with the spans added."""
    import pikepdf  # noqa: PLC0415 (a PDF is being written: its load is small beside it)

    pdf_path = Path(pdf_path)
    changed, fonts = 0, {}
    with pikepdf.open(io.BytesIO(pdf_path.read_bytes())) as pdf:
        for page in pdf.pages:
            try:
                changed += _wrap_page(pdf, page, pikepdf, fonts, thai_digits)
            except Exception:  # noqa: BLE001, S112 - a page not read as expected is left as LibreOffice wrote it
                continue
        if changed:
            out = io.BytesIO()
            pdf.save(out, compress_streams=True)
            pdf_path.write_bytes(out.getvalue())
    return changed
