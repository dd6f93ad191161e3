"""One 工作要点 as read from an edition, numbered across the whole text, under its section."""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core.edition.source_line import SourceLine


@dataclass
class KeyPointDraft:
    number: int
    text: str
    section_no: int  # the 一、二、… heading it sits under (1, 2, …)
    line: SourceLine
