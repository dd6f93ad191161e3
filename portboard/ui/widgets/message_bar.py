"""A message line across the whole width, under the columns.

Textual's toasts float over the columns, and the compositor cuts every line at the
columns' borders: a Chinese character straddling a border is lost. A bar that owns its
full-width lines has no such cuts.
"""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

SECONDS_SHOWN = {"information": 6.0, "warning": 10.0, "error": 20.0}
LABELS = {"information": "", "warning": "注意：", "error": "错误："}


class MessageBar(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.history: list[tuple[str, str, str]] = []  # (severity, title, message), oldest first
        self._hide_timer: Timer | None = None

    def show(self, message: str, severity: str = "information", title: str = "") -> None:
        self.history.append((severity, title, message))
        text = Text()
        if title:
            text.append(title + "\n", style="bold")
        elif LABELS.get(severity):
            text.append(LABELS[severity], style="bold")
        text.append(message)  # plain text: file names and task book words are data
        self.update(text)
        self.set_classes(f"-visible -{severity}")
        if self._hide_timer is not None:
            self._hide_timer.stop()
        self._hide_timer = self.set_timer(SECONDS_SHOWN.get(severity, 6.0), self.hide)

    def hide(self) -> None:
        self.set_classes("")
