"""The ledger and the period report as Excel workbooks: the ledger's sheets 汇总 and 台账,
the period report's 汇总 and 明细."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from portboard.cells import cell_width
from portboard.core.lights import LIGHTS
from portboard.core.model import Status
from portboard.core.reports.ledger import COLUMNS, Ledger
from portboard.core.reports.period_columns import PERIOD_COLUMNS, Column, Row, cells
from portboard.core.reports.period_columns import SUMMARY_COLUMNS as PERIOD_SUMMARY_COLUMNS
from portboard.core.reports.period_report import EXPLANATION, PeriodReport
from portboard.core.reports.status_summary import format_share

SUMMARY_COLUMNS = ("类别", "名称", *(s.value for s in Status), "合计", "完成率", *LIGHTS)

# Excel column widths, in character cells (a Chinese character counts two, as in the
# terminal): wide enough for the text up to a cap; the long free-text columns get a
# generous cap and wrap.
_MIN_WIDTH = 6
_MAX_WIDTH = 30
_WRAPPED_MAX = {"工作内容": 60, "任务": 40, "最新进展": 50, "配合处室": 30}
_WRAPPED = ("任务", "工作内容", "配合处室", "最新进展")


def column_width(header: str, values: Iterable[object]) -> float:
    shown = (format_share(v) if isinstance(v, float) else "" if v is None else str(v) for v in values)
    widest = max([cell_width(header)] + [cell_width(line) for v in shown for line in v.split("\n")])
    cap = _WRAPPED_MAX.get(header, _MAX_WIDTH)
    return max(_MIN_WIDTH, min(widest, cap)) + 2


def to_xlsx(ledger: Ledger) -> bytes:
    book = Workbook()
    book.properties.title = f"{ledger.title} 台账".strip()
    book.properties.creator = "portboard"

    summary = book.active
    summary.title = "汇总"
    summary_rows = [
        [group, row.name, *(row.counts.get(s, 0) for s in Status), row.total, row.done_share,
         *(row.lights.get(light, 0) for light in LIGHTS)]
        for group, rows in ledger.summary.groups() for row in rows
    ]
    _fill(summary, SUMMARY_COLUMNS, summary_rows)
    share_column = get_column_letter(SUMMARY_COLUMNS.index("完成率") + 1)
    for cell in summary[share_column][1:]:
        cell.number_format = "0%"
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    summary.append([])
    measured = [f"序时进度和亮灯按 {ledger.as_of:%Y-%m-%d} 计算"] if ledger.as_of else []
    for line in (f"筛选：{ledger.filters}", f"生成时间：{ledger.generated:%Y-%m-%d %H:%M}", *measured, ledger.footnote):
        summary.append([line])

    sheet = book.create_sheet("台账")
    _fill(sheet, COLUMNS, [r.cells() for r in ledger.rows], wrap=_WRAPPED)
    if ledger.rows:
        sheet.auto_filter.ref = sheet.dimensions

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet: Any, header: Sequence[str], rows: Sequence[Sequence[object]], wrap: Sequence[str] = ()) -> None:
    """A header row in bold on a tint, the rows as values, frozen header, fitted widths."""
    top = Alignment(vertical="top")
    wrapped = Alignment(vertical="top", wrap_text=True)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for number, values in enumerate(rows, start=2):
        sheet.append([_cell_value(v) for v in values])
        # By number: `sheet.max_row` looks at every cell, which made this loop quadratic.
        for cell in (sheet.cell(row=number, column=c) for c in range(1, len(header) + 1)):
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column_width(name, (r[index - 1] for r in rows))
        alignment = wrapped if name in wrap else top
        for cell in sheet[letter][1:]:
            cell.alignment = alignment


def _cell_value(value: object) -> object:
    """Drop the control characters a workbook cannot hold (a stray one in a note)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


SUMMARY_SHEET = "汇总"
ROWS_SHEET = "明细"


def excel_width(column: Column) -> float:
    """Excel measures widths in Latin characters; a Chinese character takes two."""
    return column.width * 2 + 2


def period_xlsx(report: PeriodReport) -> bytes:
    book = Workbook()
    book.properties.title = report.title
    book.properties.creator = "portboard"

    summary = book.active
    summary.title = SUMMARY_SHEET
    _table(summary, PERIOD_SUMMARY_COLUMNS, report.summary)
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)  # the total
    summary.append([])
    for line in (report.title, *report.heading_lines(), EXPLANATION, report.footnote):
        summary.append([line])

    rows = book.create_sheet(ROWS_SHEET)
    _table(rows, PERIOD_COLUMNS, report.rows)
    if report.rows:
        rows.auto_filter.ref = rows.dimensions

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table(sheet: Any, columns: Sequence[Column[Row]], rows: Sequence[Row]) -> None:
    sheet.append([column.header for column in columns])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    wrapped = Alignment(vertical="top", wrap_text=True)
    for number, row in enumerate(rows, start=2):
        sheet.append([_cell_value(v) for v in cells(columns, row)])
        # By number: `sheet.max_row` looks at every cell, which made this loop quadratic.
        for cell in (sheet.cell(row=number, column=c) for c in range(1, len(columns) + 1)):
            cell.alignment = wrapped
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = excel_width(column)


