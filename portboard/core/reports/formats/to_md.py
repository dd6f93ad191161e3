"""The ledger as Markdown: the summary, then the rows, for the terminal or to paste elsewhere."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from portboard.core.lights import LIGHTS
from portboard.core.model import Status
from portboard.core.reports.ledger import COLUMNS, Ledger
from portboard.core.reports.summary import SECTION, TOTAL, SummaryRow, format_share


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
