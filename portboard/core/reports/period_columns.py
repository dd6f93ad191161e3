"""The period report's tables, column by column: the rows (one per item), the summary (one
per lead office) and the 考评 ranking. Every format — Markdown, CSV, xlsx, Word — draws its
tables from these lists and nothing else, so a column added here appears everywhere, in
its place, sized by its kind (table_column.py)."""

from __future__ import annotations

from portboard.core.reports.office_ranking import OfficeRanking
from portboard.core.reports.office_tally import OfficeTally
from portboard.core.reports.period_row import PeriodRow
from portboard.core.reports.table_column import LIST, TEXT, Column

PERIOD_COLUMNS: tuple[Column[PeriodRow], ...] = (
    Column("序号", lambda r: r.no),
    Column("编号", lambda r: r.id),
    Column("工作内容", lambda r: r.text, TEXT, weight=1.1),
    Column("牵头处室", lambda r: r.lead),
    Column("配合处室", lambda r: r.cooperating, LIST, cap=11),
    Column("责任人", lambda r: r.owner),
    Column("状态", lambda r: r.status),
    Column("进度", lambda r: r.progress),
    Column("序时进度", lambda r: r.expected),
    Column("灯", lambda r: r.light, light=True),
    Column("本期进展", lambda r: r.notes, TEXT, weight=1.0),
    Column("本期变动", lambda r: r.changes, LIST, cap=11, whole=10),  # “06-20 推进中→完成” on one line
    Column("报送", lambda r: r.reported),
)

SUMMARY_COLUMNS: tuple[Column[OfficeTally], ...] = (
    Column("牵头处室", lambda t: t.label),
    Column("条目", lambda t: t.items),
    Column("已报送", lambda t: t.reported),
    Column("未报送", lambda t: t.not_reported),
    Column("期初已完成", lambda t: t.done_before),
    Column("本期推进", lambda t: t.moved_forward),
    Column("本期完成", lambda t: t.finished),
    Column("红灯", lambda t: t.red),
    Column("黄灯", lambda t: t.yellow),
    Column("未报送条目", lambda t: t.missing_ids, TEXT),
)

RANKING_COLUMNS: tuple[Column[OfficeRanking], ...] = (
    Column("名次", lambda r: r.rank),
    Column("牵头处室", lambda r: r.office),
    Column("条目数", lambda r: r.items),
    Column("完成率", lambda r: r.completion.text),
    Column("按序时进度率", lambda r: r.on_schedule.text),
    Column("报送率", lambda r: r.reporting.text),
    Column("红灯", lambda r: r.red),
    Column("黄灯", lambda r: r.yellow),
    Column("逾期", lambda r: r.overdue),
    Column("待销号", lambda r: r.awaiting_closure),
)
