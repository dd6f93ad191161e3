"""The rule table of issue 23, written out by hand: who may do what to an item, by role and by
the acting office's relation to the item. Every path — the core, the CLI, the TUI and the web —
is checked against this one table (tests/*/test_rule_table*.py).

Every user of the table is of 洋山办, so that the relation column means the same for each:
the item 洋山办 leads (牵头), one it co-operates on (配合), and one it has nothing to do with.
The items are found in the task book by the test, from each item's list of offices (the
first is the lead), not by asking the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

TABLE = """
角色  关系  移动  写进展  设定责任人
督办  牵头  可    可      可
督办  配合  可    可      可
督办  无关  可    可      可
承办  牵头  可    可      可
承办  配合  否    可      否
承办  无关  否    否      否
查看  牵头  否    否      否
查看  配合  否    否      否
查看  无关  否    否      否
"""

OFFICE = "洋山办"
# The user of each role, all of 洋山办, as `portboard user add` is told.
USERS = {"督办": "督办甲", "承办": "张三", "查看": "领导乙"}
ACTS = ("移动", "写进展", "设定责任人")
NOTE_TEXT = "本周进展"
OWNER = "王五"


@dataclass(frozen=True)
class Cell:
    role: str       # 督办 / 承办 / 查看
    relation: str   # 牵头 / 配合 / 无关
    act: str        # 移动 / 写进展 / 设定责任人
    allowed: bool

    @property
    def user(self) -> str:
        return USERS[self.role]

    def __str__(self) -> str:
        """An ASCII test id: pytest would print the Chinese as escapes."""
        words = {"督办": "supervisor", "承办": "handler", "查看": "viewer", "牵头": "leads", "配合": "cooperates",
                 "无关": "unrelated", "移动": "move", "写进展": "note", "设定责任人": "assign"}
        return "-".join(words[part] for part in (self.role, self.relation, self.act))


def cells() -> list[Cell]:
    rows = [line.split() for line in TABLE.strip().splitlines()]
    header, body = rows[0], rows[1:]
    acts = header[2:]
    assert tuple(acts) == ACTS
    return [Cell(row[0], row[1], act, row[2 + i] == "可") for row in body for i, act in enumerate(acts)]


CELLS = cells()


@dataclass(frozen=True)
class Item:
    id: str
    lead: str


def items(taskbook: Path) -> dict[str, Item]:
    """The first item 洋山办 leads, the first it co-operates on, the first it has no part in,
    read straight from the task book's YAML."""
    data = yaml.safe_load(taskbook.read_text(encoding="utf-8"))
    found: dict[str, Item] = {}
    for section in data["sections"]:
        for task in section["tasks"]:
            for item in task["items"]:
                offices = item.get("offices") or task.get("offices") or []
                relation = "牵头" if offices[:1] == [OFFICE] else "配合" if OFFICE in offices else "无关"
                found.setdefault(relation, Item(str(item["id"]), offices[0]))
    assert set(found) == {"牵头", "配合", "无关"}, found
    return found


def refusal(cell: Cell, item: Item) -> str:
    """What the refusal says, word for word."""
    if cell.role == "查看":
        verb = {"移动": "移动", "写进展": "写进展和报进度", "设定责任人": "设定责任人"}[cell.act]
        return f"{cell.user}（查看）不能{verb}：查看只能阅读、搜索、筛选和导出，不能改动看板"
    assert cell.role == "承办"
    where = f"{item.id} 由 {item.lead} 牵头"
    hint = "；洋山办是配合处室，可以写进展和报进度" if cell.relation == "配合" else ""
    if cell.act == "移动":
        return f"洋山办（承办）只能移动洋山办牵头的条目；{where}{hint}"
    if cell.act == "设定责任人":
        return f"洋山办（承办）只能为洋山办牵头的条目设定责任人；{where}{hint}"
    return f"洋山办（承办）只能为本处室牵头或配合的条目写进展和报进度；{where}"


def add_users(users_file: object) -> None:
    """The table's three users, no passwords (a `UserFile`)."""
    from portboard.core.access.role import Role
    from portboard.core.users import UserFile

    assert isinstance(users_file, UserFile)
    for role, name in USERS.items():
        parsed = Role.parse(role)
        assert parsed is not None
        users_file.add(name, OFFICE, None, role=parsed)
