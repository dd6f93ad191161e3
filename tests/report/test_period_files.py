"""June's report in every format, read back with a real reader (the csv module, openpyxl,
python-docx, and a Markdown table split by hand), every cell against period_scenario."""

from __future__ import annotations

import csv
import io
import re

import docx
import openpyxl
import pytest
from backends import board_here
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from period_scenario import JUNE, expected_rows, expected_summary, office_names

from portboard.core.reports.document_head import document_head
from portboard.core.reports.formats import render
from portboard.core.reports.period_report import build_period_report
from portboard.core.reports.reporting_period import month_period
from portboard.core.taskbook import load_taskbook

HEADER = ["序号", "编号", "工作内容", "牵头处室", "配合处室", "责任人", "状态", "进度", "序时进度", "灯",
          "本期进展", "本期变动", "报送"]
SUMMARY_HEADER = ["牵头处室", "条目", "已报送", "未报送", "期初已完成", "本期推进", "本期完成", "红灯", "黄灯",
                  "未报送条目"]
TITLE = "上海市商务委员会2023年6月口岸工作任务推进情况表"
HEAD = ["填报单位：上海市商务委员会", "报送日期：2023年7月5日"]  # the report is made on 5 July
SIGNED = ["填报人：张三", "审核人：李四", "联系电话：021-12345678", "（盖章）"]


@pytest.fixture
def june(period_project):
    taskbook = period_project / "data" / "taskbook.yaml"
    book = load_taskbook(taskbook)
    head = document_head(book, preparer="张三", reviewer="李四", phone="021-12345678")
    report = build_period_report(board_here().cards(), month_period("2023-06"),
                                 office_order=office_names(taskbook), head=head, schedule=book.schedule)
    return report, expected_rows(taskbook, JUNE), expected_summary(taskbook, JUNE)


def payload(report, fmt: str) -> bytes:
    rendered = render(report, fmt)
    assert rendered.warnings == ()
    return rendered.payload


def text(value: object) -> str:
    return "" if value is None else str(value)


# -- Markdown -------------------------------------------------------------------------------

def md_table_after(markdown: str, heading: str) -> list[list[str]]:
    lines = markdown.splitlines()
    start = lines.index(heading) + 2
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
        table.append([c.strip().replace("\\|", "|").replace("\\\\", "\\").replace("<br>", "\n").strip("*")
                      for c in cells])
    return table


def test_markdown_has_the_title_summary_and_every_row(june):
    report, rows, summary = june
    markdown = payload(report, "md").decode("utf-8")
    assert markdown.startswith(f"# {TITLE}\n\n{HEAD[0]}\u3000\u3000{HEAD[1]}\n")
    assert markdown.rstrip().endswith("\u3000\u3000".join(SIGNED))
    assert markdown.index("## 汇总（按牵头处室）") < markdown.index("## 各条目推进情况")
    summary_table = md_table_after(markdown, "## 汇总（按牵头处室）")
    assert summary_table[0] == SUMMARY_HEADER
    assert summary_table[2:] == summary
    row_table = md_table_after(markdown, "## 各条目推进情况")
    assert row_table[0] == HEADER
    assert row_table[2:] == rows


# -- CSV ------------------------------------------------------------------------------------

def test_csv_is_utf8_with_a_bom_and_holds_every_cell(june):
    report, rows, _ = june
    written = payload(report, "csv")
    assert written.startswith(b"\xef\xbb\xbf")
    read = list(csv.reader(io.StringIO(written.decode("utf-8-sig"), newline="")))
    assert read == [HEADER, *rows]


# -- xlsx -----------------------------------------------------------------------------------

def header_row(sheet, first: str) -> int:
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == first)


def test_xlsx_has_the_summary_and_the_rows(june):
    report, rows, summary = june
    book = openpyxl.load_workbook(io.BytesIO(payload(report, "xlsx")))
    assert book.sheetnames == ["汇总", "明细"]
    sheet = book["明细"]
    assert sheet["A1"].value == TITLE
    assert [c.value for c in sheet[2] if c.value] == HEAD
    top = header_row(sheet, "序号")
    assert top == 3
    read = [[text(v) for v in row] for row in sheet.iter_rows(min_row=top, max_row=top + len(rows), values_only=True)]
    assert read == [HEADER, *rows]
    assert sheet.freeze_panes == "A4"
    assert sheet.cell(top + 1, 1).value == 1  # 序号 as a number
    assert all(sheet.cell(row=r, column=11).alignment.wrap_text for r in range(top + 1, top + len(rows)))
    below = [row[0] for row in sheet.iter_rows(min_row=top + len(rows) + 1, values_only=True) if row[0]]
    assert below[0] == "说明：" and below[-1] == "\u3000\u3000\u3000\u3000".join(SIGNED)
    overview = book["汇总"]
    assert overview["A1"].value == f"{TITLE}（汇总）"
    top = header_row(overview, "牵头处室")
    notes = [row[0] for row in overview.iter_rows(min_row=3, max_row=top - 1, values_only=True)]
    assert notes[0] == "说明：" and notes[1].startswith("1. 序时进度：")  # the notes above the table
    table = [[text(v) for v in row] for row in overview.iter_rows(min_row=top, max_row=top + len(summary),
                                                                    values_only=True)]
    assert table == [SUMMARY_HEADER, *summary]


# -- Word -----------------------------------------------------------------------------------

def table_text(table) -> list[list[str]]:
    # On paper a space follows a 、 between two ids, so a line may break between ids
    # (LibreOffice will not break between 、 and a digit); the ids read the same.
    return [[cell.text.replace("、 ", "、") for cell in row.cells] for row in table.rows]


def is_header_row(row) -> bool:
    properties = row._tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


@pytest.fixture
def june_docx(june):
    report, rows, summary = june
    return docx.Document(io.BytesIO(payload(report, "docx"))), rows, summary


def test_word_pages_are_a4_landscape(june_docx):
    document, _, _ = june_docx
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    # Word keeps sizes in twips: within a fraction of a millimetre
    assert (section.page_width.cm, section.page_height.cm) == (pytest.approx(29.7, abs=0.01),
                                                              pytest.approx(21.0, abs=0.01))


def test_word_title_head_summary_rows_notes_and_signature(june_docx):
    document, rows, summary = june_docx
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:2] == [TITLE, "\t".join(HEAD)]
    assert paragraphs.index("汇总（按牵头处室）") < paragraphs.index("各条目推进情况") < paragraphs.index("说明：")
    assert paragraphs[-1] == "\t".join(SIGNED)
    assert len(document.tables) == 2
    assert table_text(document.tables[0]) == [SUMMARY_HEADER, *summary]
    assert table_text(document.tables[1]) == [HEADER, *rows]


def test_word_header_row_repeats_on_every_page_and_only_it(june_docx):
    document, _, _ = june_docx
    for table in document.tables:
        assert [is_header_row(row) for row in table.rows] == [True] + [False] * (len(table.rows) - 1)


def test_word_text_is_set_in_a_chinese_font(june_docx):
    document, _, _ = june_docx
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"


def test_an_empty_report_says_so_in_every_format(period_project):
    report = build_period_report(board_here().cards(), month_period("2023-06"),
                                 marker="✗")
    assert "（没有符合条件的条目）" in payload(report, "md").decode("utf-8")
    document = docx.Document(io.BytesIO(payload(report, "docx")))
    assert "（没有符合条件的条目）" in [p.text for p in document.paragraphs]
    assert len(document.tables) == 1  # the summary alone
