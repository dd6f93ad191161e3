"""One work item as read from an edition: id, text, markers and the offices as printed."""

from __future__ import annotations

from dataclasses import dataclass, field

from portboard.core.edition.finding import Finding
from portboard.core.edition.source_line import SourceLine


@dataclass
class ItemDraft:
    id: str
    text: str
    markers: list[str]
    office_spellings: list[str]  # as printed, in written order
    line: SourceLine
    offices: list[str] = field(default_factory=list)  # canonical names, filled by the vocabulary
    office_notes: list[str] = field(default_factory=list)  # comment on the offices line
    was: str | None = None
    was_note: str = ""
    findings: list[Finding] = field(default_factory=list)  # comment lines above the item
