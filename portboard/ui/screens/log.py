"""The change log (变动记录) of the cards the board is showing, newest first.

One line per event, drawn line by line so a board of thousands of cards and tens of
thousands of events opens at once; the event under the cursor is shown in full below the
list, and Enter opens its card's detail. Everything shown is plain text through `visible`.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip

from portboard.cells import cell_width, fit, one_line
from portboard.core.card import Card
from portboard.core.event_log import LogEntry, log_entries
from portboard.core.filters import Filters
from portboard.core.model import TaskBook
from portboard.core.printable import visible
from portboard.ui.screens.detail import DetailScreen
from portboard.ui.standings import Standings
from portboard.ui.widgets.key_bar import KeyBar, binding_entries
from portboard.ui.widgets.paragraphs import Paragraph, Paragraphs

EMPTY = "（当前筛选下没有变动记录）"


def entry_line(entry: LogEntry, id_width: int) -> str:
    """An entry on one line: when, which item, what, who."""
    return one_line(f"{entry.when}  {fit(entry.item, id_width)}  {entry.what} · {entry.who}")


def entry_detail(entry: LogEntry) -> list[Paragraph]:
    """The entry under the cursor, in full (a note's every line)."""
    return [Paragraph(f"{entry.when}  条目 {entry.item}", "dim"),
            Paragraph(entry.who, "dim", label="操作人 ", label_style="dim"),
            Paragraph(entry.what, indent=2)]


class LogList(ScrollView, can_focus=True):
    """The entries, one a line; only the lines on screen are drawn."""

    COMPONENT_CLASSES = {"log--cursor"}
    # Here, not on the screen: a scroll view's own keys would scroll without moving the cursor.
    BINDINGS = [
        Binding("up,k", "step(-1)", "上", show=False),
        Binding("down,j", "step(1)", "下", show=False),
        Binding("pageup", "page(-1)", "上页", show=False),
        Binding("pagedown", "page(1)", "下页", show=False),
        Binding("home", "first", "最新", show=False),
        Binding("end", "last", "最早", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    def __init__(self, entries: list[LogEntry], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.entries = entries
        self.id_width = max((cell_width(e.item) for e in entries), default=0)

    @property
    def current(self) -> LogEntry | None:
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    def on_mount(self) -> None:
        self._update_virtual_size()

    def on_resize(self) -> None:
        self._update_virtual_size()

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, max(len(self.entries), 1))

    def watch_cursor(self, old: int, new: int) -> None:
        if self.entries:
            self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        self.refresh()
        screen = self.screen
        if isinstance(screen, LogScreen):
            screen.show_current()

    def move_cursor(self, step: int) -> None:
        if self.entries:
            self.cursor = max(0, min(self.cursor + step, len(self.entries) - 1))

    @property
    def page(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def action_step(self, step: int) -> None:
        self.move_cursor(step)

    def action_page(self, direction: int) -> None:
        self.move_cursor(direction * self.page)

    def action_first(self) -> None:
        self.move_cursor(-len(self.entries))

    def action_last(self) -> None:
        self.move_cursor(len(self.entries))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + int(self.scroll_y)
        if not self.entries and index == 0:
            return Strip([Segment(fit(EMPTY, width), self.rich_style + Style(dim=True))], width)
        if index >= len(self.entries) or width <= 0:
            return Strip.blank(width, self.rich_style)
        style = self.rich_style
        if index == self.cursor:
            style = style + self.get_component_rich_style("log--cursor")
        text = fit(entry_line(self.entries[index], self.id_width), width)
        return Strip([Segment(text, style)], width)


class LogScreen(ModalScreen[None]):
    """`g` on the board: the log of what the board is showing (its filter), newest first."""

    BINDINGS = [
        Binding("escape,q,g", "close", "关闭", key_display="Esc"),
        Binding("enter", "detail", "条目详情"),
    ]

    def __init__(self, cards: list[Card], book: TaskBook | None, filters: Filters,
                 standings: Standings | None = None) -> None:
        super().__init__()
        self.book = book
        self.filters = filters
        self.standings = standings  # the board's: the detail then shows the deadline lines too
        shown = [card for card in cards if filters.admits(card, standings.light_of if standings else None)]
        self.entries = list(reversed(log_entries(shown)))

    def compose(self) -> ComposeResult:
        with Vertical(id="log-body") as body:
            body.border_title = Text(f"变动记录 · 筛选：{visible(self.filters.describe())} · "
                                     f"共 {len(self.entries)} 条，最新在前")
            yield LogList(self.entries, id="log-list")
            yield Paragraphs([], id="log-current")
        keys = binding_entries(self.app, [b for b in self.BINDINGS if isinstance(b, Binding)])
        yield KeyBar([*keys, ("↑ ↓", "选择", True), ("PgUp PgDn", "翻页", True)])

    def on_mount(self) -> None:
        self.query_one(LogList).focus()
        self.show_current()

    def show_current(self) -> None:
        current = self.query_one(LogList).current
        shown = self.query_one("#log-current", Paragraphs)
        shown.paragraphs = entry_detail(current) if current else []
        shown.refresh(layout=True)

    @property
    def log_list(self) -> LogList:
        return self.query_one(LogList)

    def action_detail(self) -> None:
        current = self.log_list.current
        if current is not None:
            where = self.standings.of(current.card) if self.standings else None
            self.app.push_screen(DetailScreen(current.card, self.book, where))

    def action_close(self) -> None:
        self.dismiss(None)
