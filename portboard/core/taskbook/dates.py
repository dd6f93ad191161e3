"""The plan's dates in taskbook.yaml: `document.period` (the window), `document.lights`
(the thresholds, defaults when absent) and `due:` on a section, task or item."""

from __future__ import annotations

from datetime import date

from yaml.nodes import Node

from portboard.core.model import DEFAULT_RED, DEFAULT_SOON, DEFAULT_YELLOW, Schedule
from portboard.core.yamlnodes import NodeReader

DATE_HINT = "请写成 2023-06-30 这样的日期（年-月-日）"


def read_date(r: NodeReader, node: Node | None, what: str) -> date | None:
    value = r.text(node, what)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        r.problem(node, f"{what} 不是日期：“{value}”", DATE_HINT)
        return None


def read_schedule(r: NodeReader, period: Node | None, lights: Node | None) -> Schedule:
    start = due = None
    if period is not None:
        fields = r.mapping(period, "document.period", {"start": True, "due": True})
        if fields is not None:
            start = read_date(r, fields.get("start"), "period.start")
            due = read_date(r, fields.get("due"), "period.due")
            if start and due and due < start:
                r.problem(fields["due"], f"period.due（{due}）早于 period.start（{start}）",
                          "计划的结束日期不能早于开始日期")
    yellow, red, soon = DEFAULT_YELLOW, DEFAULT_RED, DEFAULT_SOON
    if lights is not None:
        fields = r.mapping(lights, "document.lights", {"yellow": False, "red": False, "soon": False})
        if fields is not None:
            yellow = _points(r, fields.get("yellow"), "lights.yellow", DEFAULT_YELLOW)
            red = _points(r, fields.get("red"), "lights.red", DEFAULT_RED)
            soon = _points(r, fields.get("soon"), "lights.soon", DEFAULT_SOON, limit=366)
            if yellow >= red and "red" in fields:
                r.problem(fields["red"], f"lights.red（{red}）应大于 lights.yellow（{yellow}）",
                          "落后超过 yellow 个百分点亮黄灯，超过 red 个百分点亮红灯")
    return Schedule(start, due, yellow, red, soon)


def _points(r: NodeReader, node: Node | None, what: str, default: int, limit: int = 100) -> int:
    if node is None:
        return default
    value = r.number(node, what)
    if value is None:
        return default
    if value > limit:
        r.problem(node, f"{what} 是 {value}，超出 0–{limit}", f"请写 0 到 {limit} 之间的整数")
        return default
    return value


def read_due(r: NodeReader, node: Node | None, what: str, schedule: Schedule) -> date | None:
    """A section's, task's or item's own deadline; not before the plan starts."""
    due = read_date(r, node, what)
    if due is not None and schedule.start is not None and due < schedule.start:
        r.problem(node, f"{what}（{due}）早于计划开始日期 period.start（{schedule.start}）",
                  "完成时限不能早于计划开始")
    return due
