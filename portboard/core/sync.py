"""Reconcile the task book with the board: a plan of what changes, computed without writing.

Items and cards are matched by id. Applying a plan and reconciling again gives an empty
plan, so sync can run at every start without piling up events.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from portboard.core.model import Item, Status, TaskBook
from portboard.core.renumbering import Renumbering, plan_renumbering

# The item fields a card copies (see item_fields) that a revision event reports to people;
# the item's place in the book ("order") changes silently.
REPORTED_FIELDS = ("text", "offices", "markers", "section", "task", "key_point", "due")


def item_fields(item: Item) -> dict:
    """The card document fields that come from the task book, as board.json stores them."""
    task = item.task
    return {
        "text": item.text,
        "offices": list(item.offices),
        "markers": list(item.markers),
        "section": {"no": task.section.no, "title": task.section.title},
        "task": {"id": task.id, "title": task.title},
        "key_point": {"no": task.key_point.no, "text": task.key_point.text},
        "due": item.due.isoformat() if item.due else None,
        "order": item.order,
    }


@dataclass
class SyncPlan:
    added: list[Item] = field(default_factory=list)
    # card id -> {field: {"from": old, "to": new}} for fields that changed
    revised: dict[str, dict] = field(default_factory=dict)
    archived: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    # card id -> fields to set silently (only order moved); no event is worth recording
    reordered: dict[str, int] = field(default_factory=dict)
    # card id -> fields the card lacks because it was made before portboard kept them
    # (a deadline): filled in silently, since nothing about the item changed
    filled: dict[str, dict] = field(default_factory=dict)
    # cards renamed first (`was:`); every other field above uses the ids they end up with
    renumbering: Renumbering = field(default_factory=Renumbering)
    # The board did not exist and this sync made it (only ever when told it may).
    created_board: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.revised or self.archived or self.restored or self.reordered
                    or self.filled or self.renumbering)

    def summary(self) -> str:
        renumbered = f" · 重新编号 {len(self.renumbering.moved)}" if self.renumbering.moved else ""
        return (f"新增 {len(self.added)} · 修改 {len(self.revised)} · "
                f"归档 {len(self.archived)} · 恢复 {len(self.restored)}{renumbered}")


def reconcile(book: TaskBook, cards: Mapping[str, Mapping[str, Any]]) -> SyncPlan:
    """What must change on a board holding `cards` (id -> document) to follow `book`."""
    plan = SyncPlan(renumbering=plan_renumbering(book, cards))
    cards = plan.renumbering.view(cards)
    for item in book.items:
        doc = cards.get(item.id)
        if doc is None:
            plan.added.append(item)
            continue
        if doc.get("archived"):
            plan.restored.append(item.id)
        wanted = item_fields(item)
        missing = {name: wanted[name] for name in REPORTED_FIELDS if name not in doc}
        if missing:
            plan.filled[item.id] = missing
        changes = {
            name: {"from": doc.get(name), "to": wanted[name]}
            for name in REPORTED_FIELDS
            if name in doc and doc.get(name) != wanted[name]
        }
        if changes:
            plan.revised[item.id] = changes
        elif doc.get("order") != item.order:
            plan.reordered[item.id] = item.order
    in_book = {item.id for item in book.items}
    plan.archived = [card_id for card_id, doc in cards.items()
                     if card_id not in in_book and not doc.get("archived")]
    return plan


def new_card_document(item: Item, event: dict) -> dict:
    return {"id": item.id, "status": Status.TODO.value, "archived": False,
            **item_fields(item), "history": [event]}
