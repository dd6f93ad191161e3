"""Choose one value from a list: an office, a marker. Returns the value, or None on Escape."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from portboard.core.card import Card
from portboard.core.filters import Filters, LightOf, light_choices, marker_choices, office_choices
from portboard.core.lights import GREEN, RED, YELLOW
from portboard.core.model import TaskBook
from portboard.core.printable import visible
from portboard.ui.screens.list_dialog import ListDialog
from portboard.ui.widgets.key_bar import KeyBar, binding_entries

ALL = ""  # the value of the 全部 (no filter) choice


class PickerScreen(ListDialog[str | None]):
    BINDINGS = [
        Binding("enter", "select", "选定", key_display="Enter"),
        Binding("escape", "cancel", "取消", key_display="Esc"),
    ]

    def __init__(self, title: str, choices: list[tuple[str, Text | str]], current: str | None) -> None:
        """`choices` are (value, label); labels given as str are shown literally."""
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current or ALL

    def compose(self) -> ComposeResult:
        options = [Option(label if isinstance(label, Text) else Text(visible(label)), id=f"choice-{i}")
                   for i, (_, label) in enumerate(self.choices)]
        with Vertical(id="picker"):
            option_list = OptionList(*options, id="picker-list")
            option_list.border_title = self.title_text
            yield option_list
        yield KeyBar(binding_entries(self.app, [b for b in self.BINDINGS if isinstance(b, Binding)]))

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        values = [value for value, _ in self.choices]
        option_list.highlighted = values.index(self.current) if self.current in values else 0
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][0])


def office_picker(cards: Sequence[Card], book: TaskBook | None, filters: Filters,
                  light_of: LightOf | None = None) -> PickerScreen:
    """全部 and every office, with how many of the cards under the other filters it leads
    and co-operates on."""
    choices: list[tuple[str, Text | str]] = [(ALL, "全部")]
    for office in office_choices(cards, book, filters, light_of):
        label = Text(visible(office.name))
        if office.code:
            label.append(f" ({visible(office.code)})", style="dim")
        label.append(f"   牵头 {office.leads} · 配合 {office.cooperates}", style="dim")
        choices.append((office.name, label))
    return PickerScreen("按处室筛选", choices, filters.office)


def marker_picker(cards: Sequence[Card], book: TaskBook | None, filters: Filters,
                  light_of: LightOf | None = None) -> PickerScreen:
    """全部 and every marker of the legend, with how many cards carry it."""
    choices: list[tuple[str, Text | str]] = [(ALL, "全部")]
    for marker in marker_choices(cards, book, filters, light_of):
        label = Text(f"{visible(marker.symbol)} ")
        label.append(visible(marker.meaning))
        label.append(f"   {marker.count} 条", style="dim")
        choices.append((marker.symbol, label))
    return PickerScreen("按标记筛选", choices, filters.marker)


LIGHT_MEANINGS = {RED: "落后序时进度较多，或已过完成时限", YELLOW: "落后序时进度", GREEN: "进度正常"}


def light_picker(cards: Sequence[Card], filters: Filters, light_of: LightOf) -> PickerScreen:
    """全部, 红, 黄, 绿, with how many cards (under the other filters) show each."""
    choices: list[tuple[str, Text | str]] = [(ALL, "全部")]
    for light, count in light_choices(cards, filters, light_of).items():
        label = Text(f"{light}灯  ", style="bold")
        label.append(LIGHT_MEANINGS[light])
        label.append(f"   {count} 条", style="dim")
        choices.append((light, label))
    return PickerScreen("按亮灯筛选", choices, filters.light)
