"""Board.sync when items leave the task book, come back, or are added: archived, never deleted;
restored with their status; new ones start at 未启动."""

from __future__ import annotations

from pathlib import Path

import pytest
from backends import BOTH_BACKENDS, Stored
from sync_edits import AFTER_3_1_6, ITEM_2_1_2, NEW_ITEM_3_1_7, TEXT_2_1_2, events, resync

from portboard.core.board import Board
from portboard.core.errors import TaskbookError, UsageError
from portboard.core.model import Status
from portboard.core.taskbook import load_taskbook

pytestmark = BOTH_BACKENDS


# -- removal, return, addition ---------------------------------------------------------------

def test_removed_item_is_archived_not_deleted(synced_board: Board, taskbook_path: Path, stored: Stored,
                                              edit_taskbook):
    synced_board.move("2.1.2", Status.DONE)
    before = stored.cards()
    edit_taskbook(ITEM_2_1_2, "")

    plan = resync(synced_board, taskbook_path)

    assert plan.archived == ["2.1.2"]
    assert plan.summary() == "新增 0 · 修改 0 · 归档 1 · 恢复 0"
    after = stored.cards()
    assert set(after) == set(before)  # nothing deleted
    doc = after["2.1.2"]
    assert doc["archived"] is True
    assert doc["status"] == "完成"
    assert doc["text"] == TEXT_2_1_2  # keeps its last wording
    assert doc["history"][:-1] == before["2.1.2"]["history"]
    assert doc["history"][-1]["event"] == "archived"
    # the items after it moved up one place, silently: no event on any other card
    for card_id, old in before.items():
        if card_id != "2.1.2":
            assert after[card_id]["history"] == old["history"]
    card = synced_board.card("2.1.2")
    assert card.archived and card.status is Status.DONE
    assert synced_board.cards()[-1].id == "2.1.2"  # archived cards sort last


def test_archived_card_cannot_be_moved(synced_board: Board, taskbook_path: Path, stored: Stored, edit_taskbook):
    edit_taskbook(ITEM_2_1_2, "")
    resync(synced_board, taskbook_path)
    before = stored.state()

    with pytest.raises(UsageError) as info:
        synced_board.move("2.1.2", Status.DOING)

    assert "已归档" in info.value.message
    assert stored.state() == before


def test_item_that_comes_back_is_restored_with_its_status(synced_board: Board, taskbook_path: Path,
                                                          stored: Stored, edit_taskbook):
    synced_board.move("2.1.2", Status.DOING)
    original = taskbook_path.read_text(encoding="utf-8")
    edit_taskbook(ITEM_2_1_2, "")
    resync(synced_board, taskbook_path)
    taskbook_path.write_text(original, encoding="utf-8")

    plan = resync(synced_board, taskbook_path)

    assert plan.restored == ["2.1.2"]
    assert plan.summary() == "新增 0 · 修改 0 · 归档 0 · 恢复 1"
    doc = stored.cards()["2.1.2"]
    assert doc["archived"] is False
    assert doc["status"] == "推进中"
    assert events(doc) == ["created", "moved", "archived", "restored"]
    assert [c.id for c in synced_board.cards()] == [i.id for i in load_taskbook(taskbook_path).items]
    assert resync(synced_board, taskbook_path).is_empty


def test_item_restored_at_a_shifted_position_is_restored(synced_board: Board, taskbook_path: Path,
                                                         stored: Stored, edit_taskbook):
    """Restoring an item while another edit shifts its position must still restore it
    (a restore used to be overwritten by the silent re-ordering of the same card)."""
    synced_board.move("2.1.2", Status.DOING)
    original = taskbook_path.read_text(encoding="utf-8")
    edit_taskbook(ITEM_2_1_2, "")
    resync(synced_board, taskbook_path)
    # put 2.1.2 back, and add an item in section 1, which shifts every later item by one
    taskbook_path.write_text(original, encoding="utf-8")
    edit_taskbook('      - id: "1.2"\n', '''          - id: "1.1.4"
            text: 新增的第一部分条目。
            offices: [机场办]
      - id: "1.2"
''')

    plan = resync(synced_board, taskbook_path)

    assert plan.restored == ["2.1.2"]
    assert [i.id for i in plan.added] == ["1.1.4"]
    doc = stored.cards()["2.1.2"]
    assert doc["archived"] is False
    assert doc["status"] == "推进中"
    assert events(doc) == ["created", "moved", "archived", "restored"]
    book = load_taskbook(taskbook_path)
    assert doc["order"] == [i.id for i in book.items].index("2.1.2")
    assert resync(synced_board, taskbook_path).is_empty


def test_restored_and_reworded_item_gets_both_events(synced_board: Board, taskbook_path: Path,
                                                     stored: Stored, edit_taskbook):
    original = taskbook_path.read_text(encoding="utf-8")
    edit_taskbook(ITEM_2_1_2, "")
    resync(synced_board, taskbook_path)
    taskbook_path.write_text(original.replace(f"text: {TEXT_2_1_2}", "text: 修订后的措辞。"), encoding="utf-8")

    plan = resync(synced_board, taskbook_path)

    assert plan.restored == ["2.1.2"] and set(plan.revised) == {"2.1.2"}
    doc = stored.cards()["2.1.2"]
    assert (doc["archived"], doc["text"]) == (False, "修订后的措辞。")
    assert events(doc) == ["created", "archived", "restored", "revised"]
    assert resync(synced_board, taskbook_path).is_empty


def test_new_item_gets_a_new_todo_card(synced_board: Board, taskbook_path: Path, stored: Stored, edit_taskbook):
    synced_board.move("3.1.6", Status.DONE)
    edit_taskbook(AFTER_3_1_6, AFTER_3_1_6 + NEW_ITEM_3_1_7)

    plan = resync(synced_board, taskbook_path)

    assert [i.id for i in plan.added] == ["3.1.7"]
    assert plan.summary() == "新增 1 · 修改 0 · 归档 0 · 恢复 0"
    cards = stored.cards()
    assert len(cards) == 68
    doc = cards["3.1.7"]
    assert doc["status"] == "未启动"
    assert doc["offices"] == ["口岸管理处", "洋山办"]
    assert doc["task"] == {"id": "3.1", "title": "推进口岸布局进一步优化"}
    assert events(doc) == ["created"]
    assert cards["3.1.6"]["status"] == "完成"
    ids = [c.id for c in synced_board.cards()]
    assert ids.index("3.1.7") == ids.index("3.1.6") + 1


def test_invalid_taskbook_changes_nothing(synced_board: Board, taskbook_path: Path, stored: Stored,
                                          edit_taskbook):
    before = stored.state()
    signature = synced_board.signature()
    edit_taskbook("offices: [洋山办, 通关处]", "offices: [洋山办, 海关处]")

    with pytest.raises(TaskbookError):
        resync(synced_board, taskbook_path)

    assert stored.state() == before
    assert synced_board.signature() == signature
