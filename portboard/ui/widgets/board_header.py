"""The line above the columns: the task book's title, the filter, and how much is done."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual.widgets import Static

from portboard.core.card import Card
from portboard.core.filters import Filters, progress
from portboard.core.model import Status
from portboard.core.printable import visible
from portboard.core.schedule import GREEN, RED, YELLOW


class BoardHeader(Static):
    def show(self, title: str, filters: Filters, columns: dict[Status, list[Card]],
             cards: list[Card], taskbook_error: bool, read_only: bool = False,
             lights: dict[str, int] | None = None) -> None:
        """`columns` is what the filter shows; `cards` the whole board, for the total."""
        done, total = progress(cards)
        header = Text()
        header.append(f"《{visible(title)}》" if title else "portboard", style="bold")
        header.append("  筛选：", style="dim")
        header.append(visible(filters.describe()))
        if filters.active:
            shown = sum(len(column) for column in columns.values())
            header.append(f"  完成 {len(columns[Status.DONE])}/{shown}", style="bold")
            header.append(f" · 全部 {done}/{total}")
        else:
            header.append(f"  完成 {done}/{total}", style="bold")
        if lights and any(lights.values()):
            # Counts for what the filter shows, each light by its character as well as colour.
            header.append("  ")
            for light, style in ((RED, "bold red"), (YELLOW, "bold yellow"), (GREEN, "bold green")):
                header.append(light, style=style)
                header.append(f" {lights.get(light, 0)} ")
        if taskbook_error:
            # While the task book has an error the board is not following the plan, and
            # people must not think it is.
            header.append("  ⚠ 任务书有错误，未同步（按 e 查看）", style="bold red")
        if read_only:
            header.append("  ⚠ 看板文件不见了：只读，放回后自动恢复", style="bold red")
        self.update(header)


def light_counts(cards: Iterable[Card], light_of: Callable[[Card], str | None]) -> dict[str, int]:
    counts = {RED: 0, YELLOW: 0, GREEN: 0}
    for card in cards:
        light = light_of(card)
        if light in counts:
            counts[light] += 1
    return counts
