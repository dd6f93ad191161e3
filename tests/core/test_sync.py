"""Board.sync and sync.reconcile: the task book is revised, the board's progress survives.

Revisions are made the way people make them: by editing the YAML text of (a temporary
copy of) the real task book.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from backends import BOTH_BACKENDS, Stored
from sync_edits import TEXT_2_1_2, events, resync

from portboard.core.board import Board
from portboard.core.model import Status
from portboard.core.sync import item_fields
from portboard.core.taskbook import load_taskbook

pytestmark = BOTH_BACKENDS

# -- the first sync ----------------------------------------------------------------------

def test_first_sync_creates_one_todo_card_per_item(board: Board, taskbook_path: Path, stored: Stored):
    book = load_taskbook(taskbook_path)
    assert not stored.exists()

    plan = board.sync(book, create=True)

    assert [i.id for i in plan.added] == [i.id for i in book.items]
    assert plan.summary() == f"新增 {len(book.items)} · 修改 0 · 归档 0 · 恢复 0"
    cards = stored.cards()
    assert len(cards) == len(book.items) == 67
    for item in book.items:
        doc = cards[item.id]
        assert doc["status"] == Status.TODO.value == "未启动"
        assert doc["archived"] is False
        for name, value in item_fields(item).items():
            assert doc[name] == value, (item.id, name)
        (created,) = doc["history"]
        assert created["event"] == "created"
        assert created["status"] == "未启动"
        assert created["user"] == "pytest-user"  # PORTBOARD_USER, set by the conftest
        assert created["at"]


def test_board_cards_follow_task_book_order(synced_board: Board, real_taskbook):
    cards = synced_board.cards()
    assert [c.id for c in cards] == [i.id for i in real_taskbook.items]
    assert all(c.status is Status.TODO and not c.archived for c in cards)


def test_second_sync_is_empty_and_does_not_rewrite(synced_board: Board, taskbook_path: Path, stored: Stored):
    before_bytes = stored.state()
    before_signature = synced_board.signature()

    plan = resync(synced_board, taskbook_path)

    assert plan.is_empty
    assert plan.summary() == "新增 0 · 修改 0 · 归档 0 · 恢复 0"
    assert stored.state() == before_bytes
    assert synced_board.signature() == before_signature  # board.json: not even replaced


def test_explicit_user_is_recorded(board: Board, taskbook_path: Path, stored: Stored):
    board.sync(load_taskbook(taskbook_path), user="张三", create=True)
    assert {d["history"][0]["user"] for d in stored.cards().values()} == {"张三"}


def test_portboard_user_env_is_recorded(board: Board, taskbook_path: Path, stored: Stored,
                                        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PORTBOARD_USER", "李四")
    board.sync(load_taskbook(taskbook_path), create=True)
    assert {d["history"][0]["user"] for d in stored.cards().values()} == {"李四"}


# -- revisions ---------------------------------------------------------------------------

def test_reworded_item_is_revised_in_place(synced_board: Board, taskbook_path: Path, stored: Stored,
                                           edit_taskbook):
    synced_board.move("2.1.2", Status.DOING)
    before = stored.cards()
    new_text = "制定并实施《上海国际贸易“单一窗口”三年行动计划（2023—2025）》。"
    edit_taskbook(f"text: {TEXT_2_1_2}", f"text: {new_text}")

    plan = resync(synced_board, taskbook_path)

    assert plan.summary() == "新增 0 · 修改 1 · 归档 0 · 恢复 0"
    assert plan.revised == {"2.1.2": {"text": {"from": TEXT_2_1_2, "to": new_text}}}
    after = stored.cards()
    doc = after["2.1.2"]
    assert doc["text"] == new_text
    assert doc["status"] == "推进中"
    assert doc["history"][:-1] == before["2.1.2"]["history"]  # created, moved: kept as they were
    revised = doc["history"][-1]
    assert revised["event"] == "revised"
    assert revised["user"] == "pytest-user"
    assert revised["changes"] == {"text": {"from": TEXT_2_1_2, "to": new_text}}
    # no other card was touched
    assert {k: v for k, v in after.items() if k != "2.1.2"} == {k: v for k, v in before.items() if k != "2.1.2"}


def test_reassigned_offices_are_revised(synced_board: Board, taskbook_path: Path, stored: Stored,
                                        edit_taskbook):
    synced_board.move("10.1.1", Status.DONE)
    edit_taskbook("offices: [洋山办, 通关处]", "offices: [通关处, 洋山办, 机场办]")

    plan = resync(synced_board, taskbook_path)

    change = {"from": ["洋山办", "通关协调处"], "to": ["通关协调处", "洋山办", "机场办"]}
    assert plan.revised == {"10.1.1": {"offices": change}}
    doc = stored.cards()["10.1.1"]
    assert doc["offices"] == change["to"]
    assert doc["status"] == "完成"
    assert events(doc) == ["created", "moved", "revised"]
    assert doc["history"][-1]["changes"] == {"offices": change}
    assert synced_board.card("10.1.1").lead == "通关协调处"


def test_respelling_an_office_with_its_alias_is_not_a_revision(synced_board: Board, taskbook_path: Path,
                                                                stored: Stored, edit_taskbook):
    before = stored.state()
    # 8.4.1: canonical name -> alias, truncated alias -> canonical name written full-width
    edit_taskbook("offices: [通关协调处, 洋山办, 浦东(浦江)]", "offices: [通关处, 洋山办, 浦东（浦江）办]")

    plan = resync(synced_board, taskbook_path)

    assert plan.is_empty
    assert stored.state() == before


def test_changed_markers_are_revised(synced_board: Board, taskbook_path: Path, stored: Stored, edit_taskbook):
    edit_taskbook('          - id: "2.1.2"\n            markers: [▲]\n',
                  '          - id: "2.1.2"\n            markers: [▲, ●]\n')

    plan = resync(synced_board, taskbook_path)

    assert plan.revised == {"2.1.2": {"markers": {"from": ["▲"], "to": ["▲", "●"]}}}
    doc = stored.cards()["2.1.2"]
    assert doc["markers"] == ["▲", "●"]
    assert events(doc) == ["created", "revised"]


def test_renamed_task_revises_each_of_its_items(synced_board: Board, taskbook_path: Path, stored: Stored,
                                                edit_taskbook):
    edit_taskbook("        title: 推动上海智慧口岸数字化专班有效运作\n",
                  "        title: 推动上海智慧口岸数字化专班高效运作\n")

    plan = resync(synced_board, taskbook_path)

    book = load_taskbook(taskbook_path)
    in_task = {i.id for i in book.items if i.task.id == "2.1"}
    assert in_task and set(plan.revised) == in_task
    for card_id in in_task:
        assert plan.revised[card_id] == {"task": {
            "from": {"id": "2.1", "title": "推动上海智慧口岸数字化专班有效运作"},
            "to": {"id": "2.1", "title": "推动上海智慧口岸数字化专班高效运作"},
        }}
        assert stored.cards()[card_id]["task"]["title"] == "推动上海智慧口岸数字化专班高效运作"
