"""The ledger and the period report as CSV: the rows alone under one header row, UTF-8 with
a BOM so Excel reads the Chinese; a cell's several lines stay on their own lines."""

from __future__ import annotations

import csv
import io

from portboard.core.reports.ledger import COLUMNS, Ledger
from portboard.core.reports.period_columns import PERIOD_COLUMNS, cells
from portboard.core.reports.period_report import PeriodReport


def to_csv(ledger: Ledger) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # the csv module ends rows with \r\n, which Excel expects
    writer.writerow(COLUMNS)
    for row in ledger.rows:
        writer.writerow(row.cells())
    return buffer.getvalue().encode("utf-8-sig")


def period_csv(report: PeriodReport) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in PERIOD_COLUMNS])
    for row in report.rows:
        writer.writerow(cells(PERIOD_COLUMNS, row))
    return buffer.getvalue().encode("utf-8-sig")
