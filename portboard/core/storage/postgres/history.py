"""A card's events, read from portboard_history when first asked for.

Whoever asks for one card's history usually goes on to the next (the log, a report): so a
request reads the asked card's events together with those of the cards after it in the last
read's order, a few hundred cards in one query, and keeps them until asked for. Each card
reads only the events it had when the board was read — the history is append-only, so that
part never changes — and a card read inside a write's transaction reads them there.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from portboard.core.card import CardDamage, history_events
from portboard.core.card_history import EventsLoader
from portboard.core.errors import BoardError
from portboard.core.storage.postgres.schema import HISTORY

if TYPE_CHECKING:
    from psycopg import Cursor

    from portboard.core.storage.postgres.connection import Connection

CHUNK = 250  # cards whose events one query reads
Wanted = tuple[int, int]  # (card_no, how many of its events)


class HistoryReader:
    def __init__(self, connection: Connection, damaged: Callable[[CardDamage], BoardError]) -> None:
        self.connection = connection
        self.damaged = damaged  # the error for a card whose history is not portboard's
        self._order: list[Wanted] = []
        self._place: dict[int, int] = {}
        self._fetched: dict[Wanted, list[dict]] = {}

    def follow(self, order: list[Wanted]) -> None:
        """The cards of the latest read, in the order they are shown and listed."""
        with self.connection.lock:
            self._order = order
            self._place = {card_no: n for n, (card_no, _) in enumerate(order)}
            self._fetched = {}

    def loader(self, card_no: int, count: int, card_id: str, read_ahead: bool = True) -> EventsLoader:
        def load() -> tuple[dict, ...]:
            try:
                return history_events(card_id, self.events(card_no, count, read_ahead))
            except CardDamage as damage:
                raise self.damaged(damage) from None
        return load

    def events(self, card_no: int, count: int, read_ahead: bool = True) -> list[dict]:
        """The first `count` events of the card; with `read_ahead`, also those of the cards
        after it, kept for when they are asked for."""
        if count == 0:
            return []
        key = (card_no, count)
        with self.connection.lock:
            if key not in self._fetched:
                if len(self._fetched) > 2 * CHUNK:
                    self._fetched = {}  # read ahead but never asked for: let it go
                wanted = [key, *(self._following(card_no) if read_ahead else [])]
                with self.connection.transaction() as cur:
                    found = read_events(cur, wanted)
                for want in wanted:
                    self._fetched[want] = found.get(want[0], [])
            return self._fetched.pop(key)

    def _following(self, card_no: int) -> list[Wanted]:
        place = self._place.get(card_no)
        if place is None:
            return []
        return [w for w in self._order[place + 1:place + CHUNK] if w[1] and w not in self._fetched]


def read_events(cur: Cursor, wanted: list[Wanted]) -> dict[int, list[dict]]:
    """The first n events of each (card_no, n), by card_no."""
    cur.execute(f"""
        SELECT h.card_no, json_agg(h.event ORDER BY h.seq)::text
        FROM {HISTORY} h JOIN unnest(%s::int[], %s::int[]) AS w(card_no, n)
             ON h.card_no = w.card_no AND h.seq < w.n
        GROUP BY h.card_no""", ([w[0] for w in wanted], [w[1] for w in wanted]))
    return {card_no: json.loads(text) for card_no, text in cur.fetchall()}

