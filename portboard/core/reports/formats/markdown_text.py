"""The ledger and the period report as Markdown, for the terminal or to paste elsewhere.

A cell with several lines (notes, changes) keeps them apart with <br> in the period report,
which Markdown tables render as line breaks and which still reads plainly on a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from portboard.core.lights import LIGHTS
from portboard.core.model import Status
from portboard.core.reports.ledger import COLUMNS, Ledger
from portboard.core.reports.period_columns import PERIOD_COLUMNS, SUMMARY_COLUMNS, Column, Row, cells
from portboard.core.reports.period_report import EXPLANATION, PeriodReport
from portboard.core.reports.status_summary import SECTION, TOTAL, SummaryRow, format_share


def _md_cell(value: object) -> str:
    text = str(value)
    return " ".join(text.split("\n")).replace("\\", "\\\\").replace("|", "\\|")


def _md_table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> list[str]:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join(":---" if a == "l" else "---:" for a in align.ljust(len(header), "l")) + "|"]
    lines += ["| " + " | ".join(_md_cell(v) for v in r) + " |" for r in rows]
    return lines


def _summary_cells(row: SummaryRow, bold: bool = False) -> list[str]:
    cells = [row.name, *(str(row.counts.get(s, 0)) for s in Status), str(row.total), format_share(row.done_share),
             *(str(row.lights.get(light, 0)) for light in LIGHTS)]
    return [f"**{c}**" for c in cells] if bold else cells


def to_markdown(ledger: Ledger) -> str:
    heading = f"{ledger.title} 台账" if ledger.title else "台账"
    measured = f" · 序时进度按 {ledger.as_of:%Y-%m-%d} 计" if ledger.as_of else ""
    lines = [f"# {heading}", "",
             f"生成时间：{ledger.generated:%Y-%m-%d %H:%M} · 筛选：{ledger.filters}"
             f" · 共 {len(ledger.rows)} 条{measured}",
             "",
             f"> {ledger.footnote}", "", "## 汇总", ""]
    counts_header = [s.value for s in Status] + ["合计", "完成率", *LIGHTS]
    for heading, rows in ledger.summary.groups():
        if heading == TOTAL:
            continue
        lines += [f"### 按{heading}", ""]
        if rows:
            label = SECTION if heading == SECTION else "处室"
            lines += _md_table([label, *counts_header], (_summary_cells(r) for r in rows), "l" + "r" * 8)
        else:
            lines.append("（无）")
        lines.append("")
    total = ledger.summary.total
    lines += ["### 合计", "", *_md_table(["", *counts_header], [_summary_cells(total, bold=True)], "l" + "r" * 8), ""]
    lines += ["## 台账", ""]
    if ledger.rows:
        lines += _md_table(COLUMNS, (r.cells() for r in ledger.rows), "rl")
    else:
        lines.append("（没有符合条件的条目）")
    return "\n".join(lines) + "\n"


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
