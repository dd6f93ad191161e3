"""The one rule table: which role may do what to an item, by the acting office's relation
to it (牵头, 配合, or neither). Checked by the core on every change, whatever path the
change came by; the CLI, the TUI and the web only ask it which keys to offer.

| role | relation | may                                                        |
| 督办 | any      | everything                                                 |
| 承办 | 牵头     | move, note and progress, assign, apply for an extension    |
| 承办 | 配合     | note and progress (协办反馈)                                |
| 承办 | neither  | nothing                                                    |
| 查看 | any      | nothing                                                    |

Reviewing — 销号, 退回, deciding on an extension, sending 催办 — is the 督办's alone.
"""

from __future__ import annotations

from enum import Enum

from portboard.core.access.actor import Actor
from portboard.core.access.role import Role
from portboard.core.card import Card
from portboard.core.errors import RefusedError


class Act(str, Enum):
    """What a person asks to do to an item. The value is the verb a refusal uses."""

    MOVE = "移动"
    NOTE = "写进展和报进度"
    ASSIGN = "设定责任人"
    EXTEND = "申请延期"
    CLOSE = "销号"
    RETURN = "退回"
    DECIDE_EXTENSION = "审批延期"
    REMIND = "催办"


class Relation(str, Enum):
    LEAD = "牵头"
    COOPERATE = "配合"
    NONE = "无关"


def relation(office: str, card: Card) -> Relation:
    if office and office == card.lead:
        return Relation.LEAD
    if office and office in card.cooperating:
        return Relation.COOPERATE
    return Relation.NONE


_HANDLER_ACTS = {
    Relation.LEAD: frozenset({Act.MOVE, Act.NOTE, Act.ASSIGN, Act.EXTEND}),
    Relation.COOPERATE: frozenset({Act.NOTE}),
    Relation.NONE: frozenset(),
}


def allowed(actor: Actor, card: Card, act: Act) -> bool:
    return refusal(actor, card, act) is None


def refusal(actor: Actor, card: Card, act: Act) -> str | None:
    """Why `actor` may not do `act` to `card`, naming the rule; None when they may."""
    if actor.role is None or actor.role is Role.SUPERVISOR:
        return None
    who = f"{actor.name}（{actor.role.value}）"
    if actor.role is Role.VIEWER:
        reason = actor.notice or "查看只能阅读、搜索、筛选和导出，不能改动看板"
        return f"{who}不能{act.value}：{reason}"
    where = f"{card.id} 由 {card.lead} 牵头" if card.lead else f"{card.id} 没有牵头处室"
    if act in (Act.CLOSE, Act.RETURN, Act.DECIDE_EXTENSION, Act.REMIND):
        return f"{who}不能{act.value}：{act.value}只能由督办处理"
    office = actor.office or "（未设处室）"
    kind = relation(actor.office, card)
    if act in _HANDLER_ACTS[kind]:
        return None
    if actor.notice:  # what is wrong with who they are (an office not in the task book) says it best
        return f"{who}不能{act.value}：{actor.notice}"
    if act is Act.NOTE:
        return f"{office}（承办）只能为本处室牵头或配合的条目{act.value}；{where}"
    hint = f"；{office}是配合处室，可以写进展和报进度" if kind is Relation.COOPERATE else ""
    only = f"移动{office}牵头的条目" if act is Act.MOVE else f"为{office}牵头的条目{act.value}"
    return f"{office}（承办）只能{only}；{where}{hint}"


def check(actor: Actor, card: Card, act: Act) -> None:
    """Raise RefusedError, naming the rule, unless `actor` may do `act` to `card`."""
    reason = refusal(actor, card, act)
    if reason is not None:
        raise RefusedError([], title=reason)
