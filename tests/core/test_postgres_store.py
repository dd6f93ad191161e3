"""What only a board in PostgreSQL has to prove: a board process holds cards, not their
histories; history is append-only in the database itself; other processes' writes are
noticed through NOTIFY within a second; a writer killed in the middle of a write leaves the
board as it was; moves on different cards do not wait for each other; a damaged row is
named. (Everything a board does on either backend is in the BOTH_BACKENDS modules.)"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from backends import Stored
from waiting import wait_until

from portboard.core.board import Board
from portboard.core.digest import Digest
from portboard.core.errors import BoardError, BoardLockedError, BoardMissingError
from portboard.core.event_log import log_entries
from portboard.core.model import Status
from portboard.core.session import open_session
from portboard.core.storage.address import DatabaseUrl
from portboard.core.storage.postgres import history as history_module
from portboard.core.taskbook import load_taskbook


@pytest.fixture
def pg_board(pg_board_url: DatabaseUrl, taskbook_path: Path) -> Board:
    board = Board(pg_board_url)
    open_session(taskbook_path, board, create=True)
    board.move("2.1.2", Status.DOING, user="甲")
    board.add_note("2.1.2", "第一次进展", progress=30, user="甲")
    board.assign("2.1.2", "张三", user="乙")
    return board


def connect(address: DatabaseUrl) -> psycopg.Connection:
    return psycopg.connect(address.url, autocommit=True)


def consistent(address: DatabaseUrl) -> None:
    """Every card's event count and digest agree with the history rows it has."""
    with connect(address) as conn:
        rows = conn.execute("SELECT c.id, c.events, c.digest::text, count(h.seq), max(h.seq),"
                            " coalesce(json_agg(h.event ORDER BY h.seq) FILTER (WHERE h.seq IS NOT NULL), '[]')::text"
                            " FROM portboard_cards c LEFT JOIN portboard_history h USING (card_no)"
                            " GROUP BY c.card_no").fetchall()
    for card_id, events, digest, count, last, history in rows:
        assert events == count == (last + 1 if last is not None else 0), card_id
        assert Digest.from_document(json.loads(digest)) == Digest.of(json.loads(history)), card_id


def test_a_board_process_holds_cards_and_their_standing_not_their_history(pg_board: Board, monkeypatch):
    reads: list[int] = []
    real = history_module.read_events
    monkeypatch.setattr(history_module, "read_events",
                        lambda cur, wanted: reads.append(len(wanted)) or real(cur, wanted))
    fresh = Board(pg_board.path)

    cards = fresh.cards()

    assert reads == [] and not any(card.record.loaded for card in cards)
    card = next(c for c in cards if c.id == "2.1.2")
    assert (card.status, card.progress, card.owner, card.note_count) == (Status.DOING, 30, "张三", 1)
    # Asked for, history is read — a few hundred cards' at a time, not one query per card.
    assert [e["event"] for e in card.history] == ["created", "moved", "note", "assigned"]
    entries = log_entries(cards)
    assert len(entries) == 67 + 3 and len(reads) <= 2
    # Read again (another's write, say), the board holds no history: the log's is let go.
    assert not any(card.record.loaded for card in fresh.cards())


def test_history_is_append_only_in_the_database(pg_board: Board):
    with connect(pg_board.path) as conn:
        for statement in ("UPDATE portboard_history SET event = '{}'", "DELETE FROM portboard_history",
                          "TRUNCATE portboard_history CASCADE"):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(statement)
    assert [e["event"] for e in Board(pg_board.path).card("2.1.2").history] == ["created", "moved", "note", "assigned"]


def test_another_process_s_write_is_noticed_within_a_second(pg_board: Board, run_cli):
    screen = Board(pg_board.path)
    screen.cards()
    seen = screen.signature()  # the first look starts listening, and asks for one more read
    screen.cards()
    seen = screen.signature()
    assert screen.signature() == seen  # nothing new: the same signature, look after look

    result = run_cli("move", "1.1.1", "done", "--db", pg_board.path.url)
    assert result.returncode == 0, result.stderr

    wait_until(lambda: screen.signature() != seen, "the open board to hear of the move", timeout=1.0)
    assert next(c for c in screen.cards() if c.id == "1.1.1").status is Status.DONE
    settled = screen.signature()
    assert screen.signature() == settled  # read again: quiet until the next write


