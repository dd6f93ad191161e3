"""A board in PostgreSQL: cards and their digests in one table, their history in another,
append-only. A move or a note locks its card's row (SELECT … FOR UPDATE), checks and
writes it in one transaction; a sync takes the board's advisory lock and the rows it
reconciles. A board process reads the cards — not their histories — and, on a second read,
only the cards written since the first; each write NOTIFYs the others (snapshot.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from portboard.core import clock
from portboard.core.actions.outcome import Outcome
from portboard.core.board_check import BOARD_SCHEMA_VERSION
from portboard.core.card import Card, CardDamage
from portboard.core.card_history import CardHistory
from portboard.core.digest import DIGEST_VERSION, Digest
from portboard.core.errors import BoardError, BoardMissingError, Problem
from portboard.core.storage.address import DatabaseUrl
from portboard.core.storage.board_store import BoardDocuments, BoardStore, CardDecider, SyncDecider, no_such_card
from portboard.core.storage.postgres import schema
from portboard.core.storage.postgres.connection import Connection
from portboard.core.storage.postgres.history import HistoryReader, read_events
from portboard.core.storage.postgres.lazy_events import LazyEvents
from portboard.core.storage.postgres.rows import COLUMNS, CardRow, dump, insert_cards, notify, read_all, update_cards
from portboard.core.storage.postgres.schema import CARDS, HISTORY, META
from portboard.core.storage.postgres.snapshot import ChangeWatch, Snapshot
from portboard.core.sync import SyncPlan

if TYPE_CHECKING:
    from psycopg import Cursor

ADVICE = "portboard 不会改动它：请数据库管理员改正这一处，或从数据库的备份恢复"


class PostgresStore(BoardStore):
    def __init__(self, address: DatabaseUrl, lock_timeout: float) -> None:
        self.address = address
        self.connection = Connection(address, lock_timeout)
        self.watch = ChangeWatch()
        self.history = HistoryReader(self.connection, self._damaged)
        self._cards: dict[int, Card] = {}  # by card_no, as last read
        self._strings: dict[str, str] = {}  # the task book's words, one string each (CardRow.all_of)
        self._channel: str | None = None
        self._digests_checked = False

    # -- reading -------------------------------------------------------------------

    def exists(self) -> bool:
        with self.connection.transaction(snapshot=True) as cur:
            return self._meta(cur) is not None

    def meta(self) -> dict[str, Any] | None:
        with self.connection.transaction(snapshot=True) as cur:
            return self._meta(cur)

    def cards(self) -> list[Card]:
        """Every card; after the first read, only those written since are read again."""
        self._current_digests()
        with self.connection.transaction(snapshot=True) as cur:
            if self._meta(cur) is None:
                raise self.missing()
            cur.execute("SELECT pg_current_snapshot()::text, (SELECT count(*) FROM " + CARDS + ")")
            found = cur.fetchone()
            assert found is not None
            snapshot, count = Snapshot.parse(found[0]), found[1]
            view = self.watch.view
            if view is None or not self._cards:
                self._cards = {}
                changed = read_all(cur, "")
            else:
                changed = read_all(cur, "WHERE NOT pg_visible_in_snapshot(writer, %s::pg_snapshot)", view.text)
            for row in CardRow.all_of(changed, self._strings):
                self._cards[row.card_no] = self._card(row)
            if len(self._cards) != count:  # the board was replaced whole (migrate --force)
                self._cards = {row.card_no: self._card(row) for row in CardRow.all_of(read_all(cur, ""), {})}
        for card_no, card in self._cards.items():
            if card.record.loaded:  # its history was asked for: the next reader starts without it
                self._cards[card_no] = replace(card, record=card.record.unread())
        cards = sorted(self._cards.values(), key=Card.sort_key)
        numbers = {card.id: card_no for card_no, card in self._cards.items()}
        self.history.follow([(numbers[card.id], card.record.count) for card in cards])
        self.watch.read(snapshot)
        return cards

    def card(self, item_id: str) -> Card | None:
        with self.connection.transaction(snapshot=True) as cur:
            if self._meta(cur) is None:
                raise self.missing()
            rows = self._read_rows(cur, "WHERE id = %s", item_id)
        return self._card(rows[0]) if rows else None

    def documents(self) -> Mapping[str, Mapping[str, Any]]:
        with self.connection.transaction(snapshot=True) as cur:
            return self._documents(cur)

    def signature(self) -> Hashable | None:
        """Cheap and never waiting: the notices received since the last look, checked on
        this process's connection without a query (ChangeWatch)."""
        lock = self.connection.lock
        if not lock.acquire(blocking=False):
            return self.watch.signature()  # a read or write is under way; look next time
        try:
            self._listen()
        except BoardError:
            self.watch.started_listening()  # the server went away: read again (and say why)
        finally:
            lock.release()
        return self.watch.signature()

    # -- changing ------------------------------------------------------------------

    def change_card(self, item_id: str, decide: CardDecider) -> Outcome:
        self._current_digests()
        view = self.watch.view
        with self.connection.transaction() as cur:
            if self._meta(cur) is None:
                raise self.missing()
            rows = self._read_rows(cur, "WHERE id = %s FOR UPDATE", item_id)
            if not rows:
                raise no_such_card(self.address, item_id)
            row = rows[0]
            before = self._card(row, read_ahead=False)
            change = decide(before)
            if not change:
                return Outcome(before, before, changed=False)
            alone = view is not None and self._wrote_alone(cur, row.card_no, view)
            update_cards(cur, [(row, change.fields, list(change.events))])
            xid = notify(cur, self._channel_name(cur))
        if alone:
            self.watch.wrote_alone(xid)
        document = {**row.document, **change.fields}
        record = before.record.appended(tuple(change.events))
        return Outcome(self._checked(lambda: Card.from_document(document, record)), before, changed=True,
                       sole_write=alone)

    def apply_sync(self, decide: SyncDecider, create: bool) -> SyncPlan:
        self._current_digests()
        with self.connection.transaction() as cur:
            schema.lock_board(cur)
            if not schema.tables_exist(cur):
                if not create:
                    raise self.missing()
                schema.create(cur)
            meta = self._meta(cur, lock=True)
            rows = {row.id: row for row in self._read_rows(cur, "ORDER BY card_no FOR UPDATE")}
            docs = {card_id: self._document(row) for card_id, row in rows.items()}
            decision = decide(docs, meta)
            changed = self._write_meta(cur, meta, decision.meta)
            writes = decision.writes
            if writes.cards:
                update_cards(cur, [(rows[card_id], write.fields, write.events)
                                   for card_id, write in writes.cards.items()])
            if writes.added:
                first = max((row.card_no for row in rows.values()), default=0) + 1
                insert_cards(cur, {first + n: doc for n, doc in enumerate(writes.added)})
            if changed or writes:
                notify(cur, self._channel_name(cur))
        return decision.plan

    # -- copying -------------------------------------------------------------------

    def export(self) -> BoardDocuments:
        with self.connection.transaction(snapshot=True) as cur:
            meta = self._meta(cur)
            if meta is None:
                raise self.missing()
            rows = self._read_rows(cur, "ORDER BY card_no")
            cur.execute(f"SELECT card_no, json_agg(event ORDER BY seq)::text FROM {HISTORY} GROUP BY card_no")
            events = {card_no: json.loads(text) for card_no, text in cur.fetchall()}
        cards = {}
        for row in rows:
            self._card(row)  # every card readable before any is copied
            cards[row.card_no] = {key: (events.get(row.card_no, []) if key == "history" else value)
                                  for key, value in row.document.items()}
        return BoardDocuments(meta, cards)

    def is_empty(self) -> bool:
        with self.connection.transaction(snapshot=True) as cur:
            if not schema.tables_exist(cur):
                return True
            cur.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {CARDS})")
            row = cur.fetchone()
            return bool(row and row[0])

    def replace_with(self, board: BoardDocuments) -> None:
        with self.connection.transaction() as cur:
            schema.lock_board(cur)
            schema.drop(cur)
            schema.create(cur)
            cur.execute(f"INSERT INTO {META} (document, digest_version) VALUES (%s, %s)",
                        (dump(board.meta), DIGEST_VERSION))
            insert_cards(cur, board.cards)
            notify(cur, self._channel_name(cur))
        self._cards = {}

    # -- the rest of the contract --------------------------------------------------

    def take_warnings(self) -> list[str]:
        return []

    def prepare_for_writes(self) -> None:
        with self.connection.lock:
            self.connection.get()  # connected before the first key press, not on it

    def close(self) -> None:
        self.connection.close()

    def missing(self) -> BoardError:
        return BoardMissingError(Problem(
            str(self.address), None, "数据库中还没有看板（没有 portboard_meta 表）",
            "运行 portboard sync 按任务书新建看板，或用 portboard migrate 把已有的 board.json 复制进来"))

    # -- internals -----------------------------------------------------------------

    def _meta(self, cur: Cursor, lock: bool = False) -> dict[str, Any] | None:
        """The meta document, checked; None when there is no board."""
        if not schema.tables_exist(cur):
            return None
        cur.execute(f"SELECT document::text FROM {META}" + (" FOR UPDATE" if lock else ""))
        row = cur.fetchone()
        if row is None:
            return None
        meta = json.loads(row[0])
        version = meta.get("schema") if isinstance(meta, dict) else None
        if version != BOARD_SCHEMA_VERSION:
            what = f"数据库中看板的格式版本是 {version}，本版 portboard 只认识 {BOARD_SCHEMA_VERSION}"
            raise BoardError(Problem(str(self.address), None, what,
                                     "可能是用更新版本的 portboard 写的：请升级 portboard。" + ADVICE))
        return meta

    def _write_meta(self, cur: Cursor, meta: dict[str, Any] | None, fields: dict[str, Any]) -> bool:
        """Set (or, given None, remove) meta fields; a new board gets its meta. Whether it wrote."""
        current = meta if meta is not None else {"schema": BOARD_SCHEMA_VERSION, "created": clock.now()}
        wanted = {key: value for key, value in {**current, **fields}.items()
                  if value is not None or key not in fields}
        if meta is None:
            cur.execute(f"INSERT INTO {META} (document, digest_version) VALUES (%s, %s)",
                        (dump(wanted), DIGEST_VERSION))
        elif wanted != meta:
            cur.execute(f"UPDATE {META} SET document = %s", (dump(wanted),))
        return meta is None or wanted != meta

    def _read_rows(self, cur: Cursor, where: str, *params: object) -> list[CardRow]:
        cur.execute(f"SELECT {COLUMNS} FROM {CARDS} {where}", params or None)
        return [CardRow.of(row) for row in cur.fetchall()]

    def _documents(self, cur: Cursor) -> dict[str, Mapping[str, Any]]:
        if self._meta(cur) is None:
            raise self.missing()
        rows = self._read_rows(cur, "")
        for row in rows:
            self._card(row)  # a damaged card is named before a sync looks at any
        return {row.id: self._document(row) for row in rows}

    def _document(self, row: CardRow) -> dict[str, Any]:
        """The card's document for `reconcile`, its history read only if looked at."""
        loader = self.history.loader(row.card_no, row.events, row.id, read_ahead=False)
        return {**row.document, "history": LazyEvents(loader, row.events)}

    def _card(self, row: CardRow, read_ahead: bool = True) -> Card:
        """The card in `row`, its events read when first asked for (inside the transaction
        under way, if asked for in one); CardDamage in the board's words."""
        record = CardHistory(loader=self.history.loader(row.card_no, row.events, row.id, read_ahead),
                             count=row.events, digest=row.digest)
        return self._checked(lambda: Card.from_document(row.document, record))

    def _checked(self, build: Callable[[], Card]) -> Card:
        try:
            return build()
        except CardDamage as damage:
            raise self._damaged(damage) from None

    def _damaged(self, damage: CardDamage) -> BoardError:
        return BoardError(Problem(str(self.address), None, f"数据库中有损坏的卡片：{damage.describe()}", ADVICE))

    def _wrote_alone(self, cur: Cursor, card_no: int, view: Snapshot) -> bool:
        """No card but this one was written since the caller last read the board."""
        cur.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {CARDS} WHERE card_no <> %s"
                    " AND NOT pg_visible_in_snapshot(writer, %s::pg_snapshot))", (card_no, view.text))
        row = cur.fetchone()
        return bool(row and row[0])

    def _channel_name(self, cur: Cursor) -> str:
        """The board's NOTIFY channel: one per schema, short and plain whatever the schema is called."""
        if self._channel is None:
            cur.execute("SELECT current_schema()")
            row = cur.fetchone()
            where = row[0] if row and row[0] else ""
            self._channel = "portboard_" + hashlib.sha256(where.encode()).hexdigest()[:16]
        return self._channel

    def _listen(self) -> None:
        conn = self.connection
        if not conn.connected():
            if conn.was_connected:
                self.watch.started_listening()  # it broke: the next read connects again, or says why
            return  # never connected: the first read connects, the next look listens
        if conn.listening is None:
            with conn.transaction() as cur:
                channel = self._channel_name(cur)
            conn.listen(channel)
            self.watch.started_listening()
        for payload in conn.notices():
            try:
                self.watch.notified(int(payload))
            except ValueError:
                continue  # not one of ours: someone's own NOTIFY on the channel

    def _current_digests(self) -> None:
        """Digests made by an older portboard are made again, once, from the history."""
        if self._digests_checked:
            return
        with self.connection.transaction(snapshot=True) as cur:
            if not schema.tables_exist(cur):
                return
            cur.execute(f"SELECT digest_version FROM {META}")
            row = cur.fetchone()
        if row is None or row[0] == DIGEST_VERSION:
            self._digests_checked = row is not None
            return
        with self.connection.transaction() as cur:
            schema.lock_board(cur)
            rows = self._read_rows(cur, "FOR UPDATE")
            events = read_events(cur, [(row.card_no, row.events) for row in rows])
            cur.executemany(f"UPDATE {CARDS} SET digest = %s WHERE card_no = %s",
                            [(dump(Digest.of(events.get(row.card_no, [])).as_document()), row.card_no)
                             for row in rows])
            cur.execute(f"UPDATE {META} SET digest_version = %s", (DIGEST_VERSION,))
        self._digests_checked = True
