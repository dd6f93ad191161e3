"""The task book YAML an import wrote, and which line of the edition each YAML line came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from portboard.core.edition.source_line import SourceLine


@dataclass
class Emitted:
    text: str
    source_lines: list[SourceLine | None] = field(default_factory=list)  # per YAML line, 0-based

    def source_line(self, yaml_line: int | None) -> SourceLine | None:
        if yaml_line is None or not 0 < yaml_line <= len(self.source_lines):
            return None
        return self.source_lines[yaml_line - 1]
