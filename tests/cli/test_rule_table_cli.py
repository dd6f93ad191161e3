"""The rule table (tests/rule_table.py) through the command line: `portboard move | note |
assign` as each user (PORTBOARD_USER, which the owner of users.json — this test — may name).
Allowed: exit 0 and written. Refused: exit 3, the rule on stderr, board.json as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_table import CELLS, NOTE_TEXT, OWNER, Cell, add_users, items, refusal

from portboard.core.board import Board
from portboard.core.users import UserFile

COMMANDS = {"移动": ("move", "{id}", "推进中"), "写进展": ("note", "{id}", NOTE_TEXT),
            "设定责任人": ("assign", "{id}", OWNER)}


@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_the_rule_table_through_the_command_line(cell: Cell, synced_board: Board, board_path: Path,
                                                 taskbook_path: Path, run_cli, monkeypatch):
    add_users(UserFile(board_path.with_name("users.json")))
    item = items(taskbook_path)[cell.relation]
    monkeypatch.setenv("PORTBOARD_USER", cell.user)
    before = board_path.read_bytes()

    result = run_cli(*(part.format(id=item.id) for part in COMMANDS[cell.act]))

    if cell.allowed:
        assert result.returncode == 0, result.stderr
        recorded = Board(board_path).card(item.id).history[-1]
        assert (recorded["user"], recorded["user_office"]) == (cell.user, "洋山办")
    else:
        assert result.returncode == 3, result.stderr
        assert result.stderr == f"portboard: {refusal(cell, item)}\n"
        assert result.stdout == ""
        assert board_path.read_bytes() == before


def test_a_handlers_note_reports_as_its_own_office(synced_board: Board, board_path: Path, taskbook_path: Path,
                                                   run_cli, monkeypatch):
    add_users(UserFile(board_path.with_name("users.json")))
    cooperated = items(taskbook_path)["配合"]
    monkeypatch.setenv("PORTBOARD_USER", "张三")

    own = run_cli("note", cooperated.id, "配合推进", "--progress", "30")
    assert own.returncode == 0, own.stderr
    assert own.stdout.startswith(f"{cooperated.id}：已记录进展 4 字（洋山办 · 张三 · ")
    recorded = Board(board_path).card(cooperated.id).history[-1]
    assert (recorded["office"], recorded["user"], recorded["progress"]) == ("洋山办", "张三", 30)

    before = board_path.read_bytes()
    other = run_cli("note", cooperated.id, "代别人报", "--office", cooperated.lead)
    assert other.returncode == 3
    assert f"洋山办（承办）只能以本处室的名义报送，不能以 {cooperated.lead} 的名义" in other.stderr
    assert board_path.read_bytes() == before


def test_an_office_not_in_the_task_book_is_named_in_the_refusal(synced_board: Board, board_path: Path,
                                                                 taskbook_path: Path, run_cli, monkeypatch):
    """users.json edited by hand, or an office renamed in a revised task book."""
    UserFile(board_path.with_name("users.json")).add("赵六", "洋山港办", None)
    monkeypatch.setenv("PORTBOARD_USER", "赵六")
    led = items(taskbook_path)["牵头"]
    before = board_path.read_bytes()
    result = run_cli("move", led.id, "推进中")
    assert result.returncode == 3
    assert "赵六 的处室“洋山港办”不在任务书中" in result.stderr
    assert "portboard user set 赵六 --office" in result.stderr
    assert board_path.read_bytes() == before
