"""The cross-process lock on board.json, and the caches that must never write back a stale card."""


from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from board_file import status_in_file
from filelock import FileLock
from waiting import DEADLINE, in_timed_sleep, next_line, wait_until

from portboard.core.board import Board
from portboard.core.errors import BoardError, BoardLockedError
from portboard.core.model import Status
from portboard.core.storage import encoder
from portboard.core.storage.encoder import IncrementalEncoder
from portboard.core.taskbook import load_taskbook

# -- the lock --------------------------------------------------------------------------------

HOLD_LOCK = """
import sys
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


def test_lock_held_by_another_process_times_out(synced_board: Board, board_path: Path):
    before = board_path.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, f"{board_path}.lock"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert next_line(holder.stdout, "another process to take the lock") == "held\n"
        waiting = Board(board_path, lock_timeout=0.3)

        started = time.monotonic()
        with pytest.raises(BoardLockedError) as info:
            waiting.move("2.1.2", Status.DOING)
        waited = time.monotonic() - started

        assert waited >= 0.3
        message = info.value.message
        assert str(board_path) in message and "0.3 秒" in message and f"{board_path}.lock" in message
        assert board_path.read_bytes() == before
        # reading needs no lock
        assert len(waiting.cards()) == 67
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert Board(board_path, lock_timeout=2).move("2.1.2", Status.DOING).changed
    assert status_in_file(board_path, "2.1.2") == "推进中"


def test_writer_waits_for_a_briefly_held_lock(synced_board: Board, board_path: Path):
    """The lock is held when the writer comes: it waits (asleep between tries) and writes
    nothing until the lock is let go, then writes."""
    held, release = threading.Event(), threading.Event()
    written: dict[str, object] = {}

    def hold_until_released():
        with FileLock(f"{board_path}.lock"):  # filelock holds are per thread: take it here
            held.set()
            release.wait(timeout=DEADLINE)

    def write():
        written["outcome"] = Board(board_path, lock_timeout=DEADLINE).move("2.1.2", Status.DONE)
        written["after_release"] = release.is_set()

    holder, writer = threading.Thread(target=hold_until_released), threading.Thread(target=write)
    holder.start()
    assert held.wait(timeout=DEADLINE)
    writer.start()
    try:
        wait_until(lambda: in_timed_sleep(os.getpid(), writer.native_id), "the writer to wait for the lock")
        assert written == {} and status_in_file(board_path, "2.1.2") == "未启动"
    finally:
        release.set()
        holder.join()
        writer.join()
    assert written["after_release"] is True
    assert written["outcome"].changed
    assert status_in_file(board_path, "2.1.2") == "完成"


def test_cached_card_text_never_goes_stale(synced_board: Board, board_path: Path, taskbook_path: Path,
                                           edit_taskbook):
    """The storage reuses each card's encoded text while the card is unchanged. After moves,
    notes, a revision and an archive in one process, the file must be exactly what a
    fresh process would write for the same data."""
    synced_board.move("2.1.2", Status.DOING)
    synced_board.add_note("2.1.2", "第一条进展")
    synced_board.move("1.1.1", Status.DONE)
    edit_taskbook("text: 制定实施《上海国际贸易", "text: 修订后制定实施《上海国际贸易")
    text = taskbook_path.read_text(encoding="utf-8")
    taskbook_path.write_text(text[:text.index('          - id: "10.6.2"')], encoding="utf-8")
    synced_board.sync(load_taskbook(taskbook_path))
    synced_board.move("2.1.2", Status.DONE)

    on_disk = board_path.read_text(encoding="utf-8")
    data = json.loads(on_disk)
    assert on_disk == encoder.encode(data)
    cards = {doc["id"]: doc for doc in data["cards"].values()}
    assert cards["2.1.2"]["status"] == "完成" and cards["2.1.2"]["text"].startswith("修订后")
    assert [e["event"] for e in cards["2.1.2"]["history"]] == ["created", "moved", "note", "revised", "moved"]
    assert cards["10.6.2"]["archived"] is True


def test_prepared_writes_reencode_only_the_changed_card(synced_board: Board, board_path: Path, monkeypatch):
    # The suite-wide check against a fresh encoding would encode every card again.
    monkeypatch.setattr(IncrementalEncoder, "verify", False)
    fresh = Board(board_path)
    fresh.prepare_for_writes()
    encoded = []
    real = encoder.encode_document
    monkeypatch.setattr(encoder, "encode_document", lambda doc: encoded.append(doc) or real(doc))
    fresh.move("2.1.2", Status.DOING)
    assert [doc["id"] for doc in encoded if "id" in doc] == ["2.1.2"]
    assert board_path.read_text(encoding="utf-8") == encoder.encode(
        json.loads(board_path.read_text(encoding="utf-8")))


def test_a_read_only_board_can_still_be_read_and_synced_when_nothing_changed(
        synced_board: Board, board_path: Path, real_taskbook, monkeypatch):
    """On a read-only disk the lock file cannot even be opened; showing the board and a
    sync with nothing to do must not need it, and a move must say what is wrong."""
    import filelock

    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(filelock.FileLock, "acquire", read_only)
    before = board_path.read_bytes()
    board = Board(board_path)
    assert board.sync(real_taskbook).is_empty
    assert len(board.cards()) == 67
    with pytest.raises(BoardError) as info:
        board.move("2.1.2", Status.DOING)
    assert "没有权限" in info.value.message and "board.json.lock" in info.value.message
    assert board_path.read_bytes() == before


def test_announced_changes_never_write_back_another_writers_stale_card(synced_board: Board, board_path: Path):
    """Two boards on one file, as two processes: each move announces its one card, so
    the writer re-encodes only that card — unless the file changed under it, when the
    other writer's card must be taken from disk, not from this writer's old text."""
    alice, bob = Board(board_path), Board(board_path)
    alice.prepare_for_writes()
    bob.prepare_for_writes()
    alice.move("1.1.1", Status.DOING)
    bob.move("2.1.2", Status.DONE)       # bob's text cache predates alice's move
    alice.move("3.1.1", Status.DOING)    # alice's predates bob's
    bob.add_note("1.1.1", "由 bob 记录")
    on_disk = json.loads(board_path.read_text(encoding="utf-8"))
    statuses = {doc["id"]: doc["status"] for doc in on_disk["cards"].values()}
    assert (statuses["1.1.1"], statuses["2.1.2"], statuses["3.1.1"]) == ("推进中", "完成", "推进中")
    assert Board(board_path).card("1.1.1").notes[0]["text"] == "由 bob 记录"
    assert board_path.read_text(encoding="utf-8") == encoder.encode(
        json.loads(board_path.read_text(encoding="utf-8")))


def test_a_history_event_edited_in_place_is_caught_before_it_is_written(synced_board: Board, board_path: Path):
    """History is append-only, and the text cache relies on it: an event rewritten in place
    keeps the card's change key. The check against a fresh encoding (on for the whole suite)
    stops that write; the file stays as it was."""
    before = board_path.read_bytes()
    storage = synced_board.store.storage
    with pytest.raises(AssertionError, match="fresh encoding"), storage.transaction():
        data = storage.read()
        card = next(iter(data["cards"].values()))
        card["history"][0]["user"] = "改写历史的人"
        storage.write(data)
    assert board_path.read_bytes() == before


def test_without_the_check_an_event_edited_in_place_would_be_written_stale(
        synced_board: Board, board_path: Path, monkeypatch):
    """Why the check above exists: with it off, the same edit reaches the disk as the old text."""
    monkeypatch.setattr(IncrementalEncoder, "verify", False)
    storage = synced_board.store.storage
    with storage.transaction():
        data = storage.read()
        card = next(iter(data["cards"].values()))
        card["history"][0]["user"] = "改写历史的人"
        storage.write(data)
    on_disk = board_path.read_text(encoding="utf-8")
    assert "改写历史的人" not in on_disk
    assert on_disk != encoder.encode(json.loads(on_disk) | {"cards": data["cards"]})
