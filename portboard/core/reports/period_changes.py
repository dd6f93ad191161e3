"""本期变动: a card's moves and the task book's changes to it in a period, one line each —
and, when it moved more than `MOVES_SHOWN` times, one line for all its moves:
`移动 5 次：未启动→推进中→完成`, the way it went with the back-and-forth left out, so a card
pushed to and fro does not fill a page.
"""

from __future__ import annotations

from collections.abc import Sequence

from portboard.core.history import FIELD_NAMES
from portboard.core.lookback import SyncKey, sync_key
from portboard.core.model import Status

MOVES_SHOWN = 2  # up to this many moves are listed one by one, each with its day
_MOVES = ("moved", "undone")
# Changes that come from the task book, and how 本期变动 names them.
_PLAN_CHANGES = {"created": "新增（任务书）", "archived": "归档（撤出任务书）", "restored": "恢复（重新列入任务书）"}
# Revised fields short enough to show as before → after; long ones (the wording) are named only,
# since the row shows the new wording anyway.
_SHOWN_IN_FULL = ("offices", "markers")


def change_lines(events: Sequence[tuple[str, dict]], birth: SyncKey | None) -> tuple[str, ...]:
    """The 本期变动 lines of (MM-DD, event) pairs in the order they happened."""
    moves = [ev for _, ev in events if ev.get("event") in _MOVES]
    lines = []
    if len(moves) > MOVES_SHOWN:
        lines.append(f"移动 {len(moves)} 次：{'→'.join(way_taken(moves))}")
    for day, ev in events:
        if ev.get("event") in _MOVES and len(moves) > MOVES_SHOWN:
            continue
        line = _change(day, ev, birth)
        if line:
            lines.append(line)
    return tuple(lines)


def way_taken(moves: Sequence[dict]) -> list[str]:
    """The columns a card went through, from where it started to where it ended, with every
    detour that came back to an earlier column cut out: 未启动→推进中→未启动→推进中→完成
    went 未启动→推进中→完成."""
    way: list[str] = [str(moves[0].get("from"))]
    for move in moves:
        column = str(move.get("to"))
        if column in way:
            del way[way.index(column) + 1:]  # back where it had been: the detour goes
        else:
            way.append(column)
    if len(way) == 1:  # a round trip: there and back, by the furthest column it reached
        way += [max((str(m.get("to")) for m in moves), key=lambda column: _distance(way[0], column)), way[0]]
    return way


def _distance(start: str, column: str) -> int:
    order = [status.value for status in Status]
    if start not in order or column not in order:
        return 0
    return abs(order.index(column) - order.index(start))


def _change(day: str, ev: dict, birth: SyncKey | None) -> str:
    """One line of 本期变动, or "" for an event that is not a change of status or plan."""
    kind = ev.get("event")
    if kind == "moved":
        return f"{day} {ev.get('from')}→{ev.get('to')}"
    if kind == "undone":
        return f"{day} 撤销 {ev.get('from')}→{ev.get('to')}"
    if kind == "revised":
        changes = ev.get("changes")
        fields = []
        for name, change in (changes.items() if isinstance(changes, dict) else ()):
            label = FIELD_NAMES.get(name, str(name))
            if name in _SHOWN_IN_FULL and isinstance(change, dict):
                label += f" {_words(change.get('from'))}→{_words(change.get('to'))}"
            fields.append(label)
        return f"{day} 任务书修订：{'；'.join(fields)}" if fields else f"{day} 任务书修订"
    if kind == "renumbered":
        return f"{day} 重新编号 {ev.get('from')}→{ev.get('to')}"
    if kind == "created" and birth is not None and sync_key(ev) == birth:
        return ""  # on the board since it was made: not a change in any period
    if kind in _PLAN_CHANGES:
        return f"{day} {_PLAN_CHANGES[str(kind)]}"
    return ""


def _words(value: object) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（无）"
    return "（无）" if value in (None, "") else str(value)
