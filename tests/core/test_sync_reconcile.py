"""sync.reconcile, the pure part, and the task book's hash that lets a command skip it."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from backends import BOTH_BACKENDS, Stored
from sync_edits import AFTER_3_1_6, ITEM_2_1_2, NEW_ITEM_3_1_7, TEXT_2_1_2, resync

from portboard.core.board import Board
from portboard.core.model import Status
from portboard.core.storage.board_store import BoardDocuments
from portboard.core.sync import reconcile
from portboard.core.taskbook import load_taskbook

pytestmark = BOTH_BACKENDS


# -- reconcile, the pure part ---------------------------------------------------------------

def test_reconcile_is_pure_and_idempotent_after_apply(synced_board: Board, taskbook_path: Path,
                                                      stored: Stored, edit_taskbook):
    synced_board.move("1.1.1", Status.DOING)
    edit_taskbook(ITEM_2_1_2, "")
    edit_taskbook(AFTER_3_1_6, AFTER_3_1_6 + NEW_ITEM_3_1_7)
    edit_taskbook("offices: [洋山办, 通关处]", "offices: [通关处]")
    book = load_taskbook(taskbook_path)
    docs = stored.cards()
    snapshot = copy.deepcopy(docs)

    plan = reconcile(book, docs)

    assert docs == snapshot  # computing a plan changes nothing
    assert [i.id for i in plan.added] == ["3.1.7"]
    assert plan.archived == ["2.1.2"]
    assert set(plan.revised) == {"10.1.1"}
    assert plan.restored == []
    # items between 2.1.2 and 3.1.7 moved up one place: re-ordered silently
    ids = [i.id for i in book.items]
    assert set(plan.reordered) == {i for i in ids[ids.index("2.1.3"):ids.index("3.1.7")]}

    synced_board.sync(book)
    applied = stored.state()

    assert reconcile(book, stored.cards()).is_empty
    assert synced_board.sync(book).is_empty
    assert stored.state() == applied


def test_reconcile_on_an_empty_board_adds_everything(real_taskbook):
    plan = reconcile(real_taskbook, {})
    assert [i.id for i in plan.added] == [i.id for i in real_taskbook.items]
    assert not (plan.revised or plan.archived or plan.restored or plan.reordered)


def test_a_missing_board_is_only_created_when_asked(board: Board, stored: Stored, taskbook_path: Path):
    from portboard.core.errors import BoardMissingError
    from portboard.core.session import open_session

    book = load_taskbook(taskbook_path)
    with pytest.raises(BoardMissingError, match="看板文件不见了|数据库中还没有看板"):
        board.sync(book)
    with pytest.raises(BoardMissingError):
        open_session(taskbook_path, board, create=False)
    assert not stored.exists()
    session = open_session(taskbook_path, board, create=True)
    assert session.plan is not None and session.plan.created_board and len(session.plan.added) == 67
    assert stored.exists()


# -- the task book's hash: a command skips the reconcile while it is the same --------------

def test_a_task_book_that_hashes_the_same_is_not_reconciled_again(synced_board: Board, taskbook_path: Path,
                                                                 stored: Stored, edit_taskbook):
    from portboard.core.session import open_session
    from portboard.core.storage.board_store import TASKBOOK_HASH

    recorded = stored.meta()[TASKBOOK_HASH]
    assert recorded  # the first sync, made as a command makes it, recorded it

    def reworded_by_hand(documents: BoardDocuments) -> None:
        next(c for c in documents.cards.values() if c["id"] == "2.1.2")["text"] = "有人直接改了看板"
    stored.edit_by_hand(reworded_by_hand)

    # Same task book: the board is taken to follow it, and nothing is read or written.
    session = open_session(taskbook_path, synced_board, create=False)
    assert session.plan is not None and session.plan.is_empty
    assert stored.cards()["2.1.2"]["text"] == "有人直接改了看板"

    # Any change to the task book's text — here a comment — and the reconcile runs again.
    edit_taskbook(f"text: {TEXT_2_1_2}", f"text: {TEXT_2_1_2}  # 核对过")
    session = open_session(taskbook_path, synced_board, create=False)
    assert session.plan is not None and session.plan.revised == {
        "2.1.2": {"text": {"from": "有人直接改了看板", "to": TEXT_2_1_2}}}
    assert stored.cards()["2.1.2"]["text"] == TEXT_2_1_2
    assert stored.meta()[TASKBOOK_HASH] not in (None, recorded)


def test_a_sync_given_no_hash_forgets_the_recorded_one(synced_board: Board, taskbook_path: Path,
                                                      stored: Stored, edit_taskbook):
    from portboard.core.storage.board_store import TASKBOOK_HASH

    edit_taskbook(f"text: {TEXT_2_1_2}", "text: 改过的措辞。")
    resync(synced_board, taskbook_path)  # applied without saying which content it was
    assert TASKBOOK_HASH not in stored.meta()


def test_a_command_reads_a_task_book_the_board_follows_only_when_it_asks(synced_board: Board, taskbook_path: Path,
                                                                        monkeypatch, edit_taskbook):
    import portboard.core.taskbook as taskbook_module
    from portboard.core.session import open_session

    reads: list[Path] = []
    real = taskbook_module.load_taskbook
    monkeypatch.setattr(taskbook_module, "load_taskbook", lambda path: reads.append(path) or real(path))

    session = open_session(taskbook_path, synced_board, create=True, book_when_asked=True)
    assert session.plan is not None and session.plan.is_empty
    assert session.schedule() == real(taskbook_path).schedule and reads == []  # as last synced
    synced_board.move("1.1.1", Status.DONE)  # what `portboard move` does next: no task book needed
    assert reads == []
    assert session.book is not None and session.book.title and reads == [taskbook_path]

    edit_taskbook(f"text: {TEXT_2_1_2}", "text: 改过的措辞。")  # no longer the task book it follows
    session = open_session(taskbook_path, synced_board, create=True, book_when_asked=True)
    assert session.plan is not None and set(session.plan.revised) == {"2.1.2"}
