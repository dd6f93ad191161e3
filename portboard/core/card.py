"""A card: a work item as the board holds it, with its status and its history.

Cards are built from the board's documents. A document damaged by hand is refused with
what is wrong in words — which card, which field, what it holds, what it may hold.

What the board shows of a card's history — its progress, 责任人, notes' count, last change —
comes from its digest (core/digest), so a card whose history is not in hand (a database
board reads it when asked: core/card_history) is shown without reading it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from portboard.core.card_history import CardHistory
from portboard.core.clock import instant
from portboard.core.digest import Digest
from portboard.core.model import KeyPoint, Section, Status


class CardDamage(ValueError):
    """One field of one card in board.json is not what portboard writes there."""

    def __init__(self, card_id: str, field: str, held: object, allowed: str) -> None:
        self.card_id = card_id
        self.field = field
        self.held = held
        self.allowed = allowed
        super().__init__(self.describe())

    def describe(self) -> str:
        which = f"卡片 {self.card_id}" if self.card_id else "一张没有编号的卡片"
        return f"{which} 的 {self.field} 是 {_shown(self.held)}，应为{self.allowed}"


def _shown(value: object) -> str:
    """A held value in words, not a Python repr."""
    if value is None:
        return "空值"
    if isinstance(value, str):
        return f"“{value}”" if value else "空文字"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return f"一个列表（{len(value)} 项）"
    if isinstance(value, dict):
        return f"一组键值（{len(value)} 个）"
    return "无法识别的值"


@dataclass(frozen=True)
class Card:
    """A work item as the board holds it: the item's last known wording plus its progress.

    Archived cards keep the wording they had when they left the task book, so a card can
    always be shown, even when its item is gone.
    """

    id: str
    status: Status
    archived: bool
    order: int
    section: Section
    task_id: str
    task_title: str
    key_point: KeyPoint
    text: str
    offices: tuple[str, ...]
    markers: tuple[str, ...]
    record: CardHistory = field(compare=False, repr=False)  # its events, in hand or read when asked
    due: str = ""  # the item's deadline as the task book gave it at the last sync, YYYY-MM-DD

    @property
    def lead(self) -> str:
        return self.offices[0] if self.offices else ""

    @property
    def cooperating(self) -> tuple[str, ...]:
        return self.offices[1:]

    @property
    def history(self) -> tuple[dict, ...]:
        """Every event, in the order recorded (read from the board the first time, if need be)."""
        return self.record.events()

    @property
    def digest(self) -> Digest:
        return self.record.digest

    @cached_property
    def timeline(self) -> tuple[dict, ...]:
        """The history in the order things happened: by instant, whatever zone each event
        was written in (events of the same instant keep their order in the file).
        Sorted once per card: notes, progress and owner all read it, and a card is never
        changed in place (a move or a note makes a new Card)."""
        return tuple(sorted(self.history, key=lambda e: instant(e.get("at"))))

    @property
    def notes(self) -> list[dict]:
        """Progress notes, newest first by instant."""
        return [e for e in reversed(self.timeline) if e.get("event") == "note"]

    @property
    def note_count(self) -> int:
        return self.digest.notes

    @property
    def progress(self) -> int:
        """The latest progress reported (by instant), 0–100; 100 once 完成, 0 if none."""
        if self.status is Status.DONE:
            return 100
        reported = self.digest.progress
        return max(0, min(100, reported)) if reported is not None else 0

    def reported_progress(self, until: datetime | None = None) -> int:
        """The latest progress reported before the instant `until` (None: ever), 0 if none."""
        reported = [e["progress"] for e in self.timeline
                    if isinstance(e.get("progress"), int) and not isinstance(e.get("progress"), bool)
                    and (until is None or instant(e.get("at")) < until)]
        return max(0, min(100, reported[-1])) if reported else 0

    @property
    def owner(self) -> str:
        """The responsible person (责任人) last assigned, or "" when none is."""
        return self.digest.owner

    @property
    def updated(self) -> str:
        """When the card last changed: its latest event's timestamp."""
        return self.digest.updated or ""

    def sort_key(self) -> tuple:
        """Task book order, archived cards last: the order of every list of cards."""
        return (self.archived, self.order, self.id)

    @classmethod
    def from_document(cls, doc: Mapping[str, Any], record: CardHistory | None = None) -> Card:
        """The card in one board document; CardDamage if a field is not as written by
        portboard. Its history is the document's, or `record` when the store keeps the
        history apart."""
        card_id = doc.get("id")
        if not isinstance(card_id, str) or not card_id:
            raise CardDamage("", "id", card_id, "条目编号，如 “2.1.2”")
        status = doc.get("status")
        if status not in {s.value for s in Status}:
            raise CardDamage(card_id, "status", status, "、".join(s.value for s in Status) + " 之一")
        archived = doc.get("archived", False)
        if not isinstance(archived, bool):
            raise CardDamage(card_id, "archived", archived, " true 或 false")
        order = doc.get("order", 0)
        if not isinstance(order, int) or isinstance(order, bool):
            raise CardDamage(card_id, "order", order, "一个整数（条目在任务书中的位置）")
        section = _mapping(card_id, doc, "section")
        task = _mapping(card_id, doc, "task")
        key_point = _mapping(card_id, doc, "key_point")
        return cls(
            id=card_id,
            status=Status(status),
            archived=archived,
            order=order,
            section=Section(_number(card_id, section, "section.no"), _text(card_id, section, "section.title")),
            task_id=_text(card_id, task, "task.id"),
            task_title=_text(card_id, task, "task.title"),
            key_point=KeyPoint(_number(card_id, key_point, "key_point.no"),
                               _text(card_id, key_point, "key_point.text")),
            text=_text(card_id, doc, "text"),
            offices=_words(card_id, doc, "offices"),
            markers=_words(card_id, doc, "markers"),
            record=record or CardHistory.known(history_events(card_id, doc.get("history", []))),
            due=_text(card_id, doc, "due") if doc.get("due") is not None else "",
        )


def _mapping(card_id: str, doc: Mapping[str, Any], field: str) -> Mapping[str, Any]:
    value = doc.get(field) or {}
    if not isinstance(value, Mapping):
        raise CardDamage(card_id, field, value, "一组键值")
    return value


def _text(card_id: str, doc: Mapping[str, Any], field: str) -> str:
    value = doc.get(field.rsplit(".", 1)[-1], "")
    if not isinstance(value, str):
        raise CardDamage(card_id, field, value, "一段文字")
    return value


def _number(card_id: str, doc: Mapping[str, Any], field: str) -> int:
    value = doc.get(field.rsplit(".", 1)[-1], 0)
    if not isinstance(value, int) or isinstance(value, bool):
        raise CardDamage(card_id, field, value, "一个整数")
    return value


def _words(card_id: str, doc: Mapping[str, Any], field: str) -> tuple[str, ...]:
    value = doc.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CardDamage(card_id, field, value, "文字的列表，如 [\"洋山办\"]")
    return tuple(value)


def history_events(card_id: str, events: object) -> tuple[dict, ...]:
    """A card's recorded events, checked: CardDamage naming the first that is not an event."""
    if not isinstance(events, list):
        raise CardDamage(card_id, "history", events, "事件的列表")
    for n, event in enumerate(events, start=1):
        if not isinstance(event, dict):
            raise CardDamage(card_id, f"history 第 {n} 项", event, "一个事件（一组键值）")
        if not isinstance(event.get("event"), str) or not isinstance(event.get("at", ""), str):
            raise CardDamage(card_id, f"history 第 {n} 项", event, "含 event（文字）和 at（时间）的事件")
    return tuple(events)
