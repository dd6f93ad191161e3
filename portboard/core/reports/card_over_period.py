"""What happened to one card in a period: its status at either end, the notes written and
the changes made in between — read from its history, in the order things happened.

The history is walked once, in order of instants: events before the period set the
status the period began with, events inside it are collected, and the walk stops at the
period's end. Statuses are replayed rather than read from the card, so a report on June
written in August still shows where each item stood at the end of June.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from portboard.core import clock
from portboard.core.card import Card
from portboard.core.history import FIELD_NAMES
from portboard.core.model import Status
from portboard.core.reports.reporting_period import Period

# Events that set a card's status, and the field that holds the status it was set to.
_SETS_STATUS = {"created": "status", "moved": "to", "undone": "to"}
# Changes that come from the task book, and how 本期变动 names them.
_PLAN_CHANGES = {"created": "新增（任务书）", "archived": "归档（撤出任务书）", "restored": "恢复（重新列入任务书）"}
# Revised fields short enough to show as before → after; long ones (the wording) are named only,
# since the row shows the new wording anyway.
_SHOWN_IN_FULL = ("offices", "markers")

BirthKey = tuple[object, object]


@dataclass(frozen=True)
class CardPeriod:
    """One card over one period. `start_status` is None when the card was not yet on the
    board when the period began (or the period has no start)."""

    card: Card
    start_status: Status | None
    end_status: Status
    notes: tuple[str, ...]      # “MM-DD 处室：text”, oldest first
    changes: tuple[str, ...]    # “MM-DD 未启动→推进中”, “MM-DD 撤销 推进中→未启动”, revisions

    @property
    def moved_forward(self) -> bool:
        """Further along at the end than at the start (an undone move does not count)."""
        order = list(Status)
        return order.index(self.end_status) > order.index(self.start_status or Status.TODO)

    @property
    def finished(self) -> bool:
        """Reached 完成 in the period: done at its end, not at its start."""
        return self.end_status is Status.DONE and self.start_status is not Status.DONE

    @property
    def done_before(self) -> bool:
        """Already 完成 before the period began."""
        return self.start_status is Status.DONE


def board_birth(cards: Iterable[Card]) -> BirthKey | None:
    """Which sync created the board: the task book version and user of its earliest
    `created` event. Items created by that same sync were there from the start and are
    not news in any period; items a later sync created are 新增."""
    first: tuple[datetime, BirthKey] | None = None
    for card in cards:
        for ev in card.history:
            if ev.get("event") == "created":
                at = clock.instant(ev.get("at"))
                if first is None or at < first[0]:
                    first = (at, _sync_key(ev))
    return None if first is None else first[1]


def _sync_key(ev: dict) -> BirthKey:
    source = ev.get("source")
    version = (source.get("file"), source.get("modified")) if isinstance(source, dict) else None
    return (version, ev.get("user"))


def card_period(card: Card, period: Period, birth: BirthKey | None = None) -> CardPeriod:
    """`card` over `period`; `birth` is the board's `board_birth`."""
    start, end = period.start, period.end
    zone = clock.board_zone()
    status: Status | None = None
    start_status: Status | None = None
    started = start is None
    notes: list[str] = []
    changes: list[str] = []
    # (instant, position) so events of the same instant keep their order in the file
    for at, _, ev in sorted((clock.instant(e.get("at")), n, e) for n, e in enumerate(card.history)):
        if end is not None and at >= end:
            break
        if start is not None and not started and at >= start:
            started, start_status = True, status
        if started and clock.parse_time(ev.get("at")) is not None:
            day = at.astimezone(zone).strftime("%m-%d")
            kind = ev.get("event")
            if kind in ("note", "progress"):  # a progress report is a report too
                notes.append(_note(day, ev))
            else:
                change = _change(day, ev, birth)
                if change:
                    changes.append(change)
        status = _status_after(ev, status)
    if not started:
        start_status = status
    # A period that reaches the present ends where the card stands now.
    reaches_now = end is None or end > clock.current_instant()
    end_status = card.status if reaches_now else status or _first_status(card)
    return CardPeriod(card, start_status, end_status, tuple(notes), tuple(changes))


def _status_after(ev: dict, status: Status | None) -> Status | None:
    field = _SETS_STATUS.get(str(ev.get("event")))
    if field is None:
        return status
    if status is None and ev.get("from"):
        status = Status.parse(str(ev["from"]))  # a history without its `created` event
    return Status.parse(str(ev.get(field, ""))) or status


def _first_status(card: Card) -> Status:
    """Where a card stood before anything was recorded of it: as created (未启动)."""
    for ev in card.history:
        if ev.get("event") == "created":
            return Status.parse(str(ev.get("status", ""))) or Status.TODO
    return Status.TODO


def _note(day: str, ev: dict) -> str:
    """“MM-DD 处室：text”, with the progress it reported: “（进度 40%）”, or “进度 40%” alone."""
    office = ev.get("office")
    text = str(ev.get("text", "")).strip()
    progress = ev.get("progress")
    if isinstance(progress, int) and not isinstance(progress, bool):
        text = f"{text}（进度 {progress}%）" if text else f"进度 {progress}%"
    return f"{day} {office}：{text}" if office else f"{day} {text}"


def _change(day: str, ev: dict, birth: BirthKey | None) -> str:
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
    if kind == "created" and birth is not None and _sync_key(ev) == birth:
        return ""  # on the board since it was made: not a change in any period
    if kind in _PLAN_CHANGES:
        return f"{day} {_PLAN_CHANGES[str(kind)]}"
    return ""


def _words(value: object) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（无）"
    return "（无）" if value in (None, "") else str(value)
