"""A damaged card in board.json is named — which card, which field, what it holds, what is
allowed, and on which line — in Chinese, without Python's own words; and a move never
silently undoes someone else's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from portboard.core.actions.conflict import MoveConflict
from portboard.core.board import Board
from portboard.core.errors import BoardError
from portboard.core.model import Status
from portboard.core.storage.encoder import encode


def damage(board_path: Path, item_id: str, field: str, value: object) -> int:
    """Set one field of one card by hand, as someone editing the file would; the line it is on."""
    data = json.loads(board_path.read_text(encoding="utf-8"))
    card = next(c for c in data["cards"].values() if c["id"] == item_id)
    card[field] = value
    text = encode(data)  # portboard's own layout, one field per line
    board_path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if f'"id": "{item_id}"' in line)
    return next(i for i in range(start, len(lines)) if lines[i].strip().startswith(f'"{field}":')) + 1


@pytest.mark.parametrize("field, value, says", [
    ("status", "bogus", "卡片 2.1.2 的 status 是 “bogus”，应为未启动、推进中、完成 之一"),
    ("archived", "yes", "卡片 2.1.2 的 archived 是 “yes”，应为 true 或 false"),
    ("offices", "通关协调处", "卡片 2.1.2 的 offices 是 “通关协调处”，应为文字的列表"),
    ("history", {"0": 1}, "卡片 2.1.2 的 history 是 一组键值（1 个），应为事件的列表"),
    ("order", 2.5, "卡片 2.1.2 的 order 是 2.5，应为一个整数"),
])
def test_a_damaged_card_is_named_with_its_field_and_line(synced_board: Board, board_path: Path,
                                                          field: str, value: object, says: str):
    line = damage(board_path, "2.1.2", field, value)
    before = board_path.read_bytes()
    with pytest.raises(BoardError) as info:
        Board(board_path).cards()
    problem = info.value.problems[0]
    assert problem.line == line
    assert says in problem.what
    message = info.value.message
    for python_word in ("ValueError", "KeyError", "TypeError", "'", "Status"):
        assert python_word not in message
    assert not re.search(r"[A-Za-z]{4,}", problem.what.replace("status", "").replace("archived", "")
                         .replace("offices", "").replace("history", "").replace("order", "")
                         .replace("bogus", "").replace("true", "").replace("false", "").replace("yes", ""))
    assert board_path.read_bytes() == before


def test_a_move_is_refused_when_someone_else_moved_the_card_first(synced_board: Board, board_path: Path):
    """The check under the lock: alice saw 2.1.2 in 未启动, bob moved it to 完成 since;
    alice's move must not silently put it back to 推进中."""
    alice, bob = Board(board_path), Board(board_path)
    assert alice.card("2.1.2").status is Status.TODO
    bob.move("2.1.2", Status.DONE, user="bob")
    with pytest.raises(MoveConflict) as info:
        alice.move("2.1.2", Status.DOING, expected=Status.TODO, user="alice")
    assert info.value.current is Status.DONE
    assert info.value.message == "2.1.2 已被 bob 改为 完成，未移动：看板已刷新，请确认后再移动"
    assert str(board_path) not in info.value.message
    assert Board(board_path).card("2.1.2").status is Status.DONE
