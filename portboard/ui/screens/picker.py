"""Choose one value from a list: an office, a marker. Returns the value, or None on Escape."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

ALL = ""  # the value of the 全部 (no filter) choice


class PickerScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "取消"),
        Binding("j", "cursor_down", "下", show=False),
        Binding("k", "cursor_up", "上", show=False),
    ]

    def __init__(self, title: str, choices: list[tuple[str, Text | str]], current: str | None) -> None:
        """`choices` are (value, label); labels given as str are shown literally."""
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current or ALL

    def compose(self) -> ComposeResult:
        options = [Option(label if isinstance(label, Text) else Text(label), id=f"choice-{i}")
                   for i, (_, label) in enumerate(self.choices)]
        with Vertical(id="picker"):
            option_list = OptionList(*options, id="picker-list")
            option_list.border_title = self.title_text
            yield option_list
        yield Footer()

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        values = [value for value, _ in self.choices]
        option_list.highlighted = values.index(self.current) if self.current in values else 0
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()
