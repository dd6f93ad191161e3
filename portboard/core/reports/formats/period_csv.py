"""The period report as CSV: one header row and one row per item, as the ledger's CSV is —
UTF-8 with a BOM so Excel reads the Chinese. A cell's several notes stay on their own lines."""

from __future__ import annotations

import csv
import io

from portboard.core.reports.period_columns import PERIOD_COLUMNS, cells
from portboard.core.reports.period_report import PeriodReport


def period_csv(report: PeriodReport) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # rows end with \r\n, which Excel expects
    writer.writerow([column.header for column in PERIOD_COLUMNS])
    for row in report.rows:
        writer.writerow(cells(PERIOD_COLUMNS, row))
    return buffer.getvalue().encode("utf-8-sig")
