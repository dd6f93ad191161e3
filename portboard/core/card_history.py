"""Where a card's history is: in hand (board.json holds every card whole), or read when first
asked for (a database board holds cards and their digests, and reads a card's events only
for the detail, the log and the reports).

History is append-only, so the first `count` events of a card never change: a card read at
one moment and its events read later agree, whatever was written in between.
"""

from __future__ import annotations

from collections.abc import Callable
from threading import Lock

from portboard.core.digest import Digest

EventsLoader = Callable[[], tuple[dict, ...]]


class CardHistory:
    def __init__(self, events: tuple[dict, ...] | None = None, *, loader: EventsLoader | None = None,
                 count: int | None = None, digest: Digest | None = None) -> None:
        if events is None and loader is None:
            raise ValueError("a card's history needs its events or a way to read them")
        self._events = events
        self._loader = loader
        self._digest = digest
        self._lock = Lock()
        self.count = len(events) if events is not None else (count or 0)

    @classmethod
    def known(cls, events: tuple[dict, ...]) -> CardHistory:
        return cls(events)

    @property
    def loaded(self) -> bool:
        return self._events is not None

    def events(self) -> tuple[dict, ...]:
        """The events in the order they were recorded; read on the first call when not in hand."""
        events = self._events
        if events is None:
            with self._lock:  # two threads asking at once read it once
                if self._events is None:
                    assert self._loader is not None
                    self._events = self._loader()
                events = self._events
        return events

    @property
    def digest(self) -> Digest:
        if self._digest is None:
            self._digest = Digest.of(self.events())
        return self._digest

    def unread(self) -> CardHistory:
        """The same history not yet read (it is read again when asked): what a board keeps
        once the reader that asked for the events is done with them."""
        if self._loader is None:
            return self
        return CardHistory(loader=self._loader, count=self.count, digest=self._digest)

    def appended(self, new: tuple[dict, ...]) -> CardHistory:
        """This history with `new` events recorded after it."""
        digest = self._digest.after(new) if self._digest is not None else None
        if self._events is not None:
            return CardHistory(self._events + new, digest=digest)
        loader = self._loader
        assert loader is not None
        return CardHistory(loader=lambda: loader() + new, count=self.count + len(new), digest=digest)
