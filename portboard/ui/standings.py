"""Each card's standing (deadline, progress, 序时进度, light) on the day the board is measured
against — today in the board's zone, or the day given with --as-of — worked out once per
card and day, so drawing and filtering 5,000 cards stays cheap."""

from __future__ import annotations

from datetime import date

from portboard.core import clock
from portboard.core.card import Card
from portboard.core.lights import Standing, standing
from portboard.core.model import Schedule


class Standings:
    def __init__(self, as_of: date | None = None, schedule: Schedule | None = None) -> None:
        self.as_of = as_of
        self.schedule = schedule or Schedule()
        self.day = as_of or clock.today()
        self._cache: dict[int, tuple[Card, Standing]] = {}

    def set_schedule(self, schedule: Schedule) -> bool:
        """Use the task book's window and thresholds; True if that changes anything."""
        if schedule == self.schedule:
            return False
        self.schedule = schedule
        self._cache.clear()
        return True

    def new_day(self) -> bool:
        """Move to today when the date has changed (a board left open overnight)."""
        today = self.as_of or clock.today()
        if today == self.day:
            return False
        self.day = today
        self._cache.clear()
        return True

    def of(self, card: Card) -> Standing:
        cached = self._cache.get(id(card))
        if cached is not None and cached[0] is card:
            return cached[1]
        if len(self._cache) > 20_000:
            self._cache.clear()  # cards replaced over a long session: start afresh
        found = standing(card, self.schedule, self.day)
        self._cache[id(card)] = (card, found)
        return found

    def light_of(self, card: Card) -> str | None:
        return self.of(card).light
