"""The line above the columns: the task book's title, the filter, and how much is done."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from portboard.core.card import Card
from portboard.core.filters import Filters, progress
from portboard.core.model import Status
from portboard.core.printable import visible


class BoardHeader(Static):
    def show(self, title: str, filters: Filters, columns: dict[Status, list[Card]],
             cards: list[Card], taskbook_error: bool, read_only: bool = False) -> None:
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
        if taskbook_error:
            # While the task book has an error the board is not following the plan, and
            # people must not think it is.
            header.append("  ⚠ 任务书有错误，未同步（按 e 查看）", style="bold red")
        if read_only:
            header.append("  ⚠ 看板文件不见了：只读，放回后自动恢复", style="bold red")
        self.update(header)
