"""The server's log: every login that failed or succeeded, every download, every session
opened and ended, each line with the time in the board's zone (ISO 8601, with its offset),
the user and the client's address.

Lines go to standard output (the console, or systemd's journal) and are appended to a file
beside the board (web.log, or --log FILE) that only its owner may read: it names people and
where they work from. The file is opened for each line, so a log rotation that moves it away
is followed at once.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from portboard.core import clock
from portboard.core.printable import visible

FILE_MODE = 0o600
LONGEST_TEXT = 64  # of a name or header someone else chose, in a line


def quoted(text: str) -> str:
    """Text a client sent (a user name that may not exist, an Origin header), quoted so it
    cannot pass for part of the line or start a new one."""
    shown = text if len(text) <= LONGEST_TEXT else text[:LONGEST_TEXT] + "…"
    return json.dumps(visible(shown), ensure_ascii=False)


class AuditLog:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._failed: str | None = None  # why the file could not be written, said once

    def write(self, text: str) -> None:
        line = f"{clock.now()} {text}"
        print(line, flush=True)
        if self.path is not None:
            self._append(self.path, line + "\n")

    def _append(self, path: Path, line: str) -> None:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
            try:
                os.write(fd, line.encode("utf-8"))
            finally:
                os.close(fd)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            if reason != self._failed:  # on the console once, not with every line
                self._failed = reason
                print(f"portboard web: 无法写入日志 {path}：{reason}；日志只显示在这里。"
                      "请检查该文件所在目录的写权限和磁盘空间", file=sys.stderr, flush=True)
        else:
            self._failed = None
