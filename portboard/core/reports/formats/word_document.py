"""The period report and the ledger as Word files ready to print: the title, when it was
made and for whom, the summary, then the table — laid out by `docx_pages`."""

from __future__ import annotations

from portboard.core.lights import LIGHTS
from portboard.core.model import Status
from portboard.core.reports.formats.word_pages import TABLE_SIZE, WordReport
from portboard.core.reports.ledger import COLUMNS, Ledger, LedgerRow
from portboard.core.reports.period_columns import PERIOD_COLUMNS, SUMMARY_COLUMNS, Column
from portboard.core.reports.period_report import EXPLANATION, PeriodReport
from portboard.core.reports.status_summary import SummaryRow, format_share

NO_ROWS = "（没有符合条件的条目）"


def period_docx(report: PeriodReport) -> bytes:
    doc = WordReport(report.title)
    doc.title(report.title)
    for line in report.heading_lines():
        doc.line(line)
    doc.heading("汇总（按牵头处室）")
    doc.table(SUMMARY_COLUMNS, report.summary, bold_last=True)
    doc.line(EXPLANATION + report.footnote, size=TABLE_SIZE, after_table=True)
    doc.heading("各条目推进情况")
    if report.rows:
        doc.table(PERIOD_COLUMNS, report.rows)
    else:
        doc.line(NO_ROWS)
    return doc.to_bytes()


# The ledger's columns (ledger.COLUMNS, in order) in Chinese characters, and which wrap.
_LEDGER_WIDTHS = {"序号": (2, False), "编号": (3.5, False), "任务": (8, True), "工作内容": (18, True),
                  "牵头处室": (5, False), "配合处室": (6, True), "责任人": (3, True), "标记": (2.5, False),
                  "状态": (3, False), "完成时限": (5.5, False), "进度": (2.5, False), "序时进度": (2.5, True),
                  "灯": (2.5, True), "最新进展": (12, True), "更新时间": (5.5, False)}


def _ledger_column(index: int, header: str) -> Column[LedgerRow]:
    width, wrap = _LEDGER_WIDTHS.get(header, (4, True))
    return Column(header, lambda row: row.cells()[index], width, wrap)


LEDGER_COLUMNS = tuple(_ledger_column(index, header) for index, header in enumerate(COLUMNS))

SummaryLine = tuple[str, SummaryRow]


def _status_column(status: Status) -> Column[SummaryLine]:
    return Column(status.value, lambda line: line[1].counts.get(status, 0), 3)


def _light_column(light: str) -> Column[SummaryLine]:
    return Column(light, lambda line: line[1].lights.get(light, 0), 2)


LEDGER_SUMMARY_COLUMNS: tuple[Column[SummaryLine], ...] = (
    Column("类别", lambda line: line[0], 4),
    Column("名称", lambda line: line[1].name, 20, wrap=True),
    *(_status_column(status) for status in Status),
    Column("合计", lambda line: line[1].total, 3),
    Column("完成率", lambda line: format_share(line[1].done_share), 3),
    *(_light_column(light) for light in LIGHTS),
)


def ledger_title(ledger: Ledger) -> str:
    """《…任务书》台账（截至2026年12月1日）"""
    book = f"《{ledger.title}》" if ledger.title else ""
    day = ledger.generated
    return f"{book}台账（截至{day.year}年{day.month}月{day.day}日）"


def ledger_docx(ledger: Ledger) -> bytes:
    title = ledger_title(ledger)
    doc = WordReport(title)
    doc.title(title)
    doc.line(f"生成时间：{ledger.generated:%Y-%m-%d %H:%M} · 筛选：{ledger.filters} · 共 {len(ledger.rows)} 条")
    doc.heading("汇总")
    lines = [(group, row) for group, rows in ledger.summary.groups() for row in rows]
    doc.table(LEDGER_SUMMARY_COLUMNS, lines, bold_last=True, fill=False)
    doc.line(ledger.footnote, size=TABLE_SIZE, after_table=True)
    doc.heading("台账")
    if ledger.rows:
        doc.table(LEDGER_COLUMNS, ledger.rows)
    else:
        doc.line(NO_ROWS)
    return doc.to_bytes()
