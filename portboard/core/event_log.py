"""The change log (变动记录): every event on the board, from every card, in the order things
happened — who did what to which item, and when, in the board's time zone.

The same entries serve `portboard log` (text and JSON) and the board's log screen. Events
are ordered by instant; events of the same instant keep the task book's order of their
cards, then their order in the card's history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from portboard.core import clock
from portboard.core.card import Card
from portboard.core.errors import Problem, UsageError
from portboard.core.history import describe, who
from portboard.core.printable import visible
from portboard.core.reports.reporting_period import Period

# The keys every event has; the rest of an event are its details.
_COMMON_KEYS = ("at", "user", "event")


@dataclass(frozen=True)
class LogEntry:
    instant: datetime     # the sort key
    at: str               # ISO 8601 with the offset of the board's zone (as recorded when unreadable)
    when: str             # YYYY-MM-DD HH:MM in the board's zone
    user: str             # the login that did it
    who: str              # who, as people read it (a task book revision is the task book's)
    item: str             # the card's id
    event: str            # the kind: moved, undone, note, revised, …
    what: str             # what happened, in words
    details: dict         # the event's other fields, as recorded
    card: Card

    def as_json(self) -> dict:
        return {"at": self.at, "user": self.user, "who": self.who, "item": self.item,
                "event": self.event, "what": self.what, "details": self.details}


def item_matches(card_id: str, item: str) -> bool:
    """An item's id, or a task's or a section's: 2.1 takes in 2.1.1, 2.1.2, …"""
    return card_id == item or card_id.startswith(item.rstrip(".") + ".")


def log_entries(cards: Iterable[Card], *, period: Period | None = None, item: str | None = None,
                user: str | None = None) -> list[LogEntry]:
    """The events of `cards` (filtered by the caller for office, marker, search), oldest
    first; only those in `period`, of `item` (an id or an id prefix) and by `user`.
    An event whose time cannot be read sorts first and is in no bounded period."""
    start, end = (period.start, period.end) if period else (None, None)
    zone = clock.board_zone()
    entries = []
    for card in cards:
        if item and not item_matches(card.id, item):
            continue
        for ev in card.history:
            if user is not None and ev.get("user") != user:
                continue
            parsed = clock.parse_time(ev.get("at"))
            if parsed is None:
                if start is not None or end is not None:
                    continue
            elif (start is not None and parsed < start) or (end is not None and parsed >= end):
                continue
            local = parsed.astimezone(zone) if parsed else None
            entries.append(LogEntry(
                instant=parsed if parsed is not None else clock.instant(None),
                at=local.isoformat(timespec="seconds") if local else visible(str(ev.get("at", ""))),
                when=local.strftime("%Y-%m-%d %H:%M") if local else visible(str(ev.get("at", ""))),
                user=visible(str(ev.get("user", ""))),
                who=visible(who(ev)),
                item=visible(card.id),
                event=visible(str(ev.get("event", ""))),
                what=visible(describe(ev)),
                details={k: v for k, v in ev.items() if k not in _COMMON_KEYS},
                card=card,
            ))
    # Stable: the same instant keeps card, then history order. By timestamp: comparing aware
    # datetimes of different offsets is several times slower, and a board has tens of thousands.
    entries.sort(key=lambda e: e.instant.timestamp())
    return entries


def check_item(cards: Iterable[Card], item: str, board_path: object) -> None:
    """Refuse an --item that names nothing on the board, rather than print an empty log."""
    if not any(item_matches(card.id, item) for card in cards):
        raise UsageError(Problem(str(board_path), None, f"看板上没有条目 {visible(item)}",
                                 "用 portboard list --all 查看所有条目编号（也可以写任务编号，如 2.1）"))
