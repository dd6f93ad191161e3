"""One non-empty line of a published edition, numbered as the person sees it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceLine:
    """One non-empty line. `no` counts lines of a text file; in a Word file it counts
    paragraphs and table rows, and `where` names the table cell it came from."""

    no: int
    text: str
    where: str = ""
    dropped: str = ""  # control characters taken out of the line, as escapes (see `_clean`)
