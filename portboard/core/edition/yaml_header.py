"""What the comment block at the top of an imported task book says: where it came from, whose words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Header:
    source_name: str
    vocabulary_from: str  # the current task book, or "" when there was none
    was_written: bool
    schedule_lines: tuple[str, ...] = ()  # `period:` / `lights:` under `document:`
