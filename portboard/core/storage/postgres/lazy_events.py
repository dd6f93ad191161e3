"""A card's events read from the database only when someone looks at them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from portboard.core.card_history import EventsLoader


class LazyEvents(Sequence[dict]):
    """A card's events for `reconcile`, read only if it looks (a renumbering's `was:`)."""

    def __init__(self, load: EventsLoader, count: int) -> None:
        self._load, self._count = load, count
        self._events: tuple[dict, ...] | None = None

    def _all(self) -> tuple[dict, ...]:
        if self._events is None:
            self._events = self._load()
        return self._events

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> dict: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[dict]: ...
    def __getitem__(self, index: int | slice) -> dict | Sequence[dict]:
        return self._all()[index]

    def __iter__(self) -> Iterator[dict]:
        return iter(self._all())
