"""The board: three columns, a header with the filter and progress, keys in the footer.

The screen asks the core to act (move, sync) and then shows what the board holds;
widgets never write to storage.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input

from portboard.core.board import Board, MoveConflict
from portboard.core.errors import PortboardError
from portboard.core.filters import Filters, marker_choices, office_choices, partition
from portboard.core.model import Card, Status, TaskBook
from portboard.core.session import open_session
from portboard.core.storage.atomicfile import file_signature
from portboard.ui.keys import BOARD, bindings
from portboard.ui.screens.detail import DetailScreen
from portboard.ui.screens.help import HelpScreen
from portboard.ui.screens.picker import ALL, PickerScreen
from portboard.ui.widgets.board_header import BoardHeader
from portboard.ui.widgets.column import CardColumn
from portboard.ui.widgets.key_bar import KeyBar
from portboard.ui.widgets.message_bar import MessageBar

POLL_SECONDS = 0.5


def _taskbook_signature(path: Path) -> tuple[int, int, int] | None:
    """The task book's signature; a file that cannot be looked at counts as absent, and
    reading it then says why."""
    try:
        return file_signature(path)
    except OSError:
        return None


class BoardScreen(Screen):
    BINDINGS = bindings(BOARD)

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
        yield BoardHeader(id="board-header")
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
        self.query_one(BoardHeader).show(self.book.title if self.book else "", self.filters, columns,
                                         self.cards, bool(self.taskbook_error))

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
                lambda b: self.check_action(*parse_action(b.action)[1:]),
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
        recovered = bool(self.taskbook_error)
        try:
            session = open_session(self.taskbook_path, self.board)
        except PortboardError as exc:
            self.say(exc.message, "error", title="无法同步看板")
            return
        if session.taskbook_error is not None:
            self.taskbook_error = session.taskbook_error.message
            self.say(self.taskbook_error, "error", title="任务书有错误，看板保持原样")
            self.redraw()
            return
        self.book = session.book
        self.taskbook_error = ""
        plan = session.plan
        if plan is not None and (not plan.is_empty or recovered):
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
            return bool(self.taskbook_error)
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
        if result.sole_write and self.filters.admits(result.card):
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

    def action_pick_office(self) -> None:
        choices: list[tuple[str, Text | str]] = [(ALL, "全部")]
        for office in office_choices(self.cards, self.book, self.filters):
            label = Text(office.name)
            if office.code:
                label.append(f" ({office.code})", style="dim")
            label.append(f"   牵头 {office.leads} · 配合 {office.cooperates}", style="dim")
            choices.append((office.name, label))
        self.app.push_screen(PickerScreen("按处室筛选", choices, self.filters.office),
                             lambda value: self.apply_filter(office=value))

    def action_pick_marker(self) -> None:
        choices: list[tuple[str, Text | str]] = [(ALL, "全部")]
        for marker in marker_choices(self.cards, self.book, self.filters):
            label = Text(f"{marker.symbol} ")
            label.append(marker.meaning)
            label.append(f"   {marker.count} 条", style="dim")
            choices.append((marker.symbol, label))
        self.app.push_screen(PickerScreen("按标记筛选", choices, self.filters.marker),
                             lambda value: self.apply_filter(marker=value))

    def apply_filter(self, office: str | None = None, marker: str | None = None) -> None:
        """Apply a picker's answer: None means cancelled, ALL means no filter."""
        if office is not None:
            self.filters = replace(self.filters, office=office or None)
        if marker is not None:
            self.filters = replace(self.filters, marker=marker or None)
        if office is not None or marker is not None:
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

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self.app.exit()
