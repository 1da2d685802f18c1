"""A PDF content stream read as its operations, each with the bytes it was written in (ISO 32000-1
§7.2 lexical conventions, §7.3 objects, §7.8.2 content streams).

:mod:`.pdftext` wraps each line of Thai in a span and leaves every other operation as LibreOffice
wrote it: it needs the operands of the text operators only, and writes back the bytes of what it
does not change. Parsing with pikepdf (qpdf) and writing through its objects took most of that
step's time (two thirds of a second for a report of 30 pages, a quarter of a document's CPU in a
batch), the crossing into qpdf's objects for each operand and back, not the parsing.

Values: a number is its bytes as written (``float()`` reads them, and they are written back the
same), a string a :class:`PdfString` (its bytes, decoded from hex or from a literal's escapes), a name
a ``str`` with its ``/``, an array a list, a dictionary a dict; ``true``/``false``/``null`` as
Python's. An inline image (``BI`` … ``EI``) is not read: :class:`Unreadable`, and the caller leaves
the stream as it is.

>>> [(ops, op) for ops, op, _ in operations(b"q 0 0 0 rg BT 85.2 752.3 Td /F2 16 Tf[<21>-1<03>]TJ ET Q")]
... # doctest: +NORMALIZE_WHITESPACE
[([], 'q'), ([b'0', b'0', b'0'], 'rg'), ([], 'BT'), ([b'85.2', b'752.3'], 'Td'), (['/F2', b'16'], 'Tf'),
 ([[PdfString(b'!'), b'-1', PdfString(b'\\x03')]], 'TJ'), ([], 'ET'), ([], 'Q')]
>>> operations(b"/Span<</ActualText<FEFF0E33>>>BDC (a b) Tj")[1][2]  # a literal: read token by token
b'(a b) Tj'
>>> text_string(operations(b"/Span<</ActualText<FEFF0E33>>>BDC")[0][0][1]["/ActualText"])
'ำ'
"""

from __future__ import annotations

import re

_WS = b"\x00\t\n\x0c\r "
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"  # a character that is neither whitespace nor a delimiter (§7.2.2)
_HEXSTR = rb"<[0-9A-Fa-f\x00\t\n\x0c\r ]*>"
_TOKEN = re.compile(
    rb"(?P<ws>[\x00\t\n\x0c\r ]+|%[^\r\n]*)"
    rb"|(?P<hex>" + _HEXSTR + rb")"
    rb"|(?P<dict><<|>>)"
    rb"|(?P<array>[\[\]])"
    rb"|(?P<literal>\()"
    rb"|(?P<name>/" + _REGULAR + rb"*)"
    rb"|(?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?!" + _REGULAR + rb"))"
    rb"|(?P<word>" + _REGULAR + rb"+)"
)
_KEYWORDS = {b"true": True, b"false": False, b"null": None}
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f",
            ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}


class Unreadable(ValueError):
    """A content stream this reader does not take (an inline image, a token out of place)."""


class PdfString(bytes):
    """A string operand, as its bytes (the hex or literal form it was written in is gone)."""

    def __repr__(self) -> str:
        return f"PdfString({bytes(self)!r})"


def _name(raw: bytes) -> str:
    """A name with its ``#xx`` escapes read (§7.3.5)."""
    if b"#" in raw:
        raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes((int(m.group(1), 16),)), raw)
    try:
        return raw.decode("utf-8")  # as pikepdf names them (the font dictionary's keys)
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _literal(data: bytes, start: int) -> tuple[PdfString, int]:
    """The literal string opening at ``data[start] == "("``: its bytes and the position after it."""
    out, depth, k, n = bytearray(), 1, start + 1, len(data)
    while k < n:
        c = data[k]
        if c == 0x5C:  # backslash
            k += 1
            if k >= n:
                break
            e = data[k]
            if e in _ESCAPES:
                out += _ESCAPES[e]
            elif 0x30 <= e <= 0x37:  # up to three octal digits
                j = k
                while j < min(k + 3, n) and 0x30 <= data[j] <= 0x37:
                    j += 1
                out.append(int(data[k:j], 8) & 0xFF)
                k = j - 1
            elif e == 0x0D:  # a line continued: the end of line is not part of the string
                if k + 1 < n and data[k + 1] == 0x0A:
                    k += 1
            elif e != 0x0A:
                out.append(e)  # an unknown escape: the backslash is ignored
        elif c == 0x0D:  # an end of line, CR, LF or CR LF, is one LF (§7.3.4.2)
            out.append(0x0A)
            if k + 1 < n and data[k + 1] == 0x0A:
                k += 1
        elif c == 0x28:
            depth += 1
            out.append(c)
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return PdfString(bytes(out)), k + 1
            out.append(c)
        else:
            out.append(c)
        k += 1
    raise Unreadable("a literal string is not closed")


def operations(data: bytes) -> list[tuple[list, str, bytes]]:
    """The operations of a content stream in order: (operands, operator, the bytes they are
    written in: from the first operand to the operator, as read or with its tokens one space apart).

    A stream of numbers, names, hex strings, arrays and dictionaries only (LibreOffice's) is cut
    into tokens by one regular expression; any other (a literal string, a comment, a token that is
    not what it starts like) is read token by token. Both readings give the operations qpdf reads
    (tested on LibreOffice's streams and on crafted ones).
    """
    if b"(" not in data and b"%" not in data:
        try:
            return _plain_operations(data)
        except Unreadable:
            pass
    return _operations(data)


