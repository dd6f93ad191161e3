"""The line above the columns: the task book's title, the filter, and how much is done."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from portboard.core.card import Card
from portboard.core.filters import Filters, progress
from portboard.core.model import Status
from portboard.core.printable import visible
from portboard.core.schedule import GREEN, RED, YELLOW


class BoardHeader(Static):
    COMPONENT_CLASSES = {
        "board-header--title",
        "board-header--label",  # 筛选：
        "board-header--figure",  # 完成 N/M
        "board-header--warning",  # ⚠ …: a chip of its own, readable on any header colour
        "board-header--light-red",  # the lights' counts: chips as on the cards
        "board-header--light-yellow",
        "board-header--light-green",
    }

    def show(self, title: str, filters: Filters, columns: dict[Status, list[Card]],
             cards: list[Card], taskbook_error: bool, read_only: bool = False,
             lights: dict[str, int] | None = None) -> None:
        """`columns` is what the filter shows; `cards` the whole board, for the total."""
        def style(component: str) -> Style:
            return self.get_component_rich_style(f"board-header--{component}", partial=True)

        done, total = progress(cards)
        header = Text()
        header.append(f"《{visible(title)}》" if title else "portboard", style=style("title"))
        header.append("  筛选：", style=style("label"))
        header.append(visible(filters.describe()))
        if filters.active:
            shown = sum(len(column) for column in columns.values())
            header.append(f"  完成 {len(columns[Status.DONE])}/{shown}", style=style("figure"))
            header.append(f" · 全部 {done}/{total}")
        else:
            header.append(f"  完成 {done}/{total}", style=style("figure"))
        if lights and any(lights.values()):
            # Counts for what the filter shows, each light by its character as well as colour.
            for light, name in ((RED, "red"), (YELLOW, "yellow"), (GREEN, "green")):
                header.append("  ")
                header.append(f"{light} {lights.get(light, 0)}", style=style(f"light-{name}"))
        if taskbook_error:
            # While the task book has an error the board is not following the plan, and
            # people must not think it is.
            header.append("  ")
            header.append("⚠ 任务书有错误，未同步（按 e 查看）", style=style("warning"))
        if read_only:
            header.append("  ")
            header.append("⚠ 看板文件不见了：只读，放回后自动恢复", style=style("warning"))
        self.update(header)

