"""An edited edition — in text, in Word paragraphs, in a Word table — imported against the
current task book gives exactly the changes made, with `was:` for renumbered items."""

from __future__ import annotations

from pathlib import Path

import pytest
from editions import (
    NEW_ITEM_TEXT,
    NEW_KEY_POINT,
    NEW_TASK_TITLE,
    REWORDED_2_1_3,
    edited_text,
    item_fields,
    paragraphs_docx,
    section_fields,
    table_docx,
    task_fields,
)

from portboard.core.edition.importer import import_edition
from portboard.core.taskbook import load_taskbook, parse_taskbook

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "taskbook.yaml"


def write_text(path: Path) -> Path:
    path.write_text(edited_text(), encoding="utf-8")
    return path


FORMS = {
    "text": lambda tmp: write_text(tmp / "2023修订.txt"),
    "word-paragraphs": lambda tmp: paragraphs_docx(edited_text(), tmp / "2023修订.docx"),
    "word-table": lambda tmp: table_docx(edited_text(), tmp / "2023修订.docx"),
    # 3.1 with a row per item, 序号 and 工作任务 merged down its rows
    "word-table-merged-rows": lambda tmp: table_docx(edited_text(), tmp / "2023修订.docx", rows_per_item=("3.1",)),
}

# The edits, as the test states them (see editions.edited_text):
CHANGED_ITEMS = {
    "1.1.3": {"text": "做好口岸查验单位疫情防控经费保障工作,加强与市卫健委、"
                      "市财政局等部门的沟通联系,切实解决口岸查验单位的后顾之忧。",
              "offices": ["机场办", "口岸管理处"], "markers": [], "task": "1.1"},
    "2.1.3": {"text": REWORDED_2_1_3,
              "offices": ["通关协调处", "口岸管理处", "洋山办", "机场办", "浦东(浦江)办"],
              "markers": [], "task": "2.1"},
    "3.1.4": {"text": "推进上海金山化工区孚宝码头E2、E4泊位正式对外开通启用。",
              "offices": ["口岸管理处", "洋山办"], "markers": [], "task": "3.1"},
    "3.1.5": {"text": "协调推进南港码头二期扩建工程和对外开通启用准备工作。",
              "offices": ["口岸管理处", "洋山办"], "markers": [], "task": "3.1"},
    "3.2.1": {"text": "协作推进洋山特殊综合保税区扩区三期工程建设,及时做好验收组织等工作。",
              "offices": ["口岸管理处", "洋山办"], "markers": ["★"], "task": "3.2"},
    "3.3.1": {"text": NEW_ITEM_TEXT, "offices": ["口岸管理处", "洋山办", "机场办"], "markers": [], "task": "3.3"},
    # full-width brackets and the alias 通关处, now leading
    "5.2.2": {"text": "加强对开放码头动态管理,及时采取相应管理措施消除安全隐患。",
              "offices": ["通关协调处", "洋山办", "浦东(浦江)办"], "markers": [], "task": "5.2"},
}
GONE = {"3.1.6"}


@pytest.fixture(scope="module")
def shipped():
    return load_taskbook(SHIPPED)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_edited_edition_gives_the_edits_and_nothing_else(form: str, tmp_path: Path, shipped):
    source = FORMS[form](tmp_path)

    result = import_edition(source, shipped, write_was=True)
    book = parse_taskbook(result.text, tmp_path / "out.yaml")

    items = item_fields(book)
    before = item_fields(shipped)
    expected_ids = [i for i in before if i not in GONE]
    expected_ids.insert(expected_ids.index("3.2.2") + 1, "3.3.1")
    assert list(items) == expected_ids
    for item_id, fields in items.items():
        assert fields == CHANGED_ITEMS.get(item_id, before.get(item_id)), item_id
    assert {i.id: i.was for i in book.items if i.was} == {"3.1.4": "3.1.5", "3.1.5": "3.1.6"}
    assert result.renumbered == [("3.1.5", "3.1.4"), ("3.1.6", "3.1.5")]

    assert section_fields(book) == section_fields(shipped)
    tasks, tasks_before = task_fields(book), task_fields(shipped)
    assert tasks["3.3"] == {"title": NEW_TASK_TITLE, "section": 3, "key_point": (9, NEW_KEY_POINT)}
    # Key points after the new one moved up by one number, their text unchanged.
    assert tasks["3.2"]["key_point"][0] == 8
    assert tasks["4.1"]["key_point"] == (10, tasks_before["4.1"]["key_point"][1])
    assert tasks["10.6"]["key_point"] == (37, tasks_before["10.6"]["key_point"][1])
    assert len(tasks) == 37 and len(items) == 67

    # The same three damaged places as in the seed, and nothing about the edits.
    assert [w.what for w in result.warnings] == [
        "文号 “沪商通关〔202349” 缺少“〕”和“号”（应为 “沪商通关〔2023〕49号”）",
        "成文日期 “2023313日” 缺少“年”、“月”（应为 2023年3月13日）",
        "工作要点第 21 条中的 ” 不成对，原文可能丢了字符",
    ]
    assert book.offices == shipped.offices and book.markers == shipped.markers


@pytest.mark.parametrize("form", sorted(FORMS))
def test_was_lines_carry_a_comment_that_says_why(form: str, tmp_path: Path, shipped):
    result = import_edition(FORMS[form](tmp_path), shipped, write_was=True)

    was_lines = [line.strip() for line in result.text.splitlines() if line.strip().startswith("was:")]
    assert was_lines == [
        'was: "3.1.5"  # 原编号 3.1.5（文字相同）：同步时 3.1.5 的卡片连同状态、进展和历史移到 3.1.4',
        'was: "3.1.6"  # 原编号 3.1.6（文字相同）：同步时 3.1.6 的卡片连同状态、进展和历史移到 3.1.5',
    ]


def test_without_write_was_no_was_is_written(tmp_path: Path, shipped):
    result = import_edition(write_text(tmp_path / "e.txt"), shipped, write_was=False)
    assert not [line for line in result.text.splitlines() if line.strip().startswith("was:")]
    assert all(item.was is None for item in result.book.items)


def test_a_reworded_and_renumbered_item_is_paired_by_similar_text_with_a_warning(tmp_path: Path, shipped):
    text = edited_text().replace("5.协调推进南港码头二期扩建工程和对外开通启用准备工作。",
                                 "5.协调推进南港码头二期扩建工程和对外开通启用的准备工作。")
    source = tmp_path / "e.txt"
    source.write_text(text, encoding="utf-8")

    result = import_edition(source, shipped, write_was=True)

    item = next(i for i in result.book.items if i.id == "3.1.5")
    assert item.was == "3.1.6"
    warning = next(w for w in result.warnings if "3.1.5" in w.what)
    assert warning.what.startswith("条目 3.1.5 按相近的文字（相似度 ")
    assert warning.what.endswith("）对应当前任务书的 3.1.6，已写 was: 3.1.6")
    lines = text.splitlines()
    assert warning.line == next(n for n, line in enumerate(lines, 1) if line.startswith("5.协调推进南港码头"))
