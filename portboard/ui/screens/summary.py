"""Progress per office and per section for the board's current filter.

Enter on an office returns its name, and the board applies it as its office filter.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from portboard.cells import cell_width, fit, one_line
from portboard.core.card import Card
from portboard.core.filters import Filters, LightOf
from portboard.core.lights import GREEN, LIGHTS, RED, YELLOW
from portboard.core.model import Status, TaskBook
from portboard.core.printable import visible
from portboard.core.reports.status_summary import SummaryRow, build_summary, format_share
from portboard.ui.screens.list_dialog import ListDialog
from portboard.ui.widgets.key_bar import KeyBar, binding_entries

BAR_WIDTH = 10
NAME_WIDTH = 16  # at 80 columns; a wider terminal gives long section names more room
COUNT_WIDTH = 7  # 推进中 is three wide characters


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> Text:
    filled = round(width * done / total) if total else 0
    bar = Text("█" * filled, style="green")
    bar.append("░" * (width - filled), style="dim")
    return bar


LIGHT_WIDTH = 4
LIGHT_NAMES = {RED: "red", YELLOW: "yellow", GREEN: "green"}


def header_line(name_width: int = NAME_WIDTH, bar: bool = True) -> Text:
    cells = [fit("", name_width)] + [_right(s.value, COUNT_WIDTH) for s in Status]
    cells += [_right("合计", COUNT_WIDTH), "  进度" + " " * (BAR_WIDTH + 1 if bar else 1)]
    cells += [_right(light, LIGHT_WIDTH) for light in LIGHTS]
    return Text("".join(cells), style="bold")


def summary_line(row: SummaryRow, name_width: int = NAME_WIDTH, bar: bool = True,
                 light_styles: dict[str, Style] | None = None) -> Text:
    """One office's or section's counts; a light's count as a chip of its colour (the
    same chips as on the cards), a zero plain."""
    line = Text(fit(one_line(visible(row.name)), name_width))
    for status in Status:
        # Plain, not bold: bold dark text on the light highlight turns grey in 16 colours.
        line.append(_right(str(row.counts.get(status, 0)), COUNT_WIDTH))
    line.append(_right(str(row.total), COUNT_WIDTH) + "  ")
    if bar:
        line.append_text(progress_bar(row.counts.get(Status.DONE, 0), row.total))
        line.append(" ")
    line.append(f"{format_share(row.done_share):>4}")
    for light in LIGHTS:
        count = row.lights.get(light, 0)
        line.append(" " * (LIGHT_WIDTH - 1 - len(str(count))))
        line.append(f" {count}", style=(light_styles or {}).get(light, "") if count else "")
    return line


def _right(text: str, width: int) -> str:
    """Right-align in terminal cells (Chinese characters are two wide)."""
    return " " * max(width - cell_width(text), 0) + text


class SummaryScreen(ListDialog[str | None]):
    COMPONENT_CLASSES = {"summary--light-red", "summary--light-yellow", "summary--light-green"}

    BINDINGS = [
        Binding("escape,q,s", "cancel", "关闭", key_display="Esc"),
    ]

    def __init__(self, cards: list[Card], book: TaskBook | None, filters: Filters,
                 light_of: LightOf | None = None) -> None:
        super().__init__()
        self.filters = filters
        shown = [c for c in cards if filters.admits(c, light_of) and not c.archived]
        offices = [o.name for o in book.offices] if book else None
        self.summary = build_summary(shown, offices, light_of)
        self.offices: dict[str, str] = {}  # option id -> office name

    def compose(self) -> ComposeResult:
        # The dialog is 90% of the screen, at most 120 wide; the counts, bar and lights take
        # 65 (the bar is left out on a narrow screen).
        dialog = min(int(self.app.size.width * 0.9), 120)
        bar = dialog >= 90
        name_width = max(NAME_WIDTH, min(40, dialog - 65 - 6))
        light_styles = {light: self.get_component_rich_style(f"summary--light-{name}", partial=True)
                        for light, name in LIGHT_NAMES.items()}
        options: list[Option] = []
        groups = [("牵头处室", self.summary.by_lead, True), ("配合处室", self.summary.by_cooperating, True),
                  ("部分", self.summary.by_section, False), ("合计", [self.summary.total], False)]
        for heading, rows, is_office in groups:
            options.append(Option(Text(f"── {heading} ──", style="bold"), disabled=True))
            for i, row in enumerate(rows):
                option_id = f"{heading}-{i}"
                if is_office:
                    self.offices[option_id] = row.name
                # Section and total rows can be highlighted too, so the cursor (and the
                # list) reaches them on a small terminal; Enter on them does nothing.
                options.append(Option(summary_line(row, name_width, bar, light_styles), id=option_id))
        with Vertical(id="summary-body") as body:
            body.border_title = Text(f"汇总 · 筛选：{visible(self.filters.describe())}")
            yield Static(Text("Enter：把所选处室设为看板的筛选 · Esc 关闭", style="dim"), id="summary-hint")
            yield Static(header_line(name_width, bar), id="summary-header")
            yield OptionList(*options, id="summary-list")
        keys = binding_entries(self.app, [b for b in self.BINDINGS if isinstance(b, Binding)])
        yield KeyBar([("Enter", "设为筛选", True), *keys, ("↑ ↓", "选择", True)])

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        office = self.offices.get(event.option.id or "")
        if office is not None:
            self.dismiss(office)
        else:
            self.query_one("#summary-hint", Static).update(
                Text("只有处室可以设为筛选；部分和合计只供查看", style="bold"))

