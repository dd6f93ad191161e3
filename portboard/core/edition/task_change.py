"""What changes in one task between two editions: added, withdrawn, its title or its 工作要点."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TaskChange:
    id: str
    change: str  # "added", "withdrawn", "title" or "key_point"
    before: str = ""
    after: str = ""
