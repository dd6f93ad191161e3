"""The ledger as CSV: the rows alone under one header row, UTF-8 with a BOM so Excel reads
the Chinese."""

from __future__ import annotations

import csv
import io

from portboard.core.reports.ledger import COLUMNS, Ledger


def to_csv(ledger: Ledger) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # the csv module ends rows with \r\n, which Excel expects
    writer.writerow(COLUMNS)
    for row in ledger.rows:
        writer.writerow(row.cells())
    return buffer.getvalue().encode("utf-8-sig")
