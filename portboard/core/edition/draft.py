"""What the importer read from an edition, before it is written as YAML.

Every piece keeps the source line it came from, so a warning, a comment in the output and a
problem found by the final check can all point at the place in the published text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portboard.core.edition.document_field import DocumentField
from portboard.core.edition.finding import Finding
from portboard.core.edition.item_draft import ItemDraft
from portboard.core.edition.key_point_draft import KeyPointDraft
from portboard.core.edition.legend_entry import LegendEntry
from portboard.core.edition.section_draft import SectionDraft
from portboard.core.edition.source_line import SourceLine
from portboard.core.edition.task_draft import TaskDraft


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
