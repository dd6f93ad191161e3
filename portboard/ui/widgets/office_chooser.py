"""Pick one office, or none, with ← and →: no dropdown, no input method."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Static

NONE = "（不选）"


class OfficeChooser(Static, can_focus=True):
    BINDINGS = [
        Binding("left,h", "step(-1)", "上一个", show=False),
        Binding("right,l", "step(1)", "下一个", show=False),
    ]

    index: reactive[int] = reactive(0)

    def __init__(self, offices: list[str], value: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices: list[str | None] = [None, *offices]
        self.index = self.choices.index(value) if value in self.choices else 0

    @property
    def value(self) -> str | None:
        return self.choices[self.index]

    def action_step(self, step: int) -> None:
        self.index = (self.index + step) % len(self.choices)

    def render(self) -> Text:
        line = Text("报送处室：", style="bold")
        line.append(f"◀ {self.value or NONE} ▶", style="reverse" if self.has_focus else "")
        line.append("  （Tab 到这里后用 ← → 选择，可不选）", style="dim")
        return line

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
