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


def read_deflated(fp, info: zipfile.ZipInfo) -> bytes:
    """The deflated bytes of the part ``info`` of the archive open as ``fp`` (binary), as stored:
    what :meth:`FastZipFile.write_deflated` takes to copy a part without inflating it (its local
    header gives where the data starts: APPNOTE 4.3.7)."""
    fp.seek(info.header_offset)
    local = _LOCAL.unpack(fp.read(_LOCAL.size))
    fp.seek(info.header_offset + _LOCAL.size + local[-2] + local[-1])  # past the name and extra field
    return fp.read(info.compress_size)


class FastZipFile:
    """Just enough of a write-only :class:`zipfile.ZipFile`: parts deflated at ``level``, or
    already deflated (:meth:`write_deflated`)."""

    level = 1

    def __init__(self, file, mode: str = "w"):
        if mode != "w":
            raise ValueError("FastZipFile only writes")
        own = isinstance(file, (str, os.PathLike))
        self.fp, self._own = (open(file, "wb") if own else file), own
        self._pos = self.fp.tell()
        self._chunks: list[bytes] = []
        self._central: list[bytes] = []
        self._closed = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def writestr(self, zinfo: zipfile.ZipInfo, data: bytes | str) -> None:
        """Add ``data`` as the part ``zinfo`` names, deflated."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        crc, comp = deflate(zinfo.filename, data, self.level)
        self.write_deflated(zinfo, len(data), crc, comp)

    def write_deflated(self, zinfo: zipfile.ZipInfo, size: int, crc: int, comp: bytes) -> None:
        """Add a part already deflated (``size`` bytes with CRC-32 ``crc`` before deflating), with
        the headers :class:`zipfile.ZipFile` writes for it."""
        if size > _LIMIT or len(comp) > _LIMIT or self._pos > _LIMIT:
            raise zipfile.LargeZipFile("FastZipFile writes no ZIP64 archives")
        try:  # zipfile resets the flags of a part it writes, but for a UTF-8 name
            name, flags = zinfo.filename.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = zinfo.filename.encode("utf-8"), 0x800
        dt = zinfo.date_time
        dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
        dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
        version, extra, method = zinfo.extract_version, zinfo.extra, zipfile.ZIP_DEFLATED
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
