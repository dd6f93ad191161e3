"""Board.sync and sync.reconcile: the task book is revised, the board's progress survives.

Revisions are made the way people make them: by editing the YAML text of (a temporary
copy of) the real task book.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from backends import BOTH_BACKENDS, Stored

from portboard.core.board import Board
from portboard.core.errors import TaskbookError, UsageError
from portboard.core.model import Status
from portboard.core.storage.board_store import BoardDocuments
from portboard.core.sync import item_fields, reconcile
from portboard.core.taskbook import load_taskbook

pytestmark = BOTH_BACKENDS

ITEM_2_1_2 = '''          - id: "2.1.2"
            markers: [▲]
            text: 制定实施《上海国际贸易“单一窗口”三年行动计划》。
            offices: [通关协调处]
'''
TEXT_2_1_2 = "制定实施《上海国际贸易“单一窗口”三年行动计划》。"
NEW_ITEM_3_1_7 = '''          - id: "3.1.7"
            text: 协调推进新增口岸建设项目。
            offices: [口岸管理处, 洋山办]
'''
AFTER_3_1_6 = '''            text: 协调推进南港码头二期扩建工程和对外开通启用准备工作。
            offices: [口岸管理处, 洋山办]  # 原文处室列表缺少开头的"("
'''


def events(doc: dict) -> list[str]:
    return [e["event"] for e in doc["history"]]


def resync(board: Board, taskbook_path: Path):
    return board.sync(load_taskbook(taskbook_path))


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
