"""One section (一、二、…) of an edition as read: its title and its tasks."""

from __future__ import annotations

from dataclasses import dataclass, field

from portboard.core.edition.source_line import SourceLine
from portboard.core.edition.task_draft import TaskDraft


@dataclass
class SectionDraft:
    number: int
    title: str
    line: SourceLine
    tasks: list[TaskDraft] = field(default_factory=list)
