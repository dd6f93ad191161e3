"""The task book's and the board's vocabulary as plain, immutable values."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from portboard.core.errors import Problem, UsageError


class Status(str, Enum):
    """A card's column. The value is what users see and what board.json stores."""

    TODO = "未启动"
    DOING = "推进中"
    DONE = "完成"

    @property
    def code(self) -> str:
        return self.name.lower()

    @property
    def next(self) -> Status | None:
        order = list(Status)
        i = order.index(self)
        return order[i + 1] if i + 1 < len(order) else None

    @property
    def previous(self) -> Status | None:
        order = list(Status)
        i = order.index(self)
        return order[i - 1] if i > 0 else None

    @classmethod
    def parse(cls, text: str) -> Status | None:
        """未启动/推进中/完成, or todo/doing/done in any case (no input method needed)."""
        text = text.strip()
        for status in cls:
            if text == status.value or text.lower() == status.code:
                return status
        return None


@dataclass(frozen=True)
class Office:
    name: str
    code: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Marker:
    symbol: str
    code: str
    meaning: str


@dataclass(frozen=True)
class Section:
    no: int
    title: str


@dataclass(frozen=True)
class KeyPoint:
    no: int
    text: str


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    section: Section
    key_point: KeyPoint


@dataclass(frozen=True)
class Item:
    """One work item: the unit a card tracks. Offices are canonical names, lead first."""

    id: str
    text: str
    offices: tuple[str, ...]
    markers: tuple[str, ...]
    task: Task
    order: int
    # The id this item had in the edition before (`was:` in the YAML): sync moves that
    # card, with its status and history, to this item's id.
    was: str | None = None

    @property
    def lead(self) -> str:
        return self.offices[0]


def normalise_name(name: str) -> str:
    """Fold full-width forms to half-width, so （浦江） and (浦江) are the same spelling."""
    return unicodedata.normalize("NFKC", name).strip()


@dataclass(frozen=True)
class TaskBook:
    path: Path
    document: dict[str, str]
    markers: tuple[Marker, ...]
    offices: tuple[Office, ...]
    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    items: tuple[Item, ...]
    _office_index: dict[str, Office] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for office in self.offices:
            for spelling in (office.name, office.code, *office.aliases):
                self._office_index[normalise_name(spelling).lower()] = office

    @property
    def title(self) -> str:
        return self.document.get("title", "")

    def find_office(self, spelling: str) -> Office | None:
        """An office by canonical name, alias or code; full-width brackets accepted."""
        return self._office_index.get(normalise_name(spelling).lower())

    def office(self, spelling: str) -> Office:
        """Like find_office, but an unknown spelling is an error that lists the valid ones."""
        found = self.find_office(spelling)
        if found is None:
            valid = "、".join(f"{o.name}（{o.code}）" for o in self.offices)
            raise UsageError(Problem(self.path, None, f"没有名为 “{spelling}” 的处室",
                                     f"可用的处室（名称或括号中的代号）：{valid}"))
        return found

    def marker(self, spelling: str) -> Marker:
        found = self.find_marker(spelling)
        if found is None:
            valid = "、".join(f"{m.symbol}（{m.code}：{m.meaning}）" for m in self.markers)
            raise UsageError(Problem(self.path, None, f"没有标记 “{spelling}”",
                                     f"可用的标记（符号或括号中的代号）：{valid}"))
        return found

    def find_marker(self, spelling: str) -> Marker | None:
        spelling = spelling.strip()
        for marker in self.markers:
            if spelling in (marker.symbol, marker.code, marker.meaning):
                return marker
        return None

    def counts(self) -> dict[str, int]:
        return {
            "sections": len(self.sections),
            "tasks": len(self.tasks),
            "items": len(self.items),
            "offices": len(self.offices),
        }


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
    history: tuple[dict, ...]

    @property
    def lead(self) -> str:
        return self.offices[0] if self.offices else ""

    @property
    def cooperating(self) -> tuple[str, ...]:
        return self.offices[1:]

    @property
    def notes(self) -> list[dict]:
        """Progress notes, newest first."""
        return [e for e in reversed(self.history) if e.get("event") == "note"]

    @property
    def updated(self) -> str:
        return self.history[-1]["at"] if self.history else ""

    def sort_key(self) -> tuple:
        """Task book order, archived cards last: the order of every list of cards."""
        return (self.archived, self.order, self.id)

    @classmethod
    def from_document(cls, doc: dict) -> Card:
        section = doc.get("section") or {}
        task = doc.get("task") or {}
        key_point = doc.get("key_point") or {}
        return cls(
            id=doc["id"],
            status=Status(doc["status"]),
            archived=bool(doc.get("archived", False)),
            order=int(doc.get("order", 0)),
            section=Section(int(section.get("no", 0)), section.get("title", "")),
            task_id=task.get("id", ""),
            task_title=task.get("title", ""),
            key_point=KeyPoint(int(key_point.get("no", 0)), key_point.get("text", "")),
            text=doc.get("text", ""),
            offices=tuple(doc.get("offices", ())),
            markers=tuple(doc.get("markers", ())),
            history=_history(doc.get("history", [])),
        )

    def matches(self, office: str | None = None, marker: str | None = None,
                status: Status | None = None, text: str | None = None) -> bool:
        """The board's filters, shared by the CLI, the TUI and the ledger."""
        if office is not None and office not in self.offices:
            return False
        if marker is not None and marker not in self.markers:
            return False
        if status is not None and self.status is not status:
            return False
        if text:
            needle = text.strip().lower()
            if not (self.id.startswith(needle) or needle in self.text.lower()
                    or needle in self.task_title.lower() or any(needle in o.lower() for o in self.offices)):
                return False
        return True


def _history(events: object) -> tuple[dict, ...]:
    """A card's events; anything else means the file was damaged by hand."""
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise ValueError("history 应为事件列表")
    return tuple(events)
