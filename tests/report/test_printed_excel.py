"""The Excel files as they print (issue 20 §1, §2): A4 landscape fitted to one page wide,
the title rows and the header repeated on every page, page numbers, the header frozen,
columns as wide as their content, rows as tall as their wrapped text, lights shaded, the
head and signature lines, the summary's notes above its table, nothing invisible.

Read back with openpyxl from the board in printed.py. Excel measures a column in
characters of the workbook's font: a Chinese character takes two.
"""

from __future__ import annotations

import math

import pytest
from printed import invisible, reports, stretch, workbook

from portboard.cells import cell_width

ONE_LINE = {"序号", "编号", "牵头处室", "责任人", "标记", "状态", "完成时限", "进度", "序时进度", "灯", "报送"}
FILLS = {"红": "FFC7CE", "黄": "FFEB9C", "绿": "C6EFCE"}
LINE = 12  # points: the least a line of 10 pt text takes


@pytest.fixture
def printed(period_project, monkeypatch):
    stretch(period_project, monkeypatch)
    return period_project


@pytest.fixture
def books(printed):
    june, ledger = reports(printed)
    return {"june": workbook(june), "ledger": workbook(ledger)}


def header_row(sheet, first: str) -> int:
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == first)


def table(sheet, first: str):
    """(header row number, {header: column letter}, the data rows' numbers)."""
    top = header_row(sheet, first)
    letters = {cell.value: cell.column_letter for cell in sheet[top] if cell.value}
    rows = []
    for number in range(top + 1, sheet.max_row + 1):
        if sheet.cell(number, 2).value is None:
            break
        rows.append(number)
    return top, letters, rows


def test_every_sheet_prints_on_a4_landscape_one_page_wide(books):
    for book in books.values():
        for sheet in book.worksheets:
            setup = sheet.page_setup
            assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), sheet.title  # 9: A4
            assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)  # one page wide, as many long as it takes
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
            assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_the_title_and_header_rows_repeat_and_the_header_is_frozen(books):
    for name, first in (("明细", "序号"), ("汇总", "牵头处室")):
        sheet = books["june"][name]
        top = header_row(sheet, first)
        assert sheet.print_title_rows == f"$1:${top}"
        assert sheet.freeze_panes == f"A{top + 1}"
    assert header_row(books["june"]["明细"], "序号") == 3  # title, head line, header


def test_columns_are_as_wide_as_their_longest_short_value(books):
    for book, name in ((books["june"], "明细"), (books["ledger"], "台账")):
        sheet = book[name]
        _, letters, rows = table(sheet, "序号")
        for header, letter in letters.items():
            if header not in ONE_LINE:
                continue
            widest = max((str(sheet[f"{letter}{r}"].value or "") for r in rows), key=cell_width)
            assert sheet.column_dimensions[letter].width >= cell_width(widest), (header, widest)


def test_rows_are_as_tall_as_their_wrapped_text(books):
    """Every line of every cell, wrapped at its column's width, fits the row's height."""
    for book, name in ((books["june"], "明细"), (books["ledger"], "台账")):
        sheet = book[name]
        _, letters, rows = table(sheet, "序号")
        tallest = 0
        for number in rows:
            lines = 1
            for letter in letters.values():
                value = str(sheet[f"{letter}{number}"].value or "")
                room = sheet.column_dimensions[letter].width - 1
                lines = max(lines, sum(math.ceil(cell_width(line) / room) or 1 for line in value.split("\n")))
            assert sheet.row_dimensions[number].height >= lines * LINE, (name, number)
            tallest = max(tallest, lines)
        assert tallest >= 5  # the long note made some row tall


def test_the_lights_are_shaded_in_their_colour(books):
    for book, name in ((books["june"], "明细"), (books["ledger"], "台账")):
        sheet = book[name]
        _, letters, rows = table(sheet, "序号")
        for number in rows:
            for header, letter in letters.items():
                cell = sheet[f"{letter}{number}"]
                fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
                if header == "灯" and cell.value:
                    assert fill == "00" + FILLS[cell.value[0]], (number, cell.value)
                else:
                    assert fill is None, (number, header)


def test_head_and_signature_lines(books):
    sheet = books["june"]["明细"]
    assert sheet["A1"].value == "上海市商务委员会2023年6月口岸工作任务推进情况表"
    assert [c.value for c in sheet[2] if c.value] == ["填报单位：上海市商务委员会", "报送日期：2023年7月5日"]
    last = [c.value for c in sheet[sheet.max_row] if c.value]
    assert last == ["填报人：张三\u3000\u3000\u3000\u3000审核人：李四\u3000\u3000\u3000\u3000联系电话：021-12345678"
                    "\u3000\u3000\u3000\u3000（盖章）"]
    assert books["june"].properties.creator == "张三"
    assert books["june"].properties.created.strftime("%Y-%m-%d %H:%M") == "2023-07-05 09:00"


def test_the_summary_has_its_title_and_notes_above_its_table(books):
    sheet = books["june"]["汇总"]
    top = header_row(sheet, "牵头处室")
    above = [sheet.cell(n, 1).value for n in range(1, top)]
    assert above[0] == "上海市商务委员会2023年6月口岸工作任务推进情况表（汇总）"
    assert above[2] == "说明：" and above[3].startswith("1. 序时进度：") and "不足 15 天" in above[3]


def test_nothing_invisible_in_any_cell(books):
    for book in books.values():
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        assert invisible(cell.value) == [], (sheet.title, cell.coordinate, invisible(cell.value))
