"""What the importer read from an edition, before it is written as YAML.

Every piece keeps the source line it came from, so a warning, a comment in the output and a
problem found by the final check can all point at the place in the published text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portboard.core.edition.source import SourceLine


@dataclass(frozen=True)
class Finding:
    """Something a person should look at: `warning` when the importer could not read it with
    certainty (printed, and marked ⚠ in the output), otherwise a note written as a comment
    only (a repaired bracket, an alias resolved)."""

    line: SourceLine | None
    what: str
    todo: str = ""
    warning: bool = True


@dataclass
class DocumentField:
    key: str
    value: str
    line: SourceLine
    comment: str = ""  # written above the field, as the shipped task book does


@dataclass
class KeyPointDraft:
    number: int
    text: str
    section_no: int  # the 一、二、… heading it sits under (1, 2, …)
    line: SourceLine


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


@dataclass
class TaskDraft:
    id: str
    title: str
    line: SourceLine
    items: list[ItemDraft] = field(default_factory=list)
    key_point: KeyPointDraft | None = None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class SectionDraft:
    number: int
    title: str
    line: SourceLine
    tasks: list[TaskDraft] = field(default_factory=list)


@dataclass
class LegendEntry:
    symbol: str
    meaning: str
    line: SourceLine


@dataclass
class EditionDraft:
    document: list[DocumentField] = field(default_factory=list)
    key_point_sections: dict[int, tuple[str, SourceLine]] = field(default_factory=dict)
    key_points: list[KeyPointDraft] = field(default_factory=list)
    sections: list[SectionDraft] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # printed; placed with the document
    # Problems that make a valid task book impossible (no office list, a duplicate id).
    errors: list[Finding] = field(default_factory=list)

    def tasks(self) -> list[TaskDraft]:
        return [task for section in self.sections for task in section.tasks]

    def items(self) -> list[ItemDraft]:
        return [item for task in self.tasks() for item in task.items]

    def all_findings(self) -> list[Finding]:
        """Every finding in the order of the source."""
        found = list(self.findings)
        for task in self.tasks():
            found += task.findings
            for item in task.items:
                found += item.findings
        return sorted(found, key=lambda f: f.line.no if f.line else 0)
