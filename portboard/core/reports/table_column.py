"""A column of a report's table: its header, how to read its cell from a row, and how it
behaves on paper — the one description the Markdown, CSV, Excel and Word writers all draw
from, so a column added to a table appears in every format, in its place, sized alike.

How a column is sized on paper (see formats/print_widths.py):
- FIXED  never wraps: as wide as its widest value (序号, 状态, 灯 “红（逾期）”, a name);
- LIST   wraps only between its items (offices, ids, one change a line): never narrower
         than its widest item (nor than its widest line, up to `whole` ems: a line that
         short is kept whole), and up to `cap` ems when there is room;
- TEXT   prose (工作内容, 本期进展): shares what the other columns leave, by `weight` — but
         never wider than its longest line, so a table of short values stays narrow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Row = TypeVar("Row")
Cell = str | int

FIXED, LIST, TEXT = "fixed", "list", "text"


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str
    cell: Callable[[Row], Cell]
    kind: str = FIXED
    weight: float = 1.0      # TEXT: its share of the spare width
    cap: float = 12.0        # LIST: at most this many ems on a line when there is room
    whole: float = 0.0       # LIST: a line up to this many ems is never broken
    light: bool = False      # its cells name a light (红/黄/绿…): shaded in that colour

    @property
    def wraps(self) -> bool:
        return self.kind != FIXED


def cells(columns: Sequence[Column[Row]], row: Row) -> list[Cell]:
    return [column.cell(row) for column in columns]
