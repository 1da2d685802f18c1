"""Staff cells as Excel saves them, put straight into a workbook's XML (a formula with its cached
value, a date with a date format, an error, a flag), and the hostile values the staff columns are
fuzzed with. Used by tests/test_staff_cells.py and scripts/fuzz_staff.py."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import re
import shutil
import zipfile
from pathlib import Path

from ita_xl.cli import main
from ita_xl.workbook import layout as L
from ita_xl.xlsx.cells import ERROR_CODES, escape, text
from ita_xl.xlsx.fileio import apply_ops, snapshot_of
from ita_xl.workbook.ops import Formula, Write

T = L.PLAN
SAMPLE = Path(__file__).resolve().parents[2] / "ita_xl" / "samples" / "lampang_pao_2566.csv"

DATE_FORMAT = 14  # Excel's built-in short date, what a typed date gets


def _parts(book: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(book) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


def sheet_part(book: Path, sheet: str) -> str:
    parts = _parts(book)
    wb, rels = parts["xl/workbook.xml"].decode(), parts["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'<sheet name="{sheet}"[^>]*r:id="(\w+)"', wb).group(1)
    m = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + (m.group(1) or m.group(2)).lstrip("/").removeprefix("xl/")


def _date_style(parts: dict[str, bytes], base: str | None) -> str:
    """A cell format like ``base``'s with the short-date number format, added to styles.xml."""
    xml = parts["xl/styles.xml"].decode()
    m = re.search(r"<cellXfs count=\"(\d+)\">(.*?)</cellXfs>", xml, re.S)
    xfs = re.findall(r"<xf\b[^>]*?(?:/>|>.*?</xf>)", m.group(2), re.S)
    xf = re.sub(r'numFmtId="\d+"', f'numFmtId="{DATE_FORMAT}"', xfs[int(base or 0)])
    if "applyNumberFormat" not in xf:
        xf = xf.replace("<xf ", '<xf applyNumberFormat="1" ', 1)
    n = len(xfs)
    xml = xml[:m.start()] + f'<cellXfs count="{n + 1}">{m.group(2)}{xf}</cellXfs>' + xml[m.end():]
    parts["xl/styles.xml"] = xml.encode()
    return str(n)


def cell_xml(ref: str, value: object, style: str | None, parts: dict[str, bytes]) -> str:
    """One ``<c>`` as Excel saves ``value``: text, number, flag, error, date, or a Formula with its cached value."""
    s = f' s="{style}"' if style else ""
    if isinstance(value, Formula):
        v = value.value
        if v is None:
            return f'<c r="{ref}"{s}><f>{escape(value.text[1:])}</f></c>'
        if isinstance(v, bool):
            return f'<c r="{ref}"{s} t="b"><f>{escape(value.text[1:])}</f><v>{int(v)}</v></c>'
        if isinstance(v, str):
            t = "e" if v in ERROR_CODES else "str"
            return f'<c r="{ref}"{s} t="{t}"><f>{escape(value.text[1:])}</f><v>{escape(v)}</v></c>'
        return f'<c r="{ref}"{s}><f>{escape(value.text[1:])}</f><v>{v!r}</v></c>'
    if value is None:
        return f'<c r="{ref}"{s}/>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (dt.date, dt.datetime)):
        when = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        serial = (when - dt.datetime(1899, 12, 30)).total_seconds() / 86400
        return f'<c r="{ref}" s="{_date_style(parts, style)}"><v>{serial!r}</v></c>'
    if isinstance(value, str) and value in ERROR_CODES and value.startswith("#"):
        return f'<c r="{ref}"{s} t="e"><v>{escape(value)}</v></c>'
    if isinstance(value, str):
        return f'<c r="{ref}"{s} t="inlineStr"><is>{text(value)}</is></c>'
    return f'<c r="{ref}"{s}><v>{value!r}</v></c>'


def put_cells(book: Path, sheet: str, cells: dict[str, object]) -> None:
    """Set cells of ``sheet`` (existing ``<c>`` elements, as the template leaves every table cell)."""
    parts = _parts(book)
    part = sheet_part(book, sheet)
    xml = parts[part].decode()
    for ref, value in cells.items():
        m = re.search(rf'<c r="{ref}"(?: s="(\d+)")?(?: t="\w+")?\s*(?:/>|>.*?</c>)', xml, re.S)
        xml = xml[:m.start()] + cell_xml(ref, value, m.group(1), parts) + xml[m.end():]
    parts[part] = xml.encode()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def put_raw(book: Path, sheet: str, cells: dict[str, str]) -> None:
    """Set cells of ``sheet`` to raw XML (``ref -> '<c r=…>…</c>'``), e.g. a shared formula."""
    parts = _parts(book)
    part = sheet_part(book, sheet)
    xml = parts[part].decode()
    for ref, raw in cells.items():
        m = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml, re.S)
        xml = xml[:m.start()] + raw + xml[m.end():]
    parts[part] = xml.encode()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def formula_cells(book: Path, sheet: str) -> dict[str, str]:
    """Cells of ``sheet`` holding a formula: ref -> its text as in the XML."""
    with zipfile.ZipFile(book) as z:
        xml = z.read(sheet_part(book, sheet)).decode()
    return {m.group(1): m.group(2) for m in re.finditer(r'<c r="([A-Z]+\d+)"[^>]*>\s*<f>([^<]*)</f>', xml)}


LINK = 'HYPERLINK("https://www.lampangpao.go.th/ita/o43.pdf?a=1&b=2","หลักฐาน")'

