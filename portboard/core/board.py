"""The board's operations: sync, move, note and read.

Every change to a card goes through one door, `Board.perform`: it checks the rule table,
records the action's events and writes once, under the cross-process lock (`_transaction`).
History is only ever appended to. A board is created only when a sync is
told it may (`create=True`): a board.json that vanished is reported, never remade.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path

from tinydb import Query
from tinydb.table import Document, Table

from portboard.core import clock
from portboard.core.access import rules
from portboard.core.access.actor import Actor
from portboard.core.access.identity import acting_user, syncing_name
from portboard.core.actions.action import Action
from portboard.core.actions.assign import Assign
from portboard.core.actions.change import Change
from portboard.core.actions.conflict import MoveConflict
from portboard.core.actions.move import Move
from portboard.core.actions.note import Note
from portboard.core.actions.outcome import Outcome
from portboard.core.board_check import BOARD_SCHEMA_VERSION, CARDS, META, CardCache, cards_from, check_version
from portboard.core.card import Card
from portboard.core.errors import Problem, UsageError
from portboard.core.history import current_user, event
from portboard.core.model import Schedule, Status, TaskBook
from portboard.core.storage.encoder import fingerprint
from portboard.core.storage.jsonstorage import LOCK_TIMEOUT_SECONDS, AtomicJSONStorage, missing_board
from portboard.core.sync import SyncPlan, item_fields, new_card_document, reconcile

__all__ = ["BOARD_SCHEMA_VERSION", "Board", "MoveConflict", "Outcome", "current_user"]


class Board:
    """The board in board.json. Cheap to create; nothing touches disk until asked."""

    def __init__(self, path: Path | str, lock_timeout: float = LOCK_TIMEOUT_SECONDS):
        self.path = Path(path)
        self.storage = AtomicJSONStorage(self.path, lock_timeout=lock_timeout, change_key=_change_key)
        # Cards built from the storage's data, per its generation; and per document, so a
        # change to one card does not rebuild the other 4,999 of a large board.
        self._cards_generation = -1
        self._checked_generation = -1  # the storage generation whose cards are known good
        self._cards: list[Card] = []
        self._card_cache: CardCache = {}
        # The storage generation the caller has seen: that of the last cards() it was given,
        # or of its last sole move. A move that finds one more than this wrote alone.
        self._seen_generation = -1

    # -- reading -------------------------------------------------------------------

    def exists(self) -> bool:
        return self.storage.exists()

    def signature(self) -> tuple[int, int, int] | None:
        return self.storage.signature()

    def take_warnings(self) -> list[str]:
        """What went wrong without stopping a write (a daily backup that could not be made),
        each said once."""
        warnings, self.storage.warnings = self.storage.warnings, []
        return warnings

    def cards(self) -> list[Card]:
        """Every card, archived ones included, in task book order. Reads without the lock:
        writes replace the file atomically, so a reader always sees a whole board."""
        data = self.storage.read_file()
        if data is None:
            raise missing_board(self.path)
        cards = list(self._validated_cards(data))
        self._seen_generation = self.storage.generation
        return cards

    def prepare_for_writes(self) -> None:
        """Do ahead of time the work the first write would do (see the storage)."""
        self.storage.prepare_for_writes()

    def card(self, item_id: str) -> Card:
        for card in self.cards():
            if card.id == item_id:
                return card
        raise UsageError(Problem(self.path, None, f"看板上没有条目 {item_id}",
                                 "用 portboard list --all 查看所有条目编号"))

    # -- changing ------------------------------------------------------------------

    def sync(self, book: TaskBook, user: str | None = None, create: bool = False) -> SyncPlan:
        """Bring the board in line with the task book. Writes nothing when nothing changed.
        Without `create`, a missing board.json is an error rather than a new board."""
        # Most syncs change nothing: find that out without the lock, so a board on a
        # read-only disk can still be listed and shown.
        current = self.storage.read_file()
        if current is None and not create:
            raise missing_board(self.path)
        schedule = book.schedule.as_document()
        if current is not None:
            self._validated_cards(current)
            plan = reconcile(book, {doc["id"]: doc for doc in current.get(CARDS, {}).values()})
            if plan.is_empty and _meta(current).get("schedule") == schedule:
                return plan
        creating = current is None
        user = user or syncing_name(self.path)  # asked only when something is to be written
        source = {"file": book.path.name, "modified": book.modified} if book.modified else {"file": book.path.name}

        def from_book(kind: str, **details: object) -> dict:
            return event(kind, user, source=source, **details)

        with self._transaction(create=create) as cards:
            docs = {doc["id"]: doc for doc in cards.all()}
            plan = reconcile(book, docs)
            plan.created_board = creating
            meta = Table(self.storage, META, cache_size=0)
            if any(doc.get("schedule") != schedule for doc in meta.all()):
                # The plan's window and thresholds, so the lights show while the task book has an error.
                meta.update({"schedule": schedule})
            if plan.is_empty:
                return plan
            items = {item.id: item for item in book.items}
            # card id -> (fields to set, event to record); one pass over the table applies all.
            updates: dict[str, tuple[dict, dict | None]] = {}
            for card_id, order in plan.reordered.items():
                updates[card_id] = ({"order": order}, None)
            for card_id, fields in plan.filled.items():
                updates[card_id] = ({**updates.get(card_id, ({}, None))[0], **fields}, None)
            for card_id in plan.restored:
                # A restored card may also have moved place: keep its new order as well.
                fields = {**updates.get(card_id, ({}, None))[0], "archived": False}
                updates[card_id] = (fields, from_book("restored"))
            for card_id in plan.archived:
                updates[card_id] = ({"archived": True}, from_book("archived"))
            revisions = {
                card_id: (item_fields(items[card_id]), from_book("revised", changes=changes))
                for card_id, changes in plan.revised.items()
            }
            renames = plan.renumbering.renames()

            def apply(doc: MutableMapping) -> None:
                # Renamed first: the plan's other changes name cards by their new ids.
                if doc["id"] in renames:
                    _renumber(doc, renames[doc["id"]], plan.renumbering.moved, from_book)
                for pending in (updates, revisions):
                    if doc["id"] in pending:
                        _set_and_record(*pending[doc["id"]])(doc)

            if updates or revisions or renames:
                cards.update(apply, Query().id.one_of(updates.keys() | revisions.keys() | renames.keys()))
            cards.insert_multiple(
                new_card_document(item, from_book("created", status=Status.TODO.value))
                for item in plan.added
            )
        return plan

    def perform(self, action: Action, actor: Actor) -> Outcome:
        """The one door every change to a card goes through: under the lock, read the card as
        it is now, check the rule table (`access/rules`), let the action decide what to write,
        record its events and write once. A refusal — by rule, by conflict, by bad input —
        raises before anything is written."""
        def decide(card: Card) -> Change:
            act = action.act(card)
            if card.archived and not action.on_archived:
                raise UsageError([], title=f"条目 {card.id} 已归档（不在当前任务书中），不能{act.value}："
                                           "如需继续跟踪，请先把它加回 taskbook.yaml 并同步")
            rules.check(actor, card, act)
            return action.decide(card, actor)

        return self._change_card(action.item_id, decide)

    # Shorthands for the commonest actions, through the same door.

    def move(self, item_id: str, status: Status, user: str | None = None, expected: Status | None = None,
             undoes: str | None = None, actor: Actor | None = None) -> Outcome:
        return self.perform(Move(item_id, status, expected, undoes), actor or acting_user(self.path, user))

    def add_note(self, item_id: str, text: str, office: str | None = None, user: str | None = None,
                 progress: int | None = None, actor: Actor | None = None) -> Card:
        note = Note(item_id, text, progress, office)
        return self.perform(note, actor or acting_user(self.path, user)).card

    def assign(self, item_id: str, owner: str | None, user: str | None = None,
               actor: Actor | None = None) -> Card:
        return self.perform(Assign(item_id, owner), actor or acting_user(self.path, user)).card

    def schedule(self) -> Schedule:
        """The plan's window and thresholds as last synced (for a task book with an error)."""
        data = self.storage.read_file()
        return Schedule.from_document(_meta(data).get("schedule")) if data else Schedule()

    def _change_card(self, item_id: str, decide: Callable[[Card], Change]) -> Outcome:
        """Read one card under the lock, ask `decide` what to write, write it (or nothing)."""
        seen = self._seen_generation
        with self._transaction() as cards:
            doc = self._find(cards, item_id)
            before = Card.from_document(doc)
            change = decide(before)
            if not change:
                return Outcome(before, before, changed=False)
            # By doc id, and announced: one card is touched, so neither TinyDB nor the
            # storage needs to look at the other 4,999 again.
            self.storage.changing(CARDS, doc.doc_id)
            cards.update(_set_and_record(change.fields, *change.events), doc_ids=[doc.doc_id])
            card = Card.from_document(_stored(cards, doc.doc_id))
        sole = self.storage.generation == seen + 1
        if sole:
            self._seen_generation = self.storage.generation
        return Outcome(card, before, changed=True, sole_write=sole)

    # -- internals -----------------------------------------------------------------

    @contextmanager
    def _transaction(self, create: bool = False) -> Iterator[Table]:
        with self.storage.transaction(create=create) as existed:
            data = self.storage.read()
            if existed and data is not None and self._checked_generation != self.storage.generation:
                # Every card must be readable before anything is changed: a damaged card
                # would otherwise be "repaired" by sync or crash a move half-way.
                self._validated_cards(data)
            meta = Table(self.storage, META, cache_size=0)
            if not meta.all():
                # Only a new board (`create`) gets here: any other file without its meta
                # was refused above.
                meta.insert({"schema": BOARD_SCHEMA_VERSION, "created": clock.now()})
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

    def _find(self, cards: Table, item_id: str) -> Document:
        found = cards.get(Query().id == item_id)
        if not isinstance(found, Document):
            raise UsageError(Problem(self.path, None, f"看板上没有条目 {item_id}",
                                     "用 portboard list --all 查看所有条目编号"))
        return found


