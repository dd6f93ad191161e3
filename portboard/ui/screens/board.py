"""The board: three columns, a header with the filter and progress, keys in the footer.

The screen asks the core to act (move, sync) and then shows what the board holds;
widgets never write to storage.
"""

from __future__ import annotations

import ast
import bisect
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Static

from portboard.core.atomicfile import file_signature
from portboard.core.board import Board, MoveConflict
from portboard.core.errors import PortboardError
from portboard.core.model import Card, Status, TaskBook
from portboard.ui.screens.detail import DetailScreen
from portboard.ui.screens.help import HelpScreen
from portboard.ui.screens.picker import ALL, PickerScreen
from portboard.ui.view import Filters, partition, progress
from portboard.ui.widgets.column import CardColumn
from portboard.ui.widgets.key_bar import KeyBar
from portboard.ui.widgets.message_bar import MessageBar

POLL_SECONDS = 0.5


def _action_and_parameters(action: str) -> tuple[str, tuple]:
    """"move(1)" → ("move", (1,)), as Textual parses a binding's action."""
    name, _, arguments = action.partition("(")
    if not arguments:
        return name, ()
    values = tuple(ast.literal_eval(f"({arguments.rstrip(')')},)"))
    return name, values


def _taskbook_signature(path: Path) -> tuple[int, int, int] | None:
    """The task book's signature; a file that cannot be looked at counts as absent, and
    reading it then says why."""
    try:
        return file_signature(path)
    except OSError:
        return None


