"""The ledger and the period report as Markdown, for the terminal or to paste elsewhere: the
same title, head line, tables, notes and signature line as the printed report.

A cell with several lines (notes, changes) keeps them apart with <br>, which Markdown
tables render as line breaks and which still reads plainly on a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from portboard.core.reports.document_head import DocumentHead
from portboard.core.reports.formats.cell_text import printable
from portboard.core.reports.ledger import Ledger
from portboard.core.reports.ledger_columns import LEDGER_COLUMNS, LEDGER_SUMMARY_COLUMNS, SummaryLine
from portboard.core.reports.period_columns import PERIOD_COLUMNS, RANKING_COLUMNS, SUMMARY_COLUMNS
from portboard.core.reports.period_report import PeriodReport
from portboard.core.reports.status_summary import SECTION, TOTAL
from portboard.core.reports.table_column import Column, Row, cells

NO_ROWS = "（没有符合条件的条目）"
GAP = "\u3000\u3000"  # two ideographic spaces between the parts of the head and foot lines


def md_cell(value: object) -> str:
    text = printable(str(value)).replace("\\", "\\\\").replace("|", "\\|")
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
    lines = _head(report.title, report.head, report.generated.date())
    lines += ["## 汇总（按牵头处室）", "", *md_table(SUMMARY_COLUMNS, report.summary, bold_last=True), ""]
    if report.ranking is not None:
        lines += ["## 考评（各牵头处室排名）", ""]
        lines += md_table(RANKING_COLUMNS, report.ranking) if report.ranking else ["（没有牵头条目的处室，不排名）"]
        lines.append("")
    lines += ["## 各条目推进情况", ""]
    lines += md_table(PERIOD_COLUMNS, report.rows) if report.rows else [NO_ROWS]
    return "\n".join(lines + _foot(report.head, report.legend())) + "\n"


def ledger_markdown(ledger: Ledger) -> str:
    lines = _head(ledger.title, ledger.head, ledger.generated.date())
    lines += ["## 汇总", ""]
    for group, rows in ledger.summary.groups():
        if group == TOTAL:
            continue
        lines += [f"### 按{group}", ""]
        lines += md_table(_named(group), [(group, row) for row in rows]) if rows else ["（无）"]
        lines.append("")
    lines += ["### 合计", "", *md_table(_named(""), [(TOTAL, ledger.summary.total)], bold_last=True), ""]
    lines += ["## 台账", ""]
    lines += md_table(LEDGER_COLUMNS, ledger.rows) if ledger.rows else [NO_ROWS]
    return "\n".join(lines + _foot(ledger.head, ledger.legend())) + "\n"


def _named(group: str) -> Sequence[Column[SummaryLine]]:
    """The summary's columns without 类别 (each group has its own table), 名称 named for it."""
    label = SECTION if group == SECTION else "处室" if group else ""
    name, *counts = LEDGER_SUMMARY_COLUMNS[1:]
    return [Column(label, name.cell), *counts]


def _head(title: str, head: DocumentHead, made: date) -> list[str]:
    scope = [f"范围：{head.scope}"] if head.scope else []
    return [f"# {md_cell(title)}", "", GAP.join([head.unit_line(), *scope, head.date_line(made)]), ""]


def _foot(head: DocumentHead, legend: Sequence[str]) -> list[str]:
    notes = [f"{n}. {md_cell(line)}" for n, line in enumerate(legend, start=1)]
    return ["", "说明：", "", *notes, "", GAP.join(head.signature_parts())]
