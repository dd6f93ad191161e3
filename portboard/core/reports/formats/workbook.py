"""The ledger and the period report as Excel workbooks that print as they are submitted.

Ledger: 汇总 (per office and section) and 台账 (one row per item). Period report: 汇总 (per
lead office), 考评 when the ranking was asked for, and 明细 (one row per item). Every sheet
starts with the title and the head line (填报单位 … 报送日期); 汇总 has the notes above its
table, the item sheets below theirs; every sheet ends with the signature line. The layout
(page, widths, heights, shading, the cell limit) is `sheet_writer`'s.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils.indexed_list import IndexedList

from portboard.core.reports.document_head import DocumentHead
from portboard.core.reports.formats.rendered import Rendered
from portboard.core.reports.formats.sheet_writer import FONT_NAME, FONT_SIZE, SheetWriter
from portboard.core.reports.ledger import Ledger
from portboard.core.reports.ledger_columns import LEDGER_COLUMNS, LEDGER_SUMMARY_COLUMNS
from portboard.core.reports.period_columns import PERIOD_COLUMNS, RANKING_COLUMNS, SUMMARY_COLUMNS
from portboard.core.reports.period_report import PeriodReport
from portboard.core.reports.report_words import RANKING_EXPLANATION
from portboard.core.reports.table_column import Column, Row

SUMMARY_SHEET, LEDGER_SHEET, ROWS_SHEET, RANKING_SHEET = "汇总", "台账", "明细", "考评"
# A sheet printed on its own says which part of the report it is; the item sheets carry the title alone.
_TITLE_ENDINGS = {SUMMARY_SHEET: "（汇总）", RANKING_SHEET: "（考评）"}


def ledger_xlsx(ledger: Ledger) -> Rendered:
    book, warnings = _workbook(ledger.title, ledger.head, ledger.generated, ledger.filters)
    lines = [(group, row) for group, rows in ledger.summary.groups() for row in rows]
    notes = _numbered(ledger.legend())
    _sheet(book.active, SUMMARY_SHEET, ledger, LEDGER_SUMMARY_COLUMNS, lines, warnings, notes_above=notes)
    _sheet(book.create_sheet(), LEDGER_SHEET, ledger, LEDGER_COLUMNS, ledger.rows, warnings, notes_below=notes)
    return Rendered(_bytes(book), tuple(warnings))


def period_xlsx(report: PeriodReport) -> Rendered:
    book, warnings = _workbook(report.title, report.head, report.generated, report.filters)
    notes = _numbered(report.legend())
    _sheet(book.active, SUMMARY_SHEET, report, SUMMARY_COLUMNS, report.summary, warnings, notes_above=notes)
    if report.ranking is not None:
        _sheet(book.create_sheet(), RANKING_SHEET, report, RANKING_COLUMNS, report.ranking, warnings,
               notes_below=_numbered([RANKING_EXPLANATION]))
    _sheet(book.create_sheet(), ROWS_SHEET, report, PERIOD_COLUMNS, report.rows, warnings, notes_below=notes)
    return Rendered(_bytes(book), tuple(warnings))


def _workbook(title: str, head: DocumentHead, generated: datetime, filters: str) -> tuple[Workbook, list[str]]:
    book = Workbook()
    # The workbook's first font is its default: Excel (and LibreOffice) measure every column
    # width in that font's digits, so it must be the font the cells are set in — with the
    # default Calibri, a machine without it measures in a wider stand-in and prints shrunk.
    book._fonts = IndexedList([Font(name=FONT_NAME, size=FONT_SIZE)])
    book._named_styles["Normal"].font = Font(name=FONT_NAME, size=FONT_SIZE)
    book.properties.title = title
    book.properties.creator = head.preparer or head.unit
    book.properties.created = book.properties.modified = generated.replace(tzinfo=None)
    book.properties.description = f"由 portboard 于 {generated:%Y-%m-%d %H:%M} 生成 · 筛选：{filters}"
    return book, []


def _numbered(legend: Sequence[str]) -> list[str]:
    return ["说明：", *(f"{n}. {line}" for n, line in enumerate(legend, start=1))]


def _sheet(sheet: object, name: str, report: Ledger | PeriodReport, columns: Sequence[Column[Row]],
           rows: Sequence[Row], warnings: list[str], notes_above: Sequence[str] = (),
           notes_below: Sequence[str] = ()) -> None:
    writer = SheetWriter(sheet, warnings)
    writer.sheet.title = name
    writer.plan(columns, rows)
    head = report.head
    writer.title(report.title + _TITLE_ENDINGS.get(name, ""))
    scope = [f"范围：{head.scope}"] if head.scope else []
    writer.spread([head.unit_line(), *scope, head.date_line(report.generated.date())])
    writer.notes(notes_above)
    writer.table(columns, rows, bold_last=name == SUMMARY_SHEET)
    if notes_below:
        writer.skip()
        writer.notes(notes_below)
    writer.skip()
    writer.line(head.signature_parts())
    writer.finish()


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
