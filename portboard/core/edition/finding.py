"""Something the importer wants a person to look at: a warning, or a note written as a comment."""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core.edition.source_line import SourceLine


@dataclass(frozen=True)
class Finding:
    """Something a person should look at: `warning` when the importer could not read it with
    certainty (printed, and marked ⚠ in the output), otherwise a note written as a comment
    only (a repaired bracket, an alias resolved)."""

    line: SourceLine | None
    what: str
    todo: str = ""
    warning: bool = True
