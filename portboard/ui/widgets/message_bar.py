"""A message line across the whole width, under the columns, shown until the next key.

Textual's toasts float over the columns, and the compositor cuts every line at the
columns' borders: a Chinese character straddling a border is lost. A bar that owns its
full-width lines has no such cuts. Messages are plain text — file names, task book words
and notes are data, never markup — with control characters made visible.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widgets import Static

from portboard.cells import wrap_paragraphs
from portboard.core.printable import visible

LABELS = {"information": "", "warning": "注意：", "error": "错误："}


class MessageBar(Static):
    COMPONENT_CLASSES = {"message-bar--title"}

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[tuple[str, str, str]] = []  # (severity, title, message), oldest first
        self.progress = ""  # what is under way (正在保存…), shown while no message is
        self.message = ("", "", "")  # (title, label, text) of the message shown

    def show(self, message: str, severity: str = "information", title: str = "") -> None:
        self.history.append((severity, title, message))
        self.message = (visible(title), "" if title else LABELS.get(severity, ""), visible(message))
        self.set_classes(f"-visible -{severity}")
        self.refresh(layout=True)

    def lines(self, width: int) -> Text:
        """The message wrapped by the Chinese rules (cells.wrap), not Rich's, which breaks
        at spaces only and strands a "—" on a line of its own."""
        title, label, message = self.message
        title_style = self.get_component_rich_style("message-bar--title", partial=True)
        text = Text()
        width = max(width, 10)
        for line in wrap_paragraphs(title, width) if title else []:
            text.append(line + "\n", style=title_style)
        for n, line in enumerate(wrap_paragraphs(label + message, width)):
            if n:
                text.append("\n")
            if n == 0 and label and line.startswith(label):
                text.append(label, style=title_style)
                line = line[len(label):]
            text.append(line)
        return text

    def render(self) -> Text:
        if self.has_class("-progress"):
            return Text(self.progress, style=self.get_component_rich_style("message-bar--title", partial=True))
        return self.lines(self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.has_class("-progress"):
            return 1
        return len(self.lines(width).split())

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
        self.set_classes("-visible -progress")
        self.refresh(layout=True)
