"""The 任务书 proper: sections `1.…`, tasks `1.1` + title, and each task's items.

On the web page (and in a Word table read row by row) a task is its number, its title, the
column heading 任务分工和责任部门, then its items: `▲2.text。(lead、partner…)`, or one
unnumbered paragraph when the task has a single item (its id is then x.y.1).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from portboard.core.edition.draft import EditionDraft
from portboard.core.edition.finding import Finding
from portboard.core.edition.item_draft import ItemDraft
from portboard.core.edition.keypoints import section_heading
from portboard.core.edition.office_list import split_office_list
from portboard.core.edition.section_draft import SectionDraft
from portboard.core.edition.source_line import SourceLine
from portboard.core.edition.task_draft import TaskDraft

_TASK_ID = re.compile(r"^(\d+)\s*[.．]\s*(\d+)$")
_ARABIC_SECTION = re.compile(r"^(\d+)\s*[.．、]\s*(\D.*)$")
# The table's column headings, which the web page repeats under every task.
HEADINGS = {"序号", "工作任务", "任务分工和责任部门", "任务分工及责任部门", "任务分工", "责任部门", "责任分工"}


class AssignmentReader:
    """Reads the lines between the 任务书 heading and its legend into draft.sections."""

    def __init__(self, draft: EditionDraft, markers: str, known: Callable[[str], bool]):
        self.draft = draft
        self.known = known
        self.markers = markers
        self._item = re.compile(rf"^([{re.escape(markers)}\s]*)(\d+)\s*[.．、]\s*(.*)$")
        self.section: SectionDraft | None = None
        self.task: TaskDraft | None = None
        self.awaiting_title = False
        self.pending: tuple[ItemDraft, str] | None = None  # an item still without its office list
        self.item_lines: dict[str, SourceLine] = {}

    def read(self, lines: list[SourceLine]) -> None:
        following: SourceLine | None = None
        successors = []
        for line in reversed(lines):  # each line's next line that is not a column heading
            successors.append(following)
            if line.text not in HEADINGS:
                following = line
        for line, after in zip(lines, reversed(successors)):
            self._line(line, after)
        self._close_pending()

    # -- one line ------------------------------------------------------------------------

    def _line(self, line: SourceLine, following: SourceLine | None) -> None:
        text = line.text
        if text in HEADINGS:
            return
        task_id = _TASK_ID.match(text)
        if task_id is not None:
            self._start_task(line, int(task_id.group(1)), int(task_id.group(2)))
            return
        if self.awaiting_title and self.task is not None:
            self.task.title = text
            self.awaiting_title = False
            return
        heading = self._section_heading(text, following)
        if heading is not None:
            self._start_section(line, *heading)
            return
        if self.task is None:
            self.draft.findings.append(Finding(line, f"任务书第一项任务之前有无法识别的一行：“{_short(text)}”",
                                               "未导入；请核对"))
            return
        numbered = self._item.match(text)
        if numbered is not None:
            self._close_pending()
            self._start_item(line, int(numbered.group(2)), _symbols(numbered.group(1)), numbered.group(3))
        elif self.pending is not None:
            item, raw = self.pending
            item.findings.append(Finding(line, f"条目 {item.id} 在原文中分成了两段，已合并", "请核对合并后的文字"))
            self._set_text(item, raw + text)
        elif not self.task.items:
            self._start_item(line, 1, "", text, numbered=False)
        elif split_office_list(text, self.known) is not None:
            number = len(self.task.items) + 1
            self._start_item(line, number, "", text, numbered=False)
            self.task.items[-1].findings.append(Finding(line, f"任务 {self.task.id} 中有一段未编号的条目，"
                                                              f"已按顺序编为 {self.task.id}.{number}",
                                                        "请核对它是否是单独的一条"))
        else:
            self._stray(line, text)

    def _section_heading(self, text: str, following: SourceLine | None) -> tuple[int, str] | None:
        """`一、title` always; `1.title` only when the next line is a task of that section,
        since `1.text(offices)` is an item."""
        chinese = section_heading(text)
        if chinese is not None:
            return chinese
        match = _ARABIC_SECTION.match(text)
        if match is None or following is None:
            return None
        number = int(match.group(1))
        next_task = _TASK_ID.match(following.text)
        if next_task is None or int(next_task.group(1)) != number:
            return None
        # The last item of a section's last task is followed by the next section's first
        # task, never by a task of its own section; and an item ends with its offices.
        if self.section is not None and self.section.number == number:
            return None
        if split_office_list(text, self.known) is not None:
            return None
        return number, match.group(2).strip()

    def _start_section(self, line: SourceLine, number: int, title: str) -> None:
        self._close_pending()
        expected = self.section.number + 1 if self.section else 1
        if number != expected:
            self.draft.findings.append(Finding(line, f"任务书的部分编号不连续：此处应为第 {expected} 部分，"
                                                     f"原文为第 {number} 部分",
                                               "已按原文编号读入；请核对是否缺了一部分"))
        if any(s.number == number for s in self.draft.sections):
            self.draft.errors.append(Finding(line, f"任务书第 {number} 部分出现了两次", "请核对原文的部分编号"))
        self.section = SectionDraft(number, title, line)
        self.draft.sections.append(self.section)
        self.task = None

    def _start_task(self, line: SourceLine, section_no: int, task_no: int) -> None:
        self._close_pending()
        if self.section is None or self.section.number != section_no:
            title = self.draft.key_point_sections.get(section_no)
            if title is None:
                self.draft.errors.append(Finding(line, f"任务 {section_no}.{task_no} 之前"
                                                       f"缺少第 {section_no} 部分的标题",
                                                 f"请在原文该任务之前补上“{section_no}.部分标题”一行"))
                self.task = None
                return
            self.draft.findings.append(Finding(line, f"任务 {section_no}.{task_no} 之前缺少第 {section_no} 部分的标题",
                                               "已取工作要点中同一编号部分的标题；请核对"))
            self._start_section(line, section_no, title[0])
        assert self.section is not None
        expected = len(self.section.tasks) + 1
        task_id = f"{section_no}.{task_no}"
        if any(t.id == task_id for t in self.section.tasks):
            self.draft.errors.append(Finding(line, f"任务编号 {task_id} 出现了两次", "请核对原文的任务编号"))
        elif task_no != expected:
            self.draft.findings.append(Finding(line, f"任务编号不连续：此处应为 {section_no}.{expected}，"
                                                     f"原文为 {task_id}",
                                               "已按原文编号读入；请核对是否缺了一项任务"))
        self.task = TaskDraft(task_id, "", line)
        self.section.tasks.append(self.task)
        self.awaiting_title = True

    def _start_item(self, line: SourceLine, number: int, symbols: str, rest: str, numbered: bool = True) -> None:
        assert self.task is not None
        lead = re.match(rf"^[{re.escape(self.markers)}\s]*", rest)
        symbols += _symbols(lead.group(0)) if lead else ""
        rest = rest[lead.end():] if lead else rest
        item_id = f"{self.task.id}.{number}"
        expected = len(self.task.items) + 1
        item = ItemDraft(item_id, "", list(dict.fromkeys(symbols)), [], line)
        if item_id in self.item_lines:
            self.draft.errors.append(Finding(line, f"条目编号 {item_id} 出现了两次（"
                                                   f"另一处在{self.item_lines[item_id].no}）",
                                             "请核对原文的条目编号"))
        elif numbered and number != expected:
            item.findings.append(Finding(line, f"条目编号不连续：此处应为 {self.task.id}.{expected}，原文为 {item_id}",
                                         "已按原文编号读入；请核对是否缺了一条"))
        self.item_lines.setdefault(item_id, line)
        self.task.items.append(item)
        self._set_text(item, rest)

    def _set_text(self, item: ItemDraft, raw: str) -> None:
        found = split_office_list(raw, self.known)
        if found is None:
            item.text = raw
            self.pending = (item, raw)
            return
        self.pending = None
        item.text, item.office_spellings = found.text, found.spellings
        item.office_notes += found.repairs

    def _close_pending(self) -> None:
        if self.pending is None:
            return
        item, raw = self.pending
        self.pending = None
        self.draft.errors.append(Finding(item.line, f"条目 {item.id} 末尾找不到处室列表：“…{raw[-24:]}”",
                                         "请在原文该条末尾补上处室列表，如 (口岸管理处、洋山办)，再导入"))

    def _stray(self, line: SourceLine, text: str) -> None:
        assert self.task is not None
        self.task.findings.append(Finding(line, f"任务 {self.task.id} 中有无法识别的一段：“{text}”",
                                          "未导入；如是条目，请在原文中编号并补上处室列表后重新导入"))


def _symbols(text: str) -> str:
    return "".join(c for c in text if not c.isspace())


def _short(text: str, room: int = 40) -> str:
    return text if len(text) <= room else text[:room] + "…"
