"""The board's operations: sync, move, note and read.

Every change to a card goes through one door, `Board.perform`: it checks the rule table,
records the action's events and writes once, in one transaction of the board's store.
History is only ever appended to. A board is created only when a sync is told it may
(`create=True`): a board that vanished is reported, never remade.

Where the board lives — a board.json file, or a PostgreSQL database named by a
postgresql:// address — is the store's business (core/storage/board_store): nothing here
or above knows which one it is on.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

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
from portboard.core.board_check import BOARD_SCHEMA_VERSION
from portboard.core.card import Card
from portboard.core.errors import BoardError, UsageError
from portboard.core.history import current_user, event
from portboard.core.model import Schedule, Status, TaskBook
from portboard.core.storage.address import BoardAddress, board_address
from portboard.core.storage.board_store import TASKBOOK_HASH, BoardStore, SyncDecision, no_such_card
from portboard.core.storage.jsonstorage import LOCK_TIMEOUT_SECONDS
from portboard.core.storage.opening import open_store
from portboard.core.sync import SyncPlan, reconcile
from portboard.core.sync_writes import EventFromBook, sync_writes

__all__ = ["BOARD_SCHEMA_VERSION", "Board", "MoveConflict", "Outcome", "current_user"]


class Board:
    """A board, in a file or a database. Cheap to create; nothing is read or opened until asked."""

    def __init__(self, path: BoardAddress | str, lock_timeout: float = LOCK_TIMEOUT_SECONDS):
        self.path: BoardAddress = board_address(path)
        self.store: BoardStore = open_store(self.path, lock_timeout)

    # -- reading -------------------------------------------------------------------

    def exists(self) -> bool:
        return self.store.exists()

    def signature(self) -> Hashable | None:
        """Changes whenever the board may have changed (anyone's write); None while it is not there."""
        return self.store.signature()

    def take_warnings(self) -> list[str]:
        """What went wrong without stopping a write (a daily backup that could not be made),
        each said once."""
        return self.store.take_warnings()

    def cards(self) -> list[Card]:
        """Every card, archived ones included, in task book order."""
        return self.store.cards()

    def prepare_for_writes(self) -> None:
        """Do ahead of time the work the first write would do (see the store)."""
        self.store.prepare_for_writes()

    def card(self, item_id: str) -> Card:
        found = self.store.card(item_id)
        if found is None:
            raise no_such_card(self.path, item_id)
        return found

    def schedule(self) -> Schedule:
        """The plan's window and thresholds as last synced (for a task book with an error)."""
        meta = self.store.meta()
        return Schedule.from_document(meta.get("schedule")) if meta else Schedule()

    def follows(self, taskbook_hash: str) -> bool:
        """Whether the last sync applied was of the task book with this content hash."""
        meta = self.store.meta()
        return meta is not None and meta.get(TASKBOOK_HASH) == taskbook_hash

    def missing(self) -> BoardError:
        """The error for a board that is not there."""
        return self.store.missing()

    def close(self) -> None:
        self.store.close()

    # -- changing ------------------------------------------------------------------

    def sync(self, book: TaskBook, user: str | None = None, create: bool = False,
             taskbook_hash: str | None = None) -> SyncPlan:
        """Bring the board in line with the task book. Writes nothing when nothing changed.
        Without `create`, a missing board is an error rather than a new board.
        `taskbook_hash`, the hash of the task book's content, is kept in the board's meta:
        when it is the last applied sync's, the board already follows this task book."""
        meta = self.store.meta()
        if meta is None and not create:
            raise self.store.missing()
        schedule = book.schedule.as_document()
        if meta is not None:
            if taskbook_hash is not None and meta.get(TASKBOOK_HASH) == taskbook_hash:
                return SyncPlan()
            # Most syncs change nothing: find that out without the lock, so a board on a
            # read-only disk can still be listed and shown.
            plan = reconcile(book, self.store.documents())
            if plan.is_empty and meta.get("schedule") == schedule:
                return plan
        # Who applied it is asked only now, when something is to be written.
        from_book = _from_book(book, user or syncing_name(self.path))

        def decide(docs: Mapping[str, Mapping[str, Any]], current: dict[str, Any] | None) -> SyncDecision:
            plan = reconcile(book, docs)
            plan.created_board = current is None
            writes = sync_writes(plan, book, from_book)
            meta: dict[str, Any] = {"schedule": schedule}
            if writes or current is None or current.get("schedule") != schedule:
                # Recorded with what this sync writes, never alone: a sync that changes
                # nothing writes nothing. It stays only beside the content it was made from.
                meta[TASKBOOK_HASH] = taskbook_hash
            return SyncDecision(plan, writes, meta)

        return self.store.apply_sync(decide, create)

    def perform(self, action: Action, actor: Actor) -> Outcome:
        """The one door every change to a card goes through: in one transaction, read the
        card as it is now, check the rule table (`access/rules`), let the action decide what
        to write, record its events and write once. A refusal — by rule, by conflict, by bad
        input — raises before anything is written."""
        def decide(card: Card) -> Change:
            act = action.act(card)
            if card.archived and not action.on_archived:
                raise UsageError([], title=f"条目 {card.id} 已归档（不在当前任务书中），不能{act.value}："
                                           "如需继续跟踪，请先把它加回 taskbook.yaml 并同步")
            rules.check(actor, card, act)
            return action.decide(card, actor)

        return self.store.change_card(action.item_id, decide)

    # Shorthands for the commonest actions, through the same door.

    def move(self, item_id: str, status: Status, user: str | None = None, expected: Status | None = None,
             undoes: str | None = None, actor: Actor | None = None) -> Outcome:
        return self.perform(Move(item_id, status, expected, undoes), actor or self._actor(user))

    def add_note(self, item_id: str, text: str, office: str | None = None, user: str | None = None,
                 progress: int | None = None, actor: Actor | None = None) -> Card:
        note = Note(item_id, text, progress, office)
        return self.perform(note, actor or self._actor(user)).card

    def assign(self, item_id: str, owner: str | None, user: str | None = None,
               actor: Actor | None = None) -> Card:
        return self.perform(Assign(item_id, owner), actor or self._actor(user)).card

    def _actor(self, user: str | None) -> Actor:
        return acting_user(self.path, user)


def _from_book(book: TaskBook, user: str) -> EventFromBook:
    """Events a sync records: the task book's, applied by `user`."""
    source = {"file": book.path.name, "modified": book.modified} if book.modified else {"file": book.path.name}

    def from_book(kind: str, **details: object) -> dict:
        return event(kind, user, source=source, **details)
    return from_book
