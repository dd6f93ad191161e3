"""The period report and the ledger as Word files ready to print and submit: the title, the
head line, the summary (and the 考评 ranking), the items, the notes, the signature line —
laid out by `word_pages`. What only the software cares about (when the file was made, with
which filter) goes into the file's properties, not onto the page."""

from __future__ import annotations

from datetime import datetime

from docx.shared import Pt

from portboard.core import clock
from portboard.core.reports.document_head import DocumentHead
from portboard.core.reports.formats.word_pages import TABLE_SIZE, WordReport
from portboard.core.reports.ledger import Ledger
from portboard.core.reports.ledger_columns import LEDGER_COLUMNS, LEDGER_SUMMARY_COLUMNS
from portboard.core.reports.period_columns import PERIOD_COLUMNS, RANKING_COLUMNS, SUMMARY_COLUMNS
from portboard.core.reports.period_report import PeriodReport

NO_ROWS = "（没有符合条件的条目）"
NO_RANKING = "（没有牵头条目的处室，不排名）"


def period_docx(report: PeriodReport) -> bytes:
    head = report.head
    doc = _document(report.title, head, report.generated, report.filters,
                    f"统计期间 {report.period.dates()}（{_zone()}）· 共 {len(report.rows)} 条")
    doc.heading("汇总（按牵头处室）")
    doc.table(SUMMARY_COLUMNS, report.summary, bold_last=True)
    if report.ranking is not None:
        doc.heading("考评（各牵头处室排名）")
        if report.ranking:
            doc.table(RANKING_COLUMNS, report.ranking)
        else:
            doc.line(NO_RANKING)
    doc.heading("各条目推进情况")
    if report.rows:
        doc.table(PERIOD_COLUMNS, report.rows)
    else:
        doc.line(NO_ROWS)
    _close(doc, head, report.legend())
    return doc.to_bytes()


def ledger_docx(ledger: Ledger) -> bytes:
    head = ledger.head
    doc = _document(ledger.title, head, ledger.generated, ledger.filters,
                    f"截至 {ledger.day.isoformat()} 日终（{_zone()}）· 共 {len(ledger.rows)} 条")
    doc.heading("汇总")
    lines = [(group, row) for group, rows in ledger.summary.groups() for row in rows]
    doc.table(LEDGER_SUMMARY_COLUMNS, lines, bold_last=True)
    doc.heading("台账")
    if ledger.rows:
        doc.table(LEDGER_COLUMNS, ledger.rows)
    else:
        doc.line(NO_ROWS)
    _close(doc, head, ledger.legend())
    return doc.to_bytes()


def _document(title: str, head: DocumentHead, generated: datetime, filters: str, what: str) -> WordReport:
    comments = f"由 portboard 于 {generated:%Y-%m-%d %H:%M} 生成 · 筛选：{filters} · {what}"
    doc = WordReport(title, generated, author=head.preparer or head.unit, comments=comments)
    doc.title(title)
    scope = [f"范围：{head.scope}"] if head.scope else []
    doc.spread([head.unit_line(), *scope, head.date_line(generated.date())])
    return doc


def _close(doc: WordReport, head: DocumentHead, legend: list[str]) -> None:
    """The notes under the tables, then the line the report is signed and stamped on."""
    # The notes and the signature line go to a page together, never 说明： alone at a page's foot.
    doc.line("说明：", size=TABLE_SIZE, space_before=Pt(6)).paragraph_format.keep_with_next = True
    for number, note in enumerate(legend, start=1):
        doc.line(f"{number}. {note}", size=TABLE_SIZE).paragraph_format.keep_with_next = True
    doc.spread(head.signature_parts(), space_before=Pt(18))


def _zone() -> str:
    return f"时区 {clock.board_zone()}"
