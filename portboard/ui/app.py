"""The `portboard` terminal app."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen

from portboard.core import filters
from portboard.core.board import Board
from portboard.core.errors import PortboardError, UsageError
from portboard.core.filters import Filters
from portboard.core.model import TaskBook
from portboard.core.session import open_session
from portboard.core.storage.address import BoardAddress
from portboard.ui.colours import mark_colour_system
from portboard.ui.palette import BoardCommands, ChinesePalette, PaletteCommand, palette_commands
from portboard.ui.screens.board import BoardScreen
from portboard.ui.theme import use_portboard_theme

UI_LOCK_TIMEOUT_SECONDS = 2.0  # a person waiting on a key press should hear back soon


class PortboardApp(App):
    CSS_PATH = "app.tcss"  # and colours16.tcss in 16 colours (colours.py)
    TITLE = "portboard"
    COMMANDS = {BoardCommands}

    def __init__(self, board: Board, taskbook_path: Path, book: TaskBook | None,
                 filters: Filters | None = None, taskbook_error: str = "",
                 sync_after_paint: bool = False, greeting: str = "", as_of: date | None = None) -> None:
        super().__init__()
        self.board = board
        self.taskbook_path = taskbook_path
        self.book = book
        self.initial_filters = filters or Filters()
        self.taskbook_error = taskbook_error
        self.sync_after_paint = sync_after_paint
        self.greeting = greeting
        self.as_of = as_of
        use_portboard_theme(self)
        mark_colour_system(self)

    def on_mount(self) -> None:
        self.app_resume_signal.subscribe(self, self._repaint_after_resume)

    def _repaint_after_resume(self, _app: App) -> None:
        # Back from Ctrl+Z (fg), the terminal's screen is blank and the same size as before;
        # Textual ignores a resize to the same size, so nothing would show until a key.
        self.screen.refresh()

    def get_default_screen(self) -> Screen:
        # The board is the default screen rather than pushed on mount: a screen pushed
        # during start-up paints a first frame that Textual throws away.
        return BoardScreen(self.board, self.taskbook_path, self.book, self.initial_filters,
                           self.taskbook_error, sync_after_paint=self.sync_after_paint, greeting=self.greeting,
                           as_of=self.as_of)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            placeholder = "搜索命令（中文、按键或英文，如 move）…"
            self.push_screen(ChinesePalette(id="--command-palette", placeholder=placeholder))

    def palette_commands(self, screen: Screen) -> list[PaletteCommand]:
        return palette_commands(screen, self.exit, on_board=isinstance(screen, BoardScreen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in self.palette_commands(screen):
            yield SystemCommand(command.title, command.help, command.run)

    def action_suspend_process(self) -> None:
        if self._driver is not None and self._driver.can_suspend:
            super().action_suspend_process()
        elif isinstance(self.screen, BoardScreen):
            # In a browser (or on Windows) there is no shell to go back to; Textual would do
            # nothing, silently.
            self.screen.say("这里不能暂停看板：Ctrl+Z 只在终端中可用。要离开请按 q（所有改动都已保存）")

    def action_help_quit(self) -> None:
        """Ctrl+C no longer quits a Textual app; say how to, in Chinese."""
        message = "要退出看板请按 q（所有改动都已保存）"
        if isinstance(self.screen, BoardScreen):
            self.screen.say(message)
        else:
            self.notify(message, title="要退出吗？", markup=False)


def prepare(taskbook_path: Path, board_path: BoardAddress, office: str | None = None,
            marker: str | None = None, as_of: date | None = None) -> PortboardApp:
    """Load, sync and resolve the start-up filter; raise PortboardError before any screen opens.

    With a board already there and no filter to resolve, the board is shown first and the
    task book read and synced right after the first paint: parsing a large task book
    takes longer than drawing the board people came to see."""
    board = Board(board_path, lock_timeout=UI_LOCK_TIMEOUT_SECONDS)
    if board.exists() and not (office or marker):
        board.cards()  # a broken board.json must stop us here, with its message
        return PortboardApp(board, taskbook_path, None, Filters(), sync_after_paint=True, as_of=as_of)
    session = open_session(taskbook_path, board, create=True)
    office, marker = filters.resolve(session.book, board.cards, office, marker)
    error = session.taskbook_error.message if session.taskbook_error else ""
    created = session.plan is not None and session.plan.created_board
    greeting = f"新建看板 {board.path}：{len(session.plan.added)} 张卡片" if session.plan and created else ""
    return PortboardApp(board, taskbook_path, session.book, Filters(office=office, marker=marker), error,
                        greeting=greeting, as_of=as_of)


def run_board(taskbook_path: Path, board_path: BoardAddress, office: str | None = None,
              marker: str | None = None, as_of: date | None = None) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("portboard: 看板需要在终端中打开。在脚本中请用子命令，见 portboard --help", file=sys.stderr)
        return 2
    try:
        app = prepare(taskbook_path, board_path, office, marker, as_of)
    except UsageError as exc:
        print(f"portboard: {exc.message}", file=sys.stderr)
        return 2
    except PortboardError as exc:
        print(f"portboard: {exc.message}", file=sys.stderr)
        return 1
    app.run()
    return 0
