"""The rule table (tests/rule_table.py) through the terminal board, as a person drives it:
open the board as each user, find the item with /, press the key (Shift+→ as L, n, r), type
what the dialog asks for, and look at board.json and at what the screen says. Black-box:
only key presses, the public way to make the app, and the screen as a terminal shows it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rule_table import CELLS, NOTE_TEXT, OWNER, Cell, add_users, items, refusal
from terminal_output import screen_of
from ui_helpers import wait_until
from waiting import DEADLINE

from portboard.core.board import Board
from portboard.core.users import UserFile
from portboard.ui.app import prepare

REPO = Path(__file__).resolve().parents[2]
SIZE = (100, 40)
# What frames, underlines and pads the screen: a message wrapped inside a dialog reads on
# without them.
_FRAME = re.compile(r"[\s\u2500-\u259f]")


def shown(app) -> str:
    """Everything on the screen, row after row, without frames and spaces."""
    screen = screen_of(app)
    return _FRAME.sub("", "".join(screen.text(y) for y in range(screen.height)))


def says(app, message: str) -> bool:
    return _FRAME.sub("", message) in shown(app)


@pytest.fixture
def files(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    taskbook = tmp_path / "taskbook.yaml"
    shutil.copy(REPO / "data" / "taskbook.yaml", taskbook)
    monkeypatch.delenv("PORTBOARD_USERS", raising=False)
    add_users(UserFile(tmp_path / "users.json"))
    return taskbook, tmp_path / "board.json"


@pytest.mark.parametrize("cell", CELLS, ids=str)
async def test_the_rule_table_through_the_terminal_board(cell: Cell, files, monkeypatch):
    taskbook, board_path = files
    item = items(taskbook)[cell.relation]
    monkeypatch.setenv("PORTBOARD_USER", cell.user)  # the owner of users.json (this test) may name them
    app = prepare(taskbook, board_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *item.id, "enter")  # only this item on the board, focused
        await wait_until(pilot, lambda: Board(board_path).exists(), "the board to be made", DEADLINE)
        before = board_path.read_bytes()
        changed = lambda: board_path.read_bytes() != before  # noqa: E731
        expected = refusal(cell, item) if not cell.allowed else ""

        if cell.act == "移动":
            await pilot.press("L")
        elif cell.act == "写进展":
            await pilot.press("n", *NOTE_TEXT, "ctrl+s")
        else:
            await pilot.press("r", *OWNER)
            if not (expected and says(app, expected)):  # a board that refuses at once needs no Enter
                await pilot.press("enter")

        if cell.allowed:
            await wait_until(pilot, changed, f"{cell} to be saved", DEADLINE)
            recorded = Board(board_path).card(item.id).history[-1]
            assert (recorded["user"], recorded["user_office"]) == (cell.user, "洋山办")
        else:
            await wait_until(pilot, lambda: says(app, expected) or changed(), f"the refusal of {cell}", DEADLINE)
            assert says(app, expected), shown(app)
            assert not changed()
