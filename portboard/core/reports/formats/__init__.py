"""The file formats a report is written in, one module per format, each for both reports:
`markdown_text`, `csv_text`, `workbook` (xlsx, laid out by `sheet_writer`) and
`word_document` (docx, laid out by `word_pages`); `print_widths` sizes the printed columns
for both, `cell_text` keeps every cell's text printable.

A format module renders a report to bytes and knows nothing of files; `render` picks one.
"""

from __future__ import annotations

from pathlib import Path

from portboard.core.errors import UsageError
from portboard.core.reports.formats.rendered import Rendered
from portboard.core.reports.ledger import Ledger
from portboard.core.reports.period_report import PeriodReport

FORMATS = ("md", "csv", "xlsx", "docx")
SUFFIXES = {".md": "md", ".markdown": "md", ".csv": "csv", ".xlsx": "xlsx", ".docx": "docx"}


def format_for(path: Path) -> str | None:
    """The format a file name asks for by its suffix, or None."""
    return SUFFIXES.get(path.suffix.lower())


def render(report: Ledger | PeriodReport, fmt: str) -> Rendered:
    """`report` in format `fmt`, with the warnings its writer gave (a cell cut to fit Excel)."""
    # Each format is imported when used: only xlsx pays for openpyxl, only docx for python-docx.
    if fmt not in FORMATS:
        raise UsageError([], title=f"没有格式 “{fmt}”。可用的格式：{'、'.join(FORMATS)}")
    if fmt == "md":
        from portboard.core.reports.formats.markdown_text import ledger_markdown, period_markdown

        text = period_markdown(report) if isinstance(report, PeriodReport) else ledger_markdown(report)
        return Rendered(text.encode("utf-8"))
    if fmt == "csv":
        from portboard.core.reports.formats.csv_text import ledger_csv, period_csv

        return Rendered(period_csv(report) if isinstance(report, PeriodReport) else ledger_csv(report))
    if fmt == "xlsx":
        from portboard.core.reports.formats.workbook import ledger_xlsx, period_xlsx

        return period_xlsx(report) if isinstance(report, PeriodReport) else ledger_xlsx(report)
    from portboard.core.reports.formats.word_document import ledger_docx, period_docx

    return Rendered(period_docx(report) if isinstance(report, PeriodReport) else ledger_docx(report))
