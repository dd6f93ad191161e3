"""Where the task book and the board live: command-line option → environment → ./data.
The board may also be a PostgreSQL database (--db postgresql://…).

Resolved when asked, never at import, so importing portboard touches no file.
"""

from __future__ import annotations

import os
from pathlib import Path

from portboard.core.storage.address import BoardAddress, DatabaseUrl, board_address

TASKBOOK_ENV = "PORTBOARD_TASKBOOK"
DB_ENV = "PORTBOARD_DB"


def taskbook_path(option: str | None = None) -> Path:
    return _resolve(option, TASKBOOK_ENV, Path("data") / "taskbook.yaml")


def board_path(option: str | None = None) -> BoardAddress:
    """board.json's path, or the database's address."""
    given = option or os.environ.get(DB_ENV, "").strip()
    return board_address(given) if given else Path.cwd() / "data" / "board.json"


def _resolve(option: str | None, env_name: str, default: Path) -> Path:
    if option:
        return Path(option).expanduser()
    from_env = os.environ.get(env_name, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return Path.cwd() / default


USERS_ENV = "PORTBOARD_USERS"


def users_path(board: BoardAddress) -> Path:
    """users.json beside the board, unless PORTBOARD_USERS names another file; for a board
    in a database, ./data/users.json (each web host keeps its own, or all share one file)."""
    beside = Path("data") / "users.json" if isinstance(board, DatabaseUrl) else board.parent / "users.json"
    return _resolve(None, USERS_ENV, beside)
