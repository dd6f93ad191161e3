"""Who is at the keyboard: the Actor a terminal, a command or a browser session acts as."""

from __future__ import annotations

from pathlib import Path

from portboard.core.access.actor import Actor
from portboard.core.history import current_user


def acting_user(board_path: Path, name: str | None = None) -> Actor:
    """The person acting on the board at `board_path`. Without a users file beside it this
    is one-person mode: the login name (or `name`), who may do everything."""
    return Actor.solo(name or current_user())
