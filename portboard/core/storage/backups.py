"""A copy of the board before the first write of each day, so the advice "restore from a
backup" points at a real file: `backups/board-YYYY-MM-DD.json` beside the board, the last
30 kept.

A backup that cannot be made never stops the write it precedes (the write is what the
person asked for); it is reported once per process instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from portboard.core.storage.atomicfile import file_mode, replace_atomically

KEEP = 30
FOLDER = "backups"


class DailyBackups:
    def __init__(self, board_path: Path, today: Callable[[], date], keep: int = KEEP) -> None:
        self.board_path = board_path
        self.today = today
        self.keep = keep
        self._made_for: date | None = None  # the day this process knows has its backup
        self._warned = False
        self._name = re.compile(rf"^{re.escape(board_path.stem)}-(\d{{4}}-\d{{2}}-\d{{2}})\.json$")

    @property
    def directory(self) -> Path:
        return self.board_path.parent / FOLDER

    def path_for(self, day: date) -> Path:
        return self.directory / f"{self.board_path.stem}-{day:%Y-%m-%d}.json"

    def before_write(self) -> str | None:
        """Make today's backup of the board as it is now, if there is none yet. Returns a
        warning the first time a backup cannot be made, else None. Call with the board's
        lock held, so the copy is of a whole board that nobody is replacing."""
        day = self.today()
        if self._made_for == day:
            return None
        target = self.path_for(day)
        try:
            if target.exists() or not self.board_path.exists():
                self._made_for = day if target.exists() else None
                return None
            self.directory.mkdir(exist_ok=True)
            # with the board's own permissions: a copy must not be readable by more people
            replace_atomically(target, self.board_path.read_bytes(), mode=file_mode(self.board_path))
            self._made_for = day
            self._prune()
        except OSError as exc:
            if self._warned:
                return None
            self._warned = True
            return (f"无法建立今天的看板备份 {target}（{exc.strerror or exc}）；看板照常保存，"
                    f"但请检查 {self.directory} 的磁盘空间和写权限")
        return None

    def all(self) -> list[Path]:
        """The backups there are, oldest first."""
        try:
            found = [p for p in self.directory.iterdir() if self._name.match(p.name)]
        except OSError:
            return []
        return sorted(found, key=lambda p: p.name)

    def newest(self) -> Path | None:
        backups = self.all()
        return backups[-1] if backups else None

    def _prune(self) -> None:
        for old in self.all()[:-self.keep]:
            try:
                old.unlink()
            except OSError:
                pass  # an old backup left behind is harmless; the next day tries again
