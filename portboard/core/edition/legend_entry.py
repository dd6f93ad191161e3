"""One entry of the edition's marker legend (▲ ● ★ and what each means)."""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core.edition.source_line import SourceLine


@dataclass
class LegendEntry:
    symbol: str
    meaning: str
    line: SourceLine
