"""The seam under `Board`: where a board's cards, their history and its meta live.

Two stores keep a board: `FileStore` (board.json, through TinyDB, under a cross-process lock)
and `PostgresStore` (tables in a PostgreSQL database, row locks, LISTEN/NOTIFY). `Board`
speaks only this contract, so nothing above it knows which one it is on:

- reading: whether the board exists, its meta, every card (checked, in task book order),
  one card, a signature that changes whenever anyone wrote;
- writing: one card in one transaction (`change_card`, the door's write), a sync's writes
  in one transaction (`apply_sync`), both all-or-nothing;
- copying: every document with its whole history (`export`), and a whole board written
  into an empty store (`replace_with`), for `portboard migrate`.

Documents are board.json's: a card is a dict with its fields and `history`, the list of
its events; the meta document holds the schema version, the schedule and the hash of the
task book last applied.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from portboard.core.actions.change import Change
from portboard.core.actions.outcome import Outcome
from portboard.core.card import Card
from portboard.core.errors import BoardError, Problem, UsageError
from portboard.core.sync import SyncPlan
from portboard.core.sync_writes import SyncWrites

# meta: the task book's content hash as of the last sync that was applied (session.py)
TASKBOOK_HASH = "taskbook_sha256"


@dataclass
class SyncDecision:
    """What a sync, looking at the board under its lock, decided to write."""

    plan: SyncPlan
    writes: SyncWrites
    meta: dict[str, Any] = field(default_factory=dict)  # meta fields to set (None: remove)


# Called under the store's lock with every card's document (by id) and the meta (None for a
# board being created); a document's `history` may be read lazily.
SyncDecider = Callable[[Mapping[str, Mapping[str, Any]], "dict[str, Any] | None"], SyncDecision]
CardDecider = Callable[[Card], Change]


@dataclass
class BoardDocuments:
    """A whole board as documents: what `export` gives and `replace_with` takes. Cards are
    keyed by their document number, in the order they were added."""

    meta: dict[str, Any]
    cards: dict[int, dict[str, Any]]


class BoardStore(ABC):
    @abstractmethod
    def exists(self) -> bool: ...

    @abstractmethod
    def signature(self) -> Hashable | None:
        """Changes whenever the board may have changed since it was last read; None while
        the board is not there. Cheap: the open board asks twice a second."""

    @abstractmethod
    def meta(self) -> dict[str, Any] | None:
        """The meta document, or None when there is no board."""

    @abstractmethod
    def cards(self) -> list[Card]:
        """Every card, archived ones included, in task book order; BoardError when the
        board is missing or damaged."""

    @abstractmethod
    def card(self, item_id: str) -> Card | None: ...

    @abstractmethod
    def documents(self) -> Mapping[str, Mapping[str, Any]]:
        """Every card's document by id, as `reconcile` reads them (without the lock)."""

    @abstractmethod
    def change_card(self, item_id: str, decide: CardDecider) -> Outcome:
        """In one transaction: read the card as it is now, ask `decide` what to write, set
        its fields and append its events — or write nothing when `decide` raises or asks
        for nothing. UsageError when there is no such card."""

    @abstractmethod
    def apply_sync(self, decide: SyncDecider, create: bool) -> SyncPlan:
        """In one transaction: `decide` on the board as it is now and apply the writes."""

    @abstractmethod
    def export(self) -> BoardDocuments:
        """The whole board, every card's history included, as one consistent moment."""

    @abstractmethod
    def is_empty(self) -> bool:
        """No board here, or one without cards: a copy may be written without --force."""

    @abstractmethod
    def replace_with(self, board: BoardDocuments) -> None:
        """Make this store hold `board` and nothing else, in one step."""

    @abstractmethod
    def missing(self) -> BoardError:
        """The error for a board that is not there, in this store's words."""

    @abstractmethod
    def take_warnings(self) -> list[str]:
        """What went wrong without stopping a write, each said once."""

    @abstractmethod
    def prepare_for_writes(self) -> None:
        """Do ahead of time the work the first write would do."""

    @abstractmethod
    def close(self) -> None:
        """Let go of what the store holds open (a database connection)."""


def no_such_card(where: object, item_id: str) -> UsageError:
    return UsageError(Problem(str(where), None, f"看板上没有条目 {item_id}",
                              "用 portboard list --all 查看所有条目编号"))
