"""Every key the board answers to, from the key table, and what the marks on a card mean."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from portboard.cells import cell_width
from portboard.ui.keys import KEY_ROWS, LEGEND
from portboard.ui.widgets.key_bar import KeyBar, binding_entries
from portboard.ui.widgets.paragraphs import Paragraph, Paragraphs


def help_paragraphs() -> list[Paragraph]:
    width = max(cell_width(row.shown) for row in KEY_ROWS) + 2
    out = [Paragraph("按键", "bold")]
    for row in KEY_ROWS:
        out.append(Paragraph(row.help, label=row.shown + " " * (width - cell_width(row.shown)), indent=1))
    out += [Paragraph(""), Paragraph("卡片上的标记", "bold")]
    width = max(cell_width(mark) for mark, _ in LEGEND) + 2
    for mark, meaning in LEGEND:
        out.append(Paragraph(meaning, label=mark + " " * (width - cell_width(mark)), indent=1))
    return out


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "关闭", key_display="Esc"),
        Binding("up,k", "scroll_up", "上", show=False),
        Binding("down,j", "scroll_down", "下", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "按键"
            yield Paragraphs(help_paragraphs())
        keys = binding_entries(self.app, [b for b in self.BINDINGS if isinstance(b, Binding)])
        yield KeyBar([*keys, ("↑ ↓", "滚动", True)])

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_up(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_up()

    def action_scroll_down(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_down()
