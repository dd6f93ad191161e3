"""Write a progress note for a card: multi-line, with the office it is reported for.

The dialog saves through the board and closes only once the note is saved: if the save
fails (the board locked by someone else, a read-only or full disk, a refused character),
it stays open with the text and says why, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from portboard.core.card import Card
from portboard.core.errors import PortboardError
from portboard.core.printable import visible
from portboard.ui.widgets.key_bar import KeyBar, binding_entries
from portboard.ui.widgets.office_chooser import OfficeChooser
from portboard.ui.widgets.paragraphs import Paragraph, Paragraphs


class NoteScreen(ModalScreen[None]):
    """Ctrl+S saves (through `save`), Enter is a new line, Esc cancels (asking first when
    something was typed)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "保存", key_display="Ctrl+S"),
        Binding("escape", "cancel", "取消", key_display="Esc"),
    ]

    def __init__(self, card: Card, offices: list[str], office: str | None, closing: bool,
                 save: Callable[[str, str | None, int | None, NoteScreen], None], progress: int = 0) -> None:
        """`save(text, office, progress or None, screen)` starts saving and later calls
        `screen.dismiss` or `screen.save_failed`. `progress` is the card's current one."""
        super().__init__()
        self.card = card
        self.offices = offices
        # Only an office the user chose (the board's office filter) is pre-selected.
        self.office = office if office in offices else None
        self.closing = closing
        self.save = save
        self.progress = progress
        self.saving = False
        self._confirming = False

    def compose(self) -> ComposeResult:
        with Vertical(id="note") as box:
            card_id = visible(self.card.id)
            box.border_title = Text(f"{card_id} 已完成：写一条结项进展？（Esc 跳过）" if self.closing
                                    else f"为 {card_id} 写进展")
            yield Paragraphs([Paragraph(self.card.text)], id="note-card")
            yield TextArea(id="note-text", soft_wrap=True, show_line_numbers=False)
            yield OfficeChooser(self.offices, self.office, id="note-office")
            yield Input(placeholder=f"进度 %（现为 {self.progress}%；填 0–100 的整数，可不填）",
                        type="integer", max_length=3, id="note-progress")
            yield Static(self._help(), id="note-help")
        keys = binding_entries(self.app, [b for b in self.BINDINGS if isinstance(b, Binding)])
        yield KeyBar([*keys, ("Tab", "切换到报送处室、进度", True)])

    def on_mount(self) -> None:
        self.query_one("#note-text", TextArea).focus()

    @property
    def text(self) -> str:
        return self.query_one("#note-text", TextArea).text

    def action_save(self) -> None:
        if self.saving:
            return
        text = self.text.strip()
        typed = self.query_one("#note-progress", Input).value.strip()
        progress = int(typed) if typed.isdigit() else None
        if typed and (progress is None or progress > 100):
            self._tell(f"进度 “{typed}” 不是 0–100 的整数，未保存", error=True)
            return
        if not text and progress is None:
            self._tell("进展内容为空，未保存：请先写几句，或填一个进度", error=True)
            return
        self.saving = True
        self._tell("正在保存…")
        self.save(text, self.query_one("#note-office", OfficeChooser).value, progress, self)

    def save_failed(self, exc: PortboardError) -> None:
        """The note was not saved: keep the dialog and the text, and say why."""
        self.saving = False
        self._tell(f"未保存（文字仍在上面，可重试或复制）：{exc.message}", error=True)

    def _tell(self, message: str, error: bool = False) -> None:
        self._show_help(Text(visible(message), style="bold"), error)

    def _show_help(self, text: Text, error: bool = False) -> None:
        # An error is a red bar (.-error in app.tcss), not red letters: red text on the
        # dark dialog is under 4.5:1 in every colour mode, and grey on grey without colour.
        help_line = self.query_one("#note-help", Static)
        help_line.update(text)
        help_line.set_class(error, "-error")

    def _help(self, confirming: bool = False) -> Text:
        if confirming:
            return Text("已写的内容尚未保存：再按 Esc 放弃，Ctrl+S 保存", style="bold")
        leave = "Esc 跳过（卡片已在“完成”，只是不写进展）" if self.closing else "Esc 取消"
        return Text(f"Ctrl+S 保存 · {leave} · Tab 切换到报送处室、进度", style="dim")

    def action_cancel(self) -> None:
        """Esc. Typed text is not thrown away on one key press: the first Esc asks."""
        if self.saving:
            return  # the note is on its way to the board; it closes when saved
        typed = self.text.strip() or self.query_one("#note-progress", Input).value.strip()
        if typed and not self._confirming:
            self._confirming = True
            self._show_help(self._help(confirming=True), error=True)
            return
        self.dismiss(None)

    def on_text_area_changed(self) -> None:
        if self._confirming:
            self._confirming = False
            self._show_help(self._help())
