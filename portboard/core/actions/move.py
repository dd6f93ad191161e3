"""Moving a card between 未启动, 推进中 and 完成 — and taking one's own move back (撤销)."""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core.access.actor import Actor
from portboard.core.access.rules import Act
from portboard.core.actions.action import Action
from portboard.core.actions.change import Change
from portboard.core.actions.conflict import MoveConflict
from portboard.core.card import Card
from portboard.core.history import EVENT_NAMES, event_by
from portboard.core.model import Status

STATUS_EVENTS = ("moved", "undone")


@dataclass(frozen=True)
class Move(Action):
    item_id: str
    to: Status
    # Where the mover saw the card: if it is elsewhere now, someone else moved it, and this
    # move would silently undo theirs — refused (MoveConflict).
    expected: Status | None = None
    # The `at` of this person's own move that this one takes back (撤销), whose `expected`
    # is the column that move left the card in: refused unless the card is still exactly
    # as that move left it.
    undoes: str | None = None

    def act(self, card: Card) -> Act:
        return Act.MOVE

    def decide(self, card: Card, actor: Actor) -> Change:
        if self.undoes:
            _check_untouched_since(card, self.undoes, self.expected, actor)
        elif self.expected is not None and card.status is not self.expected:
            raise MoveConflict(card.id, card.status, by=_last_mover(card))
        if card.status is self.to:
            return Change()
        details = {"from": card.status.value, "to": self.to.value}
        if self.undoes:
            return Change({"status": self.to.value}, (event_by(actor, "undone", undoes=self.undoes, **details),))
        return Change({"status": self.to.value}, (event_by(actor, "moved", **details),))


def _last_mover(card: Card) -> str:
    moves = [e for e in card.timeline if e.get("event") in STATUS_EVENTS]
    return str(moves[-1].get("user", "")) if moves else ""


def _check_untouched_since(card: Card, at: str, left: Status | None, actor: Actor) -> None:
    """An undo takes back this person's own move (made at `at`, leaving the card in `left`)
    only while nobody has changed the card since: otherwise it would overwrite a colleague's
    move or make their note a lie."""
    timeline = card.timeline
    # Times are to the second: another move in the same second is told apart by where it went.
    own = [i for i, e in enumerate(timeline)
           if e.get("at") == at and e.get("event") in STATUS_EVENTS and e.get("user") == actor.name
           and (left is None or e.get("to") == left.value)]
    if not own:
        raise MoveConflict(card.id, card.status, by="", undoing=True, what="找不到要撤销的那次移动")
    # The task book's own revisions (they carry a `source`) change the wording, not the work.
    since = [e for e in timeline[own[-1] + 1:] if not e.get("source")]
    if since:
        latest = since[-1]
        what = "" if latest.get("event") in STATUS_EVENTS else EVENT_NAMES.get(str(latest.get("event")), "")
        raise MoveConflict(card.id, card.status, by=str(latest.get("user", "")), undoing=True, what=what)
    if left is not None and card.status is not left:
        raise MoveConflict(card.id, card.status, undoing=True)
