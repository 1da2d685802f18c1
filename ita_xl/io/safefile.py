"""Writing user files safely: a lock, a temp file beside the target, a complete backup, then a swap.

- **Lock.** While ita-xl edits a file it holds its own lock (``filelock``, a lock file beside the
  target that is removed on release), so two ita-xl commands on the same workbook run one after the
  other instead of the last writer silently undoing the first (:func:`locked`).
- **Temp file.** The new content is written to ``.~ita-<name>-XXXX<suffix>`` in the same folder
  and flushed to disk; ``os.replace`` then swaps it in (atomic on one file system): a killed process
  leaves the old file or the new one, never half of either. Temp files a killed run left are removed
  the next time that file is written (:func:`clean_stale_temps`).
- **Backup.** The previous file is copied to a temp file first and only renamed to ``<name>.bak``
  once it is complete: when the disk fills during the copy the old ``.bak`` stays as it was.

Every :class:`OSError` comes out naming the file the user asked for (not a temp or lock file); the
CLI prints it with the reason in Thai and English (:func:`~ita_xl.errors.os_error`), exit status 2.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from ita_xl.errors import InputError

TEMP_PREFIX = ".~ita-"
LOCK_TIMEOUT = 60.0  # seconds to wait for another ita-xl command on the same file


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def check_not_open(path: Path) -> None:
    """Refuse a workbook that Excel (``~$`` + the name, or + the name less two characters when it is
    long) or LibreOffice (``.~lock.`` + the name + ``#``) has open: their lock file is beside it."""
    names = ["~$" + path.name, f".~lock.{path.name}#"] + (["~$" + path.name[2:]] if len(path.name) > 2 else [])
    found = next((path.with_name(n) for n in names if path.with_name(n).exists()), None)
    if found is not None:
        app = "LibreOffice" if found.name.startswith(".~lock.") else "Excel"
        raise InputError(
            str(path),
            f"ไฟล์นี้เปิดอยู่ใน {app} (พบไฟล์ล็อก {found.name}) กรุณาปิดไฟล์ก่อนแล้วลองใหม่",
            f"the workbook is open in {app} (lock file {found.name} exists); close it and try again",
        )


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.ita-lock")


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once at import: os.umask can only be read by setting it, which would briefly give files that
# another thread creates meanwhile (the batch writes its summary in one) no mask at all.
_UMASK = _read_umask()


class _Stale(Exception):
    """The lock file was removed and made anew while we waited: lock the one now on disk."""


# One lock object per (process, lock file): a forked worker makes its own. filelock's objects refuse
# to be used in a child ("inherited across fork"), and a lock the parent holds must be waited for by
# the child like any other process's, not re-entered as if it were its own. The parent's objects
# stay in a child's copy of this dict, unused: dropping them could release the parent's lock.
_LOCKS: dict[tuple[int, str], object] = {}


def _located(exc: OSError, path: Path) -> OSError:
    """The same OS error (same errno, same subclass) naming the file the user asked for, not our
    temp or lock file; the CLI turns it into a located message (:func:`~ita_xl.errors.os_error`)."""
    return OSError(exc.errno, exc.strerror or str(exc) or type(exc).__name__, str(path))


def _lock(lock_file: Path | str):
    """One re-entrant lock per lock file in a process. Each acquisition checks that the locked file
    is still the one at that path (another holder may have removed it on release), so the lock file
    can be removed safely when the last hold ends: no lock files pile up beside the workbooks."""
    from filelock import FileLock  # noqa: PLC0415

    path = os.path.abspath(lock_file)
    key = (os.getpid(), path)
    lock = _LOCKS.get(key)
    if lock is None:
        def same_file(fd: int) -> None:
            try:
                if not os.path.samestat(os.fstat(fd), os.stat(path)):
                    raise _Stale
            except FileNotFoundError:
                raise _Stale from None

        lock = FileLock(path, timeout=LOCK_TIMEOUT, on_acquired=same_file)
        _LOCKS[key] = lock
    return lock


def _acquire(lock, timeout: float) -> None:
    deadline = time.monotonic() + max(timeout, 0)
    while True:
        try:
            lock.acquire(timeout=max(deadline - time.monotonic(), 0) if timeout >= 0 else -1)
            return
        except _Stale:
            continue


def _release(lock) -> None:
    if lock.lock_counter == 1:  # the last hold: remove the lock file while it is still locked
        with contextlib.suppress(OSError):
            os.unlink(lock.lock_file)
    lock.release()


@contextlib.contextmanager
def locked(path: str | os.PathLike, timeout: float | None = None):
    """Hold ita-xl's own lock on ``path`` (re-entrant within a process).

    Another ita-xl process holding it is waited for up to ``timeout`` seconds, then refused with an
    InputError. A folder where no lock file can be made (read-only) gives the OS error, located.
    """
    from filelock import Timeout  # noqa: PLC0415

    path = Path(path)
    lock = _lock(lock_path(path))
    try:
        _acquire(lock, LOCK_TIMEOUT if timeout is None else timeout)
    except Timeout:
        _lock_file_can_be_made(lock.lock_file, path)  # filelock retries some OS errors (ENOENT) until the timeout
        raise InputError(
            str(path),
            "มีคำสั่ง ita-xl อื่นกำลังเขียนไฟล์นี้อยู่ รอให้เสร็จแล้วลองใหม่",
            "another ita-xl command is writing this file; wait for it to finish and try again",
        ) from None
    except OSError as exc:
        raise _located(exc, path) from None
    try:
        yield
    finally:
        _release(lock)


def _lock_file_can_be_made(lock_file: str, path: Path) -> None:
    """Raise the OS error, located, when no lock file can be made beside ``path``: a timeout is then
    no other command holding the lock."""
    try:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise _located(exc, path) from None
    os.close(fd)


def _temp_prefix(path: Path) -> str:
    return f"{TEMP_PREFIX}{path.stem[:80]}-"  # the workbook's name: a killed run's leftovers are known


LEGACY_TEMP_AGE = 3600.0  # seconds: temp files of older ita-xl versions name no workbook


def _legacy_temp(name: str) -> bool:
    """``.~ita-XXXXXXXX.xlsm``: a temp file of an earlier ita-xl, which named no workbook (no "-")."""
    rest = name[len(TEMP_PREFIX):]
    return name.startswith(TEMP_PREFIX) and "-" not in rest and len(rest.split(".", 1)[0]) == 8


def clean_stale_temps(path: Path, older_than: float = 0.0) -> int:
    """Remove the temp files of ``path`` that a killed ita-xl left (call while holding its lock),
    and temp files of older versions, which name no workbook, once they are an hour old."""
    prefix, n = _temp_prefix(path), 0
    now = time.time()
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return 0
    for e in entries:
        if not e.name.startswith(TEMP_PREFIX):
            continue
        rest = e.name[len(prefix):]
        rest = rest[4:] if rest.startswith("bak-") else rest
        # mkstemp's random part has no "-": ".~ita-a-b-XXXX" is a-b's temp file, not a's
        mine = e.name.startswith(prefix) and "-" not in rest
        age = older_than if mine else LEGACY_TEMP_AGE if _legacy_temp(e.name) else None
        if age is None or not e.is_file(follow_symlinks=False):
            continue
        try:
            if now - e.stat().st_mtime >= age:
                os.unlink(e.path)
                n += 1
        except OSError:
            pass
    return n


def clean_folder_temps(folder: Path) -> int:
    """Remove every ita-xl temp file in ``folder`` that a killed run left: those whose workbook is
    not being written right now (no lock of a matching name is held)."""
    from filelock import Timeout  # noqa: PLC0415

    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    temps = [n for n in names if n.startswith(TEMP_PREFIX)]
    if not temps:
        return 0
    held = []  # the names of workbooks whose lock another process holds now
    for other in names:
        if other.startswith(".") and other.endswith(".ita-lock"):
            lock = _lock(os.path.join(folder, other))
            try:
                _acquire(lock, 0)
                _release(lock)
            except (Timeout, OSError):
                held.append(other[1:-len(".ita-lock")])
    n = 0
    now = time.time()
    for name in temps:
        if _legacy_temp(name):
            with contextlib.suppress(OSError):
                if now - os.stat(os.path.join(folder, name)).st_mtime >= LEGACY_TEMP_AGE:
                    os.unlink(os.path.join(folder, name))
                    n += 1
            continue
        stem = name[len(TEMP_PREFIX):].rsplit("-", 1)[0]
        stem = stem[:-4] if stem.endswith("-bak") else stem
        if any(book.startswith(stem) for book in held):
            continue
        try:
            if os.path.isfile(os.path.join(folder, name)):
                os.unlink(os.path.join(folder, name))
                n += 1
        except OSError:
            pass
    return n


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _mkstemp(path: Path, what: str = "") -> str:
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path) + (what and what + "-"), suffix=path.suffix, dir=path.parent)
    os.close(fd)
    return tmp


def write_backup(path: Path) -> None:
    """Copy ``path`` to ``<name>.bak``, completely or not at all (the old backup is kept on failure)."""
    tmp = _mkstemp(path, "bak")
    try:
        shutil.copy2(path, tmp)
        _fsync(tmp)
        os.replace(tmp, backup_path(path))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_save(path: Path, save, backup: bool = True) -> None:
    """Write through ``save(tmp_path)`` to a temp file beside ``path``, keep a backup, then swap.

    Holds the lock of ``path`` (see :func:`locked`); an OSError is raised as a located InputError.
    """
    path = Path(path)
    with locked(path):
        clean_stale_temps(path)
        tmp = None
        try:
            tmp = _mkstemp(path)
            save(Path(tmp))
            _fsync(tmp)
            if path.exists():
                shutil.copymode(path, tmp)
                if backup:
                    write_backup(path)
            else:
                os.chmod(tmp, 0o666 & ~_UMASK)
            os.replace(tmp, path)
            tmp = None
        except OSError as exc:
            raise _located(exc, path) from None
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
