"""Replace a file whole or not at all: the one write path for board.json and the ledgers."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def replace_atomically(path: Path, payload: bytes | Iterable[bytes], mode: int | None = None) -> None:
    """Write `payload` to a temporary file beside `path`, fsync it, and `os.replace` it
    over `path`, keeping path's permissions (so a shared file stays shared) unless `mode`
    is given (for a private file: mkstemp makes the temporary file 0600, so no other
    user can read it at any moment).

    Readers see the old file or the new one, never a mix. On any OSError the temporary
    file is removed, `path` is as it was, and the error is raised for the caller to
    explain in its own words."""
    directory = path.parent
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as handle:
            if isinstance(payload, bytes):
                handle.write(payload)
            else:
                handle.writelines(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, file_mode(path) if mode is None else mode)
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_directory(directory)
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass  # the temporary file is ours and harmless; the error raised matters


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever the file is replaced (inode, mtime, size); None while it does
    not exist. Any other failure to look at it is raised."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def file_mode(path: Path) -> int:
    """The permissions `path` has, or what a new file gets under the umask."""
    try:
        return os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def fsync_directory(directory: Path) -> None:
    """Make a rename durable; not every platform lets a directory be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # best effort: the data itself was fsynced before the rename
    finally:
        os.close(fd)
