"""One item as the matching of two editions sees it: its id and its text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    id: str
    text: str
