"""Errors that say where and what to do; one formatter serves the CLI and the UI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: where it is, what is wrong, what to do about it."""

    file: Path | str
    line: int | None
    what: str
    todo: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        return f"{where}: {self.what}" + (f" — {self.todo}" if self.todo else "")


class PortboardError(Exception):
    """A user-facing error: one or more problems, none of them a bug in portboard."""

    def __init__(self, problems: list[Problem] | Problem, title: str = ""):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.title = title
        super().__init__(self.message)

    @property
    def message(self) -> str:
        lines = [self.title] if self.title else []
        lines += [str(p) for p in self.problems]
        return "\n".join(lines)


class TaskbookError(PortboardError):
    """The task book cannot be read or is not valid; nothing was changed."""


class BoardError(PortboardError):
    """board.json cannot be read, written or understood; it was left as it was."""


class BoardLockedError(BoardError):
    """Another process has held the board's lock for too long."""


class UsageError(PortboardError):
    """The user asked for something that does not exist (an unknown office, item, status)."""


class OutputError(PortboardError):
    """A report file could not be written (permissions, a full disk); nothing half-written was left."""