class BoardScreen(Screen):
    BINDINGS = [
        Binding("left,h", "focus_column(-1)", "左列", show=False),
        Binding("right,l", "focus_column(1)", "右列", show=False),
        Binding("shift+right,L", "move(1)", "后移", key_display="⇧→"),
        Binding("shift+left,H", "move(-1)", "前移", key_display="⇧←"),
        Binding("enter", "detail", "详情"),
        Binding("n", "note", "进展"),
        Binding("o", "pick_office", "处室"),
        Binding("m", "pick_marker", "标记"),
        Binding("slash", "search", "搜索", key_display="/"),
        Binding("escape", "clear_filters", "清除筛选", show=False),
        Binding("u", "undo", "撤销"),
        Binding("a", "toggle_archived", "归档", show=False),
        Binding("s", "summary", "汇总", show=False),
        Binding("e", "show_taskbook_error", "任务书错误"),
        Binding("x", "export", "导出"),
        Binding("question_mark", "help", "帮助", key_display="?"),
        Binding("q", "quit", "退出"),
    ]

    def __init__(self, board: Board, taskbook_path: Path, book: TaskBook | None,
                 filters: Filters, taskbook_error: str = "", sync_after_paint: bool = False) -> None:
        super().__init__()
        self.sync_after_paint = sync_after_paint
        self.board = board
        self.taskbook_path = taskbook_path
        self.book = book
        self.filters = filters
        # The task book's current error, shown until the file is fixed: while it stands,
        # the board is not following the plan, and people must not think it is.
        self.taskbook_error = taskbook_error
        self.cards: list[Card] = []
        self.undo_stack: list[tuple[str, Status, Status]] = []
        self.current_status = Status.TODO
        self._board_signature = None
        self._taskbook_signature = _taskbook_signature(taskbook_path)
        self._last_poll_error = ""
        self._key_state: tuple | None = None

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="board-header")
        with Horizontal(id="columns"):
            for status in Status:
                yield CardColumn(status, id=f"cards-{status.code}")
        yield Input(placeholder="输入编号（如 2.1）或文字；Enter 返回看板，Esc 取消搜索", id="search")
        yield MessageBar(id="messages")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self._safely(self.reload)  # checked in prepare(), but the file may change since
        self.set_focus(self.current_column)
        if self.taskbook_error:
            self.say(self.taskbook_error, "error", title="任务书有错误，看板未同步，显示的是上次同步后的内容")
        if self.sync_after_paint:
            self.call_after_refresh(self.resync)
        self.set_interval(POLL_SECONDS, self.poll)
        # After the first paint, while the user is still reading the board.
        self.set_timer(1.0, lambda: self._safely(self.board.prepare_for_writes))

    def column(self, status: Status) -> CardColumn:
        return self.query_one(f"#cards-{status.code}", CardColumn)

    @property
    def current_column(self) -> CardColumn:
        return self.column(self.current_status)

    @property
    def current_card(self) -> Card | None:
        return self.current_column.current

    def say(self, message: str, severity: str = "information", title: str = "") -> None:
        """Tell the user something. A bar across the whole width rather than a toast:
        a toast over the columns loses the Chinese characters that straddle their borders."""
        self.query_one(MessageBar).show(message, severity, title)

    # -- showing the board -----------------------------------------------------------

    def reload(self, focus: tuple[str, Status] | None = None) -> None:
        """Read the board and redraw, keeping each column's card under its cursor."""
        self._board_signature = self.board.signature()
        self.cards = self.board.cards()
        self.redraw(focus)

    def redraw(self, focus: tuple[str, Status] | None = None, filter_changed: bool = False) -> None:
        columns = partition(self.cards, self.filters)
        for status, cards in columns.items():
            keep = focus[0] if focus and focus[1] is status else None
            self.column(status).show(cards, self.filters.office, keep=keep, from_top=filter_changed)
        if focus:
            self.current_status = focus[1]
            # set_focus takes effect at once; focus() would wait for the message queue,
            # and a fast next key would act on the column that had focus before.
            self.set_focus(self.current_column)
        self.update_header(columns)
        self.update_keys()

    def update_header(self, columns: dict[Status, list[Card]]) -> None:
        done, total = progress(self.cards)
        title = self.book.title if self.book else ""
        header = Text()
        header.append(f"《{title}》" if title else "portboard", style="bold")
        header.append("  筛选：", style="dim")
        header.append(self.filters.describe())
        if self.filters.active:
            shown = sum(len(cards) for cards in columns.values())
            header.append(f"  完成 {len(columns[Status.DONE])}/{shown}", style="bold")
            header.append(f" · 全部 {done}/{total}")
        else:
            header.append(f"  完成 {done}/{total}", style="bold")
        if self.taskbook_error:
            header.append("  ⚠ 任务书有错误，未同步（按 e 查看）", style="bold red")
        self.query_one("#board-header", Static).update(header)

    def update_keys(self) -> None:
        """Refresh the footer only when the set of usable keys changed: rebuilding it
        costs more than the rest of a move put together."""
        card = self.current_card
        state = (card is not None and not card.archived and card.status.previous is not None,
                 card is not None and not card.archived and card.status.next is not None,
                 card is not None, bool(self.undo_stack), bool(self.taskbook_error))
        if state != self._key_state:
            self._key_state = state
            self.query_one(KeyBar).show_keys(
                [b for b in self.BINDINGS if isinstance(b, Binding)],
                lambda b: self.check_action(*_action_and_parameters(b.action)),
            )

    def on_card_column_cursor_moved(self, message: CardColumn.CursorMoved) -> None:
        self.update_keys()

    def on_descendant_focus(self, event) -> None:
        # Only a column that still has focus counts: focus events arrive late, and a stale
        # one must not take the board back to a column the user has already left.
        if isinstance(event.widget, CardColumn) and event.widget is self.focused:
            self.current_status = event.widget.status
            self.update_keys()

    # -- staying in step with the files ------------------------------------------------

    def poll(self) -> None:
        signature = _taskbook_signature(self.taskbook_path)
        if signature != self._taskbook_signature:
            self._taskbook_signature = signature
            self.resync()
        if self.board.signature() != self._board_signature:
            self._safely(self.reload)

    def resync(self) -> None:
        """The task book changed on disk: validate it and bring the board in line."""
        # Imported here, after the first paint: PyYAML is slow to import and not needed to draw.
        from portboard.core.taskbook import load_taskbook

        try:
            book = load_taskbook(self.taskbook_path)
        except PortboardError as exc:
            self.taskbook_error = exc.message
            self.say(exc.message, "error", title="任务书有错误，看板保持原样")
            self.redraw()
            return
        self.book = book
        recovered = bool(self.taskbook_error)
        self.taskbook_error = ""
        try:
            plan = self.board.sync(book)
        except PortboardError as exc:
            self.say(exc.message, "error", title="无法同步看板")
            return
        if not plan.is_empty or recovered:
            self.say(plan.summary(), title="任务书已恢复正常并同步" if recovered else "任务书已更新")
        self._safely(self.reload)

    def _safely(self, action) -> None:
        """Run a board read; show a failure once instead of every poll."""
        try:
            action()
            self._last_poll_error = ""
        except PortboardError as exc:
            if exc.message != self._last_poll_error:
                self._last_poll_error = exc.message
                self.say(exc.message, "error", title="无法读取看板")

    # -- actions -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim the keys that do nothing right now, so the footer tells the truth."""
        card = self.current_card if self.query(CardColumn) else None  # None before compose
        if action == "move":
            if card is None:
                return None
            if card.archived:
                return True  # the move is refused with a message that says why
            target = card.status.next if parameters[0] == 1 else card.status.previous
            return None if target is None else True
        if action in ("detail", "note"):
            return None if card is None else True
        if action == "undo":
            return True if self.undo_stack else None
        if action == "show_taskbook_error":
            return True if self.taskbook_error else False
        return True

    def action_focus_column(self, step: int) -> None:
        order = list(Status)
        index = order.index(self.current_status) + step
        if 0 <= index < len(order):
            self.current_status = order[index]
            self.set_focus(self.current_column)
            self.update_keys()

    def action_move(self, step: int) -> None:
        card = self.current_card
        if card is None:
            return
        if card.archived:
            self.say(f"{card.id} 已归档（不在当前任务书中），不能移动。如需继续跟踪，请把它加回 taskbook.yaml。",
                     "warning")
            return
        target = card.status.next if step == 1 else card.status.previous
        if target is None:
            return
        if self._move(card.id, card.status, target):
            self.undo_stack.append((card.id, card.status, target))
            self.update_keys()
            if target is Status.DONE:
                self.open_note_editor(card.id, closing=True)

    def _move(self, card_id: str, expected: Status, target: Status) -> bool:
        """Persist a move; on failure say why and leave the card where it was."""
        generation = self.board.storage.generation
        try:
            result = self.board.move(card_id, target, expected=expected)
        except MoveConflict as exc:
            self.say(exc.message, "warning")
            current = exc.current
            self._safely(lambda: self.reload(focus=(card_id, current)))
            return False
        except PortboardError as exc:
            self.say(exc.message, "error", title="未能保存，卡片保持原位")
            return False
        if self.board.storage.generation == generation + 1 and self.filters.admits(result.card):
            # Only our own write happened since we last read: the board on disk is what
            # we hold plus this move, so move the one card instead of reloading 5,000.
            self._show_own_move(result.card, expected)
        else:
            self.reload(focus=(card_id, target))
        return True

    def _show_own_move(self, card: Card, previous: Status) -> None:
        self._board_signature = self.board.signature()
        self.cards = [card if c.id == card.id else c for c in self.cards]
        source, target = self.column(previous), self.column(card.status)
        source.show([c for c in source.cards if c.id != card.id], self.filters.office)
        cards = target.cards.copy()
        bisect.insort(cards, card, key=Card.sort_key)
        target.show(cards, self.filters.office, keep=card.id)
        self.current_status = card.status
        self.set_focus(target)
        self.update_header({status: self.column(status).cards for status in Status})
        self.update_keys()

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.say("没有可以撤销的移动（只能撤销本次打开看板后做的移动）")
            return
        card_id, before, after = self.undo_stack[-1]
        if self._move(card_id, after, before):
            self.undo_stack.pop()
            self.say(f"已撤销：{card_id} 回到 {before.value}")
        self.update_keys()

    def action_detail(self) -> None:
        card = self.current_card
        if card is not None:
            self.app.push_screen(DetailScreen(card, self.book))

    def action_note(self) -> None:
        card = self.current_card
        if card is not None:
            self.open_note_editor(card.id, closing=False)

    def open_note_editor(self, card_id: str, closing: bool) -> None:
        from portboard.ui.screens.note import NoteScreen

        offices = [o.name for o in self.book.offices] if self.book else []
        card = next((c for c in self.cards if c.id == card_id), None)
        if card is None:
            return

        def save(result: tuple[str, str | None] | None) -> None:
            if result is None:
                return
            text, office = result
            try:
                self.board.add_note(card_id, text, office=office)
            except PortboardError as exc:
                self.say(exc.message, "error", title="进展未保存")
                return
            self.say(f"已为 {card_id} 记下进展")
            self.reload(focus=(card_id, card.status))

        self.app.push_screen(NoteScreen(card, offices, self.filters.office, closing), save)

    def _cards_under(self, **filters) -> list[Card]:
        """The live cards the board would show with the current filter changed by `filters`."""
        view = replace(self.filters, show_archived=False, **filters)
        return [c for c in self.cards if view.admits(c)]

    def action_pick_office(self) -> None:
        if self.book is None:
            offices = [(name, "") for name in sorted({o for c in self.cards for o in c.offices})]
        else:
            offices = [(o.name, o.code) for o in self.book.offices]
        live = self._cards_under(office=None)
        choices: list[tuple[str, Text | str]] = [(ALL, "全部")]
        for name, code in offices:
            leads = sum(1 for c in live if c.lead == name)
            cooperates = sum(1 for c in live if name in c.cooperating)
            label = Text(name)
            if code:
                label.append(f" ({code})", style="dim")
            label.append(f"   牵头 {leads} · 配合 {cooperates}", style="dim")
            choices.append((name, label))
        self.app.push_screen(PickerScreen("按处室筛选", choices, self.filters.office),
                             lambda value: self.apply_filter(office=value))

    def action_pick_marker(self) -> None:
        live = self._cards_under(marker=None)
        choices: list[tuple[str, Text | str]] = [(ALL, "全部")]
        for marker in (self.book.markers if self.book else ()):
            label = Text(f"{marker.symbol} ")
            label.append(marker.meaning)
            count = sum(1 for c in live if marker.symbol in c.markers)
            label.append(f"   {count} 条", style="dim")
            choices.append((marker.symbol, label))
        self.app.push_screen(PickerScreen("按标记筛选", choices, self.filters.marker),
                             lambda value: self.apply_filter(marker=value))

    def apply_filter(self, **changes: str | None) -> None:
        """Apply a picker's answer: None means cancelled, ALL means no filter."""
        values = {k: (v or None) for k, v in changes.items() if v is not None}
        if not values:
            return
        self.filters = replace(self.filters, **values)
        self.redraw(filter_changed=True)

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("-visible")
        self.set_focus(search)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search" and event.value.strip() != self.filters.text:
            self.filters = replace(self.filters, text=event.value.strip())
            self.redraw(filter_changed=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            if not event.value.strip():
                event.input.remove_class("-visible")
            self.set_focus(self.current_column)

    def action_clear_filters(self) -> None:
        """Esc: in the search box it cancels the search alone; on the board it clears
        every filter."""
        search = self.query_one("#search", Input)
        searching = self.focused is search
        search.remove_class("-visible")
        search.value = ""
        if searching:
            self.filters = replace(self.filters, text="")
        else:
            self.filters = self.filters.cleared()
        self.redraw(filter_changed=True)
        self.set_focus(self.current_column)

    def action_toggle_archived(self) -> None:
        self.filters = replace(self.filters, show_archived=not self.filters.show_archived)
        archived = sum(1 for c in self.cards if c.archived)
        self.say(("显示" if self.filters.show_archived else "隐藏") + f"已归档卡片（{archived} 张）")
        self.redraw()

    def action_show_taskbook_error(self) -> None:
        if self.taskbook_error:
            self.say(self.taskbook_error, "error", title="任务书有错误，看板未同步")

    def action_summary(self) -> None:
        from portboard.ui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.cards, self.book, self.filters),
                             lambda office: self.apply_filter(office=office))

    def action_export(self) -> None:
        from portboard.ui.screens.export import ExportScreen

        def show(result: tuple[str, str] | None) -> None:
            if result is not None:
                self.say(*result)

        self.app.push_screen(ExportScreen(self.cards, self.book, self.filters.office, self.filters.marker,
                                          searching=bool(self.filters.text)), show)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self.app.exit()