def test_ones_own_lone_move_needs_no_reread_and_anothers_write_in_between_does(pg_board: Board):
    mine, other = Board(pg_board.path), Board(pg_board.path)
    mine.cards()
    mine.signature()
    mine.cards()

    alone = mine.move("1.1.1", Status.DOING)
    assert alone.sole_write
    other.move("1.1.2", Status.DOING)
    wait_until(lambda: mine.signature() != mine.signature(), "the other write to be noticed")
    assert not mine.move("1.1.1", Status.DONE).sole_write  # 1.1.2 changed since mine was read


KILL_MID_WRITE = """
import os, signal, sys
from pathlib import Path
from portboard.core.board import Board
from portboard.core.storage.postgres import rows, store
from portboard.core.taskbook import load_taskbook

address, taskbook, started = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])

def die(cur, channel):
    # Every card and event of the sync is written; the transaction has not committed.
    started.write_text("writing")
    os.kill(os.getpid(), signal.SIGKILL)

store.notify = die
Board(address).sync(load_taskbook(taskbook))
"""


def test_a_writer_killed_in_the_middle_of_a_write_leaves_the_board_as_it_was(
        pg_board: Board, taskbook_path: Path, edit_taskbook, tmp_path: Path):
    stored = Stored(pg_board.path)
    before = stored.state()
    # A revision that archives a task's items, rewords one and adds one: many rows at once.
    edit_taskbook("        title: 推动上海智慧口岸数字化专班有效运作\n", "        title: 推动智慧口岸专班高效运作\n")
    started = tmp_path / "started"

    killed = subprocess.run([sys.executable, "-c", KILL_MID_WRITE, pg_board.path.url, str(taskbook_path), str(started)],
                            capture_output=True, timeout=60)

    assert killed.returncode == -signal.SIGKILL and started.exists(), killed.stderr
    assert stored.state() == before
    consistent(pg_board.path)
    # The dead writer's locks went with its connection: the board is whole and usable.
    board = Board(pg_board.path, lock_timeout=10)
    assert not board.sync(load_taskbook(taskbook_path)).is_empty
    assert board.move("2.1.2", Status.DONE).changed
    consistent(pg_board.path)


def test_moves_on_different_cards_take_row_locks_not_the_board(pg_board: Board):
    holder = connect(pg_board.path)
    try:
        holder.execute("BEGIN")
        holder.execute("SELECT 1 FROM portboard_cards WHERE id = '1.1.1' FOR UPDATE")
        start = time.monotonic()
        assert Board(pg_board.path, lock_timeout=5).move("1.1.2", Status.DONE).changed
        assert time.monotonic() - start < 2  # not kept waiting by the lock on 1.1.1
        with pytest.raises(BoardLockedError, match="正被另一个写入占用"):
            Board(pg_board.path, lock_timeout=0.3).move("1.1.1", Status.DONE)
    finally:
        holder.close()
    assert Board(pg_board.path).card("1.1.1").status is Status.TODO


def test_a_damaged_card_row_is_named_and_left_alone(pg_board: Board):
    damaged = """UPDATE portboard_cards SET document = json_build_object('id', '3.1.1', 'status', '搁置')
                 WHERE id = '3.1.1'"""
    with connect(pg_board.path) as conn:
        conn.execute(damaged)
    with pytest.raises(BoardError, match="数据库中有损坏的卡片：卡片 3.1.1 的 status 是 “搁置”"):
        Board(pg_board.path).cards()
    with pytest.raises(BoardError, match="卡片 3.1.1"):
        Board(pg_board.path).store.export()  # nor is a damaged board copied anywhere
    with connect(pg_board.path) as conn:
        row = conn.execute("SELECT document::text FROM portboard_cards WHERE id = '3.1.1'").fetchone()
    assert row is not None and json.loads(row[0]) == {"id": "3.1.1", "status": "搁置"}


def test_a_database_without_a_board_says_how_to_make_one(pg_board_url: DatabaseUrl):
    with pytest.raises(BoardMissingError, match="数据库中还没有看板.*portboard migrate"):
        Board(pg_board_url).cards()


def test_an_unreachable_database_is_said_in_words(tmp_path: Path):
    address = DatabaseUrl(f"postgresql://portboard@/portboard?host={tmp_path}")
    with pytest.raises(BoardError, match="数据库没有在这个地址上运行"):
        Board(address).cards()
