"""Which cards a person is looking at: the filter, how typed names become it, and the
counts a filter picker shows. One definition for the CLI, the TUI and the reports."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from portboard.core.card import Card
from portboard.core.errors import UsageError
from portboard.core.lights import GREEN, RED, YELLOW
from portboard.core.model import Status, TaskBook


def matches(card: Card, office: str | None = None, marker: str | None = None,
            status: Status | None = None, text: str | None = None, owner: str | None = None) -> bool:
    """Does `card` pass these filters? `office` and `marker` are canonical (a name, a
    symbol); `text` is an id prefix or words from the text, the task, the offices or the
    责任人; `owner` is one 责任人, exactly as assigned."""
    if office is not None and office not in card.offices:
        return False
    if marker is not None and marker not in card.markers:
        return False
    if status is not None and card.status is not status:
        return False
    if owner is not None and card.owner != owner:
        return False
    if text:
        needle = text.strip().lower()
        if not (card.id.startswith(needle) or needle in card.text.lower()
                or needle in card.task_title.lower() or any(needle in o.lower() for o in card.offices)
                or (card.owner and needle in card.owner.lower())):
            return False
    return True


@dataclass(frozen=True)
class Filters:
    """Which cards a view shows: one office, one marker, a search, a light, a column, a
    责任人, and whether archived cards too. The board sets the first four and archived;
    `list` any of them; the reports office and marker."""

    office: str | None = None   # canonical office name
    marker: str | None = None   # marker symbol
    text: str = ""              # id prefix or words (the text, task, offices or 责任人)
    light: str | None = None    # 红 / 黄 / 绿
    show_archived: bool = False
    status: Status | None = None  # one column
    owner: str | None = None      # one 责任人, as assigned

    @property
    def active(self) -> bool:
        return bool(self.office or self.marker or self.text or self.light or self.status or self.owner)

    def cleared(self) -> Filters:
        return replace(self, office=None, marker=None, text="", light=None, status=None, owner=None)

    def describe(self) -> str:
        parts = []
        if self.office:
            parts.append(f"处室 {self.office}")
        if self.marker:
            parts.append(f"标记 {self.marker}")
        if self.status:
            parts.append(f"状态 {self.status.value}")
        if self.light:
            parts.append(f"{self.light}灯")
        if self.owner:
            parts.append(f"责任人 {self.owner}")
        if self.text:
            parts.append(f"搜索 “{self.text}”")
        if self.show_archived:
            parts.append("含归档")
        return " · ".join(parts) if parts else "全部"

    def admits(self, card: Card, light_of: LightOf | None = None) -> bool:
        """Whether the view shows `card`; `light_of` tells a card's light (needed only
        when filtering by light)."""
        if card.archived and not self.show_archived:
            return False
        if self.light and (light_of is None or light_of(card) != self.light):
            return False
        return matches(card, office=self.office, marker=self.marker, status=self.status, text=self.text or None,
                       owner=self.owner)


LightOf = Callable[[Card], "str | None"]


def partition(cards: Iterable[Card], filters: Filters, light_of: LightOf | None = None) -> dict[Status, list[Card]]:
    """Cards per column, in the order given (task book order), for the given filter."""
    columns: dict[Status, list[Card]] = {status: [] for status in Status}
    for card in cards:
        if filters.admits(card, light_of):
            columns[card.status].append(card)
    return columns


def progress(cards: Iterable[Card]) -> tuple[int, int]:
    """(done, total) over the cards still in the plan."""
    live = [c for c in cards if not c.archived]
    return sum(1 for c in live if c.status is Status.DONE), len(live)


# -- what people type ----------------------------------------------------------------

def resolve(book: TaskBook | None, cards: Callable[[], list[Card]],
            office: str | None, marker: str | None) -> tuple[str | None, str | None]:
    """Canonical office name and marker symbol. With a valid task book, aliases, codes and
    full-width brackets are understood; without one (it has an error), only the names and
    symbols already on the cards are, and anything else is an error that says so."""
    if book is not None:
        return (book.office(office).name if office else None,
                book.marker(marker).symbol if marker else None)
    if not (office or marker):
        return None, None
    on_board = cards()
    offices = sorted({o for c in on_board for o in c.offices})
    markers = sorted({m for c in on_board for m in c.markers})
    if office and office not in offices:
        raise UsageError([], title=f"任务书有错误，无法识别别名或代号 “{office}”；"
                                   f"请用规范名称：{'、'.join(offices)}，或先修好任务书")
    if marker and marker not in markers:
        raise UsageError([], title=f"任务书有错误，无法识别标记 “{marker}”；"
                                   f"请用符号：{'、'.join(markers) or '（看板上没有标记）'}，或先修好任务书")
    return office, marker


# -- what the pickers offer -------------------------------------------------------------

@dataclass(frozen=True)
class OfficeChoice:
    name: str
    code: str      # "" when the task book cannot be read
    leads: int
    cooperates: int


@dataclass(frozen=True)
class MarkerChoice:
    symbol: str
    meaning: str
    count: int


def _live(cards: Sequence[Card], view: Filters, light_of: LightOf | None = None) -> list[Card]:
    """The cards still in the plan that `view` shows."""
    view = replace(view, show_archived=False)
    return [c for c in cards if view.admits(c, light_of)]


def office_choices(cards: Sequence[Card], book: TaskBook | None, filters: Filters,
                   light_of: LightOf | None = None) -> list[OfficeChoice]:
    """Every office with how many of the cards (under the other filters) it leads and
    co-operates on: the task book's vocabulary, or the offices on the cards without one."""
    if book is None:
        offices = [(name, "") for name in sorted({o for c in cards for o in c.offices})]
    else:
        offices = [(o.name, o.code) for o in book.offices]
    live = _live(cards, replace(filters, office=None), light_of)
    return [OfficeChoice(name, code, sum(1 for c in live if c.lead == name),
                         sum(1 for c in live if name in c.cooperating))
            for name, code in offices]


def marker_choices(cards: Sequence[Card], book: TaskBook | None, filters: Filters,
                   light_of: LightOf | None = None) -> list[MarkerChoice]:
    """Every marker of the legend with how many cards (under the other filters) carry it."""
    live = _live(cards, replace(filters, marker=None), light_of)
    return [MarkerChoice(m.symbol, m.meaning, sum(1 for c in live if m.symbol in c.markers))
            for m in (book.markers if book else ())]


def light_choices(cards: Sequence[Card], filters: Filters, light_of: LightOf) -> dict[str, int]:
    """How many cards (under the other filters) show each light."""
    return light_counts(_live(cards, replace(filters, light=None), light_of), light_of)


def light_counts(cards: Iterable[Card], light_of: LightOf) -> dict[str, int]:
    """How many of `cards` show each light (红, 黄, 绿: always all three, in that order)."""
    counts = {RED: 0, YELLOW: 0, GREEN: 0}
    for card in cards:
        light = light_of(card)
        if light in counts:
            counts[light] += 1
    return counts
