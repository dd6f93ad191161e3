"""The Word files as they print (issue 20 §1, §2): columns as wide as their content needs,
rows that never split, the header repeated, lights shaded, A4 landscape with page numbers;
the title, head and signature line; the legend; nothing invisible; no software wording.

Read back with python-docx from the board in printed.py.
"""

from __future__ import annotations

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt
from printed import HIDDEN, cell_fill, invisible, reports, stretch, word, word_texts

from portboard.cells import cell_width

HALF = Pt(4.5)  # half of a Chinese character at the tables' 9 pt
# Columns whose values must never wrap: each at least as wide as its widest value.
ONE_LINE = {"序号", "编号", "牵头处室", "责任人", "标记", "状态", "完成时限", "进度", "序时进度", "灯", "报送",
            "条目", "已报送", "未报送", "合计", "完成率", "红", "黄", "绿", "红灯", "黄灯", "类别"}
FILLS = {"红": "FFC7CE", "黄": "FFEB9C", "绿": "C6EFCE"}


@pytest.fixture
def printed(period_project, monkeypatch):
    stretch(period_project, monkeypatch)
    return period_project


@pytest.fixture
def june(printed):
    return word(reports(printed)[0])


@pytest.fixture
def ledger(printed):
    return word(reports(printed)[1])


