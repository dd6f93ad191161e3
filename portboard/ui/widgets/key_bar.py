"""The board's footer: the keys that apply right now, in one line of text.

Textual's Footer rebuilds a widget per key whenever bindings change, which on the board
is after nearly every move (the keys that apply change with the focused card); that
costs more time and memory than the move itself. This bar only re-renders its text.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static


class KeyBar(Static):
    def show_keys(self, bindings: list[Binding], state_of) -> None:
        """`state_of(binding)` is what check_action says: True shown, None dimmed, False hidden."""
        line = Text(no_wrap=True, overflow="ellipsis")
        for binding in bindings:
            if not binding.show:
                continue
            state = state_of(binding)
            if state is False:
                continue
            key = self.app.get_key_display(binding)
            dimmed = state is None  # the key does nothing right now
            line.append(key, style="dim" if dimmed else "bold")
            line.append(f" {binding.description} ", style="dim" if dimmed else "")
        self.update(line)
