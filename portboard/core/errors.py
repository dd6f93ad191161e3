"""Errors that say where and what to do; one formatter serves the CLI and the UI."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from portboard.core.printable import visible


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: where it is, what is wrong, what to do about it."""

    file: Path | str
    line: int | None
    what: str
    todo: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        # What a problem quotes comes from files and people: never raw control characters.
        return visible(f"{where}: {self.what}" + (f" — {self.todo}" if self.todo else ""))


class PortboardError(Exception):
    """A user-facing error: one or more problems, none of them a bug in portboard."""

    def __init__(self, problems: list[Problem] | Problem, title: str = ""):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.title = title
        super().__init__(self.message)

    @property
    def message(self) -> str:
        lines = [visible(self.title)] if self.title else []
        lines += [str(p) for p in self.problems]
        return "\n".join(lines)


class TaskbookError(PortboardError):
    """The task book cannot be read or is not valid; nothing was changed."""


class BoardError(PortboardError):
    """board.json cannot be read, written or understood; it was left as it was."""


class BoardMissingError(BoardError):
    """board.json is not there (deleted or renamed) where a board was expected."""


class BoardLockedError(BoardError):
    """Another process has held the board's lock for too long."""


class UsageError(PortboardError):
    """The user asked for something that does not exist (an unknown office, item, status)."""


class RefusedError(PortboardError):
    """The rule table does not let this person do this to this item; nothing was written."""


class OutputError(PortboardError):
    """A report file could not be written (permissions, a full disk); nothing half-written was left."""


def os_problem(path: Path | str, action: str, exc: OSError, *, untouched: str = "原文件未改动",
               elsewhere: str = "") -> Problem:
    """What an OSError means to the person at the keyboard: `action` failed on `path`, why in
    words, what to do, and that nothing was half-written (`untouched`). `elsewhere` offers
    another way out where there is one (", or choose another --output path")."""
    if exc.errno == errno.ENOSPC:
        return Problem(path, None, f"{action}失败：磁盘已满", f"请清理磁盘空间后重试；{untouched}")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Problem(path, None, f"{action}失败：没有权限（{exc.strerror}）",
                       f"请检查文件和所在目录的读写权限{elsewhere}；{untouched}")
    return Problem(path, None, f"{action}失败：{exc.strerror or exc}",
                   f"请检查磁盘和路径后重试{elsewhere}；{untouched}")
