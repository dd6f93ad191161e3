"""The line above the columns: the task book's title, the filter, and how much is done."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from portboard.cells import cell_width
from portboard.core.card import Card
from portboard.core.filters import Filters, progress
from portboard.core.lights import GREEN, RED, YELLOW
from portboard.core.model import Status
from portboard.core.printable import visible


class BoardHeader(Static):
    chunks: list[tuple[int, list[tuple[str, Style]]]] = []
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
        # Each chunk stays whole on one line ("红 66", never "红" / "66"); lines break
        # only between chunks (_lay_out), each chunk after `gap` cells.
        chunks: list[tuple[int, list[tuple[str, Style]]]] = [
            (0, [(f"《{visible(title)}》" if title else "看板", style("title"))]),
            (2, [("筛选：", style("label")), (visible(filters.describe()), Style())]),
        ]
        if filters.active:
            shown = sum(len(column) for column in columns.values())
            chunks.append((2, [(f"完成 {len(columns[Status.DONE])}/{shown}", style("figure"))]))
            chunks.append((1, [(f"· 全部 {done}/{total}", Style())]))
        else:
            chunks.append((2, [(f"完成 {done}/{total}", style("figure"))]))
        if lights and any(lights.values()):
            # Counts for what the filter shows, each light by its character as well as colour.
            for light, name in ((RED, "red"), (YELLOW, "yellow"), (GREEN, "green")):
                chunks.append((2, [(f"{light} {lights.get(light, 0)}", style(f"light-{name}"))]))
        if taskbook_error:
            # While the task book has an error the board is not following the plan, and
            # people must not think it is.
            chunks.append((2, [("⚠ 任务书有错误，未同步（按 e 查看）", style("warning"))]))
        if read_only:
            chunks.append((2, [("⚠ 看板文件不见了：只读，放回后自动恢复", style("warning"))]))
        self.chunks = chunks
        self._lay_out()

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        width = self.content_region.width or self.app.size.width - 2  # before the first layout
        header = Text()
        x = 0
        for gap, chunk in self.chunks:
            size = sum(cell_width(text) for text, _ in chunk)
            if x and x + gap + size > width:
                header.append("\n")
                x = gap = 0
            header.append(" " * gap)
            for text, style in chunk:
                header.append(text, style=style)
            x += gap + size
        self.update(header)
