"""June's report in every format, read back with a real reader (the csv module, openpyxl,
python-docx, and a Markdown table split by hand), every cell against period_scenario."""

from __future__ import annotations

import csv
import io
import re

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from period_scenario import JUNE, expected_rows, expected_summary, office_names

from portboard.core.board import Board
from portboard.core.reports.formats import render
from portboard.core.reports.period_report import build_period_report
from portboard.core.reports.reporting_period import month_period
from portboard.core.taskbook import load_taskbook

HEADER = ["序号", "编号", "工作内容", "牵头处室", "配合处室", "责任人", "状态", "进度", "序时进度", "灯",
          "本期进展", "本期变动", "报送"]
SUMMARY_HEADER = ["牵头处室", "条目", "已报送", "未报送", "期初已完成", "本期推进", "本期完成", "红灯", "黄灯",
                  "未报送条目"]
TITLE = "《2023年市商务委口岸工作任务书》推进情况（2023年6月）"


@pytest.fixture
def june(period_project):
    taskbook = period_project / "data" / "taskbook.yaml"
    report = build_period_report(Board(period_project / "data" / "board.json").cards(), month_period("2023-06"),
                                 office_order=office_names(taskbook), title="2023年市商务委口岸工作任务书",
                                 schedule=load_taskbook(taskbook).schedule)
    return report, expected_rows(taskbook, JUNE), expected_summary(taskbook, JUNE)


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
    markdown = render(report, "md").decode("utf-8")
    assert markdown.startswith(f"# {TITLE}\n")
    assert "统计期间：2023-06-01 至 2023-06-30（按看板时区）" in markdown
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
    payload = render(report, "csv")
    assert payload.startswith(b"\xef\xbb\xbf")
    read = list(csv.reader(io.StringIO(payload.decode("utf-8-sig"), newline="")))
    assert read == [HEADER, *rows]


# -- xlsx -----------------------------------------------------------------------------------

def test_xlsx_has_the_summary_and_the_rows(june):
    report, rows, summary = june
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    assert book.sheetnames == ["汇总", "明细"]
    sheet = book["明细"]
    read = [[text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert read == [HEADER, *rows]
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value == 1  # 序号 as a number
    assert all(sheet.cell(row=r, column=8).alignment.wrap_text for r in range(2, sheet.max_row + 1))
    overview = book["汇总"]
    table = [[text(v) for v in row] for row in overview.iter_rows(max_row=1 + len(summary), values_only=True)]
    assert table == [SUMMARY_HEADER, *summary]
    below = [row[0] for row in overview.iter_rows(min_row=len(summary) + 3, values_only=True)]
    assert below[:3] == [TITLE, "统计期间：2023-06-01 至 2023-06-30（按看板时区）",
                         "生成时间：2023-07-05 09:00 · 筛选：全部条目 · 共 68 条"]


# -- Word -----------------------------------------------------------------------------------

def table_text(table) -> list[list[str]]:
    # The renderer puts an invisible zero-width space after 、 before a digit, so a line may
    # break between ids (LibreOffice will not break there otherwise); a reader sees the text.
    return [[cell.text.replace("\u200b", "") for cell in row.cells] for row in table.rows]


def is_header_row(row) -> bool:
    properties = row._tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


@pytest.fixture
def june_docx(june):
    report, rows, summary = june
    return docx.Document(io.BytesIO(render(report, "docx"))), rows, summary


def test_word_pages_are_a4_landscape(june_docx):
    document, _, _ = june_docx
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    # Word keeps sizes in twips: within a fraction of a millimetre
    assert (section.page_width.cm, section.page_height.cm) == (pytest.approx(29.7, abs=0.01),
                                                              pytest.approx(21.0, abs=0.01))


def test_word_title_heading_summary_and_rows(june_docx):
    document, rows, summary = june_docx
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:3] == [TITLE, "统计期间：2023-06-01 至 2023-06-30（按看板时区）",
                              "生成时间：2023-07-05 09:00 · 筛选：全部条目 · 共 68 条"]
    assert paragraphs.index("汇总（按牵头处室）") < paragraphs.index("各条目推进情况")
    assert len(document.tables) == 2
    assert table_text(document.tables[0]) == [SUMMARY_HEADER, *summary]
    assert table_text(document.tables[1]) == [HEADER, *rows]


def test_word_header_row_repeats_on_every_page_and_only_it(june_docx):
    document, _, _ = june_docx
    for table in document.tables:
        assert [is_header_row(row) for row in table.rows] == [True] + [False] * (len(table.rows) - 1)


def test_word_columns_are_sized_for_chinese_and_text_wraps(june_docx):
    document, _, _ = june_docx
    table = document.tables[1]
    widths = {cell.text: cell.width for cell in table.rows[0].cells}
    # Short columns hold their words on one line: at 9 pt a Chinese character is 9 pt wide.
    for header, characters in (("状态", 3), ("报送", 3), ("牵头处室", 5), ("责任人", 3)):
        assert widths[header] >= Pt(9) * characters, header
    # The long texts share the rest of the 26.1 cm between the margins.
    assert sum(widths.values()) == pytest.approx(Cm(29.7 - 2 * 1.8), rel=0.01)
    # Thirteen columns on a landscape A4 page: the two long texts still get the most room
    # (some 15 characters a line), and 灯 holds 红（逾期） on one line.
    assert widths["工作内容"] > Cm(4.5) and widths["本期进展"] > Cm(4)
    assert widths["灯"] >= Pt(9) * 5
    assert min(widths["工作内容"], widths["本期进展"]) > max(w for h, w in widths.items()
                                                         if h not in ("工作内容", "本期进展"))
    body = document.element.body
    assert not body.findall(".//" + qn("w:noWrap"))  # every cell wraps its text
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_word_text_is_set_in_a_chinese_font(june_docx):
    document, _, _ = june_docx
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"


def test_an_empty_report_says_so_in_every_format(period_project):
    report = build_period_report(Board(period_project / "data" / "board.json").cards(), month_period("2023-06"),
                                 marker="✗")
    assert "（没有符合条件的条目）" in render(report, "md").decode("utf-8")
    document = docx.Document(io.BytesIO(render(report, "docx")))
    assert "（没有符合条件的条目）" in [p.text for p in document.paragraphs]
    assert len(document.tables) == 1  # the summary alone
