"""Whether board.json or the task book changed on disk since the screen last looked.

Only file signatures (inode, mtime, size) are compared here, which is cheap enough for a
poll on the UI thread; reading the files is the board jobs' work.
"""

from __future__ import annotations

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


class FileWatch:
    def __init__(self, board_path: Path, taskbook_path: Path) -> None:
        self.board_path = board_path
        self.taskbook_path = taskbook_path
        self.board_signature = _signature(board_path)
        self.taskbook_signature = _signature(taskbook_path)
        self.board_gone = False

    def seen_board(self) -> None:
        """The screen now shows the board as the file holds it."""
        self.board_signature = _signature(self.board_path)

    def taskbook_changed(self) -> bool:
        signature = _signature(self.taskbook_path)
        if signature == self.taskbook_signature:
            return False
        self.taskbook_signature = signature
        return True

    def board(self) -> BoardFile:
        signature = _signature(self.board_path)
        if signature is None:
            if self.board_gone:
                return BoardFile.SAME
            self.board_gone = True
            return BoardFile.GONE
        if self.board_gone:
            self.board_gone = False
            return BoardFile.BACK
        return BoardFile.SAME if signature == self.board_signature else BoardFile.CHANGED