# What staff put in the staff columns, hostile on purpose (label -> content as Excel saves it).
HOSTILE: dict[str, object] = {
    "formula HYPERLINK": Formula("=" + LINK, "หลักฐาน"),
    "formula =0.5": Formula("=0.5", 0.5),
    "formula text join": Formula('="เสร็จ"&"สิ้น"', "เสร็จสิ้น"),
    "formula with a reference": Formula('=A4&" (ดู)"', "1:e11 (ดู)"),
    "formula of a flag": Formula("=1>0", True),
    "formula giving #N/A": Formula("=NA()", "#N/A"),
    "formula TODAY()": Formula("=TODAY()", 45383.0),
    "formula without a cached value": Formula("=1+1", None),
    "text that looks like a formula": "=1+1",
    "text with an apostrophe": "'ข้อความ",
    "number as text": "00123",
    "percent as text": "50%",
    "Thai digits": "๕๐",
    "decimal comma": "1,5",
    "date as text": "2567-09-30",
    "TRUE as text": "TRUE",
    "error as text": "#N/A (ยังไม่มี)",
    "vertical tab": "บรรทัดแรก\x0bบรรทัดสอง",
    "form feed": "หน้าแรก\x0cหน้าสอง",
    "C0 controls": "a\x01b\x02c\x07d\x1be\x1ff",
    "CR LF": "บรรทัด\r\nสอง",
    "tab": "ก\tข",
    "literal _x000B_": "_x000B_ ไม่ใช่อักขระควบคุม",
    "markup": "<b>หนา</b> & 'quote' \"dq\"",
    "URL with query": "https://a.go.th/x?a=1&b=2 ดู",
    "astral and RTL": "😀 مرحبا 𝔸",
    "Thai combining marks": "กิ่่่่่่่่่่",
    "leading and trailing spaces": "   ช่องว่าง   ",
    "only spaces": "   ",
    "very long text": "ก" * 32767,
    "long lines": "\n".join(f"บรรทัดที่ {i}" for i in range(500)),
    "zero": 0,
    "negative": -1,
    "fraction": 0.5,
    "one": 1,
    "one and a half": 1.5,
    "hundred": 100,
    "hundred fifty": 150,
    "huge": 1e308,
    "tiny": 1e-300,
    "big integer": 123456789012345,
    "TRUE": True,
    "FALSE": False,
    "error #N/A": "#N/A",
    "error #DIV/0!": "#DIV/0!",
    "error #REF!": "#REF!",
    "date": dt.date(2024, 3, 15),
    "date and time": dt.datetime(2024, 3, 15, 13, 30),
}


# ---- the fuzz: hostile values through import, fill, fill, export --progress


def run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(args))
    return code, err.getvalue()


def same(a: object, b: object) -> bool:
    if isinstance(a, Formula) or isinstance(b, Formula):
        return isinstance(a, Formula) and isinstance(b, Formula) and a.text == b.text
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    num = (int, float)
    return (type(a) is type(b) or (type(a) in num and type(b) in num)) and a == b


def batch(base: Path, work: Path, items: list[tuple[str, str, object]], move: bool) -> dict:
    """Put ``items`` (label, column key, value) in the plan rows of a copy of ``base`` (a filled
    workbook), with every measure moved to another row when ``move``; run ``import``, ``fill``,
    ``fill`` and ``export --progress``; what held, changed, was refused (with its cell) and defects."""
    book = work / "b.xlsx"
    shutil.copy(base, book)
    snap = snapshot_of(book)
    n = snap.row_count(T.sheet, T.first_row, T.n_cols)
    keys = [snap.cell(T.sheet, T.cell("key", i)) for i in range(n)]
    cells, where = {}, {}
    for k, (label, col, value) in enumerate(items):
        ref = T.cell(col, k % n)
        assert ref not in cells, "more items than cells"
        cells[ref], where[ref] = value, (label, col, k % n)
    put_cells(book, T.sheet, cells)
    before = snapshot_of(book)
    if move:  # every measure's row changes: fill carries its staff cells to the row of its key
        apply_ops(book, [Write(T.sheet, T.cell("key", 0), [[k] for k in reversed(keys)])])
    out = {"codes": [], "held": [], "lost": [], "refused": [], "defects": []}
    for args in (("import", str(book), str(SAMPLE)), ("fill", str(book)), ("fill", str(book))):
        code, err = run(*args)
        out["codes"].append(code)
        if code != 0:
            out["defects"].append(f"{args[0]} exit {code}: {err.strip()[:300]}")
    after = snapshot_of(book)
    row_of = {after.cell(T.sheet, T.cell("key", i)): i for i in range(n)}
    for ref, (label, col, i) in where.items():
        r0 = T.first_row + i
        new_i = row_of.get(keys[n - 1 - i] if move else keys[i], i)
        c = T.col(col)
        a, b = before.content(T.sheet, r0, c), after.content(T.sheet, T.first_row + new_i, c)
        (out["held"] if same(a, b) else out["lost"]).append((label, col, a, b))
    docx = work / "p.docx"
    for _ in range(len(items) + 1):
        docx.unlink(missing_ok=True)
        code, err = run("export", str(book), "--progress", "--as-of", "2024-03-31", "--docx", str(docx), "--no-pdf")
        if code == 2:
            m = re.search(rf"{T.sheet}!([A-Z]+\d+)", err)
            if m is None:
                out["defects"].append(f"export refused without a cell: {err.strip()[:300]}")
                break
            out["refused"].append((m.group(1), err.strip().splitlines()[0][:160]))
            apply_ops(book, [Write(T.sheet, m.group(1), [[None]])])
            continue
        if code not in (0, 1) or "internal error" in err or not docx.exists():
            out["defects"].append(f"export exit {code}: {err.strip()[:300]}")
        break
    return out
