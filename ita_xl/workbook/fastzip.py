"""A write-only zip that takes parts already deflated, for the template package (:mod:`.package`).

A batch writes thousands of workbooks in which most parts (the VBA project, theme, styles, the
button drawings, relationships, the static sheets) are the template's bytes: they are deflated
once and copied (:meth:`FastZipFile.write_deflated`). For each part name the last (data, CRC,
deflated) is kept as well, so a part written again unchanged costs one comparison. The archive is
the one :class:`zipfile.ZipFile` writes for the same parts at ``compresslevel`` (same headers, same
central directory; with python-isal installed the deflated bytes are ISA-L's, ~6x faster than
zlib's level 1, so compressed sizes differ).

>>> import io, zipfile
>>> buf = io.BytesIO()
>>> z = FastZipFile(buf, "w")
>>> z.writestr(zipfile.ZipInfo("a.xml", (1980, 1, 1, 0, 0, 0)), "<a/>" * 100)
>>> z.close()
>>> zipfile.ZipFile(buf).read("a.xml") == b"<a/>" * 100
True
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib

try:  # ISA-L's deflate: ~6x zlib's level 1 on workbook XML, and smaller (optional: the "fast" extra)
    from isal import isal_zlib as _isal
except ImportError:  # pragma: no cover - depends on the installation
    _isal = None
_crc32 = zlib.crc32 if _isal is None else _isal.crc32  # the same CRC-32; ISA-L's ~4x faster

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LIMIT = 0x7FFFFFFF  # no ZIP64 here: a workbook is far below this

# part name -> (data, crc, deflated, level) of the last time it was written
_LAST: dict[str, tuple[bytes, int, bytes, int]] = {}

def deflate(name: str, data: bytes, level: int) -> tuple[int, bytes]:
    """CRC-32 and raw deflate of ``data`` at ``level``, reused when ``name`` last had these bytes.

    With python-isal installed the deflate is ISA-L's (same format, other bytes than zlib's)."""
    last = _LAST.get(name)
    if last is not None and last[3] == level and last[0] == data:
        return last[1], last[2]
    if _isal is not None and level <= 3:
        comp = _isal.compress(data, level, -15)
    else:
        c = zlib.compressobj(level, zlib.DEFLATED, -15)
        comp = c.compress(data) + c.flush()
    crc = _crc32(data)
    _LAST[name] = (data, crc, comp, level)
    return crc, comp


class FastZipFile:
    """Just enough of :class:`zipfile.ZipFile` (mode ``"w"``); deflates at level 1."""

    level = 1

    def __init__(self, file, mode: str = "w", compression: int = zipfile.ZIP_DEFLATED, allowZip64: bool = True,
                 compresslevel: int | None = None):
        if mode != "w":
            raise ValueError("FastZipFile only writes")
        if compression not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
            raise ValueError("FastZipFile deflates or stores")
        self.compression = compression
        self.compresslevel = self.level if compresslevel is None else compresslevel
        if isinstance(file, (str, os.PathLike)):
            self.fp, self._own = open(file, "wb"), True
        else:
            self.fp, self._own = file, False
        self._start = self.fp.tell()
        self._pos = self._start
        self._chunks: list[bytes] = []
        self._central: list[bytes] = []
        self._closed = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None) -> None:
        if isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo = zinfo_or_arcname
        else:
            zinfo = zipfile.ZipInfo(zinfo_or_arcname, (1980, 1, 1, 0, 0, 0))  # a fixed time, unlike zipfile
            zinfo.compress_type = self.compression
        if isinstance(data, str):
            data = data.encode("utf-8")
        method = zinfo.compress_type if compress_type is None else compress_type
        level = self.compresslevel if compresslevel is None else compresslevel
        if method == zipfile.ZIP_DEFLATED:
            crc, comp = deflate(zinfo.filename, data, level)
        elif method == zipfile.ZIP_STORED:
            crc, comp = zlib.crc32(data), data
        else:
            raise ValueError(f"unsupported compression {method}")
        self._add(zinfo, method, len(data), crc, comp)

    def write_deflated(self, zinfo: zipfile.ZipInfo, size: int, crc: int, comp: bytes) -> None:
        """Add a part already deflated (``size`` bytes with CRC-32 ``crc`` before deflating), as
        :meth:`writestr` would add it."""
        self._add(zinfo, zipfile.ZIP_DEFLATED, size, crc, comp)

    def _add(self, zinfo: zipfile.ZipInfo, method: int, size: int, crc: int, comp: bytes) -> None:
        if size > _LIMIT or len(comp) > _LIMIT or self._pos > _LIMIT:
            raise zipfile.LargeZipFile("FastZipFile writes no ZIP64 archives")
        name, flags = _encode_name(zinfo.filename, 0)  # zipfile resets the flags of a part it writes
        dt = zinfo.date_time
        dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
        dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
        version = zinfo.extract_version
        extra = zinfo.extra
        attr = zinfo.external_attr or 0o600 << 16  # as zipfile: ?rw-------
        offset = self._pos
        header = _LOCAL.pack(b"PK\003\004", version, zinfo.reserved, flags, method, dostime, dosdate, crc,
                             len(comp), size, len(name), len(extra))
        self._chunks += (header, name, extra, comp)
        self._pos += len(header) + len(name) + len(extra) + len(comp)
        self._central.append(_CENTRAL.pack(
            b"PK\001\002", zinfo.create_version, zinfo.create_system, version, zinfo.reserved, flags,
            method, dostime, dosdate, crc, len(comp), size, len(name), len(extra), len(zinfo.comment), 0,
            zinfo.internal_attr, attr, offset,
        ) + name + extra + zinfo.comment)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            central = b"".join(self._central)
            end = _END.pack(b"PK\005\006", 0, 0, len(self._central), len(self._central), len(central), self._pos, 0)
            self.fp.write(b"".join(self._chunks) + central + end)
            self.fp.flush()
        finally:
            if self._own:
                self.fp.close()


def _encode_name(filename: str, flags: int) -> tuple[bytes, int]:
    try:
        return filename.encode("ascii"), flags
    except UnicodeEncodeError:
        return filename.encode("utf-8"), flags | 0x800
