"""Every key the board answers to, from the key table."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from portboard.ui.keys import KEY_ROWS


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "关闭")]

    def compose(self) -> ComposeResult:
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
        table.add_column("按键", no_wrap=True)
        table.add_column("作用")
        for row in KEY_ROWS:
            table.add_row(row.shown, row.help)
        with VerticalScroll(id="help-body") as body:
            body.border_title = "按键"
            yield Static(table)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
