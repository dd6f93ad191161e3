"""The period report's two tables, column by column: the rows (one per item) and the
summary (one per lead office). Every format — Markdown, CSV, xlsx, Word — draws its
tables from these lists and nothing else, so a column added here appears everywhere, in
its place, with its width.

Widths are in Chinese characters at the table's type size: a column that does not wrap
is that wide on paper; the columns that wrap share what is left in proportion to theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from portboard.core.reports.office_tally import OfficeTally
from portboard.core.reports.period_row import PeriodRow

Row = TypeVar("Row")
Cell = str | int


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str
    cell: Callable[[Row], Cell]
    width: float          # in Chinese characters
    wrap: bool = False    # long text: takes a share of the spare width and wraps in its cell


def cells(columns: Sequence[Column[Row]], row: Row) -> list[Cell]:
    return [column.cell(row) for column in columns]


# 序号 … 报送, as the issue orders them. The lights (issue 9) add 进度, 序时进度 and 灯 as
# they stand at the period's end: three entries between 状态 and 本期进展 below, each
# reading a field that `period_row` fills in.
PERIOD_COLUMNS: tuple[Column[PeriodRow], ...] = (
    Column("序号", lambda r: r.no, 2),
    Column("编号", lambda r: r.id, 3.5),
    Column("工作内容", lambda r: r.text, 22, wrap=True),
    Column("牵头处室", lambda r: r.lead, 5),
    Column("配合处室", lambda r: r.cooperating, 6, wrap=True),
    Column("责任人", lambda r: r.owner, 3),
    Column("状态", lambda r: r.status, 3),
    Column("进度", lambda r: r.progress, 2),
    Column("序时进度", lambda r: r.expected, 2),
    Column("灯", lambda r: r.light, 5),  # 红（逾期） on one line
    Column("本期进展", lambda r: r.notes, 20, wrap=True),
    Column("本期变动", lambda r: r.changes, 6, wrap=True),
    Column("报送", lambda r: r.reported, 3),
)

# The summary per lead office; red and yellow counts (issue 9) go before 未报送条目.
SUMMARY_COLUMNS: tuple[Column[OfficeTally], ...] = (
    Column("牵头处室", lambda t: t.office, 7),
    Column("条目", lambda t: t.items, 2.5),
    Column("已报送", lambda t: t.reported, 3),
    Column("未报送", lambda t: t.not_reported, 3),
    Column("期初已完成", lambda t: t.done_before, 5),
    Column("本期推进", lambda t: t.moved_forward, 4),
    Column("本期完成", lambda t: t.finished, 4),
    Column("红灯", lambda t: t.red, 2.5),
    Column("黄灯", lambda t: t.yellow, 2.5),
    Column("未报送条目", lambda t: t.missing_ids, 16, wrap=True),
)
