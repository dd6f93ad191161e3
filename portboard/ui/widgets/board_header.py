"""The line above the columns: the task book's title, the filter, and how much is done."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from portboard.core.filters import Filters, progress
from portboard.core.model import Card, Status


class BoardHeader(Static):
    def show(self, title: str, filters: Filters, columns: dict[Status, list[Card]],
             cards: list[Card], taskbook_error: bool) -> None:
        """`columns` is what the filter shows; `cards` the whole board, for the total."""
        done, total = progress(cards)
        header = Text()
        header.append(f"《{title}》" if title else "portboard", style="bold")
        header.append("  筛选：", style="dim")
        header.append(filters.describe())
        if filters.active:
            shown = sum(len(column) for column in columns.values())
            header.append(f"  完成 {len(columns[Status.DONE])}/{shown}", style="bold")
            header.append(f" · 全部 {done}/{total}")
        else:
            header.append(f"  完成 {done}/{total}", style="bold")
        if taskbook_error:
            # While the task book has an error the board is not following the plan, and
            # people must not think it is.
            header.append("  ⚠ 任务书有错误，未同步（按 e 查看）", style="bold red")
        self.update(header)
