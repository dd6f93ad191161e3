"""The ledger's two tables, column by column: the rows (one per item) and the summary (one
per office, section and the whole). Every format draws its tables from these."""

from __future__ import annotations

from portboard.core.lights import LIGHTS
from portboard.core.model import Status
from portboard.core.reports.ledger_row import LedgerRow
from portboard.core.reports.summary_row import SummaryRow, format_share
from portboard.core.reports.table_column import LIST, TEXT, Column

LEDGER_COLUMNS: tuple[Column[LedgerRow], ...] = (
    Column("序号", lambda r: r.no),
    Column("编号", lambda r: r.id),
    Column("任务", lambda r: r.task, TEXT, weight=1.0),
    Column("工作内容", lambda r: r.text, TEXT, weight=2.2),
    Column("牵头处室", lambda r: r.lead),
    Column("配合处室", lambda r: r.cooperating, LIST, cap=11),
    Column("责任人", lambda r: r.owner),
    Column("标记", lambda r: r.markers),
    Column("状态", lambda r: r.status),
    Column("完成时限", lambda r: r.due),
    Column("进度", lambda r: r.progress),
    Column("序时进度", lambda r: r.expected),
    Column("灯", lambda r: r.light, light=True),
    Column("最新进展", lambda r: r.latest, TEXT, weight=1.6),
    Column("更新时间", lambda r: r.updated, LIST, cap=10),
)
# The CSV's header row, and the Markdown table's.
COLUMNS = tuple(column.header for column in LEDGER_COLUMNS)

# A line of the summary: its group (牵头处室, 配合处室, 部分, 合计) and its counts.
SummaryLine = tuple[str, SummaryRow]


def _status_column(status: Status) -> Column[SummaryLine]:
    return Column(status.value, lambda line: line[1].counts.get(status, 0))


def _light_column(light: str) -> Column[SummaryLine]:
    return Column(light, lambda line: line[1].lights.get(light, 0))


LEDGER_SUMMARY_COLUMNS: tuple[Column[SummaryLine], ...] = (
    Column("类别", lambda line: line[0]),
    Column("名称", lambda line: line[1].name, TEXT),
    *(_status_column(status) for status in Status),
    Column("合计", lambda line: line[1].total),
    Column("完成率", lambda line: format_share(line[1].done_share)),
    *(_light_column(light) for light in LIGHTS),
)
