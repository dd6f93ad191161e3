"""The ledger and the period report as CSV: the rows alone under one header row, UTF-8 with
a BOM so Excel reads the Chinese; a cell's several lines stay on their own lines."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from portboard.core.reports.ledger import Ledger
from portboard.core.reports.ledger_columns import LEDGER_COLUMNS
from portboard.core.reports.period_columns import PERIOD_COLUMNS
from portboard.core.reports.period_report import PeriodReport
from portboard.core.reports.table_column import Column, Row, cells


def ledger_csv(ledger: Ledger) -> bytes:
    return _csv(LEDGER_COLUMNS, ledger.rows)


def period_csv(report: PeriodReport) -> bytes:
    return _csv(PERIOD_COLUMNS, report.rows)


def _csv(columns: Sequence[Column[Row]], rows: Sequence[Row]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # the csv module ends rows with \r\n, which Excel expects
    writer.writerow([column.header for column in columns])
    for row in rows:
        writer.writerow(cells(columns, row))
    return buffer.getvalue().encode("utf-8-sig")
