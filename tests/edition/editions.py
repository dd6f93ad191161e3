"""Editions to import, built in the tests: the published seed, an edited copy of it, and
the same text as a Word file in paragraph and table layouts (made with python-docx).

The edits are made on the text the way the commission would make them, each asserted to
occur exactly once, so a change in the seed fails loudly instead of editing nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx

SEED = Path(__file__).parent / "seed_2023.txt"  # a copy of ../shared/seed/000_081d161798adbf39.txt


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"expected exactly one occurrence of {old!r}"
    return text.replace(old, new)


# -- the edited copy ----------------------------------------------------------------------------

REWORDED_2_1_3 = "建立口岸数字化专家库,形成一批具有代表性、标杆效应的口岸数字化转型示范工程,年底前完成授牌。"
NEW_TASK_TITLE = "推进口岸查验配套设施建设"
NEW_KEY_POINT = f"{NEW_TASK_TITLE}。推动查验配套设施与口岸同步规划、同步建设、同步验收。"
NEW_ITEM_TEXT = "推动查验配套设施与口岸同步规划、同步建设、同步验收。"


def edited_text() -> str:
    """The seed with: 2.1.3 reworded; an office added to 1.1.3; 3.1.4 withdrawn and 3.1.5,
    3.1.6 renumbered 3.1.4, 3.1.5; a new task 3.3 with its key point (key points 9… shift
    to 10…); ★ on 3.2.1; 5.2.2 written with full-width brackets and the alias 通关处."""
    text = seed_text()
    text = replace_once(
        text, "3.建立口岸数字化专家库,形成一批具有代表性、标杆效应的口岸数字化转型示范工程,并择时授牌并进行宣传。",
        "3." + REWORDED_2_1_3)
    text = replace_once(text, "切实解决口岸查验单位的后顾之忧。(机场办)", "切实解决口岸查验单位的后顾之忧。"
                                                       "(机场办、口岸管理处)")
    text = replace_once(text, "4.继续落实好华润大东等单位临时接靠工作。(口岸管理处、浦东(浦江)办)\n\n", "")
    text = replace_once(text, "5.推进上海金山化工区孚宝码头", "4.推进上海金山化工区孚宝码头")
    text = replace_once(text, "6.协调推进南港码头二期扩建工程", "5.协调推进南港码头二期扩建工程")
    text = replace_once(text, "1.协作推进洋山特殊综合保税区扩区三期工程建设",
                        "★1.协作推进洋山特殊综合保税区扩区三期工程建设")
    text = replace_once(
        text, "2.加强对开放码头动态管理,及时采取相应管理措施消除安全隐患。(口岸管理处、洋山办、浦东(浦江)办)",
        "2.加强对开放码头动态管理,及时采取相应管理措施消除安全隐患。（通关处、洋山办、浦东（浦江）办）")
    # The new key point 9 under 三, and every later key point one number up.
    plan_start = text.index("2023年市商务委口岸工作要点\n")
    book_start = text.index("2023年市商务委口岸工作任务书\n")
    plan = re.sub(r"(?m)^(\d+)\.", lambda m: f"{int(m.group(1)) + 1}." if int(m.group(1)) >= 9 else m.group(0),
                  text[plan_start:book_start])
    plan = replace_once(plan, "\n四、提升口岸设施保障能力", f"\n9.{NEW_KEY_POINT}\n\n四、提升口岸设施保障能力")
    text = text[:plan_start] + plan + text[book_start:]
    new_task = f"3.3\n\n{NEW_TASK_TITLE}\n\n任务分工和责任部门\n\n{NEW_ITEM_TEXT}(口岸管理处、洋山办、机场办)\n\n"
    return replace_once(text, "4.提升口岸设施保障能力\n\n4.1\n", new_task + "4.提升口岸设施保障能力\n\n4.1\n")


# -- Word files -----------------------------------------------------------------------------------

def _lines(text: str) -> list[str]:
    """The document's lines as Word would hold them: without the web page's own lines."""
    lines = [line.strip(" \u00a0") for line in text.splitlines()]
    lines = [line for line in lines if line]
    end = next(i for i, line in enumerate(lines) if line.startswith("来源:"))
    return [line for line in lines[:end] if not line.startswith("发布日期")]


def paragraphs_docx(text: str, path: Path) -> Path:
    """Every line a paragraph, the 任务书 included."""
    document = docx.Document()
    for line in _lines(text):
        document.add_paragraph(line)
    document.save(str(path))
    return path


def table_docx(text: str, path: Path, rows_per_item: tuple[str, ...] = ()) -> Path:
    """The 任务书 as the issued Word file has it: a table 序号 | 工作任务 | 任务分工和责任部门,
    a section row spanning the table, and a row per task with its items as paragraphs of the
    third cell. Tasks in `rows_per_item` have a row per item instead, with 序号 and 工作任务
    merged down the rows."""
    lines = _lines(text)
    book = lines.index("2023年市商务委口岸工作任务书")
    legend = lines.index("说明")
    document = docx.Document()
    for line in lines[:book + 1]:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"  # ruled, as issued
    for cell, heading in zip(table.rows[0].cells, ("序号", "工作任务", "任务分工和责任部门")):
        cell.text = heading
    body = [line for line in lines[book + 1:legend] if line != "任务分工和责任部门"]
    i = 0
    while i < len(body):
        line = body[i]
        if re.fullmatch(r"\d+\.\d+", line):
            title = body[i + 1]
            items = []
            i += 2
            while i < len(body) and not re.fullmatch(r"\d+\.\d+", body[i]) and not _is_section(body, i):
                items.append(body[i])
                i += 1
            _task_rows(table, line, title, items, per_item=line in rows_per_item)
            continue
        assert _is_section(body, i), line
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[2])
        merged.text = line
        i += 1
    for line in lines[legend:]:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def _is_section(body: list[str], i: int) -> bool:
    """`3.推进口岸高水平开放` followed by task 3.1; an item `2.text。(offices)` followed by
    task 2.4 is not one."""
    match = re.match(r"(\d+)\.\D", body[i])
    if match is None or i + 1 >= len(body) or any(mark in body[i] for mark in "。(（"):
        return False
    return re.fullmatch(rf"{match.group(1)}\.\d+", body[i + 1]) is not None


def _task_rows(table, task_id: str, title: str, items: list[str], per_item: bool) -> None:
    if not per_item:
        row = table.add_row()
        row.cells[0].text = task_id
        row.cells[1].text = title
        cell = row.cells[2]
        cell.text = items[0]
        for item in items[1:]:
            cell.add_paragraph(item)
        return
    rows = [table.add_row() for _ in items]
    for row, item in zip(rows, items):
        row.cells[2].text = item
    number = rows[0].cells[0].merge(rows[-1].cells[0])
    number.text = task_id
    heading = rows[0].cells[1].merge(rows[-1].cells[1])
    heading.text = title


# -- task books compared field by field ---------------------------------------------------------

def section_fields(book) -> list[tuple[int, str]]:
    return [(s.no, s.title) for s in book.sections]


def task_fields(book) -> dict[str, dict]:
    return {t.id: {"title": t.title, "section": t.section.no, "key_point": (t.key_point.no, t.key_point.text)}
            for t in book.tasks}


def item_fields(book) -> dict[str, dict]:
    return {i.id: {"text": i.text, "offices": list(i.offices), "markers": list(i.markers), "task": i.task.id}
            for i in book.items}
