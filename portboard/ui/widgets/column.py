"""One kanban column, drawn line by line: only the visible cards cost anything.

A widget per card makes Textual lay out every card on each change (seconds for 5,000
cards), so a column is a single ScrollView whose `render_line` draws the card that
falls on each screen line. Cards have a fixed height, which makes finding the card
under a line, and scrolling to one, simple arithmetic.

Task book text reaches the screen only as Segment text, never through markup.

Which card the keys act on must show without colour (16-colour terminals, NO_COLOR,
colour-blind eyes): the focused card is drawn in reverse video with ▶ before its id, a
column's remembered card (where ← → will land) only with ▷. Parts of the focused card
keep their text styles but not their colours, so the reversed card is one even block.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from portboard.cells import cell_width, fit, one_line, wrap
from portboard.core.card import Card
from portboard.core.lights import GREEN, RED, YELLOW, Standing
from portboard.core.model import Status
from portboard.core.printable import visible
from portboard.ui.keys import COLUMN, bindings

TEXT_LINES = 3
# id line, text lines, lead office, co-operating offices, gap
CARD_HEIGHT = 1 + TEXT_LINES + 2 + 1
FOCUS_MARK = "▶"  # before the id of the card the keys act on
REMEMBERED_MARK = "▷"  # before the id of a column's cursor card while another column has focus
LIGHT_NAMES = {RED: "red", YELLOW: "yellow", GREEN: "green"}
MAX_CACHED_CARDS = 60  # rendered cards kept per column: a few screens of cards in a few states


class CardColumn(ScrollView, can_focus=True):
    """The cards of one status. Posts CursorMoved when its focused card changes."""

    COMPONENT_CLASSES = {
        "card",
        "card--cursor",  # the focused card: text styles only (reverse), on top of "card"
        "card--remembered",  # the cursor card of a column without focus
        "card--mark",  # FOCUS_MARK / REMEMBERED_MARK before the id
        "card--id",
        "card--marker",
        "card--lead",
        "card--office-hit",
        "card--muted",  # labels and co-operating offices: quieter, still readable
        "card--archived",
        "card--tag",
        # A card's light (red / yellow / green): a chip with its own background, so the
        # colour reads on every card state; the light's character says it without colour.
        "card--light-red",
        "card--light-yellow",
        "card--light-green",
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

    def __init__(self, status: Status, **kwargs: Any) -> None:
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
        # The new height is known to the scrollbars only after the next layout: scrolled now,
        # the card kept from before (say below the old end) would stay out of sight.
        self.call_after_refresh(self.scroll_to_cursor)
        self.refresh()

    def scroll_to_cursor(self) -> None:
        """Bring the cursor's card into sight, with the column's top on a card's first
        line: a column that opens on the tail of a card (its 牵头 line, say) reads as a
        card without a number."""
        if not self.cards:
            return
        height = self.scrollable_content_region.height
        fits = max(1, (height + 1) // CARD_HEIGHT)  # a card's last line is a blank gap
        first = -(-int(self.scroll_y) // CARD_HEIGHT)  # the first card whose top is in sight
        if self.cursor < first:
            first = self.cursor
        elif self.cursor >= first + fits:
            first = self.cursor - fits + 1
        self.scroll_to(y=first * CARD_HEIGHT, animate=False, immediate=True)

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
        self.scroll_to_cursor()
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
            return Strip([Segment(fit("  （没有卡片）", width), self.rich_style + self._foreground("card--muted"))],
                         width)
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
        return _without_background(self.get_component_rich_style(component, partial=True))

    def card_base(self, archived: bool, is_cursor: bool, focused: bool) -> Style:
        """The style a card's lines start from: its background, text colour and state."""
        base = self.get_component_rich_style("card")
        if archived:
            base = base + self._foreground("card--archived")
        if is_cursor:
            base = base + self.get_component_rich_style("card--cursor" if focused else "card--remembered",
                                                        partial=True)
        return base

    def part_style(self, component: str, focused: bool) -> Style:
        """A part's style on a card. On the focused card (reverse video) a part's own colour
        would become a patch of background: there it keeps only its text style."""
        style = self._foreground(component)
        return _without_colour(style) if focused else style

    def light_style(self, light: str) -> Style:
        """The chip of a card's light, "red", "yellow" or "green": colour and background,
        the same on every card state (reversed on the focused card, still a chip)."""
        return self.get_component_rich_style(f"card--light-{light}", partial=True)

    def _render_card(self, card: Card, width: int, is_cursor: bool, where: Standing | None) -> list[Strip]:
        focused = is_cursor and self.has_focus
        base = self.card_base(card.archived, is_cursor, focused)
        inner = max(width - 2, 1)  # one cell of padding each side

        def line(*parts: tuple[str, Style], lead: tuple[str, Style] = (" ", Style())) -> Strip:
            return _join_fitted(list(parts), width, base, lead)

        def part(component: str) -> Style:
            return self.part_style(component, focused)

        muted = part("card--muted")
        mark = (FOCUS_MARK if focused else REMEMBERED_MARK) if is_cursor else " "
        # The head line's parts, each with its rank: when the column is narrow the
        # highest-ranked go whole, never cut ("牵…"); the id, the light and the tag stay longest.
        head: list[tuple[str, Style, int]] = [(card.id, part("card--id"), 0)]
        if where is not None and where.light:
            # The light as its character, not colour alone: it reads on any terminal.
            late = "逾期" if where.overdue else "临近" if where.soon else ""
            head += [(" ", Style(), 1), (where.light + late, self.light_style(LIGHT_NAMES[where.light]), 1)]
        if where is not None and where.expected is not None and card.status is not Status.DONE:
            head.append((f" {where.progress}%", muted, 3))
        if card.markers:
            head.append((" " + "".join(card.markers), part("card--marker"), 4))
        if card.note_count:
            head.append((f" ✎{card.note_count}", muted, 5))
        if self.office and self.office in card.offices:
            head.append((" 牵头" if card.lead == self.office else " 配合", part("card--tag"), 2))
        if card.archived:
            head.append((" 已归档", part("card--tag"), 1))
        while len(head) > 1 and sum(cell_width(text) for text, _, _ in head) > inner:
            worst = max(rank for _, _, rank in head)
            head = [p for p in head if p[2] != worst]
        lines = [line(*((text, style) for text, style, _ in head), lead=(mark, part("card--mark")))]
        for text_line in wrap(visible(card.text), inner, TEXT_LINES):
            lines.append(line((text_line, Style())))
        while len(lines) < 1 + TEXT_LINES:
            lines.append(line())
        hit = part("card--office-hit")
        lead = [("牵头 ", muted), (card.lead, hit if card.lead == self.office else part("card--lead"))]
        if card.owner:
            lead.append((f" · {card.owner}", muted))
        lines.append(line(*lead))
        cooperating: list[tuple[str, Style]] = []
        for i, office in enumerate(card.cooperating):
            cooperating.append(("、" if i else "配合 ", muted))
            cooperating.append((office, hit if office == self.office else muted))
        lines.append(line(*cooperating))
        lines.append(Strip.blank(width, self.rich_style))
        return lines


def _without_background(style: Style) -> Style:
    return Style(color=style.color, bold=style.bold, dim=style.dim, italic=style.italic,
                 underline=style.underline, reverse=style.reverse)


def _without_colour(style: Style) -> Style:
    return Style(bold=style.bold, italic=style.italic, underline=style.underline)


def _join_fitted(parts: list[tuple[str, Style]], width: int, base: Style,
                 lead: tuple[str, Style] = (" ", Style())) -> Strip:
    """Styled parts on one line after the `lead` cell (padding or a mark), cut with … at
    the column's edge."""
    segments = [Segment(lead[0], base + lead[1])]
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
