"""What the board shows for a filter: plain Python, no Textual, so it is testable alone."""

from __future__ import annotations

from dataclasses import dataclass, replace

from portboard.core.model import Card, Status


@dataclass(frozen=True)
class Filters:
    office: str | None = None   # canonical office name
    marker: str | None = None   # marker symbol
    text: str = ""              # id prefix or words
    show_archived: bool = False

    @property
    def active(self) -> bool:
        return bool(self.office or self.marker or self.text)

    def cleared(self) -> Filters:
        return replace(self, office=None, marker=None, text="")

    def describe(self) -> str:
        parts = []
        if self.office:
            parts.append(f"处室 {self.office}")
        if self.marker:
            parts.append(f"标记 {self.marker}")
        if self.text:
            parts.append(f"搜索 “{self.text}”")
        if self.show_archived:
            parts.append("含归档")
        return " · ".join(parts) if parts else "全部"

    def admits(self, card: Card) -> bool:
        if card.archived and not self.show_archived:
            return False
        return card.matches(office=self.office, marker=self.marker, text=self.text or None)


def partition(cards: list[Card], filters: Filters) -> dict[Status, list[Card]]:
    """Cards per column, in task book order, for the given filter."""
    columns: dict[Status, list[Card]] = {status: [] for status in Status}
    for card in cards:
        if filters.admits(card):
            columns[card.status].append(card)
    return columns


def progress(cards: list[Card]) -> tuple[int, int]:
    """(done, total) over the cards still in the plan."""
    live = [c for c in cards if not c.archived]
    return sum(1 for c in live if c.status is Status.DONE), len(live)
