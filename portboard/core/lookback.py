"""回看: the board as it stood at the end of a past day, rebuilt from the cards' history.

A card keeps its whole history, so how it stood at any instant can be rebuilt from it —
the one definition behind `list --as-of`, the ledger, the summary, the period report's
statuses at either end of its period, and the board's read-only 回看 mode:

- what the history answers by itself — progress, the latest note, the owner, and whatever
  else a card derives from its timeline (closure, approved extensions) — comes from the
  history cut at that instant: the events before it, in the order they happened;
- the workflow fields a card stores (its column, whether it is archived) are replayed
  forward through `SETS`: what each kind of event set them to;
- the wording the task book gave it (text, offices, markers, deadline, id) is taken back
  through the revisions made since, newest first: each revision records what it replaced;
- a card is on the board from its `created` event — except the cards the board was made
  with (the first sync, `board_birth`): those are the plan's items from its start, so a
  board begun in May still shows every item, 未启动, on a day in March.

A new kind of event that changes a stored field adds an entry to `SETS` (or, for the task
book's wording, records what it replaced and is taken back in `_take_back`); one that only
adds to the history needs nothing here.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from portboard.core import clock
from portboard.core.card import Card
from portboard.core.card_history import CardHistory
from portboard.core.model import KeyPoint, Section, Status

# Fields a card stores that an event sets outright, each read from that event alone (None:
# the event does not say).
Getter = Callable[[dict], Any]
SETS: dict[str, dict[str, Getter]] = {
    "created": {"status": lambda ev: Status.parse(str(ev.get("status", ""))) or Status.TODO,
                "archived": lambda ev: False},
    "moved": {"status": lambda ev: _status(ev.get("to"))},
    "undone": {"status": lambda ev: _status(ev.get("to"))},
    "archived": {"archived": lambda ev: True},
    "restored": {"archived": lambda ev: False},
}
# What the field was before the first event that set it, read from that event (a history
# that lost its `created` event still knows the column its first move left).
_BEFORE: dict[str, dict[str, Getter]] = {
    "moved": {"status": lambda ev: _status(ev.get("from"))},
    "undone": {"status": lambda ev: _status(ev.get("from"))},
    "archived": {"archived": lambda ev: False},
    "restored": {"archived": lambda ev: True},
    "created": SETS["created"],
}
# The events that change the task book's wording, taken back newest first (see _take_back).
_TAKEN_BACK = ("revised", "renumbered")
# Which sync wrote an event: the task book version (file, modified) and the user whose board synced.
SyncKey = tuple[object, object]


def end_of_day(day: date) -> datetime:
    """The first instant after `day` in the board's zone: the cut for "as at the end of `day`"."""
    return datetime.combine(day + timedelta(days=1), time(), clock.board_zone())


def board_as_of(cards: Iterable[Card], day: date) -> list[Card]:
    """Every card as it stood at the end of `day`; cards a later revision of the task book
    added are not there yet."""
    cards = list(cards)
    moment, birth = end_of_day(day), board_birth(cards)
    past = (card_after(card, events_before(card, moment), birth) for card in cards)
    return [card for card in past if card is not None]


def sync_key(ev: dict) -> SyncKey:
    """Which sync wrote an event: its task book version and the user whose board synced."""
    source = ev.get("source")
    version = (source.get("file"), source.get("modified")) if isinstance(source, dict) else None
    return (version, ev.get("user"))


def board_birth(cards: Iterable[Card]) -> SyncKey | None:
    """Which sync created the board: the sync key of its earliest `created` event. The items
    that sync created were the plan's from the start; a later sync's are news."""
    first: tuple[datetime, SyncKey] | None = None
    for card in cards:
        for ev in card.history:
            if ev.get("event") == "created":
                at = clock.instant(ev.get("at"))
                if first is None or at < first[0]:
                    first = (at, sync_key(ev))
    return None if first is None else first[1]


def events_before(card: Card, moment: datetime, instants: list[datetime] | None = None) -> int:
    """How many of the card's events (in the order of its timeline) happened before `moment`;
    `instants` are the timeline's instants, when the caller has them already."""
    if instants is None:
        instants = timeline_instants(card)
    return bisect_left(instants, moment)


def timeline_instants(card: Card) -> list[datetime]:
    return [clock.instant(ev.get("at")) for ev in card.timeline]


def card_after(card: Card, count: int, birth: SyncKey | None = None) -> Card | None:
    """`card` as its first `count` events (in timeline order) left it; None if it was not on
    the board yet — created later, and not by the board's first sync (`birth`)."""
    timeline = card.timeline
    if count >= len(timeline):
        return card
    done, later = timeline[:count], timeline[count:]
    made = next((n for n, ev in enumerate(timeline) if ev.get("event") == "created"), None)
    if made is not None and made >= count and sync_key(timeline[made]) != birth:
        return None
    fields: dict[str, Any] = {"status": card.status, "archived": card.archived}
    # Each stored field as the last event before the cut set it; a field no such event set is
    # what the first later event that set it found (or, never set, what the card holds).
    unset = set(fields)
    for events, table in ((reversed(done), SETS), (iter(later), _BEFORE)):
        for ev in events:
            if not unset:
                break
            kind = str(ev.get("event"))
            for name in SETS.get(kind, {}).keys() & unset:
                getter = table.get(kind, {}).get(name)
                value = getter(ev) if getter is not None else None
                if value is not None:
                    fields[name] = value
                unset.discard(name)
    for ev in reversed(later):
        if ev.get("event") in _TAKEN_BACK:
            fields.update(_take_back(ev))
    return replace(card, record=CardHistory.known(tuple(done)), **fields)


def _status(text: object) -> Status | None:
    return Status.parse(str(text or ""))


def _take_back(ev: dict) -> dict[str, Any]:
    """The task book's wording as it was before a revision or a renumbering."""
    kind = ev.get("event")
    if kind == "renumbered" and isinstance(ev.get("from"), str):
        return {"id": ev["from"]}
    changes = ev.get("changes") if kind == "revised" else None
    if not isinstance(changes, dict):
        return {}
    fields: dict[str, Any] = {}
    for name, change in changes.items():
        if isinstance(change, dict) and "from" in change:
            fields.update(_wording(str(name), change["from"]))
    return fields


def _wording(name: str, value: object) -> dict[str, Any]:
    """A revised field's earlier value (as board.json stores it) as the card's fields."""
    if name == "text" and isinstance(value, str):
        return {"text": value}
    if name in ("offices", "markers") and isinstance(value, list):
        return {name: tuple(str(v) for v in value)}
    if name == "due":
        return {"due": value if isinstance(value, str) else ""}
    if isinstance(value, dict):
        if name == "section":
            return {"section": Section(_int(value.get("no")), str(value.get("title", "")))}
        if name == "task":
            return {"task_id": str(value.get("id", "")), "task_title": str(value.get("title", ""))}
        if name == "key_point":
            return {"key_point": KeyPoint(_int(value.get("no")), str(value.get("text", "")))}
    return {}


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
