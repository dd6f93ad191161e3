"""The task book's structure: sections → tasks (with their key points) → items."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yaml.nodes import Node, SequenceNode

from portboard.core.model import Item, KeyPoint, Marker, Office, Schedule, Section, Task, normalise_name
from portboard.core.renumbering import was_problem
from portboard.core.taskbook.dates import read_due
from portboard.core.yamlnodes import NodeReader

_TASK_ID = re.compile(r"^\d+\.\d+$")
_ITEM_ID = re.compile(r"^\d+\.\d+\.\d+$")


@dataclass
class _ItemRules:
    """What an item is checked against (the vocabulary, the plan), and the ids and `was:`
    lines seen so far in the book, for the duplicates."""

    office_by_spelling: dict[str, Office]
    offices: list[Office]
    marker_symbols: set[str]
    schedule: Schedule
    item_lines: dict[str, int] = field(default_factory=dict)
    was_lines: dict[str, int] = field(default_factory=dict)


def read_sections(
    r: NodeReader, node: Node | None, markers: list[Marker], offices: list[Office], schedule: Schedule
) -> tuple[list[Section], list[Task], list[Item]]:
    office_by_spelling = {}
    for office in offices:
        for spelling in (office.name, *office.aliases):
            office_by_spelling[normalise_name(spelling)] = office
    rules = _ItemRules(office_by_spelling, offices, {m.symbol for m in markers}, schedule)
    sections: list[Section] = []
    tasks: list[Task] = []
    items: list[Item] = []
    section_lines: dict[int, int] = {}
    task_lines: dict[str, int] = {}

    for section_node in r.sequence(node, "sections"):
        fields = r.mapping(section_node, "部分", {"number": True, "title": True, "due": False, "tasks": True})
        if fields is None:
            continue
        no = r.number(fields.get("number"), "部分编号 number")
        title = r.text(fields.get("title"), "部分标题 title")
        if no is not None and no in section_lines:
            r.problem(fields["number"], f"部分编号 {no} 重复（第 {section_lines[no]} 行已有）", "请改用未用过的编号")
        elif no is not None:
            section_lines[no] = fields["number"].start_mark.line + 1
        due = read_due(r, fields.get("due"), f"部分 {no} 的 due", schedule)
        section = Section(no or 0, title or "", due)
        sections.append(section)
        for task_node in r.sequence(fields.get("tasks"), f"部分 {no} 的 tasks"):
            task = _read_task(r, task_node, section, task_lines, schedule)
            if task is None:
                continue
            tasks.append(task[0])
            for item_node in task[1]:
                item = _read_item(r, item_node, task[0], len(items), rules)
                if item is not None:
                    items.append(item)
    if node is not None and not items and not r.problems:
        r.problem(node, "任务书中没有任何条目", "请检查 sections 下的 tasks 和 items")
    return sections, tasks, items


def _read_task(
    r: NodeReader, node: Node, section: Section, task_lines: dict[str, int], schedule: Schedule
) -> tuple[Task, list[Node]] | None:
    fields = r.mapping(node, "任务", {"id": True, "title": True, "key_point": True, "due": False, "items": True})
    if fields is None:
        return None
    task_id = r.text(fields.get("id"), "任务编号 id")
    title = r.text(fields.get("title"), "任务标题 title")
    if task_id is not None:
        if not _TASK_ID.match(task_id):
            r.problem(fields["id"], f"任务编号 “{task_id}” 格式不对", "应为 部分.任务，如 \"2.1\"（加引号）")
        elif section.no and not task_id.startswith(f"{section.no}."):
            r.problem(fields["id"], f"任务 {task_id} 不在第 {section.no} 部分下", f"编号应以 {section.no}. 开头")
        if task_id in task_lines:
            r.problem(fields["id"], f"任务编号 {task_id} 重复（第 {task_lines[task_id]} 行已有）", "请改用未用过的编号")
        else:
            task_lines[task_id] = fields["id"].start_mark.line + 1
    key_point = KeyPoint(0, "")
    kp_node = fields.get("key_point")
    if kp_node is not None:
        kp_fields = r.mapping(kp_node, f"任务 {task_id} 的 key_point", {"number": True, "text": True})
        if kp_fields is not None:
            kp_no = r.number(kp_fields.get("number"), "key_point.number")
            kp_text = r.text(kp_fields.get("text"), "key_point.text")
            key_point = KeyPoint(kp_no or 0, kp_text or "")
    item_nodes = r.sequence(fields.get("items"), f"任务 {task_id} 的 items")
    if "items" in fields and not item_nodes and isinstance(fields["items"], SequenceNode):
        r.problem(fields["items"], f"任务 {task_id} 没有条目", "每个任务至少要有一个条目")
    due = read_due(r, fields.get("due"), f"任务 {task_id} 的 due", schedule)
    if task_id is None:
        return None
    return Task(task_id, title or "", section, key_point, due), item_nodes


def _read_item(r: NodeReader, node: Node, task: Task, order: int, rules: _ItemRules) -> Item | None:
    fields = r.mapping(node, "条目", {"id": True, "was": False, "text": True, "offices": True, "markers": False,
                                      "due": False})
    if fields is None:
        return None
    item_id = r.text(fields.get("id"), "条目编号 id")
    text = r.text(fields.get("text"), f"条目 {item_id} 的 text")
    id_ok = _check_item_id(r, fields.get("id"), item_id, task, rules)
    offices = _read_item_offices(r, fields.get("offices"), item_id, rules)
    markers = _read_item_markers(r, fields.get("markers"), item_id, rules)
    was = _read_was(r, fields.get("was"), item_id, rules)
    own_due = read_due(r, fields.get("due"), f"条目 {item_id} 的 due", rules.schedule)
    if not id_ok or item_id is None or text is None or offices is None or markers is None:
        return None
    due = own_due or task.due or task.section.due or rules.schedule.due
    return Item(item_id, text, offices, markers, task, order, was, due, line=node.start_mark.line + 1)


def _check_item_id(r: NodeReader, node: Node | None, item_id: str | None, task: Task, rules: _ItemRules) -> bool:
    """Whether the item's id is well formed, under its task and not taken (noting it as taken)."""
    if item_id is None or node is None:
        return False
    ok = True
    if not _ITEM_ID.match(item_id):
        r.problem(node, f"条目编号 “{item_id}” 格式不对", "应为 部分.任务.序号，如 \"2.1.2\"（加引号）")
        ok = False
    elif not item_id.startswith(task.id + "."):
        r.problem(node, f"条目 {item_id} 不在任务 {task.id} 下", f"编号应以 {task.id}. 开头")
        ok = False
    if item_id in rules.item_lines:
        r.problem(node, f"条目编号 {item_id} 重复（第 {rules.item_lines[item_id]} 行已有）",
                  "每个条目的编号必须唯一，请改用未用过的编号")
        return False
    rules.item_lines[item_id] = node.start_mark.line + 1
    return ok


