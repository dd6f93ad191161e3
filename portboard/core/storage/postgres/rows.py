"""Card rows: read into Cards and documents, and written back — a card's new document and
digest, its new events appended, new cards added."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from portboard.core.digest import Digest
from portboard.core.storage.postgres.schema import CARDS, HISTORY

if TYPE_CHECKING:
    from psycopg import Cursor


COLUMNS = "card_no, id, document::text, digest::text, events, writer::text"


@dataclass
class CardRow:
    card_no: int
    id: str
    document: dict[str, Any]  # without its events: "history" holds [] in their place
    digest: Digest
    events: int
    writer: int

    @classmethod
    def of(cls, row: tuple) -> CardRow:
        card_no, card_id, document, digest, events, writer = row
        return cls(card_no, card_id, json.loads(document), Digest.from_document(json.loads(digest)), events,
                   int(writer))

    @classmethod
    def all_of(cls, text: str, strings: dict[str, str]) -> list[CardRow]:
        """The rows `read_all` sent as one JSON text, the task book's words shared among
        them: a task's title and key point, a section's, the offices' names are one string
        each however many cards repeat them."""
        def shared(doc: dict[str, Any]) -> dict[str, Any]:
            for key, value in doc.items():
                if isinstance(value, str):
                    doc[key] = strings.setdefault(value, value)
                elif isinstance(value, list) and value and isinstance(value[0], str):
                    doc[key] = [strings.setdefault(v, v) if isinstance(v, str) else v for v in value]
            return doc

        return [cls(card_no, card_id, document, Digest.from_document(digest), events, int(writer))
                for card_no, card_id, document, digest, events, writer in json.loads(text, object_hook=shared)]


def read_all(cur: Cursor, where: str, *params: object) -> str:
    """The card rows `where` selects, as one JSON text: parsed in one go, not row by row."""
    cur.execute(f"""SELECT coalesce(json_agg(json_build_array(card_no, id, document, digest, events, writer::text)),
                                     '[]')::text FROM {CARDS} {where}""", params or None)
    row = cur.fetchone()
    assert row is not None
    return str(row[0])


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def without_events(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A card's document as the cards table keeps it: its fields in their order, its history
    an empty list (the events are rows of their own)."""
    return {key: ([] if key == "history" else value) for key, value in doc.items()} | (
        {} if "history" in doc else {"history": []})


def update_cards(cur: Cursor, changes: list[tuple[CardRow, dict[str, Any], list[dict]]]) -> None:
    """Set each card's new document (`fields` over its row's) and append its new events, its
    digest and event count following; the cards are stamped with this transaction."""
    card_updates, events = [], []
    for row, fields, new in changes:
        document = {**row.document, **fields}
        card_updates.append((document["id"], dump(without_events(document)),
                             dump(row.digest.after(new).as_document()), row.events + len(new), row.card_no))
        events += [(row.card_no, row.events + n, dump(event)) for n, event in enumerate(new)]
    cur.executemany(f"UPDATE {CARDS} SET id = %s, document = %s, digest = %s, events = %s,"
                    " writer = pg_current_xact_id() WHERE card_no = %s", card_updates)
    if events:
        cur.executemany(f"INSERT INTO {HISTORY} (card_no, seq, event) VALUES (%s, %s, %s)", events)


def insert_cards(cur: Cursor, cards: Mapping[int, Mapping[str, Any]]) -> None:
    """Add whole cards (documents with their history) under their numbers."""
    with cur.copy(f"COPY {CARDS} (card_no, id, document, digest, events) FROM STDIN") as copy:
        for card_no, doc in cards.items():
            history = doc.get("history") or []
            copy.write_row((card_no, doc["id"], dump(without_events(doc)), dump(Digest.of(history).as_document()),
                            len(history)))
    with cur.copy(f"COPY {HISTORY} (card_no, seq, event) FROM STDIN") as copy:
        for card_no, doc in cards.items():
            for seq, event in enumerate(doc.get("history") or []):
                copy.write_row((card_no, seq, dump(event)))


def notify(cur: Cursor, channel: str) -> int:
    """Tell every open board that this transaction changed the board (delivered at commit);
    returns the transaction's id."""
    cur.execute("SELECT pg_notify(%s, pg_current_xact_id()::text), pg_current_xact_id()::text", (channel,))
    row = cur.fetchone()
    assert row is not None
    return int(row[1])
