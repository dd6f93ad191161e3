"""The board: three columns, a header with the filter and progress, keys at the bottom.

The screen asks the core to act and then shows what the board holds; widgets never write
to storage. Every read and write of the board runs as a board job, off the UI thread and
in order (see board_jobs), so a lock held elsewhere never freezes the screen or loses a
key. A move shows at once and is taken back, with the reason, if it cannot be saved.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from textual import events
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input

from portboard.core.board import Board
from portboard.core.card import Card
from portboard.core.errors import PortboardError
from portboard.core.filters import Filters, light_counts, partition
from portboard.core.model import Status, TaskBook
from portboard.core.session import Session, open_session
from portboard.ui.board_jobs import BoardJobs, Job
from portboard.ui.file_watch import BoardFile, FileWatch
from portboard.ui.keys import BOARD, bindings
from portboard.ui.screens.board_edits import BoardEdits
from portboard.ui.screens.board_moves import SAVING, BoardMoves
from portboard.ui.screens.board_views import BoardViews
from portboard.ui.standings import Standings
from portboard.ui.widgets.board_header import BoardHeader
from portboard.ui.widgets.column import CardColumn
from portboard.ui.widgets.key_bar import KeyBar
from portboard.ui.widgets.message_bar import MessageBar

POLL_SECONDS = 0.5
SAVING_AFTER_SECONDS = 0.3  # a job slower than this shows 正在保存… until it is done



class BoardScreen(Screen):
    BINDINGS = bindings(BOARD)

    def __init__(self, board: Board, taskbook_path: Path, book: TaskBook | None,
                 filters: Filters, taskbook_error: str = "", sync_after_paint: bool = False,
                 greeting: str = "", as_of: date | None = None) -> None:
        super().__init__()
        self.board = board
        self.taskbook_path = taskbook_path
        self.book = book
        self.filters = filters
        # The task book's current error, shown until the file is fixed: while it stands,
        # the board is not following the plan, and people must not think it is.
        self.taskbook_error = taskbook_error
        self.sync_after_paint = sync_after_paint
        self.greeting = greeting
        self.cards: list[Card] = []
        self.columns: dict[Status, CardColumn] = {}
        self.moves = BoardMoves(self)
        self.edits = BoardEdits(self)
        self.views = BoardViews(self)
        self.standings = Standings(as_of)
        self.current_status = Status.TODO
        self.files = FileWatch(board.signature, taskbook_path)
        self.jobs = BoardJobs(self, self._job_failed, on_idle=self._jobs_done)
        self._key_state: tuple | None = None
        self._quitting = False

    @property
    def read_only(self) -> bool:
        """board.json is gone: the last board read is shown, and nothing can be saved."""
        return self.files.board_gone

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield BoardHeader(id="board-header")
        with Horizontal(id="columns"):
            for status in Status:
                self.columns[status] = CardColumn(status, id=f"cards-{status.code}")
                yield self.columns[status]
        yield Input(placeholder="输入编号（如 2.1）或文字；Enter 返回看板，Esc 取消搜索", id="search")
        yield MessageBar(id="messages")
        yield KeyBar(keep_last=2, id="keys")  # help and quit, whatever else has to go

    def on_mount(self) -> None:
        for status in Status:
            self.column(status).standing_of = self.standings.of
        try:
            self.standings.set_schedule(self.book.schedule if self.book else self.board.schedule())
            # Read in prepare() a moment ago, so this costs nothing; but the file may be gone.
            self.show_cards(self.board.cards())
        except PortboardError as exc:
            self.say(exc.message, "error", title="无法读取看板")
        self.set_focus(self.current_column)
        if self.greeting:
            self.say(self.greeting)
        if self.taskbook_error:
            self.say(self.taskbook_error, "error", title="任务书有错误，看板未同步，显示的是上次同步后的内容")
        if self.sync_after_paint:
            self.call_after_refresh(self.resync)
        self.set_interval(POLL_SECONDS, self.poll)
        # After the first paint, while the user is still reading the board.
        self.set_timer(1.0, lambda: self.jobs.submit(Job(self.board.prepare_for_writes, lambda _: None)))

    def column(self, status: Status) -> CardColumn:
        # Kept from compose rather than queried: the key bar asks for the current card
        # once per key binding on every cursor move.
        return self.columns[status]

    @property
    def current_column(self) -> CardColumn:
        return self.column(self.current_status)

    @property
    def current_card(self) -> Card | None:
        return self.current_column.current

    def say(self, message: str, severity: str = "information", title: str = "") -> None:
        """Tell the user something, until their next key. A bar across the whole width
        rather than a toast: a toast over the columns loses the Chinese characters that
        straddle their borders."""
        self.query_one(MessageBar).show(message, severity, title)

    def on_key(self, event: events.Key) -> None:
        # A message stays until the person does something next: this key.
        self.query_one(MessageBar).hide()

    # -- showing the board -----------------------------------------------------------

    def show_cards(self, cards: list[Card], focus: tuple[str, Status] | None = None) -> None:
        self.cards = cards
        self.files.seen_board()
        self.redraw(focus)

    def redraw(self, focus: tuple[str, Status] | None = None, filter_changed: bool = False) -> None:
        columns = partition(self.cards, self.filters, self.standings.light_of)
        for status, cards in columns.items():
            keep = focus[0] if focus and focus[1] is status else None
            self.column(status).show(cards, self.filters.office, keep=keep, from_top=filter_changed)
        if focus:
            self.current_status = focus[1]
            # set_focus takes effect at once; focus() would wait for the message queue,
            # and a fast next key would act on the column that had focus before.
            self.set_focus(self.current_column)
        self.update_header()
        self.update_keys()

    def update_header(self) -> None:
        columns = {status: self.column(status).cards for status in Status}
        lights = light_counts((c for cards in columns.values() for c in cards), self.standings.light_of)
        self.query_one(BoardHeader).show(self.book.title if self.book else "", self.filters, columns,
                                         self.cards, bool(self.taskbook_error), self.read_only, lights)

    def update_keys(self) -> None:
        """Refresh the key bar only when the set of usable keys changed."""
        state = tuple(self.check_action(*parse_action(b.action)[1:])
                      for b in self.BINDINGS if isinstance(b, Binding) and b.show)
        if state != self._key_state:
            self._key_state = state
            self.query_one(KeyBar).show_keys(
                [b for b in self.BINDINGS if isinstance(b, Binding)],
                lambda b: self.check_action(*parse_action(b.action)[1:]),
            )

    def on_card_column_cursor_moved(self, message: CardColumn.CursorMoved) -> None:
        self.update_keys()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Only a column that still has focus counts: focus events arrive late, and a stale
        # one must not take the board back to a column the user has already left.
        if isinstance(event.widget, CardColumn) and event.widget is self.focused:
            self.current_status = event.widget.status
            self.update_keys()

    # -- staying in step with the files ------------------------------------------------

    def poll(self) -> None:
        if self.standings.new_day():
            self.redraw()  # the board was left open overnight: today's 序时进度 and lights
        if not self.jobs.idle:
            self._show_saving()
            return  # the job under way will show what it changed; look again after it
        if not self.read_only and self.files.taskbook_changed():
            self.resync()
        state = self.files.board()
        if state is BoardFile.GONE:
            self.say(f"看板文件 {self.board.path} 不见了（被删除、改名或移走）。下面是最后读到的内容，只读；"
                     "文件放回原处后自动恢复。", "error", title="看板文件不见了")
            self.redraw()
        elif state in (BoardFile.CHANGED, BoardFile.BACK):
            back = state is BoardFile.BACK
            self.jobs.submit(Job(self.board.cards, lambda cards: self._reloaded(cards, back)))

    def _reloaded(self, cards: list[Card], back: bool = False) -> None:
        self.show_cards(cards)
        if back:
            self.say(f"看板文件 {self.board.path} 已恢复，可以继续操作")

    def _show_saving(self) -> None:
        if time.monotonic() - self.jobs.started_at > SAVING_AFTER_SECONDS:
            self.query_one(MessageBar).show_progress(SAVING)

    def _jobs_done(self) -> None:
        self.query_one(MessageBar).hide_progress()
        if self._quitting:
            self.app.exit()

    def resync(self) -> None:
        """Read the task book and bring the board in line, as a board job."""
        def work() -> tuple[Session, list[Card]]:
            session = open_session(self.taskbook_path, self.board, create=False)
            return session, self.board.cards()

        self.jobs.submit(Job(work, self._resynced, self._resync_failed))

    def _resynced(self, result: tuple[Session, list[Card]]) -> None:
        session, cards = result
        recovered = bool(self.taskbook_error)
        if session.taskbook_error is not None:
            self.taskbook_error = session.taskbook_error.message
            self.say(self.taskbook_error, "error", title="任务书有错误，看板保持原样")
        else:
            self.book = session.book
            self.taskbook_error = ""
            self.standings.set_schedule(session.schedule())
            plan = session.plan
            if plan is not None and (not plan.is_empty or recovered):
                self.say(plan.summary(), title="任务书已恢复正常并同步" if recovered else "任务书已更新")
        self.show_cards(cards)

    def _resync_failed(self, exc: PortboardError) -> None:
        self.say(exc.message, "error", title="无法同步看板")

    def _job_failed(self, exc: PortboardError) -> None:
        self.say(exc.message, "error", title="无法读取看板")

    # -- actions -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim the keys that do nothing right now, so the key bar tells the truth. On a
        read-only board (its file gone) and on an archived card the keys stay: pressed,
        they say why nothing can be saved rather than doing nothing."""
        card = self.current_card if self.columns else None  # None before compose
        if action == "move":
            if card is None:
                return None
            if card.archived or self.read_only:
                return True
            target = card.status.next if parameters[0] == 1 else card.status.previous
            return None if target is None else True
        if action in ("note", "assign", "detail"):
            return None if card is None else True
        if action == "undo":
            return True if self.moves.undo else None
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
        self.moves.move(step)

    def action_undo(self) -> None:
        self.moves.undo_last()

    def place(self, card: Card, keep_focus: bool = False) -> None:
        """Put `card` where its status says, replacing the card of the same id, with the
        focus following it (or, with `keep_focus`, staying where it is)."""
        self.cards = [card if c.id == card.id else c for c in self.cards]
        if keep_focus:
            for status in Status:
                column = self.column(status)
                if any(c.id == card.id for c in column.cards):
                    column.show([card if c.id == card.id else c for c in column.cards], self.filters.office)
            return
        self.redraw(focus=(card.id, card.status))

    def action_detail(self) -> None:
        self.views.detail()

    def action_note(self) -> None:
        card = self.current_card
        if card is not None and not self.refused_while_read_only("进展"):
            self.open_note_editor(card.id, closing=False)

    def open_note_editor(self, card_id: str, closing: bool) -> None:
        self.edits.note(card_id, closing)

    def action_assign(self) -> None:
        card = self.current_card
        if card is not None and not self.refused_while_read_only("责任人"):
            self.edits.assign(card.id)

    def refused_while_read_only(self, what: str) -> bool:
        if self.read_only:
            self.say(f"看板文件不见了，现在只读：{what}不会保存。请先把文件放回原处，看板会自动恢复。", "warning")
        return self.read_only

    def action_pick_office(self) -> None:
        self.views.office_picker()

    def action_pick_marker(self) -> None:
        self.views.marker_picker()

    def action_pick_light(self) -> None:
        self.views.light_picker()

    def apply_filter(self, office: str | None = None, marker: str | None = None, light: str | None = None) -> None:
        """Apply a picker's answer: None means cancelled, ALL ("") means no filter."""
        if office is not None:
            self.filters = replace(self.filters, office=office or None)
        if marker is not None:
            self.filters = replace(self.filters, marker=marker or None)
        if light is not None:
            self.filters = replace(self.filters, light=light or None)
        if office is not None or marker is not None or light is not None:
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
            # Back to the cards found: the current column if it has any, else the first that does.
            if not self.current_column.cards:
                self.current_status = next((s for s in Status if self.column(s).cards), self.current_status)
            self.set_focus(self.current_column)
            self.update_keys()

    def action_clear_filters(self) -> None:
        """Esc: in the search box it cancels the search alone; on the board it clears
        every filter."""
        search = self.query_one("#search", Input)
        searching = self.focused is search
        search.remove_class("-visible")
        search.value = ""
        self.filters = replace(self.filters, text="") if searching else self.filters.cleared()
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
        self.views.summary()

    def action_export(self) -> None:
        self.views.export()

    def action_log(self) -> None:
        self.views.log()

    def action_help(self) -> None:
        self.views.help()

    async def action_quit(self) -> None:
        if self.jobs.idle:
            self.app.exit()
            return
        # A move or a note is still on its way to board.json: leave once it is there.
        self.query_one(MessageBar).show_progress("正在保存，保存完毕后退出…")
        self._quitting = True