def columns(table) -> dict[str, tuple[int, list[str]]]:
    """header → (width inside the cell margins, the column's values)."""
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    padding = sum(int(margins.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("left", "right")) * 635  # twips
    header = table.rows[0].cells
    values = {cell.text: [] for cell in header}
    for row in table.rows[1:]:
        for head, cell in zip(header, row.cells):
            values[head.text].append(cell.text)
    return {cell.text: (cell.width - padding, values[cell.text]) for cell in header}


def test_columns_are_as_wide_as_their_longest_short_value(june, ledger):
    """序时进度 holds “100%”, 灯 “红（逾期）”, 责任人 “欧阳建国”, 牵头处室 “自由贸易发展处” —
    each on one line (the issue saw “10/0%”, one character of 红（逾期） per line, “李/敏”)."""
    checked = set()
    for document in (june, ledger):
        for table in document.tables:
            for header, (width, values) in columns(table).items():
                if header in ONE_LINE and values:
                    widest = max(values, key=cell_width)
                    assert width >= cell_width(widest) * HALF, (header, widest)
                    checked.add(header)
    assert {"序时进度", "灯", "责任人", "牵头处室"} <= checked
    ledger_columns = columns(ledger.tables[1])
    assert "红（逾期）" in ledger_columns["灯"][1] and "欧阳建国" in ledger_columns["责任人"][1]


def test_office_lists_break_between_offices_and_moves_stay_on_one_line(june):
    table = columns(june.tables[1])
    width, values = table["配合处室"]
    offices = {name for value in values for name in value.split("、") if name}
    assert width >= max(cell_width(name + "、") for name in offices) * HALF  # never “洋山/办”
    width, values = table["本期变动"]
    moves = [line for value in values for line in value.split("\n") if "撤销" not in line and "→" in line
             and "修订" not in line and "次" not in line]
    assert moves and width >= max(cell_width(line) for line in moves) * HALF  # “06-20 推进中→完成”


def test_the_prose_takes_the_rest_of_the_page(june):
    document = june
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    table = document.tables[1]
    widths = {cell.text: cell.width for cell in table.rows[0].cells}
    assert sum(widths.values()) <= text_width
    assert sum(widths.values()) >= text_width * 0.99
    prose = min(widths["工作内容"], widths["本期进展"])
    assert prose > max(w for h, w in widths.items() if h not in ("工作内容", "本期进展"))


def test_no_row_splits_across_pages_and_the_header_repeats(june, ledger):
    for document in (june, ledger):
        for table in document.tables:
            for n, row in enumerate(table.rows):
                properties = row._tr.trPr
                assert properties.find(qn("w:cantSplit")) is not None
                assert (properties.find(qn("w:tblHeader")) is not None) == (n == 0)


def test_the_lights_are_shaded_in_their_colour(june, ledger):
    for document in (june, ledger):
        table = document.tables[1]
        header = [c.text for c in table.rows[0].cells]
        light = header.index("灯")
        seen = set()
        for row in table.rows[1:]:
            for n, cell in enumerate(row.cells):
                if n == light and cell.text:
                    assert cell_fill(cell) == FILLS[cell.text[0]], cell.text
                    seen.add(cell.text[0])
                else:
                    assert cell_fill(cell) is None
        assert seen
    assert {"绿", "红"} <= {c.text[:1] for row in june.tables[1].rows for c in row.cells}


def test_a4_landscape_with_page_numbers(june):
    section = june.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)
    fields = [t.text.strip() for t in section.footer._element.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert "".join(t.text for t in section.footer._element.iter(qn("w:t"))).startswith("第 ")


def test_title_head_and_signature(printed):
    june, _ = reports(printed)
    own, _ = reports(printed, office="机场办")
    for report, unit in ((june, "上海市商务委员会"), (own, "机场办")):
        paragraphs = [p.text for p in word(report).paragraphs]
        assert paragraphs[0] == f"{unit}2023年6月口岸工作任务推进情况表"
        assert paragraphs[1] == f"填报单位：{unit}\t报送日期：2023年7月5日"
        assert paragraphs[-1] == "填报人：张三\t审核人：李四\t联系电话：021-12345678\t（盖章）"


def test_an_offices_own_summary_says_which_lines_it_only_co_operates_on(printed):
    own, _ = reports(printed, office="机场办")
    names = [row.cells[0].text for row in word(own).tables[0].rows[1:]]
    assert names[0] == "机场办（本处室牵头）"
    assert names[-1] == "合计" and all(n.endswith("（本处室配合）") for n in names[1:-1])


def test_the_legend_explains_the_expected_progress_and_the_lights(june):
    paragraphs = [p.text for p in june.paragraphs]
    notes = paragraphs[paragraphs.index("说明：") + 1:-1]
    lights = notes[0]
    # On 30 June, 180 of the plan's 364 days have gone: floor(18000 / 364) = 49.
    assert lights.startswith("1. 序时进度：") and f"180÷364，即 {18000 // 364}%" in lights
    for words in ("超过 30 个百分点", "超过 10 个百分点", "逾期", "离完成时限不足 15 天", "亮红灯", "亮黄灯", "亮绿灯"):
        assert words in lights, words
    assert any("移动 5 次" in note for note in notes)


def test_nothing_invisible_anywhere(june, ledger):
    """The note's zero-width space, BOM, bidi override, word joiner and tab are not carried
    into the document; nor is the zero-width space the lists of ids used to carry."""
    for document in (june, ledger):
        texts = word_texts(document)
        assert [(t, invisible(t)) for t in texts if invisible(t)] == []
        assert "\u200b" not in document.element.xml
    row = next(r for r in june.tables[1].rows if r.cells[1].text == "2.1.3")
    assert "含零宽字符与 制表符的进展" in row.cells[10].text
    assert not set(HIDDEN) & set(row.cells[10].text)


def test_ids_in_a_list_break_between_ids(june):
    """LibreOffice does not break a line between 、 and a digit: a space after each 、
    between ids lets 3.1.1、 3.1.2 break between them, never inside one (no “10.3/.1”)."""
    missing = june.tables[0].rows[1].cells[-1].text
    assert missing.startswith("3.1.1、 3.1.2、 ")


def test_the_page_holds_no_software_wording_and_the_file_says_when_it_was_made(june, ledger):
    for document in (june, ledger):
        body = "".join(word_texts(document))
        for words in ("按看板时区", "筛选", "生成时间", "portboard", "统计期间"):
            assert words not in body, words
        properties = document.core_properties
        assert properties.created.replace(tzinfo=None) == properties.modified.replace(tzinfo=None)
        assert properties.created.strftime("%Y-%m-%d %H:%M") == "2023-07-05 09:00"
        assert "筛选：全部条目" in properties.comments
        assert properties.author == "张三"


def test_row_count_and_order_are_the_reports(printed):
    june, ledger = reports(printed)
    assert [r.cells[1].text for r in word(june).tables[1].rows[1:]] == [r.id for r in june.rows]
    assert len(word(ledger).tables[1].rows) == 1 + len(ledger.rows) == 1 + 68  # 67 and 3.1.7
