"""The rule table (tests/rule_table.py) through the core: each user, read from users.json
the way every path reads it (core/access/identity), does each act to each item through the
one door, `Board.perform`. Allowed: written. Refused: RefusedError saying the rule, and
board.json byte for byte as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_table import CELLS, NOTE_TEXT, OWNER, Cell, add_users, items, refusal

from portboard.core.access.identity import acting_user
from portboard.core.actions.action import Action
from portboard.core.actions.assign import Assign
from portboard.core.actions.move import Move
from portboard.core.actions.note import Note
from portboard.core.board import Board
from portboard.core.errors import RefusedError
from portboard.core.model import Status
from portboard.core.users import UserFile


def action(act: str, item_id: str) -> Action:
    return {"移动": Move(item_id, Status.DOING), "写进展": Note(item_id, NOTE_TEXT),
            "设定责任人": Assign(item_id, OWNER)}[act]


@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_the_rule_table_through_the_core(cell: Cell, synced_board: Board, board_path: Path, taskbook_path: Path):
    add_users(UserFile(board_path.with_name("users.json")))
    item = items(taskbook_path)[cell.relation]
    actor = acting_user(board_path, cell.user)
    before = board_path.read_bytes()

    if cell.allowed:
        outcome = synced_board.perform(action(cell.act, item.id), actor)
        assert outcome.changed
        recorded = Board(board_path).card(item.id).history[-1]
        assert (recorded["user"], recorded["user_office"]) == (cell.user, "洋山办")
    else:
        with pytest.raises(RefusedError) as refused:
            synced_board.perform(action(cell.act, item.id), actor)
        assert refused.value.message == refusal(cell, item)
        assert board_path.read_bytes() == before


def test_without_a_users_file_everyone_may_do_everything(synced_board: Board, board_path: Path, taskbook_path: Path):
    """One-person mode: no users.json, no roles."""
    for item in items(taskbook_path).values():
        for act in ("移动", "写进展", "设定责任人"):
            assert synced_board.perform(action(act, item.id), acting_user(board_path, "任何人")).changed
