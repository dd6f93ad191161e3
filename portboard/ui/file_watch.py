"""Whether the board or the task book changed since the screen last looked.

Only signatures are compared here — the task book's file identity (inode, mtime, size), the
board's own (`Board.signature`: its file's identity, or a database's change notices) — which
is cheap enough for a poll on the UI thread; reading the board is the board jobs' work.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from enum import Enum
from pathlib import Path

from portboard.core.storage.atomicfile import file_signature


class BoardFile(Enum):
    SAME = "same"
    CHANGED = "changed"   # another process wrote it
    GONE = "gone"         # deleted or renamed away
    BACK = "back"         # there again after it was gone


def _signature(path: Path) -> tuple[int, int, int] | None:
    """A file that cannot be looked at counts as absent; reading it then says why."""
    try:
        return file_signature(path)
    except OSError:
        return None


def _board_signature(signature: Callable[[], Hashable | None]) -> Hashable | None:
    try:
        return signature()
    except OSError:
        return None


class FileWatch:
    def __init__(self, board_signature: Callable[[], Hashable | None], taskbook_path: Path) -> None:
        self.board_signature_of = board_signature
        self.taskbook_path = taskbook_path
        self.board_signature = _board_signature(board_signature)
        self.taskbook_signature = _signature(taskbook_path)
        self.board_gone = False

    def seen_board(self) -> None:
        """The screen now shows the board as the store holds it."""
        self.board_signature = _board_signature(self.board_signature_of)

    def taskbook_changed(self) -> bool:
        signature = _signature(self.taskbook_path)
        if signature == self.taskbook_signature:
            return False
        self.taskbook_signature = signature
        return True

    def board(self) -> BoardFile:
        signature = _board_signature(self.board_signature_of)
        if signature is None:
            if self.board_gone:
                return BoardFile.SAME
            self.board_gone = True
            return BoardFile.GONE
        if self.board_gone:
            self.board_gone = False
            return BoardFile.BACK
        return BoardFile.SAME if signature == self.board_signature else BoardFile.CHANGED
