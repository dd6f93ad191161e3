"""This session's moves, newest last, so `u` can take them back one by one."""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core.model import Status


@dataclass
class UndoEntry:
    card_id: str
    before: Status
    after: Status
    at: str = ""  # when the move was recorded: set once it is saved, named by the 撤销 event


class UndoStack:
    def __init__(self) -> None:
        self.entries: list[UndoEntry] = []

    def __bool__(self) -> bool:
        return bool(self.entries)

    def push(self, entry: UndoEntry) -> None:
        self.entries.append(entry)

    def pop(self) -> UndoEntry:
        return self.entries.pop()

    def discard(self, entry: UndoEntry) -> None:
        """Forget a move that did not happen (its save failed)."""
        if entry in self.entries:
            self.entries.remove(entry)