# Each token of a stream without literal strings or comments; whitespace between them is skipped.
_PLAIN = re.compile(rb"<<|>>|" + _HEXSTR + rb"|[\[\]]|/" + _REGULAR + rb"*|" + _REGULAR + rb"+|[^\x00\t\n\x0c\r ]")
_NUMERIC = frozenset(b"+-.0123456789")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")


def _plain_operations(data: bytes) -> list[tuple[list, str, bytes]]:
    out: list[tuple[list, str, bytes]] = []
    stack: list[list] = [[]]
    kinds: list[bytes] = []
    toks: list[bytes] = []
    number = _NUMBER.fullmatch
    for tok in _PLAIN.findall(data):
        toks.append(tok)
        c = tok[0]
        if c in _NUMERIC:  # a number, written back as read (float() reads it where it is needed)
            if number(tok) is None:  # "1e5", "12Tf": qpdf reads an operator; token by token, as it does
                raise Unreadable(f"{tok!r} is no number")
            stack[-1].append(tok)
        elif c == 0x2F:  # /
            stack[-1].append(_name(tok))
        elif tok == b"<<" or c == 0x5B:  # [
            stack.append([])
            kinds.append(tok)
        elif tok == b">>" or c == 0x5D:  # ]
            _close(stack, kinds, tok)
        elif c == 0x3C:  # < of a hex string
            if len(tok) < 2 or tok[-1] != 0x3E:
                raise Unreadable(f"{tok!r}")
            stack[-1].append(_hex(tok))
        elif tok in _KEYWORDS:
            stack[-1].append(_KEYWORDS[tok])
        elif c in _OTHER or kinds or tok == b"BI":
            raise Unreadable(f"{tok!r} out of place")
        else:
            out.append((stack[0], tok.decode("latin-1"), b" ".join(toks)))
            stack[0], toks = [], []
    if kinds or stack[0]:
        raise Unreadable("the stream ends inside an operation")
    return out


_OTHER = frozenset(b"()<>[]{}/%")


def _hex(tok: bytes) -> PdfString:
    """A hex string's bytes (whitespace inside ignored; an odd last digit is followed by 0)."""
    try:
        return PdfString(bytes.fromhex(tok[1:-1].decode("ascii")))
    except ValueError:  # an odd number of digits, or a NUL (whitespace to PDF, not to Python)
        digits = tok[1:-1].translate(None, _WS)
        try:
            return PdfString(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii")))
        except ValueError:
            raise Unreadable(f"{tok!r} is no hex string") from None


def _close(stack: list[list], kinds: list[bytes], tok: bytes) -> None:
    """``]`` or ``>>``: the array or dictionary open last becomes a value of the one around it."""
    if not kinds or kinds[-1] != (b"[" if tok == b"]" else b"<<"):
        raise Unreadable(f"{tok.decode()} closes nothing")
    items = stack.pop()
    kinds.pop()
    if tok == b"]":
        stack[-1].append(items)
        return
    if len(items) % 2 or not all(isinstance(k, str) for k in items[::2]):
        raise Unreadable("a dictionary whose keys are not names, or a key without a value")
    stack[-1].append(dict(zip(items[::2], items[1::2])))


def _operations(data: bytes) -> list[tuple[list, str, bytes]]:
    out: list[tuple[list, str, bytes]] = []
    stack: list[list] = [[]]  # the operands, then each array or dictionary being read
    kinds: list[bytes] = []  # b"[" or b"<<" for each open one
    start, pos, n, match = None, 0, len(data), _TOKEN.match
    while pos < n:
        m = match(data, pos)
        if m is None:
            raise Unreadable(f"byte {pos}: {data[pos:pos + 10]!r}")
        kind, tok, end = m.lastgroup, m.group(), m.end()
        if kind == "ws":
            pos = end
            continue
        if start is None:
            start = pos
        if kind == "literal":
            value, end = _literal(data, pos)
            stack[-1].append(value)
        elif kind == "number":
            stack[-1].append(tok)
        elif kind == "name":
            stack[-1].append(_name(tok))
        elif kind == "hex":
            stack[-1].append(_hex(tok))
        elif tok in (b"[", b"<<"):
            stack.append([])
            kinds.append(tok)
        elif tok in (b"]", b">>"):
            _close(stack, kinds, tok)
        elif tok in _KEYWORDS:
            stack[-1].append(_KEYWORDS[tok])
        else:  # a word
            if kinds:
                raise Unreadable(f"byte {pos}: operator {tok!r} inside an array or dictionary")
            if tok == b"BI":
                raise Unreadable("an inline image")
            out.append((stack[0], tok.decode("latin-1"), data[start:end]))
            stack[0], start = [], None
        pos = end
    if kinds or stack[0]:
        raise Unreadable("the stream ends inside an operation")
    return out


def text_string(s: bytes) -> str:
    """A text string (§7.9.2.2): UTF-16 after its byte-order mark, UTF-8 after its own, else read as
    Latin-1 (PDFDocEncoding but for 0x18-0x1F and 0x80-0x9F, which ita_xl never reads: LibreOffice
    writes its /ActualText in UTF-16)."""
    if s[:2] == b"\xfe\xff":
        return s[2:].decode("utf-16-be", "replace")
    if s[:3] == b"\xef\xbb\xbf":
        return s[3:].decode("utf-8", "replace")
    return s.decode("latin-1")


def hex_string(s: bytes) -> bytes:
    """``s`` written as a hex string.

    >>> hex_string("ำ".encode("utf-16-be"))
    b'<0E33>'
    """
    return b"<" + s.hex().upper().encode("ascii") + b">"
