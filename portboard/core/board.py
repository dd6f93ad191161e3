"""The board's operations: sync, move, note and read.

Every change goes through `Board._transaction`, which holds the cross-process lock and
writes once; history is only ever appended to. A board is created only when a sync is
told it may (`create=True`): a board.json that vanished is reported, never remade.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tinydb import Query
from tinydb.table import Document, Table

from portboard.core import clock
from portboard.core.board_check import BOARD_SCHEMA_VERSION, CARDS, META, CardCache, cards_from, check_version
from portboard.core.card import Card
from portboard.core.errors import Problem, UsageError
from portboard.core.history import current_user, event
from portboard.core.model import Schedule, Status, TaskBook
from portboard.core.printable import describe, first_control
from portboard.core.storage.encoder import fingerprint
from portboard.core.storage.jsonstorage import LOCK_TIMEOUT_SECONDS, AtomicJSONStorage, missing_board
from portboard.core.sync import SyncPlan, item_fields, new_card_document, reconcile

__all__ = ["BOARD_SCHEMA_VERSION", "Board", "MoveConflict", "MoveResult", "current_user"]


class MoveConflict(UsageError):
    """The card is no longer where the mover saw it."""

    def __init__(self, item_id: str, current: Status):
        super().__init__([], title=f"{item_id} 已被他人改为 {current.value}，未移动：看板已刷新，请确认后再移动")
        self.item_id = item_id
        self.current = current


@dataclass(frozen=True)
class MoveResult:
    card: Card
    previous: Status
    changed: bool
    # Nothing but this move reached board.json since the caller last read the cards (or
    # last made a sole move): the board on disk is what the caller holds plus this card.
    sole_write: bool = False


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
        user = user or current_user()
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

    def move(self, item_id: str, status: Status, user: str | None = None,
             expected: Status | None = None, undoes: str | None = None) -> MoveResult:
        """Move a card. With `expected`, refuse (MoveConflict) if someone else has moved it
        since the caller looked: checked under the lock, so no move is silently undone.
        `undoes` is the time of the move this one takes back: it is recorded as 撤销."""
        user = user or current_user()
        seen = self._seen_generation
        with self._transaction() as cards:
            doc = self._find(cards, item_id)
            if doc.get("archived"):
                raise UsageError([], title=f"条目 {item_id} 已归档（不在当前任务书中），不能移动："
                                           "如需继续跟踪，请先把它加回 taskbook.yaml 并同步")
            previous = Status(doc["status"])
            if expected is not None and previous is not expected:
                raise MoveConflict(item_id, current=previous)
            if previous is status:
                return MoveResult(Card.from_document(doc), previous, changed=False)
            details = {"from": previous.value, "to": status.value}
            moved = event("undone", user, undoes=undoes, **details) if undoes else event("moved", user, **details)
            # By doc id, and announced: one card is touched, so neither TinyDB nor the
            # storage needs to look at the other 4,999 again.
            self.storage.changing(CARDS, doc.doc_id)
            cards.update(_set_and_record({"status": status.value}, moved), doc_ids=[doc.doc_id])
            card = Card.from_document(_stored(cards, doc.doc_id))
        sole = self.storage.generation == seen + 1
        if sole:
            self._seen_generation = self.storage.generation
        return MoveResult(card, previous, changed=True, sole_write=sole)

    def add_note(self, item_id: str, text: str, office: str | None = None, user: str | None = None,
                 progress: int | None = None) -> Card:
        """Append a progress note — its text, the progress it reports (0–100), or both — to
        a card's history. Notes are never edited or dropped."""
        text = text.strip()
        if not text and progress is None:
            raise UsageError([], title="进展内容为空：请写上进展内容，或报一个进度")
        if progress is not None and not 0 <= progress <= 100:
            raise UsageError([], title=f"进度 {progress} 不在 0–100 之间：请写 0 到 100 的整数（百分比）")
        _refuse_control(text, "进展")
        details: dict[str, object] = {"text": text} if text else {}
        if progress is not None:
            details["progress"] = progress
        if office:
            details["office"] = office
        kind = "note" if text else "progress"
        return self._record(item_id, event(kind, user or current_user(), **details))

    def assign(self, item_id: str, owner: str | None, user: str | None = None) -> Card:
        """Set the card's responsible person (责任人), or clear it with None."""
        owner = owner.strip() if owner else None
        if owner is not None:
            if not owner:
                raise UsageError([], title="责任人为空：请写上姓名，或用 --clear 清除")
            _refuse_control(owner, "责任人")
        return self._record(item_id, event("assigned", user or current_user(), owner=owner))

    def schedule(self) -> Schedule:
        """The plan's window and thresholds as last synced (for a task book with an error)."""
        data = self.storage.read_file()
        return Schedule.from_document(_meta(data).get("schedule")) if data else Schedule()

    def _record(self, item_id: str, ev: dict) -> Card:
        """Append one event to one card, and return the card."""
        with self._transaction() as cards:
            doc_id = self._find(cards, item_id).doc_id
            self.storage.changing(CARDS, doc_id)
            cards.update(_set_and_record({}, ev), doc_ids=[doc_id])
            return Card.from_document(_stored(cards, doc_id))

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


def _refuse_control(text: str, what: str) -> None:
    found = first_control(text)
    if found is not None:
        position, ch = found
        raise UsageError([], title=f"{what}中有控制字符 {describe(ch)}（第 {position + 1} 个字符），未保存："
                                   "请删除它后重试。它多半是从别处粘贴带来的，会打乱其他人的终端画面")


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


def _set_and_record(fields: dict, ev: dict | None) -> Callable[[MutableMapping], None]:
    """A TinyDB update that sets fields and appends one history event, in place."""
    def transform(doc: MutableMapping) -> None:
        doc.update(fields)
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
