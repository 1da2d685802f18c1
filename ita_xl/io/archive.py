"""The guard every spreadsheet archive passes before any part of it is read.

A workbook is a zip file. Before python-calamine, openpyxl or our own readers inflate a single part
(not even ``xl/workbook.xml``), :func:`check_zip` reads the central directory only and refuses a
corrupt archive and a zip bomb (parts that would inflate beyond sane limits), with the file named.
Python's ``zipfile`` never inflates a part beyond the size the directory declares (it stops there
and reports a bad CRC), so a directory that lies about sizes cannot get past the limits either.
:func:`reading` turns any fault of a reader library on a damaged part (XML entities refused by
defusedxml, malformed XML, a missing part) into an :class:`~ita_xl.errors.InputError`.
"""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path

from ita_xl.errors import InputError, os_error

# A real ITA workbook is well under 5 MB unpacked.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_PART = 128 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10_000


_KINDS = {".xlsx": "ไฟล์ Excel ", ".docx": "ไฟล์ Word "}  # how the message names each kind


def check_zip(path: str | Path, kind: str = ".xlsx") -> None:
    """Refuse corrupt archives and zip bombs from the central directory alone (nothing is inflated);
    ``kind`` names the format in the message (``.xlsx``, ``.docx``)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except OSError as exc:
        raise os_error(exc, path) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise InputError(
            str(path), f"{_KINDS[kind]}เสียหายหรือไม่ใช่ไฟล์ {kind}", f"corrupt or not an {kind} file ({exc})"
        ) from None
    if len(infos) > MAX_MEMBERS:
        raise InputError(str(path), "ไฟล์มีส่วนประกอบมากผิดปกติ", f"refused: {len(infos)} parts in the archive")
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    biggest = max(infos, key=lambda i: i.file_size, default=None)
    part_ratio = biggest.file_size / (biggest.compress_size or 1) if biggest is not None else 0
    if (
        unpacked > MAX_UNPACKED
        or (biggest is not None and biggest.file_size > MAX_PART)
        or (unpacked > 10 * 1024 * 1024 and (unpacked / packed > MAX_RATIO or part_ratio > 4 * MAX_RATIO))
    ):
        what = f" ({biggest.filename})" if biggest is not None else ""
        raise InputError(
            str(path),
            "ไฟล์ถูกบีบอัดผิดปกติ (อาจเป็น zip bomb) จึงไม่เปิดอ่าน",
            f"refused: archive would inflate to {unpacked} bytes (ratio {unpacked / packed:.0f}:1){what}",
        )


_XML_SUFFIXES = (".xml", ".rels", ".vml")


def check_xml(path: str | Path) -> None:
    """Every XML part of the archive is well-formed and declares no DTD or entity (refused as
    defusedxml would, but for every part: openpyxl drops a chart or core properties it cannot read
    and writes the workbook without them). Run after :func:`check_zip`; parts are streamed."""
    import xml.parsers.expat  # noqa: PLC0415

    path = Path(path)

    class _Refused(Exception):
        pass

    def no_dtd(*_args) -> None:
        raise _Refused("a DTD or entity declaration (refused: XML entity attack)")

    with reading(path), zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if not info.filename.lower().endswith(_XML_SUFFIXES):
                continue
            parser = xml.parsers.expat.ParserCreate()
            parser.StartDoctypeDeclHandler = no_dtd
            parser.EntityDeclHandler = no_dtd
            try:
                with zf.open(info) as fh:
                    while chunk := fh.read(1 << 16):
                        parser.Parse(chunk, False)
                parser.Parse(b"", True)
            except (_Refused, xml.parsers.expat.ExpatError) as exc:
                raise InputError(
                    str(path), f"ส่วนประกอบ {info.filename} ของไฟล์เสียหาย", f"damaged part {info.filename}: {exc}"
                ) from None


@contextlib.contextmanager
def reading(path: str | Path, what_th: str = "ไฟล์ Excel เสียหาย เปิดอ่านไม่ได้", what_en: str = "corrupt workbook"):
    """Faults of a reader library on ``path`` as InputError (OSError as a located OS fault)."""
    try:
        yield
    except InputError:
        raise
    except OSError as exc:
        if isinstance(exc, zipfile.BadZipFile):  # pragma: no cover - not an OSError today
            raise InputError(str(path), what_th, f"{what_en} ({exc})") from None
        raise os_error(exc, path) from None
    except (MemoryError, RecursionError) as exc:
        raise InputError(str(path), what_th, f"{what_en} ({type(exc).__name__})") from None
    except Exception as exc:  # noqa: BLE001 - zipfile, XML (defusedxml), openpyxl, calamine errors alike
        detail = str(exc) or type(exc).__name__
        raise InputError(str(path), what_th, f"{what_en} ({type(exc).__name__}: {detail[:300]})") from None
