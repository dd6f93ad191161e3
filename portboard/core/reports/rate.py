"""A rate as 考评 prints it: the share, with the count it was worked out from — 75%（3/4）."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """The share, or None when there was nothing to count."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def text(self) -> str:
        """75%（3/4）, or —（0/0） when there was nothing to count."""
        value = self.value
        shown = "—" if value is None else f"{value:.0%}"
        return f"{shown}（{self.numerator}/{self.denominator}）"

    def for_ranking(self) -> float:
        """Nothing to count ranks as complete: an office with no unfinished item is not behind."""
        value = self.value
        return 1.0 if value is None else value
