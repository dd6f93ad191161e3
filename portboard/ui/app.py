"""The `portboard` terminal app."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen

from portboard.core.board import Board
from portboard.core.errors import PortboardError, TaskbookError, UsageError
from portboard.core.filters import resolve_filters
from portboard.core.model import TaskBook
from portboard.ui.screens.board import BoardScreen
from portboard.ui.view import Filters

UI_LOCK_TIMEOUT_SECONDS = 2.0  # a person waiting on a key press should hear back soon


class PortboardApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "portboard"

    def __init__(self, board: Board, taskbook_path: Path, book: TaskBook | None,
                 filters: Filters | None = None, taskbook_error: str = "",
                 sync_after_paint: bool = False) -> None:
        super().__init__()
        self.board = board
        self.taskbook_path = taskbook_path
        self.book = book
        self.initial_filters = filters or Filters()
        self.taskbook_error = taskbook_error
        self.sync_after_paint = sync_after_paint

    def get_default_screen(self) -> Screen:
        # The board is the default screen rather than pushed on mount: a screen pushed
        # during start-up paints a first frame that Textual throws away.
        return BoardScreen(self.board, self.taskbook_path, self.book, self.initial_filters,
                           self.taskbook_error, sync_after_paint=self.sync_after_paint)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder="搜索命令…"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if isinstance(screen, BoardScreen):
            yield SystemCommand("按处室筛选 (o)", "只看某处室牵头或配合的条目", screen.action_pick_office)
            yield SystemCommand("按标记筛选 (m)", "▲ 市委重点 · ● 商务要点 · ★ 航运中心", screen.action_pick_marker)
            yield SystemCommand("搜索编号或文字 (/)", "如输入 2.1 只看任务 2.1", screen.action_search)
            yield SystemCommand("清除筛选 (Esc)", "回到全部条目", screen.action_clear_filters)
            yield SystemCommand("后移卡片 (Shift+→)", "移到下一列", lambda: screen.action_move(1))
            yield SystemCommand("前移卡片 (Shift+←)", "移到上一列", lambda: screen.action_move(-1))
            yield SystemCommand("撤销移动 (u)", "撤销本次最近一次移动", screen.action_undo)
            yield SystemCommand("卡片详情 (Enter)", "工作要点、处室、历史", screen.action_detail)
            yield SystemCommand("写进展 (n)", "为当前卡片记一条进展", screen.action_note)
            yield SystemCommand("显示/隐藏归档 (a)", "已不在任务书中的条目", screen.action_toggle_archived)
            yield SystemCommand("汇总 (s)", "各处室、各部分的进度", screen.action_summary)
            yield SystemCommand("导出台账 (x)", "Markdown、CSV 或 Excel，按当前筛选", screen.action_export)
            yield SystemCommand("帮助 (?)", "所有按键", screen.action_help)
        # Textual's own commands (theme, screenshot, …) speak English and are not
        # what staff come for; quitting is the one everybody needs.
        yield SystemCommand("退出 (q)", "关闭看板；所有改动都已保存", self.exit)


def prepare(taskbook_path: Path, board_path: Path, office: str | None = None,
            marker: str | None = None) -> PortboardApp:
    """Load, sync and resolve the start-up filter; raise PortboardError before any screen opens.

    With a board already there and no filter to resolve, the board is shown first and the
    task book read and synced right after the first paint: parsing a large task book
    takes longer than drawing the board people came to see."""
    board = Board(board_path, lock_timeout=UI_LOCK_TIMEOUT_SECONDS)
    if board.exists() and not (office or marker):
        board.cards()  # a broken board.json must stop us here, with its message
        return PortboardApp(board, taskbook_path, None, Filters(), sync_after_paint=True)
    taskbook_error = ""
    from portboard.core.taskbook import load_taskbook

    try:
        book: TaskBook | None = load_taskbook(taskbook_path)
    except TaskbookError as exc:
        if not board.exists():
            raise
        book, taskbook_error = None, exc.message
    if book is not None:
        board.sync(book)
    else:
        board.cards()  # a broken board.json must stop us here, with its message
    office, marker = resolve_filters(book, board.cards, office, marker)
    return PortboardApp(board, taskbook_path, book, Filters(office=office, marker=marker), taskbook_error)


def run_board(taskbook_path: Path, board_path: Path, office: str | None = None,
              marker: str | None = None) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("portboard: 看板需要在终端中打开。在脚本中请用子命令，见 portboard --help", file=sys.stderr)
        return 2
    try:
        app = prepare(taskbook_path, board_path, office, marker)
    except UsageError as exc:
        print(f"portboard: {exc.message}", file=sys.stderr)
        return 2
    except PortboardError as exc:
        print(f"portboard: {exc.message}", file=sys.stderr)
        return 1
    app.run()
    return 0
