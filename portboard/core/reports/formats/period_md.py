"""The period report as Markdown: title, period, summary per lead office, then one row per
item — for the terminal, or to paste into a wiki or a mail.

A cell with several lines (notes, changes) keeps them apart with <br>, which Markdown
tables render as line breaks and which still reads plainly on a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from portboard.core.reports.period_columns import PERIOD_COLUMNS, SUMMARY_COLUMNS, Column, Row, cells
from portboard.core.reports.period_report import EXPLANATION, PeriodReport


def md_cell(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(text.split("\n"))


def md_table(columns: Sequence[Column[Row]], rows: Iterable[Row], bold_last: bool = False) -> list[str]:
    """A Markdown table; numbers right-aligned, text left."""
    rows = list(rows)
    numeric = [bool(rows) and all(isinstance(column.cell(r), int) for r in rows) for column in columns]
    lines = ["| " + " | ".join(c.header for c in columns) + " |",
             "|" + "|".join("---:" if n else ":---" for n in numeric) + "|"]
    for n, row in enumerate(rows, start=1):
        shown = [md_cell(v) for v in cells(columns, row)]
        if bold_last and n == len(rows):
            shown = [f"**{v}**" if v else v for v in shown]
        lines.append("| " + " | ".join(shown) + " |")
    return lines


def period_markdown(report: PeriodReport) -> str:
    lines = [f"# {md_cell(report.title)}", ""]
    for line in report.heading_lines():
        lines += [line, ""]
    lines += [f"> {EXPLANATION}{report.footnote}", "", "## 汇总（按牵头处室）", ""]
    lines += md_table(SUMMARY_COLUMNS, report.summary, bold_last=True)
    lines += ["", "## 各条目推进情况", ""]
    if report.rows:
        lines += md_table(PERIOD_COLUMNS, report.rows)
    else:
        lines.append("（没有符合条件的条目）")
    return "\n".join(lines) + "\n"
