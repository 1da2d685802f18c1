"""Writing user files safely: a temp file beside the target, a backup of what was there, then a swap.

A killed process leaves the old file or the new one, never half of either (``os.replace`` is atomic
on one file system), and an overwritten file is kept as ``<name>.bak``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once at import: os.umask can only be read by setting it, which would briefly give files that
# another thread creates meanwhile (the batch writes its summary in one) no mask at all.
_UMASK = _read_umask()


def atomic_save(path: Path, save, backup: bool = True) -> None:
    """Write through ``save(tmp_path)`` to a temp file beside ``path``, keep a backup, then swap."""
    fd, tmp = tempfile.mkstemp(prefix=".~ita-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        save(Path(tmp))
        if path.exists():
            shutil.copymode(path, tmp)
            if backup:
                shutil.copy2(path, backup_path(path))
        else:
            os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
