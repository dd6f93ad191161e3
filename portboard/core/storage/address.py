"""Where a board is: a file path (board.json), or a PostgreSQL database's address
(postgresql://… or postgres://…, as libpq reads it). Shown to people without its password."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True)
class DatabaseUrl:
    url: str

    def __str__(self) -> str:
        """The address without its password, for messages and screens."""
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        host = parts.netloc.rsplit("@", 1)[1]
        user = parts.username or ""
        return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


BoardAddress = Path | DatabaseUrl


def is_database_url(text: str) -> bool:
    return text.strip().lower().startswith(SCHEMES)


def board_address(where: BoardAddress | str) -> BoardAddress:
    """A path or a database address, from what a person typed (--db, PORTBOARD_DB)."""
    if isinstance(where, (Path, DatabaseUrl)):
        return where
    if is_database_url(where):
        return DatabaseUrl(where.strip())
    return Path(where).expanduser()
