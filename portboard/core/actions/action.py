"""The shape every action has: the item it is for, the rule that governs it, what it writes."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from portboard.core.access.actor import Actor
from portboard.core.access.rules import Act
from portboard.core.actions.change import Change
from portboard.core.card import Card


class Action(ABC):
    """A request to change one card. Subclasses are frozen dataclasses with `item_id`."""

    item_id: str
    # May it be done to a card whose item has left the task book (a late note: yes; a move: no)?
    on_archived: ClassVar[bool] = False

    @abstractmethod
    def act(self, card: Card) -> Act:
        """Which rule of the table governs this action on `card`."""

    @abstractmethod
    def decide(self, card: Card, actor: Actor) -> Change:
        """What to write, given the card as it is in the file now (read under the lock).
        Raises a PortboardError when the action cannot be done to the card as it is."""
