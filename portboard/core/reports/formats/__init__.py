"""The file formats a report is written in: one module per format and report —
`to_md`, `to_csv`, `to_xlsx` for the ledger; `period_md`, `period_csv`, `period_xlsx` for the
period report; `to_docx` (laid out by `docx_pages`) for both.

A format module renders a report to bytes and knows nothing of files; `render` picks one.
"""

from __future__ import annotations

from pathlib import Path

from portboard.core.errors import UsageError
from portboard.core.reports.ledger import Ledger
from portboard.core.reports.period_report import PeriodReport

FORMATS = ("md", "csv", "xlsx", "docx")
SUFFIXES = {".md": "md", ".markdown": "md", ".csv": "csv", ".xlsx": "xlsx", ".docx": "docx"}


def format_for(path: Path) -> str | None:
    """The format a file name asks for by its suffix, or None."""
    return SUFFIXES.get(path.suffix.lower())


def render(report: Ledger | PeriodReport, fmt: str) -> bytes:
    # Each format is imported when used: only xlsx pays for openpyxl, only docx for python-docx.
    if fmt not in FORMATS:
        raise UsageError([], title=f"没有格式 “{fmt}”。可用的格式：{'、'.join(FORMATS)}")
    if isinstance(report, PeriodReport):
        return _render_period(report, fmt)
    if fmt == "md":
        from portboard.core.reports.formats.markdown_text import to_markdown

        return to_markdown(report).encode("utf-8")
    if fmt == "csv":
        from portboard.core.reports.formats.csv_text import to_csv

        return to_csv(report)
    if fmt == "xlsx":
        from portboard.core.reports.formats.workbook import to_xlsx

        return to_xlsx(report)
    from portboard.core.reports.formats.word_document import ledger_docx

    return ledger_docx(report)


def _render_period(report: PeriodReport, fmt: str) -> bytes:
    if fmt == "md":
        from portboard.core.reports.formats.markdown_text import period_markdown

        return period_markdown(report).encode("utf-8")
    if fmt == "csv":
        from portboard.core.reports.formats.csv_text import period_csv

        return period_csv(report)
    if fmt == "xlsx":
        from portboard.core.reports.formats.workbook import period_xlsx

        return period_xlsx(report)
    from portboard.core.reports.formats.word_document import period_docx

    return period_docx(report)
