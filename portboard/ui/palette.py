"""The command palette (Ctrl+P), in Chinese, from the key table.

Each command is found by its Chinese title, by its key, or by English words typed without
an input method (`summary`, `move`, `quit`); what is shown is always the Chinese title.
Textual's own commands (theme, screenshot, …) speak English and are not offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape
from textual.screen import Screen
from textual.widgets.option_list import Option

from portboard.cells import wrap_paragraphs
from portboard.ui.keys import KEY_ROWS

QUIT_HELP = "关闭看板；所有改动都已保存"
PALETTE_MARGIN = 6  # cells of the screen's width the palette's list does not give its text


@dataclass(frozen=True)
class PaletteCommand:
    title: str
    help: str
    english: str
    run: Callable[[], object]


def palette_commands(screen: Screen, quit_app: Callable[[], object], on_board: bool) -> list[PaletteCommand]:
    """The commands for `screen`: every palette row of the key table on the board, and
    quitting everywhere."""
    commands = []
    for row in KEY_ROWS:
        if not (row.palette and row.action):
            continue
        title = f"{row.palette} ({row.shown})"
        if row.action == "quit":
            commands.append(PaletteCommand(title, QUIT_HELP, row.english, quit_app))
        elif on_board:
            commands.append(PaletteCommand(title, row.help, row.english, partial(screen.run_action, row.action)))
    return commands


class BoardCommands(Provider):
    def _help(self, text: str) -> str:
        """The help wrapped here, by the Chinese rules, to the palette's width: Textual
        would cut at any cell, "Es" / "c" included. (Escaped: Textual reads it as markup.)"""
        lines = wrap_paragraphs(text, max(self.app.size.width - PALETTE_MARGIN, 20))
        return "\n".join(escape(line) for line in lines)

    def _commands(self) -> list[PaletteCommand]:
        from portboard.ui.app import PortboardApp

        app = self.app
        assert isinstance(app, PortboardApp)
        return app.palette_commands(self.screen)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=self._help(command.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            title_score = matcher.match(command.title)
            english_score = max((matcher.match(word) for word in command.english.split()), default=0)
            if title_score > 0:
                yield Hit(title_score, matcher.highlight(command.title), command.run,
                          help=self._help(command.help))
            elif english_score > 0:
                yield Hit(english_score, command.title, command.run, help=self._help(command.help))


class ChinesePalette(CommandPalette):
    """Textual's palette, saying when nothing matches in Chinese."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text("没有找到匹配的命令", style="not bold")),
                           disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches,
                                                name="no-matches-countdown")
