"""The task book's content hash, as a board keeps it in its meta after a sync: while the task
book hashes the same, the board already follows it and the sync can be skipped — at 5,000
items that is most of a command's fixed cost.

The hash covers the task book's bytes and the source of the code that reads and applies it
(the loader, reconcile, renumbering): a portboard whose sync rules changed syncs again.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_CORE = Path(__file__).resolve().parent
_RULES = ("model.py", "sync.py", "sync_writes.py", "renumbering.py", "taskbook/*.py")


def taskbook_digest(path: Path) -> str | None:
    """Read before the task book is parsed, so a file changed in between is synced again
    next time, never skipped. None when the file cannot be read (loading it will say why)."""
    try:
        content = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(_rules())
    digest.update(content)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _rules() -> bytes:
    digest = hashlib.sha256()
    for pattern in _RULES:
        for source in sorted(_CORE.glob(pattern)):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    return digest.digest()
