"""Write a progress note for a card: multi-line, with the office it is reported for."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static, TextArea

from portboard.core.model import Card
from portboard.ui.widgets.office_chooser import OfficeChooser


class NoteScreen(ModalScreen[tuple[str, str | None] | None]):
    """Returns (text, office or None), or None when cancelled. Ctrl+S saves; Enter is a new line."""

    BINDINGS = [
        Binding("ctrl+s", "save", "保存"),
        Binding("escape", "cancel", "取消"),
    ]

    def __init__(self, card: Card, offices: list[str], office: str | None, closing: bool) -> None:
        super().__init__()
        self.card = card
        self.offices = offices
        # Only an office the user chose (the board's office filter) is pre-selected.
        self.office = office if office in offices else None
        self.closing = closing
        self._confirming = False

    def compose(self) -> ComposeResult:
        with Vertical(id="note") as box:
            box.border_title = (f"{self.card.id} 已完成：写一条结项进展？（Esc 跳过）" if self.closing
                                else f"为 {self.card.id} 写进展")
            yield Static(Text(self.card.text), id="note-card")
            yield TextArea(id="note-text", soft_wrap=True, show_line_numbers=False)
            yield OfficeChooser(self.offices, self.office, id="note-office")
            yield Static(self._help(), id="note-help")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#note-text", TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one("#note-text", TextArea).text.strip()
        if not text:
            self.query_one("#note-help", Static).update(Text("进展内容为空，未保存：请先写几句", style="bold red"))
            return
        self.dismiss((text, self.query_one("#note-office", OfficeChooser).value))

    def _help(self, confirming: bool = False) -> Text:
        if confirming:
            return Text("已写的内容尚未保存：再按 Esc 放弃，Ctrl+S 保存", style="bold red")
        leave = "Esc 跳过（卡片已在“完成”，只是不写进展）" if self.closing else "Esc 取消"
        return Text(f"Ctrl+S 保存 · {leave} · Tab 切换到报送处室", style="dim")

    def action_cancel(self) -> None:
        """Esc. Typed text is not thrown away on one key press: the first Esc asks."""
        text = self.query_one("#note-text", TextArea).text.strip()
        if text and not self._confirming:
            self._confirming = True
            self.query_one("#note-help", Static).update(self._help(confirming=True))
            return
        self.dismiss(None)

    def on_text_area_changed(self) -> None:
        if self._confirming:
            self._confirming = False
            self.query_one("#note-help", Static).update(self._help())
