"""The one place that knows the workbook's layout: sheet names (Thai), anchors and column order.

The template builder, the reader, the commands and the xlwings adapter all address cells through
this module; nothing else spells a sheet name or a column letter.

Rows and columns here are 1-based like Excel (``cell(3, 2) == "B3"``).

>>> SHEETS["plan"].name, PLAN.col("notes"), PLAN.letter("notes")
('แผนปฏิบัติการ', 12, 'L')
>>> cell(4, 2), col_letter(28), parse_cell("AB12")
('B4', 'AB', (12, 28))
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from ..core.codes import TOOLS

# ------------------------------------------------------------------------------------- addressing


def col_letter(col: int) -> str:
    """1-based column number to letters."""
    if 0 < col < len(_LETTERS):
        return _LETTERS[col]
    return _col_letter(col)


def _col_letter(col: int) -> str:
    s = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


_LETTERS: tuple[str, ...] = ("", *(_col_letter(c) for c in range(1, 703)))  # A..ZZ


def cell(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def parse_cell(ref: str) -> tuple[int, int]:
    """``"B3"`` -> ``(3, 2)`` (row, column), 1-based."""
    m = _CELL.match(ref.strip())
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """``"A5:L40"`` -> ``(5, 1, 40, 12)``; a single cell is a 1×1 range."""
    a, _, b = ref.partition(":")
    r1, c1 = parse_cell(a)
    r2, c2 = parse_cell(b) if b else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def quote_sheet(name: str) -> str:
    """A sheet name as a formula needs it: ``'ตั้งค่า'!B5``."""
    return "'" + name.replace("'", "''") + "'"


# ------------------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # Thai header shown in the workbook
    width: float = 12.0
    kind: str = "text"  # text | score | int | percent | formula | long | key
    role: str = "input"  # input (user/import), generated (written by fill), staff, formula


@dataclass(frozen=True)
class Table:
    """A table on a sheet: a header row and data rows from ``first_row`` down, from column A."""

    sheet_key: str
    header_row: int
    columns: tuple[Column, ...]
    max_rows: int = 400  # how far clears and validations reach
    # key -> 1-based column, built once: ``col`` is called ~1,300 times per workbook
    _index: dict[str, int] = field(init=False, repr=False, compare=False, hash=False)
    first_row: int = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index: dict[str, int] = {}
        for i, c in enumerate(self.columns, 1):
            index.setdefault(c.key, i)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "first_row", self.header_row + 1)

    @property
    def last_row(self) -> int:
        return self.first_row + self.max_rows - 1

    @property
    def sheet(self) -> str:
        return SHEETS[self.sheet_key].name

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @property
    def n_cols(self) -> int:
        return len(self.columns)

    def col(self, key: str) -> int:
        """1-based column of a key."""
        try:
            return self._index[key]
        except KeyError:
            raise ValueError(f"{key!r} is not a column of {self.sheet_key!r}") from None

    def letter(self, key: str) -> str:
        return col_letter(self.col(key))

    def cell(self, key: str, index: int) -> str:
        """The cell of column ``key`` in data row ``index`` (0-based)."""
        return cell(self.first_row + index, self.col(key))

    def span(self, first_key: str, last_key: str, rows: int | None = None) -> str:
        """``"H5:L404"``: columns first..last over the data rows (all ``max_rows`` by default)."""
        last = self.first_row + (rows if rows is not None else self.max_rows) - 1
        return f"{cell(self.first_row, self.col(first_key))}:{cell(last, self.col(last_key))}"


@dataclass(frozen=True)
class SheetSpec:
    key: str
    name: str  # Thai sheet name
    title: str  # row-1 heading
    command: str | None = None  # what this sheet's button runs (None: no button)
    button: str = ""  # Thai caption of the button
    generated: bool = False  # filled by Python, no user input


# The table of sheet names: the only place they are spelled.
SHEET_LIST: tuple[SheetSpec, ...] = (
    SheetSpec("settings", "ตั้งค่า", "ข้อมูลหน่วยงานและการตั้งค่า", "fill", "วิเคราะห์และจัดทำแผน"),
    SheetSpec("indicators", "คะแนนตัวชี้วัด", "คะแนนรายตัวชี้วัด", "fill", "คำนวณและวิเคราะห์"),
    SheetSpec("questions", "คะแนนรายข้อ", "คะแนนรายข้อคำถาม", "check", "ตรวจสอบคะแนน"),
    SheetSpec("issues", "ประเด็น", "การจัดกลุ่มข้อคำถามเป็นประเด็น (แก้ไขได้)", "fill", "วิเคราะห์ใหม่"),
    SheetSpec("library", "ข้อเสนอแนะ", "คลังข้อเสนอแนะและมาตรการ (แก้ไขได้)", "fill", "วิเคราะห์ใหม่"),
    SheetSpec("analysis", "ผลวิเคราะห์", "ผลการวิเคราะห์รายประเด็น", "fill", "วิเคราะห์ผล", generated=True),
    SheetSpec("plan", "แผนปฏิบัติการ", "แผนปฏิบัติการตามมาตรการ", "plan", "สร้าง/ปรับปรุงแผน"),
    SheetSpec("notes", "ข้อจำกัด", "ข้อจำกัดและข้อเสนอแนะ", "export", "ส่งออกรายงาน"),
    SheetSpec("findings", "ข้อค้นพบ", "ข้อค้นพบจากการตรวจสอบ", "check", "ตรวจสอบ", generated=True),
    # No button: openpyxl (fill) keeps the Form buttons' VML parts only up to vmlDrawing9.vml
    # (its VBA-part pattern is vmlDrawing\d.vml), so a tenth button sheet would lose its button.
    SheetSpec("framework", "กรอบการประเมิน", "กรอบการประเมินของปีนี้: ข้อคำถาม ตัวชี้วัด น้ำหนัก และเกณฑ์ระดับ (แก้ไขหรือเพิ่มข้อได้)"),
)
SHEETS: dict[str, SheetSpec] = {s.key: s for s in SHEET_LIST}
SHEET_BY_NAME: dict[str, SheetSpec] = {s.name: s for s in SHEET_LIST}
CONF_SHEET = "xlwings.conf"  # xlwings reads its settings from a sheet of this exact name
TITLE_ROW = 1

# ------------------------------------------------------------------------------------- settings

UNIT_ROLES_FALLBACK: tuple[str, ...] = (
    "admin", "strategy", "finance", "procurement", "hr", "it", "pr", "audit", "legal", "all",
)
ROLE_NAMES_FALLBACK = {
    "admin": "สำนักปลัด / สำนักงาน",
    "strategy": "ยุทธศาสตร์และงบประมาณ",
    "finance": "การคลัง",
    "procurement": "พัสดุ",
    "hr": "การเจ้าหน้าที่",
    "it": "เทคโนโลยีสารสนเทศ",
    "pr": "ประชาสัมพันธ์",
    "audit": "ตรวจสอบภายใน",
    "legal": "นิติการ",
    "all": "ทุกส่วนราชการ",
}
ORG_TYPES_FALLBACK: tuple[str, ...] = (
    "อบจ.", "เทศบาล", "อบต.", "ส่วนราชการ", "รัฐวิสาหกิจ", "องค์การมหาชน", "หน่วยงานอื่น",
)
NUMERALS = ("thai", "arabic")


@lru_cache(maxsize=1)
def _units_toml() -> dict:
    from ..io.frameworks import FRAMEWORKS  # noqa: PLC0415

    path = FRAMEWORKS / "units.toml"
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def unit_roles() -> tuple[str, ...]:
    """The unit roles (owners of measures): from ``frameworks/units.toml``, else a fixed list."""
    roles = _units_toml().get("roles")
    if isinstance(roles, dict) and roles:
        out = list(roles)
        return tuple(out + [r for r in UNIT_ROLES_FALLBACK if r not in out])
    return UNIT_ROLES_FALLBACK


def role_label(role: str) -> str:
    roles = _units_toml().get("roles")
    if isinstance(roles, dict) and isinstance(roles.get(role), str):
        return roles[role]
    return ROLE_NAMES_FALLBACK.get(role, role)


def org_types() -> tuple[str, ...]:
    types = _units_toml().get("org_types")
    if isinstance(types, dict) and types:
        return tuple(k for k in types if k != "default")
    return ORG_TYPES_FALLBACK


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "text"  # text | int | score | choice | formula


def _settings_fields() -> tuple[Field, ...]:
    base = (
        Field("org_name", "ชื่อหน่วยงาน"),
        Field("org_id", "รหัสหน่วยงาน"),
        Field("org_type", "ประเภทหน่วยงาน", "choice"),
        Field("district", "อำเภอ"),
        Field("province", "จังหวัด"),
        Field("head_name", "ชื่อผู้บริหาร"),
        Field("head_position", "ตำแหน่งผู้บริหาร"),
        Field("year", "ปีที่ประเมิน (พ.ศ.)", "int"),
        Field("plan_year", "ปีงบประมาณของแผน (พ.ศ.)", "formula"),
        Field("threshold", "เกณฑ์คะแนนที่ถือว่ารักษามาตรฐาน", "score"),
        Field("numerals", "รูปแบบตัวเลข (thai/arabic)", "choice"),
        Field("target", "ค่าเป้าหมายคะแนน", "score"),
        Field("module", "ชื่อโมดูล Python ของไฟล์ (ห้ามแก้ไข)"),
    )
    units = tuple(Field(f"unit.{r}", f"หน่วยรับผิดชอบ: {role_label(r)} ({r})") for r in unit_roles())
    return base + units


SETTINGS_FIELDS: tuple[Field, ...] = _settings_fields()
SETTINGS_HEADER_ROW = 3  # "รายการ | ค่า | key"
SETTINGS_FIRST_ROW = 4
SETTINGS_LABEL_COL, SETTINGS_VALUE_COL, SETTINGS_KEY_COL = 1, 2, 3
BANNER_CELL = "A2"  # renamed-file warning (desktop)


def settings_row(key: str) -> int:
    for i, f in enumerate(SETTINGS_FIELDS):
        if f.key == key:
            return SETTINGS_FIRST_ROW + i
    raise KeyError(key)


def settings_cell(key: str) -> str:
    """The value cell of a setting: ``settings_cell("year") == "B11"``."""
    return cell(settings_row(key), SETTINGS_VALUE_COL)


def settings_ref(key: str) -> str:
    """An absolute reference from another sheet: ``'ตั้งค่า'!$B$11``."""
    return f"{quote_sheet(SHEETS['settings'].name)}!$B${settings_row(key)}"


# ------------------------------------------------------------------------------------- indicators

HISTORY_YEARS = 4  # previous assessment years kept beside the current one

# The indicator table has one row per indicator of the workbook's framework (``n`` below): the
# tool scores, total and level follow it, so a framework with more or fewer indicators moves them.
INDICATORS = Table(
    "indicators",
    header_row=3,
    max_rows=60,  # the most a framework may have; rows past its own indicators stay empty
    columns=(
        Column("no", "ที่", 6, "int"),
        Column("name", "ตัวชี้วัด", 34),
        Column("tool", "เครื่องมือ", 10),
        Column("stated", "คะแนนที่ประกาศ", 13, "score"),
        Column("computed", "คะแนนคำนวณจากรายข้อ", 15, "score", "generated"),
        Column("score", "คะแนนที่ใช้", 12, "score", "formula"),
        Column("target", "ค่าเป้าหมาย", 11, "score", "formula"),
        Column("gap", "ส่วนต่างจากเป้าหมาย", 13, "score", "formula"),
    )
    + tuple(Column(f"hist{k}", f"ปีก่อน {k}", 11, "score") for k in range(HISTORY_YEARS, 0, -1)),
)
# history column "hist<k>" holds the year (assessment year - k); its header is a formula.

# Tool scores, total and level under the indicator table: label | weight | stated | formula.
def indicators_last_row(n: int) -> int:
    """The last row of the indicator table of a framework with ``n`` indicators."""
    return INDICATORS.first_row + max(n, 1) - 1


def summary_header_row(n: int) -> int:
    """``summary_header_row(10) == 15``: one blank row under the indicators."""
    return indicators_last_row(n) + 2


def chart_anchor_row(n: int) -> int:
    """0-based row the charts are anchored at, under the summary block."""
    return summary_header_row(n) + len(SUMMARY_ROWS) + 1


SUMMARY_ROWS = ("IIT", "EIT", "OIT", "total", "level")
SUMMARY_LABELS = {
    "IIT": "IIT ผู้มีส่วนได้ส่วนเสียภายใน",
    "EIT": "EIT ผู้มีส่วนได้ส่วนเสียภายนอก",
    "OIT": "OIT การเปิดเผยข้อมูลสาธารณะ",
    "total": "คะแนนรวม",
    "level": "ระดับผลการประเมิน",
}
SUMMARY_COLUMNS = (
    Column("label", "รายการ", 34),
    Column("weight", "น้ำหนัก", 10, "percent"),
    Column("stated", "ค่าที่ประกาศ", 13, "score"),
    Column("computed", "ค่าคำนวณ", 13, "score", "formula"),
)


def summary_row(key: str, n: int) -> int:
    return summary_header_row(n) + 1 + SUMMARY_ROWS.index(key)


SUMMARY_FIRST_COL = 2  # under the indicator names, where the column is wide


def summary_col(column: str) -> int:
    return SUMMARY_FIRST_COL + [c.key for c in SUMMARY_COLUMNS].index(column)


def summary_cell(key: str, column: str, n: int) -> str:
    return cell(summary_row(key, n), summary_col(column))


# ------------------------------------------------------------------------------------- other tables

QUESTIONS = Table(
    "questions",
    header_row=3,
    max_rows=200,
    columns=(
        Column("code", "ข้อ", 8, "key"),
        Column("tool", "เครื่องมือ", 10),
        Column("indicator", "ตัวชี้วัด", 9, "int"),
        Column("text", "ข้อคำถาม", 70, "long"),
        Column("score", "คะแนน", 11, "score"),
        Column("subindicator", "ตัวชี้วัดย่อย", 10),
    ),
)

ISSUES = Table(
    "issues",
    header_row=3,
    max_rows=120,
    columns=(
        Column("no", "ประเด็นที่", 9, "int"),
        Column("title", "ชื่อประเด็น", 40, "long"),
        Column("plan_topic", "หัวข้อในแผน", 34, "long"),
        Column("tool", "เครื่องมือ", 10),
        Column("codes", "ข้อคำถาม (คั่นด้วย ,)", 40, "long"),
    ),
)

LIBRARY = Table(
    "library",
    header_row=3,
    max_rows=300,
    columns=(
        Column("key", "รหัส (ข้อ/ind)", 10, "key"),
        Column("finding", "ข้อเท็จจริงที่พบ", 40, "long"),
        Column("measures", "มาตรการ (บรรทัดละข้อ)", 48, "long"),
        Column("owner", "ผู้รับผิดชอบ (บทบาท)", 14),
        Column("steps", "ขั้นตอน (บรรทัดละข้อ)", 48, "long"),
        Column("action_short", "แนวทางโดยย่อ", 30, "long"),
    ),
)

ANALYSIS = Table(
    "analysis",
    header_row=3,
    max_rows=300,
    columns=(
        Column("no", "ประเด็นที่", 9, "int", "generated"),
        Column("part", "เครื่องมือ/ส่วน", 14, "text", "generated"),
        Column("questions", "ข้อคำถามและคะแนน", 60, "long", "generated"),
        Column("decision", "ผลการพิจารณา", 14, "text", "generated"),
        Column("action", "แนวทาง", 44, "long", "generated"),
    ),
)

# PLAN: the published columns (generated) are 123 characters wide together, so that they print on
# one A4 landscape width at >= 70 % (TH Sarabun New / Laksaman 16 pt: about 9 pt per character).
PLAN = Table(
    "plan",
    header_row=3,
    max_rows=300,
    columns=(
        Column("key", "รหัสมาตรการ", 10, "key", "generated"),
        Column("issue", "ประเด็นที่", 7, "int", "generated"),
        Column("topic", "หัวข้อ", 16, "long", "generated"),
        Column("measures", "มาตรการ", 31, "long", "generated"),
        Column("owner", "ผู้รับผิดชอบ", 14, "long", "generated"),
        Column("steps", "ขั้นตอน/วิธีการ", 32, "long", "generated"),
        Column("period", "ระยะเวลา", 13, "long", "generated"),
        Column("owner_override", "ผู้รับผิดชอบ (แก้ไข)", 18, "long", "staff"),
        Column("status", "สถานะ", 14, "text", "staff"),
        Column("progress", "ความคืบหน้า (%)", 11, "percent", "staff"),
        Column("evidence", "หลักฐาน/ลิงก์", 24, "long", "staff"),
        Column("notes", "หมายเหตุ", 30, "long", "staff"),
        Column("row_state", "สถานะแถว", 14, "text", "generated"),
    ),
)
PLAN_GENERATED = ("key", "issue", "topic", "measures", "owner", "steps", "period")
PLAN_STAFF = ("owner_override", "status", "progress", "evidence", "notes")
OBSOLETE = "เลิกใช้ (obsolete)"
PLAN_STATUSES = ("ยังไม่เริ่ม", "กำลังดำเนินการ", "เสร็จสิ้น", "ล่าช้า", "ยกเลิก")

NOTES = Table(
    "notes",
    header_row=3,
    max_rows=10,
    columns=(
        Column("key", "รหัส", 14, "key"),
        Column("label", "หัวข้อ", 24),
        Column("text", "ข้อความ", 110, "long"),
    ),
)
NOTE_KEYS = (("limitations", "ข้อจำกัด"), ("suggestions", "ข้อเสนอแนะ"))

FINDINGS = Table(
    "findings",
    header_row=3,
    max_rows=300,
    columns=(
        Column("severity", "ระดับ", 10, "text", "generated"),
        Column("kind", "ประเภท", 22, "text", "generated"),
        Column("message_th", "รายละเอียด", 60, "long", "generated"),
        Column("message_en", "Details", 50, "long", "generated"),
        Column("where", "ตำแหน่ง", 24, "text", "generated"),
    ),
)

# The workbook's own copy of its framework: the question list (editable: correct a wording, add
# a missing item) and, beside it from column J, the year's keys, weights, indicators,
# sub-indicators and levels (``FRAMEWORK_META``: key | value | detail).
FRAMEWORK = Table(
    "framework",
    header_row=3,
    max_rows=300,
    columns=(
        Column("code", "ข้อ", 8, "key"),
        Column("tool", "เครื่องมือ", 10),
        Column("indicator", "ตัวชี้วัด", 9, "int"),
        Column("subindicator", "ตัวชี้วัดย่อย", 10),
        Column("topic", "หัวข้อ (topic)", 18),
        Column("text", "ข้อคำถาม/รายการ", 70, "long"),
        Column("confidence", "ความน่าเชื่อถือ", 12),
    ),
)
FRAMEWORK_META_COL = 10  # J: key, K: value, L: detail
FRAMEWORK_META_HEADER = ("key", "ค่า", "รายละเอียด")
FRAMEWORK_META_WIDTHS = (16, 40, 40)

TABLES: dict[str, Table] = {
    t.sheet_key: t for t in (INDICATORS, QUESTIONS, ISSUES, LIBRARY, ANALYSIS, PLAN, NOTES, FINDINGS, FRAMEWORK)
}
TOOLS_LIST = TOOLS  # the assessment tools, from core (one source)
DECISIONS = {"maintain": "รักษามาตรฐาน", "improve": "พัฒนา/ปรับปรุง"}
SEVERITIES = {"error": "ข้อผิดพลาด", "warning": "คำเตือน", "info": "ข้อสังเกต"}


def working_sheets() -> list[SheetSpec]:
    """Sheets that carry a command button."""
    return [s for s in SHEET_LIST if s.command]


def is_valid_module_name(stem: str) -> bool:
    """Whether a file stem can be imported by xlwings' ``SampleCall`` (``import <stem>``).

    >>> is_valid_module_name("ita_lampang_2566"), is_valid_module_name("ita-ลำปาง"), is_valid_module_name("2566")
    (True, False, False)
    """
    import keyword  # noqa: PLC0415

    return stem.isascii() and stem.isidentifier() and not keyword.iskeyword(stem)


def suggest_module_name(stem: str) -> str:
    """An importable stem close to ``stem``.

    >>> suggest_module_name("ita-ลำปาง 2566")
    'ita_2566'
    """
    s = re.sub(r"[^0-9A-Za-z_]+", "_", stem.encode("ascii", "ignore").decode()).strip("_")
    s = re.sub(r"_+", "_", s)
    if not s or s[0].isdigit():
        s = "ita_" + s if s else "ita_workbook"
    return s if is_valid_module_name(s) else s + "_wb"



# ------------------------------------------------------------------------------------- row heights

LINE_PT = 26.0  # a line of 16 pt text: TH Sarabun New needs ~21, Laksaman (its stand-in) ~26
ROW_PT = 24.0  # a single-line row
_THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")  # vowels and tones above/below


def text_lines(text: object, width: float) -> int:
    """How many lines a wrapped cell of ``width`` characters needs (Thai marks take no width).

    >>> text_lines("ก" * 25, 10), text_lines("ที่นี่\\nสอง", 10)
    (3, 2)
    """
    if text is None:
        return 1
    return _text_lines(str(text), width)


@lru_cache(maxsize=8192)  # a batch repeats the library's and the plan's texts agency after agency
def _text_lines(text: str, width: float) -> int:
    cap = max(width - 1.0, 1.0)
    n = 0
    for line in text.split("\n"):
        visible = len(line) - len(_THAI_MARKS.findall(line)) if len(line) > cap else len(line)
        n += max(1, -(-visible // int(cap)))
    return n


def row_height(table: Table, values: list[object]) -> float | None:
    """A row's height in points when it needs more than one line (None: the default suits)."""
    lines = 1
    for col, v in zip(table.columns, values):
        if isinstance(v, str) and (col.kind in ("long", "text", "key") or "\n" in v):
            lines = max(lines, text_lines(v, col.width))
    return None if lines <= 1 else round(lines * LINE_PT + 6, 1)
