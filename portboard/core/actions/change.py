"""What an action writes to one card."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    """Fields of the card to set and events to append to its history. Empty: the card is
    already as asked, and nothing is written."""

    fields: dict = field(default_factory=dict)
    events: tuple[dict, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.fields or self.events)
