"""Renumbering without losing progress: an item's `was: OLD_ID` moves card OLD_ID to it.

The board matches cards to items by id. When a revision renumbers items (3.1.5 withdrawn,
3.1.6 becoming 3.1.5), `was:` says which card continues as which item; sync then renames
the card, status, notes and history included, and records a `renumbered` event.

A card that sits on an id an item now takes — the withdrawn 3.1.5 — is not overwritten and
not merged: it makes room under the first free id `3.1.5~1`, is archived like any card whose
item left the task book, and keeps its whole history there (`portboard list --all`). Ids
with `~` never occur in a task book, so such a card is never mistaken for a returning item.

Applying the renumbering is idempotent. The `was:` stays in the YAML after the sync, and in
a chain (3.1.6 → 3.1.5 → 3.1.4) the old id is soon another card's id again, so a `was:` is
done once the card on the item's id records that very renumbering in its history.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from portboard.core.model import TaskBook

_ITEM_ID = re.compile(r"^\d+\.\d+\.\d+$")
DISPLACED_MARK = "~"


def was_problem(was: str, item_id: str | None, seen: Mapping[str, int]) -> tuple[str, str] | None:
    """What is wrong with an item's `was:` (for the task book's validator), or None."""
    if not _ITEM_ID.match(was):
        return f"条目 {item_id} 的 was “{was}” 不是条目编号", "应为本条原来的编号，如 \"3.1.6\"（加引号）"
    if was == item_id:
        return f"条目 {item_id} 的 was 与它自己的编号相同", "编号没有变时不需要 was，请删去这一行"
    if was in seen:
        return (f"was: {was} 在第 {seen[was]} 行已经写过",
                f"一张卡片只能移到一个新编号，请核对哪一条才是原来的 {was}")
    return None


@dataclass(frozen=True)
class Renumbering:
    moved: dict[str, str] = field(default_factory=dict)  # card id -> the item id it continues as
    displaced: dict[str, str] = field(default_factory=dict)  # card id -> where it makes room

    def __bool__(self) -> bool:
        return bool(self.moved or self.displaced)

    def renames(self) -> dict[str, str]:
        return {**self.moved, **self.displaced}

    def view(self, cards: Mapping[str, Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
        """The cards by the ids they will have: what the rest of sync reconciles."""
        renames = self.renames()
        return {renames.get(card_id, card_id): doc for card_id, doc in cards.items()}


def plan_renumbering(book: TaskBook, cards: Mapping[str, Mapping[str, Any]]) -> Renumbering:
    """Which cards `book`'s `was:` entries move, and which cards must make room for them.

    A `was:` whose card is not on the board (already moved, or a board begun from this
    edition) does nothing. A person's `was:` wins over a match by id: in a shift
    (3.1.2 → 3.1.3 → 3.1.4) card 3.1.3 follows its item to 3.1.4 even though an item 3.1.3
    exists."""
    moved = {item.was: item.id for item in book.items
             if item.was and item.was in cards and not _done(cards.get(item.id), item.was, item.id)}
    if not moved:
        return Renumbering()
    targets = set(moved.values())
    taken = set(cards) | targets
    displaced: dict[str, str] = {}
    for card_id in cards:
        if card_id in targets and card_id not in moved:
            displaced[card_id] = _free_id(card_id, taken)
            taken.add(displaced[card_id])
    return Renumbering(moved, displaced)


def _done(doc: Mapping[str, Any] | None, was: str, item_id: str) -> bool:
    """Whether the card on `item_id` already came from `was`."""
    return doc is not None and any(
        event.get("event") == "renumbered" and event.get("from") == was and event.get("to") == item_id
        for event in doc.get("history", ()))


def _free_id(card_id: str, taken: set[str]) -> str:
    base = card_id.split(DISPLACED_MARK)[0]
    number = 1
    while f"{base}{DISPLACED_MARK}{number}" in taken:
        number += 1
    return f"{base}{DISPLACED_MARK}{number}"
