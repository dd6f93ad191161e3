"""The board, its backups and the log are nobody else's business: not readable by every
account on the server.

`portboard web` starts with a umask that keeps "other" out of every file it and its board
processes create, and takes "other"'s permissions off the files it serves if they have
them, saying so. Group permissions are left as they are: a service group sharing the board
(0660) is a choice a person made.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

OTHERS = 0o007


def keep_others_out() -> None:
    """New files of this process and its children: no permissions for "other"."""
    os.umask(os.umask(0) | OTHERS)


def tighten(paths: Iterable[Path]) -> list[str]:
    """Take "other"'s permissions off each existing file; what was changed, for the console."""
    changed = []
    for path in paths:
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            continue
        if mode & OTHERS:
            try:
                os.chmod(path, mode & ~OTHERS)
            except OSError as exc:
                changed.append(f"{path} 的权限 {mode:04o} 让所有人都能读取，但无法更改（{exc.strerror or exc}）："
                               "请由文件属主运行 chmod o-rwx")
            else:
                changed.append(f"{path} 的权限 {mode:04o} → {mode & ~OTHERS:04o}（其他用户不能再读取）")
    return changed


def board_files(board: Path, log: Path | None) -> list[Path]:
    """board.json, its daily backups, and the log."""
    backups = board.parent / "backups"
    found = [board]
    if backups.is_dir():
        found += sorted(backups.glob(f"{board.stem}-*.json"))
    if log is not None:
        found.append(log)
    return found
