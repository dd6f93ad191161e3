"""A dialog whose keys act on its one list: ↑ ↓ (and j k, as on the board) move, Enter
chooses, Esc closes with nothing chosen."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList

ResultType = TypeVar("ResultType")


class ListDialog(ModalScreen[ResultType]):
    # Enter and Esc are each dialog's own bindings, with its own words for them in the key bar.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "下", show=False),
        Binding("k", "cursor_up", "上", show=False),
    ]

    def action_select(self) -> None:
        self.query_one(OptionList).action_select()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()
