"""A message line across the whole width, under the columns, shown until the next key.

Textual's toasts float over the columns, and the compositor cuts every line at the
columns' borders: a Chinese character straddling a border is lost. A bar that owns its
full-width lines has no such cuts. Messages are plain text — file names, task book words
and notes are data, never markup — with control characters made visible.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from portboard.core.printable import visible

LABELS = {"information": "", "warning": "注意：", "error": "错误："}


class MessageBar(Static):
    COMPONENT_CLASSES = {"message-bar--title"}

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[tuple[str, str, str]] = []  # (severity, title, message), oldest first
        self.progress = ""  # what is under way (正在保存…), shown while no message is

    def show(self, message: str, severity: str = "information", title: str = "") -> None:
        self.history.append((severity, title, message))
        text = Text()
        title_style = self.get_component_rich_style("message-bar--title", partial=True)
        if title:
            text.append(visible(title) + "\n", style=title_style)
        elif LABELS.get(severity):
            text.append(LABELS[severity], style=title_style)
        text.append(visible(message))
        self.update(text)
        self.set_classes(f"-visible -{severity}")

    @property
    def showing(self) -> bool:
        return self.has_class("-visible")

    def hide(self) -> None:
        if self.progress:
            self._show_progress()
        else:
            self.set_classes("")

    def show_progress(self, text: str) -> None:
        """Say that something is under way, unless a message is being shown."""
        if self.progress == text:
            return
        self.progress = text
        if not self.showing or self.has_class("-progress"):
            self._show_progress()

    def hide_progress(self) -> None:
        if not self.progress:
            return
        self.progress = ""
        if self.has_class("-progress"):
            self.set_classes("")

    def _show_progress(self) -> None:
        self.update(Text(self.progress, style=self.get_component_rich_style("message-bar--title", partial=True)))
        self.set_classes("-visible -progress")
