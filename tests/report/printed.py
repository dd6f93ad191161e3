"""The board the printed-layout tests read: the period scenario (period_scenario.py) plus,
on dates in June 2023 the tests control, what stretches a page — a four-character name, a
long note with hidden characters pasted into it, a card moved five times — and the June
report and an overdue ledger made from it, as Word and Excel files.

What a printed page must hold is measured the way the issue counts it: a Chinese character
is two half-width cells (portboard.cells.cell_width is the terminal's count, the same rule).
"""

from __future__ import annotations

import io
import unicodedata
from datetime import date
from pathlib import Path

import docx
import openpyxl
from docx.oxml.ns import qn
from period_scenario import REPORT_TIME, office_names, pin_clock, sh

from portboard.core.board import Board
from portboard.core.model import Status
from portboard.core.reports.document_head import document_head
from portboard.core.reports.formats import render
from portboard.core.reports.ledger import build_ledger
from portboard.core.reports.period_report import build_period_report
from portboard.core.reports.reporting_period import month_period
from portboard.core.taskbook import load_taskbook

HIDDEN = "\u200b\ufeff\u202e\u2060\t"  # zero-width space, BOM, right-to-left override, word joiner, tab
LONG_NOTE = ("已会同海关、边检、海事等口岸查验单位召开专题会议，梳理通关堵点12项，形成任务清单并明确责任分工，"
             "计划于三季度完成整改。" * 3)
MOVES = [Status.DOING, Status.TODO, Status.DOING, Status.DONE, Status.DOING]  # 1.2.2, 21–25 June
SIGNED = {"preparer": "张三", "reviewer": "李四", "phone": "021-12345678"}


def stretch(project: Path, monkeypatch) -> None:
    path = project / "data" / "board.json"
    pin_clock(monkeypatch, sh(6, 16))
    Board(path).assign("2.1.2", "欧阳建国")
    Board(path).assign("1.1.1", "李敏")
    for day, status in zip(range(21, 26), MOVES):
        pin_clock(monkeypatch, sh(6, day))
        Board(path).move("1.2.2", status)
    pin_clock(monkeypatch, sh(6, 26))
    # As pasted from a web page: the hidden characters go in after the text is checked.
    Board(path).add_note("1.2.2", LONG_NOTE, office="洋山办")
    Board(path).add_note("2.1.3", "含\u200b零宽\ufeff字符\u202e与\t制表符\u2060的进展", office="通关协调处")
    pin_clock(monkeypatch, REPORT_TIME)


def reports(project: Path, office: str | None = None, ranking: bool = False):
    taskbook = project / "data" / "taskbook.yaml"
    book = load_taskbook(taskbook)
    cards = Board(project / "data" / "board.json").cards()
    head = document_head(book, office, **SIGNED)
    june = build_period_report(cards, month_period("2023-06"), office=office, office_order=office_names(taskbook),
                               head=head, schedule=book.schedule, ranking=ranking)
    # On 5 January 2024 every unfinished item is past its deadline: 灯 reads 红（逾期）.
    ledger = build_ledger(cards, office=office, office_order=office_names(taskbook), head=head,
                          schedule=book.schedule, as_of=date(2024, 1, 5))
    return june, ledger


def word(report) -> docx.document.Document:
    return docx.Document(io.BytesIO(render(report, "docx").payload))


def workbook(report) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render(report, "xlsx").payload))


def invisible(text: str) -> list[str]:
    """The characters of `text` a reader cannot see: format characters (zero-width, bidi)
    and control characters other than a line break."""
    return [f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) == "Cf"
            or (unicodedata.category(ch) == "Cc" and ch != "\n")]


def word_texts(document) -> list[str]:
    """Every piece of text in a Word document: body, tables, headers and footers."""
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.footer._element, section.header._element]
    return [t.text or "" for part in parts for t in part.iter(qn("w:t"))]


def cell_fill(cell) -> str | None:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shading is None else shading.get(qn("w:fill"))
