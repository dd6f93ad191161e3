"""The task book's vocabulary as plain, immutable values: statuses, offices, markers,
sections, tasks, items and the book itself. A card on the board is in `card`."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
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
    due: date | None = None  # its own `due:`, if the task book gives one


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
    due: date | None = None  # its own `due:`, if the task book gives one


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
    # Its deadline: its own `due:`, else its task's, its section's, the plan's end.
    due: date | None = None
    # Where it starts in the task book (for messages that say where to add a line); not
    # part of what the item is.
    line: int | None = field(default=None, compare=False)

    @property
    def lead(self) -> str:
        return self.offices[0]


def normalise_name(name: str) -> str:
    """Fold full-width forms to half-width, so （浦江） and (浦江) are the same spelling."""
    return unicodedata.normalize("NFKC", name).strip()


DEFAULT_YELLOW = 10
DEFAULT_RED = 30
DEFAULT_SOON = 15


@dataclass(frozen=True)
class Schedule:
    """The plan's window and the lights' thresholds (percentage points; days for `soon`).
    Without a window (no `period` in the task book) there are no lights."""

    start: date | None = None
    due: date | None = None
    yellow: int = DEFAULT_YELLOW
    red: int = DEFAULT_RED
    soon: int = DEFAULT_SOON

    def as_document(self) -> dict:
        """As board.json's meta keeps it, so a board shows its lights while its task book
        has an error."""
        return {"start": self.start.isoformat() if self.start else None,
                "due": self.due.isoformat() if self.due else None,
                "yellow": self.yellow, "red": self.red, "soon": self.soon}

    @classmethod
    def from_document(cls, doc: object) -> Schedule:
        if not isinstance(doc, dict):
            return cls()
        def day(value: object) -> date | None:
            try:
                return date.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                return None

        def points(key: str, default: int) -> int:
            value = doc.get(key)
            return value if isinstance(value, int) and not isinstance(value, bool) else default

        return cls(day(doc.get("start")), day(doc.get("due")), points("yellow", DEFAULT_YELLOW),
                   points("red", DEFAULT_RED), points("soon", DEFAULT_SOON))


@dataclass(frozen=True)
class ReportSettings:
    """`document.report`: who makes the reports — the defaults for the head and foot of
    every report document (填报单位, 填报人, 审核人, 联系电话); empty where not given."""

    unit: str = ""
    preparer: str = ""
    reviewer: str = ""
    phone: str = ""


@dataclass(frozen=True)
class TaskBook:
    path: Path
    document: dict[str, str]
    markers: tuple[Marker, ...]
    offices: tuple[Office, ...]
    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    items: tuple[Item, ...]
    modified: str = ""  # when the file was last modified (ISO 8601), if read from a file
    schedule: Schedule = field(default_factory=lambda: Schedule())
    report: ReportSettings = field(default_factory=lambda: ReportSettings())
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