def _read_item_offices(r: NodeReader, node: Node | None, item_id: str | None,
                       rules: _ItemRules) -> tuple[str, ...] | None:
    """The item's offices by canonical name, lead first; None when any is wrong or none given."""
    names: list[str] = []
    ok = True
    office_nodes = r.sequence(node, f"条目 {item_id} 的 offices")
    if node is not None and not office_nodes and isinstance(node, SequenceNode):
        r.problem(node, f"条目 {item_id} 没有责任处室", "请至少写一个处室，第一个为牵头处室")
    for office_node in office_nodes:
        spelling = r.text(office_node, f"条目 {item_id} 的处室")
        office = rules.office_by_spelling.get(normalise_name(spelling)) if spelling is not None else None
        if spelling is not None and office is None:
            valid = "、".join(o.name for o in rules.offices)
            r.problem(office_node, f"条目 {item_id} 的处室 “{spelling}” 不在处室词表中",
                      f"请改为其中之一：{valid}；或在 offices 中为它添加别名")
        elif office is not None and office.name in names:
            r.problem(office_node, f"条目 {item_id} 的处室 {office.name} 重复", "请删除重复的处室")
        if office is None or office.name in names:
            ok = False
        else:
            names.append(office.name)
    return tuple(names) if ok and names else None


def _read_item_markers(r: NodeReader, node: Node | None, item_id: str | None,
                       rules: _ItemRules) -> tuple[str, ...] | None:
    """The item's marker symbols, each once; None when one is not in the legend."""
    symbols: list[str] = []
    ok = True
    for marker_node in r.sequence(node, f"条目 {item_id} 的 markers"):
        symbol = r.text(marker_node, f"条目 {item_id} 的标记")
        if symbol is not None and symbol not in rules.marker_symbols:
            r.problem(marker_node, f"条目 {item_id} 的标记 “{symbol}” 未定义",
                      f"请改为 {'、'.join(sorted(rules.marker_symbols))} 之一，或在 markers 中定义它")
        if symbol is None or symbol not in rules.marker_symbols:
            ok = False
        elif symbol not in symbols:
            symbols.append(symbol)
    return tuple(symbols) if ok else None


def _read_was(r: NodeReader, node: Node | None, item_id: str | None, rules: _ItemRules) -> str | None:
    """The id the item had in the edition before, if its `was:` says one that can be used."""
    was = r.text(node, f"条目 {item_id} 的 was")
    if was is None or node is None:
        return None
    wrong = was_problem(was, item_id, rules.was_lines)
    if wrong is not None:
        r.problem(node, *wrong)
        return None
    rules.was_lines[was] = node.start_mark.line + 1
    return was
