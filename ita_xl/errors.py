"""One exception type for bad input, carrying where it sits and a Thai + English message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputError(Exception):
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
    os_fault: bool = False  # a fault of the file system (full disk, read-only…), not of the content

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
    """An OSError as an InputError naming the file (the CLI prints it and exits 2).

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
    return InputError(str(where if where is not None else "-"), th, f"{en} ({detail})", os_fault=True)
