"""What `Board.perform` did."""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core.card import Card
from portboard.core.model import Status


@dataclass(frozen=True)
class Outcome:
    card: Card      # the card as saved (or as it was, when nothing changed)
    before: Card    # the card in the file just before
    changed: bool
    # Nothing but this change reached board.json since the caller last read the cards (or
    # last made a sole change): the board on disk is what the caller holds plus this card.
    sole_write: bool = False

    @property
    def previous(self) -> Status:
        return self.before.status

    @property
    def recorded(self) -> dict:
        """The last event this change appended."""
        return self.card.history[-1]
