"""Where the task book and the board live: command-line option → environment → ./data.

Resolved when asked, never at import, so importing portboard touches no file.
"""

from __future__ import annotations

import os
from pathlib import Path

TASKBOOK_ENV = "PORTBOARD_TASKBOOK"
DB_ENV = "PORTBOARD_DB"


def taskbook_path(option: str | None = None) -> Path:
    return _resolve(option, TASKBOOK_ENV, Path("data") / "taskbook.yaml")


def board_path(option: str | None = None) -> Path:
    return _resolve(option, DB_ENV, Path("data") / "board.json")


def _resolve(option: str | None, env_name: str, default: Path) -> Path:
    if option:
        return Path(option).expanduser()
    from_env = os.environ.get(env_name, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return Path.cwd() / default


USERS_ENV = "PORTBOARD_USERS"


def users_path(board: Path) -> Path:
    """users.json beside the board, unless PORTBOARD_USERS names another file."""
    return _resolve(None, USERS_ENV, board.parent / "users.json")
