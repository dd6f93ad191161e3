"""The file formats a report is written in, one module each: `to_md`, `to_csv`, `to_xlsx`.

A format module renders a report to bytes and knows nothing of files; `render` picks one.
"""

from __future__ import annotations

from pathlib import Path

from portboard.core.errors import UsageError
from portboard.core.reports.ledger import Ledger

FORMATS = ("md", "csv", "xlsx")
SUFFIXES = {".md": "md", ".markdown": "md", ".csv": "csv", ".xlsx": "xlsx"}


def format_for(path: Path) -> str | None:
    """The format a file name asks for by its suffix, or None."""
    return SUFFIXES.get(path.suffix.lower())


def render(ledger: Ledger, fmt: str) -> bytes:
    # Each format is imported when used: only the xlsx format pays for loading openpyxl.
    if fmt == "md":
        from portboard.core.reports.formats.to_md import to_markdown

        return to_markdown(ledger).encode("utf-8")
    if fmt == "csv":
        from portboard.core.reports.formats.to_csv import to_csv

        return to_csv(ledger)
    if fmt == "xlsx":
        from portboard.core.reports.formats.to_xlsx import to_xlsx

        return to_xlsx(ledger)
    raise UsageError([], title=f"没有格式 “{fmt}”。可用的格式：{'、'.join(FORMATS)}")
