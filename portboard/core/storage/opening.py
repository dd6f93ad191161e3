"""The store for a board's address: board.json through TinyDB, or PostgreSQL."""

from __future__ import annotations

from portboard.core.storage.address import BoardAddress, DatabaseUrl
from portboard.core.storage.board_store import BoardStore


def open_store(address: BoardAddress, lock_timeout: float) -> BoardStore:
    """A store for `address`; nothing is opened or read yet."""
    if isinstance(address, DatabaseUrl):
        # Imported only for a database: psycopg is an optional extra ('.[postgres]').
        from portboard.core.storage.postgres.store import PostgresStore

        return PostgresStore(address, lock_timeout)
    from portboard.core.storage.file_store import FileStore

    return FileStore(address, lock_timeout)
