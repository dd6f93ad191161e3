"""Writing a users file so that it keeps belonging to whom it belonged to.

A file replaced atomically is a new file, owned by whoever wrote it. When root runs
`portboard user add` for the web server's account, the new passwords.json would be root's
and the server could no longer read it; and users.json would lose the group the offices
read it through. So the owner (when root writes) and the group (when the writer may) are
put back; a new file written by root takes its folder's."""

from __future__ import annotations

import os
from pathlib import Path

from portboard.core.storage.atomicfile import replace_atomically


def write_keeping_owner(path: Path, payload: bytes, mode: int) -> str:
    """Replace `path` with `payload` (atomically, with `mode`); a warning when its owner or
    group could not be kept, else ""."""
    try:
        before: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        before = None
    replace_atomically(path, payload, mode=mode)
    return _restore(path, before)


def _restore(path: Path, before: os.stat_result | None) -> str:
    if not hasattr(os, "geteuid"):
        return ""  # no owners to keep (Windows)
    root = os.geteuid() == 0
    if before is not None:
        uid, gid = (before.st_uid if root else -1), before.st_gid
    elif root:
        folder = os.stat(path.parent)
        uid, gid = folder.st_uid, folder.st_gid
    else:
        return ""
    now = os.stat(path)
    if (uid == -1 or now.st_uid == uid) and now.st_gid == gid:
        return ""
    try:
        os.chown(path, uid, gid)
    except PermissionError:
        return (f"{path} 的属组未能保持为原来的组（gid {gid}）：处室组的成员可能读不到它；"
                "请让该文件所在目录带 setgid 位（chmod g+s），或以文件属主身份运行 portboard user")
    return ""
