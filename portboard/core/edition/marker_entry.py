"""A marker of the new edition in the current task book's words, with the comment that explains it."""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core.model import Marker


@dataclass
class MarkerEntry:
    marker: Marker
    comment: str = ""
