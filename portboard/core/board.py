"""The board's operations: sync, move, note, read and filter.

Every change goes through `Board._transaction`, which holds the cross-process lock and
writes once; history is only ever appended to.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tinydb import Query
from tinydb.table import Table

from portboard.core.errors import BoardError, Problem, UsageError
from portboard.core.model import Card, Status, TaskBook
from portboard.core.storage import LOCK_TIMEOUT_SECONDS, RECOVER, AtomicJSONStorage, fingerprint
from portboard.core.sync import SyncPlan, item_fields, new_card_document, reconcile

BOARD_SCHEMA_VERSION = 1
CARDS = "cards"
META = "meta"


def current_user() -> str:
    """The login name recorded in history; PORTBOARD_USER overrides it (shared accounts)."""
    override = os.environ.get("PORTBOARD_USER", "").strip()
    if override:
        return override
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def event(kind: str, user: str, **details) -> dict:
    return {"at": now(), "user": user, "event": kind, **details}


class MoveConflict(UsageError):
    """The card is no longer where the mover saw it."""

    def __init__(self, problem: Problem, current: Status):
        super().__init__(problem)
        self.current = current


@dataclass(frozen=True)
class MoveResult:
    card: Card
    previous: Status
    changed: bool


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
        self._card_cache: dict[int, tuple[dict, tuple, Card]] = {}

    # -- reading -------------------------------------------------------------------

    def exists(self) -> bool:
        return self.storage.exists()

    def signature(self):
        return self.storage.signature()

    def cards(self) -> list[Card]:
        """Every card, archived ones included, in task book order. Reads without the lock:
        writes replace the file atomically, so a reader always sees a whole board."""
        data = self.storage.read_file()
        if data is None:
            return []
        return list(self._validated_cards(data))

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

    def sync(self, book: TaskBook, user: str | None = None) -> SyncPlan:
        """Bring the board in line with the task book. Writes nothing when nothing changed."""
        user = user or current_user()
        # Most syncs change nothing: find that out without the lock, so a board on a
        # read-only disk can still be listed and shown.
        current = self.storage.read_file()
        if current is not None:
            self._validated_cards(current)
            plan = reconcile(book, {doc["id"]: doc for doc in current.get(CARDS, {}).values()})
            if plan.is_empty:
                return plan
        with self._transaction() as cards:
            docs = {doc["id"]: doc for doc in cards.all()}
            plan = reconcile(book, docs)
            if plan.is_empty:
                return plan
            items = {item.id: item for item in book.items}
            # card id -> (fields to set, event to record); one pass over the table applies all.
            updates: dict[str, tuple[dict, dict | None]] = {}
            for card_id, order in plan.reordered.items():
                updates[card_id] = ({"order": order}, None)
            for card_id in plan.restored:
                # A restored card may also have moved place: keep its new order as well.
                fields = {**updates.get(card_id, ({}, None))[0], "archived": False}
                updates[card_id] = (fields, event("restored", user))
            for card_id in plan.archived:
                updates[card_id] = ({"archived": True}, event("archived", user))
            revisions = {
                card_id: (item_fields(items[card_id]), event("revised", user, changes=changes))
                for card_id, changes in plan.revised.items()
            }
            renames = plan.renumbering.renames()

            def apply(doc: dict) -> None:
                # Renamed first: the plan's other changes name cards by their new ids.
                if doc["id"] in renames:
                    _renumber(doc, renames[doc["id"]], plan.renumbering.moved, user)
                for pending in (updates, revisions):
                    if doc["id"] in pending:
                        _set_and_record(*pending[doc["id"]])(doc)

            if updates or revisions or renames:
                cards.update(apply, Query().id.one_of(updates.keys() | revisions.keys() | renames.keys()))
            cards.insert_multiple(
                new_card_document(item, event("created", user, status=Status.TODO.value))
                for item in plan.added
            )
        return plan

    def move(self, item_id: str, status: Status, user: str | None = None,
             expected: Status | None = None) -> MoveResult:
        """Move a card. With `expected`, refuse (MoveConflict) if someone else has moved it
        since the caller looked: checked under the lock, so no move is silently undone."""
        user = user or current_user()
        with self._transaction() as cards:
            doc = self._find(cards, item_id)
            if doc.get("archived"):
                raise UsageError(Problem(self.path, None, f"条目 {item_id} 已归档（不在当前任务书中），不能移动",
                                         "如需继续跟踪，请先把它加回 taskbook.yaml 并同步"))
            previous = Status(doc["status"])
            if expected is not None and previous is not expected:
                raise MoveConflict(Problem(self.path, None, f"{item_id} 已被他人改为 {previous.value}，未移动",
                                           "看板已刷新，请确认后再移动"), current=previous)
            if previous is status:
                return MoveResult(Card.from_document(doc), previous, changed=False)
            moved = event("moved", user, **{"from": previous.value, "to": status.value})
            # By doc id, and announced: one card is touched, so neither TinyDB nor the
            # storage needs to look at the other 4,999 again.
            self.storage.changing(CARDS, doc.doc_id)
            cards.update(_set_and_record({"status": status.value}, moved), doc_ids=[doc.doc_id])
            return MoveResult(Card.from_document(cards.get(doc_id=doc.doc_id)), previous, changed=True)

    def add_note(self, item_id: str, text: str, office: str | None = None, user: str | None = None) -> Card:
        """Append a progress note to a card's history. Notes are never edited or dropped."""
        text = text.strip()
        if not text:
            raise UsageError(Problem(self.path, None, "进展内容为空", "请写上进展内容"))
        user = user or current_user()
        details = {"text": text}
        if office:
            details["office"] = office
        with self._transaction() as cards:
            doc_id = self._find(cards, item_id).doc_id
            self.storage.changing(CARDS, doc_id)
            cards.update(_set_and_record({}, event("note", user, **details)), doc_ids=[doc_id])
            return Card.from_document(cards.get(doc_id=doc_id))

    # -- internals -----------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Table]:
        with self.storage.transaction():
            data = self.storage.read()
            if data and self._checked_generation != self.storage.generation:
                # Every card must be readable before anything is changed: a damaged card
                # would otherwise be "repaired" by sync or crash a move half-way.
                self._validated_cards(data)
            meta = Table(self.storage, META, cache_size=0)
            if not meta.all():
                meta.insert({"schema": BOARD_SCHEMA_VERSION, "created": now()})
            # A fresh Table per transaction: TinyDB tables cache the next id and query
            # results, which another process's writes would make stale.
            yield Table(self.storage, CARDS, cache_size=0)
        # Committed: what is on disk now is checked data plus our own change, so the next
        # transaction need not check 5,000 cards again.
        self._checked_generation = self.storage.generation

    def _validated_cards(self, data: dict) -> list[Card]:
        """The cards in `data`, checked and sorted; computed once per storage generation."""
        if self._cards_generation != self.storage.generation:
            self._check_version(data)
            self._cards = self._cards_from(data)
            self._cards_generation = self._checked_generation = self.storage.generation
        return self._cards

    def _check_version(self, data: dict) -> None:
        meta = data.get(META)
        versions = ([doc.get("schema") for doc in meta.values() if isinstance(doc, dict)]
                    if isinstance(meta, dict) else [])
        if data and not versions:
            raise BoardError(Problem(
                self.path, None, "这不是 portboard 的看板文件（缺少 meta.schema 版本号）",
                "请检查 --db / PORTBOARD_DB 是否指错了文件；portboard 不会改动它",
            ))
        if versions and versions[0] != BOARD_SCHEMA_VERSION:
            raise BoardError(Problem(
                self.path, None, f"看板文件的格式版本是 {versions[0]}，本版 portboard 只认识 {BOARD_SCHEMA_VERSION}",
                "可能是用更新版本的 portboard 写的：请升级 portboard。" + RECOVER,
            ))
        if not isinstance(data.get(CARDS, {}), dict):
            raise BoardError(Problem(self.path, None, "看板文件中 cards 部分已损坏",
                                     RECOVER))

    def _cards_from(self, data: dict) -> list[Card]:
        previous, self._card_cache = self._card_cache, {}
        cards = []
        try:
            for doc in data.get(CARDS, {}).values():
                # Every change the board makes appends to the history or sets one of
                # these fields, so an unchanged state means an unchanged card.
                state = (doc["status"], doc.get("archived"), doc.get("order"), len(doc["history"]))
                cached = previous.get(id(doc))
                if cached is not None and cached[0] is doc and cached[1] == state:
                    card = cached[2]
                else:
                    card = Card.from_document(doc)
                self._card_cache[id(doc)] = (doc, state, card)
                cards.append(card)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise BoardError(Problem(self.path, None, f"看板文件中有损坏的卡片（{exc!r}）",
                                     RECOVER)) from None
        cards.sort(key=Card.sort_key)
        return cards

    def _find(self, cards: Table, item_id: str) -> dict:
        found = cards.get(Query().id == item_id)
        if found is None:
            raise UsageError(Problem(self.path, None, f"看板上没有条目 {item_id}",
                                     "用 portboard list --all 查看所有条目编号"))
        return found


def _set_and_record(fields: dict, ev: dict | None):
    """A TinyDB update that sets fields and appends one history event, in place."""
    def transform(doc: dict) -> None:
        doc.update(fields)
        if ev is not None:
            doc.setdefault("history", []).append(ev)
    return transform


def _renumber(doc: dict, new_id: str, moved: dict[str, str], user: str) -> None:
    """Give a card its new id and say so in its history; a card that only makes room
    names the card that took its id."""
    old_id = doc["id"]
    details = {"from": old_id, "to": new_id}
    if old_id not in moved:
        details["displaced_by"] = next(card for card, target in moved.items() if target == old_id)
    _set_and_record({"id": new_id}, event("renumbered", user, **details))(doc)


def _change_key(table: str, doc: dict) -> tuple:
    """What differs when a card changed. The board replaces top-level fields and appends
    to the history, never edits an event in place: the values themselves plus the
    history's length say it, and comparing them is mostly identity checks."""
    if table == CARDS and isinstance(doc, dict) and isinstance(doc.get("history"), list):
        return (*doc.values(), len(doc["history"]))
    return fingerprint(doc)
