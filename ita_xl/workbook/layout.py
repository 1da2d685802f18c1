"""The one place that knows the workbook's layout: sheet names (Thai), anchors and column order.

The template builder, the reader, the commands and the xlwings adapter all address cells through
this module; nothing else spells a sheet name or a column letter. Cell addresses are
:mod:`ita_xl.io.address`'s and text heights :mod:`.heights`', imported here for the layout's users.

Rows and columns here are 1-based like Excel (``cell(3, 2) == "B3"``).

>>> SHEETS["plan"].name, PLAN.col("notes"), PLAN.letter("notes")
('แผนปฏิบัติการ', 12, 'L')
>>> cell(4, 2), col_letter(28), parse_cell("AB12")
('B4', 'AB', (12, 28))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ita_xl.core.codes import TOOLS
from ita_xl.io.frameworks import catalog
# Addresses and text heights have their own modules; the layout's users reach them through it.
from ita_xl.io.address import cell, col_letter, parse_cell, parse_range, quote_sheet  # noqa: F401
from ita_xl.workbook.modules import is_valid_module_name, suggest_module_name  # noqa: F401
from ita_xl.workbook.heights import DOC_PT, DOC_TABLE_PT, LINE_PT, ROW_PT, text_lines  # noqa: F401

# ------------------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # Thai header shown in the workbook
    width: float = 12.0
    kind: str = "text"  # text | score | int | percent | formula | long | key
    role: str = "input"  # input (user/import), generated (written by fill), staff, formula


@dataclass(frozen=True)
class Check:
    """A data validation over a column's data rows: a list (``source``: the choices, or a range
    formula ``"=..."``), or without ``source`` a number from 0 to 100."""

    key: str
    source: tuple[str, ...] | str | None = None
    strict: bool = True  # False: a value off the list is let in, with a note


@dataclass(frozen=True)
class Mark:
    """A conditional format over the data rows of columns ``first``..``last`` (default ``first``
    alone; ``first`` None: the whole row). ``kind`` "equals": where column ``when`` of the row holds
    ``value`` (None: is not blank), in the named format ``style``; "scores": red below 85, amber
    below 100, green at 100 (numbers only); "bar": a data bar of colour ``style`` over ``scale``."""

    kind: str
    first: str | None = None
    last: str | None = None
    style: str = ""
    when: str = ""
    value: str | None = ""
    scale: tuple[float, float] | None = None


@dataclass(frozen=True)
class Table:
    """A table on a sheet: a header row and data rows from ``first_row`` down, from column A, with
    its look (the title row and the header's look are every table's: :mod:`.sheets`)."""

    sheet_key: str
    header_row: int
    columns: tuple[Column, ...]
    max_rows: int = 400  # how far clears and validations reach
    freeze_cols: int = 0  # columns kept in view beside the frozen header
    grid: bool = True  # gridlines on screen (they never print)
    min_rows: int = 1  # data rows written even when blank
    checks: tuple[Check, ...] = ()
    marks: tuple[Mark, ...] = ()
    print_cols: int | None = None  # print only the first columns (default: all)
    side_margin: float = 0.4  # inches, left and right
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
    SheetSpec("paste", "วางผล ITAS",
              "วางข้อความผลการประเมินจากระบบ ITAS ที่เซลล์ A4 (คัดลอกทั้งหน้า) แล้วกดปุ่มนำเข้าคะแนน",
              "import", "นำเข้าคะแนน"),
    SheetSpec("indicators", "คะแนนตัวชี้วัด", "คะแนนรายตัวชี้วัด", "fill", "คำนวณและวิเคราะห์"),
    SheetSpec("questions", "คะแนนรายข้อ", "คะแนนรายข้อคำถาม", "check", "ตรวจสอบคะแนน"),
    SheetSpec("issues", "ประเด็น", "การจัดกลุ่มข้อคำถามเป็นประเด็น (แก้ไขได้)", "fill", "วิเคราะห์ใหม่"),
    SheetSpec("library", "ข้อเสนอแนะ", "คลังข้อเสนอแนะและมาตรการ (แก้ไขได้)", "fill", "วิเคราะห์ใหม่"),
    SheetSpec("analysis", "ผลวิเคราะห์", "ผลการวิเคราะห์รายประเด็น", "fill", "วิเคราะห์ผล", generated=True),
    SheetSpec("plan", "แผนปฏิบัติการ", "แผนปฏิบัติการตามมาตรการ", "plan", "สร้าง/ปรับปรุงแผน"),
    SheetSpec("notes", "ข้อจำกัด", "ข้อจำกัดและข้อเสนอแนะ", "export", "ส่งออกรายงาน"),
    SheetSpec("findings", "ข้อค้นพบ", "ข้อค้นพบจากการตรวจสอบ", "check", "ตรวจสอบ", generated=True),
    # The documents, print-ready (A4, the progress report landscape): made from the same report model as the DOCX.
    SheetSpec("report", "รายงาน", "รายงานการวิเคราะห์ผลการประเมิน ITA (พิมพ์หรือส่งออกเป็น PDF จากแผ่นงานนี้)",
              "report", "จัดทำรายงาน", generated=True),
    SheetSpec("progress_report", "รายงานผล", "รายงานผลการดำเนินการตามมาตรการ (พิมพ์หรือส่งออกเป็น PDF จากแผ่นงานนี้)",
              "progress", "รายงานผลการดำเนินการ", generated=True),
    # No button: the framework is data staff rarely edit (and a button runs the command of its sheet).
    SheetSpec("framework", "กรอบการประเมิน", "กรอบการประเมินของปีนี้: ข้อคำถาม ตัวชี้วัด น้ำหนัก และเกณฑ์ระดับ (แก้ไขหรือเพิ่มข้อได้)"),
)
SHEETS: dict[str, SheetSpec] = {s.key: s for s in SHEET_LIST}
CONF_SHEET = "xlwings.conf"  # xlwings reads its settings from a sheet of this exact name
TITLE_ROW = 1

# ------------------------------------------------------------------------------------- settings

NUMERALS = ("thai", "arabic")


UNIT_ROLES: tuple[str, ...] = tuple(catalog().units["roles"])  # frameworks/units.toml


def org_types() -> tuple[str, ...]:
    return tuple(k for k in catalog().units["org_types"] if k != "default")


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
    units = tuple(Field(f"unit.{r}", f"หน่วยรับผิดชอบ: {catalog().units['roles'][r]} ({r})") for r in UNIT_ROLES)
    # Last, so that the rows above stay where a workbook made before it has them.
    rounds = (Field("progress_round", "รอบรายงานผลการดำเนินการ (6 หรือ 12 เดือน; ว่าง = ตามวันที่ข้อมูล)", "choice"),)
    signed = (Field("approval_date", "วันที่อนุมัติ/ลงนามแผน (เช่น 15/11/2566; ว่าง = เว้นไว้ให้ลงวันที่)"),)
    return base + units + rounds + signed


SETTINGS_FIELDS: tuple[Field, ...] = _settings_fields()
SETTINGS_HEADER_ROW = 3  # "รายการ | ค่า | key"
SETTINGS_FIRST_ROW = 4
SETTINGS_VALUE_COL, SETTINGS_KEY_COL = 2, 3  # label | value | key


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


# The plan's owner list: the settings' unit names.
UNITS_RANGE = (f"={quote_sheet(SHEETS['settings'].name)}!$B${settings_row('unit.' + UNIT_ROLES[0])}"
               f":$B${settings_row('unit.' + UNIT_ROLES[-1])}")
TOOLS_LIST = TOOLS  # the assessment tools, from core (one source)
DECISIONS = {"maintain": "รักษามาตรฐาน", "improve": "พัฒนา/ปรับปรุง"}
SEVERITIES = {"error": "ข้อผิดพลาด", "warning": "คำเตือน", "info": "ข้อสังเกต"}
HEADING_PART = "ประเด็น"  # the analysis' "part" of an issue's heading row
PROGRESS_ROUNDS = ("6", "12")
PLAN_STATUSES = ("ยังไม่เริ่ม", "กำลังดำเนินการ", "เสร็จสิ้น", "ล่าช้า", "ยกเลิก")
OBSOLETE = "เลิกใช้ (obsolete)"

# ------------------------------------------------------------------------------------- indicators

HISTORY_YEARS = 4  # previous assessment years kept beside the current one

# The indicator table has one row per indicator of the workbook's framework (``n`` below): the
# tool scores, total and level follow it, so a framework with more or fewer indicators moves them.
INDICATORS = Table(
    "indicators",
    header_row=3,
    max_rows=60,  # the most a framework may have; rows past its own indicators stay empty
    freeze_cols=2,
    marks=(Mark("scores", "stated", "score"), Mark("scores", "hist4", "hist1"), Mark("bar", "gap", style="#F4B183")),
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
    checks=(Check("tool", TOOLS), Check("score")),
    marks=(Mark("scores", "score"),),
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
    checks=(Check("tool", TOOLS),),
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
    checks=(Check("owner", UNIT_ROLES, strict=False),),
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
    grid=False,
    marks=(  # issue heading rows bold and shaded; decisions coloured
        Mark("equals", None, style="heading", when="part", value=HEADING_PART),
        Mark("equals", "decision", style="amber", when="decision", value=DECISIONS["improve"]),
        Mark("equals", "decision", style="green", when="decision", value=DECISIONS["maintain"]),
    ),
    columns=(
        Column("no", "ประเด็นที่", 9, "int", "generated"),
        Column("part", "เครื่องมือ/ส่วน", 14, "text", "generated"),
        Column("questions", "ข้อคำถามและคะแนน", 60, "long", "generated"),
        Column("decision", "ผลการพิจารณา", 14, "text", "generated"),
        Column("action", "แนวทาง", 44, "long", "generated"),
    ),
)

# PLAN: the published columns (generated) are 123 characters wide together, so that they print on
# one A4 landscape width at >= 70 % (TH Sarabun New / Laksaman 16 pt: about 9 pt per character);
# the staff columns (owner override, status, progress, evidence, notes) are working columns, kept
# out of the print area (all 13 columns on one width printed 16 pt at about 7.7 pt). What was done and
# the result against the target (the progress report's text per measure, O26) came later: they sit
# after the row state so that a workbook made before them keeps its columns where they were.
PLAN_GENERATED = ("key", "issue", "topic", "measures", "owner", "steps", "period")
PLAN_STAFF = ("owner_override", "status", "progress", "evidence", "notes", "done", "result")
PLAN = Table(
    "plan",
    header_row=3,
    max_rows=300,
    freeze_cols=2,
    grid=False,
    checks=(Check("owner_override", UNITS_RANGE, strict=False), Check("status", PLAN_STATUSES), Check("progress")),
    marks=(  # progress bars, status colours, finished rows in grey
        Mark("bar", "progress", style="#70AD47", scale=(0, 100)),
        Mark("equals", "status", style="green", when="status", value=PLAN_STATUSES[2]),
        Mark("equals", "status", style="red", when="status", value=PLAN_STATUSES[3]),
        Mark("equals", None, style="done_row", when="row_state", value=None),
    ),
    print_cols=len(PLAN_GENERATED),
    side_margin=0.3,
    columns=(
        Column("key", "รหัสมาตรการ", 10, "key", "generated"),
        Column("issue", "ประเด็นที่", 7, "int", "generated"),
        Column("topic", "หัวข้อ", 16, "long", "generated"),
        Column("measures", "มาตรการ", 30, "long", "generated"),
        Column("owner", "ผู้รับผิดชอบ", 14, "long", "generated"),
        Column("steps", "ขั้นตอน/วิธีการ", 30, "long", "generated"),
        Column("period", "ระยะเวลา", 13, "long", "generated"),
        Column("owner_override", "ผู้รับผิดชอบ (แก้ไข)", 18, "long", "staff"),
        Column("status", "สถานะ", 14, "text", "staff"),
        Column("progress", "ความคืบหน้า (%)", 11, "percent", "staff"),
        Column("evidence", "หลักฐาน/ลิงก์", 24, "long", "staff"),
        Column("notes", "หมายเหตุ", 30, "long", "staff"),
        Column("row_state", "สถานะแถว", 14, "text", "generated"),
        Column("done", "การดำเนินการที่ทำแล้ว", 36, "long", "staff"),
        Column("result", "ผลเทียบกับเป้าหมาย", 30, "long", "staff"),
    ),
)

NOTE_KEYS = (("limitations", "ข้อจำกัด"), ("suggestions", "ข้อเสนอแนะ"),
             ("problems", "ปัญหาอุปสรรค (รายงานผลการดำเนินการ)"),
             ("next_steps", "ข้อเสนอแนะและแนวทางการดำเนินการต่อไป (รายงานผลการดำเนินการ)"))
NOTES = Table(
    "notes",
    header_row=3,
    max_rows=10,
    grid=False,
    min_rows=len(NOTE_KEYS),
    columns=(
        Column("key", "รหัส", 14, "key"),
        Column("label", "หัวข้อ", 24),
        Column("text", "ข้อความ", 110, "long"),
    ),
)

FINDINGS = Table(
    "findings",
    header_row=3,
    max_rows=300,
    grid=False,
    marks=(
        Mark("equals", "severity", style="red", when="severity", value=SEVERITIES["error"]),
        Mark("equals", "severity", style="amber", when="severity", value=SEVERITIES["warning"]),
    ),
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
    checks=(Check("tool", TOOLS),),
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

# Where staff paste the ITAS result pages: Excel puts each line of the text in a row, its tabs
# (score columns) in the cells beside it; import reads the rows back as lines of text.
PASTE = Table(
    "paste",
    header_row=3,
    max_rows=1000,
    grid=True,
    columns=(Column("text", "ข้อความที่วางจาก ITAS", 90, "text"),)
    + tuple(Column(f"more{k}", "(ต่อ)", 14, "text") for k in range(1, 6)),
)

TABLES: dict[str, Table] = {
    t.sheet_key: t for t in (INDICATORS, PASTE, QUESTIONS, ISSUES, LIBRARY, ANALYSIS, PLAN, NOTES, FINDINGS, FRAMEWORK)
}

# ------------------------------------------------------------------------------------- documents

# The report sheets' font: the name the DOCX carries (io.fonts.DOCX_FAMILY, the government
# standard installed on agency PCs; a PDF made where it is missing uses a metric-compatible stand-in).
DOC_FONT = "TH SarabunPSK"


@dataclass(frozen=True)
class DocSheet:
    """A print-ready document sheet: a grid of columns (Excel widths) that spans A4 between the DOCX's
    margins (cm), 16 cm portrait or 24.7 landscape, each table of the document over runs of them."""

    sheet_key: str
    widths: tuple[float, ...]
    first_row: int = 3  # rows 1-2: the sheet's title and button (not printed)
    max_rows: int = 1500
    margins: tuple[float, float, float, float] = (3.0, 2.0, 2.5, 2.0)  # left, right, top, bottom (cm)
    landscape: bool = False

    @property
    def page_pt(self) -> float:
        """A page's height between the margins (pt) less slack: fit to width only ever shrinks the
        sheet, so pages broken by it are never longer than the printer's, which adds no breaks.

        >>> round(REPORT_DOC.page_pt), round(PROGRESS_DOC.page_pt)
        (700, 454)
        """
        _, _, top, bottom = self.margins
        return ((21.0 if self.landscape else 29.7) - top - bottom) / 2.54 * 72 - 14

    @property
    def sheet(self) -> str:
        return SHEETS[self.sheet_key].name

    @property
    def n_cols(self) -> int:
        return len(self.widths)

    @property
    def last_row(self) -> int:
        return self.first_row + self.max_rows - 1

    @property
    def sample_col(self) -> int:
        """The hidden column holding one cell of each look (:data:`DOC_LOOKS`), row by row from row 1:
        where a fill finds the style to give a cell (a look name is its value)."""
        return self.n_cols + 6


# Report: indicators (no | name B:D | score), issues (tool | questions | score | action D:E) and the
# plan (topic | measures | owner | steps | period) over five columns, the DOCX's widths scaled to 16 cm.
# A width unit is the digits' advance of 16 pt TH SarabunPSK (Laksaman in LibreOffice), 8.7 pt, and
# XlsxWriter stores 5/7 more a column: 16 cm is ~52 units stored, printed at ~100 % (43 printed 14.4 cm).
REPORT_DOC = DocSheet("report", (7.0, 12.0, 7.2, 13.8, 8.2))
# Progress: no | topic and measures | owner | status | percent | evidence | notes, on A4 landscape
# as the DOCX's table (its PROGRESS_COLS over 24.7 cm, about 80 units stored).
PROGRESS_DOC = DocSheet("progress_report", (2.8, 24.7, 12.0, 7.7, 5.1, 14.3, 9.0), landscape=True)
DOCS: dict[str, DocSheet] = {d.sheet_key: d for d in (REPORT_DOC, PROGRESS_DOC)}

# The looks of a document's cells: (font size, bold, horizontal alignment, the cell's borders
# (l, r, t, b), shaded). A table row that goes on in the rows below it ("tdt", "tdm", "tdz": top,
# middle, bottom) has no rule between them, so a long plan row is several rows a page may break
# between, and still reads as one.
DOC_LOOKS: dict[str, tuple[int, bool, str, str, bool]] = {
    "blank": (DOC_PT, False, "left", "", False),
    "title": (DOC_PT + 2, True, "center", "", False),
    "center": (DOC_PT, True, "center", "", False),
    "middle": (DOC_PT, False, "center", "", False),
    "heading": (DOC_PT, True, "left", "", False),
    "body": (DOC_PT, False, "left", "", False),  # justified, a Thai line's few spaces open wide
    "caption": (DOC_PT, True, "center", "", False),
    "th": (DOC_TABLE_PT, True, "center", "lrtb", True),
    "td": (DOC_TABLE_PT, False, "left", "lrtb", False),
    "tdc": (DOC_TABLE_PT, False, "center", "lrtb", False),
    "tdb": (DOC_TABLE_PT, True, "left", "lrtb", False),
    "tdbc": (DOC_TABLE_PT, True, "center", "lrtb", False),
    "tdt": (DOC_TABLE_PT, False, "left", "lrt", False),
    "tdm": (DOC_TABLE_PT, False, "left", "lr", False),
    "tdz": (DOC_TABLE_PT, False, "left", "lrb", False),
}


def working_sheets() -> list[SheetSpec]:
    """Sheets that carry a command button."""
    return [s for s in SHEET_LIST if s.command]


def row_height(table: Table, values: list[object]) -> float | None:
    """A row's height in points when it needs more than one line (None: the default suits)."""
    return _row_height(table.sheet_key, tuple(v if v.__class__ is str else None for v in values))


@lru_cache(maxsize=8192)  # a batch repeats the questions', the library's and the plan's texts agency after agency
def _row_height(sheet_key: str, texts: tuple[str | None, ...]) -> float | None:
    lines = 1
    for col, v in zip(TABLES[sheet_key].columns, texts):
        if v is not None and (col.kind in ("long", "text", "key") or "\n" in v):
            lines = max(lines, text_lines(v, col.width))
    return None if lines <= 1 else round(lines * LINE_PT + 6, 1)
