"""The key table is the one source for bindings, help, palette and the README."""

from __future__ import annotations

import re
from pathlib import Path

from portboard.ui.keys import BOARD, COLUMN, KEY_ROWS, bindings
from portboard.ui.screens.board import BoardScreen
from portboard.ui.widgets.column import CardColumn

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_key_table() -> list[tuple[str, str]]:
    """The rows of the README's table under the header `| 按键 | 作用 |`."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| 按键 | 作用 |") + 2  # skip the header and the |---| line
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        assert len(cells) == 2, line
        rows.append((cells[0], cells[1]))
    return rows


def test_the_readme_lists_exactly_the_keys_of_the_table_in_its_order():
    assert readme_key_table() == [(row.shown, row.help) for row in KEY_ROWS]


def test_the_screens_bind_exactly_the_keys_of_the_table():
    def keys(binding_list) -> list[str]:
        return [key for b in binding_list for key in b.key.split(",")]

    assert keys(BoardScreen.BINDINGS) == keys(bindings(BOARD))
    assert keys(CardColumn.BINDINGS) == keys(bindings(COLUMN))
    # Every key written in the help column is bound somewhere (or is Textual's palette key).
    bound = set(keys(bindings(BOARD)) + keys(bindings(COLUMN)))
    spelled = {"←": "left", "→": "right", "↑": "up", "↓": "down", "Enter": "enter", "Esc": "escape",
               "PgUp": "pageup", "PgDn": "pagedown", "Home": "home", "End": "end", "/": "slash",
               "?": "question_mark", "Shift+→": "shift+right", "Shift+←": "shift+left", "Ctrl+Z": "ctrl+z"}
    for row in KEY_ROWS:
        if row.shown == "Ctrl+P":
            continue
        for word in re.split(r"[ /，]+", row.shown):
            if word:
                assert spelled.get(word, word) in bound, (row.shown, word)


def test_every_binding_has_a_unique_id():
    ids = [b.id for b in bindings(BOARD) + bindings(COLUMN)]
    assert None not in ids and len(ids) == len(set(ids))
