"""What applying a sync plan writes, card by card: the fields to set and the events to append
to each card the plan touches, and the new cards' documents. Every store applies the same
writes (the file in one replace, a database in one transaction), so a plan means the same
thing on either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from portboard.core.model import Status, TaskBook
from portboard.core.sync import SyncPlan, item_fields, new_card_document
from portboard.core.sync_card_write import CardWrite

EventFromBook = Callable[..., dict]


@dataclass
class SyncWrites:
    cards: dict[str, CardWrite] = field(default_factory=dict)  # by the id the card has before the sync
    added: list[dict] = field(default_factory=list)            # new cards' documents, history included

    def __bool__(self) -> bool:
        return bool(self.cards or self.added)


def sync_writes(plan: SyncPlan, book: TaskBook, from_book: EventFromBook) -> SyncWrites:
    """The writes that apply `plan`. A renamed card is renamed first: the plan's other
    changes name cards by the ids they end up with."""
    writes = SyncWrites()
    renames = plan.renumbering.renames()
    before = {new: old for old, new in renames.items()}

    def card(new_id: str) -> CardWrite:
        return writes.cards.setdefault(before.get(new_id, new_id), CardWrite())

    for old_id, new_id in renames.items():
        details = {"from": old_id, "to": new_id}
        if old_id not in plan.renumbering.moved:  # it makes room: say for which card
            details["displaced_by"] = next(c for c, target in plan.renumbering.moved.items() if target == old_id)
        card(new_id).fields["id"] = new_id
        card(new_id).events.append(from_book("renumbered", **details))
    for card_id, order in plan.reordered.items():
        card(card_id).fields["order"] = order
    for card_id, fields in plan.filled.items():
        card(card_id).fields.update(fields)
    for card_id in plan.restored:
        # A restored card may also have moved place: its new order is kept as well.
        card(card_id).fields["archived"] = False
        card(card_id).events.append(from_book("restored"))
    for card_id in plan.archived:
        card(card_id).fields["archived"] = True
        card(card_id).events.append(from_book("archived"))
    items = {item.id: item for item in book.items}
    for card_id, changes in plan.revised.items():
        card(card_id).fields.update(item_fields(items[card_id]))
        card(card_id).events.append(from_book("revised", changes=changes))
    writes.added = [new_card_document(item, from_book("created", status=Status.TODO.value)) for item in plan.added]
    return writes
