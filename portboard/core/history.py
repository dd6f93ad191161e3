"""A card's history: the events the board records and how they read to people.

History is append-only. Each event has `at` (an instant with its offset), `user` (the
login that did it) and `event` (its kind); the rest depends on the kind. Events a sync
applies also name their `source`: the task book file and when it was last modified, so a
revision reads as what it is — the plan changed — not as something the syncing person did.
"""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING, Any

from portboard.core import clock

if TYPE_CHECKING:
    from portboard.core.access.actor import Actor

# What each kind of event is called on screen and in reports.
EVENT_NAMES = {
    "created": "建立",
    "moved": "移动",
    "undone": "撤销",
    "revised": "修订",
    "archived": "归档",
    "restored": "恢复",
    "note": "进展",
    "progress": "进度",
    "assigned": "责任人",
    "renumbered": "重新编号",
}
FIELD_NAMES = {
    "text": "工作内容",
    "offices": "处室",
    "markers": "标记",
    "section": "所属部分",
    "task": "所属任务",
    "key_point": "工作要点",
    "due": "完成时限",
}


def current_user() -> str:
    """The login name recorded in history; PORTBOARD_USER overrides it (shared accounts,
    and the web server, which runs each session as its logged-in user)."""
    override = os.environ.get("PORTBOARD_USER", "").strip()
    if override:
        return override
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def event(kind: str, user: str, **details: Any) -> dict:
    return {"at": clock.now(), "user": user, "event": kind, **details}


def event_by(actor: Actor, kind: str, **details: Any) -> dict:
    """An event a person's action records: their name, and their office when they act as one."""
    recorded = event(kind, actor.name, **details)
    if actor.office and actor.role is not None:
        recorded["user_office"] = actor.office
    return recorded


def describe(ev: dict) -> str:
    """One event in words, e.g. “移动 未启动 → 推进中”."""
    kind = ev.get("event", "")
    name = EVENT_NAMES.get(kind, str(kind))
    if kind in ("moved", "undone"):
        line = f"{name} {ev.get('from')} → {ev.get('to')}"
        if kind == "undone" and ev.get("undoes"):
            line += f"（撤销 {clock.format_time(ev['undoes'])} 的移动）"
        return line
    if kind == "created":
        return f"{name}（{ev.get('status', '')}）"
    if kind == "revised":
        changes = ev.get("changes", {})
        parts = [f"{FIELD_NAMES.get(f, f)}：{_value(c.get('from'))} → {_value(c.get('to'))}"
                 for f, c in changes.items()] if isinstance(changes, dict) else []
        return f"{name} " + "；".join(parts)
    if kind == "renumbered":
        gave_way = f"（编号让给原 {ev['displaced_by']}）" if ev.get("displaced_by") else ""
        return f"{name} {ev.get('from')} → {ev.get('to')}{gave_way}"
    if kind == "note":
        office = f"［{ev['office']}］" if ev.get("office") else ""
        progress = f"（进度 {ev['progress']}%）" if isinstance(ev.get("progress"), int) else ""
        return f"{name}{office} {ev.get('text', '')}{progress}"
    if kind == "progress":
        office = f"［{ev['office']}］" if ev.get("office") else ""
        return f"{name}{office} {ev.get('progress')}%"
    if kind == "assigned":
        return f"{name} {ev['owner']}" if ev.get("owner") else f"{name} 已清除"
    return name


def who(ev: dict) -> str:
    """Who did it, as people should read it: a change from the task book is the task book's,
    applied by whoever's board synced it."""
    user = str(ev.get("user", ""))
    source = ev.get("source")
    if isinstance(source, dict) and source.get("file"):
        modified = f"，{clock.format_time(source['modified'])} 修改" if source.get("modified") else ""
        return f"任务书 {source['file']}{modified}（{user} 同步）" if user else f"任务书 {source['file']}{modified}"
    return user


def _value(value: object) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（无）"
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    return "（无）" if value in (None, "") else str(value)
