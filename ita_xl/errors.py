"""The exceptions ita_xl raises on purpose, a small hierarchy (XlsxWriter's ``exceptions.py`` style).

``ItaXlError`` → ``InputError`` (bad input: where it sits and a Thai + English message; the CLI
prints it and exits 2) → ``FrameworkError``, ``UnknownYear``, ``FileFault``.
"""

from __future__ import annotations

from dataclasses import dataclass


class ItaXlError(Exception):
    """Anything ita_xl raises on purpose (never a bug of ours)."""


@dataclass
class InputError(ItaXlError):
    """Bad user input. The CLI prints it and exits with status 2, no traceback.

    >>> str(InputError("scores.csv", "ไม่ใช่ตัวเลข", "not a number", row=3))
    'scores.csv: row 3: not a number / ไม่ใช่ตัวเลข'
    """

    file: str
    message_th: str
    message_en: str
    row: int | None = None
    sheet: str | None = None
    cell: str | None = None

    @property
    def os_fault(self) -> bool:
        """A fault of the file system (a :class:`FileFault`), not of the content."""
        return isinstance(self, FileFault)

    def where(self) -> str:
        parts = [self.file]
        if self.sheet and self.cell:
            parts.append(f"{self.sheet}!{self.cell}")
        elif self.sheet:
            parts.append(self.sheet)
        elif self.cell:
            parts.append(self.cell)
        if self.row is not None:
            parts.append(f"row {self.row}")
        return ": ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message_en} / {self.message_th}"


class FrameworkError(InputError):
    """A framework that cannot be used, located: ``file`` is its file and key (or sheet and cell).

    >>> str(FrameworkError("fw/framework.toml: weights.OIT", "weight -5.0 must be a number within 0–1"))
    'fw/framework.toml: weights.OIT: weight -5.0 must be a number within 0–1 / กรอบการประเมินใช้ไม่ได้: weight -5.0 must be a number within 0–1'
    """

    def __init__(self, where: str, message: str, message_th: str = "", **location):
        super().__init__(where, message_th or f"กรอบการประเมินใช้ไม่ได้: {message}", message, **location)

    @property
    def message(self) -> str:
        return self.message_en


class UnknownYear(InputError):
    """A year no framework is known for, naming the year and the years known.

    >>> str(UnknownYear(2599, (2566, 2567)))
    'framework 2599: no ITA framework for 2599; have (2566, 2567) / ไม่มีกรอบการประเมินปี 2599'
    >>> isinstance(UnknownYear(2599, ()), InputError)
    True
    """

    def __init__(self, year: int, known: tuple[int, ...] = (), where: str = "", hint_th: str = "", hint_en: str = "",
                 **location):
        super().__init__(where or f"framework {year}", f"ไม่มีกรอบการประเมินปี {year}{hint_th}",
                         f"no ITA framework for {year}; have {tuple(known)}{hint_en}", **location)
        self.year = year
        self.known = tuple(known)

    def at(self, where: str, hint_th: str = "", hint_en: str = "", **location) -> UnknownYear:
        """The same unknown year, located at ``where`` (a file, or file and cell) with a hint."""
        return UnknownYear(self.year, self.known, where, hint_th, hint_en, **location)


class FileFault(InputError):
    """A fault of the file system (a full disk, a read-only or locked folder…), not of the content."""


# errno -> (Thai, English) for the faults a user can fix: a full disk, a read-only or locked folder…
_OS_REASONS = {
    "ENOSPC": ("พื้นที่ดิสก์เต็ม", "no space left on the disk"),
    "EDQUOT": ("เกินโควตาพื้นที่ดิสก์", "disk quota exceeded"),
    "EROFS": ("ดิสก์หรือโฟลเดอร์นี้อ่านได้อย่างเดียว", "the disk or folder is read-only"),
    "EACCES": ("ไม่มีสิทธิ์เขียนหรืออ่านไฟล์/โฟลเดอร์นี้", "permission denied"),
    "EPERM": ("ไม่มีสิทธิ์เขียนหรืออ่านไฟล์/โฟลเดอร์นี้", "operation not permitted"),
    "ENAMETOOLONG": ("ชื่อไฟล์หรือเส้นทางยาวเกินไป", "the file name or path is too long"),
    "ENOENT": ("ไม่พบไฟล์หรือโฟลเดอร์", "no such file or folder"),
    "ENOTDIR": ("ส่วนหนึ่งของเส้นทางไม่ใช่โฟลเดอร์", "a part of the path is not a folder"),
    "EISDIR": ("เป็นโฟลเดอร์ ไม่ใช่ไฟล์", "it is a folder, not a file"),
    "EIO": ("อ่าน/เขียนดิสก์ผิดพลาด", "input/output error on the disk"),
    "EBUSY": ("ไฟล์ถูกใช้งานอยู่", "the file is busy"),
    "EMFILE": ("เปิดไฟล์พร้อมกันมากเกินไป", "too many open files"),
}


def os_error(exc: OSError, path: object = None) -> InputError:
    """An OSError as a :class:`FileFault` naming the file (the CLI prints it and exits 2).

    >>> import errno
    >>> str(os_error(OSError(errno.ENOSPC, "No space left on device"), "out/ita_1.xlsm"))
    'out/ita_1.xlsm: no space left on the disk (No space left on device) / พื้นที่ดิสก์เต็ม'
    """
    import errno as _errno  # noqa: PLC0415
    import os  # noqa: PLC0415

    if isinstance(exc, InputError):  # pragma: no cover - already located
        return exc
    name = _errno.errorcode.get(exc.errno or 0, "")
    th, en = _OS_REASONS.get(name, ("ระบบปฏิบัติการแจ้งข้อผิดพลาด", "operating system error"))
    where = exc.filename if exc.filename is not None else path
    if path is not None and where is not path and (
        os.path.basename(str(where)).startswith(".~ita-") or ".ita-xl-staging" in str(where)
    ):
        where = path  # our temp or staged file: name the file the user asked for
    detail = exc.strerror or str(exc) or type(exc).__name__
    return FileFault(str(where if where is not None else "-"), th, f"{en} ({detail})")
