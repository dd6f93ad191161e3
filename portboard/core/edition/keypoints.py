"""The 工作要点: sections 一、二、… and key points numbered 1, 2, … across the whole text.

Key point N belongs to the Nth task of the 任务书; `attach_key_points` checks each pairing
against the task's title and says so when the number and the title disagree.
"""

from __future__ import annotations

import re

from portboard.core.edition.draft import EditionDraft
from portboard.core.edition.finding import Finding
from portboard.core.edition.key_point_draft import KeyPointDraft
from portboard.core.edition.source_line import SourceLine
from portboard.core.edition.task_draft import TaskDraft

CHINESE_NUMERALS = "一二三四五六七八九十"
_SECTION = re.compile(rf"^([{CHINESE_NUMERALS}]+)\s*[、.．]\s*(.+)$")
_KEY_POINT = re.compile(r"^(\d+)\s*[.．、]\s*(\D.*)$")


def chinese_number(text: str) -> int | None:
    """一 … 九十九 as an int."""
    digits = {c: i for i, c in enumerate(CHINESE_NUMERALS, start=1)}
    if not text or any(c not in digits for c in text):
        return None
    if "十" not in text:
        return digits[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    return value if len(tens) <= 1 and len(ones) <= 1 else None


def section_heading(text: str) -> tuple[int, str] | None:
    """`三、推进口岸高水平开放` → (3, title)."""
    match = _SECTION.match(text)
    if match is None:
        return None
    number = chinese_number(match.group(1))
    return (number, match.group(2).strip()) if number else None


def read_key_points(lines: list[SourceLine], draft: EditionDraft) -> None:
    """Fill draft.key_point_sections and draft.key_points. The preamble before the first
    section is the plan's introduction, not a key point, and is left out."""
    section_no = 0
    expected_section = 1
    expected_point = 1
    current: KeyPointDraft | None = None
    for line in lines:
        heading = section_heading(line.text)
        if heading is not None:
            number, title = heading
            if number != expected_section:
                draft.findings.append(Finding(line, f"工作要点的部分编号不连续：此处应为第 {expected_section} 部分，"
                                                    f"原文为“{line.text[:10]}…”",
                                              "已按原文编号读入；请核对是否缺了一部分"))
            section_no, expected_section = number, number + 1
            draft.key_point_sections[number] = (title, line)
            current = None
            continue
        match = _KEY_POINT.match(line.text)
        if match is not None and section_no:
            number = int(match.group(1))
            if number != expected_point:
                draft.findings.append(Finding(line, f"工作要点编号不连续：此处应为第 {expected_point} 条，"
                                                    f"原文为第 {number} 条",
                                              "已按原文编号读入；请核对是否缺了一条或多了一条"))
            current = KeyPointDraft(number, match.group(2).strip(), section_no, line)
            draft.key_points.append(current)
            expected_point = number + 1
        elif current is not None:
            # A key point the page broke over two lines.
            current.text += line.text
            draft.findings.append(Finding(line, f"工作要点第 {current.number} 条在原文中分成了两段，已合并",
                                          "请核对合并后的文字"))


def attach_key_points(draft: EditionDraft) -> None:
    """Give each task its key point: the one with the task's ordinal number, if its text
    begins with the task's title; else the one whose text does; else the numbered one,
    with a warning. A key point no task took is reported too."""
    by_number = {point.number: point for point in draft.key_points}
    taken: set[int] = set()
    for ordinal, task in enumerate(draft.tasks(), start=1):
        point = by_number.get(ordinal)
        if point is not None and point.number not in taken and _begins_with(point, task):
            _attach(task, point, taken)
            continue
        by_title = [p for p in draft.key_points if p.number not in taken and _begins_with(p, task)]
        if len(by_title) == 1:
            found = by_title[0]
            task.findings.append(Finding(task.line, f"任务 {task.id} 是第 {ordinal} 项任务，"
                                                    f"但标题与工作要点第 {found.number} 条对应",
                                         f"已取第 {found.number} 条；请核对工作要点和任务书的顺序"))
            _attach(task, found, taken)
        elif point is not None and point.number not in taken:
            task.findings.append(Finding(task.line, f"任务 {task.id} 的标题“{task.title}”"
                                                    f"与工作要点第 {point.number} 条的开头不同",
                                         "已按编号对应；请核对"))
            _attach(task, point, taken)
        else:
            task.findings.append(Finding(task.line, f"任务 {task.id} 在工作要点中没有对应的一条",
                                         "已暂用任务标题作为工作要点；请核对原文"))
    for point in draft.key_points:
        if point.number not in taken:
            draft.findings.append(Finding(point.line, f"工作要点第 {point.number} 条没有对应的任务",
                                          "该条未导入；请核对任务书是否缺了一项任务"))


def _attach(task: TaskDraft, point: KeyPointDraft, taken: set[int]) -> None:
    task.key_point = point
    taken.add(point.number)


def _begins_with(point: KeyPointDraft, task: TaskDraft) -> bool:
    return point.text.startswith(task.title)
