"""The one door (`Board.perform`): an undo takes back only one's own move, and only while
nobody has changed the card since; a refusal writes nothing."""

from __future__ import annotations

import pytest
from backends import BOTH_BACKENDS, Stored

from portboard.core.access.actor import Actor
from portboard.core.access.role import Role
from portboard.core.actions.conflict import MoveConflict
from portboard.core.actions.move import Move
from portboard.core.actions.note import Note
from portboard.core.board import Board
from portboard.core.errors import RefusedError
from portboard.core.model import Status

pytestmark = BOTH_BACKENDS

JIA, YI = Actor.solo("甲"), Actor.solo("乙")


def test_an_undo_after_a_colleague_moved_the_card_is_refused_and_leaves_it(synced_board: Board, stored: Stored):
    """甲 moves 1.2.2 to 推进中; 乙 moves it on to 完成 and writes a closing note; 甲's undo
    would put it back two columns: refused, naming 乙 and where 乙 left it."""
    jia, yi = Board(stored.address), Board(stored.address)
    moved = jia.perform(Move("1.2.2", Status.DOING, expected=Status.TODO), JIA)
    yi.perform(Move("1.2.2", Status.DONE, expected=Status.DOING), YI)
    yi.perform(Note("1.2.2", "本项完成"), YI)
    before = stored.state()
    with pytest.raises(MoveConflict) as refused:
        jia.perform(Move("1.2.2", Status.TODO, undoes=moved.recorded["at"]), JIA)
    assert refused.value.message.startswith("撤销未执行：1.2.2 已被 乙 ")
    assert stored.state() == before
    assert Board(stored.address).card("1.2.2").status is Status.DONE


def test_the_message_names_the_column_when_the_last_change_was_a_move(synced_board: Board, stored: Stored):
    moved = synced_board.perform(Move("1.2.2", Status.DOING), JIA)
    synced_board.perform(Move("1.2.2", Status.DONE), YI)
    with pytest.raises(MoveConflict) as refused:
        synced_board.perform(Move("1.2.2", Status.TODO, undoes=moved.recorded["at"]), JIA)
    assert refused.value.message == "撤销未执行：1.2.2 已被 乙 改为 完成"


def test_an_undo_of_ones_own_untouched_move_is_recorded_as_such(synced_board: Board):
    moved = synced_board.perform(Move("1.2.2", Status.DOING), JIA)
    undone = synced_board.perform(Move("1.2.2", Status.TODO, undoes=moved.recorded["at"]), JIA)
    assert undone.card.status is Status.TODO
    assert undone.recorded["event"] == "undone"
    assert undone.recorded["undoes"] == moved.recorded["at"]


def test_nobody_undoes_someone_elses_move(synced_board: Board):
    moved = synced_board.perform(Move("1.2.2", Status.DOING), YI)
    with pytest.raises(MoveConflict):
        synced_board.perform(Move("1.2.2", Status.TODO, undoes=moved.recorded["at"]), JIA)
    assert synced_board.card("1.2.2").status is Status.DOING


def test_a_refusal_by_rule_writes_nothing(synced_board: Board, stored: Stored):
    card = synced_board.card("1.1.1")
    other = next(o for o in ("洋山办", "机场办", "钻宝办") if o not in card.offices)
    handler = Actor("张三", office=other, role=Role.HANDLER)
    before = stored.state()
    with pytest.raises(RefusedError) as refused:
        synced_board.perform(Move("1.1.1", Status.DOING), handler)
    assert refused.value.message == f"{other}（承办）只能移动{other}牵头的条目；1.1.1 由 {card.lead} 牵头"
    assert stored.state() == before
