"""A board in one JSON file (board.json), through TinyDB on `AtomicJSONStorage`: every write
replaces the file whole, under a cross-process lock; reads need no lock.

The cards built from the file are kept per storage generation, and per document, so a change
to one card does not rebuild the other 4,999 of a large board.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import Query
from tinydb.table import Document, Table

from portboard.core import clock
from portboard.core.actions.outcome import Outcome
from portboard.core.board_check import BOARD_SCHEMA_VERSION, CARDS, META, CardCache, cards_from, check_version
from portboard.core.card import Card
from portboard.core.errors import BoardError, os_problem
from portboard.core.storage.atomicfile import replace_atomically
from portboard.core.storage.board_store import BoardDocuments, BoardStore, CardDecider, SyncDecider, no_such_card
from portboard.core.storage.encoder import encode, fingerprint
from portboard.core.storage.jsonstorage import LOCK_TIMEOUT_SECONDS, AtomicJSONStorage, missing_board
from portboard.core.sync import SyncPlan


class FileStore(BoardStore):
    def __init__(self, path: Path, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self.path = path
        self.storage = AtomicJSONStorage(path, lock_timeout=lock_timeout, change_key=_change_key)
        self._cards_generation = -1
        self._checked_generation = -1  # the storage generation whose cards are known good
        self._cards: list[Card] = []
        self._card_cache: CardCache = {}
        # The storage generation the caller has seen: that of the last cards() it was given,
        # or of its last sole change. A change that finds one more than this wrote alone.
        self._seen_generation = -1

    # -- reading -------------------------------------------------------------------

    def exists(self) -> bool:
        return self.storage.exists()

    def signature(self) -> Hashable | None:
        return self.storage.signature()

    def take_warnings(self) -> list[str]:
        warnings, self.storage.warnings = self.storage.warnings, []
        return warnings

    def meta(self) -> dict[str, Any] | None:
        data = self.storage.read_file()
        return None if data is None else _meta(data)

    def cards(self) -> list[Card]:
        """Reads without the lock: writes replace the file atomically, so a reader always
        sees a whole board."""
        cards = list(self._validated_cards(self._read()))
        self._seen_generation = self.storage.generation
        return cards

    def card(self, item_id: str) -> Card | None:
        return next((card for card in self._validated_cards(self._read()) if card.id == item_id), None)

    def documents(self) -> Mapping[str, Mapping[str, Any]]:
        data = self._read()
        self._validated_cards(data)
        return {doc["id"]: doc for doc in data.get(CARDS, {}).values()}

    def prepare_for_writes(self) -> None:
        self.storage.prepare_for_writes()

    def missing(self) -> BoardError:
        return missing_board(self.path)

    def close(self) -> None:
        pass  # nothing is held open between reads and writes

    # -- changing ------------------------------------------------------------------

    def change_card(self, item_id: str, decide: CardDecider) -> Outcome:
        seen = self._seen_generation
        with self._transaction() as cards:
            doc = cards.get(Query().id == item_id)
            if not isinstance(doc, Document):
                raise no_such_card(self.path, item_id)
            before = Card.from_document(doc)
            change = decide(before)
            if not change:
                return Outcome(before, before, changed=False)
            # By doc id, and announced: one card is touched, so neither TinyDB nor the
            # storage needs to look at the other 4,999 again.
            self.storage.changing(CARDS, doc.doc_id)
            cards.update(_set_and_record(change.fields, change.events), doc_ids=[doc.doc_id])
            stored = cards.get(doc_id=doc.doc_id)
            assert isinstance(stored, dict), "a card written in this transaction is in the table"
            card = Card.from_document(stored)
        sole = self.storage.generation == seen + 1
        if sole:
            self._seen_generation = self.storage.generation
        return Outcome(card, before, changed=True, sole_write=sole)

    def apply_sync(self, decide: SyncDecider, create: bool) -> SyncPlan:
        with self._transaction(create=create) as cards:
            meta_table = Table(self.storage, META, cache_size=0)
            existing = meta_table.all()
            decision = decide({doc["id"]: doc for doc in cards.all()}, dict(existing[0]) if existing else None)
            if not existing:
                # Only a new board (`create`) gets here: any other file without its meta
                # was refused when the transaction began.
                meta_table.insert({"schema": BOARD_SCHEMA_VERSION, "created": clock.now()})
            meta = meta_table.all()[0]
            if any(meta.get(key) != value for key, value in decision.meta.items()):
                meta_table.update(_set_or_remove(decision.meta))
            writes = decision.writes
            if writes.cards:
                def apply(doc: MutableMapping) -> None:
                    write = writes.cards[doc["id"]]
                    _set_and_record(write.fields, write.events)(doc)

                cards.update(apply, Query().id.one_of(writes.cards.keys()))
            if writes.added:
                cards.insert_multiple(writes.added)
        return decision.plan

    # -- copying -------------------------------------------------------------------

    def export(self) -> BoardDocuments:
        data = self._read()
        self._validated_cards(data)
        return BoardDocuments(dict(_meta(data)), {int(key): doc for key, doc in data.get(CARDS, {}).items()})

    def is_empty(self) -> bool:
        if not self.path.exists():
            return True
        return not self._read().get(CARDS)

    def replace_with(self, board: BoardDocuments) -> None:
        data = {META: {"1": board.meta}, CARDS: {str(number): doc for number, doc in board.cards.items()}}
        with self.storage.transaction(create=True):
            try:
                replace_atomically(self.path, encode(data).encode("utf-8"))
            except OSError as exc:
                raise BoardError(os_problem(self.path, "写入看板", exc)) from None

    # -- internals -----------------------------------------------------------------

    def _read(self) -> dict:
        data = self.storage.read_file()
        if data is None:
            raise missing_board(self.path)
        return data

    @contextmanager
    def _transaction(self, create: bool = False) -> Iterator[Table]:
        with self.storage.transaction(create=create) as existed:
            data = self.storage.read()
            if existed and data is not None and self._checked_generation != self.storage.generation:
                # Every card must be readable before anything is changed: a damaged card
                # would otherwise be "repaired" by sync or crash a move half-way.
                self._validated_cards(data)
            # A fresh Table per transaction: TinyDB tables cache the next id and query
            # results, which another process's writes would make stale.
            yield Table(self.storage, CARDS, cache_size=0)
        # Committed: what is on disk now is checked data plus our own change, so the next
        # transaction need not check 5,000 cards again.
        self._checked_generation = self.storage.generation

    def _validated_cards(self, data: dict) -> list[Card]:
        """The cards in `data`, checked and sorted; computed once per storage generation."""
        if self._cards_generation != self.storage.generation:
            check_version(self.path, data)
            self._cards, self._card_cache = cards_from(self.path, data, self._card_cache)
            self._cards_generation = self._checked_generation = self.storage.generation
        return self._cards


def _meta(data: dict) -> dict:
    """The board's meta document (its schema version, the schedule)."""
    meta = data.get(META)
    docs = [doc for doc in meta.values() if isinstance(doc, dict)] if isinstance(meta, dict) else []
    return docs[0] if docs else {}


def _set_or_remove(fields: dict[str, Any]) -> Callable[[MutableMapping], None]:
    """A TinyDB update that sets fields, and removes those given as None."""
    def transform(doc: MutableMapping) -> None:
        for key, value in fields.items():
            if value is None:
                doc.pop(key, None)
            else:
                doc[key] = value
    return transform


def _set_and_record(fields: dict, events: tuple[dict, ...] | list[dict]) -> Callable[[MutableMapping], None]:
    """A TinyDB update that sets fields and appends history events, in place."""
    def transform(doc: MutableMapping) -> None:
        doc.update(fields)
        if events:
            doc.setdefault("history", []).extend(events)
    return transform


def _change_key(table: str, doc: dict) -> tuple:
    """What differs when a card changed. The board replaces top-level fields and appends
    to the history, never edits an event in place: the values themselves plus the
    history's length say it, and comparing them is mostly identity checks."""
    if table == CARDS and isinstance(doc, dict) and isinstance(doc.get("history"), list):
        return (*doc.values(), len(doc["history"]))
    return fingerprint(doc)

