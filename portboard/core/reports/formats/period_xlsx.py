"""The period report as an Excel workbook: the sheet 汇总 (per lead office, then the title,
period, filter and what the columns mean) and the sheet 明细 (one row per item), laid out
as the ledger's workbook is: bold tinted header, frozen, widths from the column table."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from portboard.core.reports.period_columns import PERIOD_COLUMNS, SUMMARY_COLUMNS, Column, Row, cells
from portboard.core.reports.period_report import EXPLANATION, PeriodReport

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
    _table(summary, SUMMARY_COLUMNS, report.summary)
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


def _cell_value(value: object) -> object:
    """Drop the control characters a workbook cannot hold (a stray one in a note)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
