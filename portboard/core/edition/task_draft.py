"""One task of an edition as read: its title and its items."""

from __future__ import annotations

from dataclasses import dataclass, field

from portboard.core.edition.finding import Finding
from portboard.core.edition.item_draft import ItemDraft
from portboard.core.edition.key_point_draft import KeyPointDraft
from portboard.core.edition.source_line import SourceLine


@dataclass
class TaskDraft:
    id: str
    title: str
    line: SourceLine
    items: list[ItemDraft] = field(default_factory=list)
    key_point: KeyPointDraft | None = None
    findings: list[Finding] = field(default_factory=list)