def _meta(data: dict) -> dict:
    """The board's meta document (its schema version, the schedule)."""
    meta = data.get(META)
    docs = [doc for doc in meta.values() if isinstance(doc, dict)] if isinstance(meta, dict) else []
    return docs[0] if docs else {}


def _stored(cards: Table, doc_id: int) -> dict:
    """A card just written in this transaction, as the table now holds it."""
    doc = cards.get(doc_id=doc_id)
    assert isinstance(doc, dict), "a card written in this transaction is in the table"
    return doc


def _set_and_record(fields: dict, *events: dict | None) -> Callable[[MutableMapping], None]:
    """A TinyDB update that sets fields and appends history events, in place."""
    def transform(doc: MutableMapping) -> None:
        doc.update(fields)
        for ev in events:
            if ev is not None:
                doc.setdefault("history", []).append(ev)
    return transform


def _renumber(doc: MutableMapping, new_id: str, moved: dict[str, str],
              from_book: Callable[..., dict]) -> None:
    """Give a card its new id and say so in its history; a card that only makes room
    names the card that took its id."""
    old_id = doc["id"]
    details = {"from": old_id, "to": new_id}
    if old_id not in moved:
        details["displaced_by"] = next(card for card, target in moved.items() if target == old_id)
    _set_and_record({"id": new_id}, from_book("renumbered", **details))(doc)


def _change_key(table: str, doc: dict) -> tuple:
    """What differs when a card changed. The board replaces top-level fields and appends
    to the history, never edits an event in place: the values themselves plus the
    history's length say it, and comparing them is mostly identity checks."""
    if table == CARDS and isinstance(doc, dict) and isinstance(doc.get("history"), list):
        return (*doc.values(), len(doc["history"]))
    return fingerprint(doc)
