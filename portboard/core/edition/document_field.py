"""One field of the task book's `document:` as the edition prints it, with the line it came from."""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core.edition.source_line import SourceLine


@dataclass
class DocumentField:
    key: str
    value: str
    line: SourceLine
    comment: str = ""  # written above the field, as the shipped task book does
