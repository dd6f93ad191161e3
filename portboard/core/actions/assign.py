"""Setting a card's responsible person (责任人), or clearing it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from portboard.core.access.actor import Actor
from portboard.core.access.rules import Act
from portboard.core.actions.action import Action
from portboard.core.actions.change import Change
from portboard.core.card import Card
from portboard.core.errors import UsageError
from portboard.core.history import event_by
from portboard.core.printable import refuse_control


@dataclass(frozen=True)
class Assign(Action):
    item_id: str
    owner: str | None  # None clears it

    on_archived: ClassVar[bool] = True

    def act(self, card: Card) -> Act:
        return Act.ASSIGN

    def decide(self, card: Card, actor: Actor) -> Change:
        owner = self.owner.strip() if self.owner else None
        if owner is not None:
            if not owner:
                raise UsageError([], title="责任人为空：请写上姓名，或用 --clear 清除")
            refuse_control(owner, "责任人")
        return Change(events=(event_by(actor, "assigned", owner=owner),))
