"""The board's tables, in the schema the address names (search_path; `public` by default):

- portboard_meta: one row, the meta document (schema version, schedule, task book hash)
  and the version of the digests kept beside the cards;
- portboard_cards: one row per card — its document without the events (its `history` is
  an empty list there, keeping its place among the fields), its digest (core/digest),
  how many events it has, and the transaction that last wrote it;
- portboard_history: the events, one row each, numbered per card from 0. Append-only: a
  trigger refuses every UPDATE, DELETE and TRUNCATE.

Card documents and events are `json`, not `jsonb`: json keeps the text as written, so
fields and details come back in their order and a board copied out is the board copied in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from psycopg import Cursor

META = "portboard_meta"
CARDS = "portboard_cards"
HISTORY = "portboard_history"

CREATE = f"""
CREATE TABLE {META} (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    document json NOT NULL,
    digest_version integer NOT NULL
);
CREATE TABLE {CARDS} (
    card_no integer PRIMARY KEY,
    id text NOT NULL,
    document json NOT NULL,
    digest json NOT NULL,
    events integer NOT NULL CHECK (events >= 0),
    writer xid8 NOT NULL DEFAULT pg_current_xact_id(),
    -- checked at commit: a renumbering renames cards one after another
    CONSTRAINT {CARDS}_id UNIQUE (id) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE {HISTORY} (
    card_no integer NOT NULL REFERENCES {CARDS},
    seq integer NOT NULL CHECK (seq >= 0),
    event json NOT NULL,
    PRIMARY KEY (card_no, seq)
);
CREATE FUNCTION {HISTORY}_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'portboard: history is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER {HISTORY}_append_only BEFORE UPDATE OR DELETE ON {HISTORY}
    FOR EACH ROW EXECUTE FUNCTION {HISTORY}_is_append_only();
CREATE TRIGGER {HISTORY}_never_truncated BEFORE TRUNCATE ON {HISTORY}
    FOR EACH STATEMENT EXECUTE FUNCTION {HISTORY}_is_append_only();
"""

# A board replaced whole by `portboard migrate --force`: dropping the tables is the one way
# past the append-only trigger, and it takes the whole board, never part of a history.
DROP = f"""
DROP TABLE IF EXISTS {HISTORY};
DROP TABLE IF EXISTS {CARDS};
DROP TABLE IF EXISTS {META};
DROP FUNCTION IF EXISTS {HISTORY}_is_append_only();
"""


def tables_exist(cur: Cursor) -> bool:
    cur.execute("SELECT to_regclass(%s) IS NOT NULL", (META,))
    row = cur.fetchone()
    return bool(row and row[0])


def lock_board(cur: Cursor) -> None:
    """Serialise what changes many cards or the tables themselves (sync, creation, a copy)
    among every process on this board; moves and notes take row locks only."""
    cur.execute("SELECT pg_advisory_xact_lock(hashtext('portboard:' || coalesce(current_schema(), '')))")


def create(cur: Cursor) -> None:
    cur.execute(CREATE)


def drop(cur: Cursor) -> None:
    cur.execute(DROP)
