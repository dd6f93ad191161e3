"""A write is all or nothing (issue 16, point 9): a transaction that changes nothing leaves
board.json as it was — the same file, not a copy of it — and one that fails never reaches
the disk, not even folded into a later write that succeeds."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from portboard.core.board import Board
from portboard.core.errors import BoardError
from portboard.core.model import Status
from portboard.core.storage import jsonstorage
from portboard.core.storage.file_store import FileStore


def identity(path: Path) -> tuple[int, int, int]:
    """What any rewrite changes (an atomic replace gives a new inode), and the bytes' size."""
    st = os.stat(path)
    return st.st_ino, st.st_mtime_ns, st.st_size


def statuses(board_path: Path) -> dict[str, str]:
    cards = json.loads(board_path.read_text(encoding="utf-8"))["cards"].values()
    return {card["id"]: card["status"] for card in cards}


def test_a_transaction_that_changes_nothing_leaves_the_file_untouched(synced_board: Board, board_path: Path):
    before = identity(board_path)
    store = synced_board.store
    assert isinstance(store, FileStore)
    storage = store.storage

    with storage.transaction():
        storage.read()
    outcome = synced_board.move("2.1.2", Status.TODO)  # already 未启动: decided under the lock, nothing to write

    assert not outcome.changed
    assert identity(board_path) == before
    assert not (board_path.parent / "backups").exists()  # not even a backup: nothing was written


def test_a_failed_write_never_reaches_the_disk_with_a_later_one(synced_board: Board, board_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch):
    """The disk is full for one write: that move fails, and the next one, which succeeds,
    must carry only its own change, not the failed move left over in memory."""
    real_replace = jsonstorage.replace_atomically
    failures = iter([OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))])

    def full_once(path: Path, payload: object, *args: object) -> None:
        failure = next(failures, None)
        if failure is not None:
            raise failure
        real_replace(path, payload, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jsonstorage, "replace_atomically", full_once)
    with pytest.raises(BoardError, match="磁盘已满"):
        synced_board.move("2.1.2", Status.DONE)
    assert statuses(board_path)["2.1.2"] == "未启动"

    synced_board.move("1.1.1", Status.DOING)

    on_disk = statuses(board_path)
    assert (on_disk["1.1.1"], on_disk["2.1.2"]) == ("推进中", "未启动")
    assert synced_board.card("2.1.2").status is Status.TODO
    assert [e["event"] for e in synced_board.card("2.1.2").history] == ["created"]
