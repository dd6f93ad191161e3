"""One kanban column, drawn line by line: only the visible cards cost anything.

A widget per card makes Textual lay out every card on each change (seconds for 5,000
cards), so a column is a single ScrollView whose `render_line` draws the card that
falls on each screen line. Cards have a fixed height, which makes finding the card
under a line, and scrolling to one, simple arithmetic.

Task book text reaches the screen only as Segment text, never through markup.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from portboard.cells import cell_width, fit, one_line, wrap
from portboard.core.card import Card
from portboard.core.model import Status
from portboard.core.printable import visible
from portboard.core.schedule import GREEN, RED, YELLOW, Standing
from portboard.ui.keys import COLUMN, bindings

TEXT_LINES = 3
# id line, text lines, lead office, co-operating offices, gap
CARD_HEIGHT = 1 + TEXT_LINES + 2 + 1
MAX_CACHED_CARDS = 60  # rendered cards kept per column: a few screens of cards in a few states
LIGHT_NAMES = {RED: "red", YELLOW: "yellow", GREEN: "green"}


class CardColumn(ScrollView, can_focus=True):
    """The cards of one status. Posts CursorMoved when its focused card changes."""

    COMPONENT_CLASSES = {
        "card",
        "card--cursor",
        "card--id",
        "card--marker",
        "card--lead",
        "card--office-hit",
        "card--dim",
        "card--archived",
        "card--tag",
        "card--light-red",
        "card--light-yellow",
        "card--light-green",
        "card--late",
    }

    BINDINGS = bindings(COLUMN)

    cursor: reactive[int] = reactive(0, always_update=True)

    class CursorMoved(Message):
        def __init__(self, column: CardColumn) -> None:
            super().__init__()
            self.column = column

        @property
        def control(self) -> CardColumn:
            return self.column

    def __init__(self, status: Status, **kwargs) -> None:
        super().__init__(**kwargs)
        self.status = status
        self.cards: list[Card] = []
        self.office: str | None = None  # the office filter, to mark lead / co-operating
        # Each card's light and progress, given by the screen that knows the day and the plan.
        self.standing_of: Callable[[Card], Standing] | None = None
        self._strips: dict[tuple, tuple[Card, list[Strip]]] = {}

    # -- state ---------------------------------------------------------------------

    @property
    def current(self) -> Card | None:
        if 0 <= self.cursor < len(self.cards):
            return self.cards[self.cursor]
        return None

    def show(self, cards: list[Card], office: str | None, keep: str | None = None,
             from_top: bool = False) -> None:
        """Replace the cards. The cursor goes to card `keep` if given and here, else stays
        on the card it was on; if that card is gone, it keeps its place (another person
        moved the card away) or, with `from_top` (a new filter), goes to the first card.
        Unchanged cards cost nothing."""
        unchanged = (office == self.office and len(cards) == len(self.cards)
                     and all(a is b for a, b in zip(cards, self.cards)))
        if unchanged and (keep is None or (self.current and self.current.id == keep)):
            return
        keep = keep or (self.current.id if self.current else None)
        self.cards = cards
        self.office = office
        index = next((i for i, c in enumerate(cards) if c.id == keep), None) if keep else None
        if index is None:
            index = 0 if from_top else min(self.cursor, max(len(cards) - 1, 0))
        self._update_virtual_size()
        self.cursor = index
        self.refresh()

    def index_at(self, y: int) -> int | None:
        index = (y + int(self.scroll_y)) // CARD_HEIGHT
        return index if 0 <= index < len(self.cards) else None

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.cards) * CARD_HEIGHT)

    def _update_titles(self) -> None:
        self.border_title = f"{self.status.value} {len(self.cards)}"
        self.border_subtitle = f"{self.cursor + 1}/{len(self.cards)}" if self.cards else ""

    def watch_cursor(self, old: int, new: int) -> None:
        self._update_titles()
        if self.cards:
            self.scroll_to_region(
                Region(0, new * CARD_HEIGHT, 1, CARD_HEIGHT - 1), animate=False, immediate=True
            )
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def on_resize(self) -> None:
        self._strips.clear()
        self._update_virtual_size()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: Click) -> None:
        index = self.index_at(event.y)
        if index is not None:
            self.cursor = index

    # -- keys within a column --------------------------------------------------------

    def action_cursor_up(self) -> None:
        if self.cursor > 0:
            self.cursor -= 1

    def action_cursor_down(self) -> None:
        if self.cursor < len(self.cards) - 1:
            self.cursor += 1

    def action_page_up(self) -> None:
        step = max(self.scrollable_content_region.height // CARD_HEIGHT, 1)
        self.cursor = max(self.cursor - step, 0)

    def action_page_down(self) -> None:
        step = max(self.scrollable_content_region.height // CARD_HEIGHT, 1)
        self.cursor = max(min(self.cursor + step, len(self.cards) - 1), 0)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(len(self.cards) - 1, 0)

    # -- drawing -------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + int(self.scroll_y)
        index, row = divmod(line, CARD_HEIGHT)
        if not self.cards and line == 0:
            return Strip([Segment(fit("  （没有卡片）", width), self.rich_style + Style(dim=True))], width)
        if index >= len(self.cards) or width <= 0:
            return Strip.blank(width, self.rich_style)
        card = self.cards[index]
        is_cursor = index == self.cursor
        # Cards are immutable and rebuilt when they change, so the card object itself
        # (held in the entry, so its id cannot be reused) identifies what was drawn.
        where = self.standing_of(card) if self.standing_of else None
        key = (id(card), width, is_cursor, self.has_focus, self.office, where)
        entry = self._strips.get(key)
        if entry is None or entry[0] is not card:
            if len(self._strips) >= MAX_CACHED_CARDS:
                self._strips.clear()  # scrolling through thousands must not keep them all
            entry = (card, self._render_card(card, width, is_cursor, where))
            self._strips[key] = entry
        return entry[1][row]

    def _foreground(self, component: str) -> Style:
        """A component's colour and text style only: its background would paint over the
        card's, and the focused card would look patchy."""
        return _without_background(self.get_component_rich_style(component))

    def _render_card(self, card: Card, width: int, is_cursor: bool, where: Standing | None) -> list[Strip]:
        base = self.get_component_rich_style("card")
        if is_cursor:
            base = base + self.get_component_rich_style("card--cursor" if self.has_focus else "card--dim")
        if card.archived:
            base = base + self._foreground("card--archived")
        inner = max(width - 2, 1)  # one cell of padding each side

        def line(*parts: tuple[str, Style]) -> Strip:
            return _join_fitted(list(parts), width, base)

        id_style = self._foreground("card--id")
        marker_style = self._foreground("card--marker")
        tag_style = self._foreground("card--tag")
        lead_style = self._foreground("card--lead")
        hit_style = self._foreground("card--office-hit")
        dim = Style(dim=True)

        head = [(card.id, id_style)]
        if where is not None and where.light:
            # The light as its character, not colour alone: it reads on any terminal.
            head.append((" ", Style()))
            head.append((where.light, self._foreground(f"card--light-{LIGHT_NAMES[where.light]}")))
            if where.overdue or where.soon:
                head.append(("逾期" if where.overdue else "临近", self._foreground("card--late")))
        if where is not None and where.expected is not None and card.status is not Status.DONE:
            head.append((f" {where.progress}%", dim))
        if card.markers:
            head.append((" " + "".join(card.markers), marker_style))
        if card.notes:
            head.append((f"  ✎{len(card.notes)}", dim))
        if self.office and self.office in card.offices:
            head.append(("  牵头" if card.lead == self.office else "  配合", tag_style))
        if card.archived:
            head.append(("  已归档", tag_style))
        lines = [line(*head)]
        for text_line in wrap(visible(card.text), inner, TEXT_LINES):
            lines.append(line((text_line, Style())))
        while len(lines) < 1 + TEXT_LINES:
            lines.append(line())
        lead = [("牵头 ", dim), (card.lead, hit_style if card.lead == self.office else lead_style)]
        if card.owner:
            lead.append((f" · {card.owner}", Style()))
        lines.append(line(*lead))
        cooperating: list[tuple[str, Style]] = []
        for i, office in enumerate(card.cooperating):
            cooperating.append(("、" if i else "配合 ", dim))
            cooperating.append((office, hit_style if office == self.office else dim))
        lines.append(line(*cooperating))
        lines.append(Strip.blank(width, self.rich_style))
        return lines


def _without_background(style: Style) -> Style:
    return Style(color=style.color, bold=style.bold, dim=style.dim, italic=style.italic,
                 underline=style.underline, reverse=style.reverse)


def _join_fitted(parts: list[tuple[str, Style]], width: int, base: Style) -> Strip:
    """Styled parts on one line, cut with … at the column's edge."""
    segments = [Segment(" ", base)]
    room = width - 2
    for text, style in parts:
        if room <= 0:
            break
        text = one_line(visible(text))
        w = cell_width(text)
        if w > room:
            # Cut by cells: a wide character that would straddle the edge is dropped and
            # its cell padded below, so the column's right border never moves.
            cut = fit(text, room, pad=False)
            segments.append(Segment(cut, base + style))
            room -= cell_width(cut)
            break
        segments.append(Segment(text, base + style))
        room -= w
    segments.append(Segment(" " * (room + 1), base))
    return Strip(segments, width)
