"""What a sync writes to one card: changed fields (an "id" among them renames it) and new events."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CardWrite:
    fields: dict = field(default_factory=dict)  # an "id" among them renames the card
    events: list[dict] = field(default_factory=list)
